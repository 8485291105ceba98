"""SIGTERM: the API finishes the requests it has begun, and the projection worker its batch.

Real processes: ``refocus serve`` with the views kept by ``refocus projections run``.
The worker is frozen (SIGSTOP) so that a query waiting to read its own write is still in
flight when the server is told to stop; thawed, the worker catches up, the query
answers 200, and only then does the server exit.
"""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import SECRET, bearer
from tests.processes import free_port, refocus_process, wait_until_serving


def wait_for_text(log: Path, text: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while text not in log.read_text():
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.05)


@pytest.mark.slow
def test_sigterm_lets_an_in_flight_request_finish_and_the_worker_stop_cleanly(tmp_path: Path) -> None:
    port = free_port()
    env = {
        "REFOCUS_DATA_DIR": str(tmp_path / "data"),
        "REFOCUS_SECRET_KEY": SECRET,
        "REFOCUS_PROJECTIONS": "worker",
    }
    base = f"http://127.0.0.1:{port}"
    server_log, worker_log = tmp_path / "serve.log", tmp_path / "worker.log"
    with refocus_process(["serve", "--port", str(port)], env, server_log) as server:
        wait_until_serving(base, server, server_log)
        with refocus_process(["projections", "run"], env, worker_log) as worker:
            wait_for_text(worker_log, "projection worker started")
            worker.send_signal(signal.SIGSTOP)
            written = httpx.post(
                f"{base}/api/v1/people", json={"display_name": "Sam", "team_id": "north"}, headers=bearer()
            )
            position = written.json()["position"]
            answers: list[httpx.Response] = []
            query = threading.Thread(
                target=lambda: answers.append(
                    httpx.get(f"{base}/api/v1/people?min_position={position}", headers=bearer(), timeout=30)
                )
            )
            query.start()
            time.sleep(0.5)  # the query is waiting for the views
            server.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            assert server.poll() is None, "the server stopped before its in-flight request finished"
            assert not answers
            worker.send_signal(signal.SIGCONT)
            query.join(timeout=30)
            assert answers and answers[0].status_code == 200, answers
            assert [p["display_name"] for p in answers[0].json()["items"]] == ["Sam"]
            # uvicorn, once shut down, raises the signal again: the exit says what stopped it.
            assert server.wait(timeout=30) in (0, -signal.SIGTERM)

            worker.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=30) == 0
        assert f"Projection worker stopped at position {position}." in worker_log.read_text()
    log = server_log.read_text()
    assert "Application shutdown complete." in log and "Finished server process" in log
    assert "Traceback" not in log
