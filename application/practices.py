"""The working practices' use cases: values, treatment preferences, narrative and life maps
(practice 1), strengths (practice 2).

Each changes the person's journey; a command on an entity of the person (a value, a
strength) answers with the entity's id, and the person's new version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from application.unit_of_work import CommandOutcome, Transaction, UnitOfWork


class WorkingPractices:
    """Part of :class:`application.journeys.RecoveryJourneys`."""

    _uow: UnitOfWork

    # Working practice 1: values and treatment preferences

    def record_value(
        self,
        person_id: UUID,
        area: str,
        statement: str,
        in_own_words: bool,
        approach: str,
        written_by: str | None = None,
    ) -> CommandOutcome:
        return self._uow.run(
            person_id,
            lambda tx: tx.person(person_id).record_value(area, statement, in_own_words, approach, written_by),
        )

    def revise_value(
        self,
        person_id: UUID,
        value_id: UUID,
        statement: str,
        in_own_words: bool | None,
        approach: str | None = None,
        written_by: str | None = None,
        *,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        """``in_own_words`` None: not said, which only a revision keeping the same words allows."""

        def revise(tx: Transaction) -> UUID:
            person = tx.person(person_id, expected_version)
            person.revise_value(value_id, statement, in_own_words, approach, written_by)
            return value_id

        return self._uow.run(person_id, revise)

    def withdraw_value(
        self, person_id: UUID, value_id: UUID, *, expected_version: int | None = None
    ) -> CommandOutcome:
        def withdraw(tx: Transaction) -> UUID:
            tx.person(person_id, expected_version).withdraw_value(value_id)
            return value_id

        return self._uow.run(person_id, withdraw)

    def decline_area(
        self, person_id: UUID, area: str, note: str | None = None, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._uow.run(
            person_id, lambda tx: tx.person(person_id, expected_version).decline_area(area, note)
        )

    def record_treatment_preference(
        self,
        person_id: UUID,
        statement: str,
        area: str | None = None,
        *,
        in_own_words: bool,
        written_by: str | None = None,
    ) -> CommandOutcome:
        return self._uow.run(
            person_id,
            lambda tx: tx.person(person_id).record_treatment_preference(
                statement, area, in_own_words=in_own_words, written_by=written_by
            ),
        )

    def revise_treatment_preference(
        self,
        person_id: UUID,
        preference_id: UUID,
        statement: str,
        in_own_words: bool | None = None,
        area: str | None = None,
        *,
        clear_area: bool = False,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        def revise(tx: Transaction) -> UUID:
            tx.person(person_id, expected_version).revise_treatment_preference(
                preference_id, statement, in_own_words, area, clear_area=clear_area
            )
            return preference_id

        return self._uow.run(person_id, revise)

    def withdraw_treatment_preference(
        self, person_id: UUID, preference_id: UUID, *, expected_version: int | None = None
    ) -> CommandOutcome:
        def withdraw(tx: Transaction) -> UUID:
            tx.person(person_id, expected_version).withdraw_treatment_preference(preference_id)
            return preference_id

        return self._uow.run(person_id, withdraw)

    def add_narrative_entry(
        self, person_id: UUID, text: str, themes: Sequence[str] = (), written_by: str | None = None
    ) -> CommandOutcome:
        return self._uow.run(
            person_id, lambda tx: tx.person(person_id).add_narrative_entry(text, themes, written_by)
        )

    def revise_narrative_entry(
        self,
        person_id: UUID,
        entry_id: UUID,
        text: str | None = None,
        themes: Sequence[str] | None = None,
        written_by: str | None = None,
        *,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        def revise(tx: Transaction) -> UUID:
            tx.person(person_id, expected_version).revise_narrative_entry(entry_id, text, themes, written_by)
            return entry_id

        return self._uow.run(person_id, revise)

    def withdraw_narrative_entry(
        self, person_id: UUID, entry_id: UUID, *, expected_version: int | None = None
    ) -> CommandOutcome:
        def withdraw(tx: Transaction) -> UUID:
            tx.person(person_id, expected_version).withdraw_narrative_entry(entry_id)
            return entry_id

        return self._uow.run(person_id, withdraw)

    def draw_life_map(
        self,
        person_id: UUID,
        kind: str,
        entries: Sequence[Mapping[str, str | None]],
        *,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        return self._uow.run(
            person_id, lambda tx: tx.person(person_id, expected_version).draw_life_map(kind, entries)
        )

    # Working practice 2: strengths

    def identify_strength(
        self,
        person_id: UUID,
        domain: str,
        column: str,
        resource: str,
        statement: str,
        in_own_words: bool,
        written_by: str | None = None,
    ) -> CommandOutcome:
        return self._uow.run(
            person_id,
            lambda tx: tx.person(person_id).identify_strength(
                domain, column, resource, statement, in_own_words, written_by
            ),
        )

    def revise_strength(
        self, person_id: UUID, strength_id: UUID, *, expected_version: int | None = None, **changes: Any
    ) -> CommandOutcome:
        def revise(tx: Transaction) -> UUID:
            tx.person(person_id, expected_version).revise_strength(strength_id, **changes)
            return strength_id

        return self._uow.run(person_id, revise)

    def remove_strength(
        self, person_id: UUID, strength_id: UUID, *, expected_version: int | None = None
    ) -> CommandOutcome:
        def remove(tx: Transaction) -> UUID:
            tx.person(person_id, expected_version).remove_strength(strength_id)
            return strength_id

        return self._uow.run(person_id, remove)

    def review_strengths_domain(
        self, person_id: UUID, domain: str, note: str | None = None, *, expected_version: int | None = None
    ) -> CommandOutcome:
        return self._uow.run(
            person_id,
            lambda tx: tx.person(person_id, expected_version).review_strengths_domain(domain, note),
        )

    def agree_strengths_worksheet(
        self,
        person_id: UUID,
        agreed_on: date,
        participants: Sequence[str],
        note: str | None = None,
        *,
        today: date | None = None,
        expected_version: int | None = None,
    ) -> CommandOutcome:
        return self._uow.run(
            person_id,
            lambda tx: tx.person(person_id, expected_version).agree_strengths_worksheet(
                agreed_on, participants, note, today or date.today()
            ),
        )
