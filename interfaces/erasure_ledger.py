"""The ledger of erased people: a file of the data directory, kept apart from the store.

A backup of the store taken before an erasure still holds the person; restored, it would
bring them back. The ledger is not in the store, so a restore does not roll it back: each
process checks it on start (``interfaces.erasure.ErasedPeople.apply_ledger``) and erases
again anyone it names whom the store does not know as erased.

One line per erasure: the person's id, when, and the reason code, tab-separated; nothing
else about the person. ``0600``, like every file of the data directory. Processes on
several machines need a shared data directory (as for ``revoked-tokens``).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from application.storage.files import PRIVATE_FILE, private_directory

LEDGER_FILE = "erased-people"


@dataclass(frozen=True)
class LedgerEntry:
    person_id: UUID
    at: str
    reason: str


class ErasureLedger:
    """The entries of ``<data dir>/erased-people``, read again only when the file changes."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LEDGER_FILE
        self._path_text = str(self.path)  # stat'ed for every request about a person
        self._seen: tuple[int, int] | None = None
        self._entries: tuple[LedgerEntry, ...] = ()
        self._people: frozenset[UUID] = frozenset()
        self._lock = threading.Lock()

    def record(self, person_id: UUID, at: str, reason: str) -> None:
        """Append one erasure (``at`` in ISO 8601; again, harmlessly, for a person already in it)."""
        private_directory(self.path.parent)
        # One short append per line: writers in several processes never interleave within it.
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
        try:
            os.fchmod(descriptor, PRIVATE_FILE)
            os.write(descriptor, f"{person_id}\t{at}\t{reason}\n".encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    def entries(self) -> tuple[LedgerEntry, ...]:
        self._refresh()
        return self._entries

    def people(self) -> frozenset[UUID]:
        self._refresh()
        return self._people

    def _refresh(self) -> None:
        # Asked on every request about a person: no exception raised while there is no ledger.
        try:
            status = os.stat(self._path_text) if os.access(self._path_text, os.F_OK) else None
        except FileNotFoundError:
            status = None
        if status is None:
            self._entries, self._people, self._seen = (), frozenset(), None
            return
        seen = (status.st_mtime_ns, status.st_size)
        if seen == self._seen:
            return
        with self._lock:
            entries = []
            for line in self.path.read_text().splitlines():
                parts = line.split("\t")
                if len(parts) != 3:
                    continue  # a line cut short by a crash: its erasure is in the store
                try:
                    entries.append(LedgerEntry(UUID(parts[0]), parts[1], parts[2]))
                except ValueError:
                    continue
            self._entries = tuple(entries)
            self._people = frozenset(entry.person_id for entry in entries)
            self._seen = seen
