"""Page routes: who is signed in, CSRF on every form, and failures as pages, in one place.

A page that needs a session redirects to ``/sign-in`` without one. A person outside
the viewer's teams is the same "Page not found" as one that does not exist; a
supervisor posting a change gets the 403 page; a form without its CSRF token
gets a 403 page and changes nothing.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import parse_qsl, quote

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from application.erasure import PersonErasedError
from domain.erased_data import PersonDataErased
from domain.errors import NotFoundError, NotPermittedError
from interfaces.http.errors import ReadModelsBehindError
from interfaces.http.gone import named_ids, refuse_erased
from interfaces.http.reads import recording_reads
from interfaces.http.routing import in_worker_thread
from interfaces.web.rendering import pages_of
from interfaces.web.sessions import CSRF_FIELD, SESSION_COOKIE, Session
from projections.access_log import AccessLogUnavailableError

_log = logging.getLogger("refocus.web")


class SignInRequiredError(Exception):
    """Raised when a page needs a signed-in session and the request has none."""


class CsrfRefusedError(Exception):
    """Raised when a form arrives without the CSRF token it was given."""


def current_session(request: Request) -> Session | None:
    return pages_of(request).sessions.find(request.cookies.get(SESSION_COOKIE))


def signed_in(request: Request) -> Session:
    """The session of the request; a page without one sends the browser to sign in."""
    session = current_session(request)
    if session is None:
        raise SignInRequiredError
    return session


async def form_of(request: Request, session: Session) -> dict[str, str]:
    """The posted form's fields, once its CSRF token is the session's own."""
    fields = await read_form(request)
    if not session.carries(fields.get(CSRF_FIELD)):
        raise CsrfRefusedError
    return fields


async def read_form(request: Request) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body (the pages' forms send nothing else)."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        return {}
    body = (await request.body()).decode("utf-8", errors="replace")
    fields: dict[str, str] = {}
    for name, value in parse_qsl(body, keep_blank_values=True):
        # Checkboxes of one name come once for each box checked: kept together, as
        # `PostedForm.ids` reads them.
        fields[name] = f"{fields[name]},{value}" if name in fields else value
    return fields


class ReadRefusedError(NotPermittedError):
    """A page the signed-in role may not read at all, not only not change; the message, a
    sentence naming no one, is shown on the page."""


def _error_page(request: Request, status: int, title: str, message: str) -> Response:
    pages = pages_of(request)
    context = {"title": title, "message": message}
    return pages.render(request, "error.html", context, session=current_session(request), status_code=status)


def _failure(request: Request, error: Exception) -> Response:
    if isinstance(error, SignInRequiredError):
        root = request.scope.get("root_path", "")
        wanted = request.url.path[len(root) :] if request.method == "GET" else "/"
        target = f"{root}/sign-in" + ("" if wanted == "/" else f"?next={quote(wanted)}")
        return RedirectResponse(target, status_code=303)
    if isinstance(error, PersonErasedError | PersonDataErased) or (
        isinstance(error, NotFoundError) and _erased(request, error.resource_id)
    ):
        return _error_page(request, 410, "Gone", "This person's records have been erased.")
    # A malformed id in the address names no page, just as an unknown one.
    if isinstance(error, NotFoundError | RequestValidationError):
        return _error_page(request, 404, "Page not found", "If you typed the address, check it is correct.")
    if isinstance(error, ReadRefusedError):
        return _error_page(request, 403, "You cannot read this", str(error))
    if isinstance(error, NotPermittedError):
        return _error_page(request, 403, "You cannot do this", "Your role can read this but not change it.")
    if isinstance(error, CsrfRefusedError):
        return _error_page(
            request,
            403,
            "The form could not be sent",
            "The form was not sent from this service's own page, or your session has changed. "
            "Go back, reload the page and try again.",
        )
    if isinstance(error, ReadModelsBehindError):
        return _error_page(request, 503, "Sorry, try again shortly", "The service is catching up.")
    if isinstance(error, AccessLogUnavailableError):
        _log.error("a read of a person's data could not be recorded: not answered")
        page = _error_page(request, 503, "Sorry, try again shortly", "The service could not answer just now.")
        page.headers["Retry-After"] = "1"
        return page
    _log.error("unexpected error on a page %s", type(error).__name__)
    return _error_page(request, 500, "Sorry, there is a problem", "Try again later.")


def _erased(request: Request, resource_id: object) -> bool:
    ids = named_ids({"person_id": resource_id}) or named_ids(request.path_params)
    return bool(request.app.state.runtime.erasures.erased_in_views(ids))


class PageRoute(APIRoute):
    """A page: HTML, left out of the OpenAPI document; a ``def`` endpoint runs in one trip to a
    worker thread (and again while the views catch up), and failures answer as pages."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = in_worker_thread(endpoint)
        kwargs.setdefault("response_class", HTMLResponse)
        kwargs["include_in_schema"] = False
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = recording_reads(super().get_route_handler(), self.path)

        async def page(request: Request) -> Response:
            try:
                if current_session(request) is not None:  # signed out: sent to sign in first
                    await refuse_erased(request)
                return await handler(request)
            except Exception as error:
                return _failure(request, error)

        return page


def page_router() -> APIRouter:
    return APIRouter(route_class=PageRoute)
