"""A replay frame in words, for a terminal: time, actor and summary, then what changed."""

from __future__ import annotations

from typing import Any

_INDENT = "    "
_CHECKS = {
    "personally_valued_goals": "personally valued goals",
    "reflects_values": "reflects values",
    "builds_on_strengths": "builds on strengths",
    "independent_or_joint_action": "independent or joint action",
}


def render_frame(frame: dict[str, Any]) -> str:
    at = frame["at"].replace("T", " ")[:19]
    actor = frame["actor"]
    lines = [
        f"#{frame['position']}  {at} UTC  {actor['subject']} ({actor['role']})  {frame['type']}",
        f"{_INDENT}{frame['summary']}",
    ]
    lines.extend(_INDENT + "  " + line for line in change_lines(frame["changes"]))
    for note in frame.get("notes", []):
        if note["status"] == "current":
            author = note["author"]
            lines.append(f"{_INDENT}  [note by {author['subject']} ({author['role']})] {note['text']}")
    return "\n".join(lines)


def change_lines(changes: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for goal in changes["goals"]:
        if goal["change"] == "added":
            lines.append(f"+ goal “{goal['statement']}” ({goal['status']})")
        elif goal["change"] == "closed":
            lines.append(f"- goal “{goal['statement']}” closed: {goal['status']}")
        else:
            fields = "; ".join(_field(name, c) for name, c in goal["fields"].items())
            lines.append(f"~ goal “{goal['statement']}”" + (f": {fields}" if fields else ""))
        for step in goal["steps"]:
            if step["change"] == "added":
                lines.append(f"  + step “{step['description']}” ({step['status']})")
            else:
                fields = "; ".join(_field(name, c) for name, c in step["fields"].items())
                lines.append(f"  ~ step “{step['description']}”: {fields}")
    for check in changes["checks"]:
        now = check["outcome"].replace("_", " ")
        was = "" if check["was_outcome"] is None else check["was_outcome"].replace("_", " ") + " → "
        lines.append(f"! check {_CHECKS.get(check['check'], check['check'])}: {was}{now}")
    if changes["next_review_due"]:
        lines.append(_field("next review due", changes["next_review_due"]))
    return lines


def _field(name: str, change: dict[str, Any]) -> str:
    if name == "grow":
        return "GROW conversation " + ("recorded" if change["from"] is None else "updated")
    return f"{name.replace('_', ' ')} {_show(change['from'])} → {_show(change['to'])}"


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, dict) and set(value) == {"completed", "total"}:
        return f"{value['completed']}/{value['total']}"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v.get("statement") if isinstance(v, dict) else v) for v in value) + "]"
    if isinstance(value, dict):
        return "{…}"
    return str(value)
