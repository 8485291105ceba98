"""People: registration, the caseload, the profile, key worker, team, agreement, discharge."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import Query, Request, Response

from domain.contracting import PARTS
from domain.vocabulary import PersonStatus
from interfaces.http.deps import AsOfQuery, Commands, ReaderDep, VersionedCommands
from interfaces.http.responses import created, etag, problems, result
from interfaces.http.routing import Router
from interfaces.http.schemas import (
    AgreeWorkingAgreementRequest,
    AssignKeyWorkerRequest,
    CaseloadPublic,
    CommandResult,
    DischargeRequest,
    PreferredNameRequest,
    ProfilePublic,
    RegisterPersonRequest,
    TransferRequest,
    WorkingAgreementRequest,
)
from interfaces.http.schemas.common import POSITION_LIMIT
from projections.queries import PAGE_DEFAULT, PAGE_MAX

router = Router(prefix="/api/v1/people", tags=["people"])


@router.create("")
def register_person(body: RegisterPersonRequest, commands: Commands, response: Response) -> CommandResult:
    """Register a person with a team (`PersonRegistered`). The caller must belong to that team."""
    with commands.acting() as journeys:
        outcome = journeys.register_person(
            body.display_name,
            body.team_id,
            body.key_worker_id,
            body.external_ref,
            preferred_name=body.preferred_name,
            pronouns=body.pronouns,
        )
    return created(response, outcome, f"/api/v1/people/{outcome.id}")


@router.get("", response_model=CaseloadPublic, responses=problems(401, 422, 503))
def caseload(
    reader: ReaderDep,
    request: Request,
    team_id: Annotated[str | None, Query(max_length=100)] = None,
    status: PersonStatus | None = None,
    review_overdue: bool | None = None,
    offset: Annotated[
        int, Query(ge=0, lt=POSITION_LIMIT, description="Skip this many people (from `next_offset`).")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX, description=f"At most {PAGE_MAX}.")] = PAGE_DEFAULT,
) -> CaseloadPublic:
    """The caseload: everyone in the caller's teams (or in `team_id`), by name, a page at a time
    (`next_offset` is null on the last page).

    `review_overdue=true` lists only people whose next review is past due, or who were never
    reviewed and registered longer ago than the first-review window (default 90 days);
    `steps_due_soon` counts open steps due within the configured window (default 14 days);
    `areas_to_explore` counts the VTP areas with neither a current value nor a decline;
    `agreement_review_due` flags a working agreement past its `review_by` date.
    """
    settings = request.app.state.runtime.settings
    answer = reader.views.caseload(
        reader.actor,
        today=date.today(),
        team_id=team_id,
        status=status.value if status else None,
        review_overdue=review_overdue,
        due_soon_days=settings.steps_due_soon_days,
        first_review_days=settings.first_review_days,
        offset=offset,
        limit=limit,
    )
    return CaseloadPublic.model_validate(answer)


@router.query("/{person_id}", ProfilePublic)
def profile(person_id: UUID, reader: ReaderDep, response: Response, as_of: AsOfQuery = None) -> ProfilePublic:
    """The person's profile. `ETag` carries the person's version for `If-Match`.
    With `as_of`, the profile as it stood then (and no `ETag`: it is not the current version)."""
    answer = reader.views.profile(person_id, reader.actor, as_of=as_of)
    if as_of is None:
        etag(response, answer["version"])
    return ProfilePublic.model_validate(answer)


@router.change("/{person_id}/key-worker")
def assign_key_worker(
    person_id: UUID, body: AssignKeyWorkerRequest, commands: VersionedCommands
) -> CommandResult:
    """Assign the person's key worker (`KeyWorkerAssigned`)."""
    with commands.acting() as journeys:
        return result(
            journeys.assign_key_worker(person_id, body.worker_id, expected_version=commands.expected_version)
        )


@router.change("/{person_id}/transfer")
def transfer(person_id: UUID, body: TransferRequest, commands: VersionedCommands) -> CommandResult:
    """Move the person to another team (`PersonTransferred`). Access follows the new team."""
    with commands.acting() as journeys:
        return result(
            journeys.transfer_person(person_id, body.team_id, expected_version=commands.expected_version)
        )


@router.change("/{person_id}/discharge")
def discharge(person_id: UUID, body: DischargeRequest, commands: VersionedCommands) -> CommandResult:
    """Discharge the person (`PersonDischarged`); their journey becomes read-only."""
    with commands.acting() as journeys:
        return result(
            journeys.discharge_person(person_id, body.reason, expected_version=commands.expected_version)
        )


@router.change("/{person_id}/working-agreement", method="PUT")
def working_agreement(
    person_id: UUID,
    body: WorkingAgreementRequest,
    commands: VersionedCommands,
) -> CommandResult:
    """Record how the person and worker agree to work together (`WorkingAgreementMade`): dynamic
    contracting (manual, 2.6), made again whole whenever it is reviewed; earlier ones stay in `history`.

    Give `text`, the manual's parts (`expectations`, `how_we_work`, `differences`,
    `practicalities`), or both (`422` naming `text` when none is given).
    `agreed_by_person` with `agreed_on` (default today) records that the person agreed.
    """
    with commands.acting() as journeys:
        return result(
            journeys.make_working_agreement(
                person_id,
                body.text,
                body.review_by,
                parts={name: getattr(body, name) for name in PARTS},
                agreed_by_person=body.agreed_by_person,
                agreed_on=body.agreed_on,
                expected_version=commands.expected_version,
            )
        )


@router.change("/{person_id}/working-agreement/agreement")
def agree_working_agreement(
    person_id: UUID, body: AgreeWorkingAgreementRequest, commands: VersionedCommands
) -> CommandResult:
    """Record that the person agreed to the working agreement as it stands (`WorkingAgreementAgreed`).

    `409` `no_working_agreement` before one is made; `409` `no_change` if the person
    already agreed to it. Making the agreement again asks for their agreement again.
    """
    with commands.acting() as journeys:
        return result(
            journeys.agree_working_agreement(
                person_id, body.agreed_on, expected_version=commands.expected_version
            )
        )


@router.change("/{person_id}/preferred-name", method="PUT")
def preferred_name(person_id: UUID, body: PreferredNameRequest, commands: VersionedCommands) -> CommandResult:
    """Record the name the person wants to be called and their pronouns, in their own words
    (`PreferredNameRecorded`). The body is the whole answer: a field left out or null is cleared.
    Earlier answers stay in the history."""
    with commands.acting() as journeys:
        return result(
            journeys.record_preferred_name(
                person_id, body.preferred_name, body.pronouns, expected_version=commands.expected_version
            )
        )
