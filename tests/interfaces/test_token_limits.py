"""Local bearer tokens name someone and a team, live at most REFOCUS_TOKEN_MAX_TTL, and can be revoked.

``refocus token create`` refuses what the API would refuse; ``refocus token revoke`` records a
token's id in the data directory, and the API answers 401 for it from then on, after a
restart too. Each test runs the command in-process against a data directory of its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from interfaces import cli
from interfaces.auth import create_sign_in_token, create_token, signing_key
from interfaces.http import create_app
from interfaces.revocation import REVOKED_FILE
from interfaces.settings import Settings
from tests.web.pages import csrf_of

PEOPLE = "/api/v1/people"


@pytest.fixture(autouse=True)
def _no_deployment_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("REFOCUS_SECRET_KEY", "REFOCUS_DATABASE_URL", "REFOCUS_DATA_DIR", "REFOCUS_TOKEN_MAX_TTL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def run(argv: Sequence[str]) -> int:
    try:
        return cli.main(list(argv))
    except SystemExit as exit_:
        return int(exit_.code or 0)


def created(capsys: pytest.CaptureFixture[str], data: Path, *options: str) -> str:
    """A token printed by ``refocus token create``, alice's in team north unless options say otherwise."""
    argv = ["token", "create", "--subject", "alice", "--role", "worker", "--team", "north", *options]
    assert run([*argv, "--data-dir", str(data)]) == 0
    token: str = capsys.readouterr().out.strip()
    return token


def serving(data: Path, **settings: object) -> TestClient:
    return TestClient(create_app(Settings(data_dir=data, database_url="memory://", **settings)))  # type: ignore[arg-type]


def status_of(client: TestClient, token: str) -> int:
    return client.get(PEOPLE, headers={"Authorization": f"Bearer {token}"}).status_code


# refused at creation


@pytest.mark.parametrize(
    ("identity", "option"),
    [
        (["--subject", "", "--role", "worker", "--team", "north"], "--subject"),
        (["--subject", "   ", "--role", "admin"], "--subject"),
        (["--subject", "alice", "--role", "worker", "--team", ""], "--team"),
        (["--subject", "alice", "--role", "worker", "--team", "north", "--team", " "], "--team"),
        (["--subject", "alice", "--role", "supervisor"], "--team"),
    ],
)
def test_token_create_refuses_an_empty_subject_or_team_with_status_2(
    data: Path, capsys: pytest.CaptureFixture[str], identity: list[str], option: str
) -> None:
    status = run(["token", "create", *identity, "--data-dir", str(data)])

    assert status == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert option in err


@pytest.mark.parametrize("link", [[], ["--link"]])
def test_token_create_refuses_a_ttl_beyond_the_default_maximum_of_12_hours(
    data: Path, capsys: pytest.CaptureFixture[str], link: list[str]
) -> None:
    argv = ["token", "create", "--subject", "alice", "--role", "worker", "--team", "north", *link]

    status = run([*argv, "--ttl", "13h", "--data-dir", str(data)])

    assert status == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "--ttl: at most 12h (REFOCUS_TOKEN_MAX_TTL)" in err


def test_a_token_of_the_maximum_lifetime_is_created_and_accepted(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token = created(capsys, data, "--ttl", "12h")

    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 12 * 3600
    with serving(data) as client:
        assert status_of(client, token) == 200


def test_refocus_token_max_ttl_lowers_the_maximum_at_creation_and_in_the_api(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    eight_hours = created(capsys, data, "--ttl", "8h")
    monkeypatch.setenv("REFOCUS_TOKEN_MAX_TTL", "30m")

    refused = run(["token", "create", "--subject", "alice", "--role", "worker", "--team", "north"])
    assert refused == 2
    assert "at most 30m" in capsys.readouterr().err
    half_hour = created(capsys, data, "--ttl", "30m")
    with TestClient(create_app(Settings.from_env(data_dir=data, database_url="memory://"))) as client:
        assert status_of(client, half_hour) == 200
        assert status_of(client, eight_hours) == 401


@pytest.mark.parametrize("value", ["12", "0h", "twelve hours"])
def test_a_refocus_token_max_ttl_that_is_not_a_time_to_live_stops_the_settings(value: str) -> None:
    with pytest.raises(ValueError, match="REFOCUS_TOKEN_MAX_TTL"):
        Settings.from_env({"REFOCUS_TOKEN_MAX_TTL": value})


def test_every_token_created_carries_an_id_of_its_own(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = {jwt.decode(created(capsys, data), options={"verify_signature": False})["jti"] for _ in range(3)}

    assert len(ids) == 3
    assert all(len(token_id) >= 16 for token_id in ids)


# refused at verification: tokens signed with the deployment's key all the same


def _signed(key: str, **changes: object) -> str:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "iss": "refocus",
        "sub": "alice",
        "role": "worker",
        "teams": ["north"],
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=1)).timestamp()),
        "jti": "an-id-of-this-token",
        **changes,
    }
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, key, algorithm="HS256")


@pytest.mark.parametrize(
    "changes",
    [
        {"sub": ""},
        {"teams": [""]},
        {"teams": []},
        {"role": "integration", "teams": None},
        {"exp": int((datetime.now(UTC) + timedelta(hours=13)).timestamp())},
        {"jti": None},
        {"jti": 7},
    ],
)
def test_the_api_answers_401_for_a_signed_token_it_would_not_have_created(
    data: Path, changes: dict[str, object]
) -> None:
    key = signing_key(Settings(data_dir=data))
    with serving(data) as client:
        answer = client.get(PEOPLE, headers={"Authorization": f"Bearer {_signed(key, **changes)}"})

    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_an_admin_token_without_teams_is_accepted(data: Path) -> None:
    key = signing_key(Settings(data_dir=data))
    with serving(data) as client:
        assert status_of(client, _signed(key, role="admin", teams=[])) == 200
        assert status_of(client, create_token(key, "ada", Role.ADMIN, [])) == 200


@pytest.mark.parametrize(
    ("subject", "role", "teams"),
    [("", Role.WORKER, ["north"]), ("alice", Role.WORKER, []), ("alice", Role.ADMIN, [" "])],
)
def test_tokens_and_sign_in_links_cannot_be_made_for_nobody_or_no_team(
    subject: str, role: Role, teams: list[str]
) -> None:
    with pytest.raises(ValueError):
        create_token("k" * 32, subject, role, teams)
    with pytest.raises(ValueError):
        create_sign_in_token("k" * 32, subject, role, teams)


# revocation


@pytest.fixture
def two_tokens(data: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[tuple[str, str]]:
    yield created(capsys, data), created(capsys, data)


@pytest.mark.parametrize("by", ["token", "id"])
def test_a_revoked_token_is_answered_401_at_once_and_after_a_restart(
    data: Path, capsys: pytest.CaptureFixture[str], two_tokens: tuple[str, str], by: str
) -> None:
    revoked, kept = two_tokens
    token_id = jwt.decode(revoked, options={"verify_signature": False})["jti"]
    with serving(data) as client:
        assert status_of(client, revoked) == 200, "accepted, and remembered, before it is revoked"

        status = run(["token", "revoke", revoked if by == "token" else token_id, "--data-dir", str(data)])

        assert status == 0
        assert token_id in capsys.readouterr().err
        answer = client.get(PEOPLE, headers={"Authorization": f"Bearer {revoked}"})
        assert answer.status_code == 401
        assert answer.json()["detail"] == "the token has been revoked"
        assert status_of(client, kept) == 200
    with serving(data) as restarted:
        assert status_of(restarted, revoked) == 401
        assert status_of(restarted, kept) == 200
    assert (data / REVOKED_FILE).stat().st_mode & 0o777 == 0o600


def test_a_revoked_token_no_longer_signs_in_to_the_pages_and_a_sign_in_link_still_does(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token = created(capsys, data)
    assert run(["token", "revoke", token, "--data-dir", str(data)]) == 0
    link = create_sign_in_token(signing_key(Settings(data_dir=data)), "alice", Role.WORKER, ["north"])

    with serving(data) as client:
        form = csrf_of(client.get("/sign-in").text)
        pasted = client.post("/sign-in", data={"csrf_token": form, "token": token}, follow_redirects=False)
        assert pasted.status_code == 400
        assert "revoked" in pasted.text
        confirm = client.get("/sign-in", params={"token": link})
        signed_in = client.post(
            "/sign-in", data={"csrf_token": csrf_of(confirm.text), "link": link}, follow_redirects=False
        )
        assert signed_in.status_code == 303


@pytest.mark.parametrize("given", ["short", "not an id!", "a.b.c"])
def test_token_revoke_refuses_what_is_neither_a_token_with_an_id_nor_an_id(
    data: Path, capsys: pytest.CaptureFixture[str], given: str
) -> None:
    status = run(["token", "revoke", given, "--data-dir", str(data)])

    assert status == 2
    assert capsys.readouterr().err.startswith("refocus: ")
    assert not (data / REVOKED_FILE).exists()
