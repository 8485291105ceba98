"""Keep the views up to date with the event store, exactly once, in batches.

Each batch of notifications becomes one transaction that updates the journey
documents, caseload rows and timeline entries it touches *and* moves the view
position, so a crash leaves either all of a batch or none of it. The position
is read under a lock inside that transaction, so two processes catching up at
once never apply an event twice: the later one finds the position moved and
starts again from there.
"""

from __future__ import annotations

import logging
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
from projections.audit_facts import AuditDays
from projections.caseload import sealed_caseload_row
from projections.erasure import apply_erasure, is_erasure_event, note_unreadable
from projections.events import is_journey_event, person_id_of, uuid_text
from projections.faults import Fault, ProjectionFaults
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
#: While stopped at an event, how often to look whether an operator resumed or skipped it.
FAULT_RECHECK_SECONDS = 1.0
_log = logging.getLogger("refocus.projections")

Progress = Callable[[int, int], None]


class EventNotAppliedError(Exception):
    """Raised inside a batch for the first event its views could not apply."""

    def __init__(self, index: int, notification: Notification, error: Exception) -> None:
        super().__init__(f"event at position {notification.id} not applied: {type(error).__name__}")
        self.index = index
        self.notification = notification
        self.error_class = type(error).__name__


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
        self._faults = ProjectionFaults(store)
        #: Events an operator decided to skip: a rebuild skips them again.
        self._skipped = self._faults.skipped_positions()
        #: The event this projector stopped at, and when it last looked for an operator's decision.
        self._halted: Fault | None = None
        self._halt_checked = 0.0
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

    @property
    def faults(self) -> ProjectionFaults:
        return self._faults

    @property
    def halted(self) -> Fault | None:
        """The event this projector stopped at, as it last knew (no query)."""
        return self._halted

    def stoppage(self) -> Fault | None:
        """The event the views are stopped at, whichever process stopped there (one query)."""
        return self._faults.open_fault()

    def _still_halted(self, position: int) -> bool:
        assert self._halted is not None
        now = time.monotonic()
        if now - self._halt_checked < FAULT_RECHECK_SECONDS:
            return True
        self._halt_checked = now
        fault = self._faults.open_fault()
        if fault is None or fault.position <= position:
            self._halted = None
            self._skipped = self._faults.skipped_positions()
            return False
        self._halted = fault
        return True

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
        if self._halted is not None and self._still_halted(position):
            return position, target
        while position < target and self._halted is None:
            reached = self._apply_next_batch(position, batch_size)
            if reached == position:
                break  # nothing more is visible yet (a gap at the head), or stopped at its first event
            position = reached
            if progress:
                progress(position, target)
        return position, target

    def rebuild(self, progress: Progress | None = None) -> int:
        """Drop the views and build them again from the first event."""
        with self._lock:
            self._store.drop_tables()
            self._store.create_tables(indexes=False)
            # From the first event again: an event still not applicable stops the rebuild anew.
            self._halted = None
            self._skipped = self._faults.skipped_positions()
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
            except EventNotAppliedError as failed:
                return self._stop_at(position, notifications, failed)
            except DATABASE_ERRORS:
                time.sleep(_RETRY_PAUSE_SECONDS * (attempt + 1))
                position = self._store.position()
        raise RuntimeError("the views could not be updated: the database kept refusing the batch")

    def _stop_at(
        self, position: int, notifications: Sequence[Notification], failed: EventNotAppliedError
    ) -> int:
        """Apply the batch's events before the one that failed, record the fault, and stop there."""
        before = notifications[: failed.index]
        if before:
            with self._store.writing() as tx:
                current = self._store.lock_position(tx)
                if current != position:
                    return current
                self._apply(tx, before)
                self._store.set_position(tx, before[-1].id)
            position = before[-1].id
        notification = failed.notification
        self._halted = self._faults.record(notification.id, notification.topic, failed.error_class)
        self._halt_checked = time.monotonic()
        # The type only: an error's message can quote the event's data.
        _log.error(
            "projection stopped at position %d (%s): %s",
            notification.id,
            notification.topic,
            failed.error_class,
        )
        return position

    def _apply(self, tx: ViewCursor, notifications: Sequence[Notification]) -> None:
        batch = _Batch(tx)
        audit = AuditDays(tx)
        decode = self._source.mapper.to_domain_event
        for index, notification in enumerate(notifications):
            if notification.id in self._skipped:
                continue  # an operator's recorded decision (projections.faults)
            try:
                try:
                    event: Any = decode(notification)
                except PersonDataErased as erased:
                    # Erased: their key is destroyed, and erasure purged their rows from the views.
                    # The event's goal or step is kept as erased, to answer 410 for it.
                    note_unreadable(tx, notification.originator_id, erased.person_id, notification.topic)
                    continue
                if is_erasure_event(event):
                    # The batch's rows so far are written first, so the purge finds them all.
                    batch.write()
                    audit.write(batch.documents)
                    batch, audit = _Batch(tx), AuditDays(tx)
                    apply_erasure(tx, notification.id, event, self._store.dialect)
                else:
                    self._apply_one(tx, batch, audit, notification.id, event)
            except DATABASE_ERRORS:
                raise  # the database's, not the event's: the batch is retried
            except Exception as error:
                raise EventNotAppliedError(index, notification, error) from error
        batch.write()
        audit.write(batch.documents)

    def _apply_one(self, tx: ViewCursor, batch: _Batch, audit: AuditDays, position: int, event: Any) -> None:
        if not is_journey_event(event):
            # A supervision note: its own table, and the journey's position stays put.
            apply_note(tx, position, event)
            return
        person_id = uuid_text(person_id_of(event))
        doc = batch.document(person_id)
        audit.before(person_id, doc, event)
        journey.apply(doc, event)
        batch.touched(person_id, position)
        batch.timeline.append(sealed_timeline_row(tx.seal, position, event, doc))
        if isinstance(event, (Goal.GoalIdentified, Step.StepPlanned)):
            kind = "goal" if isinstance(event, Goal.GoalIdentified) else "step"
            batch.parts.append((uuid_text(event.originator_id), person_id, kind))


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

    @property
    def documents(self) -> dict[str, journey.Document]:
        return self._documents

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
