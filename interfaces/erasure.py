"""Erasure as the API and the CLI run it, the ledger checked on start, and the 410 Gone check.

:meth:`ErasedPeople.erase` runs the application's erasure (the retention rule, the record of
the request, the data key destroyed), writes the ledger line, brings this process's views up
to date (in inline mode) so the person is gone from them at once, and, on SQLite, checkpoints
the write-ahead log so the purged rows leave it.

:meth:`ErasedPeople.is_gone` answers whether a request names an erased person, or a goal or
step of one. It costs one ``stat`` of the ledger while nobody has been erased; afterwards one
indexed read of the views' erased ids.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING
from uuid import UUID

from application.erasure import ErasureOutcome
from domain.actor import Actor, Role, acting_as
from interfaces.erasure_ledger import ErasureLedger
from projections.erasure import erased_among

if TYPE_CHECKING:
    from interfaces.runtime import Runtime

#: Who erases again a person the ledger names (after a restore), in the erasure record.
LEDGER_ACTOR = Actor("erasure-ledger", Role.ADMIN)

_log = logging.getLogger("refocus.erasure")


class ErasedPeople:
    """The erasures of one runtime: erasing, the ledger, and telling who is gone."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self.ledger = ErasureLedger(runtime.settings.data_dir)
        # Whether the views held an erased id when this process started: a store whose ledger
        # was lost still answers 410 for them.
        self._erased_in_views = self._views_hold_erasures()

    def erase(self, person_id: UUID, reason: str) -> ErasureOutcome:
        """Erase the person's data on behalf of the current actor (an admin)."""
        runtime = self._runtime
        self._views_first()
        outcome = runtime.journeys.erase_person(
            person_id, reason, retention_years=runtime.settings.retention_years
        )
        self.ledger.record(person_id, outcome.erased_at.isoformat(), outcome.reason)
        self._erased_in_views = True
        self.settle()
        return outcome

    def settle(self) -> None:
        """Bring the views up to date (inline mode) and, on SQLite, move the write-ahead log into
        the database file and empty it, so the purged rows are in neither."""
        runtime = self._runtime
        if runtime.settings.projections == "inline":
            runtime.projector.catch_up()
        db_name = getattr(runtime.view_store.datastore, "db_name", "")
        if runtime.view_store.dialect == "sqlite" and db_name and not db_name.startswith("file:"):
            # Outside any transaction of the pool's connections: a checkpoint waits for none.
            with contextlib.suppress(sqlite3.Error), contextlib.closing(sqlite3.connect(db_name)) as db:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _views_first(self) -> None:
        """Bring the views up to the head before a key is destroyed (inline mode): the events
        they have not applied yet could never be read afterwards, and the feed would lose their
        places instead of listing them withheld."""
        if self._runtime.settings.projections == "inline":
            self._runtime.projector.catch_up()

    def apply_ledger(self) -> int:
        """Erase again everyone the ledger names whom the store does not hold as erased (a store
        restored from a backup taken before their erasure); the number erased again."""
        journeys = self._runtime.journeys
        again = 0
        entries = [entry for entry in self.ledger.entries() if not journeys.is_erased(entry.person_id)]
        if entries:
            self._views_first()
        with acting_as(LEDGER_ACTOR):
            for entry in entries:
                if journeys.erase_again(entry.person_id, entry.reason) is not None:
                    again += 1
        self._complete_ledger()
        if again:
            # Counts only: the ledger's ids stay out of logs.
            _log.warning("erased %d people again from the erasure ledger", again)
            self._erased_in_views = True
            self.settle()
        return again

    def _complete_ledger(self) -> None:
        """Write the line of any erasure the views hold and the ledger does not (a process that
        stopped between recording the erasure and writing its line)."""
        with self._runtime.view_store.reading() as tx:
            rows = tx.all("SELECT person_id, at, reason FROM {s}refocus_erasure_log WHERE outcome = 'erased'")
        written = self.ledger.people()
        for person_id, at, reason in rows:
            if UUID(person_id) not in written:
                self.ledger.record(UUID(person_id), at, reason)

    def any(self) -> bool:
        """Whether anyone may have been erased: the ledger names someone, or the views did."""
        return self._erased_in_views or bool(self.ledger.people())

    def is_gone(self, ids: Iterable[UUID]) -> bool:
        """Whether any of these ids is an erased person's, or a goal's or step's of one."""
        wanted = list(ids)
        if not wanted or not self.any():
            return False
        people = self.ledger.people()
        if any(i in people for i in wanted):
            return True
        with self._runtime.view_store.reading() as tx:
            return erased_among(tx, wanted)

    def erased_in_views(self, ids: Iterable[UUID]) -> bool:
        """Whether the views hold any of these ids as erased (a person, goal or step not found)."""
        wanted = [i for i in ids if isinstance(i, UUID)]
        if not wanted:
            return False
        with self._runtime.view_store.reading() as tx:
            return erased_among(tx, wanted)

    def _views_hold_erasures(self) -> bool:
        with self._runtime.view_store.reading() as tx:
            return tx.one("SELECT 1 FROM {s}refocus_erased LIMIT 1") is not None
