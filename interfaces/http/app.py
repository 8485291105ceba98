"""``create_app(settings)``: the FastAPI application, wired in its lifespan."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.security import HTTPBearer

from application.storage.loop_commands import LoopCommands
from interfaces.auth import signing_key
from interfaces.http.authentication import API_PREFIX, BearerAuthentication
from interfaces.http.errors import install_error_handlers
from interfaces.http.health import install_health
from interfaces.http.limits import BodySizeLimit
from interfaces.http.metrics import CountRequests, install_metrics
from interfaces.http.responses import problem_schemas
from interfaces.http.routes import (
    access_log,
    audit,
    coaching,
    erasure,
    events,
    goals,
    people,
    read_models,
    reference,
    reviews,
    steps,
    strengths,
    supervision,
    values,
)
from interfaces.http.security import install_protections
from interfaces.logs import RequestIds
from interfaces.revocation import RevokedTokens, TokenVerifier
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from interfaces.web import install_pages

DESCRIPTION = """
Recovery-oriented care planning after the REFOCUS intervention: a person's
goals, the steps they take alone or with others, and the history of it all.

The pages for people (`/`, `/sign-in`) share this app; they are not part of this document.
Every `/api/v1` route needs `Authorization: Bearer <token>` (`refocus token
create`). People outside the caller's teams answer `404`, never `403`.
Commands answer `{id, version, position}`; pass `position` as `min_position`
to a query to read your write from another process. Errors are
`application/problem+json`.
"""


def create_app(
    settings: Settings | None = None, runtime: Runtime | None = None, *, freeze_gc: bool = False
) -> FastAPI:
    """Build the API. Pass ``runtime`` to share one already open (tests, the CLI).

    ``freeze_gc`` is for a serving process (``refocus serve``): once started, it moves every
    object then alive out of the garbage collector's reach. Otherwise the oldest generation's
    sweeps walk every object of the application and its routes each time, a pause that sets
    the p99 of replay and as-of reads. Tests build many apps in one process and leave it off:
    frozen objects are never collected.
    """
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        owned = runtime is None
        api.state.runtime = runtime or Runtime(settings)
        # Commands and queries run in this event loop's thread pool: keep it small (see Settings).
        threads = settings.worker_threads or (4 if api.state.runtime.store_kind == "postgres" else 2)
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        api.state.signing_key = signing_key(settings)
        api.state.tokens = TokenVerifier(
            api.state.signing_key, settings.token_max_ttl, RevokedTokens(settings.data_dir)
        )
        # None but on a SQLite file, whose commands run on the event loop: one writer at a time,
        # and no thread hand-over (docs/decisions/0003-commands-on-the-event-loop-for-sqlite.md).
        api.state.loop_commands = LoopCommands.for_application(api.state.runtime.journeys)
        if freeze_gc:
            gc.collect()
            gc.freeze()
        try:
            yield
        finally:
            if owned:
                api.state.runtime.close()

    api = FastAPI(
        title="refocus",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        # Served by the pages from the app's own files (interfaces/web/docs.py), not from a CDN.
        docs_url=None,
        redoc_url=None,
        # FastAPI's own OpenTelemetry, off: it looks up the global providers on every request,
        # and this service exports nothing of what it handles (request paths carry people's ids).
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    install_error_handlers(api)
    # Added last, so it runs first: authentication before the body is even read.
    api.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    api.add_middleware(BearerAuthentication)
    # Outermost: refusals by the middlewares above are counted too.
    api.add_middleware(CountRequests, metrics=install_metrics(api))
    if settings.log_format == "json":
        api.add_middleware(RequestIds)
    # Goals and steps first: routes are matched in order, and theirs carry most commands.
    for module in (
        goals,
        steps,
        people,
        values,
        strengths,
        reviews,
        coaching,
        read_models,
        supervision,
        erasure,
        events,
        reference,
        audit,
        access_log,
    ):
        # The routes themselves, not the router: FastAPI would match an included router's
        # routes through a layer per router, twice per request.
        api.router.routes.extend(module.router.routes)
    install_health(api)
    # After the API's routes: a request is matched against the routes in order, and the many
    # page routes before them would cost every API command a scan of each.
    # Before the pages add the security headers, so those wrap CORS preflight answers too.
    install_protections(api, settings)
    install_pages(api, settings)
    _document_problems(api)
    return api


def create_served_app() -> FastAPI:
    """The app of each ``refocus serve --workers N`` process (uvicorn's factory)."""
    return create_app(freeze_gc=True)


def _document_problems(api: FastAPI) -> None:
    """Error answers refer to the Problem schema, which no route returns on success."""

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            schema = get_openapi(
                title=api.title, version=api.version, description=api.description, routes=api.routes
            )
            schema.setdefault("components", {}).setdefault("schemas", {}).update(problem_schemas())
            _bearer_tokens_everywhere(schema)
            _parameters_are_never_null(schema)
            api.openapi_schema = schema
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]


BEARER = HTTPBearer(description="A token from `refocus token create`.")


def _bearer_tokens_everywhere(schema: dict[str, Any]) -> None:
    """Every `/api/v1` operation needs a bearer token (checked by ``BearerAuthentication``).

    Declared here rather than as a security dependency of each route, which FastAPI would
    resolve, parsing the header again, for every request.
    """
    scheme = BEARER.model.model_dump(mode="json", by_alias=True, exclude_none=True)
    schema.setdefault("components", {}).setdefault("securitySchemes", {})[BEARER.scheme_name] = scheme
    for path, item in schema.get("paths", {}).items():
        if path.startswith(API_PREFIX):
            for operation in item.values():
                operation["security"] = [{BEARER.scheme_name: []}]


def _parameters_are_never_null(schema: dict[str, Any]) -> None:
    """An optional path, query or header parameter is left out, never sent as `null`.

    FastAPI documents `str | None = None` as `anyOf: [string, null]`, which tells clients
    (and fuzzers) that `?status=null` or `If-Match: null` are valid: they are not.
    """
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                options = parameter.get("schema", {}).get("anyOf")
                if not options or {"type": "null"} not in options:
                    continue
                rest = [option for option in options if option != {"type": "null"}]
                del parameter["schema"]["anyOf"]
                if len(rest) == 1:
                    parameter["schema"].update(rest[0])
                else:
                    parameter["schema"]["anyOf"] = rest
