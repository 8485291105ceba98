"""The access log: a record of every read of a person's data, append-only and chained by hash.

Kept in the event store's own database, beside the views but not one of them: a
rebuild of the views never touches it. Each record holds who read (subject, role,
teams), whose data, through which view, the request's id and when; never what was
read. Records are numbered 1, 2, 3... without gaps, and each holds the SHA-256 of
its own canonical encoding together with the previous record's hash, so changing,
removing or reordering a record breaks the chain (:meth:`AccessLog.verify`). A head
row holds the last number and hash: appends lock it, so the chain stays one line
whatever the threads and processes, and removing records from the end shows too
(docs/decisions/0018-access-log.md).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domain.actor import Actor
from projections.events import iso_time
from projections.store import ViewCursor, ViewStore

#: The hash the first record follows.
GENESIS = "0" * 64
_HEAD = "head"
_COLUMNS = "seq, at, subject, role, teams, person_id, view_name, request_id, previous_hash, hash"
_INSERT = f"INSERT INTO {{s}}refocus_access_log ({_COLUMNS}) VALUES ({', '.join('?' * 10)})"

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS {s}refocus_access_log ("
    " seq BIGINT PRIMARY KEY, at TEXT NOT NULL, subject TEXT NOT NULL, role TEXT NOT NULL,"
    " teams TEXT NOT NULL, person_id TEXT NOT NULL, view_name TEXT NOT NULL,"
    " request_id TEXT NOT NULL, previous_hash TEXT NOT NULL, hash TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS refocus_access_log_by_person ON {s}refocus_access_log (person_id, seq)",
    "CREATE TABLE IF NOT EXISTS {s}refocus_access_log_head ("
    " name TEXT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)",
    "INSERT INTO {s}refocus_access_log_head (name, seq, hash) VALUES (?, 0, ?) ON CONFLICT (name) DO NOTHING",
)


class AccessLogUnavailableError(Exception):
    """The access record could not be written: the read it records must not be answered."""


@dataclass(frozen=True)
class Access:
    """One read of a person's data, before it has its place in the chain."""

    viewer: Actor
    person_id: str
    view_name: str
    request_id: str


def record_hash(seq: int, at: str, subject: str, role: str, teams: str, person_id: str, view_name: str,
                request_id: str, previous_hash: str) -> str:  # fmt: skip
    """SHA-256 of the record's canonical encoding (a compact JSON array of its fields in
    column order, the previous record's hash last)."""
    fields = [seq, at, subject, role, teams, person_id, view_name, request_id, previous_hash]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Verdict:
    """What :meth:`AccessLog.verify` found: how many records hold, and the first that does not."""

    checked: int
    problem: str | None = None
    #: The last record's hash: kept outside the database, it shows later whether the log
    #: up to that record is still the same, even if the whole log were written anew.
    last_hash: str = GENESIS

    @property
    def intact(self) -> bool:
        return self.problem is None


class AccessLog:
    """Appends access records in order, a group at a time, and reads and checks them.

    One writer thread per log appends: a read hands its records over (:meth:`submit`) as
    soon as the views let the caller see the person, and goes on building its answer while
    they are written; it waits for them only before the answer leaves. Records handed over
    while a group is being written go in the next group, one transaction for all of them
    (group commit), so the write's cost is shared by concurrent reads and overlaps each
    read's own work.
    """

    def __init__(self, store: ViewStore) -> None:
        self._store = store
        self._queued: list[tuple[Sequence[Access], Future[None]]] = []
        self._wakeup = threading.Condition()
        self._closed = False
        self._writer: threading.Thread | None = None

    def create_table(self) -> None:
        with self._store.writing() as tx:
            for statement in _SCHEMA:
                tx.execute(statement, (_HEAD, GENESIS) if "?" in statement else ())

    def submit(self, accesses: Sequence[Access]) -> Future[None]:
        """Hand records to the writer; the future is done once they are committed, or fails with
        ``AccessLogUnavailableError``."""
        done: Future[None] = Future()
        with self._wakeup:
            if self._closed:
                done.set_exception(AccessLogUnavailableError("the access log is closed"))
                return done
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_groups, name="access-log", daemon=True)
                self._writer.start()
            self._queued.append((accesses, done))
            self._wakeup.notify()
        return done

    def append(self, accesses: Sequence[Access]) -> None:
        """Write the records (committed) before returning; raises ``AccessLogUnavailableError``."""
        self.submit(accesses).result()

    def close(self) -> None:
        """Write what is queued, then stop the writer."""
        with self._wakeup:
            self._closed = True
            self._wakeup.notify()
            writer = self._writer
        if writer is not None:
            writer.join()

    def _write_groups(self) -> None:
        while True:
            with self._wakeup:
                while not self._queued and not self._closed:
                    self._wakeup.wait()
                group, self._queued = self._queued, []
                if not group:
                    return
            try:
                self._write([access for accesses, _ in group for access in accesses])
            except Exception as failure:  # every failure is the readers' to answer, as a 503
                error = AccessLogUnavailableError("the access record could not be written")
                error.__cause__ = failure
                for _, done in group:
                    done.set_exception(error)
            else:
                for _, done in group:
                    done.set_result(None)

    def _write(self, accesses: Sequence[Access]) -> None:
        at = iso_time(datetime.now(UTC))
        with self._store.writing() as tx:
            seq, previous = self._lock_head(tx)
            rows = []
            for access in accesses:
                seq += 1
                viewer = access.viewer
                teams = json.dumps(sorted(viewer.teams), separators=(",", ":"))
                values = (seq, at, viewer.subject, str(viewer.role), teams, access.person_id,
                          access.view_name, access.request_id, previous)  # fmt: skip
                previous = record_hash(*values)
                rows.append((*values, previous))
            tx.executemany(
                f"INSERT INTO {{s}}refocus_access_log ({_COLUMNS}) VALUES ({', '.join('?' * 10)})", rows
            )
            tx.execute(
                "UPDATE {s}refocus_access_log_head SET seq = ?, hash = ? WHERE name = ?",
                (seq, previous, _HEAD),
            )

    def _lock_head(self, tx: ViewCursor) -> tuple[int, str]:
        if self._store.dialect == "sqlite":
            # Takes SQLite's write lock now, before the head is read.
            tx.execute("UPDATE {s}refocus_access_log_head SET seq = seq WHERE name = ?", (_HEAD,))
            lock = ""
        else:
            lock = " FOR UPDATE"
        row = tx.one("SELECT seq, hash FROM {s}refocus_access_log_head WHERE name = ?" + lock, (_HEAD,))
        if row is None:
            raise AccessLogUnavailableError("the access log has no head row")
        return int(row[0]), str(row[1])

    def of_person(
        self, person_id: UUID, *, offset: int, limit: int, newest_first: bool = False
    ) -> dict[str, Any]:
        """The reads of one person's data, oldest (or newest) first, a page at a time."""
        with self._store.reading() as tx:
            items = reads_of(tx, person_id, offset=offset, limit=limit + 1, newest_first=newest_first)
        return {
            "person_id": str(person_id),
            "items": items[:limit],
            "next_offset": offset + limit if len(items) > limit else None,
        }

    def hash_of(self, seq: int) -> str | None:
        with self._store.reading() as tx:
            row = tx.one("SELECT hash FROM {s}refocus_access_log WHERE seq = ?", (seq,))
        return None if row is None else str(row[0])

    def verify(self, *, batch: int = 5000) -> Verdict:
        """Walk the chain from the first record: the first record changed, missing or out of
        place, or records missing from the end (the head names a later one)."""
        expected, previous, checked = 1, GENESIS, 0
        while True:
            with self._store.reading() as tx:
                rows = tx.all(
                    f"SELECT {_COLUMNS} FROM {{s}}refocus_access_log WHERE seq >= ? ORDER BY seq LIMIT ?",
                    (expected, batch),
                )
            for row in rows:
                seq, stored_previous, stored_hash = int(row[0]), row[8], row[9]
                if seq != expected:
                    return Verdict(checked, f"record {expected} is missing (the next is record {seq})")
                if stored_previous != previous:
                    return Verdict(checked, f"record {seq} does not follow record {seq - 1}")
                if record_hash(seq, *row[1:9]) != stored_hash:
                    return Verdict(checked, f"record {seq} was changed")
                previous, expected, checked = stored_hash, seq + 1, checked + 1
            if len(rows) < batch:
                break
        with self._store.reading() as tx:
            head = tx.one("SELECT seq, hash FROM {s}refocus_access_log_head WHERE name = ?", (_HEAD,))
        if head is None:
            return Verdict(checked, "the head row is missing")
        if int(head[0]) != checked or head[1] != previous:
            return Verdict(
                checked, f"the log ends at record {checked} but its head names record {int(head[0])}"
            )
        return Verdict(checked, last_hash=previous)


def reads_of(
    tx: ViewCursor, person_id: UUID, *, offset: int = 0, limit: int | None = None, newest_first: bool = False
) -> list[dict[str, Any]]:
    """The records of the reads of one person's data, oldest (or newest) first: ``limit`` of
    them from ``offset``, or every one."""
    order = "DESC" if newest_first else "ASC"
    page, params = (" LIMIT ? OFFSET ?", [limit, offset]) if limit is not None else ("", [])
    rows = tx.all(
        "SELECT seq, at, subject, role, teams, view_name, request_id FROM {s}refocus_access_log"
        f" WHERE person_id = ? ORDER BY seq {order}{page}",
        [str(person_id), *params],
    )
    return [
        {
            "seq": int(seq),
            "at": at,
            "subject": subject,
            "role": role,
            "teams": json.loads(teams),
            "view": view_name,
            "request_id": request_id,
        }
        for seq, at, subject, role, teams, view_name, request_id in rows
    ]
