"""When a person's next review is due, and whether it is overdue.

Reviewing progress is part of supporting goal-striving (manual, 5.4 "Reviewing
progress"): a person never reviewed is due a first review a window after they
were registered, so that no one drifts on without one. Discharged people have no
reviews to be late for.
"""

from __future__ import annotations

from datetime import date, timedelta

from domain.vocabulary import PersonStatus

#: Days from registration to a first review, unless the deployment says otherwise.
FIRST_REVIEW_DAYS = 90


def first_review_due(registered_at: str, next_review_due: str | None, first_review_days: int) -> str | None:
    """The day a first review is due (the registration day plus the window); None once reviewed."""
    if next_review_due is not None:
        return None
    return (date.fromisoformat(registered_at[:10]) + timedelta(days=first_review_days)).isoformat()


def review_is_overdue(
    status: str, registered_at: str, next_review_due: str | None, today: date, first_review_days: int
) -> bool:
    """Past the next review's date, or never reviewed and past the first review's."""
    if status != PersonStatus.ACTIVE:
        return False
    due = next_review_due or first_review_due(registered_at, next_review_due, first_review_days)
    return due is not None and due < today.isoformat()


def first_review_cutoff(today: date, first_review_days: int) -> str:
    """Someone never reviewed and registered before this day is overdue (for SQL filters on
    the registration time, which sorts as text after its day)."""
    return (today - timedelta(days=first_review_days)).isoformat()
