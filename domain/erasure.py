"""Erasure of a person's data, and the retention rule that can refuse it.

An erasure is its own aggregate, one per person, whose id is derived from the person's
(:func:`erasure_id`): its events stay readable after the person's data key is destroyed, and
they hold no personal data, only the person's id (a random identifier), a reason code, the
rule that refused, who asked and when. Every request is recorded: an erasure as
``PersonErased``, a refusal as ``ErasureRefused``.

Clinical records are kept for a period the law sets (the NHS Records Management Code of
Practice's retention schedule): the record of a person still under the service, or
discharged less than the retention period ago, is not erased, unless it was recorded in
error or its retention period has already run out some other way.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from domain.actor import current_actor
from domain.base import JourneyAggregate
from domain.errors import InvalidInputError, RuleViolationError

#: Erasure ids are derived from person ids in this namespace, so each person has one.
ERASURE_NAMESPACE = UUID("6f1d0c4e-7a53-4b0e-9a1c-2d5e8b7f4a90")


class ErasureReason(StrEnum):
    """Why a person's data is to be erased: a code, never free text (which could name them)."""

    #: The record was made in error (the wrong person, or someone never under the service).
    RECORDED_IN_ERROR = "recorded_in_error"
    #: The retention period has run out (counted by the records team, from dates this service
    #: may not hold, such as the last contact with another service).
    RETENTION_EXPIRED = "retention_expired"
    #: The person asked (UK GDPR article 17); refused while the record is retained by law.
    PERSON_REQUEST = "person_request"
    #: A court or the regulator ordered it; refused while the record is retained by law,
    #: unless the order says the record was made in error.
    LEGAL_ORDER = "legal_order"


#: Reasons that erase a record the retention rule would otherwise keep.
RETENTION_EXEMPT = frozenset({ErasureReason.RECORDED_IN_ERROR, ErasureReason.RETENTION_EXPIRED})

#: The rule that refuses to erase the record of a person not discharged.
RETENTION_ACTIVE_RECORD = "retention-active-record"
#: The rule that refuses to erase a record discharged less than the retention period ago.
RETENTION_PERIOD = "retention-period"


def erasure_id(person_id: UUID) -> UUID:
    """The id of the person's erasure record: the same person, the same record."""
    return uuid5(ERASURE_NAMESPACE, str(person_id))


def checked_reason(reason: str) -> ErasureReason:
    try:
        return ErasureReason(reason)
    except ValueError:
        codes = ", ".join(r.value for r in ErasureReason)
        raise InvalidInputError("reason", f"must be one of {codes}") from None


def years_after(moment: datetime, years: int) -> datetime:
    """The same day and time ``years`` later (29 February: 1 March)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, month=3, day=1)


def retention_rule(
    reason: ErasureReason, discharged_at: datetime | None, now: datetime, retention_years: int
) -> tuple[str, str] | None:
    """The rule (name, detail) that keeps the record, or None when it may be erased.

    ``discharged_at`` is None for a person still under the service.
    """
    if reason in RETENTION_EXEMPT:
        return None
    if discharged_at is None:
        return RETENTION_ACTIVE_RECORD, refusal_detail(RETENTION_ACTIVE_RECORD, retention_years)
    if now < years_after(discharged_at, retention_years):
        return RETENTION_PERIOD, refusal_detail(RETENTION_PERIOD, retention_years)
    return None


def refusal_detail(rule: str, retention_years: int) -> str:
    """What a refusal under ``rule`` tells the admin who asked."""
    if rule == RETENTION_ACTIVE_RECORD:
        return (
            "the person is still under the service: their clinical record is retained; erase it "
            "only if it was recorded in error"
        )
    return (
        f"clinical records are retained for {retention_years} years after discharge, "
        "and that period has not passed"
    )


class Erasure(JourneyAggregate):
    """The record of every request to erase one person's data, and of the erasure itself."""

    kind = "erasure"

    class Event(JourneyAggregate.Event):
        person_id: UUID

    class ErasureRecordOpened(Event, JourneyAggregate.Created):
        """Opens the record, with the first request (which follows in the same save)."""

    class ErasureRefused(Event):
        reason: str
        #: The rule that refused (``retention-active-record``, ``retention-period``).
        rule: str

        def apply(self, aggregate: Any) -> None:
            aggregate.refusals += 1
            aggregate.refused_by = self.rule

    class PersonErased(Event):
        reason: str
        #: True when applied again from the erasure ledger, after a restore from a backup
        #: taken before the erasure.
        from_ledger: bool = False

        def apply(self, aggregate: Any) -> None:
            aggregate.erased = True
            aggregate.erased_at = self.timestamp
            aggregate.reason = self.reason

    def __init__(self, person_id: UUID) -> None:
        self.person_id = person_id
        self.erased = False
        self.erased_at: datetime | None = None
        self.reason: str | None = None
        self.refusals = 0
        #: The rule of the latest refusal, if any.
        self.refused_by: str | None = None

    def _context_fields(self) -> dict[str, Any]:
        return {"person_id": self.person_id}

    @classmethod
    def open(cls, person_id: UUID) -> Erasure:
        actor = current_actor()
        return cls._create(
            cls.ErasureRecordOpened,
            id=erasure_id(person_id),
            person_id=person_id,
            actor_subject=actor.subject,
            actor_role=actor.role.value,
        )

    def refuse(self, reason: ErasureReason, rule: str) -> None:
        self._require_not_erased()
        self._record(self.ErasureRefused, reason=reason.value, rule=rule)

    def erase(self, reason: ErasureReason, *, from_ledger: bool = False) -> None:
        self._require_not_erased()
        self._record(self.PersonErased, reason=reason.value, from_ledger=from_ledger)

    def _require_not_erased(self) -> None:
        if self.erased:
            raise RuleViolationError("person_erased", "the person's data has already been erased")
