"""``python -m bench.rebuild_cost`` rebuilds and reads a store it built through the application."""

from __future__ import annotations

from pathlib import Path

from bench.rebuild_cost import build, events_in, run_passes


def test_a_pass_of_either_mode_goes_through_every_event_of_the_store_it_built(tmp_path: Path) -> None:
    store = tmp_path / "refocus.db"

    events = build(store, 200)

    assert events == events_in(store) == 200
    assert run_passes("rebuild", 1, store) == events
    assert run_passes("read", 1, store) == events
