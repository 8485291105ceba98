"""The event feed, for systems that follow the journeys of the people they may see."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from interfaces.http.deps import ReaderDep
from interfaces.http.event_schemas import FeedPublic
from interfaces.http.responses import problems
from interfaces.http.routing import Router
from interfaces.http.schemas.common import POSITION_LIMIT

#: Most items one page answers.
FEED_PAGE_MAX = 500

router = Router(tags=["event feed"])


@router.get(
    "/api/v1/events",
    response_model=FeedPublic,
    # ``withheld`` is answered only on the items that are.
    response_model_exclude_unset=True,
    responses=problems(401, 422, 503),
)
def feed(
    reader: ReaderDep,
    after: Annotated[
        int,
        Query(ge=0, lt=POSITION_LIMIT, description="Answer events after this position (0: from the start)."),
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=FEED_PAGE_MAX, description=f"At most {FEED_PAGE_MAX}.")] = 100,
) -> FeedPublic:
    """Every journey event in global order, for the people the caller may see: those in the
    caller's teams when the event happened (after a transfer, the new team sees what happens
    from then on; the transfer itself shows to both teams). Supervision notes are never in it.

    Read on by passing `next_after` as `after`. **Positions increase but can have gaps**:
    never assume `position` counts events. The `data` of each type is documented in the
    schema (`<Type>Data`); new optional fields may be added, none are renamed.
    """
    return FeedPublic.model_validate(reader.views.feed(reader.actor, after=after, limit=limit))
