"""Answers of working practices 1 and 2 beyond the profile: the Strengths Worksheet with its
quality report, and how far the values conversation has gone in each VTP area."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.vocabulary import (
    CriterionOutcome,
    LifeDomain,
    Resource,
    VtpArea,
    VtpStatus,
    WorksheetRow,
    WrittenBy,
)


class WorksheetStrengthPublic(BaseModel):
    id: UUID
    statement: str
    resource: Resource
    in_own_words: bool
    written_by: WrittenBy | None = Field(None, description="Who wrote it; null where it was not said.")
    updated_at: str


class WorksheetRowPublic(BaseModel):
    current: list[WorksheetStrengthPublic]
    aspiration: list[WorksheetStrengthPublic]
    past_resource: list[WorksheetStrengthPublic]


class RowCurrencyPublic(BaseModel):
    last_updated: str | None = Field(
        None,
        description="The latest of: a strength in this row changed, the row reviewed with the person, "
        "the worksheet agreed. Null if none yet.",
    )
    last_reviewed: str | None = Field(
        None, description="When the row was last reviewed with the person, or the worksheet agreed."
    )
    days_since_update: int | None = None
    stale: bool | None = Field(
        None,
        description="Not updated within `stale_after_days`; null for the optional `anything_else` row, "
        "which is shown but never judged.",
    )


class CriterionPublic(BaseModel):
    outcome: CriterionOutcome
    met: bool = Field(description="True only when the outcome is `met`.")
    detail: str = Field(description="What is missing, in words, and what to do next.")


class WorksheetCriteriaPublic(BaseModel):
    """The manual's criteria of a good strengths assessment (4.3), one by one."""

    complete: CriterionPublic = Field(description="Every life domain has something recorded.")
    own_words: CriterionPublic = Field(description="Every strength is in the person's own words.")
    written_by_person: CriterionPublic = Field(
        description="At least one strength is recorded as written by the person."
    )
    external_resources: CriterionPublic = Field(description="Every life domain has an external resource.")
    skills_and_passions: CriterionPublic = Field(
        description="Every life domain has an internal resource: a skill, talent, interest or passion."
    )
    agreed: CriterionPublic = Field(
        description="The worksheet was agreed with the person, and no strength changed since."
    )
    up_to_date: CriterionPublic = Field(
        description="Every life domain was updated within `stale_after_days`; not applicable once discharged."
    )


class WorksheetQualityPublic(BaseModel):
    complete: bool = Field(description="Every life domain has at least one strength.")
    missing_domains: list[LifeDomain]
    domains_without_external: list[LifeDomain] = Field(
        description="Domains with no external resource (people, money, home, community, work, groups)."
    )
    own_words_ratio: float | None = Field(
        description="Share of strengths in the person's own words; null if none."
    )
    last_updated: str | None = Field(description="When a strength last changed, in any row.")
    days_since_update: int | None
    stale: bool = Field(
        description="Not up to date: some life domain was not updated within `stale_after_days` "
        "(`stale_domains` names them)."
    )
    stale_domains: list[LifeDomain] = Field(
        [], description="The life domains not updated within `stale_after_days`, or never."
    )
    stale_after_days: int
    criteria: WorksheetCriteriaPublic


class WorksheetAgreementPublic(BaseModel):
    agreed_on: date
    participants: list[str]
    note: str | None
    recorded_at: str
    strengths_changed_since: int = Field(description="Strengths identified, revised or removed since.")
    needs_renewal: bool = Field(description="A strength changed since: agree the worksheet again.")


_WORKSHEET_STRENGTH: dict[str, Any] = {
    "id": "7e8f9a0b-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
    "statement": "My sister lives nearby and we talk every day",
    "resource": "external",
    "in_own_words": True,
    "written_by": "person",
    "updated_at": "2026-11-28T10:15:00.000000Z",
}
_AGREED_AT = "2026-11-28T10:20:00.000000Z"


def _example_row(row: WorksheetRow) -> dict[str, Any]:
    social = row is WorksheetRow.SOCIAL_SUPPORTS
    return {"current": [_WORKSHEET_STRENGTH] if social else [], "aspiration": [], "past_resource": []}


def _example_currency(row: WorksheetRow) -> dict[str, Any]:
    return {
        "last_updated": _AGREED_AT,
        "last_reviewed": _AGREED_AT,
        "days_since_update": 0,
        "stale": None if row is WorksheetRow.ANYTHING_ELSE else False,
    }


def _criterion(met: bool, detail: str) -> dict[str, Any]:
    return {"outcome": "met" if met else "not_met", "met": met, "detail": detail}


_OTHER_DOMAINS: list[Any] = [d.value for d in LifeDomain if d is not LifeDomain.SOCIAL_SUPPORTS]


class StrengthsWorksheetPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
                    "as_of": "2026-11-28T10:30:00Z",
                    "position": 57,
                    "last_updated": "2026-11-28T10:15:00.000000Z",
                    "domains": {row.value: _example_row(row) for row in WorksheetRow},
                    "currency": {row.value: _example_currency(row) for row in WorksheetRow},
                    "agreement": {
                        "agreed_on": "2026-11-28",
                        "participants": ["Sam", "alice"],
                        "note": "Sam read it through and added two things.",
                        "recorded_at": _AGREED_AT,
                        "strengths_changed_since": 0,
                        "needs_renewal": False,
                    },
                    "quality": {
                        "complete": False,
                        "missing_domains": _OTHER_DOMAINS,
                        "domains_without_external": _OTHER_DOMAINS,
                        "own_words_ratio": 1.0,
                        "last_updated": "2026-11-28T10:15:00.000000Z",
                        "days_since_update": 0,
                        "stale": False,
                        "stale_domains": [],
                        "stale_after_days": 90,
                        "criteria": {
                            "complete": _criterion(
                                False,
                                "Nothing is recorded yet in 5 life domains: daily living, financial, "
                                "occupational, health and spiritual and cultural. Go through them with Sam.",
                            ),
                            "own_words": _criterion(True, "The 1 strength recorded is in Sam's own words."),
                            "written_by_person": _criterion(True, "Sam wrote 1 strength on the worksheet."),
                            "external_resources": _criterion(False, "No external resource yet in 5 ..."),
                            "skills_and_passions": _criterion(False, "No skill, talent or passion ..."),
                            "agreed": _criterion(True, "Agreed with Sam on 2026-11-28."),
                            "up_to_date": _criterion(
                                True, "Every life domain has been reviewed in the last 90 days."
                            ),
                        },
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
    domains: dict[WorksheetRow, WorksheetRowPublic] = Field(
        description="The six life domains and the `anything_else` row, each by column."
    )
    currency: dict[WorksheetRow, RowCurrencyPublic] = Field(
        {}, description="Each row's own last update, and whether it is stale."
    )
    agreement: WorksheetAgreementPublic | None = Field(
        None, description="The latest agreement of the worksheet with the person; null if none."
    )
    quality: WorksheetQualityPublic


class VtpAreaProgressPublic(BaseModel):
    status: VtpStatus
    values: int = Field(description="Current values recorded in the area.")


class VtpProgressPublic(BaseModel):
    areas: dict[VtpArea, VtpAreaProgressPublic] = Field(description="Every area, in the interview's order.")
    explored: int = Field(description="Areas where the person holds a current value.")
    declined: int = Field(description="Areas the person chose not to discuss.")
    not_yet_explored: int


VTP_PROGRESS_EXAMPLE: dict[str, Any] = {
    "areas": {
        area.value: {
            "status": {"religion_spirituality": "explored", "sexuality": "declined"}.get(
                area.value, "not_yet_explored"
            ),
            "values": 1 if area is VtpArea.RELIGION_SPIRITUALITY else 0,
        }
        for area in VtpArea
    },
    "explored": 1,
    "declined": 1,
    "not_yet_explored": 8,
}
