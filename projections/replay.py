"""Replay: the journey frame by frame, each event with what it changed in the care plan.

Frames are produced lazily, one event at a time, so a long journey starts
streaming at once. Summaries are the timeline's own (``summarise``), computed
on the same document the live timeline saw.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from projections import journey
from projections.care_plan import care_plan
from projections.changes import plan_changes
from projections.events import event_type, goal_id_of, iso_time, step_id_of
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
    doc = journey.new_document()
    before: dict[str, Any] | None = None
    before_is_stale = False
    previous_position = 0
    for item in recorded:
        event = item.event
        if until is not None and event.timestamp > until:
            return
        shown = since is None or event.timestamp >= since
        if shown and before_is_stale:
            # Events before `since` are folded but not compared: build the plan they left once.
            before = care_plan(doc, previous_position) if doc["person"] else None
        journey.apply(doc, event)
        previous_position = item.position
        if not shown:
            before_is_stale = True
            continue
        after = care_plan(doc, item.position)
        goal_id, step_id = goal_id_of(event), step_id_of(event)
        yield {
            "position": item.position,
            "at": iso_time(event.timestamp),
            "type": event_type(event),
            "actor": {"subject": event.actor_subject, "role": event.actor_role},
            "summary": summarise(event, doc),
            "goal_id": str(goal_id) if goal_id else None,
            "step_id": str(step_id) if step_id else None,
            "changes": plan_changes(before, after, doc),
            "notes": list((notes or {}).get(item.position, ())),
        }
        before, before_is_stale = after, False


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
