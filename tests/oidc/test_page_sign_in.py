"""Signing in to the pages through the provider: authorization code with PKCE, state and nonce.

The app runs in process (``TestClient``, at ``http://testserver``); the browser's part at the
provider (``oidc-provider-mock``'s form) is a post to its authorization endpoint.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import jwt
import pytest
from fastapi.testclient import TestClient

from interfaces.http import create_app
from interfaces.oidc.settings import OidcSettings
from interfaces.settings import Settings
from interfaces.web.sessions import SESSION_COOKIE
from interfaces.web.sign_in import PROVIDER_STILL_SIGNED_IN
from interfaces.web.single_sign_on import STATE_COOKIE
from tests.conftest import SECRET
from tests.oidc.providers import MockProvider, mock_provider
from tests.web.pages import csrf_of, sign_in_with_token

USERS = {
    "wren@example.org": {"role": "worker", "teams": ["north"]},
    "nobody@example.org": {"teams": ["north"]},
}


@pytest.fixture
def provider() -> Iterator[MockProvider]:
    with mock_provider(USERS) as running:
        yield running


def _pages(tmp_path: Path, sqlite_url: str, provider: MockProvider, **oidc: str) -> TestClient:
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=sqlite_url,
        secret_key=SECRET,
        oidc=OidcSettings(
            issuer=provider.issuer,
            client_id="refocus",
            client_secret="secret",
            provider_name="Test Trust",
            **oidc,  # type: ignore[arg-type]
        ),
    )
    return TestClient(create_app(settings), follow_redirects=False)


@pytest.fixture
def pages(tmp_path: Path, sqlite_url: str, provider: MockProvider) -> Iterator[TestClient]:
    with _pages(tmp_path, sqlite_url, provider) as client:
        yield client


def _to_provider(pages: TestClient, next_page: str = "/") -> str:
    started = pages.get("/sign-in/oidc", params={"next": next_page})
    assert started.status_code == 303
    return started.headers["location"]


def _authorize(address: str, subject: str) -> str:
    """The provider's form, submitted: the address it sends the browser back to."""
    answer = httpx.post(address, data={"sub": subject})
    assert answer.status_code == 302, answer.text
    back = urlparse(answer.headers["location"])
    assert back.netloc == "testserver"
    return f"{back.path}?{back.query}"


def test_the_sign_in_page_offers_the_provider(pages: TestClient) -> None:
    page = pages.get("/sign-in")
    assert "Sign in with Test Trust" in page.text
    assert 'href="/sign-in/oidc?next=/"' in page.text
    assert 'name="token"' in page.text  # pasting a token stays, for development


def test_signing_in_through_the_provider_starts_a_session_with_its_role_and_teams(pages: TestClient) -> None:
    address = _to_provider(pages, next_page="/people/register")
    asked = parse_qs(urlparse(address).query)
    assert asked["response_type"] == ["code"]
    assert asked["code_challenge_method"] == ["S256"]
    assert len(asked["code_challenge"][0]) == 43
    assert asked["nonce"][0] and asked["state"][0]
    assert "openid" in asked["scope"][0].split()
    assert pages.cookies[STATE_COOKIE] == asked["state"][0]

    signed_in = pages.get(_authorize(address, "wren@example.org"))
    assert signed_in.status_code == 200, signed_in.text
    assert "Signed in as <strong>wren@example.org</strong>" in signed_in.text
    assert 'content="0; url=/people/register"' in signed_in.text
    assert pages.cookies.get(SESSION_COOKIE)
    assert STATE_COOKIE not in pages.cookies
    caseload = pages.get("/")
    assert caseload.status_code == 200
    assert "wren@example.org" in caseload.text


def test_an_answer_for_a_sign_in_started_in_another_browser_is_refused(
    pages: TestClient, provider: MockProvider
) -> None:
    address = _to_provider(pages)
    back = _authorize(address, "wren@example.org")
    pages.cookies.delete(STATE_COOKIE)
    refused = pages.get(back)
    assert refused.status_code == 400
    assert "does not belong to a sign-in started in this browser" in refused.text
    assert SESSION_COOKIE not in pages.cookies


def test_an_answer_is_used_once(pages: TestClient) -> None:
    address = _to_provider(pages)
    state = parse_qs(urlparse(address).query)["state"][0]
    back = _authorize(address, "wren@example.org")
    assert pages.get(back).status_code == 200
    pages.cookies.set(STATE_COOKIE, state, path="/sign-in/oidc")
    again = pages.get(back)
    assert again.status_code == 400
    assert "completed already" in again.text


def test_a_person_the_provider_gives_no_role_is_not_signed_in(pages: TestClient) -> None:
    refused = pages.get(_authorize(_to_provider(pages), "nobody@example.org"))
    assert refused.status_code == 400
    assert "names no role of this service" in refused.text
    assert SESSION_COOKIE not in pages.cookies


def test_a_denied_sign_in_is_shown_on_the_sign_in_page(pages: TestClient) -> None:
    address = _to_provider(pages)
    denied = httpx.post(address, data={"action": "deny"})
    back = urlparse(denied.headers["location"])
    refused = pages.get(f"{back.path}?{back.query}")
    assert refused.status_code == 400
    assert "did not sign you in" in refused.text


def test_without_a_provider_there_is_no_single_sign_on(tmp_path: Path, sqlite_url: str) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=sqlite_url, secret_key=SECRET)
    with TestClient(create_app(settings), follow_redirects=False) as client:
        assert "Sign in with" not in client.get("/sign-in").text
        assert client.get("/sign-in/oidc").status_code == 404


def _sign_in_and_out(pages: TestClient) -> str:
    """Sign in through the provider, then out: where the browser is sent next."""
    assert pages.get(_authorize(_to_provider(pages), "wren@example.org")).status_code == 200
    answer = pages.post("/sign-out", data={"csrf_token": csrf_of(pages.get("/").text)})
    assert pages.get("/").status_code == 303  # the session here has ended, whatever follows
    if answer.status_code == 303:
        location: str = answer.headers["location"]
        return location
    assert answer.status_code == 200
    assert "You are signed out of refocus" in answer.text
    refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', answer.text)
    assert refresh, answer.text
    assert f'href="{refresh.group(1)}"' in answer.text  # the button, if the refresh is blocked
    return html.unescape(refresh.group(1))


def test_signing_out_of_a_single_sign_on_session_goes_on_to_the_providers_sign_out(
    pages: TestClient, provider: MockProvider
) -> None:
    address = urlparse(_sign_in_and_out(pages))
    end_session = httpx.get(f"{provider.issuer}/.well-known/openid-configuration").json()[
        "end_session_endpoint"
    ]
    assert f"{address.scheme}://{address.netloc}{address.path}" == end_session
    asked = parse_qs(address.query)
    assert asked["post_logout_redirect_uri"] == ["http://testserver/sign-in"]
    assert asked["client_id"] == ["refocus"]
    hint = jwt.decode(asked["id_token_hint"][0], options={"verify_signature": False})
    assert (hint["sub"], hint["iss"]) == ("wren@example.org", provider.issuer)
    assert hint["aud"] in ("refocus", ["refocus"])


def test_the_provider_sends_the_browser_back_where_configured(
    tmp_path: Path, sqlite_url: str, provider: MockProvider
) -> None:
    back = "https://care.example.org/sign-in"
    with _pages(tmp_path, sqlite_url, provider, post_logout_redirect_uri=back) as pages:
        asked = parse_qs(urlparse(_sign_in_and_out(pages)).query)
    assert asked["post_logout_redirect_uri"] == [back]


def test_a_session_not_begun_at_the_provider_signs_out_here_only(pages: TestClient) -> None:
    sign_in_with_token(pages)
    answer = pages.post("/sign-out", data={"csrf_token": csrf_of(pages.get("/").text)})
    assert answer.headers["location"] == "/sign-in"
    assert "may still be signed in" not in pages.get("/sign-in").text


def test_a_provider_with_no_sign_out_leaves_a_warning_on_the_sign_in_page(
    tmp_path: Path, sqlite_url: str
) -> None:
    with mock_provider(USERS, end_session=False) as provider, _pages(tmp_path, sqlite_url, provider) as pages:
        address = _sign_in_and_out(pages)
        assert address == f"/sign-in?signed_out={PROVIDER_STILL_SIGNED_IN}"
        page = pages.get(address)
    assert page.status_code == 200
    assert "You may still be signed in to Test Trust" in page.text
    assert "could not be reached to end your sign-in there" in page.text
