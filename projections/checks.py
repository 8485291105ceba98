"""The four REFOCUS checks of a care plan (manual, end of chapter 5, a-d).

A recovery-oriented care plan a) focuses on personally valued goals, b) reflects the
person's values and treatment preferences, c) builds on the person's strengths, d) involves
independent and joint rather than passive action. Each check answers ``{ok, outcome,
detail}``: ``outcome`` is ``met``, ``not_met`` or ``not_applicable``, ``ok`` is false only
when not met, and ``detail`` says the next thing to do for this plan.

Only the person's valued goals count (identified by the person, jointly or by the worker):
goals the service needs for other reasons (risk, legal duties) are integrated in the plan
but listed apart and never counted (manual, 5.3 principle 2).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from domain.vocabulary import GoalStatus, IdentifiedBy, StepMode, StepStatus
from projections.journey import Document
from projections.words import count, every, quotes

MET, NOT_MET, NOT_APPLICABLE = "met", "not_met", "not_applicable"
OPEN_STEP_STATUSES = frozenset(status for status in StepStatus if not status.is_closed)

OpenStep = tuple[str, str]
"""An open step as the checks see it: ``(mode, description)``."""


class GoalFacts(NamedTuple):
    """What the four checks need to know of one open goal.

    Values only, never the document's own (mutable) dicts: two facts of one goal
    are equal exactly when every check would read the same of it. Replay, which
    rebuilds only the goals an event touched, keeps the facts of the others and
    recomputes only the checks whose facts changed (:func:`checks_changed`). A named tuple:
    made and compared in C, where a frozen dataclass runs Python for both (replay makes one
    per event).
    """

    statement: str
    valued: bool
    by_worker: bool
    paused: bool
    linked_to_value: bool
    linked_to_strength: bool
    #: The goal, or one of its open steps, is linked to a current treatment preference.
    linked_to_preference: bool
    #: Open steps of an active goal; a paused goal's steps wait with it.
    open_steps: tuple[OpenStep, ...]


def goal_facts(doc: Document, goal: dict[str, Any]) -> GoalFacts:
    steps = doc["steps"]
    preferences = doc["treatment_preferences"]
    active = goal["status"] == GoalStatus.ACTIVE
    shaped = _links_current(preferences, goal["preference_ids"])
    open_steps = []
    for step_id in goal["step_ids"]:
        step = steps[step_id]
        if step["status"] in OPEN_STEP_STATUSES:
            if active:
                open_steps.append((step["mode"], step["description"]))
            if not shaped and step["preference_ids"]:
                shaped = _links_current(preferences, step["preference_ids"])
    identified_by = goal["identified_by"]
    return GoalFacts(
        statement=goal["statement"],
        valued=identified_by != IdentifiedBy.SERVICE,
        by_worker=identified_by == IdentifiedBy.WORKER,
        paused=goal["status"] == GoalStatus.PAUSED,
        linked_to_value=_links_current(doc["values"], goal["value_ids"]),
        linked_to_strength=_links_current(doc["strengths"], goal["strength_ids"]),
        linked_to_preference=shaped,
        open_steps=tuple(open_steps),
    )


def _links_current(held: dict[str, Any], linked_ids: list[str]) -> bool:
    for linked_id in linked_ids:
        item = held.get(linked_id)
        if item is not None and item.get("current", True):
            return True
    return False


Check = Callable[[Document, list[GoalFacts]], dict[str, Any]]


def checks(doc: Document, open_goals: list[GoalFacts]) -> dict[str, dict[str, Any]]:
    return {name: check(doc, open_goals) for name, check in CHECKS.items()}


def _answer(outcome: str, detail: str, **more: Any) -> dict[str, Any]:
    return {"ok": outcome != NOT_MET, "outcome": outcome, "detail": detail, **more}


def _current(held: dict[str, Any]) -> int:
    return sum(1 for item in held.values() if item.get("current", True))


def _without_valued_goals(service_goals: int) -> str:
    """How a plan without valued goals begins its detail; service goals are never "no goals"."""
    if service_goals:
        return f"The plan holds only {count(service_goals, 'service goal')} (kept apart, not counted here)"
    return "No goals the person values yet"


_ASK_GOALS = "ask what the person wants to work towards"


def _personally_valued_goals(doc: Document, open_goals: list[GoalFacts]) -> dict[str, Any]:
    """(a) The plan focuses on personally valued goals (manual, 5.3 principle 2; 5.4.1).

    Met when every valued goal was identified by the person or jointly; a goal the worker
    identified alone is named for revisiting with the person.
    """
    valued = [f for f in open_goals if f.valued]
    service = len(open_goals) - len(valued)
    if not valued:
        return _answer(NOT_MET, f"{_without_valued_goals(service)}: {_ASK_GOALS}.")
    apart = f" ({count(service, 'service goal')} listed apart, not counted.)" if service else ""
    by_worker = [f.statement for f in valued if f.by_worker]
    if not by_worker:
        were = "was" if len(valued) == 1 else "were"
        return _answer(
            MET, f"{every(len(valued), 'goal')} {were} identified by the person or jointly.{apart}"
        )
    if len(valued) == 1:
        detail = (
            f"The goal ({quotes(by_worker)}) was identified by the worker alone: "
            "revisit it with the person so it is the person's own."
        )
    else:
        them = "it with the person so it is" if len(by_worker) == 1 else "them with the person so they are"
        detail = (
            f"{len(by_worker)} of {count(len(valued), 'goal')} identified by the worker alone "
            f"({quotes(by_worker)}): revisit {them} the person's own."
        )
    return _answer(NOT_MET, detail + apart)


def _reflects_values(doc: Document, open_goals: list[GoalFacts]) -> dict[str, Any]:
    """(b) The plan reflects the person's values and treatment preferences (manual, 5.3
    principle 4; 5.4.2; chapter 3).

    Answers the two apart, each with its outcome, detail and counts:

    - ``values``: met when every valued goal is linked to a current value of the person.
    - ``preferences``: met when at least one current treatment preference shapes an open
      valued goal, linked to the goal itself or to one of its open steps. Preferences are the
      person's way of working (pace, support from others, how much workers feature): one can
      shape several goals, or only how a step is taken, so not every goal needs its own.

    The overall outcome is not met when either part is not met, not applicable when the plan
    has no valued goal (both parts are then not applicable), and met otherwise.
    """
    valued = [f for f in open_goals if f.valued]
    values = _values_part(valued, _current(doc["values"]))
    preferences = _preferences_part(valued, _current(doc["treatment_preferences"]))
    parts = (values, preferences)
    if not valued:
        lead = _without_valued_goals(len(open_goals))
        return _answer(
            NOT_APPLICABLE,
            f"{lead}: {_ASK_GOALS}. {values['detail']} {preferences['detail']}",
            values=values,
            preferences=preferences,
            rule=_REFLECTS_RULE,
        )
    failing = [part for part in parts if part["outcome"] == NOT_MET]
    outcome = NOT_MET if failing else MET
    detail = " ".join(part["detail"] for part in (failing or parts))
    return _answer(outcome, detail, values=values, preferences=preferences, rule=_REFLECTS_RULE)


_REFLECTS_RULE = (
    "Met when every goal the person values is linked to a current value of the person's, and at "
    "least one current treatment preference is linked to one of those goals or to one of its open "
    "steps; service goals are not counted."
)


def _values_part(valued: list[GoalFacts], recorded: int) -> dict[str, Any]:
    unlinked = [f.statement for f in valued if not f.linked_to_value]
    counts = {"goals": len(valued), "linked": len(valued) - len(unlinked), "recorded": recorded}
    if not valued:
        if not recorded:
            return _part(NOT_APPLICABLE, f"No values explored yet: {_VALUES_CONVERSATION}.", counts)
        return _part(
            NOT_APPLICABLE,
            f"{count(recorded, 'value')} recorded, to inform the goals the person chooses.",
            counts,
        )
    if not recorded:
        return _part(
            NOT_MET,
            f"No values explored yet: {_VALUES_CONVERSATION}, "
            "then link each goal to what matters to the person.",
            counts,
        )
    if not unlinked:
        are = "is" if len(valued) == 1 else "are"
        return _part(MET, f"{every(len(valued), 'goal')} {are} linked to a value of the person.", counts)
    return _part(NOT_MET, _unlinked(unlinked, len(valued), "value", "expresses"), counts)


_VALUES_CONVERSATION = "start with the values conversation (working practice 1)"


def _unlinked(unlinked: list[str], goals: int, noun: str, verb: str) -> str:
    if goals == 1:
        return (
            f"The goal ({quotes(unlinked)}) is not linked to a {noun}: talk with the person about "
            f"which {noun}s it {verb}, and link them."
        )
    each = "it" if len(unlinked) == 1 else "each"
    return (
        f"{len(unlinked)} of {count(goals, 'goal')} not linked to a {noun} ({quotes(unlinked)}): "
        f"talk with the person about which {noun}s {each} {verb}, and link them."
    )


def _preferences_part(valued: list[GoalFacts], recorded: int) -> dict[str, Any]:
    unshaped = [f.statement for f in valued if not f.linked_to_preference]
    shaped = len(valued) - len(unshaped)
    counts = {"goals": len(valued), "linked": shaped, "recorded": recorded}
    if not recorded:
        outcome = NOT_APPLICABLE if not valued else NOT_MET
        then = ", then link each to the goals and steps it shapes" if valued else ""
        return _part(outcome, f"No treatment preferences recorded yet: {_ASK_PREFERENCES}{then}.", counts)
    if not valued:
        recorded_ones = count(recorded, "treatment preference")
        return _part(
            NOT_APPLICABLE, f"{recorded_ones} recorded, to shape how the person works towards goals.", counts
        )
    one = recorded == 1
    preferences, shape, they = (
        ("treatment preference", "shapes", "it") if one else ("treatment preferences", "shape", "they")
    )
    if not shaped:
        lead = (
            "The person's treatment preference is linked to neither a goal nor a step"
            if one
            else f"None of the person's {recorded} treatment preferences is linked to a goal or a step"
        )
        return _part(
            NOT_MET,
            f"{lead}: agree with the person how {they} {shape} the work towards {quotes(unshaped)}, "
            f"and link {'it' if one else 'them'}.",
            counts,
        )
    if not unshaped:
        goals = "the goal" if len(valued) == 1 else every(len(valued), "goal").lower()
        return _part(MET, f"The person's {preferences} {shape} {goals}.", counts)
    apply = "applies" if one else "apply"
    return _part(
        MET,
        f"The person's {preferences} {shape} {shaped} of {count(len(valued), 'goal')}: ask whether "
        f"{they} {apply} to {quotes(unshaped)} too, and link {'it' if one else 'them'} if so.",
        counts,
    )


_ASK_PREFERENCES = (
    "ask how the person wants to be supported (the pace, support from others, how much workers feature)"
)


def _part(outcome: str, detail: str, counts: dict[str, int]) -> dict[str, Any]:
    return {"outcome": outcome, "detail": detail, "counts": counts}


def _builds_on_strengths(doc: Document, open_goals: list[GoalFacts]) -> dict[str, Any]:
    """(c) The plan builds on the person's strengths (manual, 5.3 principle 5; 4.3).

    Met when every valued goal is linked to a current strength of the person.
    """
    valued = [f for f in open_goals if f.valued]
    recorded = _current(doc["strengths"])
    unlinked = [f.statement for f in valued if not f.linked_to_strength]
    counts = {"goals": len(valued), "linked": len(valued) - len(unlinked), "recorded": recorded}
    if not valued:
        lead = _without_valued_goals(len(open_goals))
        if not recorded:
            advice = f"; {_ASSESS_STRENGTHS}, which can suggest something to build on"
        else:
            advice = f", thinking of what the person could build on ({count(recorded, 'strength')} recorded)"
        return _answer(NOT_APPLICABLE, f"{lead}: {_ASK_GOALS}{advice}.", counts=counts)
    if not recorded:
        return _answer(
            NOT_MET,
            f"No strengths assessed yet: {_ASSESS_STRENGTHS}, then link each goal to one it builds on.",
            counts=counts,
        )
    if not unlinked:
        builds = "builds" if len(valued) == 1 else "build"
        return _answer(
            MET, f"{every(len(valued), 'goal')} {builds} on a strength of the person.", counts=counts
        )
    return _answer(NOT_MET, _unlinked(unlinked, len(valued), "strength", "can build on"), counts=counts)


_ASSESS_STRENGTHS = "assess the person's strengths (working practice 2)"


def _independent_or_joint_action(doc: Document, open_goals: list[GoalFacts]) -> dict[str, Any]:
    """(d) The plan involves independent and joint rather than passive action (manual, 5.3
    principle 6; 5.4.2).

    Counts the open steps of the person's active goals: met when most (more than half) are
    independent or joint. Worker action is sometimes needed, so a met plan with passive steps
    still asks to move them towards joint or independent action. A goal the person paused is
    respected: a plan whose valued goals are all paused is not applicable, never asked for a step.
    """
    valued = [f for f in open_goals if f.valued]
    active = [f for f in valued if not f.paused]
    modes = [mode for f in active for mode, _ in f.open_steps]
    counts = {
        "independent": modes.count(StepMode.INDEPENDENT),
        "joint": modes.count(StepMode.JOINT),
        "passive": modes.count(StepMode.PASSIVE),
    }

    def answer(outcome: str, detail: str) -> dict[str, Any]:
        return _answer(outcome, detail, counts=counts, rule=_ACTION_RULE)

    if not valued:
        lead = _without_valued_goals(len(open_goals))
        return answer(
            NOT_APPLICABLE, f"{lead}: {_ASK_GOALS}, then agree steps the person takes alone or with others."
        )
    if not active:
        paused = [f.statement for f in valued]
        goals = "the goal" if len(paused) == 1 else every(len(paused), "goal").lower()
        until = "it is" if len(paused) == 1 else "one is"
        return answer(
            NOT_APPLICABLE,
            f"The person has paused {goals} ({quotes(paused)}): a pause the person chose is respected, "
            f"so no step is asked for until {until} resumed.",
        )
    stepless = [f.statement for f in active if not f.open_steps]
    each = "each of " if len(stepless) > 1 else ""
    first_step = f"agree a first step the person takes alone or with others towards {each}{quotes(stepless)}"
    if not modes:
        return answer(NOT_MET, f"No open steps yet: {first_step}.")
    more = f" {first_step[0].upper()}{first_step[1:]}." if stepless else ""
    passive = [description for f in active for mode, description in f.open_steps if mode == StepMode.PASSIVE]
    tally = (
        f"Of {count(len(modes), 'open step')}, {counts['independent']} independent, "
        f"{counts['joint']} joint and {counts['passive']} passive"
    )
    it = "it" if len(passive) == 1 else "them"
    if counts["independent"] + counts["joint"] > counts["passive"]:
        if not passive:
            every_one = "it is" if len(modes) == 1 else "all are"
            return answer(MET, f"{tally}: {every_one} the person's alone or shared.{more}")
        are = "is" if len(passive) == 1 else "are"
        return answer(
            MET,
            f"{tally}: most are the person's alone or shared. {count(len(passive), 'passive step')} "
            f"({quotes(passive)}) {are} done for the person: look for ways to move {it} towards joint "
            f"or independent action.{more}",
        )
    steps = "the passive step" if len(passive) == 1 else f"the {len(passive)} passive steps"
    are = "is" if len(passive) == 1 else "are"
    return answer(
        NOT_MET,
        f"{tally}: {steps} ({quotes(passive)}) {are} done for the person; look for ways the person can "
        f"take {it} on alone or with others.{more}",
    )


_ACTION_RULE = (
    "Met when most open steps (more than half) on the person's active goals are independent "
    "(the person alone) or joint (shared with others); passive steps are done for the person. "
    "Steps on paused goals and on service goals are not counted."
)

#: The four checks, in the order a care plan lists them.
CHECKS: dict[str, Check] = {
    "personally_valued_goals": _personally_valued_goals,
    "reflects_values": _reflects_values,
    "builds_on_strengths": _builds_on_strengths,
    "independent_or_joint_action": _independent_or_joint_action,
}

_ALL = tuple(CHECKS)
#: The checks that read each of a goal's facts.
CHECKS_READING_FACT: dict[str, tuple[str, ...]] = {
    "statement": _ALL,
    "valued": _ALL,
    "by_worker": ("personally_valued_goals",),
    "paused": ("independent_or_joint_action",),
    "linked_to_value": ("reflects_values",),
    "linked_to_strength": ("builds_on_strengths",),
    "linked_to_preference": ("reflects_values",),
    "open_steps": ("independent_or_joint_action",),
}
#: What each check counts in the document itself besides the goals' facts.
_CHECKS_READING_DOCUMENT: dict[str, tuple[str, ...]] = {
    "values": ("reflects_values",),
    "treatment_preferences": ("reflects_values",),
    "strengths": ("builds_on_strengths",),
}


def checks_changed(old: GoalFacts | None, new: GoalFacts | None) -> list[str]:
    """The checks whose answer can differ after one goal's facts went from ``old`` to ``new``
    (None: the goal is not in the plan), the other goals' facts and the document unchanged."""
    if old is None or new is None:
        return [] if old is new else list(CHECKS)
    if old == new:
        return []
    names: list[str] = []
    for fact, readers in CHECKS_READING_FACT.items():
        if getattr(old, fact) != getattr(new, fact):
            names += readers
    return names


def checks_reading(part: str) -> tuple[str, ...]:
    """The checks that read ``part`` of the document ("values", "treatment_preferences",
    "strengths") besides the goals' facts."""
    return _CHECKS_READING_DOCUMENT.get(part, ())
