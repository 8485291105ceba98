"""``refocus replay PERSON_ID``: the journey frame by frame, readable in a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.actor import acting_as
from interfaces import cli
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import ALICE, SUPERVISOR
from tests.journeys import identify, plan, register


@pytest.fixture(autouse=True)
def _no_deployment_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("REFOCUS_SECRET_KEY", "REFOCUS_DATABASE_URL", "REFOCUS_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def run(argv: Sequence[str]) -> int:
    try:
        return cli.main(list(argv))
    except SystemExit as exit_:
        return int(exit_.code or 0)


def storage(database_url: str, data: Path) -> tuple[list[str], Settings]:
    return ["--data-dir", str(data), "--database-url", database_url], Settings(
        data_dir=data, database_url=database_url
    )


def test_replay_prints_each_event_with_time_actor_summary_and_indented_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    argv, settings = storage(database_url, tmp_path / "data")
    with Runtime(settings) as runtime:
        with acting_as(ALICE):
            person = register(runtime.journeys)
            goal = identify(runtime.journeys, person)
            step = plan(runtime.journeys, goal, mode="passive", description="Book the class")
            middle = datetime.now(UTC)
            runtime.journeys.complete_step(step)
        runtime.projector.catch_up()
        with acting_as(SUPERVISOR):
            runtime.journeys.add_supervision_note(person, 3, "Why passive?")

    assert run(["replay", str(person), *argv]) == 0

    out = capsys.readouterr().out
    frames = out.split("\n\n")
    assert len(frames) == 4, out
    header, summary, *changes = frames[2].splitlines()
    assert header.startswith("#3  ") and header.endswith("  alice (worker)  StepPlanned")
    assert summary == (
        "    Passive step planned towards “I want to dance again”, done for Sam: “Book the class”"
    )
    assert "        + step “Book the class” (planned)" in changes
    assert "      [note by sue (supervisor)] Why passive?" in changes
    assert not any("check" in line for line in changes), "a passive step leaves the action check failing"
    assert "Step completed" in frames[3]
    assert "status planned → completed" in frames[3]

    assert run(["replay", str(person), "--until", middle.isoformat(), *argv]) == 0
    assert capsys.readouterr().out.count("\n\n") == 2


def test_replay_of_an_unknown_person_says_so_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    argv, _ = storage(sqlite_url, tmp_path / "data")

    assert run(["replay", "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10", *argv]) == 1
    assert "no person" in capsys.readouterr().err


def test_replay_refuses_a_malformed_id_or_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["replay", "not-an-id"]) == 2
    assert run(["replay", "0b6e4f0e-8f2b-4a7e-9a53-3f1f0c2d9a10", "--until", "yesterday"]) == 2
    assert "ISO 8601" in capsys.readouterr().err
