"""PostgreSQL stops while the service runs: commands and queries answer 503 at once, then recover.

The database is a private cluster (``tests.faults.private_postgres``) stopped with
``pg_ctl -m immediate``: every connection drops as in a crash. The service is not
restarted: it must notice the database is back by itself.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from interfaces.http import create_app
from interfaces.settings import Settings
from tests.conftest import SECRET, bearer
from tests.faults.private_postgres import private_postgres

#: The issue's bound: an outage is told within a second or two, not after the pool's timeout.
PROMPT_SECONDS = 2.5


def timed(call: object) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    answer = call()  # type: ignore[operator]
    return answer, time.monotonic() - started


def register(client: TestClient, name: str) -> httpx.Response:
    return client.post("/api/v1/people", json={"display_name": name, "team_id": "north"}, headers=bearer())


def assert_unavailable(answer: httpx.Response, seconds: float) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "/problems/store-unavailable"
    assert int(answer.headers["retry-after"]) >= 1
    assert seconds < PROMPT_SECONDS


@pytest.mark.slow
def test_while_postgresql_is_down_requests_answer_503_quickly_and_the_service_recovers(
    tmp_path: Path,
) -> None:
    with private_postgres() as cluster:
        settings = Settings(data_dir=tmp_path / "data", database_url=cluster.url, secret_key=SECRET)
        with TestClient(create_app(settings)) as client:
            assert register(client, "Before").status_code == 201
            assert client.get("/api/v1/people", headers=bearer()).status_code == 200

            cluster.stop_immediately()
            for _ in range(3):  # the first request meets the dropped connections, later ones none
                assert_unavailable(*timed(lambda: register(client, "During")))
                assert_unavailable(*timed(lambda: client.get("/api/v1/people", headers=bearer())))
            live, seconds = timed(lambda: client.get("/health/live"))
            assert (live.status_code, seconds < PROMPT_SECONDS) == (200, True)
            ready, seconds = timed(lambda: client.get("/health/ready"))
            assert (ready.status_code, seconds < PROMPT_SECONDS) == (503, True)
            assert ready.json()["store"]["status"] == "unavailable"
            assert ready.json()["last_error"]["type"]

            cluster.start()
            deadline = time.monotonic() + 30
            while (answer := register(client, "After")).status_code != 201:
                assert answer.status_code == 503, answer.text
                assert time.monotonic() < deadline, "the service did not recover within 30 s"
                time.sleep(0.2)
            caseload = client.get("/api/v1/people", headers=bearer())
            assert caseload.status_code == 200
            assert {p["display_name"] for p in caseload.json()["items"]} == {"Before", "After"}
            assert client.get("/health/ready").status_code == 200
