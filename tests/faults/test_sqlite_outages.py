"""A SQLite file that cannot be written answers 503 with Retry-After, as a PostgreSQL outage does.

Disk full is made for real: the data directory is a small ``tmpfs`` mounted for the test
(this needs root, or the test skips saying so), filled to the last byte by another file,
so SQLite's own writes fail with ``database or disk is full``. Deleting the filler mends
it, and the same service writes again. A read-only file is checked through the errors
real SQLite raises (a connection opened ``mode=ro``), which the service maps the same way.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from application.storage.outages import store_unavailable
from interfaces.http import create_app
from interfaces.settings import Settings
from tests.conftest import SECRET, bearer


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", str(mount_point)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root (or CAP_SYS_ADMIN): disk full cannot be made here")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill(directory: Path) -> Path:
    """Write zeros until the disk has no byte left."""
    filler = directory / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    os.write(descriptor, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(descriptor)
    return filler


def register(client: TestClient, name: str) -> int:
    body = {"display_name": name, "team_id": "north"}
    return client.post("/api/v1/people", json=body, headers=bearer()).status_code


@pytest.mark.slow
def test_on_a_full_disk_commands_answer_503_and_writes_resume_once_space_is_freed(small_disk: Path) -> None:
    settings = Settings(data_dir=small_disk / "data", secret_key=SECRET)
    with TestClient(create_app(settings)) as client:
        assert register(client, "Before") == 201
        filler = fill(small_disk)
        statuses = [register(client, f"During {n} " + "x" * 150) for n in range(40)]
        answer = client.post(
            "/api/v1/people", json={"display_name": "Last", "team_id": "north"}, headers=bearer()
        )
        assert set(statuses) <= {201, 503}, statuses  # never an internal error
        assert answer.status_code == 503
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["type"] == "/problems/store-unavailable"
        assert int(answer.headers["retry-after"]) >= 1
        assert client.get("/health/live").status_code == 200
        assert client.get("/health/ready").json()["last_error"]["type"]

        os.remove(filler)
        assert register(client, "After") == 201
        names = {p["display_name"] for p in client.get("/api/v1/people", headers=bearer()).json()["items"]}
        assert {"Before", "After"} <= names


def test_a_read_only_sqlite_file_is_an_outage_and_a_bad_statement_is_not(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    with sqlite3.connect(path) as writer:
        writer.execute("CREATE TABLE t (x)")
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.OperationalError) as read_only:
            reader.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(sqlite3.OperationalError) as no_table:
            reader.execute("SELECT * FROM missing")
    finally:
        reader.close()
    assert "readonly database" in str(read_only.value)
    assert store_unavailable(read_only.value)
    assert not store_unavailable(no_table.value)
    assert store_unavailable(OSError(28, "No space left on device"))
    assert not store_unavailable(ValueError("not a storage error"))


def test_a_storage_error_that_is_not_an_outage_stays_an_internal_error_naming_nothing() -> None:
    from fastapi import FastAPI

    from interfaces.http.errors import install_error_handlers

    app = FastAPI()
    install_error_handlers(app)

    @app.get("/bad-statement")
    def bad_statement() -> None:
        sqlite3.connect(":memory:").execute("SELECT secret_words FROM missing")

    @app.get("/full")
    def full() -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with TestClient(app, raise_server_exceptions=False) as client:
        bad = client.get("/bad-statement")
        assert (bad.status_code, bad.json()["type"]) == (500, "/problems/internal")
        assert "secret_words" not in bad.text
        full_disk = client.get("/full")
        assert (full_disk.status_code, full_disk.json()["type"]) == (503, "/problems/store-unavailable")
        assert app.state.store_errors.last["type"] == "OperationalError"
