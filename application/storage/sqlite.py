"""The SQLite event store, with writers from every process taking turns through one file lock.

SQLite serialises writers itself, but a writer that finds the database locked
sleeps and retries (1, 2, 5, 10, ... up to 100 ms between tries). Two API
processes on one file (``refocus serve --workers 2``) spent their slowest
requests there; this lock the kernel hands to a waiting writer the moment it is
released. Within one
process the library's connection pool already lets one writer in at a time;
this lock orders processes, and lets a command on the API's event loop hold it
across the whole command (``application.storage.loop_commands``). Readers never
take it (WAL readers do not block writers).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import InterfaceError
from eventsourcing.sqlite import (
    SQLITE3_DEFAULT_LOCK_TIMEOUT,
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteCursor,
    SQLiteDatastore,
    SQLiteFactory,
)


class ProcessWriteLock:
    """An exclusive ``flock`` on a file beside the database, held for one thread at a time.

    ``flock`` belongs to an open file, not a thread: two threads of one process on the
    same descriptor would both "hold" it, so a thread lock goes around it. The lock is
    held *for* a thread, which may take it again (a command run on the event loop holds it
    across the whole command, and its save takes it once more); it may be acquired on that
    thread's behalf by another, so the event loop can wait for it in a worker thread.
    """

    def __init__(self, path: str) -> None:
        self._descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.fchmod(self._descriptor, 0o600)  # whatever the umask
        # A plain lock, not an RLock: the thread that waited for it need not be its holder.
        self._threads = threading.Lock()
        self._holder: int | None = None
        self._depth = 0

    def acquire(self, holder: int, *, blocking: bool = True) -> bool:
        """Take the lock for thread ``holder``; without ``blocking``, only if it is free now."""
        if self._holder == holder:
            self._depth += 1
            return True
        if not self._threads.acquire(blocking):
            return False
        try:
            fcntl.flock(self._descriptor, fcntl.LOCK_EX if blocking else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._threads.release()
            return False
        except BaseException:
            self._threads.release()
            raise
        self._holder, self._depth = holder, 1
        return True

    def release(self) -> None:
        """Give back one acquisition made for the calling thread."""
        if self._holder != threading.get_ident():
            raise RuntimeError("the write lock is not held for this thread")
        self._depth -= 1
        if self._depth:
            return
        self._holder = None
        try:
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    @contextmanager
    def held(self) -> Iterator[None]:
        self.acquire(threading.get_ident())
        try:
            yield
        finally:
            self.release()

    def close(self) -> None:
        os.close(self._descriptor)


def write_lock_path(db_name: str) -> str | None:
    """Where the lock of a database file lives; None for in-memory and ``file:`` URI databases."""
    if db_name.startswith("file:") or db_name == ":memory:" or not db_name:
        return None
    return db_name + ".write-lock"


#: Prepared statements each connection keeps (``sqlite3``'s default).
STATEMENTS_CACHED = 128
_POOL_SETTINGS = ("lock_timeout", "pool_size", "max_overflow", "pool_timeout", "max_age", "pre_ping")


class StatementCachingConnectionPool(SQLiteConnectionPool):
    """The library's pool, whose connections keep their prepared statements.

    The library connects with ``cached_statements=True``, which ``sqlite3`` reads as a
    cache of one statement: every statement but the last one run was parsed and planned
    again each time, and a command runs several in turn.
    """

    def _create_connection(self) -> SQLiteConnection:
        try:
            connection = sqlite3.connect(
                database=self.db_name,
                uri=True,
                check_same_thread=False,
                isolation_level=None,  # the library begins and ends transactions itself
                cached_statements=STATEMENTS_CACHED,
                timeout=self.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT,
            )
        except (sqlite3.Error, TypeError) as error:
            raise InterfaceError(error) from error
        if not self.is_sqlite_memory_mode and not self.is_journal_mode_wal:
            # Write-ahead logging, as the library sets it: a property of the file, set once.
            connection.execute("PRAGMA journal_mode=WAL")
            self.is_journal_mode_wal = True
        connection.row_factory = sqlite3.Row
        return SQLiteConnection(sqlite_conn=connection, max_age=self.max_age)


class WriteLockedSQLiteDatastore(SQLiteDatastore):
    def __init__(self, db_name: str, **kwargs: Any) -> None:
        super().__init__(db_name, **kwargs)
        self.pool.close()  # it has made no connection yet
        self.pool = StatementCachingConnectionPool(
            db_name=db_name, **{name: kwargs[name] for name in _POOL_SETTINGS if name in kwargs}
        )
        path = write_lock_path(db_name)
        self.write_lock = ProcessWriteLock(path) if path else None

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[SQLiteCursor]:
        if not (commit and self.write_lock):
            with super().transaction(commit=commit) as cursor:
                yield cursor
            return
        with self.write_lock.held(), super().transaction(commit=True) as cursor:
            yield cursor

    def close(self) -> None:
        super().close()
        # Also reached from __del__, after close() or a failed __init__.
        lock, self.write_lock = getattr(self, "write_lock", None), None
        if lock is not None:
            lock.close()


class RefocusSQLiteFactory(SQLiteFactory):
    """The library's SQLite factory, with the datastore above (``PERSISTENCE_MODULE``)."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        plain = self.datastore
        self.datastore = WriteLockedSQLiteDatastore(
            db_name=plain.pool.db_name,
            lock_timeout=plain.pool.lock_timeout,
            single_row_tracking=plain.single_row_tracking,
            originator_id_type=plain.originator_id_type,
        )
        plain.close()
