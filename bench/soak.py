"""``python -m bench --soak MINUTES``: a steady mixed load, reported minute by minute.

One ``refocus serve`` and one ``refocus projections run`` (the deployment's shape) on a new
store; client threads each send a fixed number of requests a second, a mix of commands
(register, identify a goal, plan a step, complete it) and reads (care plan, caseload,
timeline). Every minute: the p99 of that minute's requests, the API's and the worker's
resident memory, and the projection lag (events written but not yet in the views,
sampled every second: its mean and largest). A soak passes when none of them grows: the
mean of the last third of the minutes is within the bounds of ``GROWTH`` of the first
third's (the first minute, the warm-up, is left out).
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.harness import (
    HEADERS,
    SECRET,
    TEAM,
    api_server,
    log,
    percentile,
    refocus,
    runtime_on,
    store,
    store_data_dir,
)
from bench.load import GOAL, STEP

CLIENTS = 4
#: Requests a second from each client: steady, well under what the server can take.
RATE_PER_CLIENT = 10
#: How much a figure may rise from the first third of the minutes to the last: a ratio and a
#: floor (small figures jitter by more than a ratio of themselves).
GROWTH = {
    "p99_ms": (1.5, 5.0),
    "api_rss_mb": (1.1, 10.0),
    "worker_rss_mb": (1.1, 10.0),
    "lag_mean": (1.5, 5.0),
}


@dataclass
class Minute:
    latencies: list[float] = field(default_factory=list)
    lags: list[int] = field(default_factory=list)
    errors: int = 0


class Soak:
    def __init__(self, base: str, minutes: float) -> None:
        self.base = base
        self.ends = time.monotonic() + minutes * 60
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.minutes: dict[int, Minute] = {}

    def minute(self, at: float | None = None) -> Minute:
        """The minute ``at`` (a ``time.monotonic()``, by default now) falls in."""
        index = int(((time.monotonic() if at is None else at) - self.started) // 60)
        return self.minutes.setdefault(index, Minute())

    def client(self, seed: int) -> None:
        rng = random.Random(seed)
        people: list[str] = []
        goals: list[str] = []
        steps: list[str] = []
        with httpx.Client(base_url=self.base, headers=HEADERS, timeout=30) as http:
            due = time.monotonic()
            while time.monotonic() < self.ends:
                due += 1 / RATE_PER_CLIENT
                time.sleep(max(0.0, due - time.monotonic()))
                if time.monotonic() >= self.ends:
                    break
                # Counted in the minute it was sent in, however long its answer takes.
                sent_at = time.monotonic()
                started = time.perf_counter()
                ok = self._one(http, rng, people, goals, steps)
                elapsed = time.perf_counter() - started
                with self.lock:
                    minute = self.minute(sent_at)
                    minute.latencies.append(elapsed)
                    minute.errors += 0 if ok else 1

    def _one(
        self, http: httpx.Client, rng: random.Random, people: list[str], goals: list[str], steps: list[str]
    ) -> bool:
        roll = rng.random()
        if not people or roll < 0.05:
            answer = http.post("/api/v1/people", json={"display_name": "Soak", "team_id": TEAM})
            if answer.status_code == 201:
                people.append(answer.json()["id"])
            return answer.status_code == 201
        person = rng.choice(people[-50:])
        if roll < 0.15:
            answer = http.post(f"/api/v1/people/{person}/goals", json=GOAL)
            if answer.status_code == 201:
                goals.append(answer.json()["id"])
            return answer.status_code == 201
        if roll < 0.30 and goals:
            answer = http.post(f"/api/v1/goals/{rng.choice(goals[-50:])}/steps", json=STEP)
            if answer.status_code == 201:
                steps.append(answer.json()["id"])
            return answer.status_code == 201
        if roll < 0.38 and steps:
            answer = http.post(f"/api/v1/steps/{steps.pop()}/complete", json={})
            return answer.status_code < 300
        path = rng.choice(
            [f"/api/v1/people/{person}/care-plan", "/api/v1/people", f"/api/v1/people/{person}/timeline"]
        )
        return http.get(path).status_code == 200


def run_soak(kind: str, work: Path, minutes: float) -> dict[str, Any]:
    env = {"REFOCUS_SECRET_KEY": SECRET}
    with store(kind, work, "soak") as s, runtime_on(s) as rt:
        env["REFOCUS_DATABASE_URL"] = s.url
        env["REFOCUS_DATA_DIR"] = str(store_data_dir(s))
        with (
            refocus(["projections", "run"], env, work / "soak" / "worker.log") as worker,
            api_server(s, work / "soak", projections="worker") as (base, api),
        ):
            soak = Soak(base, minutes)
            threads = [threading.Thread(target=soak.client, args=(i,), daemon=True) for i in range(CLIENTS)]
            for thread in threads:
                thread.start()
            rows: list[dict[str, Any]] = []
            reported = 0
            while time.monotonic() < soak.ends or any(t.is_alive() for t in threads):
                time.sleep(1)
                head = rt.journeys.recorder.max_notification_id() or 0
                with soak.lock:
                    if time.monotonic() < soak.ends:
                        soak.minute().lags.append(head - rt.view_store.position())
                    # A few seconds late, so the requests sent at a minute's end are in its row.
                    done = int((time.monotonic() - soak.started - 5) // 60)
                    while reported < done and reported in soak.minutes:
                        rows.append(_row(reported, soak.minutes[reported], api.rss_mb(), worker.rss_mb()))
                        log("  " + _line(rows[-1]))
                        reported += 1
            for thread in threads:
                thread.join()
            # A last minute cut short (a soak of a fraction of a minute) is reported too.
            for index in sorted(i for i in soak.minutes if i >= reported and soak.minutes[i].latencies):
                rows.append(_row(index, soak.minutes[index], api.rss_mb(), worker.rss_mb()))
                log("  " + _line(rows[-1]))
    return {"minutes": rows, "growing": growing(rows), "clients": CLIENTS, "rate_per_client": RATE_PER_CLIENT}


def _row(index: int, minute: Minute, api_rss: float, worker_rss: float) -> dict[str, Any]:
    return {
        "minute": index + 1,
        "requests": len(minute.latencies),
        "errors": minute.errors,
        "p99_ms": round(percentile(minute.latencies, 99) * 1000, 1) if minute.latencies else 0.0,
        "api_rss_mb": api_rss,
        "worker_rss_mb": worker_rss,
        "lag_mean": round(sum(minute.lags) / len(minute.lags), 1) if minute.lags else 0.0,
        "lag_max": max(minute.lags, default=0),
    }


def _line(row: dict[str, Any]) -> str:
    return (
        f"minute {row['minute']:>3}: {row['requests']} requests ({row['errors']} errors), "
        f"p99 {row['p99_ms']} ms, API {row['api_rss_mb']} MB, worker {row['worker_rss_mb']} MB, "
        f"lag mean {row['lag_mean']} max {row['lag_max']} events"
    )


def growing(rows: list[dict[str, Any]]) -> dict[str, bool]:
    """For each figure, whether it grew from the first third of the minutes to the last (the
    warm-up minute left out); with fewer than three minutes after it, nothing is judged."""
    steady = rows[1:]
    if len(steady) < 3:
        return {}
    third = max(1, len(steady) // 3)
    verdict = {}
    for name, (ratio, floor) in GROWTH.items():
        first = sum(r[name] for r in steady[:third]) / third
        last = sum(r[name] for r in steady[-third:]) / third
        verdict[name] = last > max(first * ratio, first + floor)
    return verdict
