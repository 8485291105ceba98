"""Helpers shared by the routers: command answers and documented problems."""

from __future__ import annotations

from typing import Any

from fastapi import Response

from application.journeys import CommandOutcome
from interfaces.http.errors import PROBLEM_JSON
from interfaces.http.schemas import CommandResult, Problem

_DESCRIPTIONS = {
    401: "No valid bearer token.",
    403: "The caller's role may not do this (supervisors do not change journeys).",
    404: "Unknown, or outside the caller's teams.",
    409: "The journey's current state does not allow this; `rule` says which rule.",
    410: "The person's data has been erased: the person, their goals and steps are gone.",
    412: "`If-Match` names a version the aggregate has moved on from.",
    413: "The request body is over the size limit.",
    422: "Malformed or invalid input; `errors` names each field.",
    429: "Too many commands from this caller, or refused tokens from this address; see `Retry-After`.",
    503: "The store is unavailable (`store-unavailable`), the read could not be recorded in the access "
    "log (`access-log-unavailable`), or the read models did not reach `min_position` in time or "
    "stopped at an event (`read-models-behind`); retry after `Retry-After`.",
}

COMMAND_PROBLEMS = (401, 403, 404, 409, 412, 413, 422, 429, 503)
CREATE_PROBLEMS = (401, 403, 404, 409, 413, 422, 429, 503)
QUERY_PROBLEMS = (401, 404, 422, 429, 503)


PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Document error answers as they are sent: ``application/problem+json``, the Problem schema."""
    return {
        code: {"description": _DESCRIPTIONS[code], "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}}}
        for code in codes
    }


def problem_schemas() -> dict[str, Any]:
    """The Problem schema and the schemas it refers to, for the OpenAPI components."""
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    return {**schema.pop("$defs", {}), "Problem": schema}


def result(outcome: CommandOutcome) -> CommandResult:
    return CommandResult(id=outcome.id, version=outcome.version, position=outcome.position)


def created(response: Response, outcome: CommandOutcome, location: str) -> CommandResult:
    response.headers["Location"] = location
    return result(outcome)


def etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'
