"""What routes depend on: the caller, the application, read-your-writes views."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, get_args

import anyio
from fastapi import Depends, Query, Request, Response
from pydantic import AwareDatetime
from starlette.concurrency import run_in_threadpool

from application.idempotency import IdempotentRequest, idempotent
from application.journeys import RecoveryJourneys
from domain.actor import Actor, acting_as
from interfaces.auth import TokenError
from interfaces.http.authentication import ACTOR_SCOPE_KEY
from interfaces.http.errors import FieldError, ReadModelsBehindError
from interfaces.http.limits import BODY_SCOPE_KEY
from interfaces.http.loop_commands import LoopCommands
from interfaces.runtime import Runtime
from projections.queries import JourneyViews

#: Printable ASCII without quotes, optionally quoted as the IETF draft's sf-string. Published in the
#: OpenAPI document and enforced from there, so what the document allows is exactly what is accepted.
IDEMPOTENCY_KEY_PATTERN = r'^"?[\x21\x23-\x7e]{1,255}"?$'
#: ``*`` or a version as the ETag carries it (``"3"``; quotes and a weak ``W/`` are tolerated).
IF_MATCH_PATTERN = r'^(\*|(W/)?"?[0-9]{1,18}"?)$'


# The dependencies below that neither block nor wait are ``async def``: FastAPI runs a
# plain ``def`` dependency in the thread pool, one thread hop each, and under load every
# hop waits for the GIL. Only the query itself (and ``reader``, which may catch the
# views up) runs in a worker thread, and a command too unless its store is a SQLite
# file (``interfaces.http.loop_commands``).


async def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def authenticated_actor(request: Request) -> Actor:
    """The caller, already authenticated by ``BearerAuthentication``.

    A plain function that ``Commands.of`` and ``reader`` call, not a dependency of its own:
    each dependency FastAPI resolves costs every request about 20 µs of the event loop.
    The bearer scheme is declared in the OpenAPI document by ``interfaces.http.app``.
    """
    actor = request.scope.get(ACTOR_SCOPE_KEY)
    if not isinstance(actor, Actor):
        raise TokenError("send Authorization: Bearer <token>")
    return actor


RuntimeDep = Annotated[Runtime, Depends(runtime)]


class _HonoursIfMatch:
    """Marks a command that applies only at the version ``If-Match`` names, if one is sent."""


#: Documented in the OpenAPI document by ``interfaces.http.routing``, enforced by ``Commands.of``.
IDEMPOTENCY_KEY_DOC = (
    "Makes the command safe to retry: a repeat with the same key and body answers the first response "
    "and writes nothing (kept at least 24 hours). Up to 255 printable ASCII characters other than "
    '`"`, optionally in quotes.'
)
IF_MATCH_DOC = 'Apply only if the aggregate is still at this version: `"3"` from its ETag (`*`: any version).'
_IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)
_IF_MATCH = re.compile(IF_MATCH_PATTERN)


@dataclass(frozen=True)
class Commands:
    """The application, used on behalf of the authenticated caller, with their idempotency key.

    A route takes it as a parameter annotated ``Commands`` (or ``VersionedCommands``, which
    also reads ``If-Match``); ``interfaces.http.routing.OneThreadRoute`` makes it from the
    request and runs the route where commands run.
    """

    actor: Actor
    journeys: RecoveryJourneys
    request: IdempotentRequest | None
    response: Response
    #: Where the command runs: on the event loop (a SQLite file), or in a worker thread (None).
    on_loop: LoopCommands | None
    #: The version ``If-Match`` names, for a ``VersionedCommands`` route; None: any version.
    expected_version: int | None = None

    @classmethod
    def of(cls, request: Request, response: Response, *, versioned: bool) -> Commands:
        """The caller's commands, with the request's ``Idempotency-Key`` and (``versioned``)
        ``If-Match`` headers.

        Read here, not declared as FastAPI header parameters and dependencies: each of those
        cost every command about 20 µs of the event loop, a sixth of FastAPI's share of a
        command (BENCHMARKS.md, P1). The patterns are the ones the OpenAPI document publishes.
        """
        actor = authenticated_actor(request)
        headers = request.headers
        keyed = None
        if (key := headers.get("idempotency-key")) is not None:
            _check_header("Idempotency-Key", key, _IDEMPOTENCY_KEY)
            keyed = IdempotentRequest(actor.subject, key.strip('"'), _fingerprint(request))
        version = None
        if versioned and (if_match := headers.get("if-match")) is not None:
            _check_header("If-Match", if_match, _IF_MATCH)
            version = None if if_match == "*" else int(if_match.removeprefix("W/").strip('"'))
        state = request.app.state
        return cls(actor, state.runtime.journeys, keyed, response, state.loop_commands, version)

    @contextmanager
    def acting(self) -> Iterator[RecoveryJourneys]:
        with acting_as(self.actor), idempotent(self.request):
            yield self.journeys
        if self.request and self.request.replayed:
            self.response.headers["Idempotent-Replayed"] = "true"


VersionedCommands = Annotated[Commands, _HonoursIfMatch]


def honours_if_match(annotation: object) -> bool:
    return _HonoursIfMatch in get_args(annotation)


def _check_header(name: str, value: str, pattern: re.Pattern[str]) -> None:
    if pattern.fullmatch(value) is None:
        raise FieldError(name, f"String should match pattern '{pattern.pattern}'")


def _fingerprint(request: Request) -> str:
    body: bytes = request.scope.get(BODY_SCOPE_KEY, b"")
    try:
        canonical = (
            json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode() if body else b""
        )
    except ValueError:
        canonical = body
    return hashlib.sha256(f"{request.method} {request.url.path}\n".encode() + canonical).hexdigest()


@dataclass(frozen=True)
class Reader:
    """The read models, caught up with every write made before the query."""

    actor: Actor
    views: JourneyViews


async def reader(
    request: Request,
    min_position: Annotated[
        int | None,
        Query(ge=0, description="Wait (a few seconds at most) until the read models include this position."),
    ] = None,
) -> Reader:
    actor = authenticated_actor(request)
    rt: Runtime = request.app.state.runtime
    timeout = rt.settings.read_wait_seconds
    if rt.settings.projections == "worker":
        # The projection worker applies events; this process only waits for it, on the
        # event loop, so a waiting query holds none of the few worker threads.
        target, caught_up = await _worker_reached(rt, min_position or 0, timeout)
    else:
        target, caught_up = await _inline_reached(rt, min_position or 0, timeout)
    if not caught_up:
        raise ReadModelsBehindError(f"the read models have not reached position {target} yet: retry shortly")
    return Reader(actor, rt.views)


async def _inline_reached(rt: Runtime, min_position: int, timeout: float) -> tuple[int, bool]:
    """Catch the views up in a worker thread; wait for a position not written yet on the loop,
    so a query asking for the future holds none of the few worker threads while it waits."""

    def catch_up() -> tuple[int, bool]:
        reached, head = rt.projector.catch_up_with_head()
        target = max(min_position, head)
        return target, reached >= target

    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        target, reached = await run_in_threadpool(catch_up)
        if reached or time.monotonic() >= deadline:
            return target, reached
        await anyio.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(pause * 2, 0.05)


async def _worker_reached(rt: Runtime, min_position: int, timeout: float) -> tuple[int, bool]:
    def target_and_reached(known: int | None) -> tuple[int, bool]:
        target = max(min_position, rt.projector.head()) if known is None else known
        return target, rt.projector.position() >= target

    deadline = time.monotonic() + timeout
    pause = 0.001
    target, reached = await run_in_threadpool(target_and_reached, None)
    while not reached:
        if time.monotonic() >= deadline:
            return target, False
        await anyio.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(pause * 2, 0.02)
        _, reached = await run_in_threadpool(target_and_reached, target)
    return target, True


ReaderDep = Annotated[Reader, Depends(reader)]


AsOfQuery = Annotated[
    AwareDatetime | None,
    Query(
        description="The answer exactly as it stood at this moment (ISO 8601 with a zone), "
        "folded from the person's events; `404` if the person was not registered yet."
    ),
]
