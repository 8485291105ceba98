"""The cost of encryption at rest: P1's command rate and P2's rebuild rate with it on and off.

Two stores of the same kind, one written sealed and one in plain text
(``REFOCUS_ENCRYPTION=off``, which exists for this comparison only), measured in alternating
rounds so the machine's drift falls on both alike; each ratio is the median of the rounds'.
Beside each rate by the clock, the same by this process's CPU time (``cpu_`` figures), which
other work on a shared machine disturbs less.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

from bench.harness import TEAM, WORKER, log, runtime_on, store
from bench.scenarios.commands import in_process_cycles
from bench.scenarios.journeys import populate
from domain.actor import acting_as
from interfaces.runtime import Runtime

MODES = ("on", "off")


@contextmanager
def _encryption(mode: str) -> Iterator[None]:
    # The application reads the setting once, when it is made.
    before = os.environ.get("REFOCUS_ENCRYPTION")
    os.environ["REFOCUS_ENCRYPTION"] = mode
    try:
        yield
    finally:
        if before is None:
            del os.environ["REFOCUS_ENCRYPTION"]
        else:
            os.environ["REFOCUS_ENCRYPTION"] = before


def encryption_cost(
    kind: str, work: Path, cycles: int, rounds: int, people: int, events_per_person: int
) -> dict[str, Any]:
    """P1 (in process, one client: the command's own CPU, undiluted by HTTP) and P2, on and off."""
    with ExitStack() as stack:
        runtimes: dict[str, Runtime] = {}
        for mode in MODES:
            s = stack.enter_context(store(kind, work, f"encryption_{mode}"))
            with _encryption(mode):
                runtimes[mode] = stack.enter_context(runtime_on(s))
        p1 = _p1(runtimes, cycles, rounds)
        events = 0
        for mode in MODES:
            log(f"  encryption {mode}: writing {people} people")
            populate(runtimes[mode], people, events_per_person)
            events = runtimes[mode].projector.head()
        p2 = _p2(runtimes, events, rounds)
    return {
        "p1_commands": p1,
        "p2_rebuild": {**p2, "events": events},
        "ratios": {
            "p1_on_over_off": p1["on_over_off"]["median"],
            "p2_on_over_off": p2["on_over_off"]["median"],
            "p1_cpu_on_over_off": p1["cpu"]["on_over_off"]["median"],
            "p2_cpu_on_over_off": p2["cpu"]["on_over_off"]["median"],
        },
    }


def _p1(runtimes: dict[str, Runtime], cycles: int, rounds: int) -> dict[str, Any]:
    people: dict[str, UUID] = {}
    for mode, rt in runtimes.items():
        with acting_as(WORKER):
            people[mode] = rt.journeys.register_person("Bench Person", TEAM).id
        in_process_cycles(rt, people[mode], max(4, cycles // 8))  # warm-up
    rates: dict[str, list[float]] = {mode: [] for mode in MODES}
    cpu_rates: dict[str, list[float]] = {mode: [] for mode in MODES}
    for n in range(rounds):
        log(f"  encryption P1 round {n + 1}/{rounds}")
        # Alternate which goes first, so neither always runs on the warmer machine.
        for mode in MODES if n % 2 == 0 else MODES[::-1]:
            started, cpu = time.perf_counter(), time.process_time()
            in_process_cycles(runtimes[mode], people[mode], cycles)
            rates[mode].append(4 * cycles / (time.perf_counter() - started))
            cpu_rates[mode].append(4 * cycles / (time.process_time() - cpu))
    return {**_summary(rates, "commands_per_s"), "cpu": _summary(cpu_rates, "commands_per_cpu_s")}


def _p2(runtimes: dict[str, Runtime], events: int, rounds: int) -> dict[str, Any]:
    rates: dict[str, list[float]] = {mode: [] for mode in MODES}
    cpu_rates: dict[str, list[float]] = {mode: [] for mode in MODES}
    for n in range(rounds):
        log(f"  encryption P2 round {n + 1}/{rounds}")
        for mode in MODES if n % 2 == 0 else MODES[::-1]:
            started, cpu = time.perf_counter(), time.process_time()
            runtimes[mode].projector.rebuild()
            rates[mode].append(events / (time.perf_counter() - started))
            cpu_rates[mode].append(events / (time.process_time() - cpu))
    return {**_summary(rates, "events_per_s"), "cpu": _summary(cpu_rates, "events_per_cpu_s")}


def _summary(rates: dict[str, list[float]], unit: str) -> dict[str, Any]:
    ratios = [on / off for on, off in zip(rates["on"], rates["off"], strict=True)]
    return {
        **{f"{mode}_{unit}": _spread(rates[mode]) for mode in MODES},
        "on_over_off": _spread(ratios, 3),
    }


def _spread(values: list[float], digits: int = 1) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }
