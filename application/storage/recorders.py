"""The event store's recorders, with what refocus adds inside their insert transaction.

Beside a command's events, in the same transaction: its idempotency key row
(``application.idempotency``), and a check that the aggregates it only read have
not changed since (``application.guard``). Either failing raises the library's
``IntegrityError``, so the events are not written and the application retries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from uuid import UUID
from weakref import WeakSet

import psycopg
from eventsourcing.persistence import (
    ApplicationRecorder,
    IntegrityError,
    InterfaceError,
    OperationalError,
    StoredEvent,
)
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from eventsourcing.utils import retry
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier, Placeholder

from application.guard import ReadVersions, check_latest
from application.idempotency import TABLE, KeyRecord, StoredOutcome, outcome_from_row, utc_now
from application.storage.key_rows import (
    MemoryKeyRows,
    PostgresKeyRows,
    SQLiteKeyRows,
    sqlite_create_statement,
)
from application.storage.transcodings import uuid_from_hex


class RefocusSQLiteRecorder(SQLiteKeyRows, SQLiteApplicationRecorder):
    @staticmethod
    def originator_id_from_hex(text: str) -> UUID:
        """An originator id as this recorder stores it, read through the transcoder's remembered
        parser, for readers of the events table that hold many events of a few aggregates."""
        return uuid_from_hex(text)

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {TABLE} (caller TEXT, key TEXT, fingerprint TEXT NOT NULL,"
            " aggregate_id TEXT NOT NULL, version INTEGER NOT NULL, position INTEGER NOT NULL,"
            " created_at TEXT NOT NULL, PRIMARY KEY (caller, key))",
            sqlite_create_statement(),
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        if "data_keys" in kwargs:
            self.insert_key_rows(c, kwargs["data_keys"])
        reads: ReadVersions | None = kwargs.get("reads")
        if reads:
            # The insert above took the database's write lock: no other writer commits until we do.
            keys = [aggregate_id.hex for aggregate_id in reads]
            c.execute(
                f"SELECT originator_id, MAX(originator_version) FROM {self.events_table_name}"
                f" WHERE originator_id IN ({', '.join('?' for _ in keys)}) GROUP BY originator_id",
                keys,
            )
            check_latest(reads, {UUID(row[0]): int(row[1]) for row in c.fetchall()})
        record: KeyRecord | None = kwargs.get("idempotency")
        if record is not None and ids:
            c.execute(
                f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)",
                record.row(ids[-1]),
            )
        return ids

    def select_events_of(self, originator_ids: Sequence[UUID]) -> list[StoredEvent]:
        """Every event of these aggregates, each aggregate's in version order, from one query."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT originator_id, originator_version, topic, state FROM {self.events_table_name}"
                f" WHERE originator_id IN ({', '.join('?' for _ in originator_ids)})"
                " ORDER BY originator_id, originator_version",
                [originator_id.hex for originator_id in originator_ids],
            )
            return [
                StoredEvent(self.convert_originator_id(row[0]), row[1], row[2], row[3])
                for row in c.fetchall()
            ]

    def find_outcome(self, caller: str, key: str, ttl: timedelta) -> StoredOutcome | None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                f"SELECT fingerprint, aggregate_id, version, position, created_at FROM {TABLE}"
                " WHERE caller = ? AND key = ?",
                (caller, key),
            )
            row = c.fetchone()
            if row is None:
                return None
            outcome = outcome_from_row(tuple(row))
            if outcome.created_at < utc_now() - ttl:
                c.execute(f"DELETE FROM {TABLE} WHERE caller = ? AND key = ?", (caller, key))
                return None
            return outcome


#: Tries of a read or insert that met a lost connection: the library's ten tries, 0.2 s apart,
#: would keep a request waiting for seconds while the database is down
#: (application.storage.postgres).
POSTGRES_ATTEMPTS = 3
POSTGRES_RETRY_PAUSE_SECONDS = 0.1


def _fewer_retries(method: Any) -> Any:
    return retry(
        (InterfaceError, OperationalError), max_attempts=POSTGRES_ATTEMPTS, wait=POSTGRES_RETRY_PAUSE_SECONDS
    )(method.__wrapped__)


class RefocusPostgresRecorder(PostgresKeyRows, PostgresApplicationRecorder):
    insert_events = _fewer_retries(PostgresApplicationRecorder.insert_events)
    select_events = _fewer_retries(PostgresAggregateRecorder.select_events)
    select_notifications = _fewer_retries(PostgresApplicationRecorder.select_notifications)
    max_notification_id = _fewer_retries(PostgresApplicationRecorder.max_notification_id)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._table = SQL("{schema}.{table}").format(
            schema=Identifier(self.datastore.schema), table=Identifier(TABLE)
        )
        self._events_table = SQL("{schema}.{table}").format(
            schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name)
        )
        # Cursors of the insert transaction that hold the events table's lock already.
        self._locked: WeakSet[Cursor[DictRow]] = WeakSet()
        # By number of aggregates: ``IN (%s, %s)`` binds faster than ``= ANY(%s)``.
        self._select_events_of: dict[int, Composed] = {}
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {table} (caller TEXT, key TEXT, fingerprint TEXT NOT NULL,"
                " aggregate_id TEXT NOT NULL, version INTEGER NOT NULL, position BIGINT NOT NULL,"
                " created_at TEXT NOT NULL, PRIMARY KEY (caller, key))"
            ).format(table=self._table)
        )
        self.sql_create_statements.extend(self.key_table_statements())

    def _lock_table(self, curs: Cursor[DictRow]) -> None:
        # The guard below takes the lock before the library's insert takes it again: once a
        # transaction is enough, and each statement costs this process CPU.
        if curs in self._locked:
            return
        super()._lock_table(curs)
        self._locked.add(curs)

    def _insert_stored_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        reads: ReadVersions | None = kwargs.get("reads")
        if reads:
            # Under the EXCLUSIVE lock on the events table that the library takes for every
            # insert (taken here first, and not again): writers that committed before
            # are visible now, the others wait for this transaction. Checked before inserting,
            # because the library commits the transaction even when this raises.
            self._lock_table(curs)
            curs.execute(
                SQL(
                    "SELECT originator_id, MAX(originator_version) AS version FROM {table}"
                    " WHERE originator_id = ANY(%s) GROUP BY originator_id"
                ).format(table=self._events_table),
                (list(reads),),
            )
            check_latest(reads, {row["originator_id"]: int(row["version"]) for row in curs.fetchall()})
        if "data_keys" in kwargs:
            # Before the events: the library fetches their ids from this cursor's last statement.
            self.insert_key_rows(curs, kwargs["data_keys"])
        super()._insert_stored_events(curs, stored_events, **kwargs)

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        record: KeyRecord | None = kwargs.get("idempotency")
        if record is not None and ids:
            try:
                curs.execute(
                    SQL("INSERT INTO {table} VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING caller").format(
                        table=self._table
                    ),
                    record.row(ids[-1]),
                )
                # Fetching makes the pipeline deliver the result, or the conflict, now.
                curs.fetchone()
            except psycopg.IntegrityError as error:
                # Another process stored this key first. The failed insert aborts this
                # transaction, so these events are not written; the retry answers its outcome.
                raise IntegrityError(f"idempotency key already recorded for {record.caller}") from error
        return ids

    def select_events_of(self, originator_ids: Sequence[UUID]) -> list[StoredEvent]:
        """Every event of these aggregates, each aggregate's in version order, from one query
        (one round trip, like the library's ``select_events`` for one aggregate)."""
        statement = self._select_events_of.get(len(originator_ids))
        if statement is None:
            statement = self._select_events_of[len(originator_ids)] = SQL(
                "SELECT originator_id, originator_version, topic, state FROM {table}"
                " WHERE originator_id IN ({ids}) ORDER BY originator_id, originator_version"
            ).format(table=self._events_table, ids=SQL(", ").join(Placeholder() * len(originator_ids)))
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, list(originator_ids), prepare=True)
            return [
                StoredEvent(
                    row["originator_id"], row["originator_version"], row["topic"], bytes(row["state"])
                )
                for row in curs.fetchall()
            ]

    def find_outcome(self, caller: str, key: str, ttl: timedelta) -> StoredOutcome | None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                SQL(
                    "SELECT fingerprint, aggregate_id, version, position, created_at FROM {table}"
                    " WHERE caller = %s AND key = %s"
                ).format(table=self._table),
                (caller, key),
            )
            row = curs.fetchone()
            if row is None:
                return None
            outcome = outcome_from_row(tuple(row.values()))
            if outcome.created_at < utc_now() - ttl:
                curs.execute(
                    SQL("DELETE FROM {table} WHERE caller = %s AND key = %s").format(table=self._table),
                    (caller, key),
                )
                return None
            return outcome


class RefocusPOPORecorder(MemoryKeyRows, POPOApplicationRecorder):
    """The in-memory store's version, for tests and ``memory://``."""

    def __init__(self) -> None:
        POPOApplicationRecorder.__init__(self)
        MemoryKeyRows.__init__(self)
        self._outcomes: dict[tuple[str, str], StoredOutcome] = {}

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        record: KeyRecord | None = kwargs.get("idempotency")
        reads: ReadVersions | None = kwargs.get("reads")
        with self._database_lock:
            if reads:
                check_latest(reads, {i: self._latest_version(i) for i in reads})
            if record is not None and (record.caller, record.key) in self._outcomes:
                raise IntegrityError(f"idempotency key already recorded for {record.caller}")
            self._assert_uniqueness(stored_events, **kwargs)
            ids = self._update_table(stored_events, **kwargs)
            if "data_keys" in kwargs:
                self.insert_key_rows(kwargs["data_keys"])
            if record is not None and ids:
                self._outcomes[(record.caller, record.key)] = StoredOutcome(
                    record.fingerprint, record.aggregate_id, record.version, ids[-1], utc_now()
                )
        self._notify_listeners()
        return ids

    def select_events_of(self, originator_ids: Sequence[UUID]) -> list[StoredEvent]:
        with self._database_lock:
            return [event for i in sorted(set(originator_ids)) for event in self.select_events(i)]

    def _latest_version(self, aggregate_id: UUID) -> int | None:
        events = self.select_events(aggregate_id, desc=True, limit=1)
        return events[0].originator_version if events else None

    def find_outcome(self, caller: str, key: str, ttl: timedelta) -> StoredOutcome | None:
        with self._database_lock:
            outcome = self._outcomes.get((caller, key))
            if outcome is not None and outcome.created_at < utc_now() - ttl:
                del self._outcomes[(caller, key)]
                return None
            return outcome


class RefocusPOPOFactory(POPOFactory):
    """The in-memory store with idempotency keys (``memory://``).

    Unlike the SQLite and PostgreSQL factories, the library's POPO factory ignores
    ``APPLICATION_RECORDER_TOPIC``, so the in-memory store is configured by this factory instead.
    """

    def application_recorder(self) -> ApplicationRecorder:
        return RefocusPOPORecorder()
