"""The current care plan: the person's open goals, the service's goals apart, and the four
REFOCUS checks (manual, end of chapter 5; the checks are in :mod:`projections.checks`).

Goals the service needs for other reasons (risk, legal duties) are integrated in the plan
but answered in their own list, ``service_goals`` (manual, 5.3 principle 2).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from domain.vocabulary import GoalStatus, IdentifiedBy, StepStatus
from projections.checks import OPEN_STEP_STATUSES as OPEN_STEP_STATUSES
from projections.checks import checks, goal_facts
from projections.journey import Document
from projections.words import quote as quote

OPEN_GOAL_STATUSES = frozenset(status for status in GoalStatus if not status.is_closed)


def step_view(step: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": step["id"],
        "goal_id": step["goal_id"],
        "description": step["description"],
        "mode": step["mode"],
        "with_whom": step["with_whom"],
        "status": step["status"],
        "due": step["due"],
        "preference_ids": step["preference_ids"],
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
        "preferences": [_linked(doc["treatment_preferences"], i) for i in goal["preference_ids"]],
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
        "goals": [
            goal_view(doc, g)
            for g in in_priority_order(doc, open_goals)
            if g["identified_by"] != IdentifiedBy.SERVICE
        ],
        "service_goals": [
            goal_view(doc, g) for g in open_goals if g["identified_by"] == IdentifiedBy.SERVICE
        ],
        "checks": checks(doc, [goal_facts(doc, g) for g in open_goals]),
        "next_review_due": doc.get("next_review_due"),
    }
