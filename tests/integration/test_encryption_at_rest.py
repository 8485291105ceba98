"""Encryption at rest, checked with canaries: words written through every kind of record are
found in no byte of the SQLite file and its write-ahead log, nor in a ``pg_dump`` of the schema."""

from __future__ import annotations

import glob
import shutil
import sqlite3
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import pytest

from application.journeys import RecoveryJourneys
from domain.actor import acting_as
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import ADMIN, ALICE, SUPERVISOR
from tests.journeys import GOAL

CANARIES = {
    "name": "Canaryname Quillfeather",
    "external_ref": "CANARY-REF-55731",
    "sensitive_value": "canary faith of the lighthouse keepers",
    "goal": "canary goal to sail to Lundy",
    "step_note": "canary note about the harbour bench",
    "supervision_note": "canary supervision thought on pacing",
    "preferred_name": "Canarypreferred",
    "step": "canary step: ask the ferry office",
}


def write_canaries(journeys: RecoveryJourneys) -> UUID:
    with acting_as(ALICE):
        person = journeys.register_person(
            CANARIES["name"],
            "north",
            external_ref=CANARIES["external_ref"],
            preferred_name=CANARIES["preferred_name"],
        ).id
        journeys.record_value(person, "religion_spirituality", CANARIES["sensitive_value"], True, "narrative")
        goal = journeys.identify_goal(person, **{**GOAL, "statement": CANARIES["goal"]}).id
        step = journeys.plan_step(goal, CANARIES["step"], "independent", due=date(2027, 1, 5)).id
        position = journeys.start_step(step, CANARIES["step_note"]).position
    with acting_as(SUPERVISOR):
        journeys.add_supervision_note(person, position, CANARIES["supervision_note"])
    return person


def sqlite_bytes(database: Path) -> bytes:
    """The database file and its write-ahead log, as they lie on disk."""
    return b"".join(
        Path(f).read_bytes() for f in sorted(glob.glob(f"{database}*")) if not f.endswith("-lock")
    )


def pg_dump(database_url: str) -> bytes:
    """A ``pg_dump`` of exactly the test's schema."""
    parts = urlsplit(database_url)
    schema = parse_qs(parts.query)["schema"][0]
    executable = shutil.which("pg_dump") or sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))[-1]
    url = parts._replace(query="").geturl()
    return subprocess.run(
        [executable, "--dbname", url, "--schema", schema, "--no-owner"], check=True, capture_output=True
    ).stdout


def stored_bytes(settings: Settings) -> bytes:
    url = settings.store_url
    if url.startswith("sqlite"):
        return sqlite_bytes(Path(urlsplit(url).path[1:]))
    return pg_dump(url)


def found_canaries(stored: bytes) -> list[str]:
    """The canaries in ``stored`` as text, or as the hex a ``pg_dump`` writes a ``bytea`` in."""
    return [
        kind
        for kind, canary in CANARIES.items()
        if canary.encode() in stored or canary.encode().hex().encode() in stored
    ]


def test_no_canary_is_stored_in_clear_in_the_events_the_read_models_or_the_log(settings: Settings) -> None:
    with Runtime(settings) as runtime:
        person = write_canaries(runtime.journeys)
        runtime.projector.catch_up()
        # The views answer the words: they are stored, only not in clear.
        profile = runtime.views.profile(person, ADMIN)
        assert profile["display_name"] == CANARIES["name"]
        notes = runtime.views.supervision_notes(person, SUPERVISOR)["items"]
        assert [note["text"] for note in notes] == [CANARIES["supervision_note"]]
        stored = stored_bytes(settings)  # with the write-ahead log not yet checkpointed
        assert b"refocus_data_keys" in stored or settings.store_url.startswith("sqlite")
        assert found_canaries(stored) == []
    assert found_canaries(stored_bytes(settings)) == []


def test_switched_off_the_canaries_are_there_which_shows_the_check_can_see_them(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFOCUS_ENCRYPTION", "off")
    with Runtime(settings) as runtime:
        write_canaries(runtime.journeys)
        runtime.projector.catch_up()
    assert set(found_canaries(stored_bytes(settings))) >= {"name", "goal", "supervision_note", "step_note"}


def test_a_store_written_in_clear_is_read_and_written_sealed_from_then_on(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFOCUS_ENCRYPTION", "off")
    with Runtime(settings) as runtime:
        before = write_canaries(runtime.journeys)
        runtime.projector.catch_up()
    monkeypatch.delenv("REFOCUS_ENCRYPTION")
    with Runtime(settings) as runtime, acting_as(ALICE):
        after = runtime.journeys.register_person("Later Person", "north").id
        runtime.journeys.record_preferred_name(before, "Renamed Canary", None)
        runtime.projector.catch_up()
        states = [
            stored.state for stored in runtime.journeys.recorder.select_notifications(start=1, limit=100)
        ]
        # The old events stay plain JSON; every new one is sealed.
        assert [state[:1] for state in states[-2:]] == [b"\x01", b"\x01"]
        assert states[0][:1] == b"{"
        caseload = runtime.views.caseload(ADMIN, today=date(2026, 12, 1))["items"]
        assert [item["display_name"] for item in caseload] == [CANARIES["name"], "Later Person"]
        assert runtime.views.profile(before, ADMIN)["preferred_name"] == "Renamed Canary"
        assert runtime.views.profile(after, ADMIN)["display_name"] == "Later Person"
        # The views were rebuilt sealed when encryption came on.
        with runtime.view_store.reading() as tx:
            rows = tx.all("SELECT display_name FROM {s}refocus_caseload") + tx.all(
                "SELECT text FROM {s}refocus_supervision_notes"
            )
        assert rows and found_canaries(repr(rows).encode()) == []


def test_the_caseload_is_in_name_order_with_names_sealed(settings: Settings) -> None:
    names = ["zoë", "Ada", "Émile", "bea", "Ada"]
    with Runtime(settings) as runtime, acting_as(ALICE):
        ids = [runtime.journeys.register_person(name, "north").id for name in names]
        runtime.projector.catch_up()
        whole = runtime.views.caseload(ALICE, today=date(2026, 12, 1))
        first = runtime.views.caseload(ALICE, today=date(2026, 12, 1), limit=2)
        rest = runtime.views.caseload(ALICE, today=date(2026, 12, 1), offset=2, limit=10)
    expected = sorted(zip(names, (str(i) for i in ids), strict=True))
    assert [(item["display_name"], item["id"]) for item in whole["items"]] == expected
    assert first["items"] + rest["items"] == whole["items"]
    assert (first["next_offset"], rest["next_offset"]) == (2, None)


def test_key_files_and_database_are_private(settings: Settings) -> None:
    with Runtime(settings) as runtime:
        write_canaries(runtime.journeys)
    key_file = settings.data_dir / "encryption-keys"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert key_file.read_text().startswith("k1:")


def test_an_sqlite_store_keeps_its_keys_in_the_data_directory_not_the_database(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path}/store.db")
    with Runtime(settings) as runtime:
        write_canaries(runtime.journeys)
    secret = (settings.data_dir / "encryption-keys").read_text().split(":", 1)[1].strip()
    with sqlite3.connect(tmp_path / "store.db") as db:
        wrapped = [bytes(row[0]) for row in db.execute("SELECT wrapped_key FROM refocus_data_keys")]
    assert len(wrapped) == 1  # the one person's
    assert secret.encode() not in sqlite_bytes(tmp_path / "store.db")
