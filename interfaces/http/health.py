"""``/health``, ``/health/live`` and ``/health/ready``: answered at once, whatever the store's state.

Liveness needs nothing but the running process. Readiness asks the store for the
views' position, the newest event's and any event the views stopped at, in a
thread of its own and for a second at most: a store that hangs or is down makes
readiness answer ``503`` promptly, never a request that waits for the pool. The
bodies hold positions, counts and error types, never a person's data, and need no
token (docs/api.md#health).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from application.storage.outages import store_unavailable
from interfaces.http.errors import problem
from interfaces.http.responses import problems
from interfaces.http.schemas import HealthPublic
from interfaces.runtime import Runtime

#: The longest a readiness probe waits for the store.
PROBE_SECONDS = 1.0


@dataclass
class Probe:
    store: str = "ok"
    position: int | None = None
    head: int | None = None
    stopped_at: dict[str, Any] | None = None
    error: str | None = None
    reasons: list[str] = field(default_factory=list)


def _look(runtime: Runtime) -> Probe:
    # Reads only: catching up would wait for the write lock behind a command.
    projector = runtime.projector
    position, head = projector.position(), projector.head()
    stopped = projector.stoppage()
    return Probe(position=position, head=head, stopped_at=stopped.public() if stopped else None)


async def probe(request: Request) -> Probe:
    runtime: Runtime = request.app.state.runtime
    # A limiter of its own: probes never queue behind requests for the few worker threads.
    limiter: anyio.CapacityLimiter = request.app.state.health_limiter
    try:
        with anyio.fail_after(PROBE_SECONDS):
            return await anyio.to_thread.run_sync(_look, runtime, limiter=limiter, abandon_on_cancel=True)
    except TimeoutError:
        return Probe(store="timeout", reasons=[f"the store did not answer within {PROBE_SECONDS:g} s"])
    except Exception as error:
        if not store_unavailable(error):
            raise
        request.app.state.store_errors.record(error)
        return Probe(store="unavailable", error=type(error).__name__, reasons=["the store cannot be reached"])


def install_health(api: FastAPI) -> None:
    api.state.health_limiter = anyio.CapacityLimiter(2)

    @api.get("/health/live", tags=["health"])
    async def live() -> dict[str, str]:
        """The process runs and answers. No token needed."""
        return {"status": "live"}

    @api.get(
        "/health/ready",
        tags=["health"],
        responses={503: {"description": "Not ready: the store or the views are not fit to serve"}},
    )
    async def ready(request: Request) -> JSONResponse:
        """The store answers and the views are not stopped at an event and (kept by a projection
        worker) within the lag bound: `200`, else `503`; the body says which, with the projection
        lag and the last store error. No token needed."""
        runtime: Runtime = request.app.state.runtime
        max_lag = runtime.settings.ready_max_lag
        found = await probe(request)
        lag = None
        if found.position is not None and found.head is not None:
            lag = max(found.head - found.position, 0)
            # Inline, each query catches the views up first: a lag there is work for the next query.
            if lag > max_lag and runtime.settings.projections == "worker":
                found.reasons.append(f"the views are {lag} events behind (bound {max_lag})")
        if found.stopped_at:
            found.reasons.append("the views stopped at an event they could not apply")
        body = {
            "status": "not_ready" if found.reasons else "ready",
            "reasons": found.reasons,
            "store": {"kind": runtime.store_kind, "status": found.store},
            "projections": {
                "mode": runtime.settings.projections,
                "position": found.position,
                "head": found.head,
                "lag": lag,
                "max_lag": max_lag,
                "stopped_at": found.stopped_at,
            },
            "last_error": request.app.state.store_errors.last,
        }
        headers = {"Retry-After": "2"} if found.reasons else None
        return JSONResponse(body, status_code=503 if found.reasons else 200, headers=headers)

    @api.get("/health", response_model=HealthPublic, tags=["health"], responses=problems(503))
    async def health(request: Request) -> Any:
        """The read models' position, once the store answers (`503` while it does not). No token
        needed; `/health/live` and `/health/ready` tell liveness and readiness apart."""
        runtime: Runtime = request.app.state.runtime
        found = await probe(request)
        if found.position is None:
            return problem(
                503,
                "Store unavailable",
                "; ".join(found.reasons),
                kind="store-unavailable",
                headers={"Retry-After": "2"},
            )
        return HealthPublic(status="ok", store=runtime.store_kind, position=found.position)
