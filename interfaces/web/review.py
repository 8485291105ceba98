"""The review: the pack since the last review, laid out as the review conversation, and the form
to hold one (manual, 5.4 "Reviewing progress").

Holding a review is hard to undo (goals paused, achieved, discontinued), so the form has a
step to check the answers: the first post reads the answers and checks them with the domain's
own rules for a field (dates, summary, decisions, a reason to discontinue), then shows them
with a "Change" button for each and a "Save the review" button that posts them again as hidden
fields; that second post runs ``hold_review``, once per idempotency key. What the goals' states
refuse (a goal paused since the form was drawn) comes back beside that goal's decision.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from functools import partial
from typing import Any
from uuid import UUID

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from domain import review, text
from domain.actor import Actor
from domain.coaching import REACH_STAGES
from domain.errors import NotPermittedError
from domain.review import STATES_ACCEPTING
from domain.vocabulary import GoalStatus, ReviewDecision
from interfaces.http.deps import Reader
from interfaces.http.routing import in_worker_thread
from interfaces.http.schemas.common import IsoDate
from interfaces.web import review_words as words
from interfaces.web.forms import WHOLE_FORM, PostedForm, new_form, posted_form
from interfaces.web.rendering import pages_of
from interfaces.web.routing import page_router, signed_in
from interfaces.web.sessions import Session
from projections.care_plan import quote

router = page_router()

REVIEW_FIELDS = ("held_on", "participants", "summary", "next_review_due")
GOAL_IDS_FIELD = "goal_ids"
ACTION_FIELD = "action"
_OPEN = (GoalStatus.ACTIVE.value, GoalStatus.PAUSED.value)
_DECISION_AT = re.compile(r"^goal_decisions\[(?P<index>\d+)\](?P<rest>.*)$")
#: The REACH stages of a coaching conversation (manual, "REACH - The Coaching for Recovery approach").
REACH_NAMES = {stage: stage.replace("_", " ").capitalize() for stage in REACH_STAGES}
#: The decisions in the order a worker weighs them; each goal offers those its state accepts.
DECISION_ORDER = (
    ReviewDecision.CONTINUE,
    ReviewDecision.REVISE,
    ReviewDecision.PAUSE,
    ReviewDecision.RESUME,
    ReviewDecision.ACHIEVED,
    ReviewDecision.DISCONTINUE,
)
DISCONTINUE_NEEDS_A_REASON = "Say why the goal is discontinued"


def _may_change(actor: Actor) -> bool:
    try:
        actor.ensure_may_change_journeys()
    except NotPermittedError:
        return False
    return True


def _read(request: Request, session: Session, person_id: UUID, since: date | None = None) -> dict[str, Any]:
    """The person and the review pack since ``since`` (by default, the last review)."""
    views = Reader(session.actor, request.app.state.runtime, 0).views
    pages = pages_of(request)
    profile = views.profile(person_id, session.actor)
    pack = views.review_pack(
        person_id,
        session.actor,
        today=pages.today(),
        since=since,
        first_review_days=request.app.state.runtime.settings.first_review_days,
    )
    return {"person": profile, "pack": pack}


@router.get("/people/{person_id}/review")
def review_pack(request: Request, person_id: UUID, since: IsoDate | None = None) -> Response:
    """What happened since the last review, as the review conversation goes: notice and reinforce,
    what got stuck, what to revisit; goal by goal; the working agreement if due; the totals."""
    session = signed_in(request)
    read = _read(request, session, person_id, since)
    pack = read["pack"]
    context = {
        **read,
        "prompt_lists": words.prompt_lists(pack["prompts"]),
        "period_words": words.period_in_words(pack["period"]),
        "reach": REACH_NAMES,
        "drop_kinds": words.DROP_KINDS,
        "status_changes": words.STATUS_CHANGES,
        "decisions": words.DECISIONS,
        "may_change": _may_change(session.actor),
        "since_date": since,
    }
    return pages_of(request).render(request, "review.html", context, session=session)


@router.get("/people/{person_id}/review/new")
def new_review(request: Request, person_id: UUID) -> Response:
    """The form to hold a review: a decision for each open goal, and when the next one is due."""
    session = signed_in(request)
    session.actor.ensure_may_change_journeys()
    read = _read(request, session, person_id)
    goals = [g for g in read["pack"]["goals"] if g["status"] in _OPEN]
    form = new_form(
        [*REVIEW_FIELDS, GOAL_IDS_FIELD],
        held_on=pages_of(request).today().isoformat(),
        participants="\n".join([read["person"]["display_name"], session.actor.subject]),
        goal_ids=",".join(g["id"] for g in goals),
    )
    return _form_page(request, session, read, goals, form)


@router.post("/people/{person_id}/review/new")
async def hold_review(request: Request, person_id: UUID) -> Response:
    """Check the answers, change one, or save the review: which, the button pressed says."""
    form = await posted_form(request)
    # In a worker thread, and again while the views catch up, as a page's own queries are.
    read = await in_worker_thread(_read)(request, form.session, person_id)
    goal_ids = _goal_ids(form)
    by_id = {g["id"]: g for g in read["pack"]["goals"]}
    goals = [by_id[str(i)] for i in goal_ids if str(i) in by_id]
    action = form.text(ACTION_FIELD)

    async def page(template: str, status: int) -> Response:
        shown = form.redisplayed(_names(goal_ids))
        return await run_in_threadpool(
            functools.partial(_form_page, request, form.session, read, goals, shown, status, template)
        )

    if action == "change":
        return await page("review_form.html", 200)
    answers = _answers(form, goal_ids, {UUID(g["id"]): g["statement"] for g in goals})
    if form.errors or answers is None:
        return await page("review_form.html", 422)
    if action != "save":
        return await page("review_check.html", 200)
    today = pages_of(request).today()
    outcome = await form.run(
        request,
        lambda journeys: journeys.hold_review(person_id, **answers, today=today),
        at=functools.partial(_field_at, goal_ids),
    )
    if outcome is None:
        return await page("review_form.html", 422)
    return RedirectResponse(f"{request.scope.get('root_path', '')}/people/{person_id}", status_code=303)


def _goal_ids(form: PostedForm) -> list[UUID]:
    """The goals the form was drawn for, in its order; a tampered list names none."""
    try:
        return form.ids(GOAL_IDS_FIELD)
    except ValueError:
        form.errors[WHOLE_FORM] = "The form was not complete. Go back to the review and start again."
        return []


def _names(goal_ids: list[UUID]) -> list[str]:
    per_goal = [name for i in goal_ids for name in (f"decision-{i}", f"note-{i}")]
    return ["held_on", "participants", "summary", GOAL_IDS_FIELD, *per_goal, "next_review_due"]


def _answers(form: PostedForm, goal_ids: list[UUID], statements: dict[UUID, str]) -> dict[str, Any] | None:
    """The review as ``hold_review`` takes it, each field checked by the domain's rule for it;
    None (with the messages in ``form.errors``) when one is refused or missing."""
    held_on, next_due = form.day("held_on"), form.day("next_review_due")
    for name, day, missing in (
        ("held_on", held_on, "Enter the date the review was held"),
        ("next_review_due", next_due, "Enter the date the next review is due"),
    ):
        if day is None and name not in form.errors:
            form.errors[name] = missing
    participants = form.lines("participants")
    form.check("participants", lambda: text.names("participants", participants, text.PARTICIPANTS_MAX_ITEMS))
    summary = form.text("summary")
    form.check("summary", lambda: text.text("summary", summary, text.NOTE_MAX_CHARS))
    decisions = []
    for goal_id in goal_ids:
        typed, note = form.text(f"decision-{goal_id}"), form.optional_text(f"note-{goal_id}")
        if not typed:
            goal = quote(statements.get(goal_id, "the goal"))
            form.errors[f"decision-{goal_id}"] = f"Choose what to do with {goal}"
            continue
        chosen = form.check(f"decision-{goal_id}", partial(text.choice, "decision", typed, ReviewDecision))
        form.check(f"note-{goal_id}", partial(text.optional_text, "note", note, text.NOTE_MAX_CHARS))
        if chosen is not None and form.check(f"note-{goal_id}", partial(_reason_given, chosen, note)) is None:
            # The domain's rule, in words for the person beside the note.
            form.errors[f"note-{goal_id}"] = DISCONTINUE_NEEDS_A_REASON
        decisions.append({"goal_id": goal_id, "decision": typed, "note": note})
    if form.errors or held_on is None or next_due is None:
        # In the order of the page, so the summary of problems reads top to bottom.
        order = _names(goal_ids)
        ordered = sorted(form.errors.items(), key=partial(_place, order))
        form.errors.clear()
        form.errors.update(ordered)
        return None
    return {
        "held_on": held_on,
        "participants": participants,
        "summary": summary,
        "goal_decisions": decisions,
        "next_review_due": next_due,
    }


def _place(order: list[str], error: tuple[str, str]) -> int:
    return order.index(error[0]) if error[0] in order else -1


def _reason_given(decision: ReviewDecision, note: str | None) -> bool:
    review.check_reason(decision, note)
    return True


def _field_at(goal_ids: list[UUID], where: str) -> str | None:
    """Where the domain's error about ``goal_decisions[2].note`` shows: beside that goal's note;
    any other error about the goal's decision, beside its decision."""
    match = _DECISION_AT.match(where)
    if match is None:
        return "goals" if where.startswith("goal_decisions") else None
    index = int(match["index"])
    if index >= len(goal_ids):
        return "goals"
    return f"{'note' if match['rest'] == '.note' else 'decision'}-{goal_ids[index]}"


def _options(status: str) -> list[tuple[str, str]]:
    """The decisions a goal in ``status`` accepts, as the domain says (``review.STATES_ACCEPTING``)."""
    return [(d.value, words.DECISIONS[d.value]) for d in DECISION_ORDER if status in STATES_ACCEPTING[d]]


def _form_page(
    request: Request,
    session: Session,
    read: dict[str, Any],
    goals: list[dict[str, Any]],
    form: dict[str, Any],
    status: int = 200,
    template: str = "review_form.html",
) -> Response:
    values = form["values"]
    context = {
        **read,
        **form,
        "goals": [{**goal, "options": _options(goal["status"])} for goal in goals],
        # Read as the form reads them (``PostedForm.lines``): one a line, or separated by commas.
        "participants": [n.strip() for n in re.split(r"[,\n]", values["participants"]) if n.strip()],
        "decisions": words.DECISIONS,
    }
    return pages_of(request).render(request, template, context, session=session, status_code=status)
