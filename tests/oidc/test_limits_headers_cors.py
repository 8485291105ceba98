"""Rate limits (per subject on commands, per address on refused tokens), the API's security
headers, and CORS, off unless configured."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from interfaces.auth import create_token
from interfaces.http import create_app
from interfaces.rates import Rate, parse_rate
from interfaces.settings import Settings
from tests.conftest import SECRET, bearer
from tests.web.pages import csrf_of

PERSON = {"display_name": "Kim", "team_id": "north"}
ALICE = bearer("alice")
BAD = {"Authorization": "Bearer not-a-token"}


@pytest.fixture
def make_client(tmp_path: Path, sqlite_url: str) -> Iterator[Any]:
    opened: list[TestClient] = []

    def make(**settings: Any) -> TestClient:
        app = create_app(
            Settings(data_dir=tmp_path / "data", database_url=sqlite_url, secret_key=SECRET, **settings)
        )
        client = TestClient(app).__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


def _head(client: TestClient) -> int:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    return int(runtime.journeys.recorder.max_notification_id() or 0)


def _assert_429(answer: Any) -> None:
    assert answer.status_code == 429, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "/problems/too-many-requests"
    assert int(answer.headers["Retry-After"]) >= 1


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("120/m", Rate(120, 60)),
        ("20/5m", Rate(20, 300)),
        ("1/s", Rate(1, 1)),
        ("3000/h", Rate(3000, 3600)),
        ("off", None),
        ("0", None),
    ],
)
def test_rates_are_read_from_their_settings(text: str, rate: Rate | None) -> None:
    assert parse_rate(text) == rate
    assert Settings.from_env({"REFOCUS_RATE_LIMIT_COMMANDS": text}).command_rate == rate


@pytest.mark.parametrize("text", ["120", "0/m", "5/0m", "many/m", "10/d"])
def test_a_rate_that_is_not_one_is_refused_with_its_setting_named(text: str) -> None:
    with pytest.raises(ValueError, match="REFOCUS_RATE_LIMIT_FAILED_AUTH"):
        Settings.from_env({"REFOCUS_RATE_LIMIT_FAILED_AUTH": text})


def test_commands_past_the_subjects_rate_answer_429_and_write_nothing(make_client: Any) -> None:
    client = make_client(command_rate=Rate(3, 60))
    for _ in range(3):
        assert client.post("/api/v1/people", json=PERSON, headers=ALICE).status_code == 201
    before = _head(client)
    _assert_429(client.post("/api/v1/people", json=PERSON, headers=ALICE))
    assert _head(client) == before
    # Reads are not commands, and another subject has a bucket of their own.
    assert client.get("/api/v1/people", headers=ALICE).status_code == 200
    assert client.post("/api/v1/people", json=PERSON, headers=bearer("bo")).status_code == 201


def test_refused_tokens_past_the_address_rate_answer_429_but_verified_tokens_go_on(make_client: Any) -> None:
    client = make_client(failed_auth_rate=Rate(3, 60))
    assert client.get("/api/v1/people", headers=ALICE).status_code == 200
    for _ in range(5):
        # A request with no token at all is not counted.
        assert client.get("/api/v1/people").status_code == 401
    for _ in range(3):
        assert client.get("/api/v1/people", headers=BAD).status_code == 401
    _assert_429(client.get("/api/v1/people", headers=BAD))
    # A token already verified goes on; one not seen yet waits with the address.
    assert client.get("/api/v1/people", headers=ALICE).status_code == 200
    _assert_429(client.get("/api/v1/people", headers=bearer("bo")))


def test_no_limits_when_set_off(make_client: Any) -> None:
    client = make_client(command_rate=None, failed_auth_rate=None)
    for _ in range(130):
        assert client.get("/api/v1/people", headers=BAD).status_code == 401


API_HEADERS = {
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def test_every_api_answer_carries_the_security_headers(make_client: Any) -> None:
    client = make_client(command_rate=Rate(1, 60))
    answers = {
        "201": client.post("/api/v1/people", json=PERSON, headers=ALICE),
        "200": client.get("/api/v1/people", headers=ALICE),
        "401": client.get("/api/v1/people"),
        "404": client.get("/api/v1/people/00000000-0000-0000-0000-000000000000", headers=ALICE),
        "422": client.post("/api/v1/people", json={}, headers=bearer("bo")),
        "429": client.post("/api/v1/people", json=PERSON, headers=ALICE),
        "413": client.post("/api/v1/people", content=b"x" * 200_000, headers=bearer("cy")),
    }
    for status, answer in answers.items():
        assert str(answer.status_code) == status, answer.text
        for name, value in API_HEADERS.items():
            assert answer.headers.get(name) == value, (status, name)
        assert "strict-transport-security" not in answer.headers
        assert len(answer.headers.get_list("cache-control")) == 1


def test_strict_transport_security_when_configured(make_client: Any) -> None:
    client = make_client(hsts_seconds=31536000)
    for address in ("/api/v1/people", "/sign-in", "/docs"):
        answer = client.get(address, headers=ALICE)
        assert answer.headers["strict-transport-security"] == "max-age=31536000", address
    assert Settings.from_env({"REFOCUS_HSTS_SECONDS": "600"}).hsts_seconds == 600


PREFLIGHT = {
    "Origin": "https://care.example.org",
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type",
}


def test_cors_is_off_unless_configured(make_client: Any) -> None:
    client = make_client()
    preflight = client.options("/api/v1/people", headers=PREFLIGHT)
    assert not any(name.lower().startswith("access-control-") for name in preflight.headers)
    answer = client.get("/api/v1/people", headers={**ALICE, "Origin": "https://care.example.org"})
    assert answer.status_code == 200
    assert not any(name.lower().startswith("access-control-") for name in answer.headers)


def test_cors_allows_the_configured_origins_only(make_client: Any) -> None:
    settings = Settings.from_env({"REFOCUS_CORS_ORIGINS": "https://care.example.org https://b.example.org"})
    client = make_client(cors_origins=settings.cors_origins)
    preflight = client.options("/api/v1/people", headers=PREFLIGHT)
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://care.example.org"
    assert preflight.headers["x-content-type-options"] == "nosniff"
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in preflight.headers
    other = client.options("/api/v1/people", headers={**PREFLIGHT, "Origin": "https://elsewhere.example"})
    assert other.status_code == 400
    assert "access-control-allow-origin" not in other.headers
    answer = client.get("/api/v1/people", headers={**ALICE, "Origin": "https://care.example.org"})
    assert answer.headers["access-control-allow-origin"] == "https://care.example.org"
    assert "ETag" in answer.headers["access-control-expose-headers"]


def test_refused_sign_ins_on_the_pages_count_against_the_address(make_client: Any) -> None:

    client = make_client(failed_auth_rate=Rate(2, 60))
    form = client.get("/sign-in")
    csrf = csrf_of(form.text)
    for _ in range(2):
        assert client.post("/sign-in", data={"csrf_token": csrf, "token": "not-a-token"}).status_code == 400
    good = create_token(SECRET, "alice", Role.WORKER, ["north"])
    blocked = client.post("/sign-in", data={"csrf_token": csrf, "token": good}, follow_redirects=False)
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) >= 1
    assert "too many failed sign-ins" in blocked.text
    # The API counts the same address: a token it has not verified yet waits too.
    _assert_429(client.get("/api/v1/people", headers=bearer("bo")))
