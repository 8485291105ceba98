"""Crash safety: the API process and the projection worker killed (SIGKILL) at random moments
under concurrent load, several rounds on each store.

Afterwards every acknowledged command is in the store and the views, none twice; every
command whose answer was lost (the in-doubt ones) is resolved by a retry with its
``Idempotency-Key``, which answers the first outcome or runs it once now; and the views the
worker kept through the kills equal a fresh rebuild. Bounded in time (about a minute a store)
and on loopback only.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import SECRET, bearer
from tests.journeys import GOAL
from tests.processes import ROOT, free_port, wait_until_serving
from tests.view_rows import view_rows

pytestmark = pytest.mark.slow

ROUNDS = 3
#: Rounds stop early once a store has used this much time, so the test stays bounded.
TIME_BUDGET_SECONDS = 30
CLIENTS = 4
ALICE = bearer()


@dataclass
class Command:
    """One keyed request, and what its client learnt of it."""

    key: str
    path: str
    body: dict[str, Any]
    kind: str  # "person" or "goal"
    answer: dict[str, Any] | None = None
    in_doubt: bool = False
    #: Refused for good (a journey that kept changing under it): must not be stored at all.
    refused: bool = False


@dataclass
class Ledger:
    commands: list[Command] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def acknowledged_people(self) -> list[str]:
        with self.lock:
            return [c.answer["id"] for c in self.commands if c.kind == "person" and c.answer]


class Process:
    """A ``refocus`` command run as its own process, which the test kills and starts again."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.args, self.env, self.log = args, env, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> subprocess.Popen[bytes]:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "interfaces.cli", *self.args],
                cwd=ROOT,
                env={**os.environ, **self.env},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        return self.process

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def next_command(ledger: Ledger, rng: random.Random) -> Command:
    people = ledger.acknowledged_people()
    key = uuid4().hex
    if people and rng.random() < 0.4:
        person = rng.choice(people)
        body = {**GOAL, "statement": f"Goal {key}"}
        return Command(key, f"/api/v1/people/{person}/goals", body, "goal")
    return Command(key, "/api/v1/people", {"display_name": f"Person {key}", "team_id": "north"}, "person")


def send(client: httpx.Client, command: Command) -> None:
    """Send ``command`` once: acknowledged on 201, in doubt when the answer never came."""
    try:
        answer = client.post(
            command.path, json=command.body, headers={**ALICE, "Idempotency-Key": command.key}
        )
    except httpx.TransportError:
        command.in_doubt = True
        return
    if answer.status_code == 201:
        command.answer, command.in_doubt = answer.json(), False
    elif answer.status_code >= 500:
        command.in_doubt = True
    elif answer.status_code == 409 and answer.json().get("rule") == "concurrent_update":
        command.refused, command.in_doubt = True, False
    else:
        raise AssertionError(f"{command.path} answered {answer.status_code}: {answer.text}")


def load(base: str, ledger: Ledger, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=10) as client:
        while not stop.is_set():
            command = next_command(ledger, rng)
            with ledger.lock:
                ledger.commands.append(command)
            send(client, command)
            if command.in_doubt:
                time.sleep(0.05)  # the server is down: do not spin while it restarts


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'refocus.db'}"
    else:
        yield request.getfixturevalue("postgres_url")


def test_kills_at_random_moments_lose_no_acknowledged_command_and_write_none_twice(
    store_url: str, tmp_path: Path
) -> None:
    rng = random.Random(int(os.environ.get("REFOCUS_CRASH_SEED", time.time_ns())))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "REFOCUS_DATABASE_URL": store_url,
        "REFOCUS_SECRET_KEY": SECRET,
        "REFOCUS_DATA_DIR": str(tmp_path / "data"),
        "REFOCUS_PROJECTIONS": "worker",
    }
    api = Process(["serve", "--port", str(port)], env, tmp_path / "api.log")
    worker = Process(["projections", "run"], env, tmp_path / "worker.log")
    ledger = Ledger()
    started = time.monotonic()
    rounds = 0
    try:
        worker.start()
        while rounds < ROUNDS and (rounds < 2 or time.monotonic() - started < TIME_BUDGET_SECONDS):
            wait_until_serving(base, api.start(), api.log, timeout=120)
            stop = threading.Event()
            clients = [
                threading.Thread(target=load, args=(base, ledger, stop, rng.random()), daemon=True)
                for _ in range(CLIENTS)
            ]
            for client in clients:
                client.start()
            began = time.monotonic()
            # The worker dies at one random moment of the round, the API at another.
            kill_worker_at, kill_api_at = rng.uniform(0.5, 3.0), rng.uniform(1.0, 4.0)
            for at, victim in sorted([(kill_worker_at, worker), (kill_api_at, api)], key=lambda x: x[0]):
                time.sleep(max(0.0, began + at - time.monotonic()))
                victim.kill()
                if victim is worker:
                    worker.start()
            stop.set()
            for client in clients:
                client.join(timeout=30)
            rounds += 1

        wait_until_serving(base, api.start(), api.log, timeout=120)
        in_doubt = [c for c in ledger.commands if c.in_doubt]
        answered_before_retries = sum(c.answer is not None for c in ledger.commands)
        print(f"{rounds} rounds, {len(ledger.commands)} commands, {len(in_doubt)} in doubt")
        with httpx.Client(base_url=base, timeout=30) as client:
            for command in in_doubt:
                send(client, command)
        assert not [c for c in ledger.commands if c.in_doubt], "a retry with the same key stayed unanswered"

        acknowledged = ledger.commands
        # Both kinds of outcome were met: answers before the kills, and answers lost to them.
        assert rounds >= 2 and answered_before_retries > 0 and in_doubt
        # The processes' own data directory: its master key opens what they sealed.
        settings = Settings(data_dir=tmp_path / "data", database_url=store_url, secret_key=SECRET)
        with Runtime(settings) as runtime:
            last = runtime.journeys.recorder.max_notification_id()
            deadline = time.monotonic() + 60
            while runtime.projector.position() < last and time.monotonic() < deadline:
                time.sleep(0.05)
            assert runtime.projector.position() == last, "the projection worker did not catch up"
            worker.stop()
            api.stop()
            check_store_and_views(runtime, acknowledged)
    finally:
        api.stop()
        worker.stop()


def check_store_and_views(runtime: Runtime, acknowledged: list[Command]) -> None:
    recorder = runtime.journeys.recorder
    notifications = recorder.select_notifications(start=None, limit=10_000_000)
    events = [runtime.journeys.mapper.to_domain_event(n) for n in notifications]
    registered = [e.display_name for e in events if type(e).__name__ == "PersonRegistered"]
    goals = [e.statement for e in events if type(e).__name__ == "GoalIdentified"]
    # Every command is in the store exactly once: acknowledged at first or resolved by its retry.
    # One refused for good is not in it at all.
    for command in acknowledged:
        written = registered if command.kind == "person" else goals
        label = command.body["display_name"] if command.kind == "person" else command.body["statement"]
        if command.refused:
            assert written.count(label) == 0, f"{label!r} was refused, yet stored"
            continue
        assert command.answer is not None
        assert written.count(label) == 1, f"{label!r} stored {written.count(label)} times"
        assert recorder.select_events(UUID(command.answer["id"]))
    kept = [c for c in acknowledged if not c.refused]
    assert len(registered) == sum(c.kind == "person" for c in kept)
    assert len(goals) == sum(c.kind == "goal" for c in kept)

    views = view_rows(runtime)
    caseload = {row[0] for row in views["refocus_caseload"]}
    assert caseload == {c.answer["id"] for c in kept if c.kind == "person" and c.answer}
    runtime.projector.rebuild()
    assert view_rows(runtime) == views
