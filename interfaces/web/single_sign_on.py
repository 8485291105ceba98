"""Signing in to the pages through the OpenID Connect provider: authorization code with PKCE.

``/sign-in/oidc`` sends the browser to the provider with a fresh ``state``, ``nonce`` and
PKCE code challenge (S256); ``/sign-in/oidc/callback`` takes the code back, exchanges it
with the code verifier (Authlib's client), and checks the ID token against the provider's
keys (``interfaces.oidc.provider``: issuer, audience, expiry, signature) and the nonce.
The ``state`` is also set in a cookie of this browser, so an answer started in another
browser (a forged sign-in) is refused. Each sign-in can be completed once, within ten
minutes. The session then starts as any other (``interfaces.web.sessions``), with the
role and teams of the configured claims.

The callback is a navigation from the provider's site, on which the browser withholds the
``SameSite=Strict`` session cookie: it answers a page that moves on to the next page from
this site, where the cookie is sent.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from authlib.common.security import generate_token  # type: ignore[import-untyped]
from authlib.integrations.httpx_client import (  # type: ignore[import-untyped]
    AsyncOAuth2Client,
    OAuthError,
)
from fastapi import Query
from httpx import HTTPError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from interfaces.auth import TokenError
from interfaces.oidc.bearer import ProviderTokens
from interfaces.oidc.claims import actor_from_claims
from interfaces.web.rendering import pages_of
from interfaces.web.routing import page_router
from interfaces.web.sessions import Session, set_session_cookie
from interfaces.web.sign_in import render_sign_in, safe_next

router = page_router()

STATE_COOKIE = "refocus_oidc_state"
CALLBACK_PATH = "/sign-in/oidc/callback"
#: How long a started sign-in may take at the provider.
PENDING_SECONDS = 600
#: Sign-ins started but not completed, kept at most; past it the oldest are dropped.
PENDING_KEPT = 10_000


@dataclass(frozen=True)
class Pending:
    nonce: str
    code_verifier: str
    next_page: str
    redirect_uri: str
    expires_at: float


class PendingSignIns:
    """Sign-ins sent to the provider and not back yet, by ``state``; each is taken once."""

    def __init__(self) -> None:
        self._pending: dict[str, Pending] = {}
        self._lock = threading.Lock()

    def add(self, state: str, pending: Pending) -> None:
        with self._lock:
            now = time.time()
            for key in [k for k, p in self._pending.items() if p.expires_at <= now]:
                del self._pending[key]
            while len(self._pending) >= PENDING_KEPT:
                del self._pending[next(iter(self._pending))]
            self._pending[state] = pending

    def take(self, state: str) -> Pending | None:
        with self._lock:
            pending = self._pending.pop(state, None)
        if pending is None or pending.expires_at <= time.time():
            return None
        return pending


def _provider(request: Request) -> ProviderTokens | None:
    tokens: ProviderTokens | None = request.app.state.oidc
    return tokens


def _pending(request: Request) -> PendingSignIns:
    state = request.app.state
    if not hasattr(state, "pending_sign_ins"):
        state.pending_sign_ins = PendingSignIns()
    pending: PendingSignIns = state.pending_sign_ins
    return pending


def _redirect_uri(request: Request, tokens: ProviderTokens) -> str:
    configured = tokens.settings.redirect_uri
    if configured:
        return configured
    return str(request.base_url).rstrip("/") + CALLBACK_PATH


def _client(tokens: ProviderTokens, redirect_uri: str) -> AsyncOAuth2Client:
    settings = tokens.settings
    return AsyncOAuth2Client(
        client_id=settings.client_id,
        client_secret=settings.client_secret or None,
        token_endpoint_auth_method="client_secret_basic" if settings.client_secret else "none",
        scope=settings.scopes,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        timeout=10,
    )


@router.get("/sign-in/oidc")
async def start_sign_in(
    request: Request, next_page: Annotated[str | None, Query(alias="next", max_length=2048)] = None
) -> Response:
    """Send the browser to the provider's sign-in."""
    tokens = _provider(request)
    if tokens is None:
        return render_sign_in(request, error="Single sign-on is not set up here.", status_code=404)
    try:
        metadata = await tokens.provider.metadata()
    except TokenError as error:
        return render_sign_in(request, error=f"You could not be signed in: {error}.", status_code=503)
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    redirect_uri = _redirect_uri(request, tokens)
    async with _client(tokens, redirect_uri) as client:
        address, _ = client.create_authorization_url(
            metadata["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier
        )
    _pending(request).add(
        state, Pending(nonce, verifier, safe_next(next_page), redirect_uri, time.time() + PENDING_SECONDS)
    )
    response = RedirectResponse(address, status_code=303)
    # Lax, not Strict: the provider sends the browser back with a navigation from its own site.
    response.set_cookie(
        STATE_COOKIE,
        state,
        max_age=PENDING_SECONDS,
        path="/sign-in/oidc",
        httponly=True,
        samesite="lax",
        secure=pages_of(request).settings.cookie_secure,
    )
    return response


@router.get(CALLBACK_PATH)
async def finish_sign_in(
    request: Request,
    code: Annotated[str | None, Query(max_length=4096)] = None,
    state: Annotated[str | None, Query(max_length=512)] = None,
    error: Annotated[str | None, Query(max_length=256)] = None,
) -> Response:
    """Take the provider's answer: check it, exchange the code, check the ID token, sign in."""
    tokens = _provider(request)
    if tokens is None:
        return render_sign_in(request, error="Single sign-on is not set up here.", status_code=404)
    expected = request.cookies.get(STATE_COOKIE)
    if error:
        # Nothing is signed in; some providers leave the state out of a refusal.
        if state:
            _pending(request).take(state)
        return _refused(request, "the identity provider did not sign you in")
    if not state or not expected or not secrets.compare_digest(state, expected):
        return _refused(request, "the answer does not belong to a sign-in started in this browser")
    pending = _pending(request).take(state)
    if pending is None:
        return _refused(request, "the sign-in took too long or was completed already: start again")
    if not code:
        return _refused(request, "the identity provider sent no sign-in code")
    try:
        metadata = await tokens.provider.metadata()
        async with _client(tokens, pending.redirect_uri) as client:
            answer = await client.fetch_token(
                metadata["token_endpoint"], code=code, code_verifier=pending.code_verifier
            )
        id_token = answer.get("id_token")
        if not isinstance(id_token, str):
            raise TokenError("the identity provider sent no ID token")
        claims = await tokens.provider.verify(id_token, tokens.settings.client_id, nonce=pending.nonce)
        actor = actor_from_claims(claims, tokens.settings.role_claim, tokens.settings.teams_claim)
    except (OAuthError, HTTPError):
        return _refused(request, "the identity provider refused the sign-in code")
    except TokenError as problem:
        return _refused(request, str(problem))
    pages = pages_of(request)
    session = pages.sessions.start(actor, provider_id_token=id_token)
    root = request.scope.get("root_path", "")
    response = pages.render(
        request, "signed_in.html", {"next_page": root + pending.next_page}, session=session
    )
    set_session_cookie(response, session, secure=pages.settings.cookie_secure)
    response.delete_cookie(STATE_COOKIE, path="/sign-in/oidc", httponly=True, samesite="lax")
    return response


async def provider_sign_out_address(request: Request, session: Session) -> str | None:
    """Where the browser ends a single sign-on session at the provider too, or None.

    Signing out of the pages alone would leave the provider's own session open, and on a
    shared computer the next "Sign in with ..." would sign the next person in as the last one,
    with no password asked (OpenID Connect RP-Initiated Logout 1.0). None for a session not
    started through the provider; ``ProviderUnreachableError`` when the provider cannot say
    where its sign-out is, or has none.
    """
    tokens = _provider(request)
    if tokens is None or session.provider_id_token is None:
        return None
    try:
        metadata = await tokens.provider.metadata()
    except TokenError as error:
        raise ProviderUnreachableError from error
    end_session = metadata.get("end_session_endpoint")
    if not isinstance(end_session, str) or not end_session.startswith(("https://", "http://")):
        raise ProviderUnreachableError
    back = tokens.settings.post_logout_redirect_uri or str(request.base_url).rstrip("/") + "/sign-in"
    query = urlencode(
        {
            "id_token_hint": session.provider_id_token,
            "client_id": tokens.settings.client_id,
            "post_logout_redirect_uri": back,
        }
    )
    return f"{end_session}{'&' if '?' in end_session else '?'}{query}"


class ProviderUnreachableError(Exception):
    """The identity provider could not be asked to end its own session."""


def _refused(request: Request, reason: str) -> Response:
    response = render_sign_in(request, error=f"You could not be signed in: {reason}.", status_code=400)
    response.delete_cookie(STATE_COOKIE, path="/sign-in/oidc", httponly=True, samesite="lax")
    return response
