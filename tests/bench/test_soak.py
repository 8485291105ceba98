"""The soak run: its minute rows come from a real server and worker, and its growth verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.soak import growing, run_soak


def rows(**series: list[float]) -> list[dict[str, Any]]:
    length = len(next(iter(series.values())))
    base = {"p99_ms": 10.0, "api_rss_mb": 100.0, "worker_rss_mb": 80.0, "lag_mean": 1.0}
    return [{**base, **{name: values[i] for name, values in series.items()}} for i in range(length)]


@pytest.mark.parametrize(
    ("minutes", "grown"),
    [
        (rows(p99_ms=[50, 10, 11, 10, 12, 11, 10]), set()),
        (rows(p99_ms=[9, 10, 10, 20, 30, 40, 50]), {"p99_ms"}),
        (rows(api_rss_mb=[90, 100, 101, 103, 106, 108, 125]), {"api_rss_mb"}),
        (rows(lag_mean=[0, 0.2, 0.1, 0.3, 0.5, 2, 3]), set()),
        (rows(lag_mean=[0, 1, 1, 5, 9, 14, 20]), {"lag_mean"}),
    ],
    ids=["steady-after-warm-up", "p99-grows", "memory-grows", "lag-small-jitter", "lag-grows"],
)
def test_a_figure_grows_when_its_last_third_rises_past_its_first(
    minutes: list[dict[str, Any]], grown: set[str]
) -> None:
    verdict = growing(minutes)
    assert {name for name, grew in verdict.items() if grew} == grown
    assert set(verdict) == {"p99_ms", "api_rss_mb", "worker_rss_mb", "lag_mean"}


def test_too_few_minutes_are_not_judged() -> None:
    assert growing(rows(p99_ms=[10, 10, 10])) == {}


@pytest.mark.slow
def test_a_short_soak_reports_its_minute_from_a_real_server_and_worker(tmp_path: Path) -> None:
    result = run_soak("sqlite", tmp_path, 0.1)
    [minute] = result["minutes"]
    assert minute["requests"] > 10
    assert minute["errors"] == 0
    assert minute["api_rss_mb"] > 0 and minute["worker_rss_mb"] > 0
    assert minute["p99_ms"] > 0
