"""Dates and times as staff read them: "3 Dec 2026", "Tue 3 Dec 2026, 14:05", "overdue by 4 days"."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def _date(value: date | str) -> date:
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


def day(value: date | str | None) -> str:
    """``3 Dec 2026``."""
    if value is None:
        return ""
    d = _date(value)
    return f"{d.day} {d:%b %Y}"


def moment(value: datetime | str | None, zone: ZoneInfo) -> str:
    """``Tue 3 Dec 2026, 14:05`` in the deployment's time zone (stored times are UTC)."""
    if value is None:
        return ""
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    local = at.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


def days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def due(value: date | str | None, today: date) -> str:
    """``today``, ``due in 2 days``, ``overdue by 4 days``."""
    if value is None:
        return ""
    left = (_date(value) - today).days
    if left == 0:
        return "today"
    return f"in {days(left)}" if left > 0 else f"overdue by {days(-left)}"
