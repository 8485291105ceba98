"""The PostgreSQL event store, failing fast while the database is unreachable.

The library waits up to ``POSTGRES_CONNECT_TIMEOUT`` for a pooled connection and
retries a failed read or insert ten times, 0.2 s apart: with the database down, a
request would hang for many seconds before it failed. Here, once a connection is
lost or cannot be had, the pool's wait is cut to a fraction of a second until a
connection works again, and the recorder retries a few times only
(``application.storage.recorders``), so callers learn of an outage within about a
second and answer ``503``; the pool reconnects by itself when the database returns
(docs/decisions/0020-faults-and-health.md).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import psycopg_pool
from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.postgres import PostgresDatastore, PostgresFactory
from psycopg import Connection
from psycopg.rows import DictRow

#: How long a checkout waits for a connection while the database is known to be unreachable.
UNREACHABLE_CHECKOUT_SECONDS = 0.25


class FailFastPostgresDatastore(PostgresDatastore):
    """The library's datastore, remembering whether the database was reachable at the last try."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._checkout_seconds = float(self.pool.timeout)
        self._state = threading.Lock()
        #: False from a lost connection until a connection is had again.
        self.reachable = True

    @contextmanager
    def get_connection(self) -> Iterator[Connection[DictRow]]:
        held: list[Connection[DictRow]] = []
        try:
            with super().get_connection() as conn:
                held.append(conn)
                yield conn
        except (OperationalError, InterfaceError) as error:
            if _connection_lost(error, held):
                self._mark(reachable=False)
            raise
        if not self.reachable:
            self._mark(reachable=True)

    def _mark(self, *, reachable: bool) -> None:
        with self._state:
            self.reachable = reachable
            # Read by the pool at each checkout that names no timeout of its own.
            self.pool.timeout = self._checkout_seconds if reachable else UNREACHABLE_CHECKOUT_SECONDS


def _connection_lost(error: Exception, held: list[Connection[DictRow]]) -> bool:
    """No connection could be had, or the one in hand broke: not a statement's own failure."""
    if isinstance(error.__cause__, psycopg_pool.PoolTimeout) or not held:
        return True
    conn = held[0]
    return bool(conn.broken or conn.closed) or isinstance(error.__cause__, psycopg.InterfaceError)


class RefocusPostgresFactory(PostgresFactory):
    """The library's PostgreSQL factory, with the datastore above (``PERSISTENCE_MODULE``)."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        plain = self.datastore
        pool = plain.pool
        assert isinstance(pool.kwargs, dict)
        self.datastore = FailFastPostgresDatastore(
            dbname=pool.kwargs["dbname"],
            host=pool.kwargs["host"],
            port=pool.kwargs["port"],
            user=pool.kwargs["user"],
            password=pool.kwargs["password"],
            connect_timeout=pool.timeout,
            idle_in_transaction_session_timeout=plain.idle_in_transaction_session_timeout,
            pool_size=pool.min_size,
            max_overflow=pool.max_size - pool.min_size,
            max_waiting=pool.max_waiting,
            conn_max_age=pool.max_lifetime,
            pre_ping=plain.pre_ping,
            lock_timeout=plain.lock_timeout,
            schema=plain.schema,
            get_password_func=pool.get_password_func,
            single_row_tracking=plain.single_row_tracking,
            originator_id_type=plain.originator_id_type,
            enable_db_functions=plain.enable_db_functions,
        )
        plain.close()
