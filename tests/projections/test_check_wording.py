"""Every message template of the four checks, word for word (manual, end of chapter 5, a-d).

Each row is a plan (the facts of its open goals, and how many current values, strengths and
treatment preferences the person holds) with the outcome and detail the check must answer:
singular, plural, nothing yet recorded, not applicable, met and not met.
"""

from __future__ import annotations

from typing import Any

import pytest

from projections.checks import CHECKS, GoalFacts, OpenStep

D, C, R = "Dance again", "Cook for friends", "Keep to the risk plan"


def f(
    s: str = D,
    by: str = "person",
    paused: bool = False,
    v: bool = False,
    st: bool = False,
    p: bool = False,
    steps: tuple[OpenStep, ...] | list[OpenStep] = (),
) -> GoalFacts:
    """One open goal's facts: identified ``by``, linked to a value (``v``), a strength (``st``)
    or a treatment preference (``p``), with its open ``steps`` as ``(mode, description)``."""
    return GoalFacts(s, by != "service", by == "worker", paused, v, st, p, () if paused else tuple(steps))


def doc(v: int = 0, s: int = 0, p: int = 0) -> dict[str, Any]:
    """A journey holding ``v`` current values, ``s`` strengths and ``p`` treatment preferences."""

    def held(n: int) -> dict[str, Any]:
        return {str(i): {"current": True} for i in range(n)}

    return {"values": held(v), "strengths": held(s), "treatment_preferences": held(p)}


WORDING = [
    (
        "personally_valued_goals",
        [],
        doc(),
        "not_met",
        "No goals the person values yet: ask what the person wants to work towards.",
    ),
    (
        "personally_valued_goals",
        [f(R, by="service")],
        doc(),
        "not_met",
        (
            "The plan holds only 1 service goal (kept apart, not counted here): ask what the person wants "
            "to work towards."
        ),
    ),
    (
        "personally_valued_goals",
        [f(R, by="service"), f("Take meds", by="service")],
        doc(),
        "not_met",
        (
            "The plan holds only 2 service goals (kept apart, not counted here): ask what the person wants "
            "to work towards."
        ),
    ),
    ("personally_valued_goals", [f()], doc(), "met", "The goal was identified by the person or jointly."),
    (
        "personally_valued_goals",
        [f(), f(C, by="jointly")],
        doc(),
        "met",
        "Both goals were identified by the person or jointly.",
    ),
    (
        "personally_valued_goals",
        [f(), f(C), f("Sing")],
        doc(),
        "met",
        "All 3 goals were identified by the person or jointly.",
    ),
    (
        "personally_valued_goals",
        [f(by="worker")],
        doc(),
        "not_met",
        (
            "The goal (“Dance again”) was identified by the worker alone: revisit it with the person so it "
            "is the person's own."
        ),
    ),
    (
        "personally_valued_goals",
        [f(by="worker"), f(C)],
        doc(),
        "not_met",
        (
            "1 of 2 goals identified by the worker alone (“Dance again”): revisit it with the person so it "
            "is the person's own."
        ),
    ),
    (
        "personally_valued_goals",
        [f(by="worker"), f(C, by="worker"), f("Sing")],
        doc(),
        "not_met",
        (
            "2 of 3 goals identified by the worker alone (“Dance again” and “Cook for friends”): revisit "
            "them with the person so they are the person's own."
        ),
    ),
    (
        "personally_valued_goals",
        [f(), f(R, by="service")],
        doc(),
        "met",
        "The goal was identified by the person or jointly. (1 service goal listed apart, not counted.)",
    ),
    (
        "reflects_values",
        [],
        doc(),
        "not_applicable",
        (
            "No goals the person values yet: ask what the person wants to work towards. No values explored "
            "yet: start with the values conversation (working practice 1). No treatment preferences "
            "recorded yet: ask how the person wants to be supported (the pace, support from others, how "
            "much workers feature)."
        ),
    ),
    (
        "reflects_values",
        [],
        doc(1, 0, 1),
        "not_applicable",
        (
            "No goals the person values yet: ask what the person wants to work towards. 1 value recorded, "
            "to inform the goals the person chooses. 1 treatment preference recorded, to shape how the "
            "person works towards goals."
        ),
    ),
    (
        "reflects_values",
        [],
        doc(2, 0, 2),
        "not_applicable",
        (
            "No goals the person values yet: ask what the person wants to work towards. 2 values recorded, "
            "to inform the goals the person chooses. 2 treatment preferences recorded, to shape how the "
            "person works towards goals."
        ),
    ),
    (
        "reflects_values",
        [f(R, by="service")],
        doc(),
        "not_applicable",
        (
            "The plan holds only 1 service goal (kept apart, not counted here): ask what the person wants "
            "to work towards. No values explored yet: start with the values conversation (working practice "
            "1). No treatment preferences recorded yet: ask how the person wants to be supported (the pace, "
            "support from others, how much workers feature)."
        ),
    ),
    (
        "reflects_values",
        [f()],
        doc(),
        "not_met",
        (
            "No values explored yet: start with the values conversation (working practice 1), then link "
            "each goal to what matters to the person. No treatment preferences recorded yet: ask how the "
            "person wants to be supported (the pace, support from others, how much workers feature), then "
            "link each to the goals and steps it shapes."
        ),
    ),
    (
        "reflects_values",
        [f(), f(C)],
        doc(1, 0, 0),
        "not_met",
        (
            "2 of 2 goals not linked to a value (“Dance again” and “Cook for friends”): talk with the "
            "person about which values each expresses, and link them. No treatment preferences recorded "
            "yet: ask how the person wants to be supported (the pace, support from others, how much workers "
            "feature), then link each to the goals and steps it shapes."
        ),
    ),
    (
        "reflects_values",
        [f(v=True)],
        doc(1, 0, 1),
        "not_met",
        (
            "The person's treatment preference is linked to neither a goal nor a step: agree with the "
            "person how it shapes the work towards “Dance again”, and link it."
        ),
    ),
    (
        "reflects_values",
        [f(v=True), f(C, v=True)],
        doc(1, 0, 2),
        "not_met",
        (
            "None of the person's 2 treatment preferences is linked to a goal or a step: agree with the "
            "person how they shape the work towards “Dance again” and “Cook for friends”, and link them."
        ),
    ),
    (
        "reflects_values",
        [f(v=True, p=True)],
        doc(1, 0, 1),
        "met",
        "The goal is linked to a value of the person. The person's treatment preference shapes the goal.",
    ),
    (
        "reflects_values",
        [f(v=True, p=True), f(C, v=True)],
        doc(1, 0, 1),
        "met",
        (
            "Both goals are linked to a value of the person. The person's treatment preference shapes 1 of "
            "2 goals: ask whether it applies to “Cook for friends” too, and link it if so."
        ),
    ),
    (
        "reflects_values",
        [f(v=True, p=True), f(C, v=True, p=True), f("Sing", v=True, p=True)],
        doc(1, 0, 3),
        "met",
        (
            "All 3 goals are linked to a value of the person. The person's treatment preferences shape all "
            "3 goals."
        ),
    ),
    (
        "reflects_values",
        [f(v=True, p=True), f(C, v=True), f("Sing", v=True)],
        doc(2, 0, 2),
        "met",
        (
            "All 3 goals are linked to a value of the person. The person's treatment preferences shape 1 of "
            "3 goals: ask whether they apply to “Cook for friends” and “Sing” too, and link them if so."
        ),
    ),
    (
        "builds_on_strengths",
        [],
        doc(),
        "not_applicable",
        (
            "No goals the person values yet: ask what the person wants to work towards; assess the person's "
            "strengths (working practice 2), which can suggest something to build on."
        ),
    ),
    (
        "builds_on_strengths",
        [],
        doc(0, 1),
        "not_applicable",
        (
            "No goals the person values yet: ask what the person wants to work towards, thinking of what "
            "the person could build on (1 strength recorded)."
        ),
    ),
    (
        "builds_on_strengths",
        [],
        doc(0, 2),
        "not_applicable",
        (
            "No goals the person values yet: ask what the person wants to work towards, thinking of what "
            "the person could build on (2 strengths recorded)."
        ),
    ),
    (
        "builds_on_strengths",
        [f(R, by="service")],
        doc(0, 1),
        "not_applicable",
        (
            "The plan holds only 1 service goal (kept apart, not counted here): ask what the person wants "
            "to work towards, thinking of what the person could build on (1 strength recorded)."
        ),
    ),
    (
        "builds_on_strengths",
        [f()],
        doc(),
        "not_met",
        (
            "No strengths assessed yet: assess the person's strengths (working practice 2), then link each "
            "goal to one it builds on."
        ),
    ),
    (
        "builds_on_strengths",
        [f()],
        doc(0, 1),
        "not_met",
        (
            "The goal (“Dance again”) is not linked to a strength: talk with the person about which "
            "strengths it can build on, and link them."
        ),
    ),
    (
        "builds_on_strengths",
        [f(), f(C, st=True)],
        doc(0, 1),
        "not_met",
        (
            "1 of 2 goals not linked to a strength (“Dance again”): talk with the person about which "
            "strengths it can build on, and link them."
        ),
    ),
    (
        "builds_on_strengths",
        [f(), f(C), f("Sing", st=True)],
        doc(0, 1),
        "not_met",
        (
            "2 of 3 goals not linked to a strength (“Dance again” and “Cook for friends”): talk with the "
            "person about which strengths each can build on, and link them."
        ),
    ),
    ("builds_on_strengths", [f(st=True)], doc(0, 1), "met", "The goal builds on a strength of the person."),
    (
        "builds_on_strengths",
        [f(st=True), f(C, st=True)],
        doc(0, 1),
        "met",
        "Both goals build on a strength of the person.",
    ),
    (
        "independent_or_joint_action",
        [],
        doc(),
        "not_applicable",
        (
            "No goals the person values yet: ask what the person wants to work towards, then agree steps "
            "the person takes alone or with others."
        ),
    ),
    (
        "independent_or_joint_action",
        [f(R, by="service", steps=[("passive", "Take meds")])],
        doc(),
        "not_applicable",
        (
            "The plan holds only 1 service goal (kept apart, not counted here): ask what the person wants "
            "to work towards, then agree steps the person takes alone or with others."
        ),
    ),
    (
        "independent_or_joint_action",
        [f(paused=True)],
        doc(),
        "not_applicable",
        (
            "The person has paused the goal (“Dance again”): a pause the person chose is respected, so no "
            "step is asked for until it is resumed."
        ),
    ),
    (
        "independent_or_joint_action",
        [f(paused=True), f(C, paused=True)],
        doc(),
        "not_applicable",
        (
            "The person has paused both goals (“Dance again” and “Cook for friends”): a pause the person "
            "chose is respected, so no step is asked for until one is resumed."
        ),
    ),
    (
        "independent_or_joint_action",
        [f()],
        doc(),
        "not_met",
        "No open steps yet: agree a first step the person takes alone or with others towards “Dance again”.",
    ),
    (
        "independent_or_joint_action",
        [f(), f(C)],
        doc(),
        "not_met",
        (
            "No open steps yet: agree a first step the person takes alone or with others towards each of "
            "“Dance again” and “Cook for friends”."
        ),
    ),
    (
        "independent_or_joint_action",
        [f(steps=[("independent", "Book a class")])],
        doc(),
        "met",
        "Of 1 open step, 1 independent, 0 joint and 0 passive: it is the person's alone or shared.",
    ),
    (
        "independent_or_joint_action",
        [f(steps=[("independent", "Book a class"), ("joint", "Go with my sister")])],
        doc(),
        "met",
        "Of 2 open steps, 1 independent, 1 joint and 0 passive: all are the person's alone or shared.",
    ),
    (
        "independent_or_joint_action",
        [
            f(
                steps=[
                    ("independent", "Book a class"),
                    ("joint", "Go with my sister"),
                    ("passive", "Worker phones the college"),
                ]
            )
        ],
        doc(),
        "met",
        (
            "Of 3 open steps, 1 independent, 1 joint and 1 passive: most are the person's alone or shared. "
            "1 passive step (“Worker phones the college”) is done for the person: look for ways to move it "
            "towards joint or independent action."
        ),
    ),
    (
        "independent_or_joint_action",
        [
            f(
                steps=[
                    ("independent", "A"),
                    ("joint", "B"),
                    ("independent", "C"),
                    ("passive", "W1"),
                    ("passive", "W2"),
                ]
            )
        ],
        doc(),
        "met",
        (
            "Of 5 open steps, 2 independent, 1 joint and 2 passive: most are the person's alone or shared. "
            "2 passive steps (“W1” and “W2”) are done for the person: look for ways to move them towards "
            "joint or independent action."
        ),
    ),
    (
        "independent_or_joint_action",
        [f(steps=[("passive", "Worker phones the college")])],
        doc(),
        "not_met",
        (
            "Of 1 open step, 0 independent, 0 joint and 1 passive: the passive step (“Worker phones the "
            "college”) is done for the person; look for ways the person can take it on alone or with others."
        ),
    ),
    (
        "independent_or_joint_action",
        [f(steps=[("independent", "Book a class"), ("passive", "Worker phones the college")])],
        doc(),
        "not_met",
        (
            "Of 2 open steps, 1 independent, 0 joint and 1 passive: the passive step (“Worker phones the "
            "college”) is done for the person; look for ways the person can take it on alone or with others."
        ),
    ),
    (
        "independent_or_joint_action",
        [f(steps=[("passive", "W1"), ("passive", "W2")]), f(C)],
        doc(),
        "not_met",
        (
            "Of 2 open steps, 0 independent, 0 joint and 2 passive: the 2 passive steps (“W1” and “W2”) are "
            "done for the person; look for ways the person can take them on alone or with others. Agree a "
            "first step the person takes alone or with others towards “Cook for friends”."
        ),
    ),
    (
        "independent_or_joint_action",
        [f(steps=[("independent", "Book a class")]), f(C)],
        doc(),
        "met",
        (
            "Of 1 open step, 1 independent, 0 joint and 0 passive: it is the person's alone or shared. "
            "Agree a first step the person takes alone or with others towards “Cook for friends”."
        ),
    ),
    (
        "independent_or_joint_action",
        [f(steps=[("independent", "Book a class")]), f(C, paused=True)],
        doc(),
        "met",
        "Of 1 open step, 1 independent, 0 joint and 0 passive: it is the person's alone or shared.",
    ),
]


@pytest.mark.parametrize(("check", "goals", "journey", "outcome", "detail"), WORDING)
def test_each_check_says_the_next_thing_to_do_for_this_plan(
    check: str, goals: list[GoalFacts], journey: dict[str, Any], outcome: str, detail: str
) -> None:
    answer = CHECKS[check](journey, goals)
    assert (answer["outcome"], answer["detail"]) == (outcome, detail)
    assert answer["ok"] is (outcome != "not_met")


REFLECTS_PARTS = [
    (
        "values",
        [],
        doc(),
        "not_applicable",
        "No values explored yet: start with the values conversation (working practice 1).",
    ),
    (
        "preferences",
        [],
        doc(),
        "not_applicable",
        (
            "No treatment preferences recorded yet: ask how the person wants to be supported (the pace, "
            "support from others, how much workers feature)."
        ),
    ),
    (
        "values",
        [],
        doc(1, 0, 1),
        "not_applicable",
        "1 value recorded, to inform the goals the person chooses.",
    ),
    (
        "preferences",
        [],
        doc(1, 0, 1),
        "not_applicable",
        "1 treatment preference recorded, to shape how the person works towards goals.",
    ),
    (
        "values",
        [],
        doc(2, 0, 2),
        "not_applicable",
        "2 values recorded, to inform the goals the person chooses.",
    ),
    (
        "preferences",
        [],
        doc(2, 0, 2),
        "not_applicable",
        "2 treatment preferences recorded, to shape how the person works towards goals.",
    ),
    (
        "values",
        [f(R, by="service")],
        doc(),
        "not_applicable",
        "No values explored yet: start with the values conversation (working practice 1).",
    ),
    (
        "preferences",
        [f(R, by="service")],
        doc(),
        "not_applicable",
        (
            "No treatment preferences recorded yet: ask how the person wants to be supported (the pace, "
            "support from others, how much workers feature)."
        ),
    ),
    (
        "values",
        [f()],
        doc(),
        "not_met",
        (
            "No values explored yet: start with the values conversation (working practice 1), then link "
            "each goal to what matters to the person."
        ),
    ),
    (
        "preferences",
        [f()],
        doc(),
        "not_met",
        (
            "No treatment preferences recorded yet: ask how the person wants to be supported (the pace, "
            "support from others, how much workers feature), then link each to the goals and steps it "
            "shapes."
        ),
    ),
    (
        "values",
        [f(), f(C)],
        doc(1, 0, 0),
        "not_met",
        (
            "2 of 2 goals not linked to a value (“Dance again” and “Cook for friends”): talk with the "
            "person about which values each expresses, and link them."
        ),
    ),
    (
        "preferences",
        [f(), f(C)],
        doc(1, 0, 0),
        "not_met",
        (
            "No treatment preferences recorded yet: ask how the person wants to be supported (the pace, "
            "support from others, how much workers feature), then link each to the goals and steps it "
            "shapes."
        ),
    ),
    ("values", [f(v=True)], doc(1, 0, 1), "met", "The goal is linked to a value of the person."),
    (
        "preferences",
        [f(v=True)],
        doc(1, 0, 1),
        "not_met",
        (
            "The person's treatment preference is linked to neither a goal nor a step: agree with the "
            "person how it shapes the work towards “Dance again”, and link it."
        ),
    ),
    (
        "values",
        [f(v=True), f(C, v=True)],
        doc(1, 0, 2),
        "met",
        "Both goals are linked to a value of the person.",
    ),
    (
        "preferences",
        [f(v=True), f(C, v=True)],
        doc(1, 0, 2),
        "not_met",
        (
            "None of the person's 2 treatment preferences is linked to a goal or a step: agree with the "
            "person how they shape the work towards “Dance again” and “Cook for friends”, and link them."
        ),
    ),
    ("values", [f(v=True, p=True)], doc(1, 0, 1), "met", "The goal is linked to a value of the person."),
    (
        "preferences",
        [f(v=True, p=True)],
        doc(1, 0, 1),
        "met",
        "The person's treatment preference shapes the goal.",
    ),
    (
        "values",
        [f(v=True, p=True), f(C, v=True)],
        doc(1, 0, 1),
        "met",
        "Both goals are linked to a value of the person.",
    ),
    (
        "preferences",
        [f(v=True, p=True), f(C, v=True)],
        doc(1, 0, 1),
        "met",
        (
            "The person's treatment preference shapes 1 of 2 goals: ask whether it applies to “Cook for "
            "friends” too, and link it if so."
        ),
    ),
    (
        "values",
        [f(v=True, p=True), f(C, v=True, p=True), f("Sing", v=True, p=True)],
        doc(1, 0, 3),
        "met",
        "All 3 goals are linked to a value of the person.",
    ),
    (
        "preferences",
        [f(v=True, p=True), f(C, v=True, p=True), f("Sing", v=True, p=True)],
        doc(1, 0, 3),
        "met",
        "The person's treatment preferences shape all 3 goals.",
    ),
    (
        "values",
        [f(v=True, p=True), f(C, v=True), f("Sing", v=True)],
        doc(2, 0, 2),
        "met",
        "All 3 goals are linked to a value of the person.",
    ),
    (
        "preferences",
        [f(v=True, p=True), f(C, v=True), f("Sing", v=True)],
        doc(2, 0, 2),
        "met",
        (
            "The person's treatment preferences shape 1 of 3 goals: ask whether they apply to “Cook for "
            "friends” and “Sing” too, and link them if so."
        ),
    ),
]


@pytest.mark.parametrize(("part", "goals", "journey", "outcome", "detail"), REFLECTS_PARTS)
def test_the_values_and_the_preferences_of_check_b_are_answered_apart(
    part: str, goals: list[GoalFacts], journey: dict[str, Any], outcome: str, detail: str
) -> None:
    answer = CHECKS["reflects_values"](journey, goals)[part]
    assert (answer["outcome"], answer["detail"]) == (outcome, detail)


def test_check_b_counts_only_the_goals_of_the_person_and_what_each_part_has_recorded() -> None:
    goals = [f(v=True, p=True), f(C), f(R, by="service", v=True, p=True)]
    answer = CHECKS["reflects_values"](doc(2, 0, 3), goals)
    assert answer["values"]["counts"] == {"goals": 2, "linked": 1, "recorded": 2}
    assert answer["preferences"]["counts"] == {"goals": 2, "linked": 1, "recorded": 3}
    assert (answer["outcome"], answer["values"]["outcome"], answer["preferences"]["outcome"]) == (
        "not_met",
        "not_met",
        "met",
    )


def test_check_d_counts_only_open_steps_of_active_goals_of_the_person() -> None:
    goals = [
        f(steps=[("independent", "A"), ("joint", "B")]),
        f(C, paused=True, steps=[("passive", "P")]),
        f(R, by="service", steps=[("passive", "Q"), ("passive", "S")]),
    ]
    answer = CHECKS["independent_or_joint_action"](doc(), goals)
    assert answer["counts"] == {"independent": 1, "joint": 1, "passive": 0}
    assert answer["rule"].startswith("Met when most open steps (more than half)")
