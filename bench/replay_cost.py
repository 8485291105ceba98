"""What one replay of a 500-event journey costs through the HTTP app, without a network.

    python -m bench.replay_cost REPLAYS [DATABASE_URL] [--events 500]

Builds one journey (``bench.scenarios.journeys.build_journey``), then streams ``GET /replay`` of it
``REPLAYS`` times through the ASGI app in this process, as P5 does through a served API
(everything but uvicorn and the sockets), and prints CPU and wall time per replay. By default
the store is a new SQLite file. The machine's speed drifts; for instructions, which do not,
run it under callgrind for two numbers of replays and divide the difference::

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python -m bench.replay_cost 6 2>&1 | grep refs   # and 1, then divide by 5
"""

from __future__ import annotations

import argparse
import asyncio
import time

from bench.command_cost import InProcessClient, in_process_settings
from bench.harness import WORKER
from bench.scenarios.journeys import build_journey
from domain.actor import acting_as
from interfaces.http.app import create_app
from interfaces.runtime import Runtime

WARM_UP_REPLAYS = 2


async def measure(replays: int, database_url: str | None, events: int = 500) -> tuple[float, float, int]:
    """CPU and wall seconds per replay, and the frames of the last one."""
    settings = in_process_settings(database_url)
    with Runtime(settings) as runtime:
        with acting_as(WORKER):
            person = build_journey(runtime, events)
        app = create_app(settings, runtime)
        client = InProcessClient(app)
        path = f"/api/v1/people/{person}/replay"
        async with app.router.lifespan_context(app):
            for _ in range(WARM_UP_REPLAYS):
                await client.get(path)
            body = b""
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(replays):
                body = await client.get(path)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    frames = body.count(b"\n")
    return cpu / max(replays, 1), wall / max(replays, 1), frames


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("replays", type=int)
    parser.add_argument("database_url", nargs="?")
    parser.add_argument("--events", type=int, default=500)
    args = parser.parse_args()
    cpu, wall, frames = asyncio.run(measure(args.replays, args.database_url, args.events))
    print(f"replay of {frames} frames: {cpu * 1e3:.2f} ms of CPU and {wall * 1e3:.2f} ms of wall time")


if __name__ == "__main__":
    main()
