"""Goals: identify, read, reframe, revise, link, GROW, pause, resume, achieve, discontinue, plan steps."""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from interfaces.http.deps import Commands, ReaderDep, VersionedCommands
from interfaces.http.responses import created, etag, result
from interfaces.http.routing import Router
from interfaces.http.schemas import (
    CommandResult,
    DiscontinueRequest,
    GoalDetailPublic,
    GoalPrioritiesRequest,
    GrowRequest,
    IdentifyGoalRequest,
    LinkGoalRequest,
    NoteRequest,
    PlanStepRequest,
    ReframeGoalRequest,
    ReviseGoalRequest,
)

router = Router(tags=["goals"])


@router.create("/api/v1/people/{person_id}/goals")
def identify_goal(
    person_id: UUID, body: IdentifyGoalRequest, commands: Commands, response: Response
) -> CommandResult:
    """Record a goal the person values (`GoalIdentified`), ideally in their own words.

    Linked `value_ids`, `strength_ids` and `preference_ids` must be current values, strengths
    and treatment preferences of the same person (`422` names the offending one).
    """
    with commands.acting() as journeys:
        outcome = journeys.identify_goal(
            person_id,
            statement=body.statement,
            identified_by=body.identified_by.value,
            orientation=body.orientation.value,
            life_domain=body.life_domain.value,
            responsibility=body.responsibility.value,
            in_own_words=body.in_own_words,
            written_by=body.written_by.value if body.written_by else None,
            value_ids=body.value_ids,
            strength_ids=body.strength_ids,
            target_date=body.target_date,
            preference_ids=body.preference_ids,
        )
    return created(response, outcome, f"/api/v1/goals/{outcome.id}")


@router.query("/api/v1/goals/{goal_id}", GoalDetailPublic)
def read_goal(goal_id: UUID, reader: ReaderDep, response: Response) -> GoalDetailPublic:
    """The goal with all its steps (including finished ones). `ETag` carries its version."""
    answer = reader.views.goal(goal_id, reader.actor)
    etag(response, answer["version"])
    return GoalDetailPublic.model_validate(answer)


@router.change("/api/v1/goals/{goal_id}/reframe")
def reframe(goal_id: UUID, body: ReframeGoalRequest, commands: VersionedCommands) -> CommandResult:
    """Reframe the goal, typically from avoidance to approach (`GoalReframed`).

    The previous words stay in the history.
    """
    with commands.acting() as journeys:
        return result(
            journeys.reframe_goal(
                goal_id, body.statement, body.orientation.value, expected_version=commands.expected_version
            )
        )


@router.change("/api/v1/goals/{goal_id}/revise")
def revise(goal_id: UUID, body: ReviseGoalRequest, commands: VersionedCommands) -> CommandResult:
    """Revise any of statement, life domain, responsibility, target date (`GoalRevised`)."""
    with commands.acting() as journeys:
        return result(
            journeys.revise_goal(
                goal_id,
                expected_version=commands.expected_version,
                statement=body.statement,
                life_domain=body.life_domain.value if body.life_domain else None,
                responsibility=body.responsibility.value if body.responsibility else None,
                target_date=body.target_date,
                clear_target_date="target_date" in body.model_fields_set and body.target_date is None,
            )
        )


@router.change("/api/v1/goals/{goal_id}/links")
def link(goal_id: UUID, body: LinkGoalRequest, commands: VersionedCommands) -> CommandResult:
    """Link the goal to values it expresses, strengths it builds on and treatment preferences
    that shape how the person works towards it.

    Writes `GoalLinkedToValue` / `GoalLinkedToStrength` / `GoalLinkedToPreference` for each new link.
    """
    with commands.acting() as journeys:
        return result(
            journeys.link_goal(
                goal_id,
                body.value_ids,
                body.strength_ids,
                body.preference_ids,
                expected_version=commands.expected_version,
            )
        )


@router.change("/api/v1/goals/{goal_id}/grow", method="PUT")
def grow(goal_id: UUID, body: GrowRequest, commands: VersionedCommands) -> CommandResult:
    """Record the GROW conversation: goal, reality, options, wrap-up (`GrowRecorded`)."""
    with commands.acting() as journeys:
        return result(
            journeys.record_grow(
                goal_id,
                expected_version=commands.expected_version,
                goal=body.goal,
                reality=body.reality,
                options=body.options,
                wrap_up=body.wrap_up,
            )
        )


@router.change("/api/v1/goals/{goal_id}/pause")
def pause(goal_id: UUID, commands: VersionedCommands, body: NoteRequest | None = None) -> CommandResult:
    """Pause an active goal (`GoalPaused`)."""
    with commands.acting() as journeys:
        return result(
            journeys.pause_goal(
                goal_id, body.note if body else None, expected_version=commands.expected_version
            )
        )


@router.change("/api/v1/goals/{goal_id}/resume")
def resume(goal_id: UUID, commands: VersionedCommands, body: NoteRequest | None = None) -> CommandResult:
    """Resume a paused goal (`GoalResumed`)."""
    with commands.acting() as journeys:
        return result(
            journeys.resume_goal(
                goal_id, body.note if body else None, expected_version=commands.expected_version
            )
        )


@router.change("/api/v1/goals/{goal_id}/achieve")
def achieve(goal_id: UUID, commands: VersionedCommands, body: NoteRequest | None = None) -> CommandResult:
    """Mark an active goal achieved (`GoalAchieved`); it closes and stays in the history."""
    with commands.acting() as journeys:
        return result(
            journeys.achieve_goal(
                goal_id, body.note if body else None, expected_version=commands.expected_version
            )
        )


@router.change("/api/v1/goals/{goal_id}/discontinue")
def discontinue(goal_id: UUID, body: DiscontinueRequest, commands: VersionedCommands) -> CommandResult:
    """Discontinue an active or paused goal, saying why (`GoalDiscontinued`)."""
    with commands.acting() as journeys:
        return result(
            journeys.discontinue_goal(goal_id, body.reason, expected_version=commands.expected_version)
        )


@router.create("/api/v1/goals/{goal_id}/steps")
def plan_step(goal_id: UUID, body: PlanStepRequest, commands: Commands, response: Response) -> CommandResult:
    """Plan a step towards the goal (`StepPlanned`).

    `mode`: independent (the person alone), joint (`with_whom` names who) or passive.

    Closed (achieved or discontinued) goals take no new steps: `409`. A step agreed in a coaching
    conversation names it (`conversation_id`): one with another person is `422`. `preference_ids`
    must be current treatment preferences of the same person (`422` names the offending one).
    """
    with commands.acting() as journeys:
        outcome = journeys.plan_step(
            goal_id,
            body.description,
            body.mode.value,
            body.with_whom,
            body.due,
            conversation_id=body.conversation_id,
            preference_ids=body.preference_ids,
        )
    return created(response, outcome, f"/api/v1/steps/{outcome.id}")


@router.change("/api/v1/people/{person_id}/goal-priorities", method="PUT")
def prioritise_goals(
    person_id: UUID, body: GoalPrioritiesRequest, commands: VersionedCommands
) -> CommandResult:
    """The person's own order of their goals, most important first (`GoalsPrioritised`; manual, 5.4).

    The care plan answers goals in this order, those not named after them. Each id must
    be an open goal of this person, once (`422` naming `goal_ids[i]`); `[]` clears the order.
    Takes the person's `ETag`.
    """
    with commands.acting() as journeys:
        return result(
            journeys.prioritise_goals(person_id, body.goal_ids, expected_version=commands.expected_version)
        )
