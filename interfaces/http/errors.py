"""Every failure as ``application/problem+json`` (RFC 9457), mapped in one place.

Details name fields, states and rules, never the person's words: request
bodies and event payloads are special-category data and stay out of errors.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from datetime import UTC, datetime
from typing import Any

import psycopg
from eventsourcing.persistence import PersistenceError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from application.erasure import PersonErasedError
from application.errors import ConcurrentUpdateError, VersionMismatchError
from application.storage.outages import store_unavailable
from domain.erased_data import PersonDataErased
from domain.errors import (
    InvalidInputError,
    JourneyError,
    NotFoundError,
    NotPermittedError,
    RuleViolationError,
)
from interfaces.auth import TokenError
from projections.access_log import AccessLogUnavailableError

PROBLEM_JSON = "application/problem+json"
_log = logging.getLogger("refocus.http")
#: Scope key a handler sets to tell the metrics how a command ended when the status alone does not.
OUTCOME_SCOPE_KEY = "refocus.outcome"
#: Seconds a client is asked to wait before trying again while the store is unavailable.
STORE_RETRY_AFTER_SECONDS = 2


class StoreErrors:
    """The last time the store failed a request, and how (its error's type only), for readiness."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: dict[str, str] | None = None

    def record(self, error: BaseException) -> None:
        with self._lock:
            self._last = {"type": type(error).__name__, "at": datetime.now(UTC).isoformat()}

    @property
    def last(self) -> dict[str, str] | None:
        return self._last


class ReadModelsBehindError(Exception):
    """Raised when the read models did not reach the asked-for position in time."""


class FieldError(Exception):
    """Raised by the HTTP layer for a malformed header or parameter it parses itself."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    kind: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {"type": f"/problems/{kind}", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def gone() -> JSONResponse:
    """The person's data has been erased: the same answer whichever id named them."""
    return problem(410, "Gone", "The person's data has been erased.", kind="gone")


def invalid(errors: list[dict[str, str]]) -> JSONResponse:
    fields = ", ".join(e["field"] for e in errors)
    return problem(422, "Invalid input", f"Check these fields: {fields}", kind="invalid-input", errors=errors)


#: A key named back as it was sent: the shape of a field name, short, no markup, no spaces.
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")


def _safe_parts(loc: tuple[Any, ...], body: Any) -> list[str]:
    """The location's parts, each key sent that is not plainly a field name replaced by its
    place in its object (`key#2`): an unknown key is the caller's text, and can be the
    person's words or markup."""
    parts: list[str] = []
    node = body
    for part in loc:
        keys = list(node) if isinstance(node, dict) else []
        if isinstance(part, str) and part in keys and not _PLAIN_KEY.fullmatch(part):
            parts.append(f"key#{keys.index(part) + 1}")
        else:
            parts.append(str(part))
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return parts


def _field_name(loc: tuple[Any, ...], body: Any = None) -> str:
    if len(loc) == 2 and loc[0] == "header":
        # Headers arrive lower-cased; name them as integrators write them (`If-Match`).
        return "-".join(word.capitalize() for word in str(loc[1]).split("-"))
    if loc and loc[0] in ("body", "query", "path", "header"):
        parts = _safe_parts(loc[1:], body if loc[0] == "body" else None)
    else:
        parts = _safe_parts(loc, None)
    name = ""
    for part in parts:
        name += f"[{part}]" if part.isdigit() else (f".{part}" if name else part)
    return name or (str(loc[0]) if loc else "body")


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> str:
    """Every method some route answers at this path: the router's own 405 names only the first
    route's (`Allow: POST` on `/api/v1/people`, which also answers GET)."""
    routes = request.app.router.routes
    allowed = [
        method
        for method in _METHODS
        if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes)
    ]
    return ", ".join(allowed)


def install_error_handlers(app: FastAPI) -> None:
    app.state.store_errors = StoreErrors()

    @app.exception_handler(PersistenceError)
    @app.exception_handler(psycopg.Error)
    @app.exception_handler(sqlite3.Error)
    @app.exception_handler(OSError)
    def _store(request: Request, exc: Exception) -> JSONResponse:
        if not store_unavailable(exc):
            return _unexpected(request, exc)
        request.app.state.store_errors.record(exc)
        _log.warning("store unavailable %s", type(exc).__name__)
        return problem(
            503,
            "Store unavailable",
            "The database cannot be reached or written just now: retry shortly.",
            kind="store-unavailable",
            headers={"Retry-After": str(STORE_RETRY_AFTER_SECONDS)},
        )

    @app.exception_handler(RequestValidationError)
    def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for error in exc.errors():
            if error.get("type") == "json_invalid":
                errors.append({"field": "body", "message": "the body is not valid JSON"})
            else:
                field = _field_name(tuple(error["loc"]), exc.body)
                errors.append({"field": field, "message": error["msg"]})
        return invalid(errors)

    @app.exception_handler(InvalidInputError)
    def _invalid(_: Request, exc: InvalidInputError) -> JSONResponse:
        return invalid([{"field": exc.field, "message": exc.message}])

    @app.exception_handler(FieldError)
    def _field(_: Request, exc: FieldError) -> JSONResponse:
        return invalid([{"field": exc.field, "message": exc.message}])

    @app.exception_handler(NotFoundError)
    def _not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        # Not found because erased (a view purged before this process heard of the erasure).
        if request.app.state.runtime.erasures.erased_in_views([exc.resource_id]):
            return gone()
        return problem(404, "Not found", f"No {exc.kind} with this id is visible to you.", kind="not-found")

    @app.exception_handler(PersonErasedError)
    def _gone(_: Request, exc: PersonErasedError) -> JSONResponse:
        return gone()

    # An erased person's event met before this process heard of the erasure (another process
    # erased them, the views not yet caught up): their key is gone, so is their data.
    @app.exception_handler(PersonDataErased)
    def _data_gone(_: Request, exc: PersonDataErased) -> JSONResponse:
        return gone()

    @app.exception_handler(RuleViolationError)
    def _rule(request: Request, exc: RuleViolationError) -> JSONResponse:
        request.scope[OUTCOME_SCOPE_KEY] = "refused_by_rule"
        return problem(409, "Not allowed now", exc.detail, kind="rule-violation", rule=exc.rule)

    @app.exception_handler(ConcurrentUpdateError)
    def _concurrent(request: Request, exc: ConcurrentUpdateError) -> JSONResponse:
        request.scope[OUTCOME_SCOPE_KEY] = "conflict"
        return problem(409, "Concurrent update", str(exc), kind="concurrent-update", rule="concurrent_update")

    @app.exception_handler(VersionMismatchError)
    def _stale(_: Request, exc: VersionMismatchError) -> JSONResponse:
        return problem(
            412, "Precondition failed", str(exc), kind="version-mismatch", current_version=exc.current
        )

    @app.exception_handler(NotPermittedError)
    def _forbidden(_: Request, exc: NotPermittedError) -> JSONResponse:
        return problem(403, "Forbidden", str(exc), kind="forbidden")

    @app.exception_handler(TokenError)
    def _unauthenticated(_: Request, exc: TokenError) -> JSONResponse:
        return problem(
            401, "Unauthorized", str(exc), kind="unauthorized", headers={"WWW-Authenticate": "Bearer"}
        )

    @app.exception_handler(ReadModelsBehindError)
    def _behind(_: Request, exc: ReadModelsBehindError) -> JSONResponse:
        return problem(
            503, "Read models behind", str(exc), kind="read-models-behind", headers={"Retry-After": "1"}
        )

    @app.exception_handler(AccessLogUnavailableError)
    def _unrecorded(_: Request, exc: AccessLogUnavailableError) -> JSONResponse:
        _log.error("a read of a person's data could not be recorded: not answered")
        detail = "The read could not be recorded in the access log, so it is not answered: retry shortly."
        return problem(
            503, "Access log unavailable", detail, kind="access-log-unavailable", headers={"Retry-After": "1"}
        )

    @app.exception_handler(JourneyError)
    def _journey(_: Request, exc: JourneyError) -> JSONResponse:
        _log.error("unmapped journey error %s", type(exc).__name__)
        return problem(500, "Internal error", "The request could not be completed.", kind="internal")

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # The framework's answer to a body it cannot decode at all (bytes that are not UTF-8);
            # malformed input is 422 by contract, as for JSON that does not parse.
            return invalid([{"field": "body", "message": "the body is not valid JSON"}])
        titles = {404: "Not found", 405: "Method not allowed", 413: "Request too large"}
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": _allowed_methods(request)}
        return problem(
            exc.status_code,
            titles.get(exc.status_code, "HTTP error"),
            str(exc.detail),
            kind=f"http-{exc.status_code}",
            headers=headers,
        )

    @app.exception_handler(Exception)
    def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        # The type only: messages of storage errors can quote the data being written.
        _log.error("unexpected error %s", type(exc).__name__)
        return problem(500, "Internal error", "The request could not be completed.", kind="internal")
