"""P3 and P5: reads at scale, and the history of one long journey, through one server per store."""

from __future__ import annotations

import random
import time
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx

from bench.harness import HEADERS, Store, api_server, latency_summary, log, over_repeats, quiet_collector
from bench.load import Timings

READS = ("care_plan", "timeline")
#: As-of care plan and replay of one long journey (P5), read through the same server as P3.
HISTORY_READS = ("as_of_care_plan", "replay_whole", "replay_first_frame")


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
