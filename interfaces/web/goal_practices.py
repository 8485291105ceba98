"""A goal's working practices as pages: linking it to the person's values and strengths
(manual, 5.3 principles 4 and 5), and the GROW conversation about it (5.3 principle 1)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from starlette.requests import Request
from starlette.responses import Response

from interfaces.web import practice_words as words
from interfaces.web.forms import PostedForm, new_form, posted_form
from interfaces.web.practices import drawn_version, error_status, reader, said_plainly, see_other, shown_again
from interfaces.web.rendering import pages_of
from interfaces.web.routing import page_router, signed_in
from interfaces.web.sessions import Session

router = page_router()

LINK_FIELDS = ("value_ids", "strength_ids")
GROW_FIELDS = tuple(words.GROW_PROMPTS)

#: The domain's refusals of a links form, in the page's words.
LINK_MESSAGES = {
    "body": "Choose at least one value or strength to link",
    "value_ids": "A value you chose is no longer one of the person's current values: choose again",
    "strength_ids": "A strength you chose is no longer one of the person's current strengths: choose again",
}
NOTHING_WRITTEN = "Write at least one of goal, reality, options or wrap-up"


# Linking a goal to values and strengths


@router.get("/goals/{goal_id}/links")
def links_form(request: Request, goal_id: UUID) -> Response:
    """Checkboxes of the person's current values and strengths to link the goal to."""
    session = signed_in(request)
    session.actor.ensure_may_change_journeys()
    goal = reader(request, session).views.goal(goal_id, session.actor)
    return _links_form(request, session, goal, new_form(LINK_FIELDS), goal["version"])


@router.post("/goals/{goal_id}/links")
async def link_goal(request: Request, goal_id: UUID) -> Response:
    form = await posted_form(request)
    value_ids, strength_ids = _ids(form, "value_ids"), _ids(form, "strength_ids")
    outcome = await form.run(
        request,
        lambda journeys: journeys.link_goal(
            goal_id, value_ids, strength_ids, expected_version=form.version()
        ),
    )
    if outcome is None:
        said_plainly(form, LINK_MESSAGES)
        return await shown_again(_links_again, request, form, goal_id)
    return await shown_again(_to_goal, request, form.session, goal_id)


def _ids(form: PostedForm, name: str) -> list[UUID]:
    try:
        return form.ids(name)
    except ValueError:  # not a box this form drew
        form.errors[name] = LINK_MESSAGES[name]
        return []


def _links_again(request: Request, form: PostedForm, goal_id: UUID) -> Response:
    goal = reader(request, form.session).views.goal(goal_id, form.session.actor)
    version = drawn_version(form, goal["version"])
    redisplayed = form.redisplayed(LINK_FIELDS)
    return _links_form(request, form.session, goal, redisplayed, version, error_status(form.errors))


def _links_form(
    request: Request,
    session: Session,
    goal: dict[str, Any],
    form: dict[str, Any],
    version: int | None,
    status: int = 200,
) -> Response:
    views = reader(request, session).views
    person_id = UUID(goal["person_id"])
    profile = views.profile(person_id, session.actor)
    worksheet = views.strengths_worksheet(person_id, session.actor, today=pages_of(request).today())
    linked = {item["id"] for item in (*goal["values"], *goal["strengths"])}
    person_values = [
        {**value, "where": words.VTP_AREA_NAMES[area]}
        for area, values in profile["values"].items()
        for value in values
    ]
    strengths = [
        {**strength, "where": words.LIFE_DOMAIN_NAMES[domain]}
        for domain, columns in worksheet["domains"].items()
        for column in columns.values()
        for strength in column
    ]
    checked = {name: set(form["values"].get(name, "").split(",")) for name in LINK_FIELDS}
    # Nothing chosen is said at the first group of boxes, where the error summary's link lands.
    first = "value_ids" if any(v["id"] not in linked for v in person_values) else "strength_ids"
    errors = {first if name == "body" else name: message for name, message in form["errors"].items()}
    context = {
        **form,
        "errors": errors,
        "person": profile,
        "goal": goal,
        "version": version,
        "checked": checked,
        "linked_values": [v for v in goal["values"] if v["current"]],
        "linked_strengths": [s for s in goal["strengths"] if s["current"]],
        "person_values": [v for v in person_values if v["id"] not in linked],
        "strengths": [s for s in strengths if s["id"] not in linked],
    }
    return pages_of(request).render(request, "goal_links.html", context, session=session, status_code=status)


def _to_goal(request: Request, session: Session, goal_id: UUID) -> Response:
    return see_other(request, f"/goals/{goal_id}")


# The GROW conversation


@router.get("/goals/{goal_id}/grow")
def grow_form(request: Request, goal_id: UUID) -> Response:
    """The four parts of the GROW model, each optional, with the manual's prompts."""
    session = signed_in(request)
    session.actor.ensure_may_change_journeys()
    goal = reader(request, session).views.goal(goal_id, session.actor)
    form = new_form(GROW_FIELDS, **(goal["grow"] or {}))
    return _grow_form(request, session, goal, form, goal["version"])


@router.post("/goals/{goal_id}/grow")
async def record_grow(request: Request, goal_id: UUID) -> Response:
    form = await posted_form(request)
    parts = {name: form.optional_text(name) for name in GROW_FIELDS}
    outcome = await form.run(
        request, lambda journeys: journeys.record_grow(goal_id, expected_version=form.version(), **parts)
    )
    if outcome is None:
        # Nothing written is said at the first part, where the error summary's link lands.
        if form.errors.pop("body", None):
            form.errors["goal"] = NOTHING_WRITTEN
        return await shown_again(_grow_again, request, form, goal_id)
    return await shown_again(_to_goal, request, form.session, goal_id)


def _grow_again(request: Request, form: PostedForm, goal_id: UUID) -> Response:
    goal = reader(request, form.session).views.goal(goal_id, form.session.actor)
    version = drawn_version(form, goal["version"])
    redisplayed = form.redisplayed(GROW_FIELDS)
    return _grow_form(request, form.session, goal, redisplayed, version, error_status(form.errors), form)


def _grow_form(
    request: Request,
    session: Session,
    goal: dict[str, Any],
    form: dict[str, Any],
    version: int | None,
    status: int = 200,
    posted: PostedForm | None = None,
) -> Response:
    profile = reader(request, session).views.profile(UUID(goal["person_id"]), session.actor)
    # After someone else's change, what the record says now is shown beside what was typed.
    recorded_now = goal["grow"] if posted is not None and version != posted.version() else None
    context = {
        **form,
        "person": profile,
        "goal": goal,
        "version": version,
        "parts": [(name, words.GROW_LABELS[name], prompt) for name, prompt in words.GROW_PROMPTS.items()],
        "recorded_now": recorded_now,
    }
    return pages_of(request).render(request, "grow.html", context, session=session, status_code=status)
