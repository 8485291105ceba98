"""The caseload, the person, and registering a person: the application and views, in process."""

from __future__ import annotations

import functools
import hashlib
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import Query
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from application.idempotency import IdempotentRequest, idempotent
from application.journeys import CommandOutcome, RecoveryJourneys
from domain.actor import acting_as
from domain.errors import InvalidInputError
from interfaces.http.deps import Reader
from interfaces.web.rendering import pages_of
from interfaces.web.routing import form_of, page_router, signed_in
from interfaces.web.sessions import Session
from projections.queries import PAGE_MAX

router = page_router()

#: The four checks of a care plan in plain words (manual, end of chapter 5, a-d).
CHECK_NAMES = {
    "personally_valued_goals": "Goals the person values",
    "reflects_values": "Reflects what matters to the person",
    "builds_on_strengths": "Builds on the person's strengths",
    "independent_or_joint_action": "Steps the person takes alone or with others",
}
MODE_NAMES = {"independent": "Independent", "joint": "Joint", "passive": "Passive"}
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
        people = [p for p in people if search in p["display_name"].casefold()]
    context = {"people": people, "q": q, "mine": mine, "overdue": overdue}
    return pages_of(request).render(request, "caseload.html", context, session=session)


@router.get("/people/new")
def new_person(request: Request) -> Response:
    """The form to register a person with one of the worker's teams."""
    session = signed_in(request)
    session.actor.ensure_may_change_journeys()
    values = {"key_worker_id": session.actor.subject}
    return _register_form(request, session, values, {})


@router.post("/people/new")
async def register_person(request: Request) -> Response:
    """Register the person; the form's idempotency key makes a second click answer the first."""
    session = signed_in(request)
    fields = await form_of(request, session)
    session.actor.ensure_may_change_journeys()
    values = {name: fields.get(name, "").strip() for name in REGISTER_FIELDS}
    key = fields.get("idempotency_key", "")[:255] or uuid4().hex
    fingerprint = hashlib.sha256("\n".join(values[n] for n in REGISTER_FIELDS).encode()).hexdigest()
    journeys: RecoveryJourneys = request.app.state.runtime.journeys

    def register() -> CommandOutcome:
        with acting_as(session.actor), idempotent(IdempotentRequest(session.actor.subject, key, fingerprint)):
            return journeys.register_person(
                values["display_name"],
                values["team_id"],
                values["key_worker_id"] or None,
                values["external_ref"] or None,
            )

    try:
        loop_commands = request.app.state.loop_commands
        if loop_commands is None:
            outcome = await run_in_threadpool(register)
        else:
            outcome = await loop_commands.run(register)
    except InvalidInputError as error:
        # The form again, with what was typed and the message beside the field.
        errors = {error.field: error.message}
        response = await run_in_threadpool(
            functools.partial(_register_form, request, session, values, errors, key=key)
        )
        response.status_code = 422
        return response
    return RedirectResponse(f"{request.scope.get('root_path', '')}/people/{outcome.id}", status_code=303)


def _register_form(
    request: Request,
    session: Session,
    values: dict[str, str],
    errors: dict[str, str],
    *,
    key: str | None = None,
) -> Response:
    context = {
        "values": {name: values.get(name, "") for name in REGISTER_FIELDS},
        "errors": errors,
        "teams": sorted(session.actor.teams),
        "idempotency_key": key or uuid4().hex,
    }
    return pages_of(request).render(request, "register.html", context, session=session)


@router.get("/people/{person_id}")
def person(request: Request, person_id: UUID) -> Response:
    """The person: name, key worker, and the care plan's goals and checks."""
    session = signed_in(request)
    views = _reader(request, session).views
    profile = views.profile(person_id, session.actor)
    plan = views.care_plan(person_id, session.actor)
    checks = [
        {"name": CHECK_NAMES.get(name, name.replace("_", " ").capitalize()), **check}
        for name, check in plan["checks"].items()
    ]
    context = {"person": profile, "plan": plan, "checks": checks, "modes": MODE_NAMES}
    return pages_of(request).render(request, "person.html", context, session=session)
