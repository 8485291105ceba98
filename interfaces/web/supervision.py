"""Supervision: the journey replayed frame by frame, two moments compared, and notes pinned to frames.

A frame is one event of the journey, named in addresses by its position in the store
(``?frame=``), as notes are. The slider and the comparison speak of frame numbers
(1 to the number of frames), as people count them.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import datetime
from itertools import islice
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import Query
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from application.idempotency import IdempotentRequest, idempotent
from application.journeys import CommandOutcome, RecoveryJourneys
from domain.actor import acting_as
from domain.errors import InvalidInputError
from interfaces.http.deps import Reader
from interfaces.http.schemas.common import POSITION_LIMIT
from interfaces.web.changes import describe_changes
from interfaces.web.people import CHECK_NAMES, MODE_NAMES
from interfaces.web.rendering import pages_of
from interfaces.web.routing import form_of, page_router, signed_in
from interfaces.web.sessions import Session
from interfaces.web.timeline import ROLE_NAMES

router = page_router()

Frame = Annotated[int | None, Query(ge=1, lt=POSITION_LIMIT)]


@router.get("/people/{person_id}/supervision")
def supervision(
    request: Request,
    person_id: UUID,
    frame: Frame = None,
    n: Frame = None,
    start: Annotated[int | None, Query(alias="from", ge=1, lt=POSITION_LIMIT)] = None,
    end: Annotated[int | None, Query(alias="to", ge=1, lt=POSITION_LIMIT)] = None,
) -> Response:
    """One frame of the replay (``frame``: its position; ``n``: its number, from the slider;
    the first by default), the care plan as it stood then, its notes, and with ``from`` and
    ``to`` (frame numbers) what changed between two frames."""
    session = signed_in(request)
    compare = (start, end) if start is not None or end is not None else None
    return _page(
        request, session, person_id, frame, n, compare=compare, focus_slider=frame is None and n is not None
    )


@router.post("/people/{person_id}/supervision/notes")
async def add_note(request: Request, person_id: UUID) -> Response:
    """Pin a note to a frame; the same rules as the API (the team's workers and supervisors)."""
    session = signed_in(request)
    fields = await form_of(request, session)
    text = fields.get("text", "")
    try:
        position = int(fields.get("position", ""))
    except ValueError:
        position = 0
    if position >= POSITION_LIMIT:
        # Beyond what the store can hold the query itself fails; no event is there anyway.
        position = 0
    key = fields.get("idempotency_key", "")[:255] or uuid4().hex
    fingerprint = hashlib.sha256(f"{person_id}\n{position}\n{text}".encode()).hexdigest()
    journeys: RecoveryJourneys = request.app.state.runtime.journeys

    def add() -> CommandOutcome:
        with acting_as(session.actor), idempotent(IdempotentRequest(session.actor.subject, key, fingerprint)):
            return journeys.add_supervision_note(person_id, position, text)

    try:
        loop_commands = request.app.state.loop_commands
        if loop_commands is None:
            await run_in_threadpool(add)
        else:
            await loop_commands.run(add)
    except InvalidInputError as error:
        note = {"text": text, "errors": {error.field: error.message}, "key": key}
        page = functools.partial(_page, request, session, person_id, position or None, None, note=note)
        response = await run_in_threadpool(page)
        response.status_code = 422
        return response
    root = request.scope.get("root_path", "")
    return RedirectResponse(f"{root}/people/{person_id}/supervision?frame={position}#notes", status_code=303)


def _page(
    request: Request,
    session: Session,
    person_id: UUID,
    position: int | None,
    number: int | None,
    *,
    compare: tuple[int | None, int | None] | None = None,
    note: dict[str, Any] | None = None,
    focus_slider: bool = False,
) -> Response:
    views = Reader(session.actor, request.app.state.runtime, 0).views
    answer = views.replay_frame(person_id, session.actor, position=position, number=number)
    positions: list[int] = answer["positions"]
    index: int = answer["index"]
    numbers = {p: i + 1 for i, p in enumerate(positions)}
    frame = answer["frame"]
    plan = answer["care_plan"]
    context = {
        "person": views.profile(person_id, session.actor),
        "frame": frame,
        "number": index + 1,
        "count": len(positions),
        "previous": positions[index - 1] if index > 0 else None,
        "next": positions[index + 1] if index + 1 < len(positions) else None,
        "changes": describe_changes(frame["changes"]),
        "plan": plan,
        "checks": [{"name": CHECK_NAMES.get(k, k), **v} for k, v in plan["checks"].items()],
        "modes": MODE_NAMES,
        "roles": ROLE_NAMES,
        "noted": [(numbers[p], p) for p in answer["noted_positions"] if p in numbers],
        "may_write": session.actor.may_write_supervision_notes,
        "note": note or {"text": "", "errors": {}, "key": uuid4().hex},
        "focus_slider": focus_slider,
        "comparison": _comparison(views, session, person_id, positions, compare, index + 1),
    }
    return pages_of(request).render(request, "supervision.html", context, session=session)


def _comparison(
    views: Any,
    session: Session,
    person_id: UUID,
    positions: list[int],
    compare: tuple[int | None, int | None] | None,
    number: int,
) -> dict[str, Any]:
    """The comparison form's frame numbers and, when asked, what changed between them."""
    if compare is None:
        return {"from": max(number - 1, 1), "to": number, "changes": None}
    last = len(positions)
    first, second = (min(max(n, 1), last) for n in (compare[0] or 1, compare[1] or last))
    first, second = min(first, second), max(first, second)
    # The frames' own times name the moments: the diff folds every event up to each of them.
    frames = list(islice(views.replay(person_id, session.actor), second))
    start, end = (datetime.fromisoformat(frames[n - 1]["at"]) for n in (first, second))
    diff = views.care_plan_diff(person_id, session.actor, start, end)
    return {
        "from": first,
        "to": second,
        "from_at": frames[first - 1]["at"],
        "to_at": frames[second - 1]["at"],
        "from_position": positions[first - 1],
        "to_position": positions[second - 1],
        "changes": describe_changes(diff),
    }
