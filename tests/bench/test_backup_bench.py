"""P8 exports a store it built through the application and imports the file into a new one."""

from __future__ import annotations

from pathlib import Path

from bench.harness import postgres_unavailable, runtime_on, store
from bench.scenarios import p8_backup, populate


def test_p8_moves_every_event_of_the_store_and_reports_both_rates(tmp_path: Path) -> None:
    with store("sqlite", tmp_path, "large") as s, runtime_on(s) as rt:
        populate(rt, 3, 12)
        events = rt.journeys.recorder.max_notification_id()
        figures = p8_backup(rt, "sqlite", tmp_path, events)

    assert figures["events"] == figures["expected_events"] == events
    assert figures["export_events_per_s"] > 0 and figures["import_events_per_s"] > 0
    assert figures["bytes_per_event"] > 0
    assert not (tmp_path / "p8-export.refocus.gz").exists()
    if postgres_unavailable() is None:
        assert figures["import_into_postgresql_events_per_s"] > 0
