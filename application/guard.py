"""Rules that span aggregates hold between processes too: a command's reads are checked at commit.

A command checks some rules on aggregates it loads but does not change: the goal
a step is planned on must be open, the person whose journey it is must not be
discharged, a linked value must still be current. The store's version check
covers only the aggregates a command writes. Within one process the journey
locks serialise commands; between processes (``serve --workers``, API replicas)
the event store's own insert transaction re-reads the versions of the aggregates
the command only read, under the store's write lock (the EXCLUSIVE table lock
the library takes on PostgreSQL, the database write lock on SQLite), and refuses
the save if any has moved. The application then loads again, checks the rules
again and retries, exactly as after a write-write conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

#: The version of each aggregate a command read (loaded) but did not change.
ReadVersions = Mapping[UUID, int]

_reads: ContextVar[dict[UUID, int] | None] = ContextVar("refocus_reads", default=None)


class StaleReadError(IntegrityError):
    """An aggregate the command only read changed before the command's events were saved."""


@contextmanager
def recording_reads() -> Iterator[dict[UUID, int]]:
    """Remember the version of every aggregate loaded (with :func:`read`) inside the block."""
    reads: dict[UUID, int] = {}
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def read(aggregate: Any) -> None:
    reads = _reads.get()
    if reads is not None:
        reads.setdefault(aggregate.id, aggregate.version)


def only_read(reads: ReadVersions, changed: Iterable[Any]) -> dict[UUID, int]:
    """The reads to check: the store's own version check already covers what is written."""
    written = {aggregate.id for aggregate in changed}
    return {aggregate_id: version for aggregate_id, version in reads.items() if aggregate_id not in written}


def check_latest(expected: ReadVersions, latest: Mapping[UUID, int | None]) -> None:
    """Raise :class:`StaleReadError` unless each aggregate's newest stored version is the one read."""
    moved = [
        aggregate_id for aggregate_id, version in expected.items() if latest.get(aggregate_id) != version
    ]
    if moved:
        raise StaleReadError(f"{len(moved)} aggregate(s) read by this command changed before it was saved")
