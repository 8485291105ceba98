"""The review pack: what happened since the last review, goal by goal."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.vocabulary import (
    DropKind,
    GoalStatus,
    IdentifiedBy,
    Orientation,
    ReviewDecision,
    StepMode,
)
from interfaces.http.schemas.coaching import ConversationPublic
from interfaces.http.schemas.profile import WorkingAgreementPublic


class PackStepPublic(BaseModel):
    id: UUID
    description: str
    mode: StepMode
    at: str
    note: str | None = None
    reason: str | None = None
    kind: DropKind | None = Field(None, description="A dropped step's kind (`other` for older drops).")


class PackDroppedByKindPublic(BaseModel):
    done_another_way: list[PackStepPublic] = Field(description="Progress: done another way.")
    no_longer_wanted: list[PackStepPublic] = Field(description="To revisit with the person.")
    not_working: list[PackStepPublic] = Field(description="Got stuck: to problem-solve.")
    other: list[PackStepPublic] = Field(description="Not said: listed without a judgement.")


class PackRescheduledPublic(BaseModel):
    id: UUID
    description: str
    from_: date | None = Field(alias="from")
    to: date
    at: str


class PackModeChangePublic(BaseModel):
    id: UUID
    description: str
    from_: StepMode = Field(alias="from")
    to: StepMode
    with_whom: list[str]
    towards_independence: bool = Field(description="Passive to joint or independent, joint to independent.")
    at: str


class PackReframePublic(BaseModel):
    from_: str = Field(alias="from")
    to: str
    from_orientation: Orientation
    to_orientation: Orientation
    at: str


class PackRevisionPublic(BaseModel):
    changes: dict[str, Any]
    previous: dict[str, Any]
    at: str


class PackStatusChangePublic(BaseModel):
    type: str
    note: str | None
    at: str
    at_review: bool


class PackDecisionPublic(BaseModel):
    review_id: UUID
    held_on: date
    decision: ReviewDecision
    note: str | None


class PackOverduePublic(BaseModel):
    id: UUID
    description: str
    due: date


class PackGoalPublic(BaseModel):
    id: UUID
    statement: str
    status: GoalStatus
    orientation: Orientation
    identified_by: IdentifiedBy
    decision_at_last_review: PackDecisionPublic | None
    steps_planned: list[PackStepPublic]
    steps_started: list[PackStepPublic]
    steps_completed: list[PackStepPublic]
    steps_dropped: list[PackStepPublic]
    steps_dropped_by_kind: PackDroppedByKindPublic
    steps_rescheduled: list[PackRescheduledPublic]
    mode_changes: list[PackModeChangePublic]
    reframes: list[PackReframePublic]
    revisions: list[PackRevisionPublic]
    status_changes: list[PackStatusChangePublic]
    overdue_steps: list[PackOverduePublic]
    linked_to_value: bool
    linked_to_strength: bool


class ModeCountsPublic(BaseModel):
    independent: int
    joint: int
    passive: int


class PackStepCountsPublic(BaseModel):
    planned: ModeCountsPublic
    started: ModeCountsPublic
    completed: ModeCountsPublic
    dropped: ModeCountsPublic


class DropKindCountsPublic(BaseModel):
    done_another_way: int
    no_longer_wanted: int
    not_working: int
    other: int


class NamedGoalPublic(BaseModel):
    id: UUID
    statement: str


class PackPeriodPublic(BaseModel):
    steps: PackStepCountsPublic
    steps_dropped_by_kind: DropKindCountsPublic
    goals_identified: list[NamedGoalPublic]
    goals_achieved: list[NamedGoalPublic]
    values_added: int
    values_changed: int
    strengths_added: int
    strengths_changed: int


class ReviewPublic(BaseModel):
    id: UUID
    held_on: date
    participants: list[str]
    summary: str
    goal_decisions: list[dict[str, Any]]
    next_review_due: date
    recorded_at: str


class PackAgreementPublic(WorkingAgreementPublic):
    changed_in_period: bool
    due: bool


class PromptsPublic(BaseModel):
    notice_and_reinforce: list[str] = Field(description="Progress worth noticing and reinforcing.")
    got_stuck: list[str] = Field(
        description="Dropped as not working, overdue, often rescheduled, or no step activity."
    )
    revisit: list[str] = Field(
        description="Goals and plans to revisit: paused, avoidance, worker-identified, unlinked, "
        "steps no longer wanted."
    )
    talk_through: list[str] = Field(
        description="Steps dropped for a reason whose kind was not said: neither progress nor stuck "
        "until talked through with the person."
    )


_STEP_COUNTS: dict[str, Any] = {"independent": 1, "joint": 1, "passive": 0}
_NO_DROPS: dict[str, Any] = {"done_another_way": [], "no_longer_wanted": [], "not_working": [], "other": []}


class ReviewPackPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
                    "since": "2026-08-20T23:59:59.999999Z",
                    "until": "2026-11-28",
                    "last_review": {
                        "id": "2d3e4f50-6172-4839-9a0b-1c2d3e4f5a6b",
                        "held_on": "2026-08-20",
                        "participants": ["Sam", "alice"],
                        "summary": "Sam wants to get back to dancing.",
                        "goal_decisions": [
                            {
                                "goal_id": "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10",
                                "decision": "continue",
                                "note": "Go on",
                            }
                        ],
                        "next_review_due": "2026-11-20",
                        "recorded_at": "2026-08-21T09:00:00.000000Z",
                    },
                    "next_review_due": "2026-11-20",
                    "review_overdue": True,
                    "first_review_due": None,
                    "goals": [
                        {
                            "id": "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10",
                            "statement": "I want to dance again",
                            "status": "active",
                            "orientation": "approach",
                            "identified_by": "person",
                            "decision_at_last_review": {
                                "review_id": "2d3e4f50-6172-4839-9a0b-1c2d3e4f5a6b",
                                "held_on": "2026-08-20",
                                "decision": "continue",
                                "note": "Go on",
                            },
                            "steps_planned": [],
                            "steps_started": [],
                            "steps_completed": [
                                {
                                    "id": "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b",
                                    "description": "Go to the Tuesday beginners' class",
                                    "mode": "joint",
                                    "at": "2026-10-07T19:30:00.000000Z",
                                    "note": "Loved it",
                                }
                            ],
                            "steps_dropped": [],
                            "steps_dropped_by_kind": _NO_DROPS,
                            "steps_rescheduled": [],
                            "mode_changes": [
                                {
                                    "id": "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b",
                                    "description": "Go to the Tuesday beginners' class",
                                    "from": "passive",
                                    "to": "joint",
                                    "with_whom": ["sister"],
                                    "towards_independence": True,
                                    "at": "2026-09-30T10:00:00.000000Z",
                                }
                            ],
                            "reframes": [],
                            "revisions": [],
                            "status_changes": [],
                            "overdue_steps": [],
                            "linked_to_value": True,
                            "linked_to_strength": True,
                        }
                    ],
                    "period": {
                        "steps": {
                            "planned": _STEP_COUNTS,
                            "started": _STEP_COUNTS,
                            "completed": {"independent": 0, "joint": 1, "passive": 0},
                            "dropped": {"independent": 0, "joint": 0, "passive": 0},
                        },
                        "steps_dropped_by_kind": {
                            "done_another_way": 0,
                            "no_longer_wanted": 0,
                            "not_working": 0,
                            "other": 0,
                        },
                        "goals_identified": [],
                        "goals_achieved": [],
                        "values_added": 1,
                        "values_changed": 0,
                        "strengths_added": 2,
                        "strengths_changed": 0,
                    },
                    "working_agreement": {
                        "text": "We meet every two weeks at the library.",
                        "review_by": "2026-11-01",
                        "made_at": "2026-05-01T10:00:00.000000Z",
                        "history": [],
                        "changed_in_period": False,
                        "due": True,
                    },
                    "prompts": {
                        "notice_and_reinforce": [
                            "“Go to the Tuesday beginners' class” went from passive to joint: "
                            "the person is taking it on"
                        ],
                        "got_stuck": [],
                        "revisit": [],
                        "talk_through": [],
                    },
                    "conversations": [],
                }
            ]
        }
    )
    person_id: UUID
    since: str = Field(description="Start of the period: the last review, or `since`.")
    until: date
    last_review: ReviewPublic | None
    next_review_due: date | None
    review_overdue: bool = Field(
        description="Past `next_review_due`, or never reviewed and past `first_review_due`."
    )
    first_review_due: date | None = Field(
        None, description="For someone never reviewed: the registration day plus the first-review window."
    )
    goals: list[PackGoalPublic] = Field(description="Open goals, and goals closed during the period.")
    period: PackPeriodPublic
    working_agreement: PackAgreementPublic | None = Field(
        description="Shown when changed in the period or due."
    )
    prompts: PromptsPublic
    conversations: list[ConversationPublic] = Field(
        description="Coaching conversations held in the period, with the steps agreed in each."
    )
