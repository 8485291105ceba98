"""The forms that plan a step towards a goal, and start, complete, drop, reschedule it or change
who takes it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from starlette.requests import Request
from starlette.responses import Response

from application.journeys import CommandOutcome, RecoveryJourneys
from interfaces.web.forms import PostedForm, new_form, posted_form
from interfaces.web.goal_forms import (
    MODE_OPTIONS,
    WITH_WHOM,
    Drawn,
    Field,
    FormSpec,
    joined,
    note,
    post,
    read,
    render,
    views_of,
)
from interfaces.web.routing import page_router, signed_in
from interfaces.web.sessions import Session

router = page_router()

UNDER_WAY = frozenset({"planned", "started"})
MODE = Field("mode", "Who takes this step?", "radios", options=MODE_OPTIONS)
DUE_MISSING = "Enter the new due date"

PLAN = FormSpec(
    "Plan a step",
    "Plan the step",
    (
        Field("description", "What is the step?", "textarea", "One thing to do, in plain words."),
        MODE,
        WITH_WHOM,
        Field("due", "Due date (optional)", "date"),
    ),
)

DROP_KINDS = (
    ("done_another_way", "Done another way", "The person got there by another route: this is progress."),
    ("no_longer_wanted", "No longer wanted", "The person does not want it now: a plan to revisit."),
    ("not_working", "Not working", "It was tried and did not work: something to work through together."),
    ("other", "Something else", "None of these fits. A drop with no answer here is recorded this way too."),
)

#: The step's command, made from the posted form before it runs: the form's dates are read
#: first, so a malformed or missing one is an error beside its field and nothing runs.
StepCommand = Callable[[RecoveryJourneys, UUID], CommandOutcome]


def _never(journeys: RecoveryJourneys, step_id: UUID) -> CommandOutcome:
    raise AssertionError("a form with errors runs no command")


def _reschedule(form: PostedForm) -> StepCommand:
    due = form.day("due")
    if due is None:
        form.errors.setdefault("due", DUE_MISSING)
        return _never
    return lambda j, step_id: j.reschedule_step(step_id, due, expected_version=form.version())


@dataclass(frozen=True)
class StepAction:
    spec: FormSpec
    link: str
    command: Callable[[PostedForm], StepCommand]
    starting: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda step: {})


STEP_ACTIONS: dict[str, StepAction] = {
    "start": StepAction(
        FormSpec("Start this step", "Start the step", (), frozenset({"planned"})),
        "Start",
        lambda f: lambda j, step_id: j.start_step(step_id, expected_version=f.version()),
    ),
    "complete": StepAction(
        FormSpec(
            "Complete this step",
            "Complete the step",
            (note(hint="What happened, in a few words."),),
            UNDER_WAY,
        ),
        "Complete",
        lambda f: (
            lambda j, step_id: j.complete_step(step_id, f.optional_text("note"), expected_version=f.version())
        ),
    ),
    "drop": StepAction(
        FormSpec(
            "Drop this step",
            "Drop the step",
            (
                Field("reason", "Why is the step being dropped?", "textarea"),
                Field(
                    "kind",
                    "Which is closest?",
                    "radios",
                    "The next review reads the step by this.",
                    DROP_KINDS,
                ),
            ),
            UNDER_WAY,
        ),
        "Drop",
        lambda f: (
            lambda j, step_id: j.drop_step(
                step_id, f.text("reason"), f.text("kind") or "other", expected_version=f.version()
            )
        ),
    ),
    "reschedule": StepAction(
        FormSpec(
            "Reschedule this step", "Save the new date", (Field("due", "New due date", "date"),), UNDER_WAY
        ),
        "Reschedule",
        _reschedule,
        lambda step: {"due": step["due"]},
    ),
    "mode": StepAction(
        FormSpec("Change who takes this step", "Save", (MODE, WITH_WHOM), UNDER_WAY),
        "Change who takes it",
        lambda f: (
            lambda j, step_id: j.change_step_mode(
                step_id, f.text("mode"), f.lines("with_whom"), expected_version=f.version()
            )
        ),
        lambda step: {"mode": step["mode"], "with_whom": joined(step["with_whom"])},
    ),
}


# Planning a step


def _draw_plan(
    request: Request, session: Session, goal_id: UUID, form: dict[str, Any] | None = None, status: int = 200
) -> Response:
    goal = views_of(request, session).goal(goal_id, session.actor)
    root = request.scope.get("root_path", "")
    drawn = Drawn(
        goal["statement"],
        f"{root}/goals/{goal_id}",
        "Back to the goal",
        f"{root}/goals/{goal_id}/steps/new",
        goal["version"],
    )
    return render(request, session, PLAN, drawn, form or new_form(PLAN.names), status)


@router.get("/goals/{goal_id}/steps/new")
def new_step(request: Request, goal_id: UUID) -> Response:
    """The form to plan a step towards the goal: the person's own, shared, or done for them."""
    session = signed_in(request)
    session.actor.ensure_may_change_journeys()
    return _draw_plan(request, session, goal_id)


@router.post("/goals/{goal_id}/steps/new")
async def plan_step(request: Request, goal_id: UUID) -> Response:
    form = await posted_form(request)
    due = form.day("due")
    await read(request, lambda: views_of(request, form.session).goal(goal_id, form.session.actor))
    return await post(
        request,
        form,
        lambda journeys: journeys.plan_step(
            goal_id,
            form.text("description"),
            form.text("mode"),
            form.lines("with_whom"),
            due,
            expected_version=form.version(),
        ),
        then=lambda _: f"/goals/{goal_id}",
        redraw=lambda status: _draw_plan(
            request, form.session, goal_id, form.redisplayed(PLAN.names), status
        ),
    )


# The step's own forms


def _draw_step_action(
    request: Request,
    session: Session,
    slug: str,
    step_id: UUID,
    form: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    """The form drawn from the step as it is now (after a refusal too: its current version)."""
    action = STEP_ACTIONS[slug]
    step = views_of(request, session).step(step_id, session.actor)
    root = request.scope.get("root_path", "")
    drawn = Drawn(
        step["description"],
        f"{root}/goals/{step['goal_id']}",
        "Back to the goal",
        f"{root}/steps/{step_id}/{slug}",
        step["version"],
    )
    form = form or new_form(action.spec.names, **action.starting(step))
    return render(request, session, action.spec, drawn, form, status)


def _add_step_action(slug: str) -> None:
    action = STEP_ACTIONS[slug]

    def draw(request: Request, step_id: UUID) -> Response:
        session = signed_in(request)
        session.actor.ensure_may_change_journeys()
        return _draw_step_action(request, session, slug, step_id)

    async def submit(request: Request, step_id: UUID) -> Response:
        form = await posted_form(request)
        command = action.command(form)
        # Another team's step is "Page not found" before anything is tried; its goal is where
        # the result shows.
        step = await read(request, lambda: views_of(request, form.session).step(step_id, form.session.actor))
        return await post(
            request,
            form,
            lambda journeys: command(journeys, step_id),
            then=lambda _: f"/goals/{step['goal_id']}",
            redraw=lambda status: _draw_step_action(
                request, form.session, slug, step_id, form.redisplayed(action.spec.names), status
            ),
        )

    draw.__doc__ = f"The form: {action.spec.title.lower()}."
    router.add_api_route(f"/steps/{{step_id}}/{slug}", draw, methods=["GET"], name=f"step_{slug}_form")
    router.add_api_route(f"/steps/{{step_id}}/{slug}", submit, methods=["POST"], name=f"step_{slug}")


for _slug in STEP_ACTIONS:
    _add_step_action(_slug)
