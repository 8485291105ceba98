"""The people a request's queries read, noted where the views let a viewer see them.

Every query of a person's data passes one of a few visibility checks in the views
(``JourneyViews._document``, ``JourneyHistory.read``, the feed's rows). Each notes
the person there, so a route that reads through the views cannot read a person
without it being noted, whatever the route. The interface collects the notes of
one request (:func:`noting_reads`), hands each person's access record to the
access log at once, and waits for them all before the answer leaves
(``interfaces.http.reads``). Outside a request (the CLI, the projector, tests of
the views) nothing collects, and noting costs one context-variable lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from contextvars import ContextVar
from uuid import UUID

from domain.actor import Actor

#: Starts writing the record of one read (whose data, who read it); done once it is written.
Submit = Callable[[str, Actor], "Future[None]"]


class ReadsOfPeople:
    """The people one request read, and the writes of their access records."""

    def __init__(self, submit: Submit) -> None:
        self._submit = submit
        self._noted: set[tuple[str, str]] = set()
        self.writes: list[Future[None]] = []

    def note(self, person_id: str | UUID, viewer: Actor) -> None:
        key = (str(person_id), viewer.subject)
        if key not in self._noted:
            self._noted.add(key)
            self.writes.append(self._submit(key[0], viewer))

    @property
    def people(self) -> set[str]:
        return {person for person, _ in self._noted}


_reads: ContextVar[ReadsOfPeople | None] = ContextVar("refocus_reads_of_people", default=None)


def note_read(person_id: str | UUID, viewer: Actor) -> None:
    """Called by the views once ``viewer`` may see ``person_id``'s data, before it is read."""
    reads = _reads.get()
    if reads is not None:
        reads.note(person_id, viewer)


def wait_for_records() -> None:
    """Block until the records of the reads noted so far are written (for a query whose own
    answer is the access log, so that it holds its own read)."""
    reads = _reads.get()
    for write in reads.writes if reads is not None else ():
        write.result()


@contextmanager
def not_noting() -> Iterator[None]:
    """For a check that only tells whether a person exists for the viewer, reading nothing of
    theirs (a refusal that must still answer ``404`` to other teams)."""
    token = _reads.set(None)
    try:
        yield
    finally:
        _reads.reset(token)


@contextmanager
def noting_reads(submit: Submit) -> Iterator[ReadsOfPeople]:
    """Collect the reads of the code run inside, in this context and the worker threads it
    hands work to (``run_in_threadpool`` copies the context, and with it this collector)."""
    reads = ReadsOfPeople(submit)
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)
