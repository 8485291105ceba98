"""Who read a person's data: the access log of one person, for their team and admins."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Query, Request
from pydantic import BaseModel, ConfigDict

from domain.actor import Role
from domain.errors import NotPermittedError
from interfaces.http.deps import ReaderDep
from interfaces.http.responses import problems
from interfaces.http.routing import Router
from interfaces.http.schemas.common import POSITION_LIMIT
from interfaces.http.schemas.erasure import AccessRecordPublic
from projections.people_read import not_noting, wait_for_records
from projections.queries import PAGE_DEFAULT, PAGE_MAX

router = Router(tags=["access log"])


class AccessLogPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person_id": "9b1d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4",
                    "items": [
                        {
                            "seq": 42,
                            "at": "2026-03-02T10:15:00.000000Z",
                            "subject": "alice",
                            "role": "worker",
                            "teams": ["north"],
                            "view": "/api/v1/people/{person_id}/care-plan",
                            "request_id": "5f0c6b1e8a7d4c2b9e3f1a0d2c4b6e8f",
                        }
                    ],
                    "next_offset": None,
                }
            ]
        }
    )

    person_id: str
    items: list[AccessRecordPublic]
    next_offset: int | None


@router.get(
    "/api/v1/people/{person_id}/access-log",
    response_model=AccessLogPublic,
    responses=problems(401, 403, 404, 422, 503),
)
def access_log(
    person_id: UUID,
    reader: ReaderDep,
    request: Request,
    offset: Annotated[
        int, Query(ge=0, lt=POSITION_LIMIT, description="Skip this many records (from `next_offset`).")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX, description=f"At most {PAGE_MAX}.")] = PAGE_DEFAULT,
) -> AccessLogPublic:
    """Every read of the person's data, oldest first: who (subject, role, teams), which view,
    the request's id and when; never what was read. A page at a time (`next_offset` is null
    on the last page). For the team's workers and supervisors, and admins; integrations get
    `403`. Reading it is itself recorded, and the answer's last page holds that read too."""
    if reader.actor.role is Role.INTEGRATION:
        with not_noting():  # other teams' people stay "not found"; nothing is read
            reader.views.ensure_visible(person_id, reader.actor)
        raise NotPermittedError("the access log is for the team's workers and supervisors, and admins")
    reader.views.ensure_visible(person_id, reader.actor)
    wait_for_records()
    answer = request.app.state.runtime.access_log.of_person(person_id, offset=offset, limit=limit)
    return AccessLogPublic.model_validate(answer)
