"""``refocus export`` and ``refocus import``: the same events at the same positions, the same views.

Round trips between SQLite and PostgreSQL both ways (the documented way off SQLite),
a damaged or cut file refused with nothing kept, and a store that already holds
events refused.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from application.storage.backup import BackupError, export_store, import_store
from domain.actor import acting_as
from interfaces import cli
from interfaces.demo import seed_demo
from interfaces.http import create_app
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import ALICE, SECRET, bearer
from tests.journeys import register
from tests.view_rows import view_rows

PAIRS = [
    pytest.param("sqlite_url", "sqlite_url_2", id="sqlite-to-sqlite"),
    pytest.param("sqlite_url", "postgres_url", id="sqlite-to-postgres", marks=pytest.mark.postgres),
    pytest.param("postgres_url", "sqlite_url_2", id="postgres-to-sqlite", marks=pytest.mark.postgres),
]


@pytest.fixture
def sqlite_url_2(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'target.db'}"


def settings_for(url: str, tmp_path: Path, name: str) -> Settings:
    return Settings(data_dir=tmp_path / name, database_url=url, secret_key=SECRET)


def same_master_keys(source: Settings, target: Settings) -> None:
    """What a restore needs beside the file: the master key ring the export's data keys are
    wrapped under (here the generated key file; in service, ``REFOCUS_ENCRYPTION_KEY``)."""
    Path(target.data_dir).mkdir(parents=True, exist_ok=True)
    shutil.copy2(Path(source.data_dir) / "encryption-keys", Path(target.data_dir) / "encryption-keys")


def seed(settings: Settings) -> str:
    """The demo's journeys, and one command with an idempotency key (whose row travels too)."""
    with Runtime(settings) as runtime:
        seed_demo(runtime.journeys)
    with TestClient(create_app(settings)) as client:
        headers = {**bearer(), "Idempotency-Key": "register-kim-once"}
        answer = client.post(
            "/api/v1/people", json={"display_name": "Kim", "team_id": "north"}, headers=headers
        )
        assert answer.status_code == 201, answer.text
        person_id: str = answer.json()["id"]
        return person_id


def stored_events(runtime: Runtime) -> list[tuple[Any, ...]]:
    notifications = runtime.journeys.recorder.select_notifications(start=None, limit=1_000_000)
    return [(n.id, n.originator_id, n.originator_version, n.topic, bytes(n.state)) for n in notifications]


@pytest.mark.parametrize(("source_fixture", "target_fixture"), PAIRS)
def test_a_round_trip_keeps_every_event_at_its_position_and_the_views(
    source_fixture: str, target_fixture: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    source = settings_for(request.getfixturevalue(source_fixture), tmp_path, "source")
    target = settings_for(request.getfixturevalue(target_fixture), tmp_path, "target")
    kim = seed(source)
    same_master_keys(source, target)
    backup = tmp_path / "store.refocus.gz"

    assert (
        cli.main(
            ["export", str(backup), "--database-url", source.store_url, "--data-dir", str(source.data_dir)]
        )
        == 0
    )
    assert (
        cli.main(
            ["import", str(backup), "--database-url", target.store_url, "--data-dir", str(target.data_dir)]
        )
        == 0
    )

    with Runtime(source) as original, Runtime(target) as copy:
        original.projector.catch_up()
        events = stored_events(original)
        assert len(events) > 30
        assert stored_events(copy) == events
        assert view_rows(copy) == view_rows(original)
        assert copy.projector.position() == events[-1][0]
    # The idempotency row came along: the same retry is answered from it, nothing written twice.
    with TestClient(create_app(target)) as client:
        headers = {**bearer(), "Idempotency-Key": "register-kim-once"}
        retry = client.post(
            "/api/v1/people", json={"display_name": "Kim", "team_id": "north"}, headers=headers
        )
        assert retry.status_code == 201, retry.text
        assert retry.json()["id"] == kim
        # New events follow the imported ones.
        later = client.post(
            "/api/v1/people", json={"display_name": "Lee", "team_id": "north"}, headers=bearer()
        )
        assert later.status_code == 201
    with Runtime(target) as copy:
        after = stored_events(copy)
        assert after[: len(events)] == events
        assert len(after) == len(events) + 1
        assert after[-1][0] > events[-1][0]


def rewrite(backup: Path, change: Any) -> None:
    lines = gzip.decompress(backup.read_bytes()).splitlines(keepends=True)
    backup.write_bytes(gzip.compress(b"".join(change(lines))))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            lambda lines: [lines[0], lines[1].replace(b"PersonRegistered", b"PersonRegisterex"), *lines[2:]],
            "checksum",
        ),
        (lambda lines: lines[:-1], "ends before its trailer"),
        (lambda lines: [*lines[:3], *lines[4:]], "checksum"),
        (lambda lines: [lines[0], b"{not json\n", *lines[1:]], "not JSON"),
        (
            lambda lines: [lines[0].replace(b"refocus-event-store", b"something-else"), *lines[1:]],
            "not a refocus export",
        ),
    ],
    ids=["changed-record", "cut-short", "record-left-out", "garbled-line", "not-an-export"],
)
def test_a_damaged_file_is_refused_and_nothing_is_imported(
    damage: Any, message: str, tmp_path: Path, sqlite_url: str, sqlite_url_2: str
) -> None:
    source, target = (
        settings_for(sqlite_url, tmp_path, "source"),
        settings_for(sqlite_url_2, tmp_path, "target"),
    )
    seed(source)
    backup = tmp_path / "store.refocus.gz"
    with Runtime(source) as runtime:
        export_store(runtime.journeys.recorder, backup)
    rewrite(backup, damage)
    with Runtime(target) as runtime:
        with pytest.raises(BackupError, match=message):
            import_store(runtime.journeys.recorder, backup)
        assert runtime.journeys.recorder.max_notification_id() in (None, 0)


def test_a_file_cut_inside_its_compression_is_refused(
    tmp_path: Path, sqlite_url: str, sqlite_url_2: str
) -> None:
    source, target = (
        settings_for(sqlite_url, tmp_path, "source"),
        settings_for(sqlite_url_2, tmp_path, "target"),
    )
    seed(source)
    backup = tmp_path / "store.refocus.gz"
    with Runtime(source) as runtime:
        export_store(runtime.journeys.recorder, backup)
    backup.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    assert (
        cli.main(
            ["import", str(backup), "--database-url", target.store_url, "--data-dir", str(target.data_dir)]
        )
        == 1
    )
    with Runtime(target) as runtime:
        assert runtime.journeys.recorder.max_notification_id() in (None, 0)


def test_a_store_that_holds_events_is_refused(
    database_url: str, tmp_path: Path, sqlite_url_2: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = settings_for(sqlite_url_2, tmp_path, "source")
    seed(source)
    backup = tmp_path / "store.refocus.gz"
    with Runtime(source) as runtime:
        export_store(runtime.journeys.recorder, backup)
    target = settings_for(database_url, tmp_path, "target")
    with Runtime(target) as runtime, acting_as(ALICE):
        register(runtime.journeys)
        before = stored_events(runtime)
    assert (
        cli.main(
            ["import", str(backup), "--database-url", target.store_url, "--data-dir", str(target.data_dir)]
        )
        == 1
    )
    assert "not empty" in capsys.readouterr().err
    with Runtime(target) as runtime:
        assert stored_events(runtime) == before


def test_an_empty_store_exports_and_imports(tmp_path: Path, sqlite_url: str, sqlite_url_2: str) -> None:
    source, target = (
        settings_for(sqlite_url, tmp_path, "source"),
        settings_for(sqlite_url_2, tmp_path, "target"),
    )
    backup = tmp_path / "empty.refocus.gz"
    with Runtime(source) as runtime:
        summary = export_store(runtime.journeys.recorder, backup)
    assert (summary.events, summary.last_position) == (0, 0)
    with Runtime(target) as runtime:
        assert import_store(runtime.journeys.recorder, backup).events == 0
        assert stored_events(runtime) == []


def test_export_shows_progress_on_request(
    tmp_path: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = settings_for(sqlite_url, tmp_path, "source")
    seed(source)
    backup = tmp_path / "store.refocus.gz"
    args = ["export", str(backup), "--database-url", source.store_url, "--data-dir", str(source.data_dir)]
    assert cli.main([*args, "--progress"]) == 0
    err = capsys.readouterr().err
    assert "events 100%" in err
    assert "Exported" in err


def test_a_store_without_the_exports_master_keys_stops_at_the_first_event_it_cannot_open(
    tmp_path: Path, sqlite_url: str, sqlite_url_2: str
) -> None:
    """Its views are never quietly empty: the projector stops and says where."""
    source = settings_for(sqlite_url, tmp_path, "source")
    target = settings_for(sqlite_url_2, tmp_path, "target")
    seed(source)
    backup = tmp_path / "store.refocus.gz"
    assert (
        cli.main(
            ["export", str(backup), "--database-url", source.store_url, "--data-dir", str(source.data_dir)]
        )
        == 0
    )
    cli.main(["import", str(backup), "--database-url", target.store_url, "--data-dir", str(target.data_dir)])
    with Runtime(target) as copy:
        copy.projector.catch_up()
        stopped = copy.projector.stoppage()
        assert stopped is not None and stopped.position == 1
        assert copy.projector.position() == 0
