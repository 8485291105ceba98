"""Structured logs (``REFOCUS_LOG_FORMAT=json``): one JSON object a line, each with its request's id.

A line holds when, how severe, which logger, the message and the request id; a
request's line (uvicorn's access log, ``REFOCUS_ACCESS_LOG=1``) holds its method,
its route template and its status, never the raw path, the query, the body or the
caller's address. An error's line names the error's type only: messages and
tracebacks can quote the data being written, which is special-category data.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The request being served, for the log lines written while it is.
_CURRENT: ContextVar[tuple[str, Scope] | None] = ContextVar("refocus_request", default=None)
#: A caller's own request id is kept if it looks like one (no spaces, no markup, short).
_GIVEN_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_HEADER = b"x-request-id"


def current_request_id() -> str | None:
    """The id of the request being served, when ``RequestIds`` gave it one (JSON logs)."""
    current = _CURRENT.get()
    return None if current is None else current[0]


class RequestIds:
    """ASGI middleware: each request gets an id (the caller's ``X-Request-Id`` or a new one),
    answered in ``X-Request-Id`` and written on every log line made while it is served."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v for k, v in scope["headers"] if k == _HEADER), b"").decode("latin-1")
        request_id = given if _GIVEN_ID.fullmatch(given) else uuid.uuid4().hex
        token = _CURRENT.set((request_id, scope))

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (_HEADER, request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            _CURRENT.reset(token)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        current = _CURRENT.get()
        if current is not None:
            line["request_id"] = current[0]
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
            _, method, _, _, status = record.args
            route = current[1].get("route") if current is not None else None
            line.update(
                message="request", method=method, route=getattr(route, "path", "unmatched"), status=status
            )
        else:
            line["message"] = record.getMessage()
        if record.exc_info and record.exc_info[0] is not None:
            line["error_type"] = record.exc_info[0].__name__
        return json.dumps(line, ensure_ascii=False)


def json_log_config() -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for uvicorn and the service: every line as JSON on stderr."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": handler},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        },
        "root": {"handlers": ["stderr"], "level": "INFO"},
    }
