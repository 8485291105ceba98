"""Every template of the review pack's prompts, case by case: singular and plural, nothing
recorded yet, and where it does not apply."""

from __future__ import annotations

from typing import Any

import pytest

from projections import review_prompts as say

GOAL = "I want to dance again"
STEP = "Go to the Tuesday class"


def test_an_achieved_goal_is_named_in_its_own_words() -> None:
    assert say.goal_achieved(GOAL) == "Goal achieved: “I want to dance again”"


@pytest.mark.parametrize(
    ("mode", "with_whom", "expected"),
    [
        (
            "independent",
            [],
            "Step completed by the person towards “I want to dance again”: “Go to the Tuesday class”",
        ),
        (
            "joint",
            ["sister"],
            "Step completed with sister towards “I want to dance again”: “Go to the Tuesday class”",
        ),
        (
            "joint",
            ["sister", "Kim", "the support worker"],
            "Step completed with sister, Kim and the support worker towards “I want to dance again”: "
            "“Go to the Tuesday class”",
        ),
        ("joint", [], "Step completed jointly towards “I want to dance again”: “Go to the Tuesday class”"),
        # Done for the person, never "with" them.
        (
            "passive",
            [],
            "Step completed for the person towards “I want to dance again”: “Go to the Tuesday class”",
        ),
        (
            "passive",
            ["key worker"],
            "Step completed for the person towards “I want to dance again”: “Go to the Tuesday class”",
        ),
    ],
)
def test_a_completed_step_says_who_took_it(mode: str, with_whom: list[str], expected: str) -> None:
    assert say.step_completed(GOAL, STEP, mode, with_whom) == expected


@pytest.mark.parametrize(
    ("from_mode", "to_mode", "expected"),
    [
        (
            "passive",
            "joint",
            "“Go to the Tuesday class” went from passive to joint: the person is taking it on",
        ),
        (
            "passive",
            "independent",
            "“Go to the Tuesday class” went from passive to independent: the person is taking it on",
        ),
        (
            "joint",
            "independent",
            "“Go to the Tuesday class” went from joint to independent: the person is taking it on",
        ),
        ("independent", "joint", None),
        ("joint", "passive", None),
        ("joint", "joint", None),
    ],
)
def test_only_a_move_towards_independence_is_progress(
    from_mode: str, to_mode: str, expected: str | None
) -> None:
    assert say.taking_it_on(STEP, from_mode, to_mode) == expected


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "done_another_way",
            (
                "notice_and_reinforce",
                "Step done another way towards “I want to dance again”: “Go to the Tuesday class”",
            ),
        ),
        (
            "not_working",
            (
                "got_stuck",
                "Step dropped as not working towards “I want to dance again”: “Go to the Tuesday class”",
            ),
        ),
        (
            "no_longer_wanted",
            (
                "revisit",
                "“Go to the Tuesday class” is no longer wanted: revisit the plan for “I want to dance again” "
                "with the person",
            ),
        ),
        (
            "other",
            (
                "talk_through",
                "Step dropped towards “I want to dance again”: “Go to the Tuesday class” "
                "(reason given: “The class closed”)",
            ),
        ),
    ],
)
def test_a_dropped_step_goes_where_its_kind_says(kind: str, expected: tuple[str, str]) -> None:
    assert say.step_dropped(GOAL, STEP, kind, "The class closed") == expected


def test_an_overdue_step_says_since_when() -> None:
    assert say.step_overdue(GOAL, STEP, "2026-11-01") == (
        "Step overdue since 2026-11-01 towards “I want to dance again”: “Go to the Tuesday class”"
    )


@pytest.mark.parametrize(
    ("times", "often", "expected"),
    [
        (1, 1, "“Go to the Tuesday class” was rescheduled 1 time"),
        (2, 2, "“Go to the Tuesday class” was rescheduled 2 times"),
        (5, 2, "“Go to the Tuesday class” was rescheduled 5 times"),
        (1, 2, None),
        (0, 2, None),
    ],
)
def test_rescheduling_counts_agree_in_number(times: int, often: int, expected: str | None) -> None:
    assert say.rescheduled(STEP, times, often) == expected


def test_by_default_twice_is_often() -> None:
    assert say.rescheduled(STEP, 1) is None
    assert say.rescheduled(STEP, 2) == "“Go to the Tuesday class” was rescheduled 2 times"


@pytest.mark.parametrize(
    ("status", "steps", "active", "expected"),
    [
        (
            "active",
            0,
            False,
            "No step planned towards “I want to dance again” yet: agree a first step with the person",
        ),
        ("active", 1, False, "No step activity on “I want to dance again” in this period"),
        ("active", 3, False, "No step activity on “I want to dance again” in this period"),
        ("active", 1, True, None),
        # A pause the person chose is respected: no prompt to act.
        ("paused", 0, False, None),
        ("achieved", 2, False, None),
        ("discontinued", 0, False, None),
    ],
)
def test_no_step_activity_is_prompted_only_on_active_goals(
    status: str, steps: int, active: bool, expected: str | None
) -> None:
    assert say.no_step_activity(GOAL, status, steps, active) == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            "paused",
            "“I want to dance again” is paused: does the person want to resume it, revise it or let it go?",
        ),
        ("active", None),
        ("achieved", None),
    ],
)
def test_a_paused_goal_is_the_persons_to_decide_on(status: str, expected: str | None) -> None:
    assert say.paused(GOAL, status) == expected


@pytest.mark.parametrize(
    ("orientation", "identified_by", "status", "expected"),
    [
        (
            "avoidance",
            "person",
            "active",
            "“I want to dance again” is an avoidance goal: "
            "could it be reframed towards what the person wants?",
        ),
        (
            "avoidance",
            "jointly",
            "paused",
            "“I want to dance again” is an avoidance goal: "
            "could it be reframed towards what the person wants?",
        ),
        ("approach", "person", "active", None),
        ("avoidance", "person", "discontinued", None),
        ("avoidance", "service", "active", None),
    ],
)
def test_an_open_avoidance_goal_of_the_persons_could_be_reframed(
    orientation: str, identified_by: str, status: str, expected: str | None
) -> None:
    assert say.avoidance(GOAL, orientation, identified_by, status) == expected


@pytest.mark.parametrize(
    ("identified_by", "status", "expected"),
    [
        (
            "worker",
            "active",
            "“I want to dance again” was identified by the worker alone: is it the person's own?",
        ),
        (
            "worker",
            "paused",
            "“I want to dance again” was identified by the worker alone: is it the person's own?",
        ),
        ("worker", "achieved", None),
        ("person", "active", None),
        ("jointly", "active", None),
        ("service", "active", None),
    ],
)
def test_a_goal_the_worker_identified_alone_is_questioned(
    identified_by: str, status: str, expected: str | None
) -> None:
    assert say.worker_identified(GOAL, identified_by, status) == expected


_LINKED = {
    "linked_to_value": True,
    "linked_to_strength": True,
    "values_recorded": True,
    "strengths_recorded": True,
}


@pytest.mark.parametrize(
    ("links", "identified_by", "status", "expected"),
    [
        ({}, "person", "active", None),
        ({"linked_to_value": False}, "person", "active", "“I want to dance again” is not linked to a value"),
        (
            {"linked_to_strength": False},
            "jointly",
            "paused",
            "“I want to dance again” is not linked to a strength",
        ),
        (
            {"linked_to_value": False, "linked_to_strength": False},
            "person",
            "active",
            "“I want to dance again” is linked to neither a value nor a strength",
        ),
        # Nothing recorded yet: nothing to link until values and strengths are explored.
        (
            {"linked_to_value": False, "values_recorded": False},
            "person",
            "active",
            "“I want to dance again” is not linked to a value (no value is recorded yet)",
        ),
        (
            {"linked_to_value": False, "linked_to_strength": False, "strengths_recorded": False},
            "person",
            "active",
            "“I want to dance again” is linked to neither a value nor a strength "
            "(no strength is recorded yet)",
        ),
        (
            {
                "linked_to_value": False,
                "linked_to_strength": False,
                "values_recorded": False,
                "strengths_recorded": False,
            },
            "worker",
            "active",
            "“I want to dance again” is linked to neither a value nor a strength "
            "(neither values nor strengths are recorded yet)",
        ),
        ({"linked_to_value": False, "linked_to_strength": False}, "service", "active", None),
        ({"linked_to_value": False, "linked_to_strength": False}, "person", "achieved", None),
    ],
)
def test_a_goal_not_linked_to_values_or_strengths_says_which_and_whether_any_is_recorded(
    links: dict[str, Any], identified_by: str, status: str, expected: str | None
) -> None:
    assert say.unlinked(GOAL, identified_by, status, **{**_LINKED, **links}) == expected


def test_long_words_are_cut_in_prompts_as_everywhere() -> None:
    long_goal = "I want to " + "dance " * 20
    text = say.goal_achieved(long_goal)
    assert text.endswith("…”") and len(text) < len(long_goal)
