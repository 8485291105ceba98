"""P1: commands per second and their latency, in process, over HTTP and on the bare library."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from application.storage.urls import store_env
from bench.harness import (
    HEADERS,
    TEAM,
    WORKER,
    Store,
    api_server,
    latency_summary,
    log,
    over_repeats,
    runtime_on,
)
from bench.load import GOAL, STEP, LeanClient, Timings, client_process, http_cycles, in_threads
from domain.actor import acting_as
from interfaces.runtime import Runtime

CLIENTS = 16
#: The 16 HTTP clients run as threads in this many processes of their own (4 threads each),
#: so the load generator's GIL is not one more queue in front of the server's.
CLIENT_PROCESSES = 4


class Counter(Aggregate):
    """The raw baseline: the smallest aggregate the library can load and append to."""

    @event("Created")
    def __init__(self) -> None:
        self.count = 0

    @event("Incremented")
    def increment(self) -> None:
        self.count += 1


class RawBaseline(Application[UUID]):
    name = "rawbaseline"


def _figures(commands: int, wall: float, latencies: Timings) -> dict[str, float]:
    return {"rate_per_s": round(commands / wall, 1), **latency_summary(latencies)}


def in_process_cycles(rt: Runtime, person: UUID, cycles: int) -> Timings:
    """Identify a goal, then plan, start and complete a step on it: four commands a cycle."""
    journeys = rt.journeys
    times: Timings = []
    with acting_as(WORKER):
        for _ in range(cycles):
            t0 = time.perf_counter()
            goal = journeys.identify_goal(person, **GOAL).id
            t1 = time.perf_counter()
            step = journeys.plan_step(goal, STEP["description"], STEP["mode"]).id
            t2 = time.perf_counter()
            journeys.start_step(step)
            t3 = time.perf_counter()
            journeys.complete_step(step)
            t4 = time.perf_counter()
            times += [t1 - t0, t2 - t1, t3 - t2, t4 - t3]
    return times


def _httpx_cycles(base: str, person: str, cycles: int) -> Timings:
    """The same commands with one httpx client per thread of this process."""
    times: Timings = []
    with httpx.Client(base_url=base, headers=HEADERS, timeout=30) as client:

        def post(path: str, body: dict[str, Any] | None = None) -> str:
            t0 = time.perf_counter()
            response = client.post(path, json=body)
            times.append(time.perf_counter() - t0)
            if response.status_code >= 300:
                raise RuntimeError(f"{path}: {response.status_code} {response.text}")
            answer: str = response.json()["id"]
            return answer

        for _ in range(cycles):
            goal = post(f"/api/v1/people/{person}/goals", GOAL)
            step = post(f"/api/v1/goals/{goal}/steps", STEP)
            post(f"/api/v1/steps/{step}/start")
            post(f"/api/v1/steps/{step}/complete")
    return times


def _http_in_processes(
    base: str, people: Sequence[str], cycles: int, processes: int
) -> tuple[float, Timings]:
    """Run the HTTP clients as threads spread over ``processes`` processes; wall time, latencies.

    Wall time runs from the first client's start to the last one's end (``time.monotonic``
    is one clock for every process here); starting the processes is not measured.
    """
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(processes + 1)
    results = context.Queue()
    share = [list(people[i::processes]) for i in range(processes)]
    children = [
        context.Process(target=client_process, args=(base, HEADERS, share[i], cycles, start, results))
        for i in range(processes)
    ]
    for child in children:
        child.start()
    try:
        start.wait(timeout=60)
        answers = [results.get(timeout=300) for _ in children]
    finally:
        for child in children:
            child.join(timeout=30)
    errors = [error for *_, error in answers if error]
    if errors:
        raise RuntimeError(f"a load-generator process failed: {errors[0]}")
    wall = max(end for _, end, _, _ in answers) - min(began for began, _, _, _ in answers)
    return wall, [t for _, _, times, _ in answers for t in times]


def _raw_ops(app: RawBaseline, counters: Iterator[UUID], ops: int) -> Timings:
    times: Timings = []
    counter = next(counters)
    for op in range(ops):
        if op and op % 4 == 0:
            counter = next(counters)  # one client at a time per counter, four events each
        t0 = time.perf_counter()
        aggregate: Any = app.repository.get(counter)
        aggregate.increment()
        app.save(aggregate)
        times.append(time.perf_counter() - t0)
    return times


def p1_commands(
    store: Store, work_dir: Path, cycles: int, repeats: int, *, comparisons: bool = True
) -> dict[str, Any]:
    """Commands per second and latency: in-process, HTTP at 1 and 16 clients, raw library.

    ``comparisons`` adds the paths no target of the issue reads, which a full run keeps for
    comparison: the application in 16 threads, ``serve --workers 2``, and 16 httpx clients in
    threads of this process (sharing its GIL, unlike the lean clients' processes).
    """
    commands = cycles * 4
    runs: dict[str, list[dict[str, float]]] = {
        "in_process_1": [],
        "http_1": [],
        "http_16": [],
        "raw_1": [],
        "raw_16": [],
    }
    if comparisons:
        runs.update(in_process_16=[], http_16_workers_2=[], http_16_httpx_threads=[])
    raw = RawBaseline(env=store_env(store.sibling("rawbaseline")))
    # Like the commands' goals and steps, each counter gets a few events only (four).
    ops_total = 8 + repeats * (commands + CLIENTS * max(1, cycles // CLIENTS) * 4)
    ids: list[UUID] = []
    for _ in range(0, ops_total // 4 + 1, 500):
        counters = [Counter() for _ in range(500)]
        raw.save(*counters)
        ids += [c.id for c in counters]
    lock = threading.Lock()
    shared = iter(ids)

    def next_counters() -> Iterator[UUID]:
        while True:
            with lock:
                counter = next(shared)
            yield counter

    with ExitStack() as stack:
        rt = stack.enter_context(runtime_on(store))
        base, _ = stack.enter_context(api_server(store, work_dir / "p1"))
        if comparisons:
            # The same service as two API processes (`serve --workers 2`), one per core here.
            base_2, _ = stack.enter_context(api_server(store, work_dir / "p1-workers-2", workers=2))
        with acting_as(WORKER):
            people = [rt.journeys.register_person(f"P1 person {i}", TEAM).id for i in range(CLIENTS)]
        per_client = max(1, cycles // CLIENTS)
        # A short warm-up of each path, so imports and first connections are not measured.
        in_process_cycles(rt, people[0], 2)
        http_cycles(LeanClient(base, HEADERS), str(people[0]), 2)
        if comparisons:
            for _ in range(4):  # each connection may meet either process
                http_cycles(LeanClient(base_2, HEADERS), str(people[0]), 1)
        _raw_ops(raw, next_counters(), 8)
        sixteen = per_client * CLIENTS * 4
        for repeat in range(repeats):
            log(f"  P1 {store.kind} repeat {repeat + 1}/{repeats}")
            wall, lat = in_threads(1, lambda _: in_process_cycles(rt, people[0], cycles))
            runs["in_process_1"].append(_figures(commands, wall, lat))
            if comparisons:
                wall, lat = in_threads(CLIENTS, lambda i: in_process_cycles(rt, people[i], per_client))
                runs["in_process_16"].append(_figures(sixteen, wall, lat))
            wall, lat = in_threads(
                1, lambda _: http_cycles(LeanClient(base, HEADERS), str(people[0]), cycles)
            )
            runs["http_1"].append(_figures(commands, wall, lat))
            wall, lat = _http_in_processes(base, [str(p) for p in people], per_client, CLIENT_PROCESSES)
            runs["http_16"].append(_figures(sixteen, wall, lat))
            if comparisons:
                wall, lat = _http_in_processes(base_2, [str(p) for p in people], per_client, CLIENT_PROCESSES)
                runs["http_16_workers_2"].append(_figures(sixteen, wall, lat))
                wall, lat = in_threads(CLIENTS, lambda i: _httpx_cycles(base, str(people[i]), per_client))
                runs["http_16_httpx_threads"].append(_figures(sixteen, wall, lat))
            wall, lat = in_threads(1, lambda _: _raw_ops(raw, next_counters(), commands))
            runs["raw_1"].append(_figures(commands, wall, lat))
            wall, lat = in_threads(CLIENTS, lambda i: _raw_ops(raw, next_counters(), per_client * 4))
            runs["raw_16"].append(_figures(sixteen, wall, lat))
    raw.close()
    result: dict[str, Any] = {name: over_repeats(r) for name, r in runs.items()}
    rate = {name: result[name]["rate_per_s"]["median"] for name in runs}
    result["ratios"] = {
        "http_16_over_in_process_1": round(rate["http_16"] / rate["in_process_1"], 3),
        "in_process_1_over_raw_1": round(rate["in_process_1"] / rate["raw_1"], 3),
        "http_16_over_raw_16": round(rate["http_16"] / rate["raw_16"], 3),
    }
    if comparisons:
        result["ratios"].update(
            http_16_over_in_process_16=round(rate["http_16"] / rate["in_process_16"], 3),
            http_16_workers_2_over_in_process_1=round(rate["http_16_workers_2"] / rate["in_process_1"], 3),
            http_16_httpx_threads_over_in_process_1=round(
                rate["http_16_httpx_threads"] / rate["in_process_1"], 3
            ),
        )
    result["commands_per_run"] = commands
    return result
