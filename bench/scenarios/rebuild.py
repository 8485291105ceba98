"""P2: a rebuild of the read models against reading and decoding the same events."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bench.harness import log, over_repeats
from interfaces.runtime import Runtime


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

    A shared machine's speed drifts over minutes, so each rebuild is compared with the mean of
    the raw rates measured just before and just after it, and the ratio reported is the median
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
