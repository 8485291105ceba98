"""The team audit page: a team's (or a worker's own) figures of recovery-oriented practice over a
period, beside a comparison period, with small trend charts; printable for a team meeting
(manual, chapter 6: audit and reflection support practice change)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import InvalidInputError
from interfaces.http.deps import Reader
from interfaces.web.charts import TREND_HEIGHT, TREND_WIDTH, trend
from interfaces.web.rendering import pages_of
from interfaces.web.routing import page_router, signed_in
from projections.audit_query import AuditRequest, periods

router = page_router()


def _period(today: date, start: date | None, end: date | None) -> tuple[date, date, date, date]:
    """The chosen period and the one before it; dates out of order are swapped, and out of range
    the default period is shown."""
    if start and end and start > end:
        start, end = end, start
    try:
        return periods(start, end, None, None, today)
    except InvalidInputError:
        return periods(None, None, None, None, today)


def _percent(unit: str, value: float | None) -> str:
    if value is None:
        return "–"
    if unit == "share":
        return f"{round(100 * value)}%"
    return f"{value:g}"


def _groups(answer: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for figure in answer["figures"]:
        unit = figure["unit"]
        names = [point["from"] for point in figure["series"]]
        values = [point["value"] for point in figure["series"]]
        groups.setdefault(figure["group"], []).append(
            {
                **figure,
                "shown": _percent(unit, figure["value"]),
                "compared": _percent(unit, figure["compare"]["value"]),
                "chart": trend(values, names, 1 if unit == "share" else None),
            }
        )
    return list(groups.items())


@router.get("/teams/{team_id}/audit")
def team_audit(
    request: Request,
    team_id: str,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    worker: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """The team's audit: each figure in words, against the period before, with its trend."""
    session = signed_in(request)
    pages = pages_of(request)
    settings = request.app.state.runtime.settings
    period = _period(pages.today(), start, end)
    views = Reader(session.actor, request.app.state.runtime, 0).views
    answer = views.team_audit(
        session.actor,
        AuditRequest(
            team_id,
            *period,
            worker=worker or None,
            first_review_days=settings.first_review_days,
            stale_after_days=settings.strengths_stale_after_days,
        ),
    )
    context = {
        "audit": answer,
        "groups": _groups(answer),
        "team_id": team_id,
        "trend_width": TREND_WIDTH,
        "trend_height": TREND_HEIGHT,
        "labels": {f["id"]: f["label"] for f in answer["figures"]},
    }
    return pages.render(request, "team_audit.html", context, session=session)
