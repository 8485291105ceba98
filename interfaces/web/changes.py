"""What changed in the care plan, in words: a replay frame's changes and a diff's, alike.

Both come from ``projections.changes.plan_changes``: goals added, changed or closed (with
their steps), checks whose verdict flipped, and the next review date. The page shows
them as sentences, never as raw field names or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interfaces.web.dates import day
from interfaces.web.people import CHECK_NAMES

_FIELD_NAMES = {
    "statement": "statement",
    "status": "status",
    "orientation": "orientation",
    "identified_by": "identified by",
    "responsibility": "responsibility",
    "life_domain": "life area",
    "in_own_words": "in the person's own words",
    "target_date": "target date",
    "values": "values it serves",
    "strengths": "strengths it builds on",
    "grow": "GROW conversation",
    "progress": "progress",
    "description": "description",
    "mode": "mode",
    "with_whom": "with whom",
    "due": "due date",
}
_DATES = {"target_date", "due"}


@dataclass
class Change:
    """One line, and the lines under it (a goal's steps)."""

    text: str
    items: list[str] = field(default_factory=list)


#: A check's outcome in the words of the care plan's tags.
_OUTCOME_WORDS = {"met": "met", "not_met": "not met", "not_applicable": "not applicable"}


def describe_changes(changes: dict[str, Any]) -> list[Change]:
    """Every change as a sentence; an empty list when nothing in the care plan changed."""
    lines = [_goal(goal) for goal in changes.get("goals", [])]
    for check in changes.get("checks", []):
        name = CHECK_NAMES.get(check["check"], check["check"].replace("_", " ").capitalize())
        verdict = _OUTCOME_WORDS[check["outcome"]]
        if check["was_outcome"] is None:
            lines.append(Change(f"Check “{name}”: {verdict}. {check['detail']}"))
        else:
            lines.append(Change(f"Check “{name}” now {verdict}. {check['detail']}"))
    review = changes.get("next_review_due")
    if review:
        if review["to"] is None:
            lines.append(Change("Next review date cleared."))
        elif review["from"] is None:
            lines.append(Change(f"Next review set for {day(review['to'])}."))
        else:
            lines.append(Change(f"Next review moved from {day(review['from'])} to {day(review['to'])}."))
    return lines


def _goal(goal: dict[str, Any]) -> Change:
    statement = f"“{goal['statement']}”"
    if goal["change"] == "added":
        text = f"Goal added: {statement} ({_words('status', goal['status'])})."
    elif goal["change"] == "closed":
        text = f"Goal {_words('status', goal['status'])}: {statement}."
    else:
        fields = _fields(goal["fields"])
        text = f"Goal {statement} changed" + (f": {fields}." if fields else ".")
    return Change(text, [_step(step) for step in goal["steps"]])


def _step(step: dict[str, Any]) -> str:
    description = f"“{step['description']}”"
    if step["change"] == "added":
        return f"Step added: {description} ({_words('status', step['status'])})."
    return f"Step {description} changed: {_fields(step['fields'])}."


def _fields(fields: dict[str, dict[str, Any]]) -> str:
    parts = []
    for name, change in fields.items():
        label = _FIELD_NAMES.get(name, name.replace("_", " "))
        if name == "grow":
            parts.append(f"{label} recorded")
        elif name == "progress":
            parts.append(f"{label} now {_words(name, change['to'])}")
        else:
            parts.append(f"{label} from {_words(name, change['from'])} to {_words(name, change['to'])}")
    return "; ".join(parts)


def _words(name: str, value: Any) -> str:
    if value is None or value == []:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name in _DATES:
        return day(value)
    if name == "progress":
        total = value["total"]
        return f"{value['completed']} of {total} {'step' if total == 1 else 'steps'} done"
    if isinstance(value, list):
        return ", ".join(f"“{v['statement']}”" if isinstance(v, dict) else str(v) for v in value)
    return str(value).replace("_", " ")
