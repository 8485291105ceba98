"""Erasure of a person's data: the retention rule, the record of every request, and the one call
that makes the person's events unreadable (destroying their data key).

The erasure is recorded on its own aggregate (``domain.erasure``), so the record stays
readable once the person's key is gone. A refusal is recorded too, then raised (409). The
views purge the person when they apply ``PersonErased`` (``projections.erasure``), and the
interfaces keep a ledger of erased people apart from the store, to erase again anyone a
restore from an older backup brings back (``interfaces.erasure_ledger``).
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from application.errors import ConcurrentUpdateError
from application.idempotency import IdempotencyKeyReusedError, IdempotentRequest, current_request
from application.unit_of_work import CommandOutcome, UnitOfWork
from domain.actor import Role, current_actor
from domain.erasure import (
    RETENTION_ACTIVE_RECORD,
    Erasure,
    ErasureReason,
    checked_reason,
    erasure_id,
    refusal_detail,
    retention_rule,
)
from domain.errors import JourneyError, NotPermittedError, PersonNotFoundError, RuleViolationError
from domain.person import Person

#: Attempts at recording an erasure when another request recorded one first.
_ATTEMPTS = 5


class PersonErasedError(JourneyError):
    """Raised when a request names a person whose data has been erased (HTTP 410 Gone)."""

    def __init__(self) -> None:
        super().__init__("the person's data has been erased")


@dataclass(frozen=True)
class ErasureOutcome:
    """What an erasure recorded: the erasure record's id, version and the event's position."""

    id: UUID
    person_id: UUID
    version: int
    position: int
    reason: str
    erased_at: datetime


class Erasures:
    """Part of :class:`application.journeys.RecoveryJourneys`."""

    #: The application's unit of work: its idempotency keys serve erasure requests too.
    _uow: UnitOfWork

    def destroy_data_key(self, person_id: UUID) -> None:
        """Destroy the person's data key (``RecoveryJourneys`` holds the keys). Idempotent: erasure
        calls it again for a person already erased (a retried request, the ledger on start)."""
        raise NotImplementedError

    def erase_person(
        self, person_id: UUID, reason: str, *, retention_years: int, now: datetime | None = None
    ) -> ErasureOutcome:
        """Erase the person's data, unless the retention rule keeps the record.

        Admins only. A refusal is recorded (``ErasureRefused``) and raised as the rule that
        refused (409); a person already erased is :class:`PersonErasedError`. A request repeated
        under its ``Idempotency-Key`` is answered as the first was, its outcome or its refusal,
        and records nothing more.
        """
        actor = current_actor()
        app = self._application()
        if actor.role is not Role.ADMIN:
            # Another team's person, like an unknown one, is not found: existence never leaks.
            person = _person(app, person_id)
            if person is None or not actor.may_see(person.team_id):
                raise PersonNotFoundError(person_id)
            raise NotPermittedError("only an admin may erase a person's data")
        code = checked_reason(reason)
        request = current_request()
        with self._uow.claim(request) if request else nullcontext():
            if request and (stored := self._uow.stored_outcome(request)):
                return self._answer_again(person_id, stored, retention_years)
            return self._record_request(person_id, code, request, retention_years, now)

    def _record_request(
        self,
        person_id: UUID,
        code: ErasureReason,
        request: IdempotentRequest | None,
        retention_years: int,
        now: datetime | None,
    ) -> ErasureOutcome:
        app = self._application()
        for _ in range(_ATTEMPTS):
            erasure = self.erasure_of(person_id)
            if erasure is not None and erasure.erased:
                self.destroy_data_key(person_id)  # a retry after a failure on the way
                raise PersonErasedError
            events = list(app.events.get(person_id))
            if not events or not isinstance(events[0], Person.PersonRegistered):
                raise PersonNotFoundError(person_id)
            record = erasure or Erasure.open(person_id)
            refused = retention_rule(code, _discharged_at(events), now or datetime.now(UTC), retention_years)
            if refused:
                record.refuse(code, refused[0])
            else:
                record.erase(code)
            # The key is saved with the request's event: a retry finds it, or finds neither.
            keyed = (
                {"idempotency": self._uow.key_record(request, record.id, record.version)} if request else {}
            )
            try:
                recordings = app.save(record, **keyed)
            except IntegrityError:
                continue
            if refused:
                raise RuleViolationError(*refused)
            self.destroy_data_key(person_id)
            return _outcome(record, recordings[-1].notification.id)
        raise ConcurrentUpdateError("the erasure record kept changing while this request ran: try again")

    def _answer_again(self, person_id: UUID, stored: CommandOutcome, retention_years: int) -> ErasureOutcome:
        """The first answer to a repeated request: the erasure record as that request left it."""
        record: Any = self._application().repository.get(stored.id, version=stored.version)
        if not isinstance(record, Erasure) or record.person_id != person_id:
            raise IdempotencyKeyReusedError
        if record.erased:
            self.destroy_data_key(person_id)  # the first request may have stopped before it
            return _outcome(record, stored.position)
        rule = record.refused_by or RETENTION_ACTIVE_RECORD
        raise RuleViolationError(rule, refusal_detail(rule, retention_years))

    def erase_again(self, person_id: UUID, reason: str) -> ErasureOutcome | None:
        """Erase a person the erasure ledger names but the store does not (a restore from a backup
        taken before the erasure): record ``PersonErased`` again, without the retention rule,
        which was checked when the erasure was first asked for. Destroys the key either way;
        the outcome when an event was recorded, else None."""
        app = self._application()
        for _ in range(_ATTEMPTS):
            record = self.erasure_of(person_id)
            if record is not None and record.erased:
                self.destroy_data_key(person_id)
                return None
            record = record or Erasure.open(person_id)
            record.erase(checked_reason(reason), from_ledger=True)
            try:
                recordings = app.save(record)
            except IntegrityError:
                continue
            self.destroy_data_key(person_id)
            return _outcome(record, recordings[-1].notification.id)
        raise ConcurrentUpdateError("the erasure record kept changing while this request ran: try again")

    def erasure_of(self, person_id: UUID) -> Erasure | None:
        """The person's erasure record, if any request to erase them was made."""
        try:
            record: Any = self._application().repository.get(erasure_id(person_id))
        except AggregateNotFoundError:
            return None
        return record if isinstance(record, Erasure) else None

    def is_erased(self, person_id: UUID) -> bool:
        record = self.erasure_of(person_id)
        return record is not None and record.erased

    def _application(self) -> Application[UUID]:
        assert isinstance(self, Application)
        return self


def _person(app: Application[UUID], person_id: UUID) -> Person | None:
    try:
        found: Any = app.repository.get(person_id)
    except AggregateNotFoundError:
        return None
    return found if isinstance(found, Person) else None


def _discharged_at(events: list[Any]) -> datetime | None:
    """When the person was last discharged, if they are discharged now."""
    discharged_at = None
    for event in events:
        if isinstance(event, Person.PersonDischarged):
            discharged_at = event.timestamp
    return discharged_at


def _outcome(record: Erasure, position: int) -> ErasureOutcome:
    assert record.erased_at is not None and record.reason is not None
    return ErasureOutcome(
        record.id, record.person_id, record.version, position, ErasureReason(record.reason), record.erased_at
    )
