"""Who has read a person's record: the person's access log as a page, newest first, for the
person's team and administrators (as ``GET /api/v1/people/{id}/access-log``)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Query
from starlette.requests import Request
from starlette.responses import Response

from domain.actor import Role
from interfaces.http.deps import Reader
from interfaces.web.access_words import read_through, what_was_read
from interfaces.web.rendering import pages_of
from interfaces.web.routing import ReadRefusedError, page_router, signed_in
from interfaces.web.timeline import ROLE_NAMES
from projections.people_read import not_noting, wait_for_records

router = page_router()

#: Reads on one page of the log.
PAGE_SIZE = 50


@router.get("/people/{person_id}/access-log")
def access_log(request: Request, person_id: UUID, page: Annotated[int, Query(ge=1)] = 1) -> Response:
    """Every read of the person's record, newest first, this one included: when, who (with
    their role and teams then), what was read and through what; never what was shown."""
    session = signed_in(request)
    runtime = request.app.state.runtime
    views = Reader(session.actor, runtime, 0).views
    if session.actor.role is Role.INTEGRATION:
        with not_noting():  # another team's person stays "not found"; nothing of theirs is read
            views.ensure_visible(person_id, session.actor)
        raise ReadRefusedError("Who has read a record is for the person's team and administrators.")
    profile = views.profile(person_id, session.actor)
    wait_for_records()  # this read is on the page it answers
    offset = (page - 1) * PAGE_SIZE
    answer = runtime.access_log.of_person(person_id, offset=offset, limit=PAGE_SIZE, newest_first=True)
    reads = [
        {
            **item,
            "what": what_was_read(item["view"]),
            "through": read_through(item["view"]),
            "role_name": ROLE_NAMES.get(item["role"], item["role"]),
        }
        for item in answer["items"]
    ]
    context = {
        "person": profile,
        "reads": reads,
        "page": page,
        "next_page": page + 1 if answer["next_offset"] is not None else None,
    }
    return pages_of(request).render(request, "access_log.html", context, session=session)
