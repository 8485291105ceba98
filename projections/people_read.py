"""The people a request's queries read, noted where the views let a viewer see them.

Every query of a person's data passes one of a few visibility checks in the views
(``JourneyViews._document``, ``JourneyHistory.read``, the feed's rows). Each
notes the person there, so a route that reads through the views cannot read a
person without it being noted, whatever the route. The interface collects the
notes of one request (:func:`noting_reads`) and writes an access record for
each person before the answer leaves (``interfaces.access``). Outside a request
(the CLI, the projector, tests of the views) nothing collects and noting costs
one context-variable lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from uuid import UUID

from domain.actor import Actor

#: One read to record: whose data, and who read it.
PersonRead = tuple[str, Actor]
Record = Callable[[Sequence[PersonRead]], None]


class ReadsOfPeople:
    """The people one request read, and what records them (the interface's access log)."""

    def __init__(self, record: Record) -> None:
        self._record = record
        self._pending: dict[tuple[str, str], Actor] = {}
        self._recorded: set[tuple[str, str]] = set()

    def note(self, person_id: str | UUID, viewer: Actor) -> None:
        key = (str(person_id), viewer.subject)
        if key not in self._recorded:
            self._pending.setdefault(key, viewer)

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    @property
    def people(self) -> set[str]:
        """Everyone read so far, recorded or not (for tests and diagnostics)."""
        return {person for person, _ in (*self._recorded, *self._pending)}

    def record(self) -> None:
        """Record every read noted since the last call; raises whatever the record raises, and
        then the reads stay pending (the answer must not leave)."""
        if not self._pending:
            return
        reads = [(person, viewer) for (person, _), viewer in self._pending.items()]
        self._record(reads)
        self._recorded.update(self._pending)
        self._pending.clear()


_reads: ContextVar[ReadsOfPeople | None] = ContextVar("refocus_reads_of_people", default=None)


def note_read(person_id: str | UUID, viewer: Actor) -> None:
    """Called by the views once ``viewer`` may see ``person_id``'s data and is about to."""
    reads = _reads.get()
    if reads is not None:
        reads.note(person_id, viewer)


def current_reads() -> ReadsOfPeople | None:
    return _reads.get()


@contextmanager
def noting_reads(record: Record) -> Iterator[ReadsOfPeople]:
    """Collect the reads of the code run inside, in this context and the worker threads it
    hands work to (``run_in_threadpool`` copies the context, and with it this collector)."""
    reads = ReadsOfPeople(record)
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)
