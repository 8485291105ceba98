"""The person's timeline: what happened, who did it and when, by goal, with two charts."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Query
from starlette.requests import Request
from starlette.responses import Response

from interfaces.http.deps import Reader
from interfaces.web import charts
from interfaces.web.rendering import pages_of
from interfaces.web.routing import page_router, signed_in

router = page_router()

#: Entries on one page of the timeline.
PAGE_SIZE = 50
ROLE_NAMES = {
    "worker": "worker",
    "supervisor": "supervisor",
    "admin": "administrator",
    "integration": "system",
}


@router.get("/people/{person_id}/timeline")
def timeline(
    request: Request,
    person_id: UUID,
    goal: Annotated[UUID | None, Query()] = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    """Every event of the journey in the order it happened, a page at a time; ``goal`` keeps one
    goal and its steps. The charts count the whole journey, or the chosen goal's part of it."""
    session = signed_in(request)
    views = Reader(session.actor, request.app.state.runtime, 0).views
    profile = views.profile(person_id, session.actor)
    everything = views.timeline(person_id, session.actor)["entries"]
    statements = charts.goal_statements(everything)
    if goal is not None and str(goal) not in statements:
        goal = None  # a goal of no one here: the whole timeline, as for no choice
    offset = (page - 1) * PAGE_SIZE
    if goal is None:
        counted = everything
        shown = everything[offset : offset + PAGE_SIZE]
    else:
        answer = views.timeline(person_id, session.actor, goal_id=goal, offset=offset, limit=PAGE_SIZE)
        counted = [e for e in everything if e["goal_id"] == str(goal)]
        shown = answer["entries"]
    context = {
        "person": profile,
        "entries": shown,
        "goals": statements,
        "goal": str(goal) if goal else "",
        "page": page,
        "pages": max(1, -(-len(counted) // PAGE_SIZE)),
        "next_page": page + 1 if offset + PAGE_SIZE < len(counted) else None,
        "completed": charts.steps_completed_by_goal(counted, statements),
        "mix": charts.action_mix(counted),
        "roles": ROLE_NAMES,
        "chart_width": charts.WIDTH,
    }
    return pages_of(request).render(request, "timeline.html", context, session=session)
