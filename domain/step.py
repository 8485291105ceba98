"""The step aggregate: an action the person takes towards a goal, alone or with others."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.utils import register_topic

from domain import text
from domain.base import JourneyAggregate
from domain.errors import InvalidInputError, RuleViolationError
from domain.goal import Goal
from domain.person import Person
from domain.vocabulary import DropKind, StepMode, StepStatus


def _mode_and_company(mode: str, with_whom: Sequence[str]) -> tuple[StepMode, list[str]]:
    checked_mode = text.choice("mode", mode, StepMode)
    company = text.names("with_whom", with_whom)
    if checked_mode is StepMode.JOINT and not company:
        raise InvalidInputError("with_whom", "a joint step names who it is shared with")
    if checked_mode is StepMode.INDEPENDENT and company:
        raise InvalidInputError("with_whom", "an independent step is taken by the person alone")
    return checked_mode, company


class Step(JourneyAggregate):
    kind = "step"

    class Event(JourneyAggregate.Event):
        person_id: UUID
        goal_id: UUID

    class StepPlanned(Event, JourneyAggregate.Created):
        description: str
        mode: str
        with_whom: list[str]
        due: date | None
        #: The coaching conversation the step was agreed in, if any.
        conversation_id: UUID | None = None
        #: Treatment preferences that shape how the step is taken; older events have none.
        preference_ids: list[UUID] = field(default_factory=list)

    class StepLinkedToPreference(Event):
        preference_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.preference_ids.append(self.preference_id)

    class StepStarted(Event):
        note: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.status = StepStatus.STARTED

    class StepRescheduled(Event):
        due: date
        previous_due: date | None

        def apply(self, aggregate: Any) -> None:
            aggregate.due = self.due

    class StepModeChanged(Event):
        mode: str
        with_whom: list[str]
        previous_mode: str
        previous_with_whom: list[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.mode = StepMode(self.mode)
            aggregate.with_whom = list(self.with_whom)

    class StepCompleted(Event):
        note: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.status = StepStatus.COMPLETED

    class StepDropped(Event):
        reason: str
        #: A ``DropKind``; steps dropped before kinds were recorded read as ``other``.
        kind: str = DropKind.OTHER.value

        def apply(self, aggregate: Any) -> None:
            aggregate.status = StepStatus.DROPPED

    def __init__(
        self,
        person_id: UUID,
        goal_id: UUID,
        description: str,
        mode: str,
        with_whom: list[str],
        due: date | None,
        conversation_id: UUID | None = None,
        preference_ids: list[UUID] | None = None,
    ) -> None:
        self.person_id = person_id
        self.goal_id = goal_id
        self.description = description
        self.mode = StepMode(mode)
        self.with_whom = list(with_whom)
        self.due = due
        self.conversation_id = conversation_id
        self.preference_ids = list(preference_ids or ())
        self.status: StepStatus = StepStatus.PLANNED

    def _context_fields(self) -> dict[str, Any]:
        return {"person_id": self.person_id, "goal_id": self.goal_id}

    @classmethod
    def plan(
        cls,
        goal: Goal,
        *,
        description: str,
        mode: str,
        with_whom: Sequence[str] = (),
        due: date | None = None,
        conversation_id: UUID | None = None,
        preference_ids: Sequence[UUID] = (),
        person: Person | None = None,
    ) -> Step:
        """Plan a step. ``conversation_id``: the coaching conversation it was agreed in, which the
        use case checks was held with the same person (``domain.coaching.check_held_with``);
        ``preference_ids`` (current treatment preferences of ``person``, the goal's person) say how
        the person wants to take it (manual, 5.3 principle 4)."""
        goal.ensure_open()
        checked_mode, company = _mode_and_company(mode, with_whom)
        linked = list(dict.fromkeys(preference_ids))
        if linked:
            if person is None or person.id != goal.person_id:
                raise ValueError("linking preferences needs the goal's person")
            person.check_links((), (), linked)
        return cls._begin(
            cls.StepPlanned,
            person_id=goal.person_id,
            goal_id=goal.id,
            description=text.text("description", description, text.STATEMENT_MAX_CHARS),
            mode=checked_mode.value,
            with_whom=company,
            due=due,
            conversation_id=conversation_id,
            preference_ids=linked,
        )

    def link(self, preference_ids: Sequence[UUID], person: Person) -> None:
        """Link the step to treatment preferences that shape how it is taken (manual, 5.3
        principle 4): only an open step, only current preferences of the step's person."""
        self._require_status("link", StepStatus.PLANNED, StepStatus.STARTED)
        if not preference_ids:
            raise InvalidInputError("preference_ids", "give at least one treatment preference to link")
        person.check_links((), (), preference_ids)
        new = [p for p in dict.fromkeys(preference_ids) if p not in self.preference_ids]
        if not new:
            raise RuleViolationError("no_change", "these links already exist")
        for preference_id in new:
            self._record(self.StepLinkedToPreference, preference_id=preference_id)

    def start(self, note: str | None = None) -> None:
        self._require_status("start", StepStatus.PLANNED)
        self._record(self.StepStarted, note=_note(note))

    def complete(self, note: str | None = None) -> None:
        self._require_status("complete", StepStatus.PLANNED, StepStatus.STARTED)
        self._record(self.StepCompleted, note=_note(note))

    def drop(self, reason: str, kind: str = DropKind.OTHER) -> None:
        self._require_status("drop", StepStatus.PLANNED, StepStatus.STARTED)
        checked_reason = text.text("reason", reason, text.NOTE_MAX_CHARS)
        checked_kind = text.choice("kind", kind, DropKind)
        self._record(self.StepDropped, reason=checked_reason, kind=checked_kind.value)

    def reschedule(self, due: date) -> None:
        self._require_status("reschedule", StepStatus.PLANNED, StepStatus.STARTED)
        if due == self.due:
            raise RuleViolationError("no_change", "the step is already due on that date")
        self._record(self.StepRescheduled, due=due, previous_due=self.due)

    def change_mode(self, mode: str, with_whom: Sequence[str] = ()) -> None:
        self._require_status("change the mode of", StepStatus.PLANNED, StepStatus.STARTED)
        checked_mode, company = _mode_and_company(mode, with_whom)
        if checked_mode is self.mode and company == self.with_whom:
            raise RuleViolationError("no_change", "the step already has this mode and company")
        self._record(
            self.StepModeChanged,
            mode=checked_mode.value,
            with_whom=company,
            previous_mode=self.mode.value,
            previous_with_whom=list(self.with_whom),
        )


# Steps stored while this module was ``domain.action`` keep that name in their topics.
register_topic("domain.action:Step", Step)


def _note(note: str | None) -> str | None:
    return text.optional_text("note", note, text.NOTE_MAX_CHARS)
