"""An event the views cannot apply stops them just before it, visibly, until an operator acts.

The event is made unreadable the way a damaged or hand-edited store would be: its stored
bytes are overwritten in the events table, on a SQLite file and on PostgreSQL. The views
must stop there (never skip it silently), say so in readiness, in ``refocus projections
status`` and in the answer to a query, then go on after the bytes are mended and
``resume`` is run, or after ``skip`` records an operator's decision.
"""

from __future__ import annotations

import time
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from domain.actor import acting_as
from interfaces import cli
from interfaces.http import create_app
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from projections.store import quoted
from tests.conftest import ALICE, bearer
from tests.journeys import register

DAMAGED = b"\x00 not an event \x00"


def overwrite_event(runtime: Runtime, position: int, state: bytes) -> bytes:
    """Put ``state`` in place of the stored bytes of the event at ``position``; the old bytes."""
    table = runtime.view_store.events_table_beside(runtime.journeys.recorder)
    assert table is not None
    id_column = "rowid" if runtime.view_store.dialect == "sqlite" else "notification_id"
    where = f" WHERE {id_column} = ?"
    with runtime.view_store.writing() as tx:
        row = tx.one(f"SELECT state FROM {{s}}{quoted(table)}" + where, (position,))
        assert row is not None
        tx.execute(f"UPDATE {{s}}{quoted(table)} SET state = ?" + where, (state, position))
    return bytes(row[0])


def names(client: TestClient) -> set[str]:
    answer = client.get("/api/v1/people", headers=bearer())
    assert answer.status_code == 200, answer.text
    return {person["display_name"] for person in answer.json()["items"]}


def command_line(settings: Settings, *args: str) -> int:
    return cli.main([*args, "--database-url", settings.store_url, "--data-dir", str(settings.data_dir)])


def wait_for(condition: object, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.1)


def damaged_store(settings: Settings) -> tuple[int, bytes, UUID]:
    """Three people registered; the second one's event made unreadable. Its position, its bytes."""
    with Runtime(settings) as writer, acting_as(ALICE):
        register(writer.journeys, name="First")
        second = register(writer.journeys, name="Second")
        position = writer.projector.head()
        register(writer.journeys, name="Third")
        original = overwrite_event(writer, position, DAMAGED)
    return position, original, second


def test_the_views_stop_at_a_damaged_event_and_go_on_once_it_is_mended_and_resumed(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    position, original, _ = damaged_store(settings)
    with TestClient(create_app(settings)) as client:
        started = time.monotonic()
        answer = client.get("/api/v1/people", headers=bearer())
        assert answer.status_code == 503
        assert answer.json()["type"] == "/problems/read-models-behind"
        assert "stopped at an event" in answer.json()["detail"]
        assert time.monotonic() - started < 2  # told at once, not after the read wait

        ready = client.get("/health/ready")
        assert ready.status_code == 503
        stopped = ready.json()["projections"]["stopped_at"]
        assert (stopped["position"], stopped["topic"]) == (position, "domain.person:Person.PersonRegistered")
        assert stopped["error_class"] and stopped["resolution"] is None
        assert ready.json()["projections"]["position"] == position - 1
        assert "not an event" not in ready.text  # the stored bytes never leave the store

        capsys.readouterr()
        assert command_line(settings, "projections", "status") == 1
        out = capsys.readouterr().out
        assert f"STOPPED at position {position} (domain.person:Person.PersonRegistered" in out
        assert f"position {position - 1} of {position + 1} (lag 2)" in out

        with Runtime(settings) as operator:
            overwrite_event(operator, position, original)
        assert command_line(settings, "projections", "resume") == 0
        wait_for(lambda: client.get("/api/v1/people", headers=bearer()).status_code == 200)
        assert names(client) == {"First", "Second", "Third"}
        assert client.get("/health/ready").status_code == 200
    capsys.readouterr()
    assert command_line(settings, "projections", "status") == 0
    assert f"position {position} (domain.person:Person.PersonRegistered: " in capsys.readouterr().out


def test_resuming_without_mending_stops_again_at_the_same_event(settings: Settings) -> None:
    position, _, _ = damaged_store(settings)
    with Runtime(settings) as runtime:
        runtime.projector.catch_up()
        assert runtime.projector.position() == position - 1
        assert runtime.projector.faults.resume() is not None
        runtime.projector._halt_checked = 0.0  # look for the decision now, not a second later
        runtime.projector.catch_up()
        fault = runtime.projector.stoppage()
        assert fault is not None and fault.position == position
        assert runtime.projector.position() == position - 1
        # A rebuild starts from the first event and stops at the same one.
        assert runtime.projector.rebuild() == position - 1
        assert runtime.view_store.position() == position - 1
        again = runtime.projector.stoppage()
        assert again is not None and (again.position, again.topic) == (fault.position, fault.topic)


def test_an_operator_may_skip_the_event_with_a_reason_and_a_rebuild_skips_it_again(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    position, _, _ = damaged_store(settings)
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/v1/people", headers=bearer()).status_code == 503
        assert command_line(settings, "projections", "skip", str(position + 1), "--reason", "wrong one") == 2
        assert command_line(settings, "projections", "skip", str(position), "--reason", "  ") == 2
        assert command_line(settings, "projections", "skip", str(position), "--reason", "unreadable") == 0
        wait_for(lambda: client.get("/api/v1/people", headers=bearer()).status_code == 200)
        assert names(client) == {"First", "Third"}
    assert command_line(settings, "projections", "rebuild") == 0
    with TestClient(create_app(settings)) as client:
        assert names(client) == {"First", "Third"}
    capsys.readouterr()
    assert command_line(settings, "projections", "status") == 0
    assert f"position {position} (domain.person:Person.PersonRegistered: " in (out := capsys.readouterr().out)
    assert "skipped at" in out and ": unreadable" in out


def test_the_projection_worker_reports_the_stop_waits_and_goes_on_after_a_skip(settings: Settings) -> None:
    import threading

    from projections.worker import ProjectionWorker

    position, _, _ = damaged_store(settings)
    lines: list[str] = []
    stop = threading.Event()
    with Runtime(settings) as runtime:
        worker = ProjectionWorker(runtime.projector, report=lines.append)
        thread = threading.Thread(target=worker.run, args=(stop,))
        thread.start()
        try:
            wait_for(lambda: any("projection stopped at position" in line for line in lines))
            stopped = [line for line in lines if "stopped at position" in line]
            assert stopped == [
                f"projection stopped at position {position} (domain.person:Person.PersonRegistered:"
                f" {runtime.projector.halted.error_class}); see `refocus projections status`"  # type: ignore[union-attr]
            ]
            with Runtime(settings) as operator:
                operator.projector.faults.skip(position, "unreadable")
            wait_for(lambda: runtime.projector.position() == position + 1)
        finally:
            stop.set()
            thread.join(timeout=10)
    assert not thread.is_alive()


def test_with_a_projection_worker_a_query_learns_of_the_stop_from_the_store_at_once(
    settings: Settings,
) -> None:
    from dataclasses import replace

    worker_mode = replace(settings, projections="worker")
    damaged_store(worker_mode)
    with Runtime(worker_mode) as worker:
        worker.projector.catch_up()  # what `refocus projections run` does: it stops at the event
    with TestClient(create_app(worker_mode)) as client:
        started = time.monotonic()
        answer = client.get("/api/v1/people", headers=bearer())
        assert answer.status_code == 503 and "stopped at an event" in answer.json()["detail"]
        assert time.monotonic() - started < 2
