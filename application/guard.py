"""Rules that span aggregates hold between processes too: a command's reads are checked at commit.

A command checks some rules on aggregates it loads but does not change: the goal
a step is planned on must be open, the person whose journey it is must not be
discharged, a linked value must still be current. The store's version check
covers only the aggregates a command writes. Within one process the journey
locks serialise commands; between processes (``serve --workers``, API replicas)
the event store's own insert transaction re-reads the versions of the aggregates
the command only read (the unit of work's transaction records them), under the
store's write lock (the EXCLUSIVE table lock the library takes on PostgreSQL, the
database write lock on SQLite), and refuses the save if any has moved. The unit of
work then loads again, checks the rules again and retries, exactly as after a
write-write conflict (docs/decisions/0007-rules-across-aggregates-checked-at-commit.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from eventsourcing.persistence import IntegrityError

#: The version of each aggregate a command read (loaded) but did not change.
ReadVersions = Mapping[UUID, int]


class StaleReadError(IntegrityError):
    """An aggregate the command only read changed before the command's events were saved."""


def check_latest(expected: ReadVersions, latest: Mapping[UUID, int | None]) -> None:
    """Raise :class:`StaleReadError` unless each aggregate's newest stored version is the one read."""
    moved = [
        aggregate_id for aggregate_id, version in expected.items() if latest.get(aggregate_id) != version
    ]
    if moved:
        raise StaleReadError(f"{len(moved)} aggregate(s) read by this command changed before it was saved")
