"""Coaching conversations with the person (REACH): record one, list them."""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from interfaces.http.deps import AsOfQuery, Commands, ReaderDep
from interfaces.http.responses import created
from interfaces.http.routing import Router
from interfaces.http.schemas import CommandResult, ConversationsPublic, RecordConversationRequest

router = Router(prefix="/api/v1/people/{person_id}", tags=["coaching"])


@router.create("/conversations")
def record_conversation(
    person_id: UUID, body: RecordConversationRequest, commands: Commands, response: Response
) -> CommandResult:
    """Record a coaching conversation with the person (`CoachingConversationRecorded`): when it
    was held (never in the future), who took part, the goals and steps of the person it concerned,
    and short notes on each REACH stage: `reflect`, `explore`, `agree_outcomes`,
    `commit_to_action`, `hold_to_account`. Each is optional, but a conversation records at least
    what it concerned or one note (`422` names `body`). A goal or step that is not this person's
    is `422` naming it, e.g. `goal_ids[1]`. `id` is the conversation's id: steps agreed in it
    name it as `conversation_id` when they are planned."""
    with commands.acting() as journeys:
        outcome = journeys.record_conversation(
            person_id,
            held_on=body.held_on,
            participants=body.participants,
            goal_ids=body.goal_ids,
            step_ids=body.step_ids,
            reflect=body.reflect,
            explore=body.explore,
            agree_outcomes=body.agree_outcomes,
            commit_to_action=body.commit_to_action,
            hold_to_account=body.hold_to_account,
        )
    return created(response, outcome, f"/api/v1/people/{person_id}/conversations")


@router.query("/conversations", ConversationsPublic)
def conversations(person_id: UUID, reader: ReaderDep, as_of: AsOfQuery = None) -> ConversationsPublic:
    """The coaching conversations recorded with the person, in the order they were held, each with
    the goals and steps it concerned and the steps agreed in it as they stand now.
    With `as_of`, as they stood at that moment."""
    return ConversationsPublic.model_validate(
        reader.views.conversations(person_id, reader.actor, as_of=as_of)
    )
