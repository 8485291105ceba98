"""What recording every read costs: the care plan's p99 with and without its access record.

    python -m bench.access_cost [--store sqlite|postgresql|both] [--people 100] [--reads 1000]
                                [--repeats 5] [--work-dir DIR]

One store per kind, written through the application (``bench.scenarios.populate``), and two
``refocus serve`` processes on it, up at once: one as in service, one started with
``REFOCUS_BENCH_WITHOUT_ACCESS_RECORDS=1`` (the setting exists for this measure only). One
client reads ``GET care-plan`` of random people from each in turn, repeat after repeat,
alternating which goes first, so both are measured side by side on the same machine state.
Prints each variant's p50 and p99 (median over the repeats) and the ratio of the p99s;
the target is a ratio of at most 1.5 (BENCHMARKS.md). ``--history N`` also reads P5's
history (as-of care plan, whole replay, its first frame) of one 500-event journey N times
per repeat from each, for the same comparison (no target of its own here: P5's are in
``python -m bench``).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx

from bench import scenarios
from bench.harness import (
    HEADERS,
    api_server,
    latency_summary,
    log,
    quiet_collector,
    runtime_on,
    store,
    stores_to_measure,
)
from bench.scenarios.reads import history_latencies

#: The p99 with records over the p99 without, at most.
TARGET_RATIO = 1.5
VARIANTS = {"with_records": {}, "without_records": {"REFOCUS_BENCH_WITHOUT_ACCESS_RECORDS": "1"}}


def care_plan_reads(base: str, people: Sequence[UUID], reads: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    times = []
    with httpx.Client(base_url=base, headers=HEADERS, timeout=30) as client:
        for _ in range(reads):
            person = rng.choice(people)
            t0 = time.perf_counter()
            response = client.get(f"/api/v1/people/{person}/care-plan")
            times.append(time.perf_counter() - t0)
            if response.status_code != 200:
                raise RuntimeError(f"care-plan: {response.status_code}")
    return times


def measure(kind: str, work: Path, people: int, reads: int, repeats: int, history: int = 0) -> dict[str, Any]:
    with ExitStack() as stack:
        s = stack.enter_context(store(kind, work, "access"))
        rt = stack.enter_context(runtime_on(s))
        log(f"== {kind}: {people} people, written through the application")
        ids = scenarios.populate(rt, people, 100)
        journey = scenarios.long_journey(rt, 500) if history else None
        rt.projector.catch_up()
        bases = {}
        for name, env in VARIANTS.items():
            base, _ = stack.enter_context(api_server(s, work / f"{kind}-{name}", env=env))
            care_plan_reads(base, ids, 50, seed=0)  # warm-up
            bases[name] = base
        runs: dict[str, dict[str, list[dict[str, float]]]] = {name: {} for name in VARIANTS}
        for repeat in range(repeats):
            order = list(VARIANTS) if repeat % 2 == 0 else list(reversed(VARIANTS))
            log(f"  {kind} repeat {repeat + 1}/{repeats}: {' then '.join(order)}")
            for name in order:
                with quiet_collector():
                    times = {"care_plan": care_plan_reads(bases[name], ids, reads, seed=repeat + 1)}
                    if journey is not None:
                        times.update(history_latencies(bases[name], journey, history))
                for read, values in times.items():
                    runs[name].setdefault(read, []).append(latency_summary(values))
    answer: dict[str, Any] = {}
    for read in runs["with_records"]:
        figures = {
            name: {
                stat: round(statistics.median(r[stat] for r in runs[name][read]), 3)
                for stat in ("p50_ms", "p99_ms")
            }
            for name in VARIANTS
        }
        per_repeat = [
            round(w["p99_ms"] / wo["p99_ms"], 3)
            for w, wo in zip(runs["with_records"][read], runs["without_records"][read], strict=True)
        ]
        ratio = round(figures["with_records"]["p99_ms"] / figures["without_records"]["p99_ms"], 3)
        answer[read] = {**figures, "p99_ratio": ratio, "p99_ratio_per_repeat": per_repeat}
    ratio = answer["care_plan"]["p99_ratio"]
    return {**answer, "target": f"care_plan p99_ratio <= {TARGET_RATIO}", "met": ratio <= TARGET_RATIO}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.access_cost", description=__doc__)
    parser.add_argument("--store", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--reads", type=int, default=1000, help="reads per variant per repeat")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--history", type=int, default=0, help="P5's history reads per variant per repeat")
    parser.add_argument("--work-dir", help="where the SQLite store and server logs go (default: a temp dir)")
    args = parser.parse_args(argv)
    kinds = stores_to_measure(args.store)
    if kinds is None:
        return 2
    with tempfile.TemporaryDirectory(prefix="refocus-access-", dir=args.work_dir) as tmp:
        work = Path(tmp)
        results = {
            kind: measure(kind, work / kind, args.people, args.reads, args.repeats, args.history)
            for kind in kinds
        }
    print(json.dumps(results, indent=2))
    return 0 if all(r["met"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
