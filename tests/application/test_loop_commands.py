"""Commands on a SQLite file run on the event loop, taking the write lock without blocking it."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from application.storage.loop_commands import LoopCommands
from application.storage.sqlite import ProcessWriteLock
from interfaces.http.app import create_app
from interfaces.settings import Settings
from tests.conftest import SECRET, bearer
from tests.journeys import http_goal, http_register

ALICE = bearer()


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.mark.parametrize(
    ("store", "on_loop"),
    [("sqlite", True), pytest.param("postgres", False, marks=pytest.mark.postgres), ("memory", False)],
)
def test_where_a_command_runs_follows_the_store(
    store: str, on_loop: bool, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = "memory://" if store == "memory" else request.getfixturevalue(f"{store}_url")
    settings = Settings(data_dir=tmp_path, database_url=url, secret_key=SECRET)
    with TestClient(create_app(settings)) as client:
        journeys = client.app.state.runtime.journeys  # type: ignore[attr-defined]
        identify_goal = journeys.identify_goal
        seen: list[bool] = []

        def observed(*args: Any, **kwargs: Any) -> Any:
            seen.append(_on_event_loop())
            return identify_goal(*args, **kwargs)

        journeys.identify_goal = observed
        person = http_register(client, ALICE)
        goal = http_goal(client, ALICE, person)
        plan = client.get(f"/api/v1/people/{person}/care-plan", headers=ALICE).json()
    assert seen == [on_loop]
    assert [g["id"] for g in plan["goals"]] == [goal]


@contextmanager
def held_elsewhere(lock: ProcessWriteLock) -> Iterator[threading.Event]:
    """The write lock held by another thread (as the views' catch-up holds it) until the event is set."""
    holding, let_go = threading.Event(), threading.Event()

    def hold() -> None:
        with lock.held():
            holding.set()
            let_go.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)
    try:
        yield let_go
    finally:
        let_go.set()
        holder.join(10)


def test_a_command_waiting_for_the_write_lock_leaves_the_loop_serving(
    sqlite_url: str, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, database_url=sqlite_url, secret_key=SECRET)
    with TestClient(create_app(settings)) as client, ThreadPoolExecutor(1) as pool:
        person = http_register(client, ALICE)
        lock = client.app.state.runtime.journeys.recorder.datastore.write_lock  # type: ignore[attr-defined]
        with held_elsewhere(lock) as let_go:
            waiting = pool.submit(http_goal, client, ALICE, person)
            time.sleep(0.2)
            assert not waiting.done(), "the command wrote while another thread held the write lock"
            began = time.monotonic()
            health = client.get("/health")
            answered_in = time.monotonic() - began
            assert not waiting.done()
            let_go.set()
            goal = waiting.result(10)
        plan = client.get(f"/api/v1/people/{person}/care-plan", headers=ALICE).json()
    assert health.status_code == 200
    # Held up, the loop would answer only once the holder gave up (30 s).
    assert answered_in < 5
    assert [g["id"] for g in plan["goals"]] == [goal]


def _free_for_another_thread(lock: ProcessWriteLock) -> bool:
    def try_it() -> bool:
        taken = lock.acquire(threading.get_ident(), blocking=False)
        if taken:
            lock.release()
        return taken

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(try_it).result(10)


def test_a_command_cancelled_while_waiting_for_the_write_lock_gives_it_back(tmp_path: Path) -> None:
    lock = ProcessWriteLock(str(tmp_path / "db.write-lock"))
    commands = LoopCommands(lock)
    ran: list[str] = []

    async def cancel_while_waiting(let_go: threading.Event) -> bool:
        command = asyncio.create_task(commands.run(lambda: ran.append("ran")))
        await asyncio.sleep(0.2)
        command.cancel()
        let_go.set()  # the waiting thread now gets the lock for the loop, which must give it back
        with pytest.raises(asyncio.CancelledError):
            await command
        for _ in range(500):
            if _free_for_another_thread(lock):
                return True
            await asyncio.sleep(0.01)
        return False

    with held_elsewhere(lock) as let_go:
        freed = asyncio.run(cancel_while_waiting(let_go))
    assert ran == []
    assert freed
    lock.close()


def test_commands_on_the_loop_take_the_lock_at_once_when_it_is_free(tmp_path: Path) -> None:
    lock = ProcessWriteLock(str(tmp_path / "db.write-lock"))
    commands = LoopCommands(lock)

    async def run_two() -> list[bool]:
        return [await commands.run(_on_event_loop), await commands.run(_on_event_loop)]

    assert asyncio.run(run_two()) == [True, True]
    assert _free_for_another_thread(lock)  # given back after each command
    lock.close()


def test_commands_ready_at_once_run_one_a_turn_of_the_loop(tmp_path: Path) -> None:
    # Between two commands the loop gets to its other work (reading new connections):
    # here, a callback the first command schedules runs before the second command.
    lock = ProcessWriteLock(str(tmp_path / "db.write-lock"))
    commands = LoopCommands(lock)
    order: list[str] = []

    def first() -> None:
        order.append("first command")
        asyncio.get_running_loop().call_soon(order.append, "other work")

    async def three_at_once() -> None:
        await asyncio.gather(
            commands.run(first),
            commands.run(lambda: order.append("second command")),
            commands.run(lambda: order.append("third command")),
        )

    asyncio.run(three_at_once())
    assert order == ["first command", "other work", "second command", "third command"]
    assert _free_for_another_thread(lock)
    lock.close()
