"""Which storage errors mean "the store cannot serve now" rather than "this request is wrong".

An unreachable PostgreSQL, a SQLite file on a full disk or a read-only mount, a
database busy past its timeout: every request fails alike until an operator or
the network mends it, and each one should be told to come back (``503`` with
``Retry-After``), not handed an internal error. A statement the database refused
for its own sake (a missing table, bad SQL) stays an internal error.
"""

from __future__ import annotations

import errno
import sqlite3

import psycopg
from eventsourcing.persistence import ConnectionUnavailableError

#: SQLite's messages for a file it cannot write or reach now.
_SQLITE_OUTAGES = (
    "disk i/o error",
    "readonly database",
    "database or disk is full",
    "database is locked",
    "unable to open database file",
)
_FILE_OUTAGES = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EIO}


def store_unavailable(error: BaseException) -> bool:
    """True if ``error``, or the error it was raised from, says the store cannot serve now."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _is_outage(current):
            return True
        current = current.__cause__
    return False


def _is_outage(error: BaseException) -> bool:
    if isinstance(error, ConnectionUnavailableError):
        return True
    # psycopg_pool's PoolTimeout is one of psycopg's operational errors.
    if isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError)):
        return True
    if isinstance(error, sqlite3.OperationalError):
        message = str(error).lower()
        return any(part in message for part in _SQLITE_OUTAGES)
    return isinstance(error, OSError) and error.errno in _FILE_OUTAGES
