"""Supervision: replay a journey, compare two moments, and pin notes to its events."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import Query, Response
from fastapi.responses import StreamingResponse

from interfaces.http.deps import Commands, ReaderDep, VersionedCommands
from interfaces.http.errors import FieldError
from interfaces.http.responses import QUERY_PROBLEMS, created, problems, result
from interfaces.http.routing import Router
from interfaces.http.schemas import (
    AddSupervisionNoteRequest,
    CarePlanDiffPublic,
    CommandResult,
    ReplayFramePublic,
    ReviseSupervisionNoteRequest,
    SupervisionNotesPublic,
)
from interfaces.http.schemas.common import IsoMoment
from projections import json_text

router = Router(prefix="/api/v1/people/{person_id}", tags=["supervision"])

NDJSON = "application/x-ndjson"


class NDJSONResponse(StreamingResponse):
    media_type = NDJSON


#: A chunk of frames is sent once it is this old or this large; the first frame goes out on its
#: own, at once. The response pulls each chunk through a worker thread, and each hop hands the
#: GIL between threads: large chunks mean few hops for a long replay.
_CHUNK_SECONDS = 0.05
_CHUNK_CHARS = 256 * 1024


def _lines(frames: Iterator[dict[str, Any]]) -> Iterator[str]:
    chunk: list[str] = []
    size = 0
    sent = 0.0
    for frame in frames:
        line = json_text.dumps(frame) + "\n"
        chunk.append(line)
        size += len(line)
        now = time.monotonic()
        if now - sent >= _CHUNK_SECONDS or size >= _CHUNK_CHARS:
            yield "".join(chunk)
            chunk, size, sent = [], 0, now
    if chunk:
        yield "".join(chunk)


@router.get(
    "/replay",
    response_class=NDJSONResponse,
    responses={
        200: {"model": ReplayFramePublic, "description": "One JSON frame per line (`application/x-ndjson`)."},
        **problems(*QUERY_PROBLEMS),
    },
)
def replay(
    person_id: UUID,
    reader: ReaderDep,
    since: Annotated[IsoMoment | None, Query(description="Frames of events at or after this time.")] = None,
    until: Annotated[IsoMoment | None, Query(description="Frames of events at or before this time.")] = None,
) -> NDJSONResponse:
    """The journey as it unfolded: one frame per event, in order, each with its actor, time and
    summary and what it changed in the care plan (goals and steps added, changed or closed;
    checks that flipped). Frames stream as they are computed. Supervision notes pinned to an
    event ride along in its frame (not for integrations)."""
    frames = reader.views.replay(person_id, reader.actor, since=since, until=until)
    return NDJSONResponse(_lines(frames))


@router.query("/care-plan/diff", CarePlanDiffPublic)
def care_plan_diff(
    person_id: UUID,
    reader: ReaderDep,
    start: Annotated[IsoMoment, Query(alias="from", description="The earlier moment.")],
    end: Annotated[
        IsoMoment | None, Query(alias="to", description="The later moment (default: now).")
    ] = None,
) -> CarePlanDiffPublic:
    """What changed in the care plan between two moments, goal by goal: goals added, changed
    (fields `{from, to}`, steps added or changed) or closed, and the checks that flipped.
    `404` if the person was not registered yet at `to`."""
    end = end or datetime.now(UTC)
    if start > end:
        raise FieldError("from", "must not be after `to`")
    return CarePlanDiffPublic.model_validate(reader.views.care_plan_diff(person_id, reader.actor, start, end))


@router.create("/supervision-notes")
def add_supervision_note(
    person_id: UUID, body: AddSupervisionNoteRequest, commands: Commands, response: Response
) -> CommandResult:
    """Pin a supervision note to one of the person's events (`SupervisionNoteAdded`): `position`
    is the event's position, from the replay or the timeline (`422` if it is not one of this
    person's). Workers and supervisors of the person's team may write; integrations get `403`.
    Notes never appear in the care plan, the timeline, the caseload or the event feed."""
    with commands.acting() as journeys:
        outcome = journeys.add_supervision_note(person_id, body.position, body.text)
    return created(response, outcome, f"/api/v1/people/{person_id}/supervision-notes")


@router.get(
    "/supervision-notes",
    response_model=SupervisionNotesPublic,
    responses=problems(401, 403, 404, 422, 503),
)
def supervision_notes(person_id: UUID, reader: ReaderDep) -> SupervisionNotesPublic:
    """The supervision notes on this journey, by the position they are pinned to, each with its
    author, time and history. For the team's workers, supervisors and admins; integrations get `403`."""
    return SupervisionNotesPublic.model_validate(reader.views.supervision_notes(person_id, reader.actor))


@router.change("/supervision-notes/{note_id}", method="PUT")
def revise_supervision_note(
    person_id: UUID,
    note_id: UUID,
    body: ReviseSupervisionNoteRequest,
    commands: VersionedCommands,
) -> CommandResult:
    """Revise a note's text (`SupervisionNoteRevised`); only its author may. Earlier text stays in
    its history."""
    with commands.acting() as journeys:
        return result(
            journeys.revise_supervision_note(
                person_id, note_id, body.text, expected_version=commands.expected_version
            )
        )


@router.change("/supervision-notes/{note_id}", method="DELETE")
def retract_supervision_note(person_id: UUID, note_id: UUID, commands: VersionedCommands) -> CommandResult:
    """Retract a note (`SupervisionNoteRetracted`); only its author may. It stays, marked retracted."""
    with commands.acting() as journeys:
        return result(
            journeys.retract_supervision_note(person_id, note_id, expected_version=commands.expected_version)
        )
