"""Reference data: the manual's prompts (REFOCUS manual, 2nd edition, Rethink Mental Illness
(2014), Appendices 1, 3 and 4), as pages and integrations show them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from domain.vocabulary import VtpArea, WorksheetColumn, WorksheetRow
from projections.reference import vtp_areas, worksheet_domains


class VtpAreaGuidePublic(BaseModel):
    area: VtpArea
    title: str = Field(description="The area's heading in the interview guide.")
    questions: list[str]
    prompts: list[str] = Field(description="What the guide suggests prompting with, after its questions.")


class VtpAreasPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [vtp_areas()]})
    source: str = Field(description="Where the text comes from, cited as the manual's licence asks.")
    ask_in_every_area: list[str]
    areas: list[VtpAreaGuidePublic] = Field(description="The ten areas, in the interview's order.")


class WorksheetColumnGuidePublic(BaseModel):
    column: WorksheetColumn
    title: str
    questions: list[str]


class ColumnPromptsPublic(BaseModel):
    current: list[str]
    aspiration: list[str]
    past_resource: list[str]


class WorksheetDomainGuidePublic(BaseModel):
    domain: WorksheetRow
    title: str = Field(description="The row's heading on the worksheet (Appendix 3).")
    example_questions: ColumnPromptsPublic = Field(
        description="The worksheet's example questions (Appendix 3)."
    )
    checklist_title: str | None = Field(description="The heading in the checklist (Appendix 4).")
    checklist_about: str | None = Field(description="What the checklist says of the domain as a whole.")
    checklist: ColumnPromptsPublic = Field(description="The checklist's prompts (Appendix 4).")


class WorksheetDomainsPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [worksheet_domains()]})
    source: str = Field(description="Where the text comes from, cited as the manual's licence asks.")
    columns: list[WorksheetColumnGuidePublic]
    checklist_note: str
    domains: list[WorksheetDomainGuidePublic] = Field(
        description="The six life domains, then the `anything_else` row."
    )
