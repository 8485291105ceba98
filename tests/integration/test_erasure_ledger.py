"""The ledger of erased people, kept apart from the store: a restore from a backup taken before an
erasure erases the person again on start (SQLite: the backup is a copy of the database file)."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from interfaces.erasure_ledger import LEDGER_FILE
from interfaces.http import create_app
from interfaces.settings import Settings
from tests.conftest import SECRET, bearer
from tests.integration.test_erasure_http import ADMIN, ALICE, CANARY, erasure_log
from tests.journeys import http_goal, http_register


def test_a_restore_from_before_the_erasure_is_erased_again_on_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = Settings(data_dir=data, secret_key=SECRET)
    database = data / "refocus.db"
    backup = tmp_path / "backup.db"
    with TestClient(create_app(settings)) as client:
        person = http_register(client, ALICE, name=f"Sam {CANARY}")
        goal = http_goal(client, ALICE, person)
        kept = http_register(client, ALICE, name="Robin")
    shutil.copyfile(database, backup)  # closed: the write-ahead log is in the file
    with TestClient(create_app(settings)) as client:
        erased = client.post(
            f"/api/v1/people/{person}/erasure", json={"reason": "recorded_in_error"}, headers=ADMIN
        )
        assert erased.status_code == 200, erased.text
    ledger = data / LEDGER_FILE
    assert stat.S_IMODE(ledger.stat().st_mode) == 0o600
    [line] = ledger.read_text().splitlines()
    assert line.split("\t")[0::2] == [person, "recorded_in_error"]

    for companion in data.glob("refocus.db-*"):
        if not companion.name.endswith("write-lock"):
            companion.unlink()
    shutil.copyfile(backup, database)
    with TestClient(create_app(settings)) as client:
        assert client.get(f"/api/v1/people/{person}", headers=ALICE).status_code == 410
        assert client.get(f"/api/v1/goals/{goal}", headers=ALICE).status_code == 410
        assert client.get(f"/api/v1/people/{kept}", headers=ALICE).status_code == 200
        [again] = erasure_log(client)
        assert (again["outcome"], again["from_ledger"]) == ("erased", True)
        assert again["actor"] == {"subject": "erasure-ledger", "role": "admin"}
        feed = client.get("/api/v1/events", headers=bearer()).json()["items"]
        assert CANARY not in str(feed)

    # Started again: the store knows the erasure now, so nothing is recorded twice.
    with TestClient(create_app(settings)) as client:
        assert len(erasure_log(client)) == 1


def test_the_views_answer_gone_even_when_the_ledger_was_lost(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = Settings(data_dir=data, secret_key=SECRET)
    with TestClient(create_app(settings)) as client:
        person = http_register(client, ALICE)
        goal = http_goal(client, ALICE, person)
        client.post(f"/api/v1/people/{person}/erasure", json={"reason": "recorded_in_error"}, headers=ADMIN)
    (data / LEDGER_FILE).unlink()

    with TestClient(create_app(settings)) as client:
        assert client.get(f"/api/v1/people/{person}/care-plan", headers=ALICE).status_code == 410
        assert client.get(f"/api/v1/goals/{goal}", headers=ALICE).status_code == 410
        assert client.post(f"/api/v1/goals/{goal}/pause", json={}, headers=ALICE).status_code == 410


def test_an_erasure_asked_again_writes_the_ledger_line_a_failed_attempt_left_out(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = Settings(data_dir=data, secret_key=SECRET)
    with TestClient(create_app(settings)) as client:
        person = http_register(client, ALICE)
        assert erase_by(client, person).status_code == 200
    (data / LEDGER_FILE).unlink()  # as if the process stopped between the event and the line

    with TestClient(create_app(settings)) as client:  # the line is written again on start
        assert erase_by(client, person).status_code == 410

    [line] = (data / LEDGER_FILE).read_text().splitlines()
    assert line.split("\t")[0::2] == [person, "recorded_in_error"]


def erase_by(client: TestClient, person: str) -> Any:
    return client.post(
        f"/api/v1/people/{person}/erasure", json={"reason": "recorded_in_error"}, headers=ADMIN
    )
