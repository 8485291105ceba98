"""What every aggregate of the journey shares: events that know who caused them, and status guards."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, Self
from uuid import uuid4

from eventsourcing.domain import Aggregate

from domain.actor import current_actor
from domain.errors import RuleViolationError


class JourneyAggregate(Aggregate):
    """An aggregate whose every event records its actor (subject and role) and time."""

    #: What refusals call this kind of aggregate: "goal" gives the rule ``goal_status``.
    kind = "aggregate"

    if TYPE_CHECKING:
        # Where the aggregate has a lifecycle, its status; :meth:`_require_status` reads it.
        # Declared for the type checker only: a class annotation at run time makes the
        # library turn the aggregate class into a dataclass.
        status: StrEnum

    class Event(Aggregate.Event):
        actor_subject: str
        actor_role: str

    class Created(Event, Aggregate.Created):
        pass

    @classmethod
    def _begin(cls, event_class: type[Aggregate.Created], **fields: Any) -> Self:
        actor = current_actor()
        return cls._create(
            event_class,
            id=uuid4(),
            actor_subject=actor.subject,
            actor_role=actor.role.value,
            **fields,
        )

    def _record(self, event_class: type[Aggregate.Event], **fields: Any) -> None:
        actor = current_actor()
        self.trigger_event(
            event_class,
            actor_subject=actor.subject,
            actor_role=actor.role.value,
            **self._context_fields(),
            **fields,
        )

    def _context_fields(self) -> dict[str, Any]:
        """Fields every event of this aggregate carries, so each event stands alone."""
        return {}

    def _require_status(self, action: str, *allowed: StrEnum) -> None:
        """Refuse ``action`` unless the aggregate's status is one of ``allowed``."""
        if self.status not in allowed:
            wanted = " or ".join(s.value for s in allowed)
            raise RuleViolationError(
                f"{self.kind}_status",
                f"cannot {action} a {self.kind} that is {self.status.value}: it must be {wanted}",
            )
