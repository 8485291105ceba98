"""Idempotent commands: a retried request is answered, not executed again.

After the IETF draft *The Idempotency-Key HTTP Header Field*: the first
successful command with a key stores its outcome **in the same transaction as
its events** (the recorders below add one row to the event store's insert), so
a crash between commit and answer cannot lead a retry to write twice. A repeat
with the same key and request answers the stored outcome; the same key with a
different request is refused; a repeat while the first is still running here
is refused as a conflict. Keys belong to the caller who sent them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from eventsourcing.persistence import ApplicationRecorder, IntegrityError, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from domain.errors import InvalidInputError, RuleViolationError

#: Keys are kept at least this long unless configured otherwise (``IDEMPOTENCY_TTL_HOURS``).
DEFAULT_TTL = timedelta(hours=24)
TABLE = "refocus_idempotency"


@dataclass(frozen=True)
class StoredOutcome:
    fingerprint: str
    aggregate_id: str
    version: int
    position: int
    created_at: datetime


@dataclass
class IdempotentRequest:
    """A command's key and a fingerprint of the request it came with."""

    caller: str
    key: str
    fingerprint: str
    #: Set by the application when it answered from a stored outcome.
    replayed: bool = field(default=False)


@dataclass(frozen=True)
class KeyRecord:
    """What the recorder writes beside the events; it adds the position itself."""

    caller: str
    key: str
    fingerprint: str
    aggregate_id: str
    version: int


_current: ContextVar[IdempotentRequest | None] = ContextVar("refocus_idempotency", default=None)


def current_request() -> IdempotentRequest | None:
    return _current.get()


@contextmanager
def idempotent(request: IdempotentRequest | None) -> Iterator[IdempotentRequest | None]:
    token = _current.set(request)
    try:
        yield request
    finally:
        _current.reset(token)


class IdempotencyKeyReusedError(InvalidInputError):
    """Raised when a key comes back with a different request than it was first used for."""

    def __init__(self) -> None:
        super().__init__("Idempotency-Key", "was already used for a different request")


class RequestInFlightError(RuleViolationError):
    """Raised when a key comes back while its first request is still being processed."""

    def __init__(self) -> None:
        super().__init__("request_in_flight", "a request with this Idempotency-Key is still being processed")


class InFlight:
    """Keys whose first request is running in this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: set[tuple[str, str]] = set()

    @contextmanager
    def claim(self, request: IdempotentRequest) -> Iterator[None]:
        ident = (request.caller, request.key)
        with self._lock:
            if ident in self._keys:
                raise RequestInFlightError
            self._keys.add(ident)
        try:
            yield
        finally:
            with self._lock:
                self._keys.discard(ident)


def _now() -> datetime:
    return datetime.now(UTC)


def _outcome(row: Sequence[Any]) -> StoredOutcome:
    fingerprint, aggregate_id, version, position, created_at = row
    return StoredOutcome(
        fingerprint, str(aggregate_id), int(version), int(position), datetime.fromisoformat(created_at)
    )


class IdempotentSQLiteRecorder(SQLiteApplicationRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {TABLE} (caller TEXT, key TEXT, fingerprint TEXT NOT NULL,"
            " aggregate_id TEXT NOT NULL, version INTEGER NOT NULL, position INTEGER NOT NULL,"
            " created_at TEXT NOT NULL, PRIMARY KEY (caller, key))",
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        record: KeyRecord | None = kwargs.get("idempotency")
        if record is not None and ids:
            c.execute(
                f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    record.caller,
                    record.key,
                    record.fingerprint,
                    record.aggregate_id,
                    record.version,
                    ids[-1],
                    _now().isoformat(),
                ),
            )
        return ids

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
            outcome = _outcome(tuple(row))
            if outcome.created_at < _now() - ttl:
                c.execute(f"DELETE FROM {TABLE} WHERE caller = ? AND key = ?", (caller, key))
                return None
            return outcome


class IdempotentPostgresRecorder(PostgresApplicationRecorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._table = SQL("{schema}.{table}").format(
            schema=Identifier(self.datastore.schema), table=Identifier(TABLE)
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {table} (caller TEXT, key TEXT, fingerprint TEXT NOT NULL,"
                " aggregate_id TEXT NOT NULL, version INTEGER NOT NULL, position BIGINT NOT NULL,"
                " created_at TEXT NOT NULL, PRIMARY KEY (caller, key))"
            ).format(table=self._table)
        )

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
                    (
                        record.caller,
                        record.key,
                        record.fingerprint,
                        record.aggregate_id,
                        record.version,
                        ids[-1],
                        _now().isoformat(),
                    ),
                )
                # Fetching makes the pipeline deliver the result, or the conflict, now.
                curs.fetchone()
            except psycopg.IntegrityError as error:
                # Another process stored this key first. The failed insert aborts this
                # transaction, so these events are not written; the retry answers its outcome.
                raise IntegrityError(f"idempotency key already recorded for {record.caller}") from error
        return ids

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
            outcome = _outcome(tuple(row.values()))
            if outcome.created_at < _now() - ttl:
                curs.execute(
                    SQL("DELETE FROM {table} WHERE caller = %s AND key = %s").format(table=self._table),
                    (caller, key),
                )
                return None
            return outcome


class IdempotentPOPORecorder(POPOApplicationRecorder):
    """The in-memory store's version, for tests and ``memory://``."""

    def __init__(self) -> None:
        super().__init__()
        self._outcomes: dict[tuple[str, str], StoredOutcome] = {}

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        record: KeyRecord | None = kwargs.get("idempotency")
        with self._database_lock:
            if record is not None and (record.caller, record.key) in self._outcomes:
                raise IntegrityError(f"idempotency key already recorded for {record.caller}")
            self._assert_uniqueness(stored_events, **kwargs)
            ids = self._update_table(stored_events, **kwargs)
            if record is not None and ids:
                self._outcomes[(record.caller, record.key)] = StoredOutcome(
                    record.fingerprint, record.aggregate_id, record.version, ids[-1], _now()
                )
        self._notify_listeners()
        return ids

    def find_outcome(self, caller: str, key: str, ttl: timedelta) -> StoredOutcome | None:
        with self._database_lock:
            outcome = self._outcomes.get((caller, key))
            if outcome is not None and outcome.created_at < _now() - ttl:
                del self._outcomes[(caller, key)]
                return None
            return outcome


class IdempotentPOPOFactory(POPOFactory):
    """The in-memory store with idempotency keys (``memory://``).

    Unlike the SQLite and PostgreSQL factories, the library's POPO factory ignores
    ``APPLICATION_RECORDER_TOPIC``, so the in-memory store is configured by this factory instead.
    """

    def application_recorder(self) -> ApplicationRecorder:
        return IdempotentPOPORecorder()
