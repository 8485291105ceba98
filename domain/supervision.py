"""A supervision note: a reflection pinned to one moment of a person's journey.

Supervision is two-way: a supervisor (read-only on the journey itself) or a
worker of the team pins a note to the position of one of the person's events.
Notes are their own aggregate, so they never change the journey they reflect
on; they are revised or retracted with history, never rewritten.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain import text
from domain.actor import current_actor
from domain.base import JourneyAggregate
from domain.errors import InvalidInputError, NotPermittedError, RuleViolationError


class SupervisionNote(JourneyAggregate):
    class Event(JourneyAggregate.Event):
        person_id: UUID

    class SupervisionNoteAdded(Event, JourneyAggregate.Created):
        #: The global position of the person's event the note reflects on.
        position: int
        text: str

    class SupervisionNoteRevised(Event):
        text: str
        previous_text: str

        def apply(self, aggregate: Any) -> None:
            aggregate.text = self.text

    class SupervisionNoteRetracted(Event):
        reason: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.retracted = True

    def __init__(self, person_id: UUID, position: int, text: str, actor_subject: str) -> None:
        self.person_id = person_id
        self.author = actor_subject
        self.position = position
        self.text = text
        self.retracted = False

    def _context_fields(self) -> dict[str, Any]:
        return {"person_id": self.person_id}

    @classmethod
    def add(cls, person_id: UUID, position: int, note: str) -> SupervisionNote:
        if position < 1:
            raise InvalidInputError("position", "must be the position of one of the person's events")
        return cls._begin(
            cls.SupervisionNoteAdded,
            person_id=person_id,
            position=position,
            text=text.text("text", note, text.NOTE_MAX_CHARS),
        )

    def revise(self, note: str) -> None:
        self._require_open_and_own("revise")
        checked = text.text("text", note, text.NOTE_MAX_CHARS)
        if checked == self.text:
            raise RuleViolationError("no_change", "the note already says this")
        self._record(self.SupervisionNoteRevised, text=checked, previous_text=self.text)

    def retract(self, reason: str | None = None) -> None:
        self._require_open_and_own("retract")
        self._record(
            self.SupervisionNoteRetracted, reason=text.optional_text("reason", reason, text.NOTE_MAX_CHARS)
        )

    def _require_open_and_own(self, action: str) -> None:
        # A note is its author's reflection: only they may change what it says.
        if current_actor().subject != self.author:
            raise NotPermittedError(f"only the author of a supervision note may {action} it")
        if self.retracted:
            raise RuleViolationError("note_retracted", f"cannot {action} a retracted supervision note")
