"""The review cycle: holding a review, and the pack to prepare and hold it with."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import Query, Request, Response

from interfaces.http.deps import Commands, ReaderDep
from interfaces.http.responses import created
from interfaces.http.routing import Router
from interfaces.http.schemas import CommandResult, HoldReviewRequest, ReviewPackPublic
from interfaces.http.schemas.common import IsoDateOrMoment

router = Router(prefix="/api/v1/people/{person_id}", tags=["reviews"])


@router.create("/reviews")
def hold_review(
    person_id: UUID, body: HoldReviewRequest, commands: Commands, response: Response
) -> CommandResult:
    """Record a review with the person: who took part, a summary, a decision per goal and when
    the next review is due (`ReviewHeld`, and on each goal `GoalReviewed` plus the decision's
    event: `GoalPaused`, `GoalAchieved`, `GoalDiscontinued` or, resuming a paused goal,
    `GoalResumed`).

    All of it is written atomically: if any decision is invalid (unknown goal, a goal of another
    person, a decision the goal's state forbids) nothing is written and the answer names the
    decision, e.g. `goal_decisions[2]`. `held_on` may be in the past; `id` is the review's id.
    """
    with commands.acting() as journeys:
        outcome = journeys.hold_review(
            person_id,
            held_on=body.held_on,
            participants=body.participants,
            summary=body.summary,
            goal_decisions=[
                {"goal_id": d.goal_id, "decision": d.decision.value, "note": d.note}
                for d in body.goal_decisions
            ],
            next_review_due=body.next_review_due,
        )
    return created(response, outcome, f"/api/v1/people/{person_id}/review-pack")


@router.query("/review-pack", ReviewPackPublic)
def review_pack(
    person_id: UUID,
    reader: ReaderDep,
    request: Request,
    since: Annotated[
        IsoDateOrMoment | None,
        Query(description="Start of the period (a date or a time with zone); default: the last review."),
    ] = None,
) -> ReviewPackPublic:
    """Everything to look back on at a review: per goal, the steps completed, started, dropped,
    rescheduled and changed in mode (passive to joint is progress worth noticing), reframes and
    revisions with the words before and after, and the decisions of the last review; for the
    period, counts of steps by mode and outcome, values and strengths added or changed, goals
    achieved; the working agreement when due or changed; prompts: what to notice and
    reinforce, what got stuck, which goals to revisit, and dropped steps whose kind was not said,
    to talk through; and the coaching conversations held in the period, each with the steps
    agreed in it. Dropped steps are grouped by kind: only `not_working` got stuck,
    `done_another_way` is progress, `no_longer_wanted` is a plan to revisit. `review_overdue`
    also holds for someone never reviewed past `first_review_due`."""
    answer = reader.views.review_pack(
        person_id,
        reader.actor,
        today=date.today(),
        since=since,
        first_review_days=request.app.state.runtime.settings.first_review_days,
    )
    return ReviewPackPublic.model_validate(answer)
