"""Working practice 2: strengths and the Strengths Worksheet with its quality report."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import Request, Response

from interfaces.http.deps import AsOfQuery, Commands, ReaderDep, VersionedCommands
from interfaces.http.responses import created, result
from interfaces.http.routing import Router
from interfaces.http.schemas import (
    AgreeStrengthsWorksheetRequest,
    CommandResult,
    IdentifyStrengthRequest,
    ReviewStrengthsDomainRequest,
    ReviseStrengthRequest,
    StrengthsWorksheetPublic,
)

router = Router(prefix="/api/v1/people/{person_id}", tags=["strengths"])


@router.create("/strengths")
def identify_strength(
    person_id: UUID, body: IdentifyStrengthRequest, commands: Commands, response: Response
) -> CommandResult:
    """Record a strength in the worksheet: row x column x resource (`StrengthIdentified`).

    The row is one of the six life domains or `anything_else`. `id` in the answer is the strength's id.
    """
    with commands.acting() as journeys:
        outcome = journeys.identify_strength(
            person_id,
            body.domain.value,
            body.column.value,
            body.resource.value,
            body.statement,
            body.in_own_words,
            body.written_by.value if body.written_by else None,
        )
    return created(response, outcome, f"/api/v1/people/{person_id}/strengths-worksheet")


@router.change("/strengths/{strength_id}", method="PUT")
def revise_strength(
    person_id: UUID,
    strength_id: UUID,
    body: ReviseStrengthRequest,
    commands: VersionedCommands,
) -> CommandResult:
    """Revise any of a strength's fields (`StrengthRevised`); the earlier words stay in the timeline.

    `written_by` says who wrote the revision: revised words whose writer is not said leave the
    strength's writer unknown."""
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
                written_by=body.written_by.value if body.written_by else None,
            )
        )


@router.change("/strengths/{strength_id}", method="DELETE")
def remove_strength(person_id: UUID, strength_id: UUID, commands: VersionedCommands) -> CommandResult:
    """Remove a strength from the worksheet (`StrengthRemoved`); it stays in history and no longer counts."""
    with commands.acting() as journeys:
        return result(
            journeys.remove_strength(person_id, strength_id, expected_version=commands.expected_version)
        )


@router.change("/strengths-worksheet/domain-reviews")
def review_strengths_domain(
    person_id: UUID, body: ReviewStrengthsDomainRequest, commands: VersionedCommands
) -> CommandResult:
    """Record that one row of the worksheet was gone through with the person, changed or not
    (`StrengthsDomainReviewed`): the row counts as up to date from then."""
    with commands.acting() as journeys:
        return result(
            journeys.review_strengths_domain(
                person_id, body.domain.value, body.note, expected_version=commands.expected_version
            )
        )


@router.change("/strengths-worksheet/agreement")
def agree_strengths_worksheet(
    person_id: UUID, body: AgreeStrengthsWorksheetRequest, commands: VersionedCommands
) -> CommandResult:
    """Record that the worksheet was agreed with the person, when and by whom (`WorksheetAgreed`).

    Every row counts as reviewed on that day. A strength changed afterwards makes the agreement
    due for renewal. `409` (`worksheet_empty`) while the worksheet holds no current strength.
    """
    with commands.acting() as journeys:
        return result(
            journeys.agree_strengths_worksheet(
                person_id,
                body.agreed_on,
                body.participants,
                body.note,
                expected_version=commands.expected_version,
            )
        )


@router.query("/strengths-worksheet", StrengthsWorksheetPublic)
def strengths_worksheet(
    person_id: UUID, reader: ReaderDep, request: Request, as_of: AsOfQuery = None
) -> StrengthsWorksheetPublic:
    """The Strengths Worksheet (six life domains and the "anything else" row x current /
    aspiration / past resource), each row with its own last update, the latest agreement with the
    person, and a quality report after the manual's criteria (4.3): complete, in the person's own
    words, written by the person, external resources and skills in each domain, agreed, and up to
    date domain by domain, each with what is missing in words. With `as_of`, the worksheet as it
    stood then, its currency judged on that day."""
    settings = request.app.state.runtime.settings
    answer = reader.views.strengths_worksheet(
        person_id,
        reader.actor,
        today=date.today(),
        stale_after_days=settings.strengths_stale_after_days,
        as_of=as_of,
    )
    return StrengthsWorksheetPublic.model_validate(answer)
