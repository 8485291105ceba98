"""Files that hold people's records or keys: readable by the service's own account only.

The records are special-category data, so the data directory is made ``0700`` and the
database and key files ``0600`` by the service itself, not left to the umask.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600
#: SQLite's companions of a database file; SQLite creates them with the database file's mode.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_directory(path: Path) -> None:
    """Create ``path`` (and its parents) if missing; a directory it creates is ``0700``.

    A directory that already exists keeps its mode: the operator chose it.
    """
    if path.is_dir():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=PRIVATE_DIRECTORY)
    except FileExistsError:
        return
    # mkdir's mode passes through the umask, which only removes bits; chmod states it whatever the umask.
    os.chmod(path, PRIVATE_DIRECTORY)


def private_sqlite_files(db_path: Path) -> None:
    """Create the database file ``0600`` before SQLite opens it, and make any it has ``0600``.

    SQLite gives its write-ahead log and shared-memory files the database file's mode, so a
    database file made private keeps them private too.
    """
    private_directory(db_path.parent)
    descriptor = os.open(db_path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    try:
        os.fchmod(descriptor, PRIVATE_FILE)
    finally:
        os.close(descriptor)
    for suffix in SQLITE_COMPANIONS:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(f"{db_path}{suffix}", PRIVATE_FILE)
