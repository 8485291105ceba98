"""Replay: the journey frame by frame, each event with what it changed in the care plan.

Frames are produced lazily, one event at a time, so a long journey starts
streaming at once. Summaries are the timeline's own (``summarise``), computed
on the same document the live timeline saw.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from domain.action import Step
from domain.goal import Goal
from projections import journey
from projections.care_plan import OPEN_GOAL_STATUSES, GoalFacts, care_plan, checks, goal_facts, goal_view
from projections.changes import plan_changes
from projections.events import event_type, goal_id_of, iso_time, step_id_of, uuid_text
from projections.history import Recorded, fold
from projections.timeline import summarise

Notes = Mapping[int, Sequence[dict[str, Any]]]


def frames(
    recorded: Iterable[Recorded],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    notes: Notes | None = None,
) -> Iterator[dict[str, Any]]:
    """One frame per event at or after ``since`` and at or before ``until``."""
    plans = PlanAfterEachEvent()
    before: dict[str, Any] | None = None
    for item in recorded:
        event = item.event
        if until is not None and event.timestamp > until:
            return
        after = plans.apply(item)
        if since is not None and event.timestamp < since:
            before = after
            continue
        goal_id, step_id = goal_id_of(event), step_id_of(event)
        yield {
            "position": item.position,
            "at": iso_time(event.timestamp),
            "type": event_type(event),
            "actor": {"subject": event.actor_subject, "role": event.actor_role},
            "summary": summarise(event, plans.document),
            "goal_id": str(goal_id) if goal_id else None,
            "step_id": str(step_id) if step_id else None,
            "changes": plan_changes(before, after, plans.document),
            "notes": list((notes or {}).get(item.position, ())),
        }
        before = after


class PlanAfterEachEvent:
    """The care plan after each event of a journey, built from the plan before it.

    Building every frame's plan from scratch made a 500-event replay cost
    ~0.3 ms a frame, growing with the plan. Here only the goals an event
    touched are rebuilt; the others keep their view objects, so comparing two
    consecutive plans skips them by identity. ``care_plan`` stays the one
    definition of a plan: each plan equals ``care_plan(document, position)``
    (a property test holds the two together).
    """

    def __init__(self) -> None:
        self.document = journey.new_document()
        self._goal_views: dict[str, dict[str, Any]] = {}
        self._goal_facts: dict[str, GoalFacts] = {}

    def apply(self, item: Recorded) -> dict[str, Any] | None:
        """The plan after ``item``; None while the person is not registered."""
        doc = self.document
        journey.apply(doc, item.event)
        if not doc["person"]:
            return None
        for goal_id in touched_goals(doc, item.event):
            goal = doc["goals"][goal_id]
            if goal["status"] in OPEN_GOAL_STATUSES:
                self._goal_views[goal_id] = goal_view(doc, goal)
                self._goal_facts[goal_id] = goal_facts(doc, goal)
            else:
                self._goal_views.pop(goal_id, None)
                self._goal_facts.pop(goal_id, None)
        # Both dicts list the open goals in the document's order: a goal enters them when it
        # is identified and leaves for good when it closes (a closed goal never reopens).
        return {
            "person_id": doc["person"]["id"],
            "as_of": None,
            "position": item.position,
            "goals": list(self._goal_views.values()),
            "checks": checks(doc, list(self._goal_facts.values())),
            "next_review_due": doc.get("next_review_due"),
        }


def touched_goals(doc: journey.Document, event: Any) -> list[str]:
    """The goals whose care-plan view ``event`` can have changed (after it was applied)."""
    if isinstance(event, Goal.Event):
        return [uuid_text(event.originator_id)]
    if isinstance(event, Step.Event):
        return [doc["steps"][uuid_text(event.originator_id)]["goal_id"]]
    # A person's value or strength shows, by statement and whether current, in the goals linked to it.
    linked = getattr(event, "value_id", None) or getattr(event, "strength_id", None)
    if linked is None:
        return []
    linked_id = uuid_text(linked)
    return [
        g["id"]
        for g in doc["goals"].values()
        if linked_id in g["value_ids"] or linked_id in g["strength_ids"]
    ]


def diff(recorded: Sequence[Recorded], start: datetime, end: datetime) -> dict[str, Any] | None:
    """The care plan at ``end`` compared with the plan at ``start``; None if the person
    was not registered yet at ``end``."""
    then, now = fold(recorded, start), fold(recorded, end)
    if not now.registered:
        return None
    old = care_plan(then.document, then.position) if then.registered else None
    new = care_plan(now.document, now.position)
    return {
        "person_id": new["person_id"],
        "from": iso_time(start),
        "to": iso_time(end),
        "from_position": then.position if then.registered else None,
        "to_position": now.position,
        **plan_changes(old, new, now.document),
    }
