"""How the team audit counts: the facts of one person for one period, and the tallies the
figures of :mod:`projections.audit_figures` are made of (manual, chapter 6)."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from domain.vocabulary import PersonStatus
from projections.review_due import review_is_overdue


@dataclass
class PersonFacts:
    """One person as an audit of one period reads them."""

    person_id: str
    worker_id: str
    registered_on: str
    #: State at the end of the period, and at the end of the day before it began (None: not yet).
    end: dict[str, Any]
    start: dict[str, Any] | None
    #: The day counts of the period, added up.
    counts: dict[str, int]
    #: ``(kind, held_on, next_due, took_part)`` of every review and conversation held by the end.
    meetings: list[tuple[str, str, str | None, int]] = field(default_factory=list)
    #: The reviews of a period, worked out once for the figures that read them.
    reviewed: dict[Period, list[dict[str, Any]]] = field(default_factory=dict)


Tally = tuple[float | None, int, list[str], list[str]]
"""``(numerator, denominator, people counted, people in the denominator not counted)``."""


def people_share(test: Callable[[PersonFacts], bool]) -> Callable[[Sequence[PersonFacts], Any], Tally]:
    def tally(people: Sequence[PersonFacts], _: Any) -> Tally:
        counted = [p.person_id for p in people if test(p)]
        others = [p.person_id for p in people if not test(p)]
        return len(counted), len(people), counted, others

    return tally


def summed(
    numerator: Callable[[PersonFacts], int], denominator: Callable[[PersonFacts], int]
) -> Callable[[Sequence[PersonFacts], Any], Tally]:
    def tally(people: Sequence[PersonFacts], _: Any) -> Tally:
        num = den = 0
        counted, others = [], []
        for p in people:
            n, d = numerator(p), denominator(p)
            num, den = num + n, den + d
            if n:
                counted.append(p.person_id)
            elif d:
                others.append(p.person_id)
        return num, den, counted, others

    return tally


def per_person(amount: Callable[[PersonFacts], int]) -> Callable[[Sequence[PersonFacts], Any], Tally]:
    def tally(people: Sequence[PersonFacts], _: Any) -> Tally:
        counted = [p.person_id for p in people if amount(p)]
        others = [p.person_id for p in people if not amount(p)]
        return sum(amount(p) for p in people), len(people), counted, others

    return tally


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    first_review_days: int
    stale_after_days: int
    #: The first and last day as text, as the facts' days are kept (made once, compared often).
    first: str = field(init=False)
    last: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "first", self.start.isoformat())
        object.__setattr__(self, "last", self.end.isoformat())

    def holds(self, day: str) -> bool:
        return self.first <= day <= self.last


def up_to_date(p: PersonFacts, period: Period) -> bool:
    oldest = p.end["ws_oldest"]
    return oldest is not None and (period.end - date.fromisoformat(oldest)).days <= period.stale_after_days


def _reviews(p: PersonFacts) -> list[tuple[str, str | None, int]]:
    return sorted((held, due, took) for kind, held, due, took in p.meetings if kind == "review")


def reviews_in_period(p: PersonFacts, period: Period) -> list[dict[str, Any]]:
    """Each review held in the period with the day it was due (the previous review's next
    review date, or the first review's) and the days since the previous review."""
    found = p.reviewed.get(period)
    if found is None:
        found = p.reviewed[period] = _reviews_in(p, period)
    return found


def _reviews_in(p: PersonFacts, period: Period) -> list[dict[str, Any]]:
    found = []
    previous: tuple[str, str | None, int] | None = None
    for review in _reviews(p):
        held, _, took = review
        if period.holds(held):
            if previous is None:
                registered = date.fromisoformat(p.registered_on)
                due = (registered + timedelta(days=period.first_review_days)).isoformat()
                gap = None
            else:
                due = previous[1] or held
                gap = (date.fromisoformat(held) - date.fromisoformat(previous[0])).days
            found.append({"held_on": held, "due": due, "on_time": held <= due, "gap": gap, "took_part": took})
        previous = review
    return found


def review_tally(test: Callable[[dict[str, Any]], bool]) -> Callable[[Sequence[PersonFacts], Period], Tally]:
    def tally(people: Sequence[PersonFacts], period: Period) -> Tally:
        num = den = 0
        counted, others = [], []
        for p in people:
            held = reviews_in_period(p, period)
            n = sum(1 for r in held if test(r))
            num, den = num + n, den + len(held)
            if n:
                counted.append(p.person_id)
            elif held:
                others.append(p.person_id)
        return num, den, counted, others

    return tally


def median_gap(people: Sequence[PersonFacts], period: Period) -> Tally:
    gaps: list[int] = []
    counted = []
    for p in people:
        mine = [r["gap"] for r in reviews_in_period(p, period) if r["gap"] is not None]
        if mine:
            counted.append(p.person_id)
            gaps += mine
    return (statistics.median(gaps) if gaps else None), len(gaps), counted, []


def conversations(p: PersonFacts, period: Period) -> int:
    return sum(1 for kind, held, _, _ in p.meetings if kind == "conversation" and period.holds(held))


def overdue(p: PersonFacts, period: Period) -> bool:
    return review_is_overdue(
        PersonStatus.ACTIVE, p.registered_on, p.end["next_review_due"], period.end, period.first_review_days
    )


def check_met(name: str) -> Callable[[Sequence[PersonFacts], Any], Tally]:
    def tally(people: Sequence[PersonFacts], _: Any) -> Tally:
        counted = [p.person_id for p in people if p.end["checks"][name] == "met"]
        others = [p.person_id for p in people if p.end["checks"][name] == "not_met"]
        return len(counted), len(counted) + len(others), counted, others

    return tally


def at_start(p: PersonFacts, key: str) -> int:
    return int(p.start[key]) if p.start else 0


PLANNED = ("planned_independent", "planned_joint", "planned_passive")


def planned_as(mode: str) -> Callable[[PersonFacts], int]:
    key = f"planned_{mode}"
    return lambda p: p.counts[key]


def planned(p: PersonFacts) -> int:
    return sum(p.counts[k] for k in PLANNED)
