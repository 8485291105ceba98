"""The current care plan and the four REFOCUS checks (manual, end of chapter 5).

A recovery-oriented care plan a) focuses on personally valued goals,
b) reflects the person's values and treatment preferences, c) builds on the
person's strengths, d) involves independent and joint rather than passive
action. Each check answers ``{ok, detail}``, the detail saying what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from projections.journey import Document

OPEN_GOAL_STATUSES = ("active", "paused")
OPEN_STEP_STATUSES = ("planned", "started")
_QUOTE_CHARS = 60


def quote(statement: str, limit: int = _QUOTE_CHARS) -> str:
    short = statement if len(statement) <= limit else statement[: limit - 1].rstrip() + "…"
    return f"“{short}”"


def _quotes(goals: list[dict[str, Any]], key: str = "statement") -> str:
    shown = ", ".join(quote(g[key]) for g in goals[:3])
    more = len(goals) - 3
    return shown + (f" and {more} more" if more > 0 else "")


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def goal_view(doc: Document, goal: dict[str, Any]) -> dict[str, Any]:
    steps = [doc["steps"][step_id] for step_id in goal["step_ids"]]
    counted = [s for s in steps if s["status"] != "dropped"]
    return {
        "id": goal["id"],
        "statement": goal["statement"],
        "status": goal["status"],
        "orientation": goal["orientation"],
        "identified_by": goal["identified_by"],
        "responsibility": goal["responsibility"],
        "life_domain": goal["life_domain"],
        "in_own_words": goal["in_own_words"],
        "target_date": goal["target_date"],
        "values": [_linked(doc["values"], i) for i in goal["value_ids"]],
        "strengths": [_linked(doc["strengths"], i) for i in goal["strength_ids"]],
        "grow": goal["grow"],
        "steps": [step_view(s) for s in steps],
        "progress": {
            "completed": sum(1 for s in counted if s["status"] == "completed"),
            "total": len(counted),
        },
        "version": goal["version"],
    }


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


def _linked(items: dict[str, Any], item_id: str) -> dict[str, Any]:
    item = items.get(item_id) or {}
    return {"id": item_id, "statement": item.get("statement"), "current": item.get("current", False)}


def care_plan(doc: Document, position: int) -> dict[str, Any]:
    open_goals = [g for g in doc["goals"].values() if g["status"] in OPEN_GOAL_STATUSES]
    return {
        "person_id": doc["person"]["id"],
        "as_of": None,
        "position": position,
        "goals": [goal_view(doc, g) for g in open_goals],
        "checks": checks(doc, [goal_facts(doc, g) for g in open_goals]),
        "next_review_due": doc.get("next_review_due"),
    }


@dataclass(frozen=True, slots=True)
class GoalFacts:
    """What the four checks need to know of one open goal.

    Kept apart from the checks so that replay, which rebuilds only the goals an
    event touched, can keep the facts of the others too.
    """

    goal: dict[str, Any]
    valued: bool
    by_worker: bool
    linked_to_value: bool
    linked_to_strength: bool
    open_steps: tuple[dict[str, Any], ...]


def goal_facts(doc: Document, goal: dict[str, Any]) -> GoalFacts:
    steps = doc["steps"]
    return GoalFacts(
        goal=goal,
        valued=goal["identified_by"] != "service",
        by_worker=goal["identified_by"] == "worker",
        linked_to_value=_links_current(doc["values"], goal["value_ids"]),
        linked_to_strength=_links_current(doc["strengths"], goal["strength_ids"]),
        open_steps=tuple(
            steps[step_id] for step_id in goal["step_ids"] if steps[step_id]["status"] in OPEN_STEP_STATUSES
        )
        if goal["status"] == "active"
        else (),
    )


def _links_current(held: dict[str, Any], linked_ids: list[str]) -> bool:
    return any(held[i].get("current", True) for i in linked_ids if i in held)


def checks(doc: Document, open_goals: list[GoalFacts]) -> dict[str, dict[str, Any]]:
    valued = [f for f in open_goals if f.valued]
    return {
        "personally_valued_goals": _personally_valued(valued, len(open_goals) - len(valued)),
        "reflects_values": _linked_check(
            valued,
            [f for f in valued if not f.linked_to_value],
            doc["values"],
            "value",
            "record what matters to the person (working practice 1) and link each goal to it",
        ),
        "builds_on_strengths": _linked_check(
            valued,
            [f for f in valued if not f.linked_to_strength],
            doc["strengths"],
            "strength",
            "assess the person's strengths (working practice 2) and link each goal to one it builds on",
        ),
        "independent_or_joint_action": _action_check(open_goals),
    }


def _check(ok: bool, detail: str) -> dict[str, Any]:
    return {"ok": ok, "detail": detail}


def _personally_valued(valued: list[GoalFacts], service_goals: int) -> dict[str, Any]:
    apart = f" ({count(service_goals, 'service goal')} shown apart.)" if service_goals else ""
    if not valued:
        return _check(False, "No goals the person values yet: ask what they want to work towards." + apart)
    by_worker = [f.goal for f in valued if f.by_worker]
    if by_worker:
        return _check(
            False,
            f"{len(by_worker)} of {count(len(valued), 'goal')} identified by the worker alone "
            f"({_quotes(by_worker)}): revisit them with the person so the goals are their own." + apart,
        )
    every = "The goal was" if len(valued) == 1 else f"All {len(valued)} goals were"
    return _check(True, f"{every} identified by the person or jointly." + apart)


def _linked_check(
    valued: list[GoalFacts], unlinked: list[GoalFacts], held: dict[str, Any], noun: str, advice: str
) -> dict[str, Any]:
    if not valued:
        return _check(False, f"No goals yet, so none is linked to a {noun}.")
    if not any(item.get("current", True) for item in held.values()):
        return _check(False, f"No {noun} of the person is linked to any goal yet: {advice}.")
    if unlinked:
        return _check(
            False,
            f"{len(unlinked)} of {count(len(valued), 'goal')} not linked to a {noun} "
            f"({_quotes([f.goal for f in unlinked])}): talk with the person about which of their {noun}s "
            f"{'each expresses' if noun == 'value' else 'each can build on'}, and link them.",
        )
    return _check(True, f"Every goal is linked to at least one {noun} of the person.")


def _action_check(open_goals: list[GoalFacts]) -> dict[str, Any]:
    steps = [step for f in open_goals for step in f.open_steps]
    if not steps:
        return _check(
            False, "No open steps on active goals: agree a first step the person takes alone or with others."
        )
    passive = [s for s in steps if s["mode"] == "passive"]
    counts = (
        f"{sum(s['mode'] == 'independent' for s in steps)} independent, "
        f"{sum(s['mode'] == 'joint' for s in steps)} joint and {len(passive)} passive"
    )
    if len(passive) * 2 >= len(steps):
        return _check(
            False,
            f"Of {count(len(steps), 'open step')}, {counts}: "
            f"passive steps ({_quotes(passive, 'description')}) are done for the person; "
            "look for ways they can take them on alone or with others.",
        )
    return _check(True, f"Of {count(len(steps), 'open step')}, {counts}.")
