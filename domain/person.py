"""A person using the service: registration, team, key worker, agreement, discharge."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from domain import text
from domain.base import JourneyAggregate
from domain.errors import InvalidInputError, RuleViolationError
from domain.vocabulary import PersonStatus


class Person(JourneyAggregate):
    class Event(JourneyAggregate.Event):
        pass

    class PersonRegistered(Event, JourneyAggregate.Created):
        display_name: str
        team_id: str
        key_worker_id: str | None
        external_ref: str | None

    class KeyWorkerAssigned(Event):
        worker_id: str
        previous_worker_id: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.key_worker_id = self.worker_id

    class PersonTransferred(Event):
        team_id: str
        previous_team_id: str

        def apply(self, aggregate: Any) -> None:
            aggregate.team_id = self.team_id

    class PersonDischarged(Event):
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.status = PersonStatus.DISCHARGED

    class WorkingAgreementMade(Event):
        text: str
        review_by: date | None

        def apply(self, aggregate: Any) -> None:
            aggregate.working_agreement = self.text
            aggregate.working_agreement_review_by = self.review_by

    def __init__(
        self,
        display_name: str,
        team_id: str,
        key_worker_id: str | None,
        external_ref: str | None,
    ) -> None:
        self.display_name = display_name
        self.team_id = team_id
        self.key_worker_id = key_worker_id
        self.external_ref = external_ref
        self.status = PersonStatus.ACTIVE
        self.working_agreement: str | None = None
        self.working_agreement_review_by: date | None = None
        # Values and strengths arrive with working practices 1 and 2; until then
        # there is nothing a goal could be linked to.
        self.current_value_ids: set[UUID] = set()
        self.current_strength_ids: set[UUID] = set()

    @classmethod
    def register(
        cls,
        display_name: str,
        team_id: str,
        key_worker_id: str | None = None,
        external_ref: str | None = None,
    ) -> Person:
        return cls._begin(
            cls.PersonRegistered,
            display_name=text.text("display_name", display_name, text.NAME_MAX_CHARS),
            team_id=text.reference("team_id", team_id),
            key_worker_id=text.optional_reference("key_worker_id", key_worker_id),
            external_ref=text.optional_reference("external_ref", external_ref),
        )

    @property
    def is_discharged(self) -> bool:
        return self.status is PersonStatus.DISCHARGED

    def ensure_journey_open(self) -> None:
        if self.is_discharged:
            raise RuleViolationError(
                "person_discharged", "the person has been discharged: their journey is read-only"
            )

    def check_links(self, value_ids: Iterable[UUID], strength_ids: Iterable[UUID]) -> None:
        """Refuse links to values or strengths this person does not currently hold."""
        for i, value_id in enumerate(value_ids):
            if value_id not in self.current_value_ids:
                raise InvalidInputError(f"value_ids[{i}]", "is not a current value of this person")
        for i, strength_id in enumerate(strength_ids):
            if strength_id not in self.current_strength_ids:
                raise InvalidInputError(f"strength_ids[{i}]", "is not a current strength of this person")

    def assign_key_worker(self, worker_id: str) -> None:
        self.ensure_journey_open()
        text.reference("worker_id", worker_id)
        if worker_id == self.key_worker_id:
            raise RuleViolationError("no_change", "this worker is already the key worker")
        self._record(self.KeyWorkerAssigned, worker_id=worker_id, previous_worker_id=self.key_worker_id)

    def transfer(self, team_id: str) -> None:
        self.ensure_journey_open()
        text.reference("team_id", team_id)
        if team_id == self.team_id:
            raise RuleViolationError("no_change", "the person is already with this team")
        self._record(self.PersonTransferred, team_id=team_id, previous_team_id=self.team_id)

    def discharge(self, reason: str) -> None:
        self.ensure_journey_open()
        self._record(self.PersonDischarged, reason=text.text("reason", reason, text.NOTE_MAX_CHARS))

    def make_working_agreement(self, agreement: str, review_by: date | None = None) -> None:
        self.ensure_journey_open()
        self._record(
            self.WorkingAgreementMade,
            text=text.text("text", agreement, text.NOTE_MAX_CHARS),
            review_by=review_by,
        )
