"""P8: ``refocus export`` of the large store, and ``refocus import`` of the file into a new store.

Both run as the operator runs them, through ``application.storage.backup``, in this process:
export streams every event to a gzip file; import loads it into an empty store of the same
kind in one transaction (its rate excludes the rebuild of the views that follows, which P2
measures), and a SQLite store's file also into PostgreSQL when a server is reachable.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from application.storage.backup import export_store, import_store
from bench.harness import log, postgres_unavailable, runtime_on, store


def p8_backup(rt: Any, kind: str, work: Path, events: int) -> dict[str, Any]:
    backup = work / "p8-export.refocus.gz"
    started = time.perf_counter()
    exported = export_store(rt.journeys.recorder, backup)
    export_seconds = time.perf_counter() - started
    log(f"  P8 exported {exported.events} events in {export_seconds:.1f} s")
    with store(kind, work, "p8import") as target, runtime_on(target) as copy:
        started = time.perf_counter()
        imported = import_store(copy.journeys.recorder, backup)
        import_seconds = time.perf_counter() - started
    log(f"  P8 imported {imported.events} events in {import_seconds:.1f} s")
    across: dict[str, Any] = {}
    if kind == "sqlite" and postgres_unavailable() is None:
        # The move the deployment guide describes: the SQLite store's file into PostgreSQL.
        with store("postgresql", work, "p8across") as target, runtime_on(target) as copy:
            started = time.perf_counter()
            moved = import_store(copy.journeys.recorder, backup)
            seconds = time.perf_counter() - started
        log(f"  P8 imported {moved.events} events into PostgreSQL in {seconds:.1f} s")
        across = {"import_into_postgresql_events_per_s": round(moved.events / seconds, 1)}
    size_mb = backup.stat().st_size / 1e6
    backup.unlink()
    return {
        **across,
        "events": exported.events,
        "export_events_per_s": round(exported.events / export_seconds, 1),
        "import_events_per_s": round(imported.events / import_seconds, 1),
        "export_seconds": round(export_seconds, 2),
        "import_seconds": round(import_seconds, 2),
        "file_mb": round(size_mb, 1),
        "bytes_per_event": round(size_mb * 1e6 / max(exported.events, 1), 1),
        "expected_events": events,
    }
