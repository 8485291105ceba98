"""Subject access: everything held about one person, in one document.

The person's events in the order they were recorded (their own, their goals' and steps'),
each with its type, position, time, actor and data; the current views of their journey; the
supervision notes pinned to their events, marked as such, since they are about the person's
care though not part of the journey; the requests to erase their data; and who has read their
data, when and which view (UK GDPR article 15(1)(c): to whom their data was disclosed).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from domain.actor import Actor
from domain.errors import NotPermittedError
from projections.access_log import reads_of
from projections.events import event_data, event_type, iso_time, uuid_text
from projections.history import JourneyHistory
from projections.people_read import wait_for_records
from projections.queries import JourneyViews
from projections.store import ViewStore

#: What a supervision note is marked as in the export, beside the journey's own records.
SUPERVISION_NOTE = "supervision_note"


def may_export(viewer: Actor) -> bool:
    """The person's team and admins answer a subject access request; other systems (integration
    tokens) follow the event feed and never see supervision notes, so they may not export."""
    return viewer.may_read_supervision_notes


def subject_access(
    views: JourneyViews,
    history: JourneyHistory,
    store: ViewStore,
    person_id: UUID,
    viewer: Actor,
    *,
    today: date,
    stale_after_days: int,
) -> dict[str, Any]:
    """The export of ``person_id`` for ``viewer`` (404 outside the viewer's teams)."""
    profile = views.profile(person_id, viewer)  # first: 404 for a person the viewer cannot see
    if not may_export(viewer):
        raise NotPermittedError("a person's records are exported by their team or an admin")
    recorded = history.events(person_id, viewer)
    events = [
        {
            "position": item.position,
            "type": event_type(item.event),
            "aggregate_id": uuid_text(item.event.originator_id),
            "aggregate_version": item.event.originator_version,
            "at": iso_time(item.event.timestamp),
            "actor": {"subject": item.event.actor_subject, "role": item.event.actor_role},
            "data": event_data(item.event),
        }
        for item in recorded
    ]
    notes = [
        {"kind": SUPERVISION_NOTE, **note} for note in views.supervision_notes(person_id, viewer)["items"]
    ]
    wait_for_records()  # this export's own read is in the log it carries
    with store.reading() as tx:
        reads = reads_of(tx, person_id)
    return {
        "person_id": str(person_id),
        "exported_at": iso_time(datetime.now(UTC)),
        "position": recorded[-1].position if recorded else profile["position"],
        "events": events,
        "views": {
            "profile": profile,
            "care_plan": views.care_plan(person_id, viewer),
            "conversations": views.conversations(person_id, viewer),
            "strengths_worksheet": views.strengths_worksheet(
                person_id, viewer, today=today, stale_after_days=stale_after_days
            ),
        },
        "supervision_notes": notes,
        "erasure_requests": _erasure_requests(store, person_id),
        "access_log": reads,
    }


def _erasure_requests(store: ViewStore, person_id: UUID) -> list[dict[str, Any]]:
    with store.reading() as tx:
        rows = tx.all(
            "SELECT position, outcome, reason, rule, actor_subject, actor_role, at"
            " FROM {s}refocus_erasure_log WHERE person_id = ? ORDER BY position",
            (str(person_id),),
        )
    return [
        {
            "position": int(position),
            "outcome": outcome,
            "reason": reason,
            "rule": rule,
            "actor": {"subject": subject, "role": role},
            "at": at,
        }
        for position, outcome, reason, rule, subject, role, at in rows
    ]
