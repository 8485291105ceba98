"""The replay stream's chunks: the first frame at once, then frames grouped by age and size."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from interfaces.http.routes import supervision


def _frames(count: int, clock: list[float], step: float = 0.0, text: str = "x") -> Iterator[dict[str, Any]]:
    for position in range(1, count + 1):
        clock[0] += step
        yield {"position": position, "summary": text}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1000.0]
    monkeypatch.setattr(supervision.time, "monotonic", lambda: now[0])
    return now


def test_the_first_frame_goes_out_alone_and_the_rest_together_while_young_and_small(
    clock: list[float],
) -> None:
    chunks = list(supervision._lines(_frames(50, clock)))
    assert [len(c.splitlines()) for c in chunks] == [1, 49]
    lines = "".join(chunks).splitlines()
    assert [json.loads(line)["position"] for line in lines] == list(range(1, 51))


def test_a_chunk_goes_out_once_it_is_old_enough(clock: list[float]) -> None:
    step = supervision._CHUNK_SECONDS / 4  # a frame every quarter of the age limit
    chunks = list(supervision._lines(_frames(9, clock, step=step)))
    assert [len(c.splitlines()) for c in chunks] == [1, 4, 4]


def test_a_chunk_goes_out_once_it_is_large_enough(clock: list[float]) -> None:
    text = "x" * 1000
    chunks = list(supervision._lines(_frames(600, clock, text=text)))
    assert len(chunks) > 2
    assert all(len(c) < supervision._CHUNK_CHARS + 2000 for c in chunks)
    assert all(len(c) >= supervision._CHUNK_CHARS for c in chunks[1:-1])
    assert sum(len(c.splitlines()) for c in chunks) == 600
