"""What every aggregate of the journey shares: events that know who caused them."""

from __future__ import annotations

from typing import Any, Self
from uuid import uuid4

from eventsourcing.domain import Aggregate

from domain.actor import current_actor


class JourneyAggregate(Aggregate):
    """An aggregate whose every event records its actor (subject and role) and time."""

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
