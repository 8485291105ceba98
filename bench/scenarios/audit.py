"""P7: the team audit (``GET /api/v1/teams/{team}/audit``) on the small and the large store.

A team of ``AUDIT_PEOPLE`` people, each with goals and steps, a value and a review, is written
into each store once P3 (and P6) have measured it; then a supervisor of that team reads its audit
over periods of random length (a week to a year) ending today, one request at a time, both
stores' servers up at once and the repeats alternating between them. The audit reads the team's
own rows, so its p99 should not grow with the store: the large store's p99 over the small one's
says so.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx

from bench.harness import SECRET, Store, api_server, latency_summary, log, over_repeats, quiet_collector
from bench.load import Timings
from bench.scenarios.journeys import populate
from domain.actor import Actor, Role, acting_as
from interfaces.auth import create_token
from interfaces.runtime import Runtime

AUDIT_TEAM = "bench-audit"
AUDIT_PEOPLE = 200
SUPERVISOR = Actor("bench-supervisor", Role.SUPERVISOR, frozenset({AUDIT_TEAM}))
HEADERS = {
    "Authorization": f"Bearer {create_token(SECRET, SUPERVISOR.subject, SUPERVISOR.role, [AUDIT_TEAM])}"
}
#: Period lengths the reads pick from, in days: a week to a year.
PERIOD_DAYS = (7, 28, 90, 365)


def audit_team(rt: Runtime, events_per_person: int) -> list[UUID]:
    """The audited team, written through the application: ``populate``'s goals and steps, then a
    value and a review for each person."""
    people = populate(rt, AUDIT_PEOPLE, events_per_person, AUDIT_TEAM)
    today = datetime.now(UTC).date()
    with acting_as(Actor("bench-worker", Role.WORKER, frozenset({AUDIT_TEAM}))):
        for person in people:
            rt.journeys.record_value(person, "social_roles", "Being a good neighbour", True, "visual")
            rt.journeys.hold_review(
                person,
                held_on=today,
                participants=["the person", "bench-worker"],
                summary="Review",
                goal_decisions=[],
                next_review_due=today + timedelta(days=90),
            )
    rt.projector.catch_up()
    return people


def _params(rng: random.Random, today: date) -> dict[str, str]:
    # The team's journeys were written today: every period ends today, so it counts them all.
    start = today - timedelta(days=rng.choice(PERIOD_DAYS) - 1)
    return {"from": start.isoformat(), "to": today.isoformat()}


def audit_latencies(base: str, reads: int, seed: int) -> Timings:
    rng = random.Random(seed)
    today = datetime.now(UTC).date()
    times: Timings = []
    with httpx.Client(base_url=base, headers=HEADERS, timeout=30) as client:
        for _ in range(reads):
            params = _params(rng, today)
            started = time.perf_counter()
            response = client.get(f"/api/v1/teams/{AUDIT_TEAM}/audit", params=params)
            times.append(time.perf_counter() - started)
            if response.status_code != 200 or response.json()["people_counted"] == 0:
                raise RuntimeError(f"audit: {response.status_code} {response.text[:200]}")
    return times


def p7_audit(stores: Mapping[str, Store], work_dir: Path, reads: int, repeats: int) -> dict[str, Any]:
    """The audit's latency on each store, and the large store's p99 over the small one's."""
    runs: dict[str, list[dict[str, float]]] = {label: [] for label in stores}
    with ExitStack() as servers:
        bases = {}
        for label, target in stores.items():
            log_dir = work_dir / f"p7-{target.directory.name}"
            bases[label], _ = servers.enter_context(api_server(target, log_dir))
            audit_latencies(bases[label], 20, seed=0)  # warm-up
        for repeat in range(repeats):
            for label in stores:
                log(f"  P7 audit, {label} store, repeat {repeat + 1}/{repeats}")
                with quiet_collector():
                    runs[label].append(latency_summary(audit_latencies(bases[label], reads, repeat + 1)))
    out: dict[str, Any] = {label: over_repeats(r) for label, r in runs.items()}
    out["team_people"] = AUDIT_PEOPLE
    if "small" in out and "large" in out:
        out["ratios"] = {
            "audit_p99_large_over_small": round(
                out["large"]["p99_ms"]["median"] / out["small"]["p99_ms"]["median"], 3
            )
        }
    return out
