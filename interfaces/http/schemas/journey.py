"""Answers about a journey as it stands: care plan, goals, steps, caseload, timeline; the profile's
are in ``schemas.profile``."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.vocabulary import (
    DropKind,
    GoalStatus,
    IdentifiedBy,
    LifeDomain,
    Orientation,
    PersonStatus,
    Responsibility,
    StepMode,
    StepStatus,
    WrittenBy,
)
from interfaces.http.schemas.checks import ChecksPublic
from interfaces.http.schemas.common import ActorPublic


class LinkedPublic(BaseModel):
    id: UUID
    statement: str | None
    current: bool = Field(description="False once withdrawn or removed: shown, but no longer counted.")


_WRITTEN_BY = "Who wrote it down: `person` or `worker`; null when not said."
_NAMING = "In the person's own words; null when not given."


class StepPublic(BaseModel):
    id: UUID
    goal_id: UUID
    description: str
    mode: StepMode
    with_whom: list[str]
    status: StepStatus
    due: date | None
    preference_ids: list[UUID] = Field(default=[], description="Treatment preferences that shape the step.")
    version: int


class ProgressPublic(BaseModel):
    completed: int
    total: int = Field(description="Steps planned on the goal, not counting dropped ones.")


class GrowPublic(BaseModel):
    goal: str | None
    reality: str | None
    options: str | None
    wrap_up: str | None
    recorded_at: str


class GoalPublic(BaseModel):
    id: UUID
    statement: str
    status: GoalStatus
    orientation: Orientation
    identified_by: IdentifiedBy
    responsibility: Responsibility
    life_domain: LifeDomain
    in_own_words: bool
    written_by: WrittenBy | None = Field(description=_WRITTEN_BY)
    target_date: date | None
    values: list[LinkedPublic]
    strengths: list[LinkedPublic]
    preferences: list[LinkedPublic] = Field(
        default=[], description="Treatment preferences that shape the goal."
    )
    grow: GrowPublic | None
    steps: list[StepPublic]
    progress: ProgressPublic
    version: int


_STEP_EXAMPLE: dict[str, Any] = {
    "id": "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b",
    "goal_id": "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10",
    "description": "Go to the Tuesday beginners' class",
    "mode": "joint",
    "with_whom": ["sister"],
    "status": "completed",
    "due": "2026-12-08",
    "preference_ids": [],
    "version": 3,
}

_GOAL_EXAMPLE: dict[str, Any] = {
    "id": "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10",
    "statement": "I want to dance again",
    "status": "active",
    "orientation": "approach",
    "identified_by": "person",
    "responsibility": "person",
    "life_domain": "occupational",
    "in_own_words": True,
    "written_by": "person",
    "target_date": "2027-06-30",
    "values": [],
    "strengths": [],
    "preferences": [],
    "grow": {
        "goal": "Dancing at my cousin's wedding",
        "reality": "I get breathless after ten minutes",
        "options": "A beginners' class",
        "wrap_up": "Ask my sister on Sunday",
        "recorded_at": "2026-11-20T10:00:00.000000Z",
    },
    "steps": [_STEP_EXAMPLE],
    "progress": {"completed": 1, "total": 1},
    "version": 1,
}


class GoalDetailPublic(GoalPublic):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4", **_GOAL_EXAMPLE}]
        }
    )
    person_id: UUID


class StepDetailPublic(StepPublic):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
                    **_STEP_EXAMPLE,
                    "dropped_kind": None,
                    "conversation_id": None,
                }
            ]
        }
    )
    person_id: UUID
    dropped_kind: DropKind | None = Field(None, description="Set once the step is dropped.")
    conversation_id: UUID | None = Field(None, description="The coaching conversation it was agreed in.")


_CARE_PLAN_EXAMPLE: dict[str, Any] = {
    "person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
    "as_of": "2026-11-28T10:15:00Z",
    "position": 57,
    "goals": [_GOAL_EXAMPLE],
    "service_goals": [],
    "checks": {
        "personally_valued_goals": {
            "ok": True,
            "outcome": "met",
            "detail": "The goal was identified by the person or jointly.",
        },
        "reflects_values": {
            "ok": False,
            "outcome": "not_met",
            "detail": "No values explored yet: start with the values conversation (working practice 1), ...",
            "values": {
                "outcome": "not_met",
                "detail": "No values explored yet: ...",
                "counts": {"goals": 1, "linked": 0, "recorded": 0},
            },
            "preferences": {
                "outcome": "met",
                "detail": "The person's treatment preference shapes the goal.",
                "counts": {"goals": 1, "linked": 1, "recorded": 1},
            },
            "rule": "Met when every goal the person values is linked to a current value ...",
        },
        "builds_on_strengths": {
            "ok": False,
            "outcome": "not_met",
            "detail": "No strengths assessed yet: ...",
            "counts": {"goals": 1, "linked": 0, "recorded": 0},
        },
        "independent_or_joint_action": {
            "ok": True,
            "outcome": "met",
            "detail": "Of 1 open step, 0 independent, 1 joint and 0 passive: it is the person's ...",
            "counts": {"independent": 0, "joint": 1, "passive": 0},
            "rule": "Met when most open steps (more than half) on the person's active goals are ...",
        },
    },
    "next_review_due": "2027-02-28",
}


class CarePlanPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_CARE_PLAN_EXAMPLE]})
    person_id: UUID
    as_of: str | None = Field(description="Null: the care plan as it stands now.")
    position: int = Field(description="Position of the last event of this person the plan includes.")
    goals: list[GoalPublic] = Field(
        description="The person's active and paused goals (not the service's), in the person's order "
        "of priority, the goals it does not name after them in the order identified."
    )
    service_goals: list[GoalPublic] = Field(
        default=[],
        description="Active and paused goals the service needs for other reasons (e.g. risk): "
        "integrated in the plan, never counted by the checks.",
    )
    checks: ChecksPublic
    next_review_due: date | None


class CaseloadItemPublic(BaseModel):
    id: UUID
    display_name: str
    preferred_name: str | None = Field(description=_NAMING)
    pronouns: str | None = Field(description=_NAMING)
    team_id: str
    key_worker_id: str | None
    status: PersonStatus
    active_goals: int
    steps_due_soon: int = Field(description="Open steps due within 14 days, or overdue.")
    next_review_due: date | None
    review_overdue: bool = Field(
        description="Past `next_review_due`, or never reviewed and past `first_review_due`."
    )
    last_activity_at: str
    never_reviewed: bool
    first_review_due: date | None = Field(
        None, description="For someone never reviewed: the registration day plus the first-review window."
    )
    areas_to_explore: int = Field(
        description="VTP areas (of ten) with neither a current value nor the person's decline."
    )
    agreement_review_due: bool = Field(description="The working agreement's `review_by` date has passed.")


class CaseloadPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
                            "display_name": "Sam Okafor",
                            "preferred_name": "Sammy",
                            "pronouns": "they/them",
                            "team_id": "north",
                            "key_worker_id": "alice",
                            "status": "active",
                            "active_goals": 2,
                            "steps_due_soon": 1,
                            "next_review_due": "2027-02-28",
                            "review_overdue": False,
                            "last_activity_at": "2026-11-28T10:15:00.000000Z",
                            "never_reviewed": False,
                            "first_review_due": None,
                            "areas_to_explore": 7,
                            "agreement_review_due": False,
                        }
                    ]
                }
            ]
        }
    )
    items: list[CaseloadItemPublic]
    next_offset: int | None = Field(None, description="Pass as `offset` for the next page; null on the last.")


class TimelineEntryPublic(BaseModel):
    position: int
    at: str = Field(
        description="When it happened (UTC); a back-dated review or coaching conversation happened on "
        "the day it was held."
    )
    recorded_at: str = Field(description="When it was recorded (UTC).")
    type: str = Field(description="The event type, e.g. `StepCompleted`.")
    actor: ActorPublic
    summary: str
    goal_id: UUID | None = None
    step_id: UUID | None = None
    goal_ids: list[UUID] | None = Field(
        None,
        description="For a review: the goals it decided on; for a coaching conversation: those it concerned.",
    )
    data: dict[str, Any]


class TimelinePublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
                    "entries": [
                        {
                            "position": 57,
                            "at": "2026-11-28T10:15:00.000000Z",
                            "recorded_at": "2026-11-28T10:15:00.000000Z",
                            "type": "StepCompleted",
                            "actor": {"subject": "alice", "role": "worker"},
                            "summary": "Step completed: “Go to the Tuesday beginners' class”",
                            "goal_id": "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10",
                            "step_id": "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b",
                            "data": {"note": None},
                        }
                    ],
                }
            ]
        }
    )
    person_id: UUID
    as_of: str | None = Field(
        default=None, description="With `?as_of=`: the moment asked for; null for the live view."
    )
    position: int | None = Field(
        default=None, description="Position of the last event of this person the answer includes."
    )
    entries: list[TimelineEntryPublic]
    next_offset: int | None = Field(None, description="Pass as `offset` for the next page; null on the last.")
