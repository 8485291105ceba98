"""Authenticate every ``/api/v1`` request before anything else reads it, even its body.

A request without a valid bearer token learns nothing from validation errors
or timing of body parsing: it gets 401 and nothing more.
"""

from __future__ import annotations

import time

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from domain.actor import Actor
from interfaces.auth import TokenError
from interfaces.http.errors import problem
from interfaces.revocation import TokenVerifier

API_PREFIX = "/api/v1"
ACTOR_SCOPE_KEY = "refocus.actor"
#: Verified tokens remembered per process; past this many, the memory starts afresh.
TOKENS_REMEMBERED = 10_000


class BearerAuthentication:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # A client sends the same token with every request: its signature, costly to check,
        # is checked once and its actor remembered until the token expires.
        # Its revocation is checked on every request, as it may come at any time.
        self._verified: dict[tuple[str, str], tuple[Actor, str, float]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(API_PREFIX):
            try:
                scope[ACTOR_SCOPE_KEY] = self._actor(scope)
            except TokenError as error:
                response = problem(
                    401,
                    "Unauthorized",
                    str(error),
                    kind="unauthorized",
                    headers={"WWW-Authenticate": "Bearer"},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _actor(self, scope: Scope) -> Actor:
        authorization = Headers(scope=scope).get("authorization", "")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise TokenError("send Authorization: Bearer <token>")
        verifier: TokenVerifier = scope["app"].state.tokens
        ident = (verifier.key, token.strip())
        known = self._verified.get(ident)
        if known is not None and time.time() < known[2]:
            verifier.check_not_revoked(known[1])
            return known[0]
        verified = verifier.read(ident[1])
        if len(self._verified) >= TOKENS_REMEMBERED:
            self._verified.clear()
        self._verified[ident] = verified
        return verified[0]
