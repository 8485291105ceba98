"""``/metrics`` in the Prometheus text format, and the middleware that counts requests.

Labels are route templates (``/api/v1/people/{person_id}``), methods, statuses and
outcomes: never a raw path, an id, a name or anything a person wrote. Store-side
figures (projection position and lag, pool use, commands retried after a conflict)
are read when Prometheus scrapes, so they cost the request path nothing. Each API
process keeps its own figures: with ``--workers N``, each process answers for
itself (docs/deployment.md#monitoring).
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from application.storage.outages import store_unavailable
from domain.actor import Role
from interfaces.auth import TokenError
from interfaces.http.authentication import API_PREFIX
from interfaces.http.errors import OUTCOME_SCOPE_KEY, problem
from interfaces.runtime import Runtime

_COMMAND_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Latency buckets, in seconds: commands take milliseconds, a waiting read up to the read wait.
_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
UNMATCHED = "unmatched"


class RequestMetrics:
    """The request figures of one app, in a registry of its own (tests build many apps)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._requests = Counter(
            "refocus_http_requests",
            "Requests answered, by route template, method and status.",
            ("route", "method", "status"),
            registry=self.registry,
        )
        self._latency = Histogram(
            "refocus_http_request_duration_seconds",
            "Time from the request's arrival to its answer's last byte, by route template and method.",
            ("route", "method"),
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self._commands = Counter(
            "refocus_commands",
            "Commands by outcome: accepted, refused_by_rule, conflict, rejected (other 4xx),"
            " unavailable (503), error (5xx).",
            ("outcome",),
            registry=self.registry,
        )
        # prometheus_client's labels() looks its child up under a lock each time: remember them.
        self._children: dict[tuple[str, str, int], tuple[Any, Any, Any]] = {}

    def observe(self, scope: Scope, status: int, seconds: float) -> None:
        route = scope.get("route")
        template = getattr(route, "path", UNMATCHED) if route is not None else UNMATCHED
        method = scope["method"]
        key = (template, method, status)
        children = self._children.get(key)
        if children is None:
            outcome = None
            if method in _COMMAND_METHODS and template.startswith(API_PREFIX):
                outcome = _outcome(status, scope.get(OUTCOME_SCOPE_KEY))
            children = (
                self._requests.labels(template, method, str(status)),
                self._latency.labels(template, method),
                None if outcome is None else self._commands.labels(outcome),
            )
            if OUTCOME_SCOPE_KEY not in scope:
                self._children[key] = children
        children[0].inc()
        children[1].observe(seconds)
        if children[2] is not None:
            children[2].inc()


def _outcome(status: int, told: str | None) -> str:
    if told:
        return told
    if status < 400:
        return "accepted"
    if status == 409:
        return "refused_by_rule"
    if status == 503:
        return "unavailable"
    return "error" if status >= 500 else "rejected"


class CountRequests:
    """ASGI middleware: each HTTP request's status and time, once answered."""

    def __init__(self, app: ASGIApp, metrics: RequestMetrics) -> None:
        self.app = app
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            self._metrics.observe(scope, status, time.perf_counter() - started)


class StoreFigures(Collector):
    """Figures read from the store and the application when Prometheus scrapes."""

    def __init__(self, api: FastAPI) -> None:
        self._api = api

    def collect(self) -> Iterator[Metric]:
        runtime: Runtime | None = getattr(self._api.state, "runtime", None)
        if runtime is None:
            return
        retried = CounterMetricFamily(
            "refocus_command_conflicts_retried",
            "Commands that met another writer's commit and ran again.",
        )
        retried.add_metric([], runtime.journeys.conflicts_retried)
        yield retried
        up = GaugeMetricFamily("refocus_store_up", "1 if the store answered this scrape, else 0.")
        try:
            projector = runtime.projector
            position, head = projector.position(), projector.head()
            stopped = projector.halted or projector.stoppage()
        except Exception as error:
            if not store_unavailable(error):
                raise
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        for name, text, value in (
            ("refocus_projection_position", "The position the read models have reached.", position),
            ("refocus_projection_head", "The position of the newest event in the store.", head),
            (
                "refocus_projection_lag",
                "Events stored but not yet in the read models.",
                max(head - position, 0),
            ),
            (
                "refocus_projection_stopped",
                "1 while the read models are stopped at an event.",
                int(bool(stopped)),
            ),
        ):
            gauge = GaugeMetricFamily(name, text)
            gauge.add_metric([], value)
            yield gauge
        yield from _pool_figures(runtime)


def _pool_figures(runtime: Runtime) -> Iterator[Metric]:
    pool = getattr(getattr(runtime.journeys.recorder, "datastore", None), "pool", None)
    gauge = GaugeMetricFamily(
        "refocus_db_pool_connections",
        "Database connections of this process's pool, by state.",
        labels=["state"],
    )
    stats = getattr(pool, "get_stats", None)
    if stats is not None:  # psycopg's pool (PostgreSQL)
        figures = stats()
        size, available = figures.get("pool_size", 0), figures.get("pool_available", 0)
        gauge.add_metric(["in_use"], size - available)
        gauge.add_metric(["idle"], available)
        gauge.add_metric(["waiting"], figures.get("requests_waiting", 0))
    elif pool is not None and hasattr(pool, "num_in_use"):  # the library's pool (SQLite)
        gauge.add_metric(["in_use"], pool.num_in_use)
        gauge.add_metric(["idle"], pool.num_in_pool)
    else:
        return
    yield gauge


def install_metrics(api: FastAPI) -> RequestMetrics:
    """The ``/metrics`` route and the figures behind it; add ``CountRequests`` as middleware."""
    metrics = RequestMetrics()
    metrics.registry.register(StoreFigures(api))
    api.state.metrics = metrics

    @api.get("/metrics", include_in_schema=False)
    def scrape(request: Request) -> Response:
        refused = _refusal(request)
        if refused is not None:
            return refused
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return metrics


def _refusal(request: Request) -> Response | None:
    """None if the caller may read the metrics: ``REFOCUS_METRICS_TOKEN``, or an admin's API token."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    unauthorized = problem(
        401,
        "Unauthorized",
        "send Authorization: Bearer <the metrics token or an admin's token>",
        kind="unauthorized",
        headers={"WWW-Authenticate": "Bearer"},
    )
    if scheme.lower() != "bearer" or not token:
        return unauthorized
    configured = request.app.state.runtime.settings.metrics_token
    if configured and hmac.compare_digest(configured.encode(), token.encode()):
        return None
    try:
        actor = request.app.state.tokens.read(token)[0]
    except TokenError:
        return unauthorized
    if actor.role is not Role.ADMIN:
        return problem(403, "Forbidden", "only an admin's token may read the metrics", kind="forbidden")
    return None
