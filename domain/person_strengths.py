"""Working practice 2 on a person (manual, 4.3 and Appendices 3-4): strengths and the worksheet.
Mixed into ``Person``, whose nested events these record."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from domain import strengths, text
from domain.errors import RuleViolationError, StrengthNotFoundError
from domain.person_state import PersonState
from domain.vocabulary import WorksheetRow

if TYPE_CHECKING:
    from domain.base import JourneyAggregate


class StrengthsPractice(PersonState):
    if TYPE_CHECKING:
        # Person's nested events; declared here for the type checker only (see PersonState).
        StrengthIdentified: type[JourneyAggregate.Event]
        StrengthRevised: type[JourneyAggregate.Event]
        StrengthRemoved: type[JourneyAggregate.Event]
        StrengthsDomainReviewed: type[JourneyAggregate.Event]
        WorksheetAgreed: type[JourneyAggregate.Event]

    def identify_strength(
        self,
        domain: str,
        column: str,
        resource: str,
        statement: str,
        in_own_words: bool,
        written_by: str | None = None,
    ) -> UUID:
        self.ensure_journey_open()
        strength_id = uuid4()
        checked = strengths.checked_fields(
            domain=domain, column=column, resource=resource, statement=statement, in_own_words=in_own_words
        )
        writer = strengths.checked_writer(written_by)
        self._record(self.StrengthIdentified, strength_id=strength_id, **checked, written_by=writer)
        return strength_id

    def revise_strength(self, strength_id: UUID, written_by: str | None = None, **proposed: Any) -> None:
        self.ensure_journey_open()
        strength = self._current_strength(strength_id)
        changes, writer = strengths.revision(strength, proposed, written_by)
        self._record(
            self.StrengthRevised,
            strength_id=strength_id,
            changes=changes,
            previous={name: strength[name] for name in changes},
            written_by=writer,
        )

    def review_strengths_domain(self, domain: str, note: str | None = None) -> None:
        self.ensure_journey_open()
        self._record(
            self.StrengthsDomainReviewed,
            domain=text.choice("domain", domain, WorksheetRow).value,
            note=text.optional_text("note", note, text.NOTE_MAX_CHARS),
        )

    def agree_strengths_worksheet(
        self, agreed_on: date, participants: Sequence[str], note: str | None, today: date
    ) -> None:
        self.ensure_journey_open()
        has_strengths = any(s["current"] for s in self.strengths.values())
        checked = strengths.checked_agreement(agreed_on, participants, note, today, has_strengths)
        self._record(self.WorksheetAgreed, **checked)

    def remove_strength(self, strength_id: UUID) -> None:
        self.ensure_journey_open()
        self._current_strength(strength_id)
        self._record(self.StrengthRemoved, strength_id=strength_id)

    def _current_strength(self, strength_id: UUID) -> dict[str, Any]:
        strength = self.strengths.get(strength_id)
        if strength is None:
            raise StrengthNotFoundError(strength_id)
        if not strength["current"]:
            raise RuleViolationError(
                "strength_removed", "this strength has been removed: it stays in the history"
            )
        return strength
