"""Signing in to the pages (signing out: ``interfaces.web.sign_out``).

A sign-in link (``refocus token create --link``, ``refocus demo``) opens ``/sign-in``
with its token; the page asks to confirm, and the confirming post signs in. The post,
not the link itself, starts the session: a link scanner or preview that fetches the
address uses nothing, and the session cookie (``SameSite=Strict``) is set by a
same-site request, so the browser sends it on the very next page. A link signs in
once; a bearer token pasted into the same page signs in too.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Query
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from domain.actor import Actor
from interfaces.auth import TokenError, read_sign_in_token
from interfaces.rates import TokenBuckets, retry_after
from interfaces.web.rendering import pages_of
from interfaces.web.routing import CsrfRefusedError, current_session, page_router, read_form
from interfaces.web.sessions import CSRF_FIELD, SIGN_IN_CSRF_COOKIE, set_session_cookie

router = page_router()

#: ``/sign-in?signed_out=`` this: signed out here, but the identity provider could not be asked
#: to end its own session (``interfaces.web.sign_out``).
PROVIDER_STILL_SIGNED_IN = "provider-still-signed-in"


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site, never another site's address."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def render_sign_in(
    request: Request,
    *,
    link: str | None = None,
    link_actor: Actor | None = None,
    error: str | None = None,
    status_code: int = 200,
    next_page: str = "/",
    provider_still_signed_in: bool = False,
) -> Response:
    pages = pages_of(request)
    csrf = request.cookies.get(SIGN_IN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = pages.render(
        request,
        "sign_in.html",
        {
            "link": link,
            "link_actor": link_actor,
            "error": error,
            "sign_in_csrf": csrf,
            "next": next_page,
            # "Sign in with <provider>", when an OpenID Connect provider is configured.
            "single_sign_on": pages.settings.oidc.provider_name if pages.settings.oidc else None,
            "provider_still_signed_in": provider_still_signed_in,
        },
        status_code=status_code,
    )
    response.set_cookie(
        SIGN_IN_CSRF_COOKIE,
        csrf,
        max_age=3600,
        path="/sign-in",
        httponly=True,
        samesite="strict",
        secure=pages.settings.cookie_secure,
    )
    return response


@router.get("/sign-in")
async def sign_in_page(
    request: Request,
    token: Annotated[str | None, Query(max_length=4096)] = None,
    next_page: Annotated[str | None, Query(alias="next", max_length=2048)] = None,
    signed_out: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The sign-in page: confirm a sign-in link, or paste a token."""
    if current_session(request) is not None and token is None:
        return RedirectResponse(request.scope.get("root_path", "") + safe_next(next_page), status_code=303)
    if token is None:
        return render_sign_in(
            request,
            next_page=safe_next(next_page),
            provider_still_signed_in=signed_out == PROVIDER_STILL_SIGNED_IN,
        )
    pages = pages_of(request)
    try:
        actor, link_id, _ = read_sign_in_token(request.app.state.signing_key, token)
    except TokenError as error:
        return render_sign_in(request, error=f"This sign-in link cannot be used: {error}.", status_code=400)
    if pages.sessions.link_used(link_id):
        return render_sign_in(
            request, error="This sign-in link has been used already: ask for a new one.", status_code=400
        )
    return render_sign_in(request, link=token, link_actor=actor)


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    """Start a session from a sign-in link's token or a pasted bearer token."""
    fields = await read_form(request)
    expected = request.cookies.get(SIGN_IN_CSRF_COOKIE)
    sent = fields.get(CSRF_FIELD)
    if not expected or not sent or not secrets.compare_digest(expected, sent):
        raise CsrfRefusedError
    pages = pages_of(request)
    key = request.app.state.signing_key
    next_page = safe_next(fields.get("next"))
    # Refused tokens and links count against the address, as on the API.
    failures: TokenBuckets | None = request.app.state.failure_buckets
    address = request.client.host if request.client else "unknown"
    if failures is not None and (wait := failures.wait(address)):
        refused = render_sign_in(
            request,
            error=f"There were too many failed sign-ins from here: try again in {retry_after(wait)} seconds.",
            status_code=429,
            next_page=next_page,
        )
        refused.headers["Retry-After"] = retry_after(wait)
        return refused
    try:
        if link := fields.get("link"):
            actor, link_id, link_expires = read_sign_in_token(key, link)
            if not pages.sessions.use_link(link_id, link_expires):
                raise TokenError("the sign-in link has been used already")
            session = pages.sessions.start(actor)
        else:
            pasted = fields.get("token", "").strip()
            if not pasted:
                raise TokenError("paste a token")
            actor, _, expires = request.app.state.tokens.read(pasted)
            session = pages.sessions.start(actor, not_after=expires)
    except TokenError as error:
        if failures is not None and (fields.get("link") or fields.get("token", "").strip()):
            failures.take(address)
        return render_sign_in(
            request, error=f"You could not be signed in: {error}.", status_code=400, next_page=next_page
        )
    response = RedirectResponse(request.scope.get("root_path", "") + next_page, status_code=303)
    set_session_cookie(response, session, secure=pages.settings.cookie_secure)
    response.delete_cookie(SIGN_IN_CSRF_COOKIE, path="/sign-in", httponly=True, samesite="strict")
    return response
