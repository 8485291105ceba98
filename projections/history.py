"""One person's stored events, read straight from the event table, and folded to any moment.

As-of views, replay and the care-plan diff are about replaying, so they read
events rather than views. They read only the person's own events: the person
id plus the goal and step ids listed in ``refocus_journey_parts``, fetched by
the event table's primary key (originator_id, originator_version) in one query,
never by scanning the store. Events are bounded by the views' position, so the
history always agrees with the live views it is compared with.

Folding uses :func:`projections.journey.apply`, the very fold the live views
use, so an as-of answer and the live answer at that moment cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from domain.actor import Actor
from domain.errors import PersonNotFoundError
from projections import journey
from projections.journey import Document
from projections.people_read import note_read
from projections.store import VIEW_NAME, ViewCursor, ViewStore, quoted

#: Notifications read per page when the in-memory store has to be scanned.
_MEMORY_PAGE = 500


class Recorded(NamedTuple):
    """An event with its global position in the store."""

    position: int
    event: Any


class JourneyHistory:
    """Reads the recorded events of one person's journey (the person, goals and steps)."""

    def __init__(self, source: Application[Any], store: ViewStore) -> None:
        self._source = source
        self._store = store
        recorder: Any = source.recorder
        table = store.events_table_beside(recorder)
        self._select = _select_statement(store.dialect, table) if table else None
        # SQLite holds ids as hex text: the recorder knows how to read them back.
        self._originator_id = recorder.originator_id_from_hex if table and store.dialect == "sqlite" else None

    def events(self, person_id: UUID, viewer: Actor) -> list[Recorded]:
        """The person's events in the order they were recorded; 404 if not visible."""
        with self._store.reading() as tx:
            found = self.read(tx, person_id, viewer)
        return self.decode(found)

    def read(self, tx: ViewCursor, person_id: UUID, viewer: Actor) -> list[Notification]:
        """The person's stored events, in ``tx`` (a reading transaction of the view store),
        so a caller can read other views of the same moment in the same transaction."""
        self._store.prefer_index_reads(tx)
        # One statement, not three: on PostgreSQL each is a round trip.
        rows = tx.all(_JOURNEY_PARTS, (VIEW_NAME, str(person_id)))
        if not rows or not viewer.may_see(rows[0][0]):
            raise PersonNotFoundError(person_id)
        note_read(person_id, viewer)
        ids = [person_id, *(UUID(part_id) for _, _, part_id in rows if part_id is not None)]
        position = int(rows[0][1] or 0)
        return self._from_table(tx, ids, position) if self._select else self._by_scanning(ids, position)

    def decode(self, found: Sequence[Notification]) -> list[Recorded]:
        """Stored events as domain events (outside the transaction: it holds a connection).

        An erased person's events raise ``PersonDataErased`` (their key is destroyed): the
        caller answers that the journey is gone, as it does once erasure purged their views."""
        decode = self._source.mapper.to_domain_event
        return [Recorded(n.id, decode(n)) for n in found]

    def explain(self, ids: Sequence[UUID]) -> str:
        """The database's plan for reading these aggregates' events (diagnostics, tests)."""
        return self._store.explain(*self._statement(ids))

    def _statement(self, ids: Sequence[UUID]) -> tuple[str, list[Any]]:
        assert self._select is not None
        # SQLite keeps UUIDs as 32 hex digits; PostgreSQL as its uuid type.
        keys: list[Any] = [i.hex for i in ids] if self._store.dialect == "sqlite" else list(ids)
        return self._select.replace("(?)", "(" + ", ".join("?" for _ in keys) + ")"), keys

    def _from_table(self, tx: ViewCursor, ids: Sequence[UUID], position: int) -> list[Notification]:
        statement, keys = self._statement(ids)
        # Bounded and ordered here, not in SQL: given `notification_id <= ?`, PostgreSQL's planner
        # may prefer a range scan of the whole log to the primary key.
        rows = [r for r in tx.all(statement, keys, binary=True) if r[0] <= position]
        rows.sort(key=itemgetter(0))
        originator_id = self._originator_id
        if originator_id is not None:
            return [Notification(originator_id(r[1]), r[2], r[3], r[4], r[0]) for r in rows]
        return [Notification(r[1], r[2], r[3], r[4], r[0]) for r in rows]

    def _by_scanning(self, ids: Sequence[UUID], position: int) -> list[Notification]:
        """The in-memory store (tests, demos) has no table to query: read its log in pages."""
        wanted = set(ids)
        found: list[Notification] = []
        start = 0
        while start < position:
            page = self._source.recorder.select_notifications(
                start=start, limit=_MEMORY_PAGE, stop=position, inclusive_of_start=False
            )
            if not page:
                break
            found.extend(n for n in page if n.originator_id in wanted)
            start = page[-1].id
        return found


#: The person's team, the views' position and the ids of the person's goals and steps, one row
#: per part (one with no part while the person has none).
_JOURNEY_PARTS = (
    "SELECT j.team_id, v.position, p.part_id FROM {s}refocus_journeys j"
    " LEFT JOIN {s}refocus_view_positions v ON v.view_name = ?"
    " LEFT JOIN {s}refocus_journey_parts p ON p.person_id = j.person_id"
    " WHERE j.person_id = ?"
)


def _select_statement(dialect: str, table: str) -> str:
    if dialect == "sqlite":
        return (
            f"SELECT rowid, originator_id, originator_version, topic, state FROM {quoted(table)}"
            " WHERE originator_id IN (?)"
        )
    return (
        f"SELECT notification_id, originator_id, originator_version, topic, state FROM {{s}}{quoted(table)}"
        " WHERE originator_id IN (?)"
    )


@dataclass(frozen=True)
class Moment:
    """The journey folded up to a moment: the document and the last event it includes."""

    document: Document
    position: int
    registered: bool


def fold(recorded: Iterable[Recorded], until: datetime | None = None) -> Moment:
    """Fold events in recorded order, stopping at the first one after ``until``.

    Stopping (rather than skipping later-stamped events) keeps the answer a prefix
    of the journey, which is exactly what the live views showed at any moment.
    """
    doc = journey.new_document()
    position = 0
    for item in recorded:
        if until is not None and item.event.timestamp > until:
            break
        journey.apply(doc, item.event)
        position = item.position
    return Moment(doc, position, doc["person"] is not None)


def folding(recorded: Iterable[Recorded]) -> Iterator[tuple[Recorded, Document]]:
    """Each event with the journey document just after it (the same document, mutated)."""
    doc = journey.new_document()
    for item in recorded:
        journey.apply(doc, item.event)
        yield item, doc
