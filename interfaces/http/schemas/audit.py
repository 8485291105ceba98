"""The team audit's answer: every figure with its definition, comparison, trend and people."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_PERSON = "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10"

_EXAMPLE: dict[str, Any] = {
    "team_id": "north",
    "worker": None,
    "from": "2026-09-01",
    "to": "2026-11-29",
    "compare_from": "2026-06-03",
    "compare_to": "2026-08-31",
    "as_of": None,
    "people_counted": 1,
    "figures": [
        {
            "id": "values_started",
            "group": "Values",
            "label": "Values conversation started",
            "unit": "share",
            "definition": {
                "numerator": "People with at least one VTP area explored (a current value) or declined.",
                "denominator": "People on the team and active at the end of the period.",
                "period_rule": "State at the end of the period's last day, as recorded by then.",
                "manual": "3.3, Appendix 1",
            },
            "numerator": 1,
            "denominator": 1,
            "value": 1.0,
            "words": "1 of 1 person (100%).",
            "compare": {"numerator": 0, "denominator": 1, "value": 0.0},
            "change": 1.0,
            "trend": "up",
            "series": [{"from": "2026-09-01", "value": 1.0}],
            "people": {"counted": [_PERSON], "not_counted": []},
        }
    ],
    "workers": [
        {
            "worker_id": "alice",
            "people_counted": 1,
            "figures": {"values_started": {"numerator": 1, "denominator": 1, "value": 1.0}},
        }
    ],
    "people": [
        {
            "id": _PERSON,
            "display_name": "Sam",
            "worker_id": "alice",
            "href": f"/api/v1/people/{_PERSON}/care-plan",
        }
    ],
}


class AuditCountsPublic(BaseModel):
    numerator: int | float | None
    denominator: int
    value: float | None


class AuditPointPublic(BaseModel):
    """The figure over one period of the trend, which begins on ``from``."""

    start: str = Field(alias="from")
    value: float | None


class AuditDefinitionPublic(BaseModel):
    numerator: str
    denominator: str
    period_rule: str
    #: The manual's sections the figure audits.
    manual: str


class AuditPeoplePublic(BaseModel):
    counted: list[str]
    not_counted: list[str]


class AuditFigurePublic(BaseModel):
    id: str
    group: str
    label: str
    #: ``share`` (numerator over denominator), ``per_person`` (a mean) or ``median_days``.
    unit: str
    definition: AuditDefinitionPublic
    numerator: int | float | None
    denominator: int
    value: float | None
    #: The figure in words, for reading aloud at a team meeting.
    words: str
    compare: AuditCountsPublic
    change: float | None
    trend: str | None
    series: list[AuditPointPublic]
    people: AuditPeoplePublic


class AuditWorkerPublic(BaseModel):
    worker_id: str | None
    people_counted: int
    figures: dict[str, AuditCountsPublic]


class AuditPersonPublic(BaseModel):
    id: str
    display_name: str
    worker_id: str | None
    href: str


class AuditPublic(BaseModel):
    """A team's (or a worker's, or the whole service's) audit of recovery-oriented practice."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    team_id: str
    worker: str | None
    start: str = Field(alias="from")
    end: str = Field(alias="to")
    compare_from: str
    compare_to: str
    as_of: str | None
    people_counted: int
    figures: list[AuditFigurePublic]
    workers: list[AuditWorkerPublic]
    people: list[AuditPersonPublic]
