"""P4: how soon a write is in the read models, with the API and the projection worker apart."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx

from bench.harness import (
    HEADERS,
    SECRET,
    TEAM,
    Store,
    api_server,
    latency_summary,
    quiet_collector,
    refocus,
    runtime_on,
    store_data_dir,
)
from bench.load import GOAL, STEP, Timings
from interfaces.runtime import Runtime


def p4_freshness(store: Store, work_dir: Path, commands: int) -> dict[str, Any]:
    env = {
        "REFOCUS_DATABASE_URL": store.url,
        "REFOCUS_SECRET_KEY": SECRET,
        "REFOCUS_DATA_DIR": str(store_data_dir(store)),
    }
    with (
        runtime_on(store) as rt,
        refocus(["projections", "run"], env, work_dir / "p4" / "worker.log"),
        api_server(store, work_dir / "p4", projections="worker") as (base, _),
        httpx.Client(base_url=base, headers=HEADERS, timeout=30) as client,
    ):
        person = client.post("/api/v1/people", json={"display_name": "P4", "team_id": TEAM}).json()["id"]
        goal = client.post(f"/api/v1/people/{person}/goals", json=GOAL).json()["id"]
        with quiet_collector():
            freshness = _freshness(client, rt, goal, commands)
    return {"freshness": latency_summary(freshness), "commands": commands}


def _freshness(client: httpx.Client, rt: Runtime, goal: str, commands: int) -> Timings:
    freshness: Timings = []
    for i in range(commands + 5):
        answer = client.post(f"/api/v1/goals/{goal}/steps", json=STEP)
        answered = time.perf_counter()
        position = answer.json()["position"]
        while rt.view_store.position() < position:
            if time.perf_counter() - answered > 10:
                raise RuntimeError("the projection worker did not apply the event within 10 s")
            time.sleep(0.0002)
        if i >= 5:  # the first few warm the worker and the server up
            freshness.append(time.perf_counter() - answered)
    return freshness
