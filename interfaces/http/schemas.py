"""Request and response shapes of the HTTP API; separate from the domain on purpose."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain import text as limits
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
    ReviewDecision,
    StepMode,
    StepStatus,
    VtpArea,
    WorksheetColumn,
)

# The domain's text rules (not blank, no NUL; references in their alphabet), published as patterns.
Name = Annotated[str, Field(min_length=1, max_length=limits.NAME_MAX_CHARS, pattern=limits.TEXT_PATTERN)]
Statement = Annotated[
    str, Field(min_length=1, max_length=limits.STATEMENT_MAX_CHARS, pattern=limits.TEXT_PATTERN)
]
Note = Annotated[str, Field(min_length=1, max_length=limits.NOTE_MAX_CHARS, pattern=limits.TEXT_PATTERN)]
Reference = Annotated[
    str, Field(min_length=1, max_length=limits.REFERENCE_MAX_CHARS, pattern=limits.REFERENCE_PATTERN)
]
WithWhom = Annotated[list[Name], Field(max_length=limits.WITH_WHOM_MAX_ITEMS)]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _example(**example: Any) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [example]})


# Commands


class CommandResult(BaseModel):
    """What a command changed: the aggregate, its new version and the last event's position."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"id": "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10", "version": 2, "position": 41}]
        }
    )
    id: UUID
    version: int
    position: int = Field(description="Pass as `min_position` to a query to read this write elsewhere.")


class RegisterPersonRequest(Request):
    model_config = _example(
        display_name="Sam Okafor", team_id="north", key_worker_id="alice", external_ref="EHR-12345"
    )
    display_name: Name
    team_id: Reference
    key_worker_id: Reference | None = None
    external_ref: Reference | None = None


class AssignKeyWorkerRequest(Request):
    model_config = _example(worker_id="bob")
    worker_id: Reference


class TransferRequest(Request):
    model_config = _example(team_id="south")
    team_id: Reference


class DischargeRequest(Request):
    model_config = _example(reason="Moved out of the area; handed over to the local team.")
    reason: Note


class WorkingAgreementRequest(Request):
    model_config = _example(
        text="We meet every two weeks at the library. If we disagree we talk it through at the next meeting.",
        review_by="2027-03-01",
    )
    text: Note
    review_by: date | None = None


class IdentifyGoalRequest(Request):
    model_config = _example(
        statement="I want to dance again",
        identified_by="person",
        orientation="approach",
        life_domain="occupational",
        responsibility="person",
        in_own_words=True,
        target_date="2027-06-30",
    )
    statement: Statement
    identified_by: IdentifiedBy
    orientation: Orientation
    life_domain: LifeDomain
    responsibility: Responsibility = Field(description="The person's or shared: never the worker's alone.")
    in_own_words: bool = True
    value_ids: Annotated[list[UUID], Field(max_length=50)] = []
    strength_ids: Annotated[list[UUID], Field(max_length=50)] = []
    target_date: date | None = None


class ReframeGoalRequest(Request):
    model_config = _example(statement="I want to feel fit enough to dance", orientation="approach")
    statement: Statement
    orientation: Orientation


class ReviseGoalRequest(Request):
    model_config = _example(statement="I want to dance every week", target_date="2027-09-30")
    statement: Statement | None = None
    life_domain: LifeDomain | None = None
    responsibility: Responsibility | None = None
    target_date: date | None = Field(None, description="`null` clears the target date.")


class LinkGoalRequest(Request):
    model_config = _example(value_ids=["5a1c2f8e-7d1b-4c3a-9e2f-1b2c3d4e5f60"], strength_ids=[])
    value_ids: Annotated[list[UUID], Field(max_length=50)] = []
    strength_ids: Annotated[list[UUID], Field(max_length=50)] = []


class GrowRequest(Request):
    model_config = _example(
        goal="Dancing at my cousin's wedding in June",
        reality="I get breathless after ten minutes",
        options="A beginners' class; dancing at home with my sister",
        wrap_up="Ask my sister on Sunday",
    )
    goal: Statement | None = None
    reality: Statement | None = None
    options: Statement | None = None
    wrap_up: Statement | None = None


class NoteRequest(Request):
    model_config = _example(note="Talked it through at home.")
    note: Note | None = None


class DiscontinueRequest(Request):
    model_config = _example(reason="The person chose to put their energy into another goal.")
    reason: Note


class PlanStepRequest(Request):
    model_config = _example(
        description="Go to the Tuesday beginners' class", mode="joint", with_whom=["sister"], due="2026-12-08"
    )
    description: Statement
    mode: StepMode
    with_whom: WithWhom = []
    due: date | None = None


class DropStepRequest(Request):
    model_config = _example(reason="The class closed for the winter.")
    reason: Note


class RescheduleStepRequest(Request):
    model_config = _example(due="2026-12-15")
    due: date


class ChangeModeRequest(Request):
    model_config = _example(mode="joint", with_whom=["support worker"])
    mode: StepMode
    with_whom: WithWhom = []


class RecordValueRequest(Request):
    model_config = _example(
        area="religion_spirituality",
        statement="My faith keeps me going; Friday prayers matter to me",
        in_own_words=True,
        approach="conversational",
    )
    area: VtpArea
    statement: Statement
    in_own_words: bool
    approach: Approach


class ReviseValueRequest(Request):
    model_config = _example(statement="Prayer with my family on Fridays is what keeps me going")
    statement: Statement
    in_own_words: bool | None = None
    approach: Approach | None = None


class DeclineAreaRequest(Request):
    model_config = _example(area="sexuality", note="Sam would rather not talk about this.")
    area: VtpArea
    note: Note | None = None


class TreatmentPreferenceRequest(Request):
    model_config = _example(
        statement="I'd rather talk things through before any change to my medication",
        area="treatment_preferences",
        in_own_words=True,
    )
    statement: Statement
    area: VtpArea | None = None
    in_own_words: bool = True


class NarrativeRequest(Request):
    model_config = _example(
        text="When I was at college I used to dance every weekend...", themes=["dance", "college"]
    )
    text: Note
    themes: Annotated[list[Name], Field(max_length=limits.THEMES_MAX_ITEMS)] = []


class LifeMapEntry(Request):
    label: Name
    detail: Statement | None = None
    group: Statement | None = None
    when: Statement | None = None


class LifeMapRequest(Request):
    model_config = _example(
        entries=[
            {"label": "My sister", "detail": "We talk every day", "group": "family"},
            {"label": "Choir", "group": "community", "when": "Thursdays"},
        ]
    )
    entries: Annotated[list[LifeMapEntry], Field(max_length=limits.LIFE_MAP_MAX_ENTRIES)]


class IdentifyStrengthRequest(Request):
    model_config = _example(
        domain="social_supports",
        column="current",
        resource="external",
        statement="My sister lives nearby and I see her every week",
        in_own_words=True,
    )
    domain: LifeDomain
    column: WorksheetColumn
    resource: Resource
    statement: Statement
    in_own_words: bool


class ReviseStrengthRequest(Request):
    model_config = _example(column="past_resource", statement="I used to sing in the church choir")
    domain: LifeDomain | None = None
    column: WorksheetColumn | None = None
    resource: Resource | None = None
    statement: Statement | None = None
    in_own_words: bool | None = None


class GoalDecisionRequest(Request):
    goal_id: UUID
    decision: ReviewDecision
    note: Note | None = Field(None, description="Required when the decision is `discontinue`: say why.")


class HoldReviewRequest(Request):
    model_config = _example(
        held_on="2026-11-20",
        participants=["Sam", "alice (care coordinator)", "Sam's sister"],
        summary="Sam has been to two classes and wants to keep going; sleep is better.",
        goal_decisions=[
            {"goal_id": "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10", "decision": "continue", "note": "Keep going"},
            {
                "goal_id": "1c7f5a1f-9a3c-4b8f-8b64-4a2a1d3e0b21",
                "decision": "achieved",
                "note": "Cooked for four",
            },
        ],
        next_review_due="2027-02-20",
    )
    held_on: date = Field(description="When the review took place; may be in the past, never in the future.")
    participants: Annotated[list[Name], Field(max_length=limits.PARTICIPANTS_MAX_ITEMS)]
    summary: Note
    goal_decisions: Annotated[list[GoalDecisionRequest], Field(max_length=limits.DECISIONS_MAX_ITEMS)]
    next_review_due: date


# Queries


class CheckPublic(BaseModel):
    ok: bool
    detail: str


class ChecksPublic(BaseModel):
    personally_valued_goals: CheckPublic
    reflects_values: CheckPublic
    builds_on_strengths: CheckPublic
    independent_or_joint_action: CheckPublic


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
    "checks": {
        "personally_valued_goals": {
            "ok": True,
            "detail": "The goal was identified by the person or jointly.",
        },
        "reflects_values": {"ok": False, "detail": "No value of the person is linked to any goal yet: ..."},
        "builds_on_strengths": {
            "ok": False,
            "detail": "No strength of the person is linked to any goal yet: ...",
        },
        "independent_or_joint_action": {"ok": False, "detail": "No open steps on active goals: ..."},
    },
    "next_review_due": "2027-02-28",
}


class CarePlanPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_CARE_PLAN_EXAMPLE]})
    person_id: UUID
    as_of: str | None = Field(description="Null: the care plan as it stands now.")
    position: int = Field(description="Position of the last event of this person the plan includes.")
    goals: list[GoalPublic] = Field(description="Active and paused goals only.")
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


class ActorPublic(BaseModel):
    subject: str
    role: Literal["worker", "supervisor", "integration", "admin"]


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


# Supervision


class AddSupervisionNoteRequest(Request):
    model_config = _example(
        position=57,
        text="Here the plan became passive: what stopped Sam taking this step on with her sister?",
    )
    position: int = Field(ge=1, description="The position of the person's event the note reflects on.")
    text: Note


class ReviseSupervisionNoteRequest(Request):
    model_config = _example(text="Revisited in the next supervision: agreed to ask Sam at the review.")
    text: Note


class NoteHistoryPublic(BaseModel):
    at: str
    actor: ActorPublic
    change: Literal["added", "revised", "retracted"]
    position: int = Field(description="Position of the note's own event.")
    text: str | None = None
    reason: str | None = None


_NOTE_EXAMPLE: dict[str, Any] = {
    "id": "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f60718",
    "person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
    "position": 57,
    "author": {"subject": "sue", "role": "supervisor"},
    "text": "Here the plan became passive: what stopped Sam taking this step on with her sister?",
    "status": "current",
    "added_at": "2026-12-02T14:00:00.000000Z",
    "updated_at": "2026-12-02T14:00:00.000000Z",
    "version": 1,
    "history": [
        {
            "at": "2026-12-02T14:00:00.000000Z",
            "actor": {"subject": "sue", "role": "supervisor"},
            "change": "added",
            "position": 63,
            "text": "Here the plan became passive: what stopped Sam taking this step on with her sister?",
        }
    ],
}


class SupervisionNotePublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_NOTE_EXAMPLE]})
    id: UUID
    person_id: UUID
    position: int = Field(description="The position of the person's event the note is pinned to.")
    author: ActorPublic
    text: str
    status: Literal["current", "retracted"]
    added_at: str
    updated_at: str
    version: int
    history: list[NoteHistoryPublic] = Field(description="Every version of the note, oldest first.")


class SupervisionNotesPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4", "items": [_NOTE_EXAMPLE]}]
        }
    )
    person_id: UUID
    items: list[SupervisionNotePublic] = Field(description="By the position they are pinned to.")


class FieldChangePublic(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: Any = Field(alias="from")
    to: Any


class StepChangePublic(BaseModel):
    id: UUID
    description: str
    change: Literal["added", "changed"]
    status: StepStatus
    fields: dict[str, FieldChangePublic] = Field(description="Changed fields, each `{from, to}`.")


class GoalChangePublic(BaseModel):
    id: UUID
    statement: str
    change: Literal["added", "changed", "closed"] = Field(
        description="`closed`: the goal left the plan (`status` says achieved or discontinued)."
    )
    status: str
    fields: dict[str, FieldChangePublic] = Field(description="Changed fields, each `{from, to}`.")
    steps: list[StepChangePublic]


class CheckChangePublic(BaseModel):
    check: Literal[
        "personally_valued_goals", "reflects_values", "builds_on_strengths", "independent_or_joint_action"
    ]
    ok: bool
    was_ok: bool | None = Field(description="Null when the plan did not exist before.")
    detail: str


class PlanChangesPublic(BaseModel):
    goals: list[GoalChangePublic]
    checks: list[CheckChangePublic] = Field(description="Checks that flipped, ok to not ok or back.")
    next_review_due: FieldChangePublic | None = Field(
        default=None, description="`{from, to}` when the next review date changed."
    )


_CHANGES_EXAMPLE: dict[str, Any] = {
    "goals": [
        {
            "id": "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10",
            "statement": "I want to dance again",
            "change": "changed",
            "status": "active",
            "fields": {
                "progress": {"from": {"completed": 0, "total": 1}, "to": {"completed": 1, "total": 1}}
            },
            "steps": [
                {
                    "id": "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b",
                    "description": "Go to the Tuesday beginners' class",
                    "change": "changed",
                    "status": "completed",
                    "fields": {"status": {"from": "started", "to": "completed"}},
                }
            ],
        }
    ],
    "checks": [
        {
            "check": "independent_or_joint_action",
            "ok": False,
            "was_ok": True,
            "detail": "No open steps on active goals: agree a first step ...",
        }
    ],
    "next_review_due": None,
}


class ReplayFramePublic(BaseModel):
    """One frame of a replay: one event, and what it changed in the care plan."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "position": 57,
                    "at": "2026-11-28T10:15:00.000000Z",
                    "type": "StepCompleted",
                    "actor": {"subject": "alice", "role": "worker"},
                    "summary": "Step completed: “Go to the Tuesday beginners' class”",
                    "goal_id": "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10",
                    "step_id": "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b",
                    "changes": _CHANGES_EXAMPLE,
                    "notes": [_NOTE_EXAMPLE],
                }
            ]
        }
    )
    position: int
    at: str
    type: str
    actor: ActorPublic
    summary: str
    goal_id: UUID | None
    step_id: UUID | None
    changes: PlanChangesPublic
    notes: list[SupervisionNotePublic] = Field(
        description="Supervision notes pinned to this event (never shown to integrations)."
    )


class CarePlanDiffPublic(PlanChangesPublic):
    model_config = ConfigDict(
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {
                    "person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
                    "from": "2026-11-01T00:00:00.000000Z",
                    "to": "2026-12-01T00:00:00.000000Z",
                    "from_position": 12,
                    "to_position": 57,
                    **_CHANGES_EXAMPLE,
                }
            ]
        },
    )
    person_id: UUID
    from_: str = Field(alias="from")
    to: str
    from_position: int | None = Field(description="Null when the person was not registered yet at `from`.")
    to_position: int


class PackStepPublic(BaseModel):
    id: UUID
    description: str
    mode: StepMode
    at: str
    note: str | None = None
    reason: str | None = None


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


class NamedGoalPublic(BaseModel):
    id: UUID
    statement: str


class PackPeriodPublic(BaseModel):
    steps: PackStepCountsPublic
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
    got_stuck: list[str] = Field(description="Dropped, overdue, often rescheduled, or no activity.")
    revisit: list[str] = Field(
        description="Goals to revisit: paused, avoidance, worker-identified, unlinked."
    )


_STEP_COUNTS: dict[str, Any] = {"independent": 1, "joint": 1, "passive": 0}


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
                    },
                }
            ]
        }
    )
    person_id: UUID
    since: str = Field(description="Start of the period: the last review, or `since`.")
    until: date
    last_review: ReviewPublic | None
    next_review_due: date | None
    review_overdue: bool
    goals: list[PackGoalPublic] = Field(description="Open goals, and goals closed during the period.")
    period: PackPeriodPublic
    working_agreement: PackAgreementPublic | None = Field(
        description="Shown when changed in the period or due."
    )
    prompts: PromptsPublic


class HealthPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "ok", "store": "sqlite", "position": 57}]}
    )
    status: Literal["ok"]
    store: str
    position: int


class ProblemField(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """An error, as RFC 9457 problem details."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "/problems/rule-violation",
                    "title": "Not allowed now",
                    "status": 409,
                    "detail": "cannot complete a step that is dropped: it must be planned or started",
                    "rule": "step_status",
                }
            ]
        }
    )
    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemField] | None = None
    rule: str | None = None
    current_version: int | None = None
