"""What every part of the API shares: text fields with the domain's rules, requests, results, problems."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from domain import text as limits

# The domain's text rules (not blank, no NUL; references in their alphabet), published as patterns.
Name = Annotated[str, Field(min_length=1, max_length=limits.NAME_MAX_CHARS, pattern=limits.TEXT_PATTERN)]
Statement = Annotated[
    str, Field(min_length=1, max_length=limits.STATEMENT_MAX_CHARS, pattern=limits.TEXT_PATTERN)
]
Note = Annotated[str, Field(min_length=1, max_length=limits.NOTE_MAX_CHARS, pattern=limits.TEXT_PATTERN)]
Reference = Annotated[
    str, Field(min_length=1, max_length=limits.REFERENCE_MAX_CHARS, pattern=limits.REFERENCE_PATTERN)
]
WithWhom = Annotated[list[Name], Field(max_length=limits.WITH_WHOM_MAX_ITEMS)]

#: Positions, offsets and frames stay below this (a signed 64-bit integer's range): beyond it
#: SQLite and PostgreSQL refuse the query itself, so the parameter is refused first. Published
#: as an exclusive maximum: a client checking in floating point reads 2**63 - 1 as 2**63.
POSITION_LIMIT = 2**63

# Dates and times are ISO 8601 text only: the schema library's lax mode would read a number
# (`"due": 0`, `since=0.5`) as seconds since 1970 and store a date nobody meant.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_text(kind: str, example: str) -> Any:
    def check(value: object) -> object:
        if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.match(value)):
            return value
        raise PydanticCustomError(f"{kind}_iso_8601", f"must be a {kind} in ISO 8601 ({example})")

    return BeforeValidator(check)


IsoDate = Annotated[date, _iso_text("date", "YYYY-MM-DD")]
IsoMoment = Annotated[AwareDatetime, _iso_text("time", "YYYY-MM-DDTHH:MM:SS with a zone")]
IsoDateOrMoment = Annotated[
    AwareDatetime | date, _iso_text("date or time", "YYYY-MM-DD or a time with a zone")
]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _example(**example: Any) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [example]})


# Commands


class CommandResult(BaseModel):
    """What a command changed: the aggregate, its new version and the last event's position."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"id": "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10", "version": 2, "position": 41}]
        }
    )
    id: UUID
    version: int
    position: int = Field(description="Pass as `min_position` to a query to read this write elsewhere.")


class ActorPublic(BaseModel):
    subject: str
    role: Literal["worker", "supervisor", "integration", "admin"]


class HealthPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "ok", "store": "sqlite", "position": 57}]}
    )
    status: Literal["ok"]
    store: str
    position: int


class ProblemField(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """An error, as RFC 9457 problem details."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "/problems/rule-violation",
                    "title": "Not allowed now",
                    "status": 409,
                    "detail": "cannot complete a step that is dropped: it must be planned or started",
                    "rule": "step_status",
                }
            ]
        }
    )
    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemField] | None = None
    rule: str | None = None
    current_version: int | None = None
