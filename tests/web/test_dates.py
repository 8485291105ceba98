"""Dates and times as staff read them."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from interfaces.web import dates

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-03", "3 Dec 2026"),
        (date(2027, 1, 15), "15 Jan 2027"),
        ("2026-12-03T23:59:00+00:00", "3 Dec 2026"),
        (None, ""),
    ],
)
def test_a_day_reads_as_day_month_year(value: date | str | None, expected: str) -> None:
    assert dates.day(value) == expected


@pytest.mark.parametrize(
    ("value", "zone", "expected"),
    [
        ("2026-12-01T14:05:00+00:00", "Europe/London", "Tue 1 Dec 2026, 14:05"),
        ("2026-07-01T14:05:00+00:00", "Europe/London", "Wed 1 Jul 2026, 15:05"),
        ("2026-12-01T23:30:00+00:00", "Europe/Paris", "Wed 2 Dec 2026, 00:30"),
        (None, "Europe/London", ""),
    ],
    ids=["winter time", "summer time", "another zone, next day", "no time"],
)
def test_a_moment_reads_in_the_deployments_time_zone(value: str | None, zone: str, expected: str) -> None:
    assert dates.moment(value, ZoneInfo(zone)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-03", "today"),
        ("2026-12-04", "in 1 day"),
        ("2026-12-05", "in 2 days"),
        ("2026-12-02", "overdue by 1 day"),
        ("2026-11-29", "overdue by 4 days"),
        (None, ""),
    ],
)
def test_a_due_date_reads_as_how_far_off_it_is(value: str | None, expected: str) -> None:
    assert dates.due(value, TODAY) == expected
