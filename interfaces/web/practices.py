"""Working practices 1 and 2 as pages: the values by the ten VTP areas, recording a value,
a declined area and a strength, through the same use cases and domain rules as the API."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Annotated, Any
from uuid import UUID

from fastapi import Query
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from domain.vocabulary import LifeDomain, VtpArea, WorksheetColumn, WorksheetRow
from interfaces.http.deps import Reader
from interfaces.web import practice_words as words
from interfaces.web.forms import CHANGED_BY_SOMEONE_ELSE, WHOLE_FORM, PostedForm, new_form, posted_form
from interfaces.web.rendering import pages_of
from interfaces.web.routing import page_router, signed_in
from interfaces.web.sessions import Session

router = page_router()

VALUE_FIELDS = ("area", "statement", "in_own_words", "approach")
DECLINE_FIELDS = ("area", "note")
STRENGTH_FIELDS = ("domain", "column", "resource", "statement", "in_own_words")

OWN_WORDS = "Say whether these are the person's own words"
YES_NO = [("yes", "Yes"), ("no", "No")]
#: A choice left unmade, said plainly instead of listing the words the API takes.
CHOOSE = {
    "area": "Choose an area",
    "approach": "Choose how this came to be understood",
    "domain": "Choose a life domain",
    "column": "Choose a column of the worksheet",
    "resource": "Choose the kind of resource",
}


def reader(request: Request, session: Session) -> Reader:
    return Reader(session.actor, request.app.state.runtime, 0)


def own_words(form: PostedForm) -> bool | None:
    """The yes/no answer; none given is a field error, never a default."""
    answer = form.flag("in_own_words")
    if answer is None:
        form.errors["in_own_words"] = OWN_WORDS
    return answer


def said_plainly(form: PostedForm, messages: Mapping[str, str]) -> None:
    """Put the domain's refusal of a field in the page's words where it has them."""
    for name in form.errors:
        if name in messages:
            form.errors[name] = messages[name]


def error_status(errors: Mapping[str, str]) -> int:
    """409 when a rule refused the whole form (as the API answers), 422 for a field."""
    return 409 if WHOLE_FORM in errors else 422


def drawn_version(form: PostedForm, current: int) -> int | None:
    """The version a form shown again carries: the one it was drawn from, unless someone else's
    change refused it, when the form is drawn again from what the record says now."""
    return current if form.errors.get(WHOLE_FORM) == CHANGED_BY_SOMEONE_ELSE else form.version()


async def shown_again(draw: Callable[..., Response], *args: Any) -> Response:
    """A refused form drawn again (reading the views off the event loop)."""
    return await run_in_threadpool(functools.partial(draw, *args))


def see_other(request: Request, path: str) -> Response:
    return RedirectResponse(f"{request.scope.get('root_path', '')}{path}", status_code=303)


def _choice(
    value: str, allowed: type[VtpArea] | type[LifeDomain] | type[WorksheetRow] | type[WorksheetColumn]
) -> str | None:
    return value if value in {member.value for member in allowed} else None


# The values page


@router.get("/people/{person_id}/values")
def values_page(request: Request, person_id: UUID) -> Response:
    """The ten VTP areas, each with what is recorded, declined or not yet explored."""
    session = signed_in(request)
    profile = reader(request, session).views.profile(person_id, session.actor)
    declined = {d["area"]: d for d in profile["declined_areas"]}
    areas = []
    for area, name in words.VTP_AREA_NAMES.items():
        recorded = profile["values"].get(area, [])
        summary = words.area_summary(len(recorded), area in declined)
        areas.append(
            {
                "area": str(area),
                "name": name,
                "values": recorded,
                "declined": declined.get(area),
                "summary": summary,
            }
        )
    context = {"person": profile, "areas": areas, "approaches": words.APPROACH_NAMES}
    return pages_of(request).render(request, "values.html", context, session=session)


# Recording a value


@router.get("/people/{person_id}/values/new")
def new_value(request: Request, person_id: UUID, area: Annotated[str, Query(max_length=40)] = "") -> Response:
    """The form to record something that matters to the person in one of the ten areas."""
    session = signed_in(request)
    session.actor.ensure_may_change_journeys()
    form = new_form(VALUE_FIELDS, area=_choice(area, VtpArea))
    return _value_form(request, session, person_id, form)


@router.post("/people/{person_id}/values/new")
async def record_value(request: Request, person_id: UUID) -> Response:
    form = await posted_form(request)
    in_own_words = own_words(form)
    outcome = await form.run(
        request,
        lambda journeys: journeys.record_value(
            person_id, form.text("area"), form.text("statement"), bool(in_own_words), form.text("approach")
        ),
    )
    if outcome is None:
        said_plainly(form, CHOOSE)
        redisplayed = form.redisplayed(VALUE_FIELDS)
        return await shown_again(
            _value_form, request, form.session, person_id, redisplayed, error_status(form.errors)
        )
    return see_other(request, f"/people/{person_id}/values")


def _value_form(
    request: Request, session: Session, person_id: UUID, form: dict[str, Any], status: int = 200
) -> Response:
    profile = reader(request, session).views.profile(person_id, session.actor)
    context = {
        **form,
        "person": profile,
        "areas": words.options(words.VTP_AREA_NAMES, "Choose an area"),
        "approaches": words.options(words.APPROACH_NAMES),
        "yes_no": YES_NO,
        "question": words.VTP_QUESTION,
    }
    return pages_of(request).render(request, "value_form.html", context, session=session, status_code=status)


# Declining an area


@router.get("/people/{person_id}/values/decline")
def new_decline(
    request: Request, person_id: UUID, area: Annotated[str, Query(max_length=40)] = ""
) -> Response:
    """The form to record that the person chose not to talk about an area."""
    session = signed_in(request)
    session.actor.ensure_may_change_journeys()
    profile = reader(request, session).views.profile(person_id, session.actor)
    form = new_form(DECLINE_FIELDS, area=_choice(area, VtpArea))
    return _decline_form(request, session, profile, form, profile["version"])


@router.post("/people/{person_id}/values/decline")
async def decline_area(request: Request, person_id: UUID) -> Response:
    form = await posted_form(request)
    outcome = await form.run(
        request,
        lambda journeys: journeys.decline_area(
            person_id, form.text("area"), form.optional_text("note"), expected_version=form.version()
        ),
    )
    if outcome is None:
        said_plainly(form, CHOOSE)
        return await shown_again(_declined_again, request, form, person_id)
    return see_other(request, f"/people/{person_id}/values")


def _declined_again(request: Request, form: PostedForm, person_id: UUID) -> Response:
    profile = reader(request, form.session).views.profile(person_id, form.session.actor)
    version = drawn_version(form, profile["version"])
    redisplayed = form.redisplayed(DECLINE_FIELDS)
    return _decline_form(request, form.session, profile, redisplayed, version, error_status(form.errors))


def _decline_form(
    request: Request,
    session: Session,
    profile: dict[str, Any],
    form: dict[str, Any],
    version: int | None,
    status: int = 200,
) -> Response:
    context = {
        **form,
        "person": profile,
        "version": version,
        "areas": words.options(words.VTP_AREA_NAMES, "Choose an area"),
    }
    return pages_of(request).render(
        request, "decline_form.html", context, session=session, status_code=status
    )


# Recording a strength


@router.get("/people/{person_id}/strengths/new")
def new_strength(
    request: Request,
    person_id: UUID,
    domain: Annotated[str, Query(max_length=40)] = "",
    column: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    """The form to add a strength to the person's Strengths Worksheet."""
    session = signed_in(request)
    session.actor.ensure_may_change_journeys()
    form = new_form(
        STRENGTH_FIELDS, domain=_choice(domain, WorksheetRow), column=_choice(column, WorksheetColumn)
    )
    return _strength_form(request, session, person_id, form)


@router.post("/people/{person_id}/strengths/new")
async def record_strength(request: Request, person_id: UUID) -> Response:
    form = await posted_form(request)
    in_own_words = own_words(form)
    outcome = await form.run(
        request,
        lambda journeys: journeys.identify_strength(
            person_id,
            form.text("domain"),
            form.text("column"),
            form.text("resource"),
            form.text("statement"),
            bool(in_own_words),
        ),
    )
    if outcome is None:
        said_plainly(form, CHOOSE)
        redisplayed = form.redisplayed(STRENGTH_FIELDS)
        return await shown_again(
            _strength_form, request, form.session, person_id, redisplayed, error_status(form.errors)
        )
    return see_other(request, f"/people/{person_id}#strengths")


def _strength_form(
    request: Request, session: Session, person_id: UUID, form: dict[str, Any], status: int = 200
) -> Response:
    profile = reader(request, session).views.profile(person_id, session.actor)
    context = {
        **form,
        "person": profile,
        "domains": words.options(words.WORKSHEET_ROW_NAMES, "Choose a life domain"),
        "columns": words.options(words.COLUMN_NAMES),
        "resources": words.options(words.RESOURCE_NAMES),
        "yes_no": YES_NO,
    }
    return pages_of(request).render(
        request, "strength_form.html", context, session=session, status_code=status
    )
