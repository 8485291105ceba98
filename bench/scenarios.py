"""The scenarios P1-P5, each measured side by side with its baseline in one run."""

from __future__ import annotations

import multiprocessing
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from application.storage.urls import store_env
from bench.harness import (
    SECRET,
    Store,
    api_server,
    latency_summary,
    log,
    over_repeats,
    quiet_collector,
    refocus,
)
from bench.load import GOAL, STEP, LeanClient, Timings, client_process, http_cycles, in_threads
from bench.replay import build_journey
from domain.actor import Actor, Role, acting_as
from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from interfaces.auth import create_token
from interfaces.cli import progress_bar
from interfaces.runtime import Runtime
from interfaces.settings import Settings

TEAM = "bench"
WORKER = Actor("bench-worker", Role.WORKER, frozenset({TEAM}))
HEADERS = {"Authorization": f"Bearer {create_token(SECRET, WORKER.subject, WORKER.role, [TEAM])}"}
CLIENTS = 16
#: The 16 HTTP clients run as threads in this many processes of their own (4 threads each),
#: so the load generator's GIL is not one more queue in front of the server's.
CLIENT_PROCESSES = 4


@contextmanager
def runtime_on(store: Store) -> Iterator[Runtime]:
    with Runtime(
        Settings(data_dir=store.directory / "data", database_url=store.url, secret_key=SECRET)
    ) as rt:
        yield rt


# P1: commands


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


def _in_process_cycles(rt: Runtime, person: UUID, cycles: int) -> Timings:
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
    """The same commands with one httpx client per thread: the load generator of the first runs."""
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
    threads of this process (as the first runs measured HTTP).
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
        _in_process_cycles(rt, people[0], 2)
        http_cycles(LeanClient(base, HEADERS), str(people[0]), 2)
        if comparisons:
            for _ in range(4):  # each connection may meet either process
                http_cycles(LeanClient(base_2, HEADERS), str(people[0]), 1)
        _raw_ops(raw, next_counters(), 8)
        sixteen = per_client * CLIENTS * 4
        for repeat in range(repeats):
            log(f"  P1 {store.kind} repeat {repeat + 1}/{repeats}")
            wall, lat = in_threads(1, lambda _: _in_process_cycles(rt, people[0], cycles))
            runs["in_process_1"].append(_figures(commands, wall, lat))
            if comparisons:
                wall, lat = in_threads(CLIENTS, lambda i: _in_process_cycles(rt, people[i], per_client))
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


# Data sets for P2, P3, P5


def populate(rt: Runtime, people: int, events_per_person: int) -> list[UUID]:
    """Journeys written through the application's aggregates, one atomic save per person.

    Each person: registered, then goals, each with steps planned and started
    (11 events a goal), until ``events_per_person`` events.
    """
    goals_per_person = max(1, (events_per_person - 1) // 11)
    ids: list[UUID] = []
    show = progress_bar(__import__("sys").stderr, time.monotonic())
    total = people * (1 + goals_per_person * 11)
    written = 0
    with acting_as(WORKER):
        for i in range(people):
            person = Person.register(f"Person {i}", TEAM)
            changed: list[Any] = [person]
            for g in range(goals_per_person):
                goal = Goal.identify(person, **{**GOAL, "statement": f"Goal {g} of person {i}"})
                changed.append(goal)
                for s in range(5):
                    step = Step.plan(goal, description=f"Step {s}", mode="independent")
                    step.start()
                    changed.append(step)
            rt.journeys.save(*changed)
            ids.append(person.id)
            written += 1 + goals_per_person * 11
            if i % 50 == 0 or i == people - 1:
                show(written, total)
    __import__("sys").stderr.write("\n")
    return ids


# P2: rebuild


def raw_read_decode(rt: Runtime) -> int:
    """Read and decode every notification, the fastest way the library offers."""
    recorder: Any = rt.journeys.recorder
    mapper = rt.journeys.mapper
    start, count = 0, 0
    while page := recorder.select_notifications(start=start, limit=500, inclusive_of_start=False):
        for notification in page:
            mapper.to_domain_event(notification)
        count += len(page)
        start = page[-1].id
    return count


def p2_rebuild(rt: Runtime, events: int, repeats: int) -> dict[str, Any]:
    """Each repeat reads and decodes everything, rebuilds, then reads and decodes again.

    This machine's speed drifts by up to 1.7x over minutes (seen: the same rebuild taking
    5.6 s and 9.8 s of CPU a minute apart), so each rebuild is compared with the mean of the
    raw rates measured just before and just after it, and the ratio reported is the median
    of those per-repeat ratios.
    """
    runs = []
    raw_read_decode(rt)  # warm-up: the first pass over a store just written reads colder pages
    for repeat in range(repeats):
        log(f"  P2 rebuild repeat {repeat + 1}/{repeats}")
        raw_before = _seconds(lambda: raw_read_decode(rt))
        rebuild_seconds = _seconds(rt.projector.rebuild)
        raw_after = _seconds(lambda: raw_read_decode(rt))
        raw_rate = events / ((raw_before + raw_after) / 2)
        runs.append(
            {
                "rebuild_events_per_s": round(events / rebuild_seconds, 1),
                "raw_read_decode_events_per_s": round(raw_rate, 1),
                "raw_before_events_per_s": round(events / raw_before, 1),
                "raw_after_events_per_s": round(events / raw_after, 1),
                "rebuild_seconds": round(rebuild_seconds, 3),
                "rebuild_over_raw": round(events / rebuild_seconds / raw_rate, 3),
            }
        )
    result: dict[str, Any] = over_repeats(runs)
    result["events"] = events
    result["ratios"] = {"rebuild_over_raw": result["rebuild_over_raw"]["median"]}
    return result


def _seconds(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


# P3 and P5: reads at scale, memory


READS = ("care_plan", "timeline")


def read_latencies(base: str, people: Sequence[UUID], reads: int, seed: int) -> dict[str, Timings]:
    rng = random.Random(seed)
    times: dict[str, Timings] = {name: [] for name in READS}
    with httpx.Client(base_url=base, headers=HEADERS, timeout=30) as client:
        for _ in range(reads):
            person = rng.choice(people)
            for name, path in (("care_plan", "care-plan"), ("timeline", "timeline")):
                t0 = time.perf_counter()
                response = client.get(f"/api/v1/people/{person}/{path}")
                times[name].append(time.perf_counter() - t0)
                if response.status_code != 200:
                    raise RuntimeError(f"{path}: {response.status_code} {response.text}")
    return times


@dataclass(frozen=True)
class ReadStore:
    """A store P3 and P5 read from: its people, and the one person with a long journey."""

    store: Store
    people: Sequence[UUID]
    long_journey: UUID


def p3_reads(
    stores: Mapping[str, ReadStore], work_dir: Path, reads: int, repeats: int, history_reads: int
) -> dict[str, dict[str, Any]]:
    """P3's reads and, on the same server and store, P5's history reads of one long journey.

    Each store has its own server, all of them up at once; every repeat measures each store
    in turn, so the small and large stores are compared minutes apart no more.
    """
    runs: dict[str, dict[str, list[dict[str, float]]]] = {
        label: {name: [] for name in (*READS, *HISTORY_READS)} for label in stores
    }
    with ExitStack() as servers:
        bases = {}
        for label, target in stores.items():
            log_dir = work_dir / f"p3-{target.store.directory.name}"
            base, server = servers.enter_context(api_server(target.store, log_dir))
            bases[label] = (base, server)
            read_latencies(base, target.people, 20, seed=0)  # warm-up
            history_latencies(base, target.long_journey, 5)
        for repeat in range(repeats):
            for label, target in stores.items():
                log(f"  P3 and P5 {label} store, repeat {repeat + 1}/{repeats}")
                base = bases[label][0]
                with quiet_collector():
                    times = {
                        **read_latencies(base, target.people, reads, seed=repeat + 1),
                        **history_latencies(base, target.long_journey, history_reads),
                    }
                for name, values in times.items():
                    runs[label][name].append(latency_summary(values))
        rss = {label: server.rss_mb() for label, (_, server) in bases.items()}
    return {
        label: {**{name: over_repeats(r) for name, r in runs[label].items()}, "server_rss_mb": rss[label]}
        for label in stores
    }


# P5: history (as-of and replay of one long journey, read through the same server as P3)

HISTORY_READS = ("as_of_care_plan", "replay_whole", "replay_first_frame")


def long_journey(rt: Runtime, events: int) -> UUID:
    """One person with exactly ``events`` events, written command by command through the application.

    The views are left behind: P2 rebuilds them next, or the caller catches them up.
    """
    with acting_as(WORKER):
        return build_journey(rt, events)


def history_latencies(base: str, person: UUID, reads: int) -> dict[str, Timings]:
    """As-of care plan (folding every event) and the whole replay stream, with its first frame."""
    times: dict[str, Timings] = {name: [] for name in HISTORY_READS}
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 60))
    with httpx.Client(base_url=base, headers=HEADERS, timeout=30) as client:
        for _ in range(reads):
            t0 = time.perf_counter()
            answer = client.get(f"/api/v1/people/{person}/care-plan", params={"as_of": now})
            times["as_of_care_plan"].append(time.perf_counter() - t0)
            _expect_ok(answer.status_code, "as-of care plan")
            t0 = time.perf_counter()
            with client.stream("GET", f"/api/v1/people/{person}/replay") as stream:
                _expect_ok(stream.status_code, "replay")
                lines = stream.iter_lines()
                next(lines)
                times["replay_first_frame"].append(time.perf_counter() - t0)
                frames = 1 + sum(1 for _ in lines)
            times["replay_whole"].append(time.perf_counter() - t0)
            if frames < 2:
                raise RuntimeError(f"replay answered {frames} frame")
    return times


def _expect_ok(status: int, what: str) -> None:
    if status != 200:
        raise RuntimeError(f"{what}: HTTP {status}")


# P4: freshness with the API and the projection worker in separate processes


def p4_freshness(store: Store, work_dir: Path, commands: int) -> dict[str, Any]:
    env = {"REFOCUS_DATABASE_URL": store.url, "REFOCUS_SECRET_KEY": SECRET}
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
