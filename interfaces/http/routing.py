"""Routes whose blocking work takes at most one trip to a worker thread.

FastAPI runs a plain ``def`` endpoint in the thread pool, then, to validate its
answer against ``response_model``, goes to the pool a second time. Each trip is
a hand-over between threads that, under load, waits for the GIL (up to the
interpreter's switch interval). ``OneThreadRoute`` wraps a ``def`` endpoint in a
coroutine that runs it in the pool once; FastAPI then validates and serialises
the answer on the event loop, where it is cheap. A command (an endpoint taking
``Commands``) on a SQLite file runs on the loop itself
(``application.storage.loop_commands``, docs/decisions/0003-commands-on-the-event-loop-for-sqlite.md);
its ``Commands`` is made from the request here, and its headers documented here,
rather than by a FastAPI dependency (docs/decisions/0011-routes-build-commands-from-the-request.md).
"""

from __future__ import annotations

import functools
import inspect
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar, get_args, get_type_hints

import anyio
from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match
from starlette.types import Scope

from interfaces.http.deps import (
    IDEMPOTENCY_KEY_DOC,
    IDEMPOTENCY_KEY_PATTERN,
    IF_MATCH_DOC,
    IF_MATCH_PATTERN,
    Commands,
    ViewsBehindError,
    honours_if_match,
)
from interfaces.http.errors import ReadModelsBehindError
from interfaces.http.gone import (
    answers_keyed_repeats,
    anyone_erased,
    keyed,
    names_a_person,
    refuse_erased,
)
from interfaces.http.reads import recording_reads
from interfaces.http.responses import COMMAND_PROBLEMS, CREATE_PROBLEMS, QUERY_PROBLEMS, problems
from interfaces.http.schemas import CommandResult

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
STOPPED_DETAIL = (
    "the read models stopped at an event they could not apply; they go on once an operator "
    "resumes or skips it (refocus projections status)"
)


def in_worker_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """A coroutine with ``endpoint``'s signature that runs it in the thread pool; a query whose
    read models are behind the position it waits for runs again once they may have caught up."""

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        deadline: float | None = None
        pause = 0.001
        while True:
            try:
                return await run_in_threadpool(endpoint, *args, **kwargs)
            except ViewsBehindError as behind:
                reader = behind.reader
                now = time.monotonic()
                if deadline is None:
                    projector = reader.runtime.projector
                    # Inline, this process's projector is the one that stops; else ask the store.
                    inline = reader.runtime.settings.projections == "inline"
                    if projector.halted if inline else await run_in_threadpool(projector.stoppage):
                        # Stopped at an event until an operator acts: waiting would not help.
                        raise ReadModelsBehindError(STOPPED_DETAIL) from None
                    deadline = now + reader.runtime.settings.read_wait_seconds
                if now >= deadline:
                    raise ReadModelsBehindError(f"{behind}: retry shortly") from None
                await anyio.sleep(min(pause, deadline - now))
                pause = min(pause * 2, 0.02)

    return run


def running_commands(endpoint: Callable[..., Any], commands: str, versioned: bool) -> Callable[..., Any]:
    """A coroutine that makes the endpoint's ``Commands`` from the request and runs it where its
    store wants commands run.

    FastAPI sees the endpoint's other parameters, and the request and the response (FastAPI
    hands a route one of each: the endpoint's own ``Response`` parameter if it has one), so it
    resolves no dependency for ``Commands``: each dependency and header parameter FastAPI
    resolves is work on the event loop for every command.
    """
    hints = get_type_hints(endpoint, include_extras=True)
    signature = inspect.signature(endpoint)
    parameters = [
        parameter.replace(annotation=hints.get(name, parameter.annotation))
        for name, parameter in signature.parameters.items()
        if name != commands
    ]
    own = {kind: p.name for p in parameters for kind in (Request, Response) if p.annotation is kind}
    request_name, response_name = own.get(Request, "refocus_request"), own.get(Response, "refocus_response")
    for name, kind in ((request_name, Request), (response_name, Response)):
        if kind not in own:
            parameters.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind))

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        request = kwargs[request_name] if Request in own else kwargs.pop(request_name)
        response = kwargs[response_name] if Response in own else kwargs.pop(response_name)
        made = kwargs[commands] = Commands.of(request, response, versioned=versioned)
        if made.on_loop is None:
            return await run_in_threadpool(endpoint, *args, **kwargs)
        return await made.on_loop.run(functools.partial(endpoint, *args, **kwargs))

    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=parameters, return_annotation=hints.get("return", signature.return_annotation)
    )
    return run


def _commands_parameter(endpoint: Callable[..., Any]) -> tuple[str, bool] | None:
    """The name of the endpoint's ``Commands`` parameter, and whether it honours ``If-Match``."""
    hints = get_type_hints(endpoint, include_extras=True)
    for name, hint in hints.items():
        if name != "return" and Commands in (hint, *get_args(hint)):
            return name, honours_if_match(hint)
    return None


def _header(name: str, description: str, pattern: str) -> dict[str, Any]:
    """A header parameter as FastAPI documents one declared with ``Header(pattern=...)``."""
    schema = {"description": description, "title": name, "type": "string", "pattern": pattern}
    return {
        "name": name.lower(),
        "in": "header",
        "required": False,
        "schema": schema,
        "description": description,
    }


COMMAND_HEADERS = [_header("Idempotency-Key", IDEMPOTENCY_KEY_DOC, IDEMPOTENCY_KEY_PATTERN)]
VERSIONED_COMMAND_HEADERS = [*COMMAND_HEADERS, _header("If-Match", IF_MATCH_DOC, IF_MATCH_PATTERN)]


class OneThreadRoute(APIRoute):
    """A route whose ``def`` endpoint takes one trip to a worker thread, or none for a command on
    a SQLite file; a command's ``Commands`` is made from the request."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        # Commands answer ids and positions, never a person's data: only queries are recorded.
        self._reads_people = _commands_parameter(endpoint) is None
        self._keyed_repeats_pass = answers_keyed_repeats(endpoint)
        if not inspect.iscoroutinefunction(endpoint):
            found = _commands_parameter(endpoint)
            if found is None:
                endpoint = in_worker_thread(endpoint)
            else:
                name, versioned = found
                endpoint = running_commands(endpoint, name, versioned)
                headers = VERSIONED_COMMAND_HEADERS if versioned else COMMAND_HEADERS
                extra = kwargs.get("openapi_extra") or {}
                kwargs["openapi_extra"] = {**extra, "parameters": [*extra.get("parameters", []), *headers]}
        self._names_a_person = names_a_person(path)
        if self._names_a_person:
            kwargs["responses"] = {**problems(410), **(kwargs.get("responses") or {})}
        super().__init__(path, endpoint, **kwargs)
        self._literal_prefix = path.split("{", 1)[0]

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self._reads_people:
            handler = recording_reads(handler, self.path)
        if not self._names_a_person:
            return handler
        recorded = handler
        keyed_repeats_pass = self._keyed_repeats_pass

        async def unless_erased(request: Request) -> Response:
            if anyone_erased(request) and not (keyed_repeats_pass and keyed(request)):
                await refuse_erased(request)
            return await recorded(request)

        return unless_erased

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        # Most routes are tried for every request, in order: one string comparison tells a
        # request for another route apart, where the route's regular expression is slower.
        if scope["type"] == "http" and not _route_path(scope).startswith(self._literal_prefix):
            return Match.NONE, {}
        return super().matches(scope)


def _route_path(scope: Scope) -> str:
    """The request's path below the app's mount point (ASGI's ``root_path``), as routes match it.

    ASGI servers keep ``root_path`` at the start of ``path``; a path outside it is taken as is.
    """
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if root_path and path.startswith(root_path):
        below = path[len(root_path) :]
        if not below or below[0] == "/":
            return below
    return path


class Router(APIRouter):
    """The routes of one part of the API, each a ``OneThreadRoute``, declared by what they are:
    a command that creates, a command that changes, or a query."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(route_class=OneThreadRoute, **kwargs)

    def create(self, path: str) -> Callable[[Endpoint], Endpoint]:
        """A command that adds something: ``201``, ``Location`` and ``{id, version, position}``."""
        return self.post(
            path, status_code=201, response_model=CommandResult, responses=problems(*CREATE_PROBLEMS)
        )

    def change(self, path: str, method: str = "POST") -> Callable[[Endpoint], Endpoint]:
        """A command on something that exists (``If-Match`` may name its version)."""
        return self.api_route(
            path, methods=[method], response_model=CommandResult, responses=problems(*COMMAND_PROBLEMS)
        )

    def query(self, path: str, model: type[BaseModel]) -> Callable[[Endpoint], Endpoint]:
        """A query of one person's journey or of one of its goals or steps."""
        return self.get(path, response_model=model, responses=problems(*QUERY_PROBLEMS))
