"""The retention rule and the erasure record, in the domain."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from domain.actor import Actor, Role, acting_as
from domain.erasure import (
    RETENTION_ACTIVE_RECORD,
    RETENTION_PERIOD,
    Erasure,
    ErasureReason,
    checked_reason,
    erasure_id,
    retention_rule,
    years_after,
)
from domain.errors import InvalidInputError, RuleViolationError

NOW = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)
RECENT = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
LONG_AGO = datetime(2021, 6, 1, 11, 59, tzinfo=UTC)
ADMIN = Actor("ada", Role.ADMIN)


@pytest.mark.parametrize(
    ("reason", "discharged_at", "refused_by"),
    [
        # Not discharged: kept unless recorded in error or its retention ran out.
        (ErasureReason.PERSON_REQUEST, None, RETENTION_ACTIVE_RECORD),
        (ErasureReason.LEGAL_ORDER, None, RETENTION_ACTIVE_RECORD),
        (ErasureReason.RECORDED_IN_ERROR, None, None),
        (ErasureReason.RETENTION_EXPIRED, None, None),
        # Discharged within the period.
        (ErasureReason.PERSON_REQUEST, RECENT, RETENTION_PERIOD),
        (ErasureReason.LEGAL_ORDER, RECENT, RETENTION_PERIOD),
        (ErasureReason.RECORDED_IN_ERROR, RECENT, None),
        (ErasureReason.RETENTION_EXPIRED, RECENT, None),
        # Discharged longer ago than the period (by a minute).
        (ErasureReason.PERSON_REQUEST, LONG_AGO, None),
        (ErasureReason.LEGAL_ORDER, LONG_AGO, None),
    ],
)
def test_the_retention_rule(
    reason: ErasureReason, discharged_at: datetime | None, refused_by: str | None
) -> None:
    refused = retention_rule(reason, discharged_at, NOW, retention_years=9)

    assert (refused[0] if refused else None) == refused_by


def test_the_period_is_counted_in_years_and_says_how_many() -> None:
    exactly = datetime(2022, 6, 1, 12, 0, tzinfo=UTC)

    assert retention_rule(ErasureReason.PERSON_REQUEST, exactly, NOW, retention_years=8) is None
    refused = retention_rule(ErasureReason.PERSON_REQUEST, exactly, NOW, retention_years=9)
    assert refused is not None and "9 years" in refused[1]
    assert years_after(datetime(2024, 2, 29, tzinfo=UTC), 1) == datetime(2025, 3, 1, tzinfo=UTC)


def test_a_reason_is_a_code_and_an_unknown_one_names_the_field() -> None:
    assert checked_reason("retention_expired") is ErasureReason.RETENTION_EXPIRED
    with pytest.raises(InvalidInputError) as refused:
        checked_reason("the person asked nicely")
    assert refused.value.field == "reason"


def test_an_erasure_record_is_one_per_person_holds_no_personal_data_and_erases_once() -> None:
    person_id = uuid4()
    with acting_as(ADMIN):
        record = Erasure.open(person_id)
        record.refuse(ErasureReason.PERSON_REQUEST, RETENTION_ACTIVE_RECORD)
        record.erase(ErasureReason.RECORDED_IN_ERROR)
        with pytest.raises(RuleViolationError) as again:
            record.erase(ErasureReason.RECORDED_IN_ERROR)

    assert record.id == erasure_id(person_id) != erasure_id(uuid4())
    assert again.value.rule == "person_erased"
    assert (record.erased, record.refusals, record.reason) == (True, 1, "recorded_in_error")
    fields = [set(vars(event)) for event in record.collect_events()]
    allowed = {"originator_id", "originator_version", "timestamp", "originator_topic", "actor_subject"}
    allowed |= {"actor_role", "person_id", "reason", "rule", "from_ledger"}
    assert all(names <= allowed for names in fields)
