"""Coaching conversations: what a caller sends to record one, and how they are shown."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain import text as limits
from domain.coaching import CONCERNS_MAX_ITEMS
from domain.vocabulary import StepMode, StepStatus
from interfaces.http.schemas.common import IsoDate, Name, Request, Statement, _example

_STAGE = "Optional, short: the person's and the worker's words on this stage of the conversation."
ConcernedIds = Annotated[list[UUID], Field(max_length=CONCERNS_MAX_ITEMS)]


class RecordConversationRequest(Request):
    model_config = _example(
        held_on="2026-11-20",
        participants=["Sam", "alice (care coordinator)"],
        goal_ids=["0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10"],
        reflect="Sam went to two classes and felt proud of going alone the second time",
        explore="Evening classes clash with the bus times; a Saturday class exists",
        agree_outcomes="Dancing once a week by the new year",
        commit_to_action="Sam will ring the Saturday class on Monday",
        hold_to_account="We look at how the call went next Thursday",
    )
    held_on: IsoDate = Field(description="When the conversation took place; never in the future.")
    participants: list[Name] = Field(default=[], max_length=limits.PARTICIPANTS_MAX_ITEMS)
    goal_ids: ConcernedIds = Field(default=[], description="Goals of the person it concerned.")
    step_ids: ConcernedIds = Field(default=[], description="Steps of the person it concerned.")
    reflect: Statement | None = Field(None, description=_STAGE)
    explore: Statement | None = Field(None, description=_STAGE)
    agree_outcomes: Statement | None = Field(None, description=_STAGE)
    commit_to_action: Statement | None = Field(None, description=_STAGE)
    hold_to_account: Statement | None = Field(None, description=_STAGE)


class ConcernedGoalPublic(BaseModel):
    id: UUID
    statement: str


class ConcernedStepPublic(BaseModel):
    id: UUID
    goal_id: UUID
    description: str


class AgreedStepPublic(ConcernedStepPublic):
    mode: StepMode
    status: StepStatus
    due: date | None


_CONVERSATION_EXAMPLE: dict[str, Any] = {
    "id": "6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f",
    "held_on": "2026-11-20",
    "participants": ["Sam", "alice (care coordinator)"],
    "reflect": "Sam went to two classes and felt proud of going alone the second time",
    "explore": "Evening classes clash with the bus times; a Saturday class exists",
    "agree_outcomes": "Dancing once a week by the new year",
    "commit_to_action": "Sam will ring the Saturday class on Monday",
    "hold_to_account": "We look at how the call went next Thursday",
    "recorded_at": "2026-11-20T16:00:00.000000Z",
    "goals": [{"id": "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10", "statement": "I want to dance again"}],
    "steps": [],
    "agreed_steps": [
        {
            "id": "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b",
            "goal_id": "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10",
            "description": "Ring the Saturday class",
            "mode": "independent",
            "status": "planned",
            "due": "2026-11-23",
        }
    ],
}


class ConversationPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_CONVERSATION_EXAMPLE]})
    id: UUID
    held_on: date
    participants: list[str]
    reflect: str | None
    explore: str | None
    agree_outcomes: str | None
    commit_to_action: str | None
    hold_to_account: str | None
    recorded_at: str
    goals: list[ConcernedGoalPublic] = Field(description="The goals it concerned.")
    steps: list[ConcernedStepPublic] = Field(description="The steps it concerned.")
    agreed_steps: list[AgreedStepPublic] = Field(
        description="Steps planned as agreed in it (`conversation_id` on step planning), as they stand."
    )


class ConversationsPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
                    "position": 57,
                    "items": [_CONVERSATION_EXAMPLE],
                }
            ]
        }
    )
    person_id: UUID
    as_of: str | None = Field(
        default=None, description="With `?as_of=`: the moment asked for; null for the live view."
    )
    position: int = Field(description="Position of the last event of this person the answer includes.")
    items: list[ConversationPublic] = Field(description="In the order they were held.")
