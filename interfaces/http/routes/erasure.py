"""Erasure of a person's data (admins), the log of every request to erase, and subject access."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import Query, Request, Response

from domain.errors import NotPermittedError
from interfaces.http.deps import Commands, ReaderDep
from interfaces.http.gone import repeats_answered_by_route
from interfaces.http.responses import QUERY_PROBLEMS, problems
from interfaces.http.routing import COMMAND_HEADERS, Router
from interfaces.http.schemas import (
    ErasePersonRequest,
    ErasureLogPublic,
    ErasurePublic,
    SubjectAccessExportPublic,
)
from interfaces.http.schemas.common import POSITION_LIMIT
from projections.erasure import erasure_log
from projections.events import iso_time
from projections.subject_access import subject_access

#: Most items one page of the erasure log answers.
LOG_PAGE_MAX = 500

router = Router(tags=["erasure and subject access"])


@router.post(
    "/api/v1/people/{person_id}/erasure",
    response_model=ErasurePublic,
    responses=problems(401, 403, 404, 409, 413, 422),
    openapi_extra={"parameters": COMMAND_HEADERS},
)
@repeats_answered_by_route
def erase_person(
    person_id: UUID, body: ErasePersonRequest, request: Request, response: Response
) -> ErasurePublic:
    """Erase the person's data (admins only): their data key is destroyed, so their events can no
    longer be read; `PersonErased`, which holds no personal data, is recorded on their erasure
    record; every view drops them. From then on every route about the person, their goals and
    steps answers `410 Gone`, and the event feed lists their events' positions with the data
    withheld.

    Clinical records are retained: the record of a person not discharged is kept
    (`409`, rule `retention-active-record`), and so is one discharged less than the retention
    period ago (`409`, rule `retention-period`; `REFOCUS_RETENTION_YEARS`, 8 by default), unless
    the reason is `recorded_in_error` or `retention_expired`. Each refusal is recorded too
    (`ErasureRefused`, listed by `GET /api/v1/erasures`).

    A request repeated with its `Idempotency-Key` is answered as the first was, refusal
    included, and records nothing more.
    """
    runtime = request.app.state.runtime
    # Not a `Commands` parameter, which would run it where commands run (on the event loop for a
    # SQLite file): an erasure waits for the views and checkpoints the file.
    with Commands.of(request, response, versioned=False).acting():
        outcome = runtime.erasures.erase(person_id, body.reason.value)
    return ErasurePublic(
        id=outcome.id,
        person_id=outcome.person_id,
        version=outcome.version,
        position=outcome.position,
        reason=outcome.reason,
        erased_at=iso_time(outcome.erased_at),
    )


@router.get("/api/v1/erasures", response_model=ErasureLogPublic, responses=problems(401, 403, 422, 503))
def erasures(
    reader: ReaderDep,
    after: Annotated[
        int, Query(ge=0, lt=POSITION_LIMIT, description="Answer requests after this position.")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=LOG_PAGE_MAX, description=f"At most {LOG_PAGE_MAX}.")] = 100,
) -> ErasureLogPublic:
    """Every request to erase a person's data, granted (`erased`) or refused (with the `rule`), in
    the order recorded (admins only). Codes and ids only: no personal data."""
    if not reader.actor.may_see_every_team:
        raise NotPermittedError("the erasure log is for admins")
    _ = reader.views  # caught up first, so the log includes every request made before this one
    with reader.runtime.view_store.reading() as tx:
        items = erasure_log(tx, after=after, limit=limit)
    next_after = items[-1]["position"] if items else after
    return ErasureLogPublic.model_validate({"items": items, "next_after": next_after})


@router.get(
    "/api/v1/people/{person_id}/export",
    response_model=SubjectAccessExportPublic,
    responses=problems(403, *QUERY_PROBLEMS),
)
def export_person(person_id: UUID, reader: ReaderDep, request: Request) -> SubjectAccessExportPublic:
    """Everything held about the person, in one document, for a subject access request: their
    events in order with actor and time, the current views of their journey, the supervision
    notes pinned to their events (each marked `"kind": "supervision_note"`), and any refused
    request to erase their data.

    The person's team (workers and supervisors) and admins may export; integration tokens may
    not (`403`): other systems follow the event feed, and never see supervision notes.
    """
    runtime = request.app.state.runtime
    answer = subject_access(
        reader.views,
        runtime.history,
        runtime.view_store,
        person_id,
        reader.actor,
        today=date.today(),
        stale_after_days=runtime.settings.strengths_stale_after_days,
    )
    return SubjectAccessExportPublic.model_validate(answer)
