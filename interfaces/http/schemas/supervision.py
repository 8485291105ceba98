"""Supervision: notes beside the journey, replay frames and care-plan differences."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.vocabulary import (
    StepStatus,
)
from interfaces.http.schemas.checks import Outcome as CheckOutcome
from interfaces.http.schemas.common import POSITION_LIMIT, ActorPublic, Note, Request, _example

# Supervision


class AddSupervisionNoteRequest(Request):
    model_config = _example(
        position=57,
        text="Here the plan became passive: what stopped Sam taking this step on with her sister?",
    )
    position: int = Field(
        ge=1, lt=POSITION_LIMIT, description="The position of the person's event the note reflects on."
    )
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
    outcome: CheckOutcome = Field(description="`met`, `not_met` or `not_applicable`, as in the care plan.")
    was_outcome: CheckOutcome | None = Field(description="Null when the plan did not exist before.")
    detail: str


class PlanChangesPublic(BaseModel):
    goals: list[GoalChangePublic]
    checks: list[CheckChangePublic] = Field(
        description="Checks whose outcome changed (met, not met, not applicable)."
    )
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
            "outcome": "not_met",
            "was_outcome": "met",
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
