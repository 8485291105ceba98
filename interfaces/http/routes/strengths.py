"""Working practice 2: strengths and the Strengths Worksheet with its quality report."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import Request, Response

from interfaces.http.deps import AsOfQuery, Commands, ReaderDep, VersionedCommands
from interfaces.http.responses import created, result
from interfaces.http.routing import Router
from interfaces.http.schemas import (
    CommandResult,
    IdentifyStrengthRequest,
    ReviseStrengthRequest,
    StrengthsWorksheetPublic,
)

router = Router(prefix="/api/v1/people/{person_id}", tags=["strengths"])


@router.create("/strengths")
def identify_strength(
    person_id: UUID, body: IdentifyStrengthRequest, commands: Commands, response: Response
) -> CommandResult:
    """Record a strength in the worksheet: life domain x column x resource (`StrengthIdentified`).

    `id` in the answer is the strength's id.
    """
    with commands.acting() as journeys:
        outcome = journeys.identify_strength(
            person_id,
            body.domain.value,
            body.column.value,
            body.resource.value,
            body.statement,
            body.in_own_words,
        )
    return created(response, outcome, f"/api/v1/people/{person_id}/strengths-worksheet")


@router.change("/strengths/{strength_id}", method="PUT")
def revise_strength(
    person_id: UUID,
    strength_id: UUID,
    body: ReviseStrengthRequest,
    commands: VersionedCommands,
) -> CommandResult:
    """Revise any of a strength's fields (`StrengthRevised`); the earlier words stay in the timeline."""
    with commands.acting() as journeys:
        return result(
            journeys.revise_strength(
                person_id,
                strength_id,
                expected_version=commands.expected_version,
                domain=body.domain.value if body.domain else None,
                column=body.column.value if body.column else None,
                resource=body.resource.value if body.resource else None,
                statement=body.statement,
                in_own_words=body.in_own_words,
            )
        )


@router.change("/strengths/{strength_id}", method="DELETE")
def remove_strength(person_id: UUID, strength_id: UUID, commands: VersionedCommands) -> CommandResult:
    """Remove a strength from the worksheet (`StrengthRemoved`); it stays in history and no longer counts."""
    with commands.acting() as journeys:
        return result(
            journeys.remove_strength(person_id, strength_id, expected_version=commands.expected_version)
        )


@router.query("/strengths-worksheet", StrengthsWorksheetPublic)
def strengths_worksheet(
    person_id: UUID, reader: ReaderDep, request: Request, as_of: AsOfQuery = None
) -> StrengthsWorksheetPublic:
    """The Strengths Worksheet (six life domains x current / aspiration / past resource) and a
    quality report after the manual's criteria: complete, in the person's own words, external
    resources in each domain, updated recently enough. With `as_of`, the worksheet as it stood
    then, its staleness judged on that day."""
    settings = request.app.state.runtime.settings
    answer = reader.views.strengths_worksheet(
        person_id,
        reader.actor,
        today=date.today(),
        stale_after_days=settings.strengths_stale_after_days,
        as_of=as_of,
    )
    return StrengthsWorksheetPublic.model_validate(answer)
