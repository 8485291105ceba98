"""The API accepts bearer JWTs of the configured identity provider, checked against its keys.

Against ``oidc-provider-mock`` (real sign-in, real ID tokens, a key it rotates) and a bare
provider whose keys and claims the tests choose (expiry, not-before, key ids, ES256).
"""

from __future__ import annotations

import base64
import hashlib
import hmac as hmac_module
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from fastapi.testclient import TestClient

from interfaces.http import create_app
from interfaces.oidc.bearer import ProviderTokens
from interfaces.oidc.provider import Provider
from interfaces.oidc.settings import OidcSettings
from interfaces.revocation import RevokedTokens
from interfaces.settings import Settings
from tests.conftest import SECRET, bearer
from tests.oidc.providers import KeyedProvider, MockProvider, SigningKey, keyed_provider, mock_provider

USERS = {
    "wren@example.org": {"role": "worker", "teams": ["north"]},
    "sam@example.org": {"role": "supervisor", "teams": ["north", "south"]},
    "nobody@example.org": {"teams": ["north"]},
}
PERSON = {"display_name": "Kim", "team_id": "north"}


class Clock:
    """The provider's monotonic clock, moved on by the test: key refetch intervals without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _app(tmp_path: Path, database_url: str, oidc: OidcSettings, clock: Clock | None = None) -> TestClient:
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url, secret_key=SECRET, oidc=oidc)
    app = create_app(settings)
    if clock is not None:
        app.state.oidc = ProviderTokens(oidc, Provider(oidc, clock=clock))
    return TestClient(app)


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def provider() -> Iterator[MockProvider]:
    with mock_provider(USERS) as running:
        yield running


@pytest.fixture
def keyed() -> Iterator[KeyedProvider]:
    with keyed_provider(SigningKey.new("first")) as running:
        yield running


def _claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "sub": "wren",
        "aud": "refocus-api",
        "iat": now,
        "exp": now + 600,
        "role": "worker",
        "teams": ["north"],
    }
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


def _keyed_client(
    tmp_path: Path, sqlite_url: str, keyed: KeyedProvider, clock: Clock | None = None, **settings: Any
) -> TestClient:
    oidc = OidcSettings(issuer=keyed.issuer, client_id="refocus", audience="refocus-api", **settings)
    return _app(tmp_path, sqlite_url, oidc, clock)


# With the mock provider: its ID tokens, for the audience of this service's client id


def test_a_provider_token_acts_for_its_subject_and_local_tokens_still_work(
    tmp_path: Path, database_url: str, provider: MockProvider
) -> None:
    with _app(tmp_path, database_url, OidcSettings(issuer=provider.issuer, client_id="refocus")) as client:
        token = provider.id_token("wren@example.org")
        registered = client.post("/api/v1/people", json=PERSON, headers=_auth(token))
        assert registered.status_code == 201, registered.text
        person = registered.json()["id"]
        # A supervisor of the provider reads it, and who registered the person, a worker with a
        # local token of the team reads it too.
        supervisor = provider.id_token("sam@example.org")
        feed = client.get("/api/v1/events", headers=_auth(supervisor))
        assert feed.status_code == 200, feed.text
        assert feed.json()["items"][0]["actor"] == {"subject": "wren@example.org", "role": "worker"}
        assert client.get(f"/api/v1/people/{person}", headers=_auth(supervisor)).status_code == 200
        assert client.get(f"/api/v1/people/{person}", headers=bearer("alice")).status_code == 200


def test_a_provider_token_for_another_audience_is_refused(
    tmp_path: Path, sqlite_url: str, provider: MockProvider
) -> None:
    with _app(tmp_path, sqlite_url, OidcSettings(issuer=provider.issuer, client_id="refocus")) as client:
        token = provider.id_token("wren@example.org", client_id="another-service")
        answer = client.get("/api/v1/people", headers=_auth(token))
        assert answer.status_code == 401
        assert answer.json()["detail"] == "the token is meant for another service"
        assert answer.headers["WWW-Authenticate"] == "Bearer"


def test_a_provider_token_naming_no_role_is_refused(
    tmp_path: Path, sqlite_url: str, provider: MockProvider
) -> None:
    with _app(tmp_path, sqlite_url, OidcSettings(issuer=provider.issuer, client_id="refocus")) as client:
        answer = client.get("/api/v1/people", headers=_auth(provider.id_token("nobody@example.org")))
        assert answer.status_code == 401
        assert answer.json()["detail"] == "the token's role claim names no role of this service"


def test_a_key_the_provider_rotated_in_is_fetched_once_the_interval_has_passed(
    tmp_path: Path, sqlite_url: str, provider: MockProvider
) -> None:
    oidc = OidcSettings(issuer=provider.issuer, client_id="refocus", jwks_refresh_seconds=60)
    clock = Clock()
    with _app(tmp_path, sqlite_url, oidc, clock) as client:
        assert (
            client.get("/api/v1/people", headers=_auth(provider.id_token("wren@example.org"))).status_code
            == 200
        )
        provider.rotate_key()
        rotated = provider.id_token("wren@example.org")
        # Within the interval the keys are not fetched again: the new key is not known yet.
        assert client.get("/api/v1/people", headers=_auth(rotated)).status_code == 401
        clock.now += 60
        assert client.get("/api/v1/people", headers=_auth(rotated)).status_code == 200


# With a provider whose keys and claims the test chooses


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        ({"exp": -120}, "the token has expired"),
        ({"nbf": 120}, "the token is not valid yet"),
        ({"aud": "another-api"}, "the token is meant for another service"),
        ({"exp": None}, "the token is not valid"),
        ({"teams": "north south"}, None),
    ],
    ids=["expired", "not-yet-valid", "wrong-audience", "no-expiry", "teams-a-string"],
)
def test_a_token_outside_its_time_or_audience_is_refused(
    tmp_path: Path, sqlite_url: str, keyed: KeyedProvider, changes: dict[str, Any], detail: str | None
) -> None:
    # Times are seconds from now, taken as the test runs (not when the tests were collected).
    now = int(time.time())
    timed = {
        name: now + value if name in ("exp", "nbf") and value is not None else value
        for name, value in changes.items()
    }
    with _keyed_client(tmp_path, sqlite_url, keyed, clock_skew_seconds=30) as client:
        answer = client.get("/api/v1/people", headers=_auth(keyed.sign(_claims(**timed))))
        if detail is None:
            assert answer.status_code == 200, answer.text  # one team named "north south"
        else:
            assert answer.status_code == 401, answer.text
            assert answer.json()["detail"] == detail


def test_the_clock_skew_allowed_is_the_setting(tmp_path: Path, sqlite_url: str, keyed: KeyedProvider) -> None:
    just_expired = keyed.sign(_claims(exp=int(time.time()) - 20))
    soon_valid = keyed.sign(_claims(nbf=int(time.time()) + 20))
    with _keyed_client(tmp_path, sqlite_url, keyed, clock_skew_seconds=60) as client:
        assert client.get("/api/v1/people", headers=_auth(just_expired)).status_code == 200
        assert client.get("/api/v1/people", headers=_auth(soon_valid)).status_code == 200
    with _keyed_client(tmp_path, sqlite_url, keyed, clock_skew_seconds=0) as client:
        assert client.get("/api/v1/people", headers=_auth(just_expired)).status_code == 401
        assert client.get("/api/v1/people", headers=_auth(soon_valid)).status_code == 401


def test_a_new_key_id_fetches_the_keys_again_but_a_made_up_one_only_once_per_interval(
    tmp_path: Path, sqlite_url: str, keyed: KeyedProvider
) -> None:
    clock = Clock()
    with _keyed_client(tmp_path, sqlite_url, keyed, clock, jwks_refresh_seconds=60) as client:
        assert client.get("/api/v1/people", headers=_auth(keyed.sign(_claims()))).status_code == 200
        assert len(keyed.key_fetches) == 1
        stranger = SigningKey.new("made-up")
        for _ in range(5):
            answer = client.get("/api/v1/people", headers=_auth(keyed.sign(_claims(), key=stranger)))
            assert answer.status_code == 401
        assert len(keyed.key_fetches) == 1
        clock.now += 60
        rotated = SigningKey.new("second")
        keyed.keys.append(rotated)
        assert (
            client.get("/api/v1/people", headers=_auth(keyed.sign(_claims(), key=rotated))).status_code == 200
        )
        assert len(keyed.key_fetches) == 2


def test_es256_tokens_are_accepted(tmp_path: Path, sqlite_url: str) -> None:
    with (
        keyed_provider(SigningKey.new("ec", "ES256")) as keyed,
        _keyed_client(tmp_path, sqlite_url, keyed) as client,
    ):
        assert client.get("/api/v1/people", headers=_auth(keyed.sign(_claims()))).status_code == 200


def test_a_token_of_another_issuer_is_refused_without_asking_it(
    tmp_path: Path, sqlite_url: str, keyed: KeyedProvider
) -> None:
    with (
        keyed_provider(SigningKey.new("first")) as other,
        _keyed_client(tmp_path, sqlite_url, keyed) as client,
    ):
        answer = client.get("/api/v1/people", headers=_auth(other.sign(_claims())))
        assert answer.status_code == 401
        assert other.key_fetches == []
        # Claiming the configured issuer, signed with the other provider's key of the same id.
        forged = jwt.encode(
            {"iss": keyed.issuer, **_claims()},
            other.keys[0].private,
            algorithm="RS256",
            headers={"kid": "first"},
        )
        assert client.get("/api/v1/people", headers=_auth(forged)).status_code == 401


def test_unsigned_tokens_and_hmac_keyed_with_the_public_key_are_refused(
    tmp_path: Path, sqlite_url: str, keyed: KeyedProvider
) -> None:
    claims = {"iss": keyed.issuer, **_claims()}
    public_pem = (
        keyed.keys[0]
        .private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    unsigned = jwt.encode(claims, None, algorithm="none", headers={"kid": "first"})

    # PyJWT itself refuses a PEM as an HMAC key: sign the way an attacker would, by hand.
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = (
        b64(json.dumps({"alg": "HS256", "kid": "first"}).encode()) + "." + b64(json.dumps(claims).encode())
    )
    signature = hmac_module.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    confused = signing_input + "." + b64(signature)
    with _keyed_client(tmp_path, sqlite_url, keyed) as client:
        for token in (unsigned, confused):
            answer = client.get("/api/v1/people", headers=_auth(token))
            assert answer.status_code == 401
            assert answer.json()["detail"] == "the token is not signed with RS256 or ES256"


def test_role_and_teams_come_from_the_configured_claims(
    tmp_path: Path, sqlite_url: str, keyed: KeyedProvider
) -> None:
    token = keyed.sign(
        _claims(role=None, teams=None, realm_access={"roles": ["offline_access", "worker"]}, groups=["north"])
    )
    with _keyed_client(
        tmp_path, sqlite_url, keyed, role_claim="realm_access.roles", teams_claim="groups"
    ) as client:
        registered = client.post("/api/v1/people", json=PERSON, headers=_auth(token))
        assert registered.status_code == 201, registered.text
        south = client.post("/api/v1/people", json={**PERSON, "team_id": "south"}, headers=_auth(token))
        assert south.status_code == 403


def test_a_revoked_provider_token_is_refused(tmp_path: Path, sqlite_url: str, keyed: KeyedProvider) -> None:
    token = keyed.sign(_claims(jti="provider-token-1"))
    with _keyed_client(tmp_path, sqlite_url, keyed) as client:
        assert client.get("/api/v1/people", headers=_auth(token)).status_code == 200
        RevokedTokens(tmp_path / "data").revoke("provider-token-1")
        answer = client.get("/api/v1/people", headers=_auth(token))
        assert answer.status_code == 401
        assert answer.json()["detail"] == "the token has been revoked"


def test_an_unreachable_provider_answers_503(tmp_path: Path, sqlite_url: str) -> None:
    with keyed_provider() as keyed:
        token = keyed.sign(_claims())
        issuer = keyed.issuer
    oidc = OidcSettings(issuer=issuer, client_id="refocus", audience="refocus-api")
    with _app(tmp_path, sqlite_url, oidc) as client:
        answer = client.get("/api/v1/people", headers=_auth(token))
        assert answer.status_code == 503
        assert answer.json()["detail"] == "the identity provider could not be reached"
