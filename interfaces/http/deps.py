"""What routes depend on: the caller, the application, read-your-writes views."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AwareDatetime

from application.idempotency import IdempotentRequest, idempotent
from application.journeys import RecoveryJourneys
from domain.actor import Actor, acting_as
from interfaces.auth import TokenError
from interfaces.http.authentication import ACTOR_SCOPE_KEY
from interfaces.http.errors import ReadModelsBehindError
from interfaces.http.limits import BODY_SCOPE_KEY
from interfaces.runtime import Runtime
from projections.queries import JourneyViews

_bearer = HTTPBearer(auto_error=False, description="A token from `refocus token create`.")
#: Printable ASCII without quotes, optionally quoted as the IETF draft's sf-string. Published in the
#: OpenAPI document and enforced from there, so what the document allows is exactly what is accepted.
IDEMPOTENCY_KEY_PATTERN = r'^"?[\x21\x23-\x7e]{1,255}"?$'
#: ``*`` or a version as the ETag carries it (``"3"``; quotes and a weak ``W/`` are tolerated).
IF_MATCH_PATTERN = r'^(\*|(W/)?"?[0-9]{1,18}"?)$'


def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def authenticated_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The caller, already authenticated by ``BearerAuthentication`` (declared here for OpenAPI)."""
    actor = request.scope.get(ACTOR_SCOPE_KEY)
    if not isinstance(actor, Actor):
        raise TokenError("send Authorization: Bearer <token>")
    return actor


ActorDep = Annotated[Actor, Depends(authenticated_actor)]
RuntimeDep = Annotated[Runtime, Depends(runtime)]


@dataclass(frozen=True)
class Commands:
    """The application, used on behalf of the authenticated caller, with their idempotency key."""

    actor: Actor
    journeys: RecoveryJourneys
    request: IdempotentRequest | None
    response: Response

    @contextmanager
    def acting(self) -> Iterator[RecoveryJourneys]:
        with acting_as(self.actor), idempotent(self.request):
            yield self.journeys
        if self.request and self.request.replayed:
            self.response.headers["Idempotent-Replayed"] = "true"


def commands(
    actor: ActorDep,
    rt: RuntimeDep,
    request: Request,
    response: Response,
    idempotency_key: Annotated[
        str | None,
        Header(
            description="Makes the command safe to retry: a repeat with the same key and body answers "
            "the first response and writes nothing (kept at least 24 hours). Up to 255 printable ASCII "
            'characters other than `"`, optionally in quotes.',
            pattern=IDEMPOTENCY_KEY_PATTERN,
        ),
    ] = None,
) -> Commands:
    keyed = None
    if idempotency_key is not None:
        keyed = IdempotentRequest(actor.subject, idempotency_key.strip('"'), _fingerprint(request))
    return Commands(actor, rt.journeys, keyed, response)


def _fingerprint(request: Request) -> str:
    body: bytes = request.scope.get(BODY_SCOPE_KEY, b"")
    try:
        canonical = (
            json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode() if body else b""
        )
    except ValueError:
        canonical = body
    return hashlib.sha256(f"{request.method} {request.url.path}\n".encode() + canonical).hexdigest()


CommandsDep = Annotated[Commands, Depends(commands)]


@dataclass(frozen=True)
class Reader:
    """The read models, caught up with every write made before the query."""

    actor: Actor
    views: JourneyViews


def reader(
    actor: ActorDep,
    rt: RuntimeDep,
    min_position: Annotated[
        int | None,
        Query(ge=0, description="Wait (a few seconds at most) until the read models include this position."),
    ] = None,
) -> Reader:
    target = max(min_position or 0, rt.projector.head())
    if rt.settings.projections == "worker":
        # The projection worker applies events; this process only waits for it.
        caught_up = rt.projector.await_position(target, rt.settings.read_wait_seconds)
    else:
        caught_up = rt.projector.wait_for(target, rt.settings.read_wait_seconds)
    if not caught_up:
        raise ReadModelsBehindError(f"the read models have not reached position {target} yet: retry shortly")
    return Reader(actor, rt.views)


ReaderDep = Annotated[Reader, Depends(reader)]


def expected_version(
    if_match: Annotated[
        str | None,
        Header(
            description='Apply only if the aggregate is still at this version: `"3"` from its ETag '
            "(`*`: any version).",
            pattern=IF_MATCH_PATTERN,
        ),
    ] = None,
) -> int | None:
    if if_match is None or if_match == "*":
        return None
    return int(if_match.removeprefix("W/").strip('"'))


ExpectedVersionDep = Annotated[int | None, Depends(expected_version)]


AsOfQuery = Annotated[
    AwareDatetime | None,
    Query(
        description="The answer exactly as it stood at this moment (ISO 8601 with a zone), "
        "folded from the person's events; `404` if the person was not registered yet."
    ),
]
