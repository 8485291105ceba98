"""The person's profile: their working agreement, values, declined areas, treatment preferences,
narrative and life maps."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.vocabulary import Approach, LifeMapKind, PersonStatus, VtpArea, WrittenBy
from interfaces.http.schemas.journey import _NAMING, _WRITTEN_BY
from interfaces.http.schemas.worksheet import VTP_PROGRESS_EXAMPLE, VtpProgressPublic


class EarlierAgreementPublic(BaseModel):
    text: str | None = None
    expectations: str | None = None
    how_we_work: str | None = None
    differences: str | None = None
    practicalities: str | None = None
    review_by: date | None
    agreed_by_person: bool = False
    agreed_on: date | None = None
    made_at: str


class WorkingAgreementPublic(EarlierAgreementPublic):
    history: list[EarlierAgreementPublic] = Field(default=[], description="Earlier agreements, oldest first.")


class ValuePublic(BaseModel):
    id: UUID
    statement: str
    in_own_words: bool
    approach: Approach
    written_by: WrittenBy | None = Field(description=_WRITTEN_BY)
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
    written_by: WrittenBy | None = Field(None, description=_WRITTEN_BY)
    recorded_at: str
    updated_at: str | None = None


class EarlierNarrativePublic(BaseModel):
    text: str
    themes: list[str]
    written_by: WrittenBy | None
    revised_at: str


class NarrativeEntryPublic(BaseModel):
    id: UUID
    text: str
    themes: list[str]
    written_by: WrittenBy | None = None
    added_at: str
    updated_at: str
    history: list[EarlierNarrativePublic] = Field(default=[], description="Earlier versions, oldest first.")


class LifeMapEntryPublic(BaseModel):
    label: str
    detail: str | None
    group: str | None
    when: str | None


class LifeMapPublic(BaseModel):
    kind: LifeMapKind
    entries: list[LifeMapEntryPublic]
    drawn_at: str


class ProfilePublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
                    "display_name": "Sam Okafor",
                    "preferred_name": "Sammy",
                    "pronouns": "they/them",
                    "team_id": "north",
                    "key_worker_id": "alice",
                    "external_ref": "EHR-12345",
                    "status": "active",
                    "registered_at": "2026-11-28T10:15:00.000000Z",
                    "working_agreement": {
                        "expectations": "Sam wants straight answers; Alice keeps to time",
                        "how_we_work": "Sam sets the agenda",
                        "differences": "If we disagree we talk it through at the next meeting",
                        "practicalities": "Every other Tuesday at 10, at the library",
                        "review_by": "2027-03-01",
                        "agreed_by_person": True,
                        "agreed_on": "2026-11-28",
                        "made_at": "2026-11-28T10:20:00.000000Z",
                        "history": [],
                    },
                    "values": {
                        "religion_spirituality": [
                            {
                                "id": "5a1c2f8e-7d1b-4c3a-9e2f-1b2c3d4e5f60",
                                "statement": "My faith keeps me going",
                                "in_own_words": True,
                                "approach": "conversational",
                                "written_by": "person",
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
                    "narrative": [
                        {
                            "id": "3f2e1d0c-9b8a-4765-a432-10fedcba9876",
                            "text": "Fishing with my dad at Brighton",
                            "themes": ["family", "the sea"],
                            "written_by": "person",
                            "added_at": "2026-11-28T10:25:00.000000Z",
                            "updated_at": "2026-11-28T10:40:00.000000Z",
                            "history": [
                                {
                                    "text": "My dad taught me to fish",
                                    "themes": ["family"],
                                    "written_by": "person",
                                    "revised_at": "2026-11-28T10:40:00.000000Z",
                                }
                            ],
                        }
                    ],
                    "life_maps": {},
                    "vtp_progress": VTP_PROGRESS_EXAMPLE,
                    "version": 4,
                }
            ]
        }
    )
    id: UUID
    display_name: str
    preferred_name: str | None = Field(description=_NAMING)
    pronouns: str | None = Field(description=_NAMING)
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
    narrative: list[NarrativeEntryPublic] = Field(
        description="Current entries, each with its earlier versions."
    )
    life_maps: dict[LifeMapKind, LifeMapPublic]
    vtp_progress: VtpProgressPublic = Field(
        description="How far the values conversation has gone in each VTP area (manual, Appendix 1)."
    )
    version: int
    as_of: str | None = Field(
        default=None, description="With `?as_of=`: the moment asked for; null for the live view."
    )
    position: int | None = Field(
        default=None, description="Position of the last event of this person the answer includes."
    )
