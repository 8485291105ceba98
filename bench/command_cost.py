"""What one command of P1's mix costs, in process and through the HTTP app, without a network.

    python -m bench.command_cost {application,http} CYCLES [DATABASE_URL]

``application`` calls ``RecoveryJourneys`` as P1's ``in_process_1`` does; ``http`` sends
the same four requests per cycle (identify goal, plan, start, complete a step) through
the ASGI app in this process (everything a served command runs but uvicorn and the
sockets). Prints CPU and wall time per command. By default the store is a new SQLite
file. For instructions, which do not drift with the machine's speed, run it under
callgrind for two numbers of cycles and divide the difference by the commands between::

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python -m bench.command_cost http 60 2>&1 | grep refs   # and 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import HEADERS, SECRET, TEAM, WORKER
from bench.load import GOAL, STEP
from bench.scenarios.commands import in_process_cycles
from domain.actor import acting_as
from interfaces.http.app import create_app
from interfaces.rates import Rate
from interfaces.runtime import Runtime
from interfaces.settings import Settings

WARM_UP_CYCLES = 5


class InProcessClient:
    """Calls the ASGI app directly, as uvicorn would, one request at a time."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self._headers = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
        self._headers += [(b"content-type", b"application/json"), (b"host", b"refocus")]

    async def post(self, path: str, body: dict[str, Any] | None = None) -> str:
        raw = json.dumps(body).encode() if body is not None else b""
        answer: str = json.loads(await self._send("POST", path, raw))["id"]
        return answer

    async def get(self, path: str) -> bytes:
        """The whole body, however many messages the app streams it in."""
        return await self._send("GET", path, b"")

    async def _send(self, method: str, path: str, raw: bytes) -> bytes:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [*self._headers, (b"content-length", str(len(raw)).encode())],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
            "state": {},
        }
        messages: list[dict[str, Any]] = []
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:  # the app only asks again to notice a disconnect
                await asyncio.Event().wait()
            sent = True
            return {"type": "http.request", "body": raw, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            messages.append(message)

        await self._app(scope, receive, send)
        status = messages[0]["status"]
        content = b"".join(m.get("body", b"") for m in messages[1:])
        if status >= 300:
            raise RuntimeError(f"{path}: {status} {content.decode(errors='replace')}")
        return content


async def http_cycles(client: InProcessClient, person: str, cycles: int) -> None:
    for _ in range(cycles):
        goal = await client.post(f"/api/v1/people/{person}/goals", GOAL)
        step = await client.post(f"/api/v1/goals/{goal}/steps", STEP)
        await client.post(f"/api/v1/steps/{step}/start")
        await client.post(f"/api/v1/steps/{step}/complete")


def in_process_settings(database_url: str | None) -> Settings:
    """A service in a new directory, on ``database_url`` or else a new SQLite file there."""
    directory = Path(tempfile.mkdtemp())
    return Settings(
        data_dir=directory,
        database_url=database_url or f"sqlite:///{directory / 'refocus.db'}",
        secret_key=SECRET,
        # The limiter runs, and is counted, on every command; its rate is one no run reaches.
        command_rate=Rate(10**9, 60),
    )


async def measure(path: str, cycles: int, database_url: str | None) -> tuple[float, float]:
    """CPU and wall seconds per command over ``cycles`` cycles, after a warm-up."""
    settings = in_process_settings(database_url)
    with Runtime(settings) as runtime:
        with acting_as(WORKER):
            person = runtime.journeys.register_person("Command cost", TEAM).id
        app = create_app(settings, runtime)
        client = InProcessClient(app)
        async with app.router.lifespan_context(app):
            if path == "http":
                await http_cycles(client, str(person), WARM_UP_CYCLES)
            else:
                in_process_cycles(runtime, person, WARM_UP_CYCLES)
            cpu, wall = time.process_time(), time.perf_counter()
            if path == "http":
                await http_cycles(client, str(person), cycles)
            else:
                in_process_cycles(runtime, person, cycles)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    commands = cycles * 4
    return cpu / commands, wall / commands


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("path", choices=("application", "http"))
    parser.add_argument("cycles", type=int)
    parser.add_argument("database_url", nargs="?")
    args = parser.parse_args()
    cpu, wall = asyncio.run(measure(args.path, args.cycles, args.database_url))
    print(f"{args.path}: {cpu * 1e6:.0f} µs of CPU and {wall * 1e6:.0f} µs of wall time per command")


if __name__ == "__main__":
    main()
