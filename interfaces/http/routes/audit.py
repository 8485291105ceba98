"""The team audit of recovery-oriented practice, as JSON or CSV (manual, chapter 6)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Query, Request, Response

from interfaces.http.deps import ReaderDep
from interfaces.http.responses import problems
from interfaces.http.routing import Router
from interfaces.http.schemas.audit import AuditPublic
from interfaces.http.schemas.common import IsoDate
from projections.audit_query import AuditRequest, periods

router = Router(tags=["audit"])

CSV = "text/csv"
CSV_COLUMNS = (
    "scope",
    "figure",
    "group",
    "label",
    "unit",
    "numerator",
    "denominator",
    "value",
    "compare_numerator",
    "compare_denominator",
    "compare_value",
    "change",
    "trend",
)


def _cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def audit_csv(answer: dict[str, Any]) -> str:
    """The answer's figures, one row each for the team (scope ``team``) and for each worker."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for figure in answer["figures"]:
        compare = figure["compare"]
        writer.writerow(
            [
                _cell(v)
                for v in (
                    "team",
                    figure["id"],
                    figure["group"],
                    figure["label"],
                    figure["unit"],
                    figure["numerator"],
                    figure["denominator"],
                    figure["value"],
                    compare["numerator"],
                    compare["denominator"],
                    compare["value"],
                    figure["change"],
                    figure["trend"],
                )
            ]
        )
    units = {figure["id"]: figure for figure in answer["figures"]}
    for worker in answer["workers"]:
        for figure_id, counts in worker["figures"].items():
            figure = units[figure_id]
            row = (
                f"worker:{worker['worker_id'] or ''}",
                figure_id,
                figure["group"],
                figure["label"],
                figure["unit"],
                counts["numerator"],
                counts["denominator"],
                counts["value"],
            )
            writer.writerow([_cell(v) for v in row] + [""] * (len(CSV_COLUMNS) - len(row)))
    return out.getvalue()


def wants_csv(request: Request, format_: str | None) -> bool:
    if format_ is not None:
        return format_ == "csv"
    accept = request.headers.get("accept", "")
    return CSV in accept and "application/json" not in accept


_DATE = "YYYY-MM-DD, UTC days, both ends included."


@router.get(
    "/api/v1/teams/{team_id}/audit",
    response_model=AuditPublic,
    responses={
        200: {"content": {CSV: {"schema": {"type": "string"}}}, "description": "JSON, or CSV on request."},
        **problems(401, 403, 404, 422, 503),
    },
)
def team_audit_route(
    team_id: str,
    request: Request,
    reader: ReaderDep,
    start: Annotated[
        IsoDate | None,
        Query(alias="from", description=f"First day of the period ({_DATE}); default: 89 days before `to`."),
    ] = None,
    end: Annotated[
        IsoDate | None, Query(alias="to", description=f"Last day of the period ({_DATE}); default: today.")
    ] = None,
    compare_from: Annotated[
        IsoDate | None,
        Query(description="First day of the comparison period; default: the period as long just before."),
    ] = None,
    compare_to: Annotated[IsoDate | None, Query(description="Last day of the comparison period.")] = None,
    worker: Annotated[
        str | None, Query(max_length=200, description="Only this worker's people (their key worker).")
    ] = None,
    as_of: Annotated[
        IsoDate | None,
        Query(description="The audit as it stood at the end of this day: only what was recorded by then."),
    ] = None,
    format_: Annotated[
        str | None,
        Query(
            alias="format",
            pattern="^(json|csv)$",
            description="`csv` for a spreadsheet; or send `Accept: text/csv`.",
        ),
    ] = None,
) -> Any:
    """The team's audit of recovery-oriented practice (manual, chapter 6) over a period beside a
    comparison period: values, strengths, goals, action, reviews, the four care-plan checks and
    coaching. Each figure carries its definition (numerator, denominator, period rule, the
    manual's sections), its comparison, trend and the people behind it, and each worker's
    figures follow. A worker reads their own figures only (`worker` is themselves); a supervisor
    their teams'; an admin any team, and the whole service as team `all`; integrations get `403`.
    See docs/audit.md for every figure."""
    period = periods(start, end, compare_from, compare_to, datetime.now(UTC).date())
    settings = reader.runtime.settings
    answer = reader.views.team_audit(
        reader.actor,
        AuditRequest(
            team_id,
            *period,
            worker=worker,
            as_of=as_of,
            first_review_days=settings.first_review_days,
            stale_after_days=settings.strengths_stale_after_days,
        ),
    )
    if wants_csv(request, format_):
        return Response(audit_csv(answer), media_type=f"{CSV}; charset=utf-8")
    return AuditPublic.model_validate(answer)
