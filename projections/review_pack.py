"""The review pack: what happened since the last review, goal by goal, to look back on together.

It answers the questions a review asks (manual, 5.4 "Reviewing progress"): what
progress to notice and reinforce, what got stuck, which goals to revisit. Built
from the timeline (what happened, in the person's words before and after) and
the journey document (where things stand now). Dropped steps are grouped by
their kind, which decides where their prompt goes (``review_prompts.step_dropped``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from domain.vocabulary import DropKind, StepMode, StepStatus
from projections import review_prompts as say
from projections.care_plan import OPEN_GOAL_STATUSES, OPEN_STEP_STATUSES
from projections.coaching import held_in_period
from projections.journey import Document
from projections.review_due import FIRST_REVIEW_DAYS, first_review_due, review_is_overdue

_STATUS_EVENTS = {"GoalPaused", "GoalResumed", "GoalAchieved", "GoalDiscontinued"}
#: Step activity on a goal (a reschedule alone is not activity).
_STEP_ACTIVITY = ("steps_planned", "steps_started", "steps_completed", "steps_dropped", "mode_changes")


def review_pack(
    doc: Document,
    entries: list[dict[str, Any]],
    since: str,
    today: date,
    first_review_days: int = FIRST_REVIEW_DAYS,
) -> dict[str, Any]:
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
    person, next_due = doc["person"], doc.get("next_review_due")
    return {
        "person_id": person["id"],
        "since": since,
        "until": today.isoformat(),
        "last_review": last_review,
        "next_review_due": next_due,
        "review_overdue": review_is_overdue(
            person["status"], person["registered_at"], next_due, today, first_review_days
        ),
        "first_review_due": first_review_due(person["registered_at"], next_due, first_review_days),
        "goals": shown,
        "period": period.totals(),
        "working_agreement": _agreement(doc, since, today),
        "prompts": _prompts(doc, shown, period),
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
        "steps_dropped_by_kind": {kind.value: [] for kind in DropKind},
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
        self.dropped_by_kind: Counter[str] = Counter()

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
                item["kind"] = data.get("kind", DropKind.OTHER.value)
                goal["steps_dropped_by_kind"][item["kind"]].append(item)
                self.dropped_by_kind[item["kind"]] += 1
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
                    "towards_independence": say.towards_independence(data["previous_mode"], data["mode"]),
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
            "steps_dropped_by_kind": {kind.value: self.dropped_by_kind[kind] for kind in DropKind},
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


def _prompts(doc: Document, goals: list[dict[str, Any]], period: _Period) -> dict[str, list[str]]:
    """Each prompt in the list of the review's task it serves (``review_prompts``)."""
    prompts: dict[str, list[str]] = {say.NOTICE: [], say.STUCK: [], say.REVISIT: [], say.TALK_THROUGH: []}
    values_recorded = any(v["current"] for v in doc["values"].values())
    strengths_recorded = any(s["current"] for s in doc["strengths"].values())
    for achieved in period.goals_achieved:
        prompts[say.NOTICE].append(say.goal_achieved(achieved["statement"]))
    for goal in goals:
        statement, status = goal["statement"], goal["status"]
        for step in goal["steps_completed"]:
            with_whom = doc["steps"][step["id"]]["with_whom"]
            prompts[say.NOTICE].append(
                say.step_completed(statement, step["description"], step["mode"], with_whom)
            )
        for change in goal["mode_changes"]:
            _add(prompts, say.NOTICE, say.taking_it_on(change["description"], change["from"], change["to"]))
        for step in goal["steps_dropped"]:
            where, text = say.step_dropped(statement, step["description"], step["kind"], step["reason"])
            prompts[where].append(text)
        for step in goal["overdue_steps"]:
            prompts[say.STUCK].append(say.step_overdue(statement, step["description"], step["due"]))
        rescheduled = Counter(r["id"] for r in goal["steps_rescheduled"])
        for step_id, times in rescheduled.items():
            description = next(r["description"] for r in goal["steps_rescheduled"] if r["id"] == step_id)
            _add(prompts, say.STUCK, say.rescheduled(description, times))
        active = any(goal[k] for k in _STEP_ACTIVITY)
        steps_on_goal = len(doc["goals"][goal["id"]]["step_ids"])
        _add(prompts, say.STUCK, say.no_step_activity(statement, status, steps_on_goal, active))
        identified_by = goal["identified_by"]
        _add(prompts, say.REVISIT, say.paused(statement, status))
        _add(prompts, say.REVISIT, say.avoidance(statement, goal["orientation"], identified_by, status))
        _add(prompts, say.REVISIT, say.worker_identified(statement, identified_by, status))
        _add(
            prompts,
            say.REVISIT,
            say.unlinked(
                statement,
                identified_by,
                status,
                linked_to_value=goal["linked_to_value"],
                linked_to_strength=goal["linked_to_strength"],
                values_recorded=values_recorded,
                strengths_recorded=strengths_recorded,
            ),
        )
    return prompts


def _add(prompts: dict[str, list[str]], where: str, text: str | None) -> None:
    if text is not None:
        prompts[where].append(text)
