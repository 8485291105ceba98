"""The current care plan and the four REFOCUS checks (manual, end of chapter 5).

A recovery-oriented care plan a) focuses on personally valued goals,
b) reflects the person's values and treatment preferences, c) builds on the
person's strengths, d) involves independent and joint rather than passive
action. Each check answers ``{ok, detail}``, the detail saying what to do next.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, TypeVar

from domain.vocabulary import GoalStatus, IdentifiedBy, StepMode, StepStatus
from projections.journey import Document

OPEN_GOAL_STATUSES = frozenset(status for status in GoalStatus if not status.is_closed)
OPEN_STEP_STATUSES = frozenset(status for status in StepStatus if not status.is_closed)
_QUOTE_CHARS = 60


def quote(statement: str, limit: int = _QUOTE_CHARS) -> str:
    short = statement if len(statement) <= limit else statement[: limit - 1].rstrip() + "…"
    return f"“{short}”"


def _quotes(texts: list[str]) -> str:
    shown = ", ".join(quote(text) for text in texts[:3])
    more = len(texts) - 3
    return shown + (f" and {more} more" if more > 0 else "")


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def step_view(step: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": step["id"],
        "goal_id": step["goal_id"],
        "description": step["description"],
        "mode": step["mode"],
        "with_whom": step["with_whom"],
        "status": step["status"],
        "due": step["due"],
        "version": step["version"],
    }


StepView = Callable[[dict[str, Any]], dict[str, Any]]
#: A goal of the document, or its view: anything with the goal's ``id``.
Goalish = TypeVar("Goalish", bound=Mapping[str, Any])


def goal_view(doc: Document, goal: dict[str, Any], view_of_step: StepView = step_view) -> dict[str, Any]:
    """A goal as the care plan shows it; ``view_of_step`` may answer a step's view from memory
    (replay), equal to :func:`step_view`'s."""
    steps = [doc["steps"][step_id] for step_id in goal["step_ids"]]
    statuses = [s["status"] for s in steps]
    return {
        "id": goal["id"],
        "statement": goal["statement"],
        "status": goal["status"],
        "orientation": goal["orientation"],
        "identified_by": goal["identified_by"],
        "responsibility": goal["responsibility"],
        "life_domain": goal["life_domain"],
        "in_own_words": goal["in_own_words"],
        "written_by": goal.get("written_by"),
        "target_date": goal["target_date"],
        "values": [_linked(doc["values"], i) for i in goal["value_ids"]],
        "strengths": [_linked(doc["strengths"], i) for i in goal["strength_ids"]],
        "grow": goal["grow"],
        "steps": [view_of_step(s) for s in steps],
        "progress": {
            "completed": statuses.count(StepStatus.COMPLETED),
            "total": len(statuses) - statuses.count(StepStatus.DROPPED),
        },
        "version": goal["version"],
    }


def _linked(items: dict[str, Any], item_id: str) -> dict[str, Any]:
    item = items.get(item_id) or {}
    return {"id": item_id, "statement": item.get("statement"), "current": item.get("current", False)}


def in_priority_order(doc: Document, goals: list[Goalish]) -> list[Goalish]:
    """``goals`` (in the document's order) in the person's order of priority (manual, 5.4
    "Planning actions": the person themselves prioritising the goals to focus on); the goals
    the order does not name follow, as they were."""
    priority = doc.get("goal_priority")
    if not priority:
        return goals
    rank = {goal_id: i for i, goal_id in enumerate(priority)}
    unranked = len(rank)
    return sorted(goals, key=lambda goal: rank.get(goal["id"], unranked))


def care_plan(doc: Document, position: int) -> dict[str, Any]:
    open_goals = [g for g in doc["goals"].values() if g["status"] in OPEN_GOAL_STATUSES]
    return {
        "person_id": doc["person"]["id"],
        "as_of": None,
        "position": position,
        "goals": [goal_view(doc, g) for g in in_priority_order(doc, open_goals)],
        "checks": checks(doc, [goal_facts(doc, g) for g in open_goals]),
        "next_review_due": doc.get("next_review_due"),
    }


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
    linked_to_value: bool
    linked_to_strength: bool
    open_steps: tuple[OpenStep, ...]


def goal_facts(doc: Document, goal: dict[str, Any]) -> GoalFacts:
    steps = doc["steps"]
    return GoalFacts(
        statement=goal["statement"],
        valued=goal["identified_by"] != IdentifiedBy.SERVICE,
        by_worker=goal["identified_by"] == IdentifiedBy.WORKER,
        linked_to_value=_links_current(doc["values"], goal["value_ids"]),
        linked_to_strength=_links_current(doc["strengths"], goal["strength_ids"]),
        open_steps=tuple(
            [
                (step["mode"], step["description"])
                for step in [steps[step_id] for step_id in goal["step_ids"]]
                if step["status"] in OPEN_STEP_STATUSES
            ]
        )
        if goal["status"] == GoalStatus.ACTIVE
        else (),
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


def _personally_valued_goals(doc: Document, open_goals: list[GoalFacts]) -> dict[str, Any]:
    valued = [f for f in open_goals if f.valued]
    return _personally_valued(valued, len(open_goals) - len(valued))


def _reflects_values(doc: Document, open_goals: list[GoalFacts]) -> dict[str, Any]:
    return _linked_check(
        open_goals,
        lambda f: f.linked_to_value,
        doc["values"],
        "value",
        "record what matters to the person (working practice 1) and link each goal to it",
    )


def _builds_on_strengths(doc: Document, open_goals: list[GoalFacts]) -> dict[str, Any]:
    return _linked_check(
        open_goals,
        lambda f: f.linked_to_strength,
        doc["strengths"],
        "strength",
        "assess the person's strengths (working practice 2) and link each goal to one it builds on",
    )


def _independent_or_joint_action(doc: Document, open_goals: list[GoalFacts]) -> dict[str, Any]:
    return _action_check(open_goals)


#: The four checks, in the order a care plan lists them.
CHECKS: dict[str, Check] = {
    "personally_valued_goals": _personally_valued_goals,
    "reflects_values": _reflects_values,
    "builds_on_strengths": _builds_on_strengths,
    "independent_or_joint_action": _independent_or_joint_action,
}

#: The checks that read each of a goal's facts.
_CHECKS_READING_FACT: dict[str, tuple[str, ...]] = {
    "statement": ("personally_valued_goals", "reflects_values", "builds_on_strengths"),
    "valued": ("personally_valued_goals", "reflects_values", "builds_on_strengths"),
    "by_worker": ("personally_valued_goals",),
    "linked_to_value": ("reflects_values",),
    "linked_to_strength": ("builds_on_strengths",),
    "open_steps": ("independent_or_joint_action",),
}
#: Whether any of the person's values (strengths) is current is read from the document itself.
_CHECKS_READING_DOCUMENT: dict[str, tuple[str, ...]] = {
    "values": ("reflects_values",),
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
    for fact, readers in _CHECKS_READING_FACT.items():
        if getattr(old, fact) != getattr(new, fact):
            names += readers
    return names


def checks_reading(part: str) -> tuple[str, ...]:
    """The checks that read ``part`` of the document ("values", "strengths") besides the goals' facts."""
    return _CHECKS_READING_DOCUMENT.get(part, ())


def _check(ok: bool, detail: str) -> dict[str, Any]:
    return {"ok": ok, "detail": detail}


def _personally_valued(valued: list[GoalFacts], service_goals: int) -> dict[str, Any]:
    apart = f" ({count(service_goals, 'service goal')} shown apart.)" if service_goals else ""
    if not valued:
        return _check(False, "No goals the person values yet: ask what they want to work towards." + apart)
    by_worker = [f.statement for f in valued if f.by_worker]
    if by_worker:
        return _check(
            False,
            f"{len(by_worker)} of {count(len(valued), 'goal')} identified by the worker alone "
            f"({_quotes(by_worker)}): revisit them with the person so the goals are their own." + apart,
        )
    every = "The goal was" if len(valued) == 1 else f"All {len(valued)} goals were"
    return _check(True, f"{every} identified by the person or jointly." + apart)


def _linked_check(
    open_goals: list[GoalFacts],
    linked: Callable[[GoalFacts], bool],
    held: dict[str, Any],
    noun: str,
    advice: str,
) -> dict[str, Any]:
    valued = [f for f in open_goals if f.valued]
    unlinked = [f for f in valued if not linked(f)]
    if not valued:
        return _check(False, f"No goals yet, so none is linked to a {noun}.")
    if not any(item.get("current", True) for item in held.values()):
        return _check(False, f"No {noun} of the person is linked to any goal yet: {advice}.")
    if unlinked:
        return _check(
            False,
            f"{len(unlinked)} of {count(len(valued), 'goal')} not linked to a {noun} "
            f"({_quotes([f.statement for f in unlinked])}): talk with the person about which of their "
            f"{noun}s "
            f"{'each expresses' if noun == 'value' else 'each can build on'}, and link them.",
        )
    return _check(True, f"Every goal is linked to at least one {noun} of the person.")


def _action_check(open_goals: list[GoalFacts]) -> dict[str, Any]:
    steps = [step for f in open_goals for step in f.open_steps]
    if not steps:
        return _check(
            False, "No open steps on active goals: agree a first step the person takes alone or with others."
        )
    passive = [description for mode, description in steps if mode == StepMode.PASSIVE]
    modes = [mode for mode, _ in steps]
    counts = (
        f"{modes.count(StepMode.INDEPENDENT)} independent, {modes.count(StepMode.JOINT)} joint"
        f" and {len(passive)} passive"
    )
    if len(passive) * 2 >= len(steps):
        return _check(
            False,
            f"Of {count(len(steps), 'open step')}, {counts}: "
            f"passive steps ({_quotes(passive)}) are done for the person; "
            "look for ways they can take them on alone or with others.",
        )
    return _check(True, f"Of {count(len(steps), 'open step')}, {counts}.")
