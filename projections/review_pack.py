"""The review pack: what happened since the last review, goal by goal, to look back on together.

It answers the questions a review asks (manual, chapter 5.4): what progress to
notice and reinforce, what got stuck, which goals to revisit. Built from the
timeline (what happened, in the person's words before and after) and the
journey document (where things stand now).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from domain.vocabulary import GoalStatus, IdentifiedBy, Orientation, StepMode, StepStatus
from projections.care_plan import OPEN_GOAL_STATUSES, OPEN_STEP_STATUSES, quote
from projections.coaching import held_in_period
from projections.journey import Document

#: How much of a step the person takes on, least first.
_INDEPENDENCE = {StepMode.PASSIVE: 0, StepMode.JOINT: 1, StepMode.INDEPENDENT: 2}
_STATUS_EVENTS = {"GoalPaused", "GoalResumed", "GoalAchieved", "GoalDiscontinued"}
#: A step rescheduled this many times in the period is worth talking about.
RESCHEDULED_OFTEN = 2


def review_pack(doc: Document, entries: list[dict[str, Any]], since: str, today: date) -> dict[str, Any]:
    """``entries``: the person's timeline entries that happened at or after ``since``."""
    goals = {goal_id: _goal_summary(doc, goal) for goal_id, goal in doc["goals"].items()}
    period = _Period()
    for entry in entries:
        period.add(doc, entry, goals)
    for summary in goals.values():
        summary["overdue_steps"] = [
            {"id": s["id"], "description": s["description"], "due": s["due"]}
            for s in (doc["steps"][i] for i in summary.pop("_step_ids"))
            if s["status"] in OPEN_STEP_STATUSES and s["due"] and s["due"] < today.isoformat()
        ]
    shown = [
        g for g in goals.values() if g["status"] in OPEN_GOAL_STATUSES or g.pop("_active_in_period", False)
    ]
    for goal in shown:
        goal.pop("_active_in_period", None)
    last_review = doc["reviews"].get(doc.get("last_review_id") or "")
    return {
        "person_id": doc["person"]["id"],
        "since": since,
        "until": today.isoformat(),
        "last_review": last_review,
        "next_review_due": doc.get("next_review_due"),
        "review_overdue": bool(doc.get("next_review_due") and doc["next_review_due"] < today.isoformat()),
        "goals": shown,
        "period": period.totals(),
        "working_agreement": _agreement(doc, since, today),
        "prompts": _prompts(shown, period),
        "conversations": held_in_period(doc, entries),
    }


def _goal_summary(doc: Document, goal: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": goal["id"],
        "statement": goal["statement"],
        "status": goal["status"],
        "orientation": goal["orientation"],
        "identified_by": goal["identified_by"],
        "decision_at_last_review": goal.get("last_decision"),
        "steps_planned": [],
        "steps_started": [],
        "steps_completed": [],
        "steps_dropped": [],
        "steps_rescheduled": [],
        "mode_changes": [],
        "reframes": [],
        "revisions": [],
        "status_changes": [],
        "linked_to_value": any(doc["values"].get(i, {}).get("current") for i in goal["value_ids"]),
        "linked_to_strength": any(doc["strengths"].get(i, {}).get("current") for i in goal["strength_ids"]),
        "_step_ids": list(goal["step_ids"]),
        "_active_in_period": False,
    }


class _Period:
    def __init__(self) -> None:
        self.steps: dict[str, Counter[str]] = {status.value: Counter() for status in StepStatus}
        self.goals_identified: list[dict[str, str]] = []
        self.goals_achieved: list[dict[str, str]] = []
        self.changes: Counter[str] = Counter()

    def add(self, doc: Document, entry: dict[str, Any], goals: dict[str, dict[str, Any]]) -> None:
        kind, data, at = entry["type"], entry["data"], entry["at"]
        self.changes[kind] += 1
        goal = goals.get(entry["goal_id"] or "")
        if goal is not None:
            goal["_active_in_period"] = True
        step = doc["steps"].get(entry["step_id"] or "")
        if kind == "GoalIdentified":
            self.goals_identified.append(_named(doc, entry["goal_id"]))
        if kind == "GoalAchieved":
            self.goals_achieved.append(_named(doc, entry["goal_id"]))
        if goal is None:
            return
        if step is not None and kind in ("StepPlanned", "StepStarted", "StepCompleted", "StepDropped"):
            outcome = kind.removeprefix("Step").lower()
            mode = data["mode"] if kind == "StepPlanned" else step["mode"]
            self.steps[outcome][mode] += 1
            item = {"id": step["id"], "description": step["description"], "mode": mode, "at": at}
            if kind == "StepDropped":
                item["reason"] = data["reason"]
            elif kind in ("StepStarted", "StepCompleted"):
                item["note"] = data["note"]
            goal[f"steps_{outcome}"].append(item)
        elif kind == "StepRescheduled" and step is not None:
            goal["steps_rescheduled"].append(
                {
                    "id": step["id"],
                    "description": step["description"],
                    "from": data["previous_due"],
                    "to": data["due"],
                    "at": at,
                }
            )
        elif kind == "StepModeChanged" and step is not None:
            goal["mode_changes"].append(
                {
                    "id": step["id"],
                    "description": step["description"],
                    "from": data["previous_mode"],
                    "to": data["mode"],
                    "with_whom": data["with_whom"],
                    # Passive to joint, or joint to independent: the person taking more on.
                    "towards_independence": _INDEPENDENCE[data["mode"]]
                    > _INDEPENDENCE[data["previous_mode"]],
                    "at": at,
                }
            )
        elif kind == "GoalReframed":
            goal["reframes"].append(
                {
                    "from": data["previous_statement"],
                    "to": data["statement"],
                    "from_orientation": data["previous_orientation"],
                    "to_orientation": data["orientation"],
                    "at": at,
                }
            )
        elif kind == "GoalRevised":
            goal["revisions"].append({"changes": data["changes"], "previous": data["previous"], "at": at})
        elif kind in _STATUS_EVENTS:
            goal["status_changes"].append(
                {
                    "type": kind,
                    "note": data.get("note") or data.get("reason"),
                    "at": at,
                    "at_review": data.get("review_id") is not None,
                }
            )

    def totals(self) -> dict[str, Any]:
        return {
            "steps": {
                outcome: {mode.value: counts[mode] for mode in StepMode}
                for outcome, counts in self.steps.items()
            },
            "goals_identified": self.goals_identified,
            "goals_achieved": self.goals_achieved,
            "values_added": self.changes["ValueRecorded"],
            "values_changed": self.changes["ValueRevised"] + self.changes["ValueWithdrawn"],
            "strengths_added": self.changes["StrengthIdentified"],
            "strengths_changed": self.changes["StrengthRevised"] + self.changes["StrengthRemoved"],
        }


def _named(doc: Document, goal_id: str | None) -> dict[str, str]:
    goal = doc["goals"][goal_id or ""]
    return {"id": goal["id"], "statement": goal["statement"]}


def _agreement(doc: Document, since: str, today: date) -> dict[str, Any] | None:
    """The working agreement, when it changed in the period or is due to be revisited."""
    agreement = doc["person"]["working_agreement"]
    if agreement is None:
        return None
    changed = agreement["made_at"] >= since
    due = bool(agreement["review_by"] and agreement["review_by"] <= today.isoformat())
    if not (changed or due):
        return None
    return {**agreement, "changed_in_period": changed, "due": due}


def _prompts(goals: list[dict[str, Any]], period: _Period) -> dict[str, list[str]]:
    notice: list[str] = []
    stuck: list[str] = []
    revisit: list[str] = []
    for achieved in period.goals_achieved:
        notice.append(f"Goal achieved: {quote(achieved['statement'])}")
    for goal in goals:
        name = quote(goal["statement"])
        for step in goal["steps_completed"]:
            notice.append(f"Step completed ({step['mode']}) towards {name}: {quote(step['description'])}")
        for change in goal["mode_changes"]:
            if change["towards_independence"]:
                notice.append(
                    f"{quote(change['description'])} went from {change['from']} to {change['to']}: "
                    "the person is taking it on"
                )
        for step in goal["steps_dropped"]:
            stuck.append(f"Step dropped towards {name}: {quote(step['description'])}")
        for step in goal["overdue_steps"]:
            stuck.append(f"Step overdue since {step['due']} towards {name}: {quote(step['description'])}")
        rescheduled = Counter(r["id"] for r in goal["steps_rescheduled"])
        for step_id, times in rescheduled.items():
            if times >= RESCHEDULED_OFTEN:
                description = next(r["description"] for r in goal["steps_rescheduled"] if r["id"] == step_id)
                stuck.append(f"{quote(description)} was rescheduled {times} times")
        if goal["status"] == GoalStatus.ACTIVE and not any(
            goal[k]
            for k in ("steps_planned", "steps_started", "steps_completed", "steps_dropped", "mode_changes")
        ):
            stuck.append(f"No step activity on {name} in this period")
        if goal["status"] == GoalStatus.PAUSED:
            revisit.append(f"{name} is paused: resume, revise or let it go?")
        if goal["orientation"] == Orientation.AVOIDANCE and goal["status"] in OPEN_GOAL_STATUSES:
            revisit.append(
                f"{name} is an avoidance goal: could it be reframed towards what the person wants?"
            )
        if goal["identified_by"] == IdentifiedBy.WORKER and goal["status"] in OPEN_GOAL_STATUSES:
            revisit.append(f"{name} was identified by the worker alone: is it the person's own?")
        if goal["status"] in OPEN_GOAL_STATUSES and not (
            goal["linked_to_value"] and goal["linked_to_strength"]
        ):
            missing = " and ".join(
                word
                for word, ok in (
                    ("a value", goal["linked_to_value"]),
                    ("a strength", goal["linked_to_strength"]),
                )
                if not ok
            )
            revisit.append(f"{name} is not linked to {missing}")
    return {"notice_and_reinforce": notice, "got_stuck": stuck, "revisit": revisit}
