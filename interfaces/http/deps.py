"""What routes depend on: the caller, the application, read-your-writes views."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, get_args

from fastapi import Depends, Query, Request, Response

from application.idempotency import IdempotentRequest, idempotent
from application.journeys import RecoveryJourneys
from application.storage.loop_commands import LoopCommands
from domain.actor import Actor, acting_as
from interfaces.auth import TokenError
from interfaces.http.authentication import ACTOR_SCOPE_KEY
from interfaces.http.errors import FieldError
from interfaces.http.limits import BODY_SCOPE_KEY
from interfaces.http.schemas.common import POSITION_LIMIT, IsoMoment
from interfaces.runtime import Runtime
from projections.queries import JourneyViews

#: Printable ASCII without quotes, optionally quoted as the IETF draft's sf-string. Published in the
#: OpenAPI document and enforced from there, so what the document allows is exactly what is accepted.
IDEMPOTENCY_KEY_PATTERN = r'^"?[\x21\x23-\x7e]{1,255}"?$'
#: ``*`` or a version as the ETag carries it (``"3"``; quotes and a weak ``W/`` are tolerated).
IF_MATCH_PATTERN = r'^(\*|(W/)?"?[0-9]{1,18}"?)$'


# The dependencies below neither block nor wait, so they are ``async def``: FastAPI runs a
# plain ``def`` dependency in the thread pool, one thread hop each, and under load every
# hop waits for the GIL. Only the query itself runs in a worker thread (catching the views
# up on the way, ``Reader``), and a command too unless its store is a SQLite file
# (``application.storage.loop_commands``).


async def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def authenticated_actor(request: Request) -> Actor:
    """The caller, already authenticated by ``BearerAuthentication``.

    A plain function that ``Commands.of`` and ``reader`` call, not a dependency of its own:
    each dependency FastAPI resolves is work on the event loop for every request.
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

        Read here, not declared as FastAPI header parameters and dependencies, which FastAPI
        would resolve on the event loop for every command
        (docs/decisions/0011-routes-build-commands-from-the-request.md). The patterns are
        those the OpenAPI document publishes.
        """
        actor = authenticated_actor(request)
        headers = request.headers
        keyed = _idempotency_key(request, actor)
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


def _idempotency_key(request: Request, actor: Actor) -> IdempotentRequest | None:
    """The request's ``Idempotency-Key``, with its caller and a fingerprint of the request."""
    if (key := request.headers.get("idempotency-key")) is None:
        return None
    _check_header("Idempotency-Key", key, _IDEMPOTENCY_KEY)
    return IdempotentRequest(actor.subject, key.strip('"'), _fingerprint(request))


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


class ViewsBehindError(Exception):
    """The read models have not reached the position a query waits for (raised in its thread)."""

    def __init__(self, reader: Reader) -> None:
        super().__init__(f"the read models have not reached position {reader.target} yet")
        self.reader = reader


@dataclass
class Reader:
    """The read models, caught up with every write made before the query, on first use.

    The query's own worker thread catches them up (or, with a projection worker, looks at
    its position) when the endpoint first asks for ``views``: one trip to a worker thread
    per query, not two. Behind the position the query waits for, ``views`` raises
    ``ViewsBehindError``, and the route (``interfaces.http.routing``) waits on the event
    loop, so a waiting query holds none of the few worker threads, then runs the query
    again, until ``read_wait_seconds`` have passed: then ``503``.
    """

    actor: Actor
    runtime: Runtime
    min_position: int
    #: The position the query waits for: the head when it first looked, or ``min_position``.
    target: int | None = None
    _ready: bool = False

    @property
    def views(self) -> JourneyViews:
        if not self._ready:
            self._ready = self._caught_up()
            if not self._ready:
                raise ViewsBehindError(self)
        return self.runtime.views

    def _caught_up(self) -> bool:
        projector = self.runtime.projector
        if self.runtime.settings.projections == "worker":
            # The worker applies the events; the target is fixed at the first look, so a
            # query is not kept waiting by writes made after it arrived.
            if self.target is None:
                self.target = max(self.min_position, projector.head())
            return projector.position() >= self.target
        reached, head = projector.catch_up_with_head()
        self.target = max(self.min_position, head)
        return reached >= self.target


async def reader(
    request: Request,
    min_position: Annotated[
        int | None,
        Query(
            ge=0,
            lt=POSITION_LIMIT,
            description="Wait (a few seconds at most) until the read models include this position.",
        ),
    ] = None,
) -> Reader:
    return Reader(authenticated_actor(request), request.app.state.runtime, min_position or 0)


ReaderDep = Annotated[Reader, Depends(reader)]


AsOfQuery = Annotated[
    IsoMoment | None,
    Query(
        description="The answer exactly as it stood at this moment (ISO 8601 with a zone), "
        "folded from the person's events; `404` if the person was not registered yet."
    ),
]
