"""What changed in the care plan between two of its states, goal by goal.

Replay frames (one event apart) and the diff between two moments (any distance
apart) both use :func:`plan_changes`, comparing care plans built by
:func:`projections.care_plan.care_plan`, so "what changed" is always stated in
terms of the plan the worker and the person actually saw.
"""

from __future__ import annotations

from typing import Any

from projections.journey import Document

_GOAL_FIELDS = (
    "statement",
    "status",
    "orientation",
    "identified_by",
    "responsibility",
    "life_domain",
    "in_own_words",
    "target_date",
    "values",
    "strengths",
    "preferences",
    "grow",
    "progress",
)
_STEP_FIELDS = ("description", "mode", "with_whom", "status", "due", "preference_ids")

Plan = dict[str, Any]


def plan_changes(before: Plan | None, after: Plan | None, after_doc: Document | None) -> dict[str, Any]:
    """``{goals, checks, next_review_due}``: an empty ``goals`` and ``checks`` mean no change.

    ``before`` is None before the person was registered (everything is new);
    ``after_doc`` says how a goal that left the plan was closed.
    """
    return {
        "goals": _goal_changes(_goals_of(before), _goals_of(after), after_doc),
        "checks": _check_changes(before, after),
        "next_review_due": _value_change(before, after, "next_review_due"),
    }


def _goals_of(plan: Plan | None) -> list[dict[str, Any]]:
    """The person's goals, then the service's: a service goal changes like any other."""
    return [*plan["goals"], *plan.get("service_goals", ())] if plan else []


def _goal_changes(
    old_list: list[dict[str, Any]], new_list: list[dict[str, Any]], after_doc: Document | None
) -> list[dict[str, Any]]:
    old_goals = {g["id"]: g for g in old_list}
    new_goals = {g["id"]: g for g in new_list}
    goals: list[dict[str, Any]] = []
    for goal_id, goal in new_goals.items():
        if change := goal_change(old_goals.get(goal_id), goal, after_doc):
            goals.append(change)
    for goal_id, old in old_goals.items():
        if goal_id not in new_goals and (change := goal_change(old, None, after_doc)):
            goals.append(change)
    return goals


def goal_change(
    old: dict[str, Any] | None, new: dict[str, Any] | None, after_doc: Document | None
) -> dict[str, Any] | None:
    """How one goal's view changed (None: not in that plan), or None if it did not."""
    if old is new:
        return None
    if old is None:
        assert new is not None
        return {
            "id": new["id"],
            "statement": new["statement"],
            "change": "added",
            "status": new["status"],
            "fields": {},
            "steps": [_step_added(s) for s in new["steps"]],
        }
    if new is None:
        closed = (after_doc or {}).get("goals", {}).get(old["id"])
        status = closed["status"] if closed else "removed"
        return {
            "id": old["id"],
            "statement": old["statement"],
            "change": "closed",
            "status": status,
            "fields": {"status": {"from": old["status"], "to": status}},
            "steps": [],
        }
    return _goal_changed(old, new)


def _goal_changed(old: dict[str, Any], goal: dict[str, Any]) -> dict[str, Any] | None:
    fields = _changed(old, goal, _GOAL_FIELDS)
    steps = _step_changes(old["steps"], goal["steps"])
    if not (fields or steps):
        return None
    return {
        "id": goal["id"],
        "statement": goal["statement"],
        "change": "changed",
        "status": goal["status"],
        "fields": fields,
        "steps": steps,
    }


def _changed(old: dict[str, Any], new: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: {"from": old[name], "to": new[name]} for name in names if old[name] != new[name]}


def _step_added(step: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": step["id"],
        "description": step["description"],
        "change": "added",
        "status": step["status"],
        "fields": {},
    }


def _step_changes(old_steps: list[dict[str, Any]], new_steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    old_by_id = {s["id"]: s for s in old_steps}
    changes = []
    for step in new_steps:
        old = old_by_id.get(step["id"])
        if old is step:
            continue
        if old is None:
            changes.append(_step_added(step))
            continue
        if old["version"] == step["version"]:
            continue  # a step's view is its own events': the same version, the same view
        fields = _changed(old, step, _STEP_FIELDS)
        if fields:
            changes.append(
                {
                    "id": step["id"],
                    "description": step["description"],
                    "change": "changed",
                    "status": step["status"],
                    "fields": fields,
                }
            )
    return changes


def _check_changes(before: Plan | None, after: Plan | None) -> list[dict[str, Any]]:
    if after is None:
        return []
    return check_changes(before["checks"] if before else None, after["checks"])


def check_changes(
    old: dict[str, dict[str, Any]] | None, new: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Checks whose outcome changed (met, not met, not applicable); a new plan's checks all count.

    The outcome, not ``ok``, decides: ``ok`` is true both when a check is met and when it does
    not apply, and a frame that said "met" of a check that does not apply would mislead.
    """
    changed = []
    for name, check in new.items():
        was = old.get(name) if old else None
        if was is check:
            continue
        if was is None or was["outcome"] != check["outcome"]:
            changed.append(
                {
                    "check": name,
                    "ok": check["ok"],
                    "was_ok": None if was is None else was["ok"],
                    "outcome": check["outcome"],
                    "was_outcome": None if was is None else was["outcome"],
                    "detail": check["detail"],
                }
            )
    return changed


def _value_change(before: Plan | None, after: Plan | None, name: str) -> dict[str, Any] | None:
    return value_change(before.get(name) if before else None, after.get(name) if after else None)


def value_change(old: Any, new: Any) -> dict[str, Any] | None:
    return None if old == new else {"from": old, "to": new}
