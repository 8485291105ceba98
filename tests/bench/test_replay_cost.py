"""``python -m bench.replay_cost`` streams whole replays through the app."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench.replay_cost import measure


def test_it_streams_one_frame_per_event_of_the_journey(tmp_path: Path) -> None:
    cpu, wall, frames = asyncio.run(measure(2, f"sqlite:///{tmp_path / 'refocus.db'}", events=30))
    assert frames == 30
    assert cpu > 0 and wall > 0
