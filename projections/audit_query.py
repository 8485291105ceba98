"""The team audit as the API answers it: the figures of a team, of each of its workers, or of the
whole service, over a period beside a comparison period, each with its definition, the people
behind it and its trend (manual, chapter 6: audit and reflection support practice change).

An audit reads only the audit rows of the people ever on the team, found by index: its cost
grows with the team and its history, never with the event store.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from domain.actor import Actor, Role
from domain.errors import InvalidInputError, NotFoundError, NotPermittedError
from projections import json_text
from projections.audit_facts import COUNT_KEYS, new_counts
from projections.audit_figures import FIGURES, compute, definition
from projections.audit_tallies import Period, PersonFacts
from projections.audit_words import figure_words
from projections.review_due import FIRST_REVIEW_DAYS
from projections.store import ViewCursor, ViewStore
from projections.strengths import STALE_AFTER_DAYS

#: The team id that names the whole service (admins only).
WHOLE_SERVICE = "all"
#: Periods the trend charts show, the audited period last.
TREND_POINTS = 6
#: The period audited when none is given: the last 90 days, today included.
DEFAULT_DAYS = 90


class TeamNotFoundError(NotFoundError):
    """A team the reader may not see (or one with no one on it, ever)."""

    kind = "team"


@dataclass(frozen=True)
class AuditRequest:
    team_id: str
    start: date
    end: date
    compare_start: date
    compare_end: date
    worker: str | None = None
    as_of: date | None = None
    first_review_days: int = FIRST_REVIEW_DAYS
    stale_after_days: int = STALE_AFTER_DAYS

    def period(self, start: date, end: date) -> Period:
        return Period(start, end, self.first_review_days, self.stale_after_days)


#: The days an audit may name: enough for any record, and room for the periods before them.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def periods(
    start: date | None, end: date | None, compare_start: date | None, compare_end: date | None, today: date
) -> tuple[date, date, date, date]:
    """The period (by default the 90 days ending today) and the comparison period (by default
    the period as long just before it); a field out of order or out of range is refused by name."""
    for name, day in (
        ("from", start),
        ("to", end),
        ("compare_from", compare_start),
        ("compare_to", compare_end),
    ):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise InvalidInputError(name, f"must be between {FIRST_DAY} and {LAST_DAY}")
    end = end or today
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise InvalidInputError("from", "must not be after `to`")
    if (compare_start is None) != (compare_end is None):
        name = "compare_to" if compare_end is None else "compare_from"
        raise InvalidInputError(name, "give both `compare_from` and `compare_to`, or neither")
    if compare_start is None or compare_end is None:
        compare_end = start - timedelta(days=1)
        compare_start = compare_end - (end - start)
    elif compare_start > compare_end:
        raise InvalidInputError("compare_from", "must not be after `compare_to`")
    return start, end, compare_start, compare_end


def scope(viewer: Actor, request: AuditRequest) -> str | None:
    """The worker whose people the reader may audit (None: the whole team), or refuse.

    A worker sees their own figures only; a supervisor their teams'; an admin any team and the
    whole service; an integration none (audit is for reflection on practice, not a record that
    other systems receive).
    """
    if request.team_id == WHOLE_SERVICE:
        if not viewer.may_see_every_team:
            raise NotPermittedError("only admins audit the whole service")
    elif not viewer.may_see(request.team_id):
        raise TeamNotFoundError(request.team_id)  # as every read outside the reader's teams
    if viewer.role is Role.INTEGRATION:
        raise NotPermittedError("integrations do not read the team audit")
    if viewer.role is Role.WORKER:
        if request.worker not in (None, viewer.subject):
            raise NotPermittedError("a worker reads their own figures only")
        return viewer.subject
    return request.worker


#: The reads of an audit; each ends with the team's condition (``members``), if any.
DAYS_READ = (
    "SELECT person_id, day, team_id, worker_id, active, registered_on, state, "
    + ", ".join(COUNT_KEYS)
    + " FROM {s}refocus_audit_days WHERE day <= ?{members} ORDER BY person_id, day"
)
MEETINGS_READ = (
    "SELECT person_id, kind, held_on, next_due, took_part FROM {s}refocus_audit_meetings"
    " WHERE held_on <= ? AND recorded_on <= ?{members}"
)
NAMES_READ = "SELECT person_id, display_name FROM {s}refocus_caseload WHERE 1 = 1{members}"


class AuditRows:
    """Each person's audit rows and meetings, read once for every period of an answer."""

    def __init__(self, store: ViewStore, team_id: str, last_day: str, as_of: str | None) -> None:
        cut = min(last_day, as_of) if as_of else last_day
        with store.reading() as tx:
            store.prefer_index_reads(tx)
            members, params = ("", []) if team_id == WHOLE_SERVICE else team_members(store, tx, team_id)
            days = tx.all(DAYS_READ.replace("{members}", members), [cut, *params])
            meetings = tx.all(
                MEETINGS_READ.replace("{members}", members), [last_day, as_of or "9999-12-31", *params]
            )
            names = tx.all(NAMES_READ.replace("{members}", members), params)
        self.days = {pid: list(rows) for pid, rows in groupby(days, key=lambda r: r[0])}
        self.meetings: dict[str, list[tuple[str, str, str | None, int]]] = {}
        for person_id, kind, held_on, next_due, took_part in meetings:
            self.meetings.setdefault(person_id, []).append((kind, held_on, next_due, int(took_part)))
        self.names = {person_id: store.seal.open(name) for person_id, name in names}
        self._states: dict[tuple[str, str], Any] = {}

    def _state(self, row: tuple[Any, ...]) -> Any:
        key = (row[0], row[1])
        found = self._states.get(key)
        if found is None:
            found = self._states[key] = json_text.loads(row[6])
        return found

    def people(
        self, team_id: str, worker: str | None, period: Period, as_of: str | None
    ) -> list[PersonFacts]:
        """The people on the team (and the worker's caseload) active at the period's end."""
        start, end = period.start.isoformat(), period.end.isoformat()
        cut = min(end, as_of) if as_of else end
        before = (period.start - timedelta(days=1)).isoformat()
        found = []
        for person_id, rows in self.days.items():
            last = first = None
            counts = new_counts()
            for row in rows:
                day = row[1]
                if day > cut:
                    break
                last = row
                if day <= before:
                    first = row
                elif day >= start:
                    for key, amount in zip(COUNT_KEYS, row[7:], strict=True):
                        counts[key] += amount
            if last is None or not last[4]:
                continue
            if team_id != WHOLE_SERVICE and last[2] != team_id:
                continue
            if worker is not None and last[3] != worker:
                continue
            found.append(
                PersonFacts(
                    person_id=person_id,
                    worker_id=last[3],
                    registered_on=last[5],
                    end=self._state(last),
                    start=self._state(first) if first else None,
                    counts=counts,
                    meetings=self.meetings.get(person_id, []),
                )
            )
        return found


def team_members(store: ViewStore, tx: ViewCursor, team_id: str) -> tuple[str, list[Any]]:
    """A condition that keeps the rows of the people ever on the team, and its parameter.

    The ids are looked up first and passed as one list, so every read after it probes the
    primary key person by person. As a subquery the same test left the choice to the planner,
    which on a PostgreSQL store without statistics yet (just rebuilt or imported) read every
    person's rows by day and joined them by hash: a cost that grew with the store.
    """
    people = [
        row[0]
        for row in tx.all("SELECT DISTINCT person_id FROM {s}refocus_audit_days WHERE team_id = ?", [team_id])
    ]
    if store.dialect == "postgres":
        return " AND person_id = ANY(?)", [people]
    return " AND person_id IN (SELECT value FROM json_each(?))", [json.dumps(people)]


def _trend_starts(start: date, length: int) -> list[date]:
    """The first days of the trend's periods, oldest first, the audited one last; periods that
    would begin before the calendar does are left out."""
    starts = []
    for k in range(TREND_POINTS - 1, -1, -1):
        try:
            starts.append(start - timedelta(days=length * k))
        except OverflowError:
            continue
    return starts


def _trend(value: float | None, earlier: float | None) -> str | None:
    if value is None or earlier is None:
        return None
    return "up" if value > earlier else "down" if value < earlier else "same"


def team_audit(store: ViewStore, viewer: Actor, request: AuditRequest) -> dict[str, Any]:
    worker = scope(viewer, request)
    length = (request.end - request.start).days + 1
    trend_starts = _trend_starts(request.start, length)
    as_of = request.as_of.isoformat() if request.as_of else None
    last_day = max(request.end, request.compare_end).isoformat()
    rows = AuditRows(store, request.team_id, last_day, as_of)

    period = request.period(request.start, request.end)
    people = rows.people(request.team_id, worker, period, as_of)
    figures = compute(people, period, with_people=True)
    compared = compute(
        rows.people(
            request.team_id, worker, request.period(request.compare_start, request.compare_end), as_of
        ),
        request.period(request.compare_start, request.compare_end),
        with_people=False,
    )
    series = [
        compute(
            rows.people(request.team_id, worker, request.period(s, s + timedelta(days=length - 1)), as_of),
            request.period(s, s + timedelta(days=length - 1)),
            with_people=False,
        )
        for s in trend_starts[:-1]
    ] + [figures]
    listed = []
    for figure, _ in FIGURES:
        now, then = figures[figure.id], compared[figure.id]
        listed.append(
            {
                "id": figure.id,
                **definition(figure),
                **now,
                "words": figure_words(figure.id, figure.unit, now["numerator"], now["denominator"]),
                "compare": {k: then[k] for k in ("numerator", "denominator", "value")},
                "change": None
                if now["value"] is None or then["value"] is None
                else round(now["value"] - then["value"], 4),
                "trend": _trend(now["value"], then["value"]),
                "series": [
                    {"from": s.isoformat(), "value": point[figure.id]["value"]}
                    for s, point in zip(trend_starts, series, strict=True)
                ],
            }
        )
    workers = sorted({p.worker_id for p in people})
    return {
        "team_id": request.team_id,
        "worker": worker,
        "from": request.start.isoformat(),
        "to": request.end.isoformat(),
        "compare_from": request.compare_start.isoformat(),
        "compare_to": request.compare_end.isoformat(),
        "as_of": as_of,
        "people_counted": len(people),
        "figures": listed,
        "workers": [_worker(w, [p for p in people if p.worker_id == w], period) for w in workers],
        "people": [
            {
                "id": p.person_id,
                "display_name": rows.names.get(p.person_id, ""),
                "worker_id": p.worker_id or None,
                "href": f"/api/v1/people/{p.person_id}/care-plan",
            }
            for p in sorted(people, key=lambda p: (rows.names.get(p.person_id, ""), p.person_id))
        ],
    }


def _worker(worker_id: str, people: Sequence[PersonFacts], period: Period) -> dict[str, Any]:
    figures = compute(people, period, with_people=False)
    return {
        "worker_id": worker_id or None,
        "people_counted": len(people),
        "figures": figures,
    }
