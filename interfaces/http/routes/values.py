"""Working practice 1: values, declined areas, treatment preferences, narrative, life maps."""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from domain.vocabulary import LifeMapKind
from interfaces.http.deps import Commands, VersionedCommands
from interfaces.http.responses import created, result
from interfaces.http.routing import Router
from interfaces.http.schemas import (
    CommandResult,
    DeclineAreaRequest,
    LifeMapRequest,
    NarrativeRequest,
    RecordValueRequest,
    ReviseNarrativeRequest,
    ReviseTreatmentPreferenceRequest,
    ReviseValueRequest,
    TreatmentPreferenceRequest,
)

router = Router(prefix="/api/v1/people/{person_id}", tags=["values and treatment preferences"])


@router.create("/values")
def record_value(
    person_id: UUID, body: RecordValueRequest, commands: Commands, response: Response
) -> CommandResult:
    """Record something that matters to the person in one of the ten VTP areas (`ValueRecorded`).

    `id` in the answer is the value's id. Recording a value in an area the person
    had declined ends the decline.
    """
    with commands.acting() as journeys:
        outcome = journeys.record_value(
            person_id,
            body.area.value,
            body.statement,
            body.in_own_words,
            body.approach.value,
            body.written_by.value if body.written_by else None,
        )
    return created(response, outcome, f"/api/v1/people/{person_id}")


@router.change("/values/{value_id}", method="PUT")
def revise_value(
    person_id: UUID,
    value_id: UUID,
    body: ReviseValueRequest,
    commands: VersionedCommands,
) -> CommandResult:
    """Revise a value as the person's view changes (`ValueRevised`).

    New words must say whether they are the person's own (`in_own_words`, `422` otherwise);
    changing only the approach may leave it out. What was said before stays in the history.
    """
    with commands.acting() as journeys:
        return result(
            journeys.revise_value(
                person_id,
                value_id,
                body.statement,
                body.in_own_words,
                body.approach.value if body.approach else None,
                body.written_by.value if body.written_by else None,
                expected_version=commands.expected_version,
            )
        )


@router.change("/values/{value_id}", method="DELETE")
def withdraw_value(person_id: UUID, value_id: UUID, commands: VersionedCommands) -> CommandResult:
    """Withdraw a value (`ValueWithdrawn`).

    It leaves the profile and no longer counts for goals, but stays in the history.
    """
    with commands.acting() as journeys:
        return result(
            journeys.withdraw_value(person_id, value_id, expected_version=commands.expected_version)
        )


@router.change("/declined-areas")
def decline_area(person_id: UUID, body: DeclineAreaRequest, commands: VersionedCommands) -> CommandResult:
    """Record that the person chose not to discuss an area (`AreaDeclined`).

    A real answer, not missing data.
    """
    with commands.acting() as journeys:
        return result(
            journeys.decline_area(
                person_id, body.area.value, body.note, expected_version=commands.expected_version
            )
        )


@router.create("/treatment-preferences")
def record_treatment_preference(
    person_id: UUID, body: TreatmentPreferenceRequest, commands: Commands, response: Response
) -> CommandResult:
    """Record what help the person wants and how they want workers to work with them.

    Writes `TreatmentPreferenceRecorded`; `id` in the answer is the preference's id.
    """
    with commands.acting() as journeys:
        outcome = journeys.record_treatment_preference(
            person_id,
            body.statement,
            body.area.value if body.area else None,
            in_own_words=body.in_own_words,
            written_by=body.written_by.value if body.written_by else None,
        )
    return created(response, outcome, f"/api/v1/people/{person_id}")


@router.change("/treatment-preferences/{preference_id}", method="PUT")
def revise_treatment_preference(
    person_id: UUID,
    preference_id: UUID,
    body: ReviseTreatmentPreferenceRequest,
    commands: VersionedCommands,
) -> CommandResult:
    """Revise a treatment preference as the person's view changes (`TreatmentPreferenceRevised`).

    New words need `in_own_words` (`422` without it). What was said before stays in the timeline;
    a withdrawn preference: `409`.
    """
    with commands.acting() as journeys:
        return result(
            journeys.revise_treatment_preference(
                person_id,
                preference_id,
                body.statement,
                body.in_own_words,
                body.area.value if body.area else None,
                clear_area="area" in body.model_fields_set and body.area is None,
                expected_version=commands.expected_version,
            )
        )


@router.change("/treatment-preferences/{preference_id}", method="DELETE")
def withdraw_treatment_preference(
    person_id: UUID, preference_id: UUID, commands: VersionedCommands
) -> CommandResult:
    """Withdraw a treatment preference (`TreatmentPreferenceWithdrawn`).

    It leaves the profile and no longer counts in the care plan's checks, but stays in the
    history and, marked not current, in the goals and steps linked to it.
    """
    with commands.acting() as journeys:
        return result(
            journeys.withdraw_treatment_preference(
                person_id, preference_id, expected_version=commands.expected_version
            )
        )


@router.create("/narrative")
def add_narrative_entry(
    person_id: UUID, body: NarrativeRequest, commands: Commands, response: Response
) -> CommandResult:
    """Add to the person's own story, only what they choose to share (`NarrativeEntryAdded`).

    `id` in the answer is the entry's id; `written_by` says who wrote it (null: not said).
    """
    with commands.acting() as journeys:
        outcome = journeys.add_narrative_entry(
            person_id, body.text, body.themes, body.written_by.value if body.written_by else None
        )
    return created(response, outcome, f"/api/v1/people/{person_id}")


@router.change("/narrative/{entry_id}", method="PUT")
def revise_narrative_entry(
    person_id: UUID, entry_id: UUID, body: ReviseNarrativeRequest, commands: VersionedCommands
) -> CommandResult:
    """Revise a narrative entry as the person's story changes (`NarrativeEntryRevised`).

    What is not given stays as it was; the earlier version stays in the entry's `history`.
    `409` `narrative_entry_withdrawn` on a withdrawn entry.
    """
    with commands.acting() as journeys:
        return result(
            journeys.revise_narrative_entry(
                person_id,
                entry_id,
                body.text,
                body.themes,
                body.written_by.value if body.written_by else None,
                expected_version=commands.expected_version,
            )
        )


@router.change("/narrative/{entry_id}", method="DELETE")
def withdraw_narrative_entry(person_id: UUID, entry_id: UUID, commands: VersionedCommands) -> CommandResult:
    """Withdraw a narrative entry (`NarrativeEntryWithdrawn`): it leaves the profile, stays in the history."""
    with commands.acting() as journeys:
        return result(
            journeys.withdraw_narrative_entry(person_id, entry_id, expected_version=commands.expected_version)
        )


@router.change("/life-maps/{kind}", method="PUT")
def draw_life_map(
    person_id: UUID,
    kind: LifeMapKind,
    body: LifeMapRequest,
    commands: VersionedCommands,
) -> CommandResult:
    """Draw one of the six life maps again, as a whole (`LifeMapDrawn`); earlier drawings stay in history."""
    entries = [entry.model_dump() for entry in body.entries]
    with commands.acting() as journeys:
        return result(
            journeys.draw_life_map(person_id, kind.value, entries, expected_version=commands.expected_version)
        )
