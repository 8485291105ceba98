"""What the practices mixed into ``Person`` (``domain.person_values``, ``domain.person_strengths``,
``domain.person_relationship``) read of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from uuid import UUID

    from eventsourcing.domain import Aggregate


class PersonState:
    """The base of the practices: a plain class that adds nothing to ``Person`` at run time.

    Its declarations are for the type checker only: a class annotation at run time makes the
    library turn ``Person`` into a dataclass, and ``Person`` keeps its own ``__init__``."""

    if TYPE_CHECKING:
        preferred_name: str | None
        pronouns: str | None
        working_agreement_made: bool
        working_agreement_agreed: bool
        goal_priority: list[UUID]
        values: dict[UUID, dict[str, Any]]
        preferences: dict[UUID, dict[str, Any]]
        strengths: dict[UUID, dict[str, Any]]
        narrative: dict[UUID, dict[str, Any]]
        declined_areas: set[str]

        def ensure_journey_open(self) -> None: ...

        def _record(self, event_class: type[Aggregate.Event], **fields: Any) -> None: ...
