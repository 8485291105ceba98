"""``refocus audit verify`` finds any record of the access log changed, removed or reordered,
and the chain stays one line while threads and processes append at once; on SQLite files and
on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import uuid4

import pytest

from domain.actor import Actor, Role, acting_as
from interfaces import cli
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from projections.access_log import Access, AccessLog
from projections.store import ViewCursor

ALICE = Actor("alice", Role.WORKER, frozenset({"north"}))
SUE = Actor("sue", Role.SUPERVISOR, frozenset({"north", "south"}))


@pytest.fixture(autouse=True)
def _no_deployment_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("REFOCUS_SECRET_KEY", "REFOCUS_DATABASE_URL", "REFOCUS_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def logged(runtime: Runtime) -> Iterator[AccessLog]:
    """An access log of five reads, in three appends."""
    log = runtime.access_log
    person = str(uuid4())
    log.append([Access(ALICE, person, "/api/v1/people/{person_id}/care-plan", "r1")])
    log.append(
        [Access(SUE, person, "/people/{person_id}", "r2"), Access(SUE, str(uuid4()), "/api/v1/events", "r2")]
    )
    log.append([Access(ALICE, person, "/api/v1/people/{person_id}/timeline", f"r3-{n}") for n in range(2)])
    yield log


def verify(settings: Settings, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, str]:
    storage = ["--database-url", settings.store_url, "--data-dir", str(settings.data_dir)]
    status = cli.main(["audit", "verify", *storage, *more])
    out = capsys.readouterr()
    return status, out.out + out.err


def change(runtime: Runtime, *statements: str) -> None:
    with runtime.view_store.writing() as tx:
        for statement in statements:
            tx.execute(statement)


def test_an_untouched_log_verifies(
    logged: AccessLog, runtime: Runtime, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    status, said = verify(settings, capsys)
    assert status == 0, said
    assert "5 records" in said
    with runtime.view_store.reading() as tx:
        last = tx.one("SELECT hash FROM {s}refocus_access_log WHERE seq = 5")
    assert last is not None and f"the last hash is {last[0]}." in said
    # Kept outside the database, the hash of record 5 tells later whether records 1-5 are the same.
    logged.append([Access(ALICE, str(uuid4()), "/api/v1/events", "r4")])
    assert verify(settings, capsys, "--expect", f"5:{last[0]}")[0] == 0
    status, said = verify(settings, capsys, "--expect", f"5:{'f' * 64}")
    assert status == 1
    assert "record 5 is not the record whose hash was kept" in said


def test_an_empty_log_verifies(
    runtime: Runtime, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    said = "The access log holds: 0 records, chained without a gap; the last hash is " + "0" * 64 + ".\n"
    assert verify(settings, capsys) == (0, said)


TAMPERING: dict[str, tuple[tuple[str, ...], str]] = {
    "a field changed": (
        ("UPDATE {s}refocus_access_log SET subject = 'mallory' WHERE seq = 3",),
        "record 3 was changed",
    ),
    "a time changed": (
        ("UPDATE {s}refocus_access_log SET at = '2000-01-01T00:00:00.000000Z' WHERE seq = 1",),
        "record 1 was changed",
    ),
    "a record removed": (("DELETE FROM {s}refocus_access_log WHERE seq = 2",), "record 2 is missing"),
    "the first record removed": (("DELETE FROM {s}refocus_access_log WHERE seq = 1",), "record 1 is missing"),
    "the last records removed": (
        ("DELETE FROM {s}refocus_access_log WHERE seq >= 4",),
        "the log ends at record 3 but its head names record 5",
    ),
    "two records swapped": (
        (
            "UPDATE {s}refocus_access_log SET seq = -2 WHERE seq = 2",
            "UPDATE {s}refocus_access_log SET seq = 2 WHERE seq = 3",
            "UPDATE {s}refocus_access_log SET seq = 3 WHERE seq = -2",
        ),
        "record 2 does not follow record 1",
    ),
    "a record's hash recomputed by hand": (
        ("UPDATE {s}refocus_access_log SET hash = previous_hash WHERE seq = 4",),
        "record 4 was changed",
    ),
    "a record rewritten with its chain from another": (
        (
            "UPDATE {s}refocus_access_log SET previous_hash = "
            "(SELECT hash FROM {s}refocus_access_log WHERE seq = 1) WHERE seq = 3",
        ),
        "record 3 does not follow record 2",
    ),
}


@pytest.mark.parametrize("tampering", list(TAMPERING))
def test_verify_names_the_first_record_changed_removed_or_out_of_place(
    tampering: str,
    logged: AccessLog,
    runtime: Runtime,
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    statements, problem = TAMPERING[tampering]
    change(runtime, *statements)
    status, said = verify(settings, capsys)
    assert status == 1
    assert problem in said
    assert (logged.verify().problem or "").startswith(problem)


def _append_from_threads(logs: list[AccessLog], threads: int, each: int) -> None:
    failures: list[BaseException] = []

    def reads(log: AccessLog, n: int) -> Callable[[], None]:
        def run() -> None:
            try:
                for i in range(each):
                    log.append([Access(ALICE, str(uuid4()), "/api/v1/people/{person_id}", f"t{n}-{i}")])
            except BaseException as error:  # reported below, in the test's own thread
                failures.append(error)

        return run

    started = [threading.Thread(target=reads(logs[n % len(logs)], n)) for n in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    assert failures == []


def test_appends_from_many_threads_and_two_processes_stay_one_chain(settings: Settings) -> None:
    # Two runtimes on one database stand for two server processes: each has its own
    # connections and its own group commit.
    with Runtime(settings) as first, Runtime(settings) as second:
        _append_from_threads([first.access_log, second.access_log], threads=8, each=25)
        verdict = first.access_log.verify()
        with first.view_store.reading() as tx:
            requests = _request_ids(tx)
    assert verdict.intact, verdict.problem
    assert verdict.checked == 200
    assert len(requests) == 200


def _request_ids(tx: ViewCursor) -> set[str]:
    return {row[0] for row in tx.all("SELECT request_id FROM {s}refocus_access_log")}


def test_the_log_survives_a_rebuild_of_the_views(logged: AccessLog, runtime: Runtime) -> None:
    runtime.projector.rebuild()
    assert logged.verify().checked == 5


def test_refocus_replay_records_its_read_before_printing(
    runtime: Runtime, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    with acting_as(ALICE):
        person = runtime.journeys.register_person("Sam", "north", "alice").id
    argv = ["replay", str(person), "--database-url", settings.store_url, "--data-dir", str(settings.data_dir)]
    assert cli.main(argv) == 0
    assert "PersonRegistered" in capsys.readouterr().out
    (record,) = runtime.access_log.of_person(person, offset=0, limit=10)["items"]
    assert (record["subject"], record["role"], record["view"]) == ("refocus-cli", "admin", "refocus replay")
    # A head made again from nothing starts at record 1, which is taken: the append fails.
    with runtime.view_store.writing() as tx:
        tx.execute("DROP TABLE {s}refocus_access_log_head")
    with pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    assert stopped.value.code == 1
    said = capsys.readouterr()
    assert "PersonRegistered" not in said.out
    assert "could not be recorded" in said.err


@pytest.mark.parametrize("expect", ["5", "five:" + "0" * 64, "5:abc", ":" + "0" * 64])
def test_verify_refuses_a_kept_hash_it_cannot_read_with_status_2(
    expect: str, runtime: Runtime, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        verify(settings, capsys, "--expect", expect)
    assert stopped.value.code == 2
    assert "SEQ:HASH" in capsys.readouterr().err
