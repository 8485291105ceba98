"""The data directory is 0700 and the database, its companions and the key files 0600, whatever the umask.

A serving runtime opens its SQLite store in the data directory, writes, and every file it
made there is checked while the database is still open (the WAL and shared-memory files
exist only then).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from interfaces import cli
from interfaces.auth import KEY_FILE, create_token, signing_key
from interfaces.http import create_app
from interfaces.revocation import REVOKED_FILE
from interfaces.settings import Settings
from projections.worker import ProjectionWorker
from tests.journeys import http_register

SQLITE_FILES = [
    "refocus.db",
    "refocus.db-wal",
    "refocus.db-shm",
    "refocus.db.write-lock",
    "refocus.db.projections.lock",
]


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_runtime_makes_its_data_directory_0700_and_its_files_0600(tmp_path: Path, umask: int) -> None:
    data = tmp_path / "deployment" / "data"
    settings = Settings(data_dir=data)

    with TestClient(create_app(settings)) as client:
        headers = {"Authorization": "Bearer " + create_token(signing_key(settings), "ada", Role.ADMIN, [])}
        http_register(client, headers)
        assert client.get("/api/v1/people", headers=headers).status_code == 200
        with ProjectionWorker(client.app.state.runtime.projector).holding():  # type: ignore[attr-defined]
            files = sorted(path.name for path in data.iterdir())
            modes = {name: mode(data / name) for name in files}

    assert mode(data) == 0o700
    assert {*SQLITE_FILES, KEY_FILE} <= set(files)
    assert modes == dict.fromkeys(files, 0o600)


def test_a_revocation_file_is_0600_and_the_directory_it_creates_0700(tmp_path: Path, umask: int) -> None:
    data = tmp_path / "data"

    assert cli.main(["token", "revoke", "an-id-of-some-token", "--data-dir", str(data)]) == 0

    assert mode(data) == 0o700
    assert mode(data / REVOKED_FILE) == 0o600


def test_an_existing_database_readable_by_others_is_made_0600_when_opened(tmp_path: Path, umask: int) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("refocus.db", "refocus.db-wal"):
        (data / name).touch()
        os.chmod(data / name, 0o644)

    with TestClient(create_app(Settings(data_dir=data, secret_key="k" * 32))):
        assert mode(data / "refocus.db") == 0o600
        assert mode(data / "refocus.db-wal") == 0o600


def test_a_data_directory_that_exists_keeps_the_mode_its_operator_gave_it(tmp_path: Path, umask: int) -> None:
    data = tmp_path / "data"
    data.mkdir()
    os.chmod(data, 0o750)

    signing_key(Settings(data_dir=data))

    assert mode(data) == 0o750
    assert mode(data / KEY_FILE) == 0o600
