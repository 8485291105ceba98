"""Master key rotation (new writes under the new key, old ones readable, the old key removable
once rotated away) and crypto-shredding (a destroyed data key makes a person's events unreadable)."""

from __future__ import annotations

import base64
import os
import sqlite3
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit
from uuid import UUID

import pytest

from application.encryption.rotation import rewrap_under_current_key
from application.errors import PersonDataErased
from application.journeys import RecoveryJourneys
from domain.actor import acting_as
from interfaces.cli import main
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from projections.feed import WITHHELD
from tests.conftest import ADMIN, ALICE
from tests.integration.test_encryption_at_rest import (
    CANARIES,
    found_canaries,
    pg_dump,
    sqlite_bytes,
    write_canaries,
)
from tests.journeys import GOAL

TODAY = date(2026, 12, 1)


def _key(key_id: str) -> str:
    return f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}"


def _journey(journeys: RecoveryJourneys, name: str) -> UUID:
    with acting_as(ALICE):
        person = journeys.register_person(name, "north").id
        goal = journeys.identify_goal(person, **{**GOAL, "statement": f"{name}'s goal"}).id
        journeys.plan_step(goal, f"{name}'s step", "independent")
    return person


def _everything_reads(settings: Settings, people: dict[str, UUID]) -> None:
    with Runtime(settings) as runtime:
        runtime.projector.rebuild()
        for name, person in people.items():
            assert runtime.journeys.repository.get(person).display_name == name
            assert runtime.views.profile(person, ADMIN)["display_name"] == name
        names = [item["display_name"] for item in runtime.views.caseload(ADMIN, today=TODAY)["items"]]
        assert names == sorted(people)


def test_after_a_rotation_the_old_key_can_leave_the_ring(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = _key("old"), _key("new")
    monkeypatch.setenv("REFOCUS_ENCRYPTION_KEY", old)
    with Runtime(settings) as runtime:
        people = {"Ada": _journey(runtime.journeys, "Ada")}
        runtime.projector.catch_up()

    monkeypatch.setenv("REFOCUS_ENCRYPTION_KEY", f"{new},{old}")
    with Runtime(settings) as runtime:
        # Before the rotation the old key still opens what it wrapped and sealed.
        assert runtime.views.profile(people["Ada"], ADMIN)["display_name"] == "Ada"
        rewrapped = rewrap_under_current_key(runtime.journeys)
        assert (rewrapped.data_keys, rewrapped.key_id) == (1, "new")
        runtime.projector.rebuild()
        people["Bea"] = _journey(runtime.journeys, "Bea")
        runtime.projector.catch_up()
        wrapped_by = {row[1] for row in runtime.journeys.recorder.select_data_keys()}
        assert wrapped_by == {"new"}

    monkeypatch.setenv("REFOCUS_ENCRYPTION_KEY", new)
    _everything_reads(settings, people)


def test_without_the_rotation_the_old_key_cannot_leave(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = _key("old"), _key("new")
    monkeypatch.setenv("REFOCUS_ENCRYPTION_KEY", old)
    with Runtime(settings) as runtime:
        person = _journey(runtime.journeys, "Ada")
    monkeypatch.setenv("REFOCUS_ENCRYPTION_KEY", new)
    with Runtime(settings) as runtime, pytest.raises(ValueError, match="not in the key ring"):
        runtime.journeys.repository.get(person)


def test_refocus_keys_rotate_adds_a_key_to_the_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REFOCUS_ENCRYPTION_KEY", raising=False)
    data = tmp_path / "data"
    settings = Settings(data_dir=data, database_url=f"sqlite:///{tmp_path}/store.db")
    with Runtime(settings) as runtime:
        people = {"Ada": _journey(runtime.journeys, "Ada")}
        with acting_as(ALICE):
            runtime.journeys.record_value(
                people["Ada"], "sexuality", "canary in the sensitive area", True, "narrative"
            )
        runtime.projector.catch_up()
    key_file = data / "encryption-keys"
    first = key_file.read_text().splitlines()

    argv = ["keys", "rotate", "--data-dir", str(data), "--database-url", settings.store_url]
    assert main(argv) == 0
    rotated = key_file.read_text().splitlines()
    assert [line.split(":")[0] for line in rotated] == ["k2", "k1"] and rotated[1:] == first
    assert key_file.stat().st_mode & 0o777 == 0o600

    with Runtime(settings) as runtime:
        people["Bea"] = _journey(runtime.journeys, "Bea")
    key_file.write_text(rotated[0] + "\n")  # the operator removes the old key
    _everything_reads(settings, people)


def test_a_destroyed_data_key_leaves_the_persons_events_unreadable(settings: Settings) -> None:
    with Runtime(settings) as runtime:
        erased = write_canaries(runtime.journeys)
        kept = _journey(runtime.journeys, "Kept Person")
        runtime.projector.catch_up()
        wrapped = {row[0]: row[2] for row in runtime.journeys.recorder.select_data_keys()}[erased]
        runtime.journeys.data_keys.destroy(erased)
        # In this process, and in any other that reads the store afterwards.
        with pytest.raises(PersonDataErased) as raised:
            runtime.journeys.repository.get(erased)
        assert raised.value.person_id == erased

    url = settings.store_url
    with Runtime(settings) as runtime:
        with pytest.raises(PersonDataErased):
            runtime.journeys.repository.get(erased)
        with acting_as(ALICE), pytest.raises(PersonDataErased):
            runtime.journeys.record_preferred_name(erased, "Anyone", None)
        # A rebuild passes the erased person's events by; everyone else's views are whole.
        runtime.projector.rebuild()
        assert runtime.journeys.repository.get(kept).display_name == "Kept Person"
        names = [item["display_name"] for item in runtime.views.caseload(ADMIN, today=TODAY)["items"]]
        assert names == ["Kept Person"]
        # As erasure leaves them: the events listed in their place, with their data withheld.
        with runtime.view_store.writing() as tx:
            tx.execute(
                "INSERT INTO {s}refocus_timeline SELECT position + 1000, ?, NULL, NULL, at, recorded_at,"
                " type, actor_subject, actor_role, ?, ?, aggregate_id, aggregate_version, team_id, NULL"
                " FROM {s}refocus_timeline WHERE position = (SELECT MIN(position) FROM {s}refocus_timeline)",
                (str(erased), WITHHELD, WITHHELD),
            )
        items = runtime.views.feed(ADMIN, after=0, limit=100)["items"]
        withheld = [item for item in items if item["person_id"] == str(erased)]
        assert [(item["data"], item.get("withheld")) for item in withheld] == [(None, True)]
        assert all("withheld" not in item for item in items if item["person_id"] != str(erased))

    if url.startswith("sqlite"):
        database = Path(urlsplit(url).path[1:])
        with sqlite3.connect(database) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stored = sqlite_bytes(database)
    else:
        stored = pg_dump(url)
    assert wrapped not in stored and wrapped.hex().encode() not in stored
    assert found_canaries(stored) == []
    assert CANARIES["name"] not in repr(stored)
