"""``refocus erase`` and ``refocus export-person``, in-process, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from uuid import UUID

import pytest

from domain.actor import acting_as
from interfaces.erasure_ledger import LEDGER_FILE
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import ADMIN, ALICE
from tests.interfaces.test_cli import run
from tests.journeys import identify, register


@pytest.fixture(autouse=True)
def _no_deployment_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("REFOCUS_SECRET_KEY", "REFOCUS_DATABASE_URL", "REFOCUS_DATA_DIR", "REFOCUS_RETENTION_YEARS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def storage(settings: Settings) -> list[str]:
    return ["--database-url", settings.store_url, "--data-dir", str(settings.data_dir)]


def seeded(settings: Settings) -> str:
    with Runtime(settings) as runtime, acting_as(ALICE):
        person = register(runtime.journeys, name="Sam Canary")
        identify(runtime.journeys, person)
    return str(person)


def test_erase_refuses_an_active_record_then_erases_one_recorded_in_error(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    person = seeded(settings)

    refused = run(
        ["erase", person, "--reason", "person_request", "--by", "records-office", *storage(settings)]
    )
    refused_err = capsys.readouterr().err
    erased = run(
        ["erase", person, "--reason", "recorded_in_error", "--by", "records-office", *storage(settings)]
    )
    erased_out = capsys.readouterr().out
    again = run(["erase", person, "--reason", "recorded_in_error", *storage(settings)])

    assert (refused, erased, again) == (3, 0, 1)
    assert "retention-active-record" in refused_err
    assert f"erased {person} (recorded_in_error)" in erased_out
    assert (settings.data_dir / LEDGER_FILE).read_text().startswith(person)
    with Runtime(settings) as runtime:
        runtime.projector.catch_up()
        record = runtime.journeys.erasure_of(UUID(person))
        assert record is not None and record.erased and record.refusals == 1
        assert runtime.views.feed(ADMIN, after=0, limit=10)["items"][0]["data"] is None
        assert runtime.erasures.is_gone([record.person_id])


def test_export_person_prints_the_document_or_writes_a_private_file(
    settings: Settings, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    person = seeded(settings)

    printed = run(["export-person", person, *storage(settings)])
    document = json.loads(capsys.readouterr().out)
    written = run(["export-person", person, "--output", str(tmp_path / "sar.json"), *storage(settings)])

    assert (printed, written) == (0, 0)
    assert [e["type"] for e in document["events"]] == ["PersonRegistered", "GoalIdentified"]
    assert document["views"]["profile"]["display_name"] == "Sam Canary"
    assert [r["view"] for r in document["access_log"]] == ["refocus export-person"]
    assert json.loads((tmp_path / "sar.json").read_text())["events"] == document["events"]
    assert stat.S_IMODE((tmp_path / "sar.json").stat().st_mode) == 0o600
    with Runtime(settings) as runtime:
        recorded = runtime.access_log.of_person(UUID(person), offset=0, limit=10)["items"]
    # Each export is a read of the person's data, recorded as the API's are.
    assert [(r["view"], r["subject"], r["role"]) for r in recorded] == [
        ("refocus export-person", "refocus-cli", "admin")
    ] * 2


def test_export_person_of_an_erased_or_unknown_person_fails(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    person = seeded(settings)
    assert run(["erase", person, "--reason", "recorded_in_error", *storage(settings)]) == 0
    capsys.readouterr()

    assert run(["export-person", person, *storage(settings)]) == 1
    assert "erased" in capsys.readouterr().err
    assert run(["export-person", "6f1d0c4e-7a53-4b0e-9a1c-2d5e8b7f4a91", *storage(settings)]) == 1
    assert run(["erase", "not-an-id", "--reason", "recorded_in_error"]) == 2


@pytest.mark.parametrize(("raw", "years"), [(None, 8), ("", 8), ("20", 20), ("0", 0)])
def test_the_retention_period_is_set_in_whole_years(raw: str | None, years: int) -> None:
    env = {} if raw is None else {"REFOCUS_RETENTION_YEARS": raw}

    assert Settings.from_env(env).retention_years == years


def test_a_retention_period_that_is_not_whole_years_is_refused() -> None:
    with pytest.raises(ValueError, match="REFOCUS_RETENTION_YEARS must be a whole number of years"):
        Settings.from_env({"REFOCUS_RETENTION_YEARS": "8.5"})
