"""The goal page, and the forms that identify, reframe, pause, resume, achieve and discontinue a goal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from starlette.requests import Request
from starlette.responses import Response

from application.journeys import CommandOutcome, RecoveryJourneys
from interfaces.web.forms import PostedForm, new_form, posted_form
from interfaces.web.goal_forms import (
    ORIENTATION,
    OWN_WORDS_MISSING,
    Drawn,
    Field,
    FormSpec,
    may_change,
    note,
    post,
    read,
    render,
    views_of,
)
from interfaces.web.people import MODE_NAMES
from interfaces.web.rendering import pages_of
from interfaces.web.routing import page_router, signed_in
from interfaces.web.sessions import Session
from interfaces.web.steps import STEP_ACTIONS

router = page_router()

OPEN = frozenset({"active", "paused"})

IDENTIFY = FormSpec(
    "Add a goal",
    "Add the goal",
    (
        Field(
            "statement",
            "The goal",
            "textarea",
            "Write it as the person says it, in their words where you can.",
        ),
        Field(
            "in_own_words",
            "Are these the person's own words?",
            "radios",
            options=(("yes", "Yes, as the person said it"), ("no", "No, put in other words")),
        ),
        Field(
            "identified_by",
            "Who identified this goal?",
            "radios",
            options=(
                ("person", "The person"),
                ("jointly", "The person and the worker together"),
                ("worker", "The worker"),
                ("service", "The service, for another reason (for example a risk or a legal duty)"),
            ),
        ),
        ORIENTATION,
        Field(
            "life_domain",
            "Which part of life is it about?",
            "radios",
            options=(
                ("daily_living", "Daily living"),
                ("financial", "Money"),
                ("occupational", "Work, learning or things to do"),
                ("social_supports", "Family, friends and support"),
                ("health", "Health"),
                ("spiritual_cultural", "Faith, spirit or culture"),
            ),
        ),
        Field(
            "responsibility",
            "Whose goal is it?",
            "radios",
            "A goal is never the worker's alone.",
            options=(("person", "The person's"), ("shared", "Shared by the person and the team")),
        ),
        Field("target_date", "Target date (optional)", "date"),
    ),
)

#: The words the goal page shows for each stored choice: the identify form's own.
LABELS = {f.name: {o[0]: o[1] for o in f.options} for f in IDENTIFY.fields if f.options}

GoalCommand = Callable[[RecoveryJourneys, UUID, PostedForm], CommandOutcome]


@dataclass(frozen=True)
class GoalAction:
    spec: FormSpec
    #: The name of the goal page's link to the form.
    link: str
    command: GoalCommand
    #: The form's starting values, from the goal's view.
    starting: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda goal: {})


GOAL_ACTIONS: dict[str, GoalAction] = {
    "reframe": GoalAction(
        FormSpec(
            "Reframe this goal",
            "Reframe the goal",
            (
                Field(
                    "statement",
                    "The goal, as the person puts it now",
                    "textarea",
                    "The earlier words stay in the goal's history.",
                ),
                ORIENTATION,
            ),
            OPEN,
        ),
        "Reframe",
        lambda j, goal_id, f: j.reframe_goal(
            goal_id, f.text("statement"), f.text("orientation"), expected_version=f.version()
        ),
        lambda goal: {"statement": goal["statement"], "orientation": goal["orientation"]},
    ),
    "pause": GoalAction(
        FormSpec("Pause this goal", "Pause the goal", (note(),), frozenset({"active"})),
        "Pause",
        lambda j, goal_id, f: j.pause_goal(goal_id, f.optional_text("note"), expected_version=f.version()),
    ),
    "resume": GoalAction(
        FormSpec("Resume this goal", "Resume the goal", (note(),), frozenset({"paused"})),
        "Resume",
        lambda j, goal_id, f: j.resume_goal(goal_id, f.optional_text("note"), expected_version=f.version()),
    ),
    "achieve": GoalAction(
        FormSpec(
            "Mark this goal as achieved",
            "Mark as achieved",
            (note(hint="What the person achieved, in their words where you can."),),
            frozenset({"active"}),
        ),
        "Mark as achieved",
        lambda j, goal_id, f: j.achieve_goal(goal_id, f.optional_text("note"), expected_version=f.version()),
    ),
    "discontinue": GoalAction(
        FormSpec(
            "Discontinue this goal",
            "Discontinue the goal",
            (Field("reason", "Why is the goal being discontinued?", "textarea"),),
            OPEN,
        ),
        "Discontinue",
        lambda j, goal_id, f: j.discontinue_goal(goal_id, f.text("reason"), expected_version=f.version()),
    ),
}


@router.get("/goals/{goal_id}")
def goal_page(request: Request, goal_id: UUID) -> Response:
    """The goal with its steps, and what the worker may do with them."""
    session = signed_in(request)
    views = views_of(request, session)
    goal = views.goal(goal_id, session.actor)
    person = views.profile(UUID(goal["person_id"]), session.actor)
    # A discharged person's journey takes no more changes: the page offers none.
    writes = may_change(session.actor) and person["status"] == "active"
    goal_open = goal["status"] in OPEN
    steps = [
        {
            **step,
            "actions": [
                (slug, action.link)
                for slug, action in STEP_ACTIONS.items()
                if writes and goal_open and step["status"] in action.spec.offered_in and slug != "start"
            ],
            "startable": writes and goal_open and step["status"] in STEP_ACTIONS["start"].spec.offered_in,
            "start_key": uuid4().hex,
        }
        for step in goal["steps"]
    ]
    context = {
        "goal": goal,
        "person": person,
        "steps": steps,
        "may_change": writes,
        "may_plan": writes and goal_open,
        "actions": [
            (slug, action.link)
            for slug, action in GOAL_ACTIONS.items()
            if writes and goal["status"] in action.spec.offered_in
        ],
        "modes": MODE_NAMES,
        "labels": LABELS,
    }
    return pages_of(request).render(request, "goal.html", context, session=session)


# Identifying a goal


def _identify_drawn(person: dict[str, Any], root: str) -> Drawn:
    person_id = person["id"]
    return Drawn(
        person["display_name"],
        f"{root}/people/{person_id}",
        f"Back to {person['display_name']}",
        f"{root}/people/{person_id}/goals/new",
        None,
    )


def _draw_identify(
    request: Request, session: Session, person_id: UUID, form: dict[str, Any], status: int = 200
) -> Response:
    person = views_of(request, session).profile(person_id, session.actor)
    drawn = _identify_drawn(person, request.scope.get("root_path", ""))
    return render(request, session, IDENTIFY, drawn, form, status)


@router.get("/people/{person_id}/goals/new")
def new_goal(request: Request, person_id: UUID) -> Response:
    """The form to record a goal the person values, in their own words where possible."""
    session = signed_in(request)
    session.actor.ensure_may_change_journeys()
    return _draw_identify(request, session, person_id, new_form(IDENTIFY.names))


@router.post("/people/{person_id}/goals/new")
async def identify_goal(request: Request, person_id: UUID) -> Response:
    form = await posted_form(request)
    target_date = form.day("target_date")
    in_own_words = form.flag("in_own_words")
    if in_own_words is None:
        form.errors["in_own_words"] = OWN_WORDS_MISSING
    return await post(
        request,
        form,
        lambda journeys: journeys.identify_goal(
            person_id,
            statement=form.text("statement"),
            identified_by=form.text("identified_by"),
            orientation=form.text("orientation"),
            life_domain=form.text("life_domain"),
            responsibility=form.text("responsibility"),
            in_own_words=in_own_words,
            target_date=target_date,
        ),
        then=lambda outcome: f"/goals/{outcome.id}",
        redraw=lambda status: _draw_identify(
            request, form.session, person_id, form.redisplayed(IDENTIFY.names), status
        ),
    )


# The goal's own forms


def _draw_goal_action(
    request: Request,
    session: Session,
    slug: str,
    goal_id: UUID,
    form: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    """The form drawn from the goal as it is now (after a refusal too: its current version)."""
    action = GOAL_ACTIONS[slug]
    goal = views_of(request, session).goal(goal_id, session.actor)
    root = request.scope.get("root_path", "")
    drawn = Drawn(
        goal["statement"],
        f"{root}/goals/{goal_id}",
        "Back to the goal",
        f"{root}/goals/{goal_id}/{slug}",
        goal["version"],
    )
    form = form or new_form(action.spec.names, **action.starting(goal))
    return render(request, session, action.spec, drawn, form, status)


def _add_goal_action(slug: str) -> None:
    action = GOAL_ACTIONS[slug]

    def draw(request: Request, goal_id: UUID) -> Response:
        session = signed_in(request)
        session.actor.ensure_may_change_journeys()
        return _draw_goal_action(request, session, slug, goal_id)

    async def submit(request: Request, goal_id: UUID) -> Response:
        form = await posted_form(request)
        # Another team's goal is "Page not found" before anything is tried.
        await read(request, lambda: views_of(request, form.session).goal(goal_id, form.session.actor))
        return await post(
            request,
            form,
            lambda journeys: action.command(journeys, goal_id, form),
            then=lambda _: f"/goals/{goal_id}",
            redraw=lambda status: _draw_goal_action(
                request, form.session, slug, goal_id, form.redisplayed(action.spec.names), status
            ),
        )

    draw.__doc__ = f"The form: {action.spec.title.lower()}."
    router.add_api_route(f"/goals/{{goal_id}}/{slug}", draw, methods=["GET"], name=f"goal_{slug}_form")
    router.add_api_route(f"/goals/{{goal_id}}/{slug}", submit, methods=["POST"], name=f"goal_{slug}")


for _slug in GOAL_ACTIONS:
    _add_goal_action(_slug)
