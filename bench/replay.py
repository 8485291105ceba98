"""How long as-of and replay take for one 500-event journey, on SQLite and PostgreSQL.

    python -m bench.replay [--events 500] [--others 20] [--repeat 20]

The store also holds other people's journeys (``--others`` of 100 events each),
so a reader that scanned the whole store would show it. Each figure is the
median of ``--repeat`` runs, through the same ``JourneyViews`` calls the HTTP
routes make (minus HTTP): reading the person's events, folding them, building
the answer. PostgreSQL runs against ``REFOCUS_TEST_POSTGRES_URL`` (default
postgresql://postgres@127.0.0.1:5432/test) in a schema of its own, dropped after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from bench.harness import WORKER
from bench.scenarios.journeys import build_journey
from domain.actor import acting_as
from interfaces.runtime import Runtime
from interfaces.settings import Settings

POSTGRES_URL = os.environ.get("REFOCUS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(label: str, settings: Settings, events: int, others: int, repeat: int) -> None:
    with Runtime(settings) as runtime:
        with acting_as(WORKER):
            for _ in range(others):
                build_journey(runtime, 100)
            person = build_journey(runtime, events)
        runtime.projector.catch_up()
        views, history = runtime.views, runtime.history
        total = runtime.projector.head()
        mine = len(history.events(person, WORKER))
        now = datetime.now(UTC)
        read = median_ms(lambda: history.events(person, WORKER), repeat)
        as_of = median_ms(lambda: views.care_plan(person, WORKER, as_of=now), repeat)
        replay = median_ms(lambda: list(views.replay(person, WORKER)), repeat)
        print(
            f"{label:<10} {mine} of {total} events | read the person's events {read:7.1f} ms"
            f" | as-of care plan {as_of:7.1f} ms | full replay ({mine} frames) {replay:7.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--others", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        sqlite = Settings(data_dir=Path(data), database_url=f"sqlite:///{data}/bench.db")
        measure("SQLite", sqlite, args.events, args.others, args.repeat)
    try:
        import psycopg

        schema = f"refocus_bench_{uuid4().hex[:12]}"
        with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except Exception as error:  # no server: say so, the SQLite figures still stand
        print(f"PostgreSQL   skipped: {type(error).__name__} at {POSTGRES_URL}")
        return
    try:
        with tempfile.TemporaryDirectory() as data:
            url = f"{POSTGRES_URL}?schema={schema}"
            postgres = Settings(data_dir=Path(data), database_url=url)
            measure("PostgreSQL", postgres, args.events, args.others, args.repeat)
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    main()
