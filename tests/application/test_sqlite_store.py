"""Writers of several processes on one SQLite file take turns through a file lock."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from application.storage.sqlite import ProcessWriteLock, WriteLockedSQLiteDatastore, write_lock_path
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import SECRET, bearer
from tests.journeys import http_goal, http_register
from tests.processes import free_port, refocus_process, wait_until_serving


def test_a_sqlite_file_store_writes_under_a_lock_file_beside_it(tmp_path: Path) -> None:
    database = tmp_path / "refocus.db"
    with Runtime(Settings(data_dir=tmp_path, database_url=f"sqlite:///{database}")) as runtime:
        datastore = runtime.journeys.factory.datastore  # type: ignore[attr-defined]
        assert isinstance(datastore, WriteLockedSQLiteDatastore)
        assert runtime.view_store.datastore is datastore  # the views' writes take turns too
    assert (tmp_path / "refocus.db.write-lock").exists()


def test_in_memory_and_uri_databases_need_no_lock_file() -> None:
    assert write_lock_path("file:refocus?mode=memory&cache=shared") is None
    assert write_lock_path(":memory:") is None
    assert write_lock_path("data/refocus.db") == "data/refocus.db.write-lock"


def test_a_writer_waits_for_another_processs_write_while_readers_do_not(tmp_path: Path) -> None:
    # Two datastores on one file, as two processes have: each its own descriptor, so
    # the file lock excludes one from the other as it would across processes.
    path = str(tmp_path / "shared.db")
    first, second = WriteLockedSQLiteDatastore(path), WriteLockedSQLiteDatastore(path)
    with first.transaction(commit=True) as cursor:
        cursor.execute("CREATE TABLE t (n INTEGER)")
    order: list[str] = []
    first_inside, let_first_go = threading.Event(), threading.Event()

    def hold_a_write() -> None:
        with first.transaction(commit=True) as cursor:
            cursor.execute("INSERT INTO t VALUES (1)")
            order.append("first writes")
            first_inside.set()
            let_first_go.wait(10)
            order.append("first commits")

    def write_after() -> None:
        with second.transaction(commit=True) as cursor:
            order.append("second writes")
            cursor.execute("INSERT INTO t VALUES (2)")

    holder = threading.Thread(target=hold_a_write)
    holder.start()
    assert first_inside.wait(10)
    waiter = threading.Thread(target=write_after)
    waiter.start()
    with second.transaction(commit=False) as cursor:  # a reader is never held up
        cursor.execute("SELECT count(*) FROM t")
        assert cursor.fetchone()[0] == 0
    waiter.join(0.2)
    assert waiter.is_alive(), "the second writer got in while the first held the lock"
    let_first_go.set()
    holder.join(10)
    waiter.join(10)
    assert order == ["first writes", "first commits", "second writes"]
    with second.transaction(commit=False) as cursor:
        cursor.execute("SELECT n FROM t ORDER BY n")
        assert [row[0] for row in cursor.fetchall()] == [1, 2]
    first.close()
    second.close()


def test_the_write_lock_is_held_for_one_thread_which_may_take_it_again(tmp_path: Path) -> None:
    lock = ProcessWriteLock(str(tmp_path / "db.write-lock"))
    me = threading.get_ident()
    seen_elsewhere: list[bool] = []
    with lock.held(), lock.held():  # a command on the loop holds it, and its save takes it again
        other = threading.Thread(
            target=lambda: seen_elsewhere.append(lock.acquire(threading.get_ident(), blocking=False))
        )
        other.start()
        other.join(10)
    assert seen_elsewhere == [False]
    assert lock.acquire(me, blocking=False)  # free again once both were given back
    lock.release()
    with pytest.raises(RuntimeError, match="not held for this thread"):
        lock.release()
    lock.close()


def test_the_write_lock_is_refused_at_once_while_another_process_holds_it(tmp_path: Path) -> None:
    # Two locks on one path have separate open files, as two processes do.
    path = str(tmp_path / "db.write-lock")
    ours, theirs = ProcessWriteLock(path), ProcessWriteLock(path)
    me = threading.get_ident()
    with theirs.held():
        assert not ours.acquire(me, blocking=False)
    assert ours.acquire(me, blocking=False)
    ours.release()
    ours.close()
    theirs.close()


def test_a_thread_may_wait_for_the_write_lock_on_behalf_of_another(tmp_path: Path) -> None:
    lock = ProcessWriteLock(str(tmp_path / "db.write-lock"))
    me = threading.get_ident()
    waiter = threading.Thread(target=lock.acquire, args=(me,))
    waiter.start()
    waiter.join(10)
    with lock.held():  # this thread holds it already: taken again without waiting
        pass
    lock.release()
    taken_elsewhere: list[bool] = []
    other = threading.Thread(target=lambda: taken_elsewhere.append(lock.acquire(0, blocking=False)))
    other.start()
    other.join(10)
    assert taken_elsewhere == [True]
    lock.close()


@pytest.mark.slow
def test_two_api_processes_on_one_sqlite_file_take_every_command(tmp_path: Path) -> None:
    env = {
        "REFOCUS_DATABASE_URL": f"sqlite:///{tmp_path / 'refocus.db'}",
        "REFOCUS_SECRET_KEY": SECRET,
        "REFOCUS_DATA_DIR": str(tmp_path / "data"),
    }
    ports = [free_port(), free_port()]
    logs = [tmp_path / "api-a.log", tmp_path / "api-b.log"]
    alice = bearer()
    with (
        refocus_process(["serve", "--port", str(ports[0])], env, logs[0]) as api_a,
        refocus_process(["serve", "--port", str(ports[1])], env, logs[1]) as api_b,
    ):
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        wait_until_serving(bases[0], api_a, logs[0])
        wait_until_serving(bases[1], api_b, logs[1])
        clients = [httpx.Client(base_url=base, timeout=30) for base in bases]
        people = [
            http_register(client, alice, name=f"Person {n}")  # type: ignore[arg-type]
            for n, client in enumerate(clients)
        ]

        def goals(n: int) -> list[str]:
            # Each person gets goals through both processes at once.
            client, person = clients[n % 2], people[n // 2 % 2]
            return [
                http_goal(client, alice, person, statement=f"Goal {n}.{g}")  # type: ignore[arg-type]
                for g in range(10)
            ]

        with ThreadPoolExecutor(4) as pool:
            written = [goal for batch in pool.map(goals, range(4)) for goal in batch]
        plans = [
            clients[0].get(f"/api/v1/people/{person}/care-plan", headers=alice).json() for person in people
        ]
        for client in clients:
            client.close()
    assert len(written) == len(set(written)) == 40
    assert sorted(g["id"] for plan in plans for g in plan["goals"]) == sorted(written)


def test_the_stores_connections_write_ahead_and_keep_their_prepared_statements(tmp_path: Path) -> None:
    datastore = WriteLockedSQLiteDatastore(str(tmp_path / "refocus.db"))
    prepared: list[int] = []

    def count_preparations(action: int, *_: object) -> int:
        if action == sqlite3.SQLITE_SELECT:
            prepared.append(action)
        return sqlite3.SQLITE_OK

    try:
        with datastore.transaction(commit=False) as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            # The authorizer is asked while a statement compiles, not when a prepared one runs.
            cursor.sqlite_cursor.connection.set_authorizer(count_preparations)
            for statement in ("SELECT 1", "SELECT 2", "SELECT 1", "SELECT 2"):
                cursor.execute(statement)
            cursor.sqlite_cursor.connection.set_authorizer(None)
    finally:
        datastore.close()
    assert len(prepared) == 2  # each compiled once, then taken from the connection's cache
