"""What the views do with an erasure: purge the person, keep their ids to answer 410 Gone, and
log every request to erase, granted or refused.

Applied in event order by the projector, so a rebuild from the first event purges the
person again. The person's timeline rows stay, withheld: the event feed still lists each
position (its type, aggregate, time and actor, none of them the person's data) so that
followers see no gap, but the row's summary and data are emptied.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.erasure import Erasure
from projections.events import iso_time, uuid_text
from projections.feed import WITHHELD
from projections.store import ViewCursor

#: The views' rows about one person, by table and column, that erasure deletes.
_PURGED = (
    ("refocus_journeys", "person_id"),
    ("refocus_caseload", "person_id"),
    ("refocus_journey_parts", "person_id"),
    ("refocus_supervision_notes", "person_id"),
    ("refocus_audit_days", "person_id"),
    ("refocus_audit_meetings", "person_id"),
)


def is_erasure_event(event: Any) -> bool:
    return isinstance(event, Erasure.Event)


def apply_erasure(tx: ViewCursor, position: int, event: Erasure.Event, dialect: str) -> None:
    """Apply one event of an erasure record, in the projector's transaction."""
    if isinstance(event, Erasure.ErasureRecordOpened):
        return
    person_id = uuid_text(event.person_id)
    erased = isinstance(event, Erasure.PersonErased)
    tx.execute(
        "INSERT INTO {s}refocus_erasure_log (position, person_id, outcome, reason, rule, from_ledger,"
        " actor_subject, actor_role, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            position,
            person_id,
            "erased" if erased else "refused",
            event.reason,  # type: ignore[attr-defined]
            getattr(event, "rule", None),
            int(bool(getattr(event, "from_ledger", False))),
            event.actor_subject,
            event.actor_role,
            iso_time(event.timestamp),
        ),
    )
    if erased:
        purge(tx, person_id, dialect)


def purge(tx: ViewCursor, person_id: str, dialect: str) -> None:
    """Delete every view row of the person, keep the ids of the person, their goals and steps
    (to answer 410), and withhold their timeline rows."""
    if dialect == "sqlite":
        # Zero the deleted rows' bytes, in pages freed too (for this connection until the next
        # view transaction, which sets FAST again: projections.store.ViewStore.writing).
        tx.execute("PRAGMA secure_delete = ON")
    tx.execute(
        "INSERT INTO {s}refocus_erased (id, person_id, kind) VALUES (?, ?, 'person')"
        " ON CONFLICT (id) DO NOTHING",
        (person_id, person_id),
    )
    tx.execute(
        "INSERT INTO {s}refocus_erased (id, person_id, kind)"
        " SELECT part_id, person_id, kind FROM {s}refocus_journey_parts WHERE person_id = ?"
        " ON CONFLICT (id) DO NOTHING",
        (person_id,),
    )
    for table, column in _PURGED:
        tx.execute(f"DELETE FROM {{s}}{table} WHERE {column} = ?", (person_id,))
    tx.execute(
        "UPDATE {s}refocus_timeline SET summary = '', data = ? WHERE person_id = ?",
        (WITHHELD, person_id),
    )


def note_unreadable(tx: ViewCursor, aggregate_id: UUID | str, person_id: UUID, topic: str) -> None:
    """Keep the id of an event's goal or step whose person's key is destroyed (an event the
    views had not applied before the erasure): its routes answer 410, as the purged ones do."""
    kind = "goal" if ":Goal." in topic else "step" if ":Step." in topic else None
    if kind is not None:
        tx.execute(
            "INSERT INTO {s}refocus_erased (id, person_id, kind) VALUES (?, ?, ?)"
            " ON CONFLICT (id) DO NOTHING",
            (str(aggregate_id), uuid_text(person_id), kind),
        )


def erased_among(tx: ViewCursor, ids: list[UUID]) -> bool:
    """Whether any of these ids is an erased person's, or one of their goals' or steps'."""
    if not ids:
        return False
    marks = ", ".join("?" for _ in ids)
    row = tx.one(
        f"SELECT 1 FROM {{s}}refocus_erased WHERE id IN ({marks}) LIMIT 1", [uuid_text(i) for i in ids]
    )
    return row is not None


def erasure_log(tx: ViewCursor, *, after: int, limit: int) -> list[dict[str, Any]]:
    """Every request to erase, granted or refused, in the order recorded."""
    rows = tx.all(
        "SELECT position, person_id, outcome, reason, rule, from_ledger, actor_subject, actor_role, at"
        " FROM {s}refocus_erasure_log WHERE position > ? ORDER BY position LIMIT ?",
        (after, limit),
    )
    return [
        {
            "position": int(position),
            "person_id": person_id,
            "outcome": outcome,
            "reason": reason,
            "rule": rule,
            "from_ledger": bool(from_ledger),
            "actor": {"subject": subject, "role": role},
            "at": at,
        }
        for position, person_id, outcome, reason, rule, from_ledger, subject, role, at in rows
    ]
