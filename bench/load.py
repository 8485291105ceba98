"""The P1 load generator's clients: the standard library only.

Each 16-client run spawns its client processes afresh: importing the benchmark's scenarios
(the application, FastAPI, psycopg) would cost each of them CPU the server needs.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

GOAL: dict[str, Any] = {
    "statement": "I want to dance again",
    "identified_by": "person",
    "orientation": "approach",
    "life_domain": "occupational",
    "responsibility": "person",
    "in_own_words": True,
}
STEP = {"description": "Find a class", "mode": "independent"}
Timings = list[float]


def in_threads(clients: int, work: Callable[[int], Timings]) -> tuple[float, Timings]:
    """Run ``work(i)`` for each client in a thread of its own; wall time and every latency."""
    results: list[Timings] = [[] for _ in range(clients)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(clients + 1)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        raise errors[0]
    return wall, [t for r in results for t in r]


class LeanClient:
    """A keep-alive HTTP/1.1 client on the standard library, for the load generator.

    On a 2-core machine the clients share the cores with the server they measure;
    ``http.client`` takes far less CPU per request than httpx, leaving it to the server.
    """

    def __init__(self, base: str, headers: Mapping[str, str]) -> None:
        url = urlsplit(base)
        self._connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=30)
        self._headers = {**headers, "Content-Type": "application/json"}

    def connect(self) -> None:
        self._connection.connect()

    def post(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        payload = json.dumps(body).encode() if body is not None else b""
        self._connection.request("POST", path, body=payload, headers=self._headers)
        response = self._connection.getresponse()
        content = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{path}: {response.status} {content.decode(errors='replace')}")
        answer: dict[str, Any] = json.loads(content)
        return answer

    def close(self) -> None:
        self._connection.close()


def http_cycles(client: LeanClient, person: str, cycles: int) -> Timings:
    """The same four commands as ``bench.scenarios.commands.in_process_cycles``, over HTTP."""
    times: Timings = []

    def post(path: str, body: dict[str, Any] | None = None) -> str:
        t0 = time.perf_counter()
        answer = client.post(path, body)
        times.append(time.perf_counter() - t0)
        return str(answer["id"])

    try:
        for _ in range(cycles):
            goal = post(f"/api/v1/people/{person}/goals", GOAL)
            step = post(f"/api/v1/goals/{goal}/steps", STEP)
            post(f"/api/v1/steps/{step}/start")
            post(f"/api/v1/steps/{step}/complete")
    finally:
        client.close()
    return times


def client_process(
    base: str, headers: Mapping[str, str], people: list[str], cycles: int, start: Any, results: Any
) -> None:
    """One load-generator process: a thread per person, each running its command cycles.

    Every client connects before the start, as a keep-alive client has long been connected:
    a connection opened while the server is saturated waits until the event loop has
    served the requests already queued, and 16 of them opened at once would decide the p99
    and much of the rate of a short run.
    """
    try:
        clients = [LeanClient(base, headers) for _ in people]
        for client in clients:
            client.connect()
        start.wait()
        began = time.monotonic()
        wall, times = in_threads(len(people), lambda i: http_cycles(clients[i], people[i], cycles))
        results.put((began, began + wall, times, None))
    except BaseException as error:
        results.put((0.0, 0.0, [], f"{type(error).__name__}: {error}"))
