"""``python -m bench.report bench/baseline.json``: a run's figures as Markdown tables.

Any file ``python -m bench --json PATH`` wrote will do.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def spread(figure: dict[str, float], digits: int = 1) -> str:
    return f"{figure['median']:,.{digits}f} ({figure['min']:,.{digits}f}–{figure['max']:,.{digits}f})"


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        f"Command: `{results['command']}` ({results['seconds']} s)",
        "",
        f"Machine: {m['cores']} × {m['cpu']}, {m['memory_gb']} GB RAM, disk {m['disk']}; {m['os']}",
        f"Versions: Python {m['python']}, SQLite {m['sqlite']}, PostgreSQL {m['postgresql']}, "
        f"eventsourcing {m['eventsourcing']}, FastAPI {m['fastapi']}, uvicorn {m['uvicorn']}; "
        f"date {m['date']}",
        "",
        "Each figure: median (min–max) over the repeats.",
        "",
    ]
    for kind, r in results["stores"].items():
        lines += [f"### {kind}", ""]
        if "p1_commands" in r:
            lines += _p1(r["p1_commands"])
        if "p2_rebuild" in r:
            p2 = r["p2_rebuild"]
            lines += [
                f"**P2 rebuild** of {p2['events']:,} events: {spread(p2['rebuild_events_per_s'])} events/s; "
                f"raw read+decode (mean of just before and just after each rebuild) "
                f"{spread(p2['raw_read_decode_events_per_s'])} events/s; ratio per repeat "
                f"{spread(p2['rebuild_over_raw'], 3)}, median {p2['ratios']['rebuild_over_raw']}",
                "",
            ]
        if "p3_reads" in r:
            lines += _p3(r)
        if "p4_freshness" in r:
            fr = r["p4_freshness"]["freshness"]
            lines += [
                f"**P4 freshness** (API and projection worker in separate processes, "
                f"{r['p4_freshness']['commands']} commands): p50 {fr['p50_ms']} ms, p95 {fr['p95_ms']} ms, "
                f"p99 {fr['p99_ms']} ms",
                "",
            ]
        if "p5_history" in r:
            lines += _p5(r["p5_history"])
        if "p6_pages" in r:
            lines += _p6(r["p6_pages"])
    lines += ["### Targets", "", "| target | value | met |", "|---|---|---|"]
    for name, check in results["targets"].items():
        lines.append(
            f"| {name} ({check['target']}) | {check['value']} | {'yes' if check['met'] else '**no**'} |"
        )
    return "\n".join(lines) + "\n"


def _p1(p1: dict[str, Any]) -> list[str]:
    lines = [
        f"**P1 commands** ({p1['commands_per_run']} commands a run: identify goal, plan, start, complete)",
        "",
        "| path | commands/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|",
    ]
    for name in (
        "in_process_1",
        "in_process_16",
        "http_1",
        "http_16",
        "http_16_workers_2",
        "http_16_httpx_threads",
        "raw_1",
        "raw_16",
    ):
        f = p1.get(name)
        if f is None:
            continue  # a run from before this path was measured
        lines.append(
            f"| {name} | {spread(f['rate_per_s'])} | {spread(f['p50_ms'])} | {spread(f['p95_ms'])}"
            f" | {spread(f['p99_ms'])} |"
        )
    return [*lines, "", "Ratios: " + ", ".join(f"{k} = {v}" for k, v in p1["ratios"].items()), ""]


def _p3(r: dict[str, Any]) -> list[str]:
    lines = [
        "**P3 reads** (one client, HTTP, random people)",
        "",
        "| store size | GET care-plan p50 / p99 ms | GET timeline p50 / p99 ms | server RSS MB |",
        "|---|---|---|---|",
    ]
    for label in ("small", "large"):
        x = r["p3_reads"][label]
        lines.append(
            f"| {x['events']:,} events, {x['people']:,} people"
            f" (generated at {x['generate_events_per_s']:,.0f} ev/s)"
            f" | {spread(x['care_plan']['p50_ms'])} / {spread(x['care_plan']['p99_ms'])}"
            f" | {spread(x['timeline']['p50_ms'])} / {spread(x['timeline']['p99_ms'])}"
            f" | {x['server_rss_mb']} |"
        )
    return [*lines, "", "Ratios: " + ", ".join(f"{k} = {v}" for k, v in r["p3_reads"]["ratios"].items()), ""]


def _p5(p5: dict[str, Any]) -> list[str]:
    rows = [
        f"**P5 history**: one journey of {p5['journey_events']} events among the store's others, "
        "over HTTP (the same server as P3)",
        "",
        "| store size | as-of care plan p50 / p99 ms | replay, whole stream p50 / p99 ms "
        "| replay, first frame p50 / p99 ms |",
        "|---|---|---|---|",
    ]
    for label in ("small", "large"):
        figures = [
            p5[f"{name}_{label}_store"] for name in ("as_of_care_plan", "replay_whole", "replay_first_frame")
        ]
        cells = [f"{spread(f['p50_ms'])} / {spread(f['p99_ms'])}" for f in figures]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    rows += [
        "",
        f"Server RSS with the large store loaded and serving: {p5['server_rss_mb_large_store']} MB",
        "",
    ]
    return rows


_P6_NAMES = {
    "caseload_page": "caseload page",
    "person_page": "person page",
    "supervision_first_frame": "supervision page, first frame",
    "api_care_plan": "baseline: GET care-plan of the API, the same people",
}


def _p6(p6: dict[str, Any]) -> list[str]:
    rows = [
        f"**P6 pages** on the large store, signed in with a session cookie, {p6['reads']} reads "
        f"of each a run (the caseload of a team of {p6['caseload_people']})",
        "",
        "| page | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|",
    ]
    for name, label in _P6_NAMES.items():
        if name in p6:
            f = p6[name]
            rows.append(
                f"| {label} | {spread(f['p50_ms'])} | {spread(f['p95_ms'])} | {spread(f['p99_ms'])} |"
            )
        elif f"{name}_skipped" in p6:
            rows.append(f"| {label} | {p6[f'{name}_skipped']} | | |")
    ratios = ", ".join(f"{k} = {v}" for k, v in p6.get("ratios", {}).items())
    return [*rows, "", f"Ratios: {ratios}", "", f"Server RSS after the pages: {p6['server_rss_mb']} MB", ""]


if __name__ == "__main__":
    print(render(json.loads(Path(sys.argv[1]).read_text())))
