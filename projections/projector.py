"""Keep the views up to date with the event store, exactly once, in batches.

Each batch of notifications becomes one transaction that updates the journey
documents, caseload rows and timeline entries it touches *and* moves the view
position, so a crash leaves either all of a batch or none of it. The position
is read under a lock inside that transaction, so two processes catching up at
once never apply an event twice: the later one finds the position moved and
starts again from there.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from domain.erased_data import PersonDataErased
from domain.goal import Goal
from domain.step import Step
from projections import journey, json_text
from projections.caseload import sealed_caseload_row
from projections.events import is_journey_event, person_id_of, uuid_text
from projections.notes import apply_note
from projections.store import DATABASE_ERRORS, VIEW_NAME, ViewCursor, ViewStore, quoted
from projections.timeline import sealed_timeline_row

#: Notifications applied per transaction: the larger the batch, the fewer commits and the fewer
#: times a journey document is read and written again.
BATCH_SIZE = 2_000
#: A rebuild's batches are larger still (docs/decisions/0010-rebuild-with-copy-and-batches.md).
#: Live catch-up keeps the smaller batch, because on SQLite a batch holds the write lock that
#: commands wait for.
REBUILD_BATCH_SIZE = 8_000
#: How often a batch is retried when another writer moved the views under it.
_BATCH_ATTEMPTS = 20
_RETRY_PAUSE_SECONDS = 0.01

Progress = Callable[[int, int], None]

#: The timeline's columns, in :func:`projections.timeline.timeline_row`'s order.
TIMELINE_COLUMNS = (
    "position",
    "person_id",
    "goal_id",
    "step_id",
    "at",
    "recorded_at",
    "type",
    "actor_subject",
    "actor_role",
    "summary",
    "data",
    "aggregate_id",
    "aggregate_version",
    "team_id",
    "former_team_id",
)


class Projector:
    """Applies new events from ``source`` to the views in ``store``."""

    def __init__(
        self,
        source: Application[Any],
        store: ViewStore,
        batch_size: int = BATCH_SIZE,
        rebuild_batch_size: int = REBUILD_BATCH_SIZE,
    ) -> None:
        self._source = source
        self._store = store
        self._batch_size = batch_size
        self._rebuild_batch_size = rebuild_batch_size
        self._lock = threading.Lock()
        table = store.events_table_beside(source.recorder)
        # Every read catches up first: where the events sit beside the views (PostgreSQL), the
        # head and the views' position come in one query instead of two transactions.
        self._head_and_position_statement = (
            "SELECT (SELECT max(notification_id) FROM {s}" + quoted(table) + "),"
            " (SELECT position FROM {s}refocus_view_positions WHERE view_name = ?)"
            if table and store.dialect == "postgres"
            else None
        )

    @property
    def source(self) -> Application[Any]:
        return self._source

    def head(self) -> int:
        """The position of the newest event in the store."""
        return int(self._source.recorder.max_notification_id() or 0)

    def position(self) -> int:
        return self._store.position()

    def _head_and_position(self) -> tuple[int, int]:
        if self._head_and_position_statement is None:
            return self.head(), self._store.position()
        with self._store.reading() as tx:
            row = tx.one(self._head_and_position_statement, (VIEW_NAME,))
        assert row is not None  # one row, whatever the tables hold
        return int(row[0] or 0), int(row[1] or 0)

    def catch_up(self, progress: Progress | None = None) -> int:
        """Apply every event recorded before this call; return the position reached."""
        return self.catch_up_with_head(progress)[0]

    def catch_up_with_head(self, progress: Progress | None = None) -> tuple[int, int]:
        """Apply every event recorded before this call; return the position reached and the
        store's head it aimed for (one query fewer than asking for the head again)."""
        with self._lock:
            return self._catch_up(progress, self._batch_size)

    def _catch_up(self, progress: Progress | None, batch_size: int) -> tuple[int, int]:
        target, position = self._head_and_position()
        while position < target:
            reached = self._apply_next_batch(position, batch_size)
            if reached == position:
                break  # nothing more is visible yet (a gap at the head)
            position = reached
            if progress:
                progress(position, target)
        return position, target

    def rebuild(self, progress: Progress | None = None) -> int:
        """Drop the views and build them again from the first event."""
        with self._lock:
            self._store.drop_tables()
            self._store.create_tables(indexes=False)
            reached, _ = self._catch_up(progress, self._rebuild_batch_size)
            self._store.create_indexes()
        return reached

    def _apply_next_batch(self, position: int, batch_size: int) -> int:
        for attempt in range(_BATCH_ATTEMPTS):
            notifications = self._source.recorder.select_notifications(
                start=position, limit=batch_size, inclusive_of_start=False
            )
            if not notifications:
                return position
            try:
                with self._store.writing() as tx:
                    current = self._store.lock_position(tx)
                    if current != position:
                        # Another process moved the views on: continue from there.
                        return current
                    self._apply(tx, notifications)
                    self._store.set_position(tx, notifications[-1].id)
                    return notifications[-1].id
            except DATABASE_ERRORS:
                time.sleep(_RETRY_PAUSE_SECONDS * (attempt + 1))
                position = self._store.position()
        raise RuntimeError("the views could not be updated: the database kept refusing the batch")

    def _apply(self, tx: ViewCursor, notifications: Sequence[Notification]) -> None:
        batch = _Batch(tx)
        decode = self._source.mapper.to_domain_event
        for notification in notifications:
            try:
                event: Any = decode(notification)
            except PersonDataErased:
                # Erased: their key is destroyed, and erasure purged their rows from the views.
                continue
            if not is_journey_event(event):
                # A supervision note: its own table, and the journey's position stays put.
                apply_note(tx, notification.id, event)
                continue
            person_id = uuid_text(person_id_of(event))
            doc = batch.document(person_id)
            journey.apply(doc, event)
            batch.touched(person_id, notification.id)
            batch.timeline.append(sealed_timeline_row(tx.seal, notification.id, event, doc))
            if isinstance(event, (Goal.GoalIdentified, Step.StepPlanned)):
                kind = "goal" if isinstance(event, Goal.GoalIdentified) else "step"
                batch.parts.append((uuid_text(event.originator_id), person_id, kind))
        batch.write()


class _Batch:
    """The documents and rows one transaction reads and writes."""

    def __init__(self, tx: ViewCursor) -> None:
        self._tx = tx
        self._documents: dict[str, journey.Document] = {}
        self._positions: dict[str, int] = {}
        self.timeline: list[tuple[Any, ...]] = []
        self.parts: list[tuple[str, str, str]] = []

    def document(self, person_id: str) -> journey.Document:
        doc = self._documents.get(person_id)
        if doc is None:
            row = self._tx.one("SELECT document FROM {s}refocus_journeys WHERE person_id = ?", (person_id,))
            doc = json_text.loads(self._tx.seal.open(row[0])) if row else journey.new_document()
            self._documents[person_id] = doc
        return doc

    def touched(self, person_id: str, position: int) -> None:
        self._positions[person_id] = position

    def write(self) -> None:
        tx = self._tx
        seal = tx.seal.seal
        documents = [(pid, doc) for pid, doc in self._documents.items() if doc["person"]]
        tx.executemany(
            "INSERT INTO {s}refocus_journeys (person_id, team_id, position, document)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET"
            " team_id = excluded.team_id, position = excluded.position, document = excluded.document",
            [
                (pid, doc["person"]["team_id"], self._positions[pid], seal(json_text.dumps(doc)))
                for pid, doc in documents
            ],
        )
        tx.executemany(
            "INSERT INTO {s}refocus_caseload (person_id, team_id, display_name, key_worker_id,"
            " status, active_goals, open_step_dues, next_review_due, last_activity_at, registered_at,"
            " areas_to_explore, agreement_review_by, preferred_name, pronouns)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET"
            " team_id = excluded.team_id, display_name = excluded.display_name,"
            " key_worker_id = excluded.key_worker_id, status = excluded.status,"
            " active_goals = excluded.active_goals, open_step_dues = excluded.open_step_dues,"
            " next_review_due = excluded.next_review_due, last_activity_at = excluded.last_activity_at,"
            " areas_to_explore = excluded.areas_to_explore,"
            " agreement_review_by = excluded.agreement_review_by,"
            " preferred_name = excluded.preferred_name, pronouns = excluded.pronouns",
            [sealed_caseload_row(tx.seal, doc) for _, doc in documents],
        )
        tx.insert_rows("refocus_journey_parts", ("part_id", "person_id", "kind"), self.parts)
        tx.insert_rows("refocus_timeline", TIMELINE_COLUMNS, self.timeline)
