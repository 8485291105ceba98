"""Answers about a journey as it stands: care plan, goals, steps, profile, worksheet, caseload, timeline."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.vocabulary import (
    Approach,
    GoalStatus,
    IdentifiedBy,
    LifeDomain,
    LifeMapKind,
    Orientation,
    PersonStatus,
    Resource,
    Responsibility,
    StepMode,
    StepStatus,
    VtpArea,
)
from interfaces.http.schemas.checks import ChecksPublic
from interfaces.http.schemas.common import ActorPublic


class LinkedPublic(BaseModel):
    id: UUID
    statement: str | None
    current: bool = Field(description="False once withdrawn or removed: shown, but no longer counted.")


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
            "examples": [{"person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4", **_STEP_EXAMPLE}]
        }
    )
    person_id: UUID


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
    goals: list[GoalPublic] = Field(description="The person's active and paused goals (not the service's).")
    service_goals: list[GoalPublic] = Field(
        default=[],
        description="Active and paused goals the service needs for other reasons (e.g. risk): "
        "integrated in the plan, never counted by the checks.",
    )
    checks: ChecksPublic
    next_review_due: date | None


class EarlierAgreementPublic(BaseModel):
    text: str
    review_by: date | None
    made_at: str


class WorkingAgreementPublic(EarlierAgreementPublic):
    history: list[EarlierAgreementPublic] = Field(default=[], description="Earlier agreements, oldest first.")


class ValuePublic(BaseModel):
    id: UUID
    statement: str
    in_own_words: bool
    approach: Approach
    recorded_at: str
    updated_at: str


class DeclinedAreaPublic(BaseModel):
    area: VtpArea
    note: str | None
    declined_at: str


class TreatmentPreferencePublic(BaseModel):
    id: UUID
    statement: str
    area: VtpArea | None
    in_own_words: bool
    recorded_at: str
    updated_at: str | None = None


class NarrativeEntryPublic(BaseModel):
    id: UUID
    text: str
    themes: list[str]
    added_at: str


class LifeMapEntryPublic(BaseModel):
    label: str
    detail: str | None
    group: str | None
    when: str | None


class LifeMapPublic(BaseModel):
    kind: LifeMapKind
    entries: list[LifeMapEntryPublic]
    drawn_at: str


class WorksheetStrengthPublic(BaseModel):
    id: UUID
    statement: str
    resource: Resource
    in_own_words: bool
    updated_at: str


class WorksheetRowPublic(BaseModel):
    current: list[WorksheetStrengthPublic]
    aspiration: list[WorksheetStrengthPublic]
    past_resource: list[WorksheetStrengthPublic]


class WorksheetQualityPublic(BaseModel):
    complete: bool = Field(description="Every life domain has at least one strength.")
    missing_domains: list[LifeDomain]
    domains_without_external: list[LifeDomain] = Field(
        description="Domains with no external resource (people, money, home, community, work, groups)."
    )
    own_words_ratio: float | None = Field(
        description="Share of strengths in the person's own words; null if none."
    )
    last_updated: str | None
    days_since_update: int | None
    stale: bool = Field(description="Never updated, or last updated more than `stale_after_days` ago.")
    stale_after_days: int


_WORKSHEET_STRENGTH: dict[str, Any] = {
    "id": "7e8f9a0b-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
    "statement": "My sister lives nearby and we talk every day",
    "resource": "external",
    "in_own_words": True,
    "updated_at": "2026-11-28T10:15:00.000000Z",
}


class StrengthsWorksheetPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
                    "as_of": "2026-11-28T10:15:00Z",
                    "last_updated": "2026-11-28T10:15:00.000000Z",
                    "domains": {
                        d.value: {
                            "current": [_WORKSHEET_STRENGTH] if d is LifeDomain.SOCIAL_SUPPORTS else [],
                            "aspiration": [],
                            "past_resource": [],
                        }
                        for d in LifeDomain
                    },
                    "quality": {
                        "complete": False,
                        "missing_domains": [
                            d.value for d in LifeDomain if d is not LifeDomain.SOCIAL_SUPPORTS
                        ],
                        "domains_without_external": [
                            d.value for d in LifeDomain if d is not LifeDomain.SOCIAL_SUPPORTS
                        ],
                        "own_words_ratio": 1.0,
                        "last_updated": "2026-11-28T10:15:00.000000Z",
                        "days_since_update": 0,
                        "stale": False,
                        "stale_after_days": 90,
                    },
                }
            ]
        }
    )
    person_id: UUID
    as_of: str | None
    position: int | None = Field(
        default=None, description="Position of the last event of this person the answer includes."
    )
    last_updated: str | None
    domains: dict[LifeDomain, WorksheetRowPublic]
    quality: WorksheetQualityPublic


class ProfilePublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
                    "display_name": "Sam Okafor",
                    "team_id": "north",
                    "key_worker_id": "alice",
                    "external_ref": "EHR-12345",
                    "status": "active",
                    "registered_at": "2026-11-28T10:15:00.000000Z",
                    "working_agreement": {
                        "text": "We meet every two weeks at the library.",
                        "review_by": "2027-03-01",
                        "made_at": "2026-11-28T10:20:00.000000Z",
                    },
                    "values": {
                        "religion_spirituality": [
                            {
                                "id": "5a1c2f8e-7d1b-4c3a-9e2f-1b2c3d4e5f60",
                                "statement": "My faith keeps me going",
                                "in_own_words": True,
                                "approach": "conversational",
                                "recorded_at": "2026-11-28T10:15:00.000000Z",
                                "updated_at": "2026-11-28T10:15:00.000000Z",
                            }
                        ]
                    },
                    "declined_areas": [
                        {
                            "area": "sexuality",
                            "note": "Not for now",
                            "declined_at": "2026-11-28T10:20:00.000000Z",
                        }
                    ],
                    "treatment_preferences": [],
                    "narrative": [],
                    "life_maps": {},
                    "version": 4,
                }
            ]
        }
    )
    id: UUID
    display_name: str
    team_id: str
    key_worker_id: str | None
    external_ref: str | None
    status: PersonStatus
    registered_at: str
    working_agreement: WorkingAgreementPublic | None
    values: dict[VtpArea, list[ValuePublic]] = Field(description="Current values by VTP area.")
    declined_areas: list[DeclinedAreaPublic] = Field(
        description="Areas the person chose not to discuss: an answer, not a gap."
    )
    treatment_preferences: list[TreatmentPreferencePublic]
    narrative: list[NarrativeEntryPublic]
    life_maps: dict[LifeMapKind, LifeMapPublic]
    version: int
    as_of: str | None = Field(
        default=None, description="With `?as_of=`: the moment asked for; null for the live view."
    )
    position: int | None = Field(
        default=None, description="Position of the last event of this person the answer includes."
    )


class CaseloadItemPublic(BaseModel):
    id: UUID
    display_name: str
    team_id: str
    key_worker_id: str | None
    status: PersonStatus
    active_goals: int
    steps_due_soon: int = Field(description="Open steps due within 14 days, or overdue.")
    next_review_due: date | None
    review_overdue: bool
    last_activity_at: str


class CaseloadPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
                            "display_name": "Sam Okafor",
                            "team_id": "north",
                            "key_worker_id": "alice",
                            "status": "active",
                            "active_goals": 2,
                            "steps_due_soon": 1,
                            "next_review_due": "2027-02-28",
                            "review_overdue": False,
                            "last_activity_at": "2026-11-28T10:15:00.000000Z",
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
        description="When it happened (UTC); a back-dated review happened on the day it was held."
    )
    recorded_at: str = Field(description="When it was recorded (UTC).")
    type: str = Field(description="The event type, e.g. `StepCompleted`.")
    actor: ActorPublic
    summary: str
    goal_id: UUID | None = None
    step_id: UUID | None = None
    goal_ids: list[UUID] | None = Field(None, description="For a review: the goals it decided on.")
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
