"""Steps: read, start, complete, drop, reschedule, change mode, link to treatment preferences."""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from interfaces.http.deps import ReaderDep, VersionedCommands
from interfaces.http.responses import etag, result
from interfaces.http.routing import Router
from interfaces.http.schemas import (
    ChangeModeRequest,
    CommandResult,
    DropStepRequest,
    LinkStepRequest,
    NoteRequest,
    RescheduleStepRequest,
    StepDetailPublic,
)

router = Router(prefix="/api/v1/steps", tags=["steps"])


@router.query("/{step_id}", StepDetailPublic)
def read_step(step_id: UUID, reader: ReaderDep, response: Response) -> StepDetailPublic:
    """The step. `ETag` carries its version for `If-Match`."""
    answer = reader.views.step(step_id, reader.actor)
    etag(response, answer["version"])
    return StepDetailPublic.model_validate(answer)


@router.change("/{step_id}/start")
def start(step_id: UUID, commands: VersionedCommands, body: NoteRequest | None = None) -> CommandResult:
    """Start a planned step (`StepStarted`)."""
    with commands.acting() as journeys:
        return result(
            journeys.start_step(
                step_id, body.note if body else None, expected_version=commands.expected_version
            )
        )


@router.change("/{step_id}/complete")
def complete(step_id: UUID, commands: VersionedCommands, body: NoteRequest | None = None) -> CommandResult:
    """Complete a planned or started step (`StepCompleted`). Dropped or completed steps: `409`."""
    with commands.acting() as journeys:
        return result(
            journeys.complete_step(
                step_id, body.note if body else None, expected_version=commands.expected_version
            )
        )


@router.change("/{step_id}/drop")
def drop(step_id: UUID, body: DropStepRequest, commands: VersionedCommands) -> CommandResult:
    """Drop a planned or started step, saying why and of what kind (`StepDropped`; `kind`
    `other` when left out). The review pack files it by kind: only `not_working` got stuck."""
    with commands.acting() as journeys:
        return result(
            journeys.drop_step(
                step_id, body.reason, body.kind.value, expected_version=commands.expected_version
            )
        )


@router.change("/{step_id}/reschedule")
def reschedule(step_id: UUID, body: RescheduleStepRequest, commands: VersionedCommands) -> CommandResult:
    """Move the step's due date (`StepRescheduled`), before it is completed or dropped."""
    with commands.acting() as journeys:
        return result(journeys.reschedule_step(step_id, body.due, expected_version=commands.expected_version))


@router.change("/{step_id}/mode")
def change_mode(step_id: UUID, body: ChangeModeRequest, commands: VersionedCommands) -> CommandResult:
    """Change who takes the step (`StepModeChanged`), e.g. passive → joint as the person takes it on."""
    with commands.acting() as journeys:
        return result(
            journeys.change_step_mode(
                step_id, body.mode.value, body.with_whom, expected_version=commands.expected_version
            )
        )


@router.change("/{step_id}/links")
def link(step_id: UUID, body: LinkStepRequest, commands: VersionedCommands) -> CommandResult:
    """Link an open step to treatment preferences that shape how the person takes it.

    Writes `StepLinkedToPreference` for each new link; each must be a current treatment
    preference of the same person (`422` names the offending one).
    """
    with commands.acting() as journeys:
        return result(
            journeys.link_step(step_id, body.preference_ids, expected_version=commands.expected_version)
        )
