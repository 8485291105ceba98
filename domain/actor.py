"""Who is acting: set once by the interface, read wherever an event is recorded.

The interface (HTTP request, CLI command) sets the actor in a context variable
with :func:`acting_as`; aggregates read it when they trigger an event, so the
actor is never threaded through every method by hand and never forgotten.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum

from domain.errors import MissingActorError, NotPermittedError


class Role(StrEnum):
    WORKER = "worker"
    SUPERVISOR = "supervisor"
    INTEGRATION = "integration"
    ADMIN = "admin"


@dataclass(frozen=True)
class Actor:
    """A subject acting in a role, within the teams they belong to."""

    subject: str
    role: Role
    teams: frozenset[str] = field(default_factory=frozenset)

    def may_see(self, team_id: str) -> bool:
        return self.may_see_every_team or team_id in self.teams

    @property
    def may_see_every_team(self) -> bool:
        return self.role is Role.ADMIN

    def ensure_may_change_journeys(self) -> None:
        # Supervisors reflect on practice; they never change the journey itself.
        if self.role is Role.SUPERVISOR:
            raise NotPermittedError("supervisors read journeys; they do not change them")

    @property
    def may_write_supervision_notes(self) -> bool:
        # Supervision is a conversation between the people doing the work.
        return self.role in (Role.WORKER, Role.SUPERVISOR)

    @property
    def may_read_supervision_notes(self) -> bool:
        # Reflections on practice are not part of the record other systems receive.
        return self.role is not Role.INTEGRATION


_current: ContextVar[Actor | None] = ContextVar("refocus_actor", default=None)


def current_actor() -> Actor:
    actor = _current.get()
    if actor is None:
        raise MissingActorError("no actor is set: wrap the command in acting_as()")
    return actor


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
