"""Authenticate every ``/api/v1`` request before anything else reads it, even its body.

A request without a valid bearer token learns nothing from validation errors
or timing of body parsing: it gets 401 and nothing more.

Two kinds of token are accepted: the service's own (``refocus token create``, issuer
``refocus``) and, when ``REFOCUS_OIDC_ISSUER`` is set, JWTs of that identity provider
(``interfaces.oidc``). Past the failed-authentication rate of a client address, or the
command rate of a subject, a request answers 429 with ``Retry-After``.
"""

from __future__ import annotations

import time
from typing import Any

import jwt
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from domain.actor import Actor
from interfaces.auth import ISSUER, TokenError
from interfaces.http.errors import problem
from interfaces.oidc.bearer import ProviderTokens
from interfaces.oidc.provider import ProviderUnavailableError
from interfaces.rates import TokenBuckets, retry_after
from interfaces.revocation import TokenVerifier

API_PREFIX = "/api/v1"
ACTOR_SCOPE_KEY = "refocus.actor"
#: Verified tokens remembered per process; past this many, the memory starts afresh.
TOKENS_REMEMBERED = 10_000
#: Requests that change something; each takes one from its subject's command bucket.
COMMAND_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


class BearerAuthentication:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # A client sends the same token with every request: its signature, costly to check,
        # is checked once and its actor remembered until the token expires.
        # Its revocation is checked on every request, as it may come at any time.
        self._verified: dict[tuple[str, str], tuple[Actor, str | None, float]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(API_PREFIX):
            state = scope["app"].state
            try:
                actor = scope[ACTOR_SCOPE_KEY] = await self._actor(scope, state)
            except _BlockedError as blocked:
                await _too_many(scope, receive, send, blocked.wait, "refused tokens from this address")
                return
            except ProviderUnavailableError as error:
                response = problem(503, "Service unavailable", str(error), kind="unavailable")
                await response(scope, receive, send)
                return
            except TokenError as error:
                # A refused token counts against its address; a request with none is cheap to refuse.
                if state.failure_buckets is not None and not isinstance(error, _NoTokenError):
                    state.failure_buckets.take(_address(scope))
                response = problem(401, "Unauthorized", str(error), kind="unauthorized", headers=_CHALLENGE)
                await response(scope, receive, send)
                return
            commands: TokenBuckets | None = state.command_buckets
            if commands is not None and scope["method"] in COMMAND_METHODS:
                wait = commands.take(actor.subject)
                if wait:
                    await _too_many(scope, receive, send, wait, "commands from this caller")
                    return
        await self.app(scope, receive, send)

    async def _actor(self, scope: Scope, state: Any) -> Actor:
        authorization = Headers(scope=scope).get("authorization", "")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _NoTokenError("send Authorization: Bearer <token>")
        verifier: TokenVerifier = state.tokens
        ident = (verifier.key, token.strip())
        known = self._verified.get(ident)
        if known is not None and time.time() < known[2]:
            if known[1] is not None:
                verifier.check_not_revoked(known[1])
            return known[0]
        failures: TokenBuckets | None = state.failure_buckets
        if failures is not None and (wait := failures.wait(_address(scope))):
            raise _BlockedError(wait)
        provider: ProviderTokens | None = state.oidc
        verified: tuple[Actor, str | None, float]
        if provider is not None and _issuer(ident[1]) != ISSUER:
            verified = await provider.read(ident[1])
            if verified[1] is not None:
                verifier.check_not_revoked(verified[1])
        else:
            verified = verifier.read(ident[1])
        if len(self._verified) >= TOKENS_REMEMBERED:
            self._verified.clear()
        self._verified[ident] = verified
        return verified[0]


_BLOCKED = "too many failed authentications"


class _NoTokenError(TokenError):
    pass


class _BlockedError(TokenError):
    def __init__(self, wait: float) -> None:
        super().__init__(_BLOCKED)
        self.wait = wait


def _issuer(token: str) -> object:
    """The ``iss`` a token claims, unverified: it only chooses who verifies it."""
    try:
        return jwt.decode(token, options={"verify_signature": False}).get("iss")
    except jwt.InvalidTokenError:
        return None


def _address(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


async def _too_many(scope: Scope, receive: Receive, send: Send, wait: float, what: str) -> None:
    response = problem(
        429,
        "Too many requests",
        f"Too many {what}: try again in {retry_after(wait)} seconds.",
        kind="too-many-requests",
        headers={"Retry-After": retry_after(wait)},
    )
    await response(scope, receive, send)
