"""A query with `min_position` waits, off the worker threads, then answers from views that include it.

The query's thread finds the views behind, the route waits on the event loop and runs the query
again: these tests make the position appear only while the query waits, on a SQLite file and on
PostgreSQL, with the views caught up by the API itself (inline) or by a projection worker.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from fastapi.testclient import TestClient

from domain.actor import acting_as
from interfaces.http import create_app
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import ALICE, bearer
from tests.journeys import register


def later(seconds: float, action: object) -> threading.Thread:
    def run() -> None:
        time.sleep(seconds)
        action()  # type: ignore[operator]

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def names(answer: dict[str, list[dict[str, str]]]) -> set[str]:
    return {person["display_name"] for person in answer["items"]}


def test_a_query_waits_for_a_position_another_process_writes_meanwhile(settings: Settings) -> None:
    with Runtime(settings) as other, TestClient(create_app(settings)) as client:
        position = other.projector.head() + 1  # the next write's

        def write() -> None:
            with acting_as(ALICE):
                register(other.journeys, name="Written while the query waited")

        writer = later(0.3, write)
        started = time.monotonic()
        answer = client.get("/api/v1/people", params={"min_position": position}, headers=bearer())
        waited = time.monotonic() - started
        writer.join()

    assert answer.status_code == 200, answer.text
    assert names(answer.json()) == {"Written while the query waited"}
    assert waited >= 0.3


def test_with_a_projection_worker_a_query_waits_until_the_worker_applied_its_position(
    settings: Settings,
) -> None:
    with Runtime(settings) as worker:
        with acting_as(ALICE):
            register(worker.journeys, name="Sam")
        position = worker.projector.head()
        with TestClient(create_app(replace(settings, projections="worker"))) as client:
            applier = later(0.3, worker.projector.catch_up)
            answer = client.get("/api/v1/people", params={"min_position": position}, headers=bearer())
            applier.join()

    assert answer.status_code == 200, answer.text
    assert names(answer.json()) == {"Sam"}
