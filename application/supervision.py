"""Supervision: notes on practice pinned beside a person's journey, never part of it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.unit_of_work import CommandOutcome, Transaction, UnitOfWork
from domain.errors import InvalidInputError
from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from domain.supervision import SupervisionNote


class SupervisionNotes:
    """Part of :class:`application.journeys.RecoveryJourneys`."""

    _uow: UnitOfWork

    def add_supervision_note(self, person_id: UUID, position: int, text: str) -> CommandOutcome:
        """Pin a note to ``position``, which must be one of this person's journey events."""

        def add(tx: Transaction) -> None:
            tx.noted_person(person_id)
            if not _is_journey_event_of(person_id, tx.event_at(position)):
                raise InvalidInputError("position", "is not the position of one of this person's events")
            tx.add(SupervisionNote.add(person_id, position, text))

        return self._uow.run(person_id, add)

    def revise_supervision_note(
        self, person_id: UUID, note_id: UUID, text: str, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._uow.run(person_id, lambda tx: tx.note(person_id, note_id, expected_version).revise(text))

    def retract_supervision_note(
        self,
        person_id: UUID,
        note_id: UUID,
        reason: str | None = None,
        *,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        return self._uow.run(
            person_id, lambda tx: tx.note(person_id, note_id, expected_version).retract(reason)
        )


def _is_journey_event_of(person_id: UUID, event: Any | None) -> bool:
    if isinstance(event, Person.Event):
        return bool(event.originator_id == person_id)
    return isinstance(event, (Goal.Event, Step.Event)) and event.person_id == person_id
