"""The caseload, the person, and registering a person: the application and views, in process."""

from __future__ import annotations

import functools
from typing import Annotated, Any
from uuid import UUID

from fastapi import Query
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from interfaces.http.deps import Reader
from interfaces.web.forms import new_form, posted_form
from interfaces.web.person_page import CHECK_NAMES as CHECK_NAMES
from interfaces.web.person_page import MODE_NAMES as MODE_NAMES
from interfaces.web.person_page import person_context
from interfaces.web.rendering import pages_of
from interfaces.web.routing import page_router, signed_in
from interfaces.web.sessions import Session
from projections.queries import PAGE_MAX

router = page_router()

REGISTER_FIELDS = ("display_name", "team_id", "key_worker_id", "external_ref")


def _reader(request: Request, session: Session) -> Reader:
    return Reader(session.actor, request.app.state.runtime, 0)


def _whole_caseload(request: Request, session: Session, review_overdue: bool | None) -> list[dict[str, Any]]:
    """Every person of the viewer's teams, a page of the view at a time."""
    pages = pages_of(request)
    views = _reader(request, session).views
    people: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        answer = views.caseload(
            session.actor,
            today=pages.today(),
            review_overdue=review_overdue,
            due_soon_days=pages.settings.steps_due_soon_days,
            offset=offset,
            limit=PAGE_MAX,
        )
        people += answer["items"]
        offset = answer["next_offset"]
    return people


@router.get("/")
def caseload(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    mine: bool = False,
    overdue: bool = False,
) -> Response:
    """The caseload of the signed-in worker's teams: the landing page."""
    session = signed_in(request)
    people = _whole_caseload(request, session, True if overdue else None)
    if mine:
        people = [p for p in people if p["key_worker_id"] == session.actor.subject]
    if search := q.strip().casefold():
        # The name a person likes to be called finds them too.
        people = [
            p
            for p in people
            if search in p["display_name"].casefold() or search in (p.get("preferred_name") or "").casefold()
        ]
    context = {"people": people, "q": q, "mine": mine, "overdue": overdue}
    return pages_of(request).render(request, "caseload.html", context, session=session)


@router.get("/people/new")
def new_person(request: Request) -> Response:
    """The form to register a person with one of the worker's teams."""
    session = signed_in(request)
    session.actor.ensure_may_change_journeys()
    return _register_form(request, session, new_form(REGISTER_FIELDS, key_worker_id=session.actor.subject))


@router.post("/people/new")
async def register_person(request: Request) -> Response:
    """Register the person; the form's idempotency key makes a second click answer the first."""
    form = await posted_form(request)
    outcome = await form.run(
        request,
        lambda journeys: journeys.register_person(
            form.text("display_name"),
            form.text("team_id"),
            form.optional_text("key_worker_id"),
            form.optional_text("external_ref"),
        ),
    )
    if outcome is None:
        # The form again, with what was typed and the message beside the field.
        return await run_in_threadpool(
            functools.partial(_register_form, request, form.session, form.redisplayed(REGISTER_FIELDS), 422)
        )
    return RedirectResponse(f"{request.scope.get('root_path', '')}/people/{outcome.id}", status_code=303)


def _register_form(request: Request, session: Session, form: dict[str, Any], status: int = 200) -> Response:
    context = {**form, "teams": sorted(session.actor.teams)}
    return pages_of(request).render(request, "register.html", context, session=session, status_code=status)


@router.get("/people/{person_id}")
def person(request: Request, person_id: UUID) -> Response:
    """The person: who they are, the care plan and its checks, values, preferences, strengths,
    the working agreement and their story."""
    return _person_page(request, person_id, "person.html")


@router.get("/people/{person_id}/print")
def person_print(request: Request, person_id: UUID) -> Response:
    """The care plan and the strengths worksheet alone, as a copy for the person."""
    return _person_page(request, person_id, "person_print.html")


def _person_page(request: Request, person_id: UUID, template: str) -> Response:
    session = signed_in(request)
    pages = pages_of(request)
    context = person_context(
        _reader(request, session).views,
        session.actor,
        person_id,
        pages.today(),
        request.app.state.runtime.settings.strengths_stale_after_days,
    )
    return pages.render(request, template, context, session=session)
