"""410 Gone for every route that names an erased person, or a goal or step of one, checked before
the route runs (``interfaces.http.routing.OneThreadRoute``, ``interfaces.web.routing.PageRoute``),
so a query answers nothing and a command writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from uuid import UUID

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from application.erasure import PersonErasedError

#: The path parameters that name a person, or a goal or step of one.
PERSON_PARAMETERS = ("person_id", "goal_id", "step_id")


#: Set on a route that answers a keyed repeat itself (``repeats_answered_by_route``).
_REPEATS_ANSWERED = "_refocus_repeats_answered_by_route"

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


def names_a_person(path: str) -> bool:
    return any(f"{{{name}}}" in path for name in PERSON_PARAMETERS)


def repeats_answered_by_route(endpoint: Endpoint) -> Endpoint:
    """Mark a command route whose request, sent with an ``Idempotency-Key``, goes on to the
    application even when the person is gone: the erasure request, whose repeat answers as the
    first request did though the person has been erased since. The application answers 410 to
    any other request about an erased person; without a key the route checks first, as all do."""
    setattr(endpoint, _REPEATS_ANSWERED, True)
    return endpoint


def answers_keyed_repeats(endpoint: Callable[..., Any]) -> bool:
    return bool(getattr(endpoint, _REPEATS_ANSWERED, False))


def keyed(request: Request) -> bool:
    return "idempotency-key" in request.headers


def named_ids(path_params: Mapping[str, Any]) -> list[UUID]:
    ids = []
    for name in PERSON_PARAMETERS:
        value = path_params.get(name)
        if value is None:
            continue
        try:
            ids.append(UUID(str(value)))
        except ValueError:
            continue  # not an id: the route's own validation answers 422 (or a page's 404)
    return ids


def anyone_erased(request: Request) -> bool:
    """Whether anyone may have been erased, without a coroutine: asked for every request about a
    person, and while no one has been erased, one ``stat`` of the ledger."""
    return bool(request.app.state.runtime.erasures.any())


async def refuse_erased(request: Request) -> None:
    """Raise :class:`PersonErasedError` if the request's path names an erased person, goal or step.

    Nothing is read while no one has been erased but a ``stat`` of the ledger; afterwards one
    indexed read, in a worker thread.
    """
    erasures = request.app.state.runtime.erasures
    if not erasures.any():
        return
    ids = named_ids(request.path_params)
    if ids and await run_in_threadpool(erasures.is_gone, ids):
        raise PersonErasedError
