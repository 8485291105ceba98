"""The ``refocus`` command line: tokens, the demo team, rebuilding the read models.

Each test runs ``interfaces.cli.main`` in-process against a data directory of
its own; the demo and the rebuild run on a SQLite file in that directory and on
PostgreSQL.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import jwt
import pytest
from fastapi.testclient import TestClient

from domain.actor import Actor, Role, acting_as
from interfaces import cli
from interfaces.auth import KEY_FILE, TokenError, read_token_until, signing_key
from interfaces.demo import seed_demo
from interfaces.http import create_app
from interfaces.runtime import Runtime
from interfaces.settings import Settings


@pytest.fixture(autouse=True)
def _no_deployment_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The command reads REFOCUS_* and defaults to ./refocus-data: keep both inside tmp_path."""
    for name in ("REFOCUS_SECRET_KEY", "REFOCUS_DATABASE_URL", "REFOCUS_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def run(argv: Sequence[str]) -> int:
    """``main(argv)``'s exit status, whether it returns it or argparse exits with it."""
    try:
        return cli.main(list(argv))
    except SystemExit as exit_:
        return int(exit_.code or 0)


def token_actor(key: str, token: str) -> Actor:
    """Who the service takes the token's bearer to be."""
    actor, _ = read_token_until(key, token)
    return actor


def claims(token: str) -> dict[str, Any]:
    decoded: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return decoded


# token create


def test_token_create_prints_only_a_token_that_the_data_dirs_key_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"

    teams = ["--team", "north", "--team", "south"]
    status = run(
        ["token", "create", "--subject", "alice", "--role", "worker", *teams, "--data-dir", str(data)]
    )

    assert status == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.endswith("\n")
    [token] = out.splitlines()
    assert re.fullmatch(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", token)
    actor = token_actor(signing_key(Settings(data_dir=data)), token)
    assert actor == Actor("alice", Role.WORKER, frozenset({"north", "south"}))
    key_file = data / KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert token not in key_file.read_text()
    assert claims(token)["exp"] - claims(token)["iat"] == 8 * 3600


def test_tokens_from_one_data_dir_share_its_key_and_fail_with_another(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, other = tmp_path / "data", tmp_path / "other"
    argv = ["token", "create", "--subject", "sue", "--role", "supervisor", "--team", "north"]

    assert run([*argv, "--data-dir", str(data)]) == 0
    first = capsys.readouterr().out.strip()
    key = (data / KEY_FILE).read_text()
    assert run([*argv, "--data-dir", str(data), "--ttl", "30m"]) == 0
    second = capsys.readouterr().out.strip()
    assert run([*argv, "--data-dir", str(other)]) == 0
    capsys.readouterr()

    assert (data / KEY_FILE).read_text() == key
    for token in (first, second):
        assert token_actor(signing_key(Settings(data_dir=data)), token).role is Role.SUPERVISOR
        with pytest.raises(TokenError):
            token_actor(signing_key(Settings(data_dir=other)), token)
    assert claims(second)["exp"] - claims(second)["iat"] == 30 * 60


def test_token_create_signs_with_refocus_secret_key_when_it_is_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "a-deployment-secret-from-the-environment-0123456789"
    monkeypatch.setenv("REFOCUS_SECRET_KEY", secret)
    data = tmp_path / "data"

    status = run(["token", "create", "--subject", "ehr", "--role", "integration", "--team", "north"])

    assert status == 0
    token = capsys.readouterr().out.strip()
    assert token_actor(secret, token) == Actor("ehr", Role.INTEGRATION, frozenset({"north"}))
    assert not (data / KEY_FILE).exists()
    assert not (tmp_path / "refocus-data" / KEY_FILE).exists()


def test_an_admin_token_needs_no_team(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"

    status = run(["token", "create", "--subject", "ada", "--role", "admin", "--data-dir", str(data)])

    assert status == 0
    token = capsys.readouterr().out.strip()
    assert token_actor(signing_key(Settings(data_dir=data)), token) == Actor("ada", Role.ADMIN, frozenset())


@pytest.mark.parametrize("ttl", ["0h", "8 hours", "-1h", "h", "90x", "1.5h", ""])
def test_token_create_refuses_a_bad_ttl_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ttl: str
) -> None:
    alice = ["--subject", "alice", "--role", "worker", "--team", "north"]
    status = run(["token", "create", *alice, "--ttl", ttl, "--data-dir", str(tmp_path / "data")])

    assert status == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "--ttl" in err


@pytest.mark.parametrize("role", ["worker", "supervisor", "integration"])
def test_token_create_refuses_a_non_admin_without_a_team_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], role: str
) -> None:
    status = run(["token", "create", "--subject", "alice", "--role", role, "--data-dir", str(tmp_path)])

    assert status == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "--team" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["token", "create", "--role", "worker", "--team", "north"],
        ["token", "create", "--subject", "alice", "--role", "superuser", "--team", "north"],
        [],
    ],
    ids=["no-subject", "unknown-role", "no-command"],
)
def test_the_command_line_refuses_incomplete_commands_with_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert run(argv) == 2

    out, err = capsys.readouterr()
    if argv:
        assert out == ""
        assert "usage: refocus" in err
    else:
        assert "token" in out, "without a command it shows the commands"


# demo


def _storage_argv(database_url: str, data: Path) -> tuple[list[str], Settings]:
    """SQLite: the default file in the data directory; PostgreSQL: the test schema's URL."""
    if database_url.startswith("sqlite"):
        return ["--data-dir", str(data)], Settings(data_dir=data)
    return ["--data-dir", str(data), "--database-url", database_url], Settings(
        data_dir=data, database_url=database_url
    )


def test_demo_seeds_a_team_and_prints_a_token_and_a_curl_line_that_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    argv, settings = _storage_argv(database_url, tmp_path / "data")

    assert run(["demo", *argv]) == 0

    out = capsys.readouterr().out
    curl = re.search(
        r'curl -H "Authorization: Bearer ([^"]+)" http://[^/\s]+(/api/v1/people/([0-9a-f-]{36})/care-plan)',
        out,
    )
    assert curl, out
    token, care_plan, person = curl.groups()
    assert f"\n  {token}\n" in out, "the token is printed on a line of its own"
    assert token_actor(signing_key(settings), token) == Actor("demo-worker", Role.WORKER, frozenset({"demo"}))
    if database_url.startswith("sqlite"):
        assert (tmp_path / "data" / "refocus.db").exists()

    with Runtime(settings) as runtime:
        demo_worker = token_actor(signing_key(settings), token)
        seeded = runtime.views.caseload(demo_worker, today=date.today(), team_id="demo")["items"]
        assert sorted(p["display_name"] for p in seeded) == ["Alex (demo)", "Kim (demo)", "Sam (demo)"]
        assert runtime.projector.position() == runtime.projector.head(), "the demo leaves the views current"

    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(settings)) as client:
        caseload = client.get("/api/v1/people", params={"team_id": "demo"}, headers=headers)
        assert caseload.status_code == 200, caseload.text
        items = caseload.json()["items"]
        assert len(items) == 3
        assert {p["team_id"] for p in items} == {"demo"}
        assert person in {p["id"] for p in items}
        plans = [client.get(f"/api/v1/people/{p['id']}/care-plan", headers=headers) for p in items]
        assert all(plan.status_code == 200 for plan in plans)
        sam = client.get(care_plan, headers=headers)

    assert sam.status_code == 200
    assert sam.json()["goals"], "the curl line shows a care plan with goals"
    steps = [s for plan in plans for goal in plan.json()["goals"] for s in goal["steps"]]
    assert all(goal["steps"] for plan in plans for goal in plan.json()["goals"])
    assert {s["mode"] for s in steps} == {"independent", "joint", "passive"}
    statuses = [s["status"] for s in steps]
    assert "completed" in statuses
    assert "dropped" in statuses


# projections rebuild


def _views(settings: Settings) -> dict[str, Any]:
    """Everything the views answer for the demo team, read straight from the views."""
    with Runtime(settings) as runtime:
        viewer = Actor("auditor", Role.ADMIN)
        caseload = runtime.views.caseload(viewer, today=date(2026, 12, 1))
        people = [UUID(item["id"]) for item in caseload["items"]]
        return {
            "position": runtime.projector.position(),
            "caseload": caseload,
            "care_plans": [runtime.views.care_plan(p, viewer) for p in people],
            "timelines": [runtime.views.timeline(p, viewer) for p in people],
            "profiles": [runtime.views.profile(p, viewer) for p in people],
        }


def _seed(settings: Settings) -> int:
    """The demo journeys plus a second team's person, projected; returns the store's head."""
    with Runtime(settings) as runtime:
        seed_demo(runtime.journeys, today=date(2026, 11, 28))
        with acting_as(Actor("bob", Role.WORKER, frozenset({"south"}))):
            lee = runtime.journeys.register_person("Lee", "south").id
            runtime.journeys.make_working_agreement(lee, "Fortnightly, at home")
        reached = runtime.projector.catch_up()
        assert reached == runtime.projector.head()
        return reached


def test_projections_rebuild_builds_views_equal_to_the_views_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    argv, settings = _storage_argv(database_url, tmp_path / "data")
    head = _seed(settings)
    before = _views(settings)
    assert len(before["caseload"]["items"]) == 4
    assert all(t["entries"] for t in before["timelines"])

    assert run(["projections", "rebuild", *argv]) == 0

    err = capsys.readouterr().err
    assert f"rebuilt up to position {head}" in err
    assert f"{head}/{head} events" in err
    assert _views(settings) == before


def test_projections_rebuild_restores_views_that_were_lost(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    argv, settings = _storage_argv(database_url, tmp_path / "data")
    _seed(settings)
    before = _views(settings)
    with Runtime(settings) as runtime:
        runtime.view_store.drop_tables()
        runtime.view_store.create_tables()
    lost = _views(settings)
    assert (lost["position"], lost["caseload"]["items"], lost["care_plans"]) == (0, [], [])

    assert run(["projections", "rebuild", *argv]) == 0

    capsys.readouterr()
    assert _views(settings) == before
