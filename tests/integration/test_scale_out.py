"""Deployment at scale: a projection worker of its own, API processes that only wait for it.

The worker runs here in a thread (SQLite file and PostgreSQL) and, in the last
test, as real processes: two API servers (one of them ``serve --workers 2``)
and one ``refocus projections run`` against one PostgreSQL schema.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import httpx
import pytest
from fastapi.testclient import TestClient

from domain.actor import acting_as
from interfaces import cli
from interfaces.http import create_app
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from projections.worker import ProjectionWorker, WorkerLockedError
from tests.conftest import ALICE, SECRET, bearer
from tests.journeys import GOAL, http_goal, http_register, http_step, register
from tests.processes import free_port, refocus_process, wait_until_serving


def views_reach(runtime: Runtime, position: int, timeout: float) -> bool:
    """Whether a worker elsewhere brings ``runtime``'s views to ``position`` within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while runtime.projector.position() < position:
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
    return True


class RunningWorker:
    def __init__(self, runtime: Runtime) -> None:
        self.stop = threading.Event()
        self.reached: list[int] = []
        self.errors: list[BaseException] = []
        self.worker = ProjectionWorker(runtime.projector)
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self.reached.append(self.worker.run(self.stop))
        except BaseException as error:
            self.errors.append(error)

    def __enter__(self) -> RunningWorker:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self._thread.join(timeout=10)
        assert not self._thread.is_alive(), "the projection worker did not stop"
        assert not self.errors, self.errors


@pytest.fixture
def worker_settings(settings: Settings) -> Settings:
    return Settings(
        data_dir=settings.data_dir,
        database_url=settings.database_url,
        secret_key=SECRET,
        projections="worker",
        read_wait_seconds=5.0,
    )


@pytest.fixture
def worker_runtime(worker_settings: Settings) -> Iterator[Runtime]:
    with Runtime(worker_settings) as rt:
        yield rt


def test_an_api_in_worker_mode_reads_what_the_projection_worker_applied(
    worker_settings: Settings, worker_runtime: Runtime
) -> None:
    alice = bearer()
    with (
        RunningWorker(worker_runtime),
        TestClient(create_app(worker_settings, runtime=worker_runtime)) as client,
    ):
        person = http_register(client, alice, name="Sam")
        goal = http_goal(client, alice, person)
        step = http_step(client, alice, goal, description="Walk to the studio")
        done = client.post(f"/api/v1/steps/{step}/complete", headers=alice)
        assert done.status_code == 200, done.text

        plan = client.get(f"/api/v1/people/{person}/care-plan", headers=alice)

    assert plan.status_code == 200
    assert plan.json()["goals"][0]["steps"][0]["status"] == "completed"


def test_in_worker_mode_a_query_answers_503_with_retry_after_when_no_worker_catches_up(
    tmp_path: Path, sqlite_url: str
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        database_url=sqlite_url,
        secret_key=SECRET,
        projections="worker",
        read_wait_seconds=0.2,
    )
    alice = bearer()
    with TestClient(create_app(settings)) as client:
        person = http_register(client, alice)

        answer = client.get(f"/api/v1/people/{person}/care-plan", headers=alice)

    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "1"
    assert answer.json()["title"] == "Read models behind"


def test_a_second_projection_worker_refuses_to_run_beside_the_first(worker_runtime: Runtime) -> None:
    with RunningWorker(worker_runtime) as first, Runtime(worker_runtime.settings) as other:
        assert first.worker.holding_lock.wait(5)

        with pytest.raises(WorkerLockedError):
            ProjectionWorker(other.projector).run(threading.Event(), wait=False)


def test_a_standby_projection_worker_takes_over_when_the_first_stops(worker_runtime: Runtime) -> None:
    with Runtime(worker_runtime.settings) as other:
        with RunningWorker(worker_runtime) as first:
            assert first.worker.holding_lock.wait(5)
            standby = RunningWorker(other).__enter__()
            try:
                assert not standby.worker.holding_lock.wait(0.3)
            except BaseException:
                standby.__exit__()
                raise
        try:
            assert standby.worker.holding_lock.wait(5)
            with acting_as(ALICE):
                person = register(other.journeys)
                position = other.journeys.identify_goal(person, **GOAL).position

            assert views_reach(other, position, 5)
        finally:
            standby.__exit__()


def test_the_projection_worker_command_refuses_with_status_3_while_another_runs(
    worker_runtime: Runtime, worker_settings: Settings
) -> None:
    with RunningWorker(worker_runtime) as first:
        assert first.worker.holding_lock.wait(5)

        status = cli.main(
            ["projections", "run", "--no-wait", "--database-url", str(worker_settings.database_url)]
        )

    assert status == 3


def test_the_projection_worker_does_not_follow_the_in_memory_store(memory_runtime: Runtime) -> None:
    with pytest.raises(ValueError, match="in-memory"):
        ProjectionWorker(memory_runtime.projector)


@pytest.mark.slow
@pytest.mark.postgres
def test_api_processes_and_one_projection_worker_read_each_others_writes(
    postgres_url: str, tmp_path: Path
) -> None:
    env = {
        "REFOCUS_DATABASE_URL": postgres_url,
        "REFOCUS_SECRET_KEY": SECRET,
        "REFOCUS_DATA_DIR": str(tmp_path / "data"),
        "REFOCUS_PROJECTIONS": "worker",
    }
    ports = [free_port(), free_port()]
    logs = [tmp_path / "api-a.log", tmp_path / "api-b.log", tmp_path / "worker.log"]
    alice = bearer()
    with (
        refocus_process(["projections", "run"], env, logs[2]),
        refocus_process(["serve", "--port", str(ports[0]), "--workers", "2"], env, logs[0]) as api_a,
        refocus_process(["serve", "--port", str(ports[1])], env, logs[1]) as api_b,
    ):
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        wait_until_serving(bases[0], api_a, logs[0])
        wait_until_serving(bases[1], api_b, logs[1])
        with httpx.Client(base_url=bases[0]) as a, httpx.Client(base_url=bases[1]) as b:
            person_a = http_register(a, alice, name="Sam")  # type: ignore[arg-type]
            person_b = http_register(b, alice, name="Kit")  # type: ignore[arg-type]
            goal = http_goal(b, alice, person_a)  # type: ignore[arg-type]
            step = a.post(
                f"/api/v1/goals/{goal}/steps",
                json={"description": "Walk to the studio", "mode": "independent"},
                headers=alice,
            )
            assert step.status_code == 201, step.text
            position = step.json()["position"]

            plan = b.get(
                f"/api/v1/people/{person_a}/care-plan", params={"min_position": position}, headers=alice
            )
            caseload = a.get("/api/v1/people", params={"min_position": position}, headers=alice)

    assert plan.status_code == 200, plan.text
    assert [s["id"] for s in plan.json()["goals"][0]["steps"]] == [step.json()["id"]]
    assert {p["id"] for p in caseload.json()["items"]} == {person_a, person_b}
    assert UUID(person_b)
    assert "projection worker started" in logs[2].read_text()


def test_a_rebuild_refuses_while_a_projection_worker_runs(
    worker_runtime: Runtime, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = worker_runtime.settings
    storage = ["--database-url", str(settings.database_url), "--data-dir", str(settings.data_dir)]
    with RunningWorker(worker_runtime) as first:
        assert first.worker.holding_lock.wait(5)
        assert cli.main(["projections", "rebuild", *storage]) == 3
    assert "stop it, then rebuild" in capsys.readouterr().err
    assert cli.main(["projections", "rebuild", *storage]) == 0
