"""The projection worker: one process that keeps the views caught up.

``refocus projections run`` builds a :class:`ProjectionWorker` and calls
:meth:`~ProjectionWorker.run`. The worker first takes a lock that only one
process can hold per view (a PostgreSQL advisory lock on the worker's own
connection, or an ``fcntl`` lock on a file beside the SQLite database), so a
second worker waits as a standby, or refuses, instead of running alongside.
The projector's own position check would stop a second worker from applying
an event twice anyway; the lock makes sure it does not even try.

Between batches the worker sleeps until something new is written. On
PostgreSQL it LISTENs on the channel the event store NOTIFYs on every insert,
with a timeout as a safety net for a lost notification; on SQLite, which has
no notifications, it polls the newest position, quickly just after activity
and more slowly when the store is idle.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from eventsourcing.sqlite import SQLiteDatastore

from projections.projector import FAULT_RECHECK_SECONDS, Projector
from projections.store import VIEW_NAME

#: Polling intervals on SQLite: the first wait after activity, and the longest.
POLL_FIRST_SECONDS = 0.001
POLL_LONGEST_SECONDS = 0.05
#: On PostgreSQL, look for new events at least this often even without a notification.
LISTEN_TIMEOUT_SECONDS = 1.0
#: How often a standby worker tries the lock again.
STANDBY_RETRY_SECONDS = 1.0

Report = Callable[[str], None]


class WorkerLockedError(Exception):
    """Raised when another projection worker holds the lock and waiting was not asked for."""


class ProjectionWorker:
    """Runs ``projector`` until ``stop`` is set, as the only worker of its views."""

    def __init__(self, projector: Projector, report: Report | None = None) -> None:
        self._projector = projector
        self._source: Any = projector.source
        self._report = report or (lambda _: None)
        datastore = getattr(self._source.recorder, "datastore", None)
        if datastore is None:
            raise ValueError("the in-memory event store cannot be followed from another process")
        self._datastore = datastore
        #: Set while this worker holds the lock of its views.
        self.holding_lock = threading.Event()
        self._reported: int | None = None

    def _report_halt(self) -> None:
        fault = self._projector.halted
        if fault is not None and fault.position != self._reported:
            self._reported = fault.position
            self._report(
                f"projection stopped at position {fault.position} ({fault.topic}: {fault.error_class});"
                " see `refocus projections status`"
            )

    def run(self, stop: threading.Event, *, wait: bool = True) -> int:
        """Take the lock (waiting for it if ``wait``), then catch up until ``stop``; return the position."""
        with self._exclusive(stop, wait) as wake:
            if wake is None:
                return self._projector.position()  # stopped while standing by
            self.holding_lock.set()
            self._report(f"projection worker started at position {self._projector.position()}")
            position = self._projector.catch_up()
            try:
                while not stop.is_set():
                    if self._projector.halted is not None:
                        self._report_halt()
                        # Stopped at an event: nothing to do until an operator resumes or skips it.
                        stop.wait(FAULT_RECHECK_SECONDS)
                    else:
                        self._reported = None
                        wake(stop)
                    position = self._projector.catch_up()
            finally:
                self.holding_lock.clear()
        return position

    def holding(self) -> AbstractContextManager[object]:
        """Hold the views' lock without following the store, e.g. while rebuilding them.

        Raises :class:`WorkerLockedError` if a worker is running: a rebuild beside a
        worker would drop the tables under it.
        """
        return self._exclusive(threading.Event(), wait=False)

    def _exclusive(
        self, stop: threading.Event, wait: bool
    ) -> AbstractContextManager[Callable[[threading.Event], None] | None]:
        if isinstance(self._datastore, SQLiteDatastore):
            return self._sqlite_exclusive(stop, wait)
        return self._postgres_exclusive(stop, wait)

    @contextmanager
    def _sqlite_exclusive(
        self, stop: threading.Event, wait: bool
    ) -> Iterator[Callable[[threading.Event], None] | None]:
        path = Path(lock_file_for(self._datastore.pool.db_name))
        # Private like the database beside it, whatever the umask.
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "a") as handle:
            if not self._acquire(lambda: _try_flock(handle.fileno()), stop, wait):
                yield None
                return
            try:
                yield _Poller(self._projector).wait
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    @contextmanager
    def _postgres_exclusive(
        self, stop: threading.Event, wait: bool
    ) -> Iterator[Callable[[threading.Event], None] | None]:
        from psycopg import sql

        key = advisory_key(self._datastore.schema)
        # One connection of its own holds the session-level lock and listens.
        with self._datastore.get_connection() as conn:

            def try_lock() -> bool:
                row = conn.execute("SELECT pg_try_advisory_lock(%s) AS locked", (key,)).fetchone()
                return bool(row and row["locked"])

            if not self._acquire(try_lock, stop, wait):
                yield None
                return
            try:
                conn.execute(sql.SQL("LISTEN {0}").format(sql.Identifier(self._source.recorder.channel_name)))

                def wake(stop: threading.Event) -> None:
                    if self._projector.head() > self._projector.position():
                        return  # a gap or a notification that arrived during the last batch
                    for _ in conn.notifies(timeout=LISTEN_TIMEOUT_SECONDS, stop_after=1):
                        pass

                yield wake
            finally:
                conn.execute("UNLISTEN *")
                conn.execute("SELECT pg_advisory_unlock(%s)", (key,))

    def _acquire(self, try_lock: Callable[[], bool], stop: threading.Event, wait: bool) -> bool:
        if try_lock():
            return True
        if not wait:
            raise WorkerLockedError("another projection worker is running for these views")
        self._report("another projection worker is running: standing by until it stops")
        while not stop.wait(STANDBY_RETRY_SECONDS):
            if try_lock():
                return True
        return False


class _Poller:
    """Waits for new events on a store without notifications: tight after activity, slower when idle."""

    def __init__(self, projector: Projector) -> None:
        self._projector = projector
        self._pause = POLL_FIRST_SECONDS

    def wait(self, stop: threading.Event) -> None:
        while not stop.is_set():
            if self._projector.head() > self._projector.position():
                self._pause = POLL_FIRST_SECONDS
                return
            stop.wait(self._pause)
            self._pause = min(self._pause * 2, POLL_LONGEST_SECONDS)


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def lock_file_for(sqlite_dbname: str) -> str:
    """The lock file beside a SQLite database (in the temp directory for an in-memory URI)."""
    if sqlite_dbname.startswith("file:"):
        digest = hashlib.sha256(sqlite_dbname.encode()).hexdigest()[:16]
        return os.path.join(os.environ.get("TMPDIR", "/tmp"), f"refocus-{digest}.projections.lock")
    return f"{sqlite_dbname}.projections.lock"


def advisory_key(schema: str) -> int:
    """A signed 64-bit advisory lock key for the views of one schema."""
    digest = hashlib.sha256(f"refocus:{schema}:{VIEW_NAME}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)
