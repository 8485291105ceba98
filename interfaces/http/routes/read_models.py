"""Read models: the care plan and the progress timeline (health: ``interfaces.http.health``)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Query

from interfaces.http.deps import AsOfQuery, ReaderDep
from interfaces.http.routing import Router
from interfaces.http.schemas import CarePlanPublic, TimelinePublic
from interfaces.http.schemas.common import POSITION_LIMIT, IsoMoment
from projections.queries import PAGE_MAX

router = Router(tags=["read models"])


@router.query("/api/v1/people/{person_id}/care-plan", CarePlanPublic)
def care_plan(person_id: UUID, reader: ReaderDep, as_of: AsOfQuery = None) -> CarePlanPublic:
    """The current care plan: active and paused goals with their steps and progress,
    and the four REFOCUS checks, each with a detail saying what to do next.
    With `as_of`, the plan and its checks exactly as they stood at that moment."""
    return CarePlanPublic.model_validate(reader.views.care_plan(person_id, reader.actor, as_of=as_of))


@router.query("/api/v1/people/{person_id}/timeline", TimelinePublic)
def timeline(
    person_id: UUID,
    reader: ReaderDep,
    goal_id: UUID | None = None,
    since: Annotated[IsoMoment | None, Query(description="Only entries at or after this time.")] = None,
    until: Annotated[IsoMoment | None, Query(description="Only entries at or before this time.")] = None,
    as_of: AsOfQuery = None,
    offset: Annotated[
        int, Query(ge=0, lt=POSITION_LIMIT, description="Skip this many entries (from `next_offset`).")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX, description=f"At most {PAGE_MAX}.")] = PAGE_MAX,
) -> TimelinePublic:
    """Every event of the person's journey in the order things happened, with actor, time and
    a readable summary, a page at a time (`next_offset` is null on the last page).
    `goal_id` narrows it to one goal and its steps; `as_of` shows the timeline as it stood then."""
    answer = reader.views.timeline(
        person_id,
        reader.actor,
        goal_id=goal_id,
        since=since,
        until=until,
        as_of=as_of,
        offset=offset,
        limit=limit,
    )
    return TimelinePublic.model_validate(answer)
