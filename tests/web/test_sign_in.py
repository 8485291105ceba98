"""Signing in to the pages and out again: the session cookie, one-time links, CSRF on the sign-in form."""

from __future__ import annotations

from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from interfaces.http import create_app
from interfaces.settings import Settings
from interfaces.web.sessions import SESSION_COOKIE, SessionStore
from tests.conftest import ALICE, SECRET, bearer
from tests.web.pages import csrf_of, sign_in_link_token, sign_in_with_token


@pytest.fixture
def pages(memory_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(memory_settings)) as client:
        yield client


def session_cookie(set_cookie: str) -> dict[str, str | bool]:
    cookie = SimpleCookie()
    cookie.load(set_cookie)
    morsel = cookie[SESSION_COOKIE]
    return {k: morsel[k] for k in ("httponly", "samesite", "secure", "max-age", "path")}


def test_the_caseload_without_a_session_sends_the_browser_to_sign_in(pages: TestClient) -> None:
    answer = pages.get("/", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in"


def test_a_person_page_without_a_session_signs_in_then_comes_back(pages: TestClient) -> None:
    answer = pages.get("/people/6a0f4ef0-54d5-4f6e-9f0a-3f1b0a1e8f00", follow_redirects=False)
    assert answer.headers["location"] == "/sign-in?next=/people/6a0f4ef0-54d5-4f6e-9f0a-3f1b0a1e8f00"


def test_a_pasted_bearer_token_starts_a_session_in_an_httponly_strict_expiring_cookie(
    pages: TestClient,
) -> None:
    form = pages.get("/sign-in")
    token = bearer()["Authorization"].removeprefix("Bearer ")
    answer = pages.post(
        "/sign-in", data={"csrf_token": csrf_of(form.text), "token": token}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
    cookie = session_cookie(answer.headers["set-cookie"].split(", refocus_sign_in_csrf")[0])
    assert cookie["httponly"] is True
    assert str(cookie["samesite"]).lower() == "strict"
    assert cookie["secure"] == ""  # not configured for TLS
    assert 0 < int(str(cookie["max-age"])) <= 8 * 3600
    assert pages.get("/").status_code == 200


def test_the_session_cookie_is_secure_when_configured_for_tls(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="memory://", secret_key=SECRET, cookie_secure=True)
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        form = client.get("/sign-in")
        token = bearer()["Authorization"].removeprefix("Bearer ")
        answer = client.post(
            "/sign-in", data={"csrf_token": csrf_of(form.text), "token": token}, follow_redirects=False
        )
    assert session_cookie(answer.headers["set-cookie"].split(", refocus_sign_in_csrf")[0])["secure"] is True


@pytest.mark.parametrize(
    ("field", "cookie"),
    [(None, True), ("wrong", True), ("right", False)],
    ids=["no token in the form", "a token unlike the cookie's", "no cookie"],
)
def test_the_sign_in_form_without_its_csrf_token_and_cookie_is_refused(
    pages: TestClient, field: str | None, cookie: bool
) -> None:
    form = pages.get("/sign-in")
    if not cookie:
        pages.cookies.clear()
    data = {"token": bearer()["Authorization"].removeprefix("Bearer ")}
    if field is not None:
        data["csrf_token"] = csrf_of(form.text) if field == "right" else "wrong"
    answer = pages.post("/sign-in", data=data, follow_redirects=False)
    assert answer.status_code == 403
    assert SESSION_COOKIE not in answer.headers.get("set-cookie", "")


def test_a_wrong_token_is_shown_as_an_error_on_the_sign_in_page(pages: TestClient) -> None:
    form = pages.get("/sign-in")
    answer = pages.post("/sign-in", data={"csrf_token": csrf_of(form.text), "token": "not-a-token"})
    assert answer.status_code == 400
    assert "<title>Error: Sign in" in answer.text
    assert "There is a problem" in answer.text
    assert SESSION_COOKIE not in pages.cookies


def test_a_sign_in_link_asks_to_confirm_then_signs_in_once(pages: TestClient) -> None:
    link = sign_in_link_token()
    shown = pages.get(f"/sign-in?token={link}")
    assert shown.status_code == 200
    assert "Sign in as alice" in shown.text
    assert SESSION_COOKIE not in pages.cookies  # opening the link alone signs nobody in

    form = {"csrf_token": csrf_of(shown.text), "link": link}
    assert pages.post("/sign-in", data=form, follow_redirects=False).status_code == 303
    assert pages.get("/").status_code == 200

    other = TestClient(pages.app)
    again = other.get(f"/sign-in?token={link}")
    assert again.status_code == 400
    assert "used already" in again.text
    form = {"csrf_token": csrf_of(again.text), "link": link}
    refused = other.post("/sign-in", data=form, follow_redirects=False)
    assert refused.status_code == 400
    assert SESSION_COOKIE not in other.cookies


def test_a_sign_in_link_is_no_bearer_token_and_a_bearer_token_is_no_link(pages: TestClient) -> None:
    link = sign_in_link_token()
    assert pages.get("/api/v1/people", headers={"Authorization": f"Bearer {link}"}).status_code == 401
    token = bearer()["Authorization"].removeprefix("Bearer ")
    assert pages.get(f"/sign-in?token={token}").status_code == 400


def test_signing_out_ends_the_session_for_every_copy_of_the_cookie(pages: TestClient) -> None:
    session = sign_in_with_token(pages)
    copied = TestClient(pages.app, cookies={SESSION_COOKIE: session})
    assert copied.get("/", follow_redirects=False).status_code == 200
    home = pages.get("/")
    answer = pages.post("/sign-out", data={"csrf_token": csrf_of(home.text)}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in"
    assert copied.get("/", follow_redirects=False).status_code == 303
    assert pages.get("/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("token", [None, "wrong"], ids=["without a token", "with a wrong token"])
def test_signing_out_without_the_sessions_csrf_token_is_refused_and_ends_nothing(
    pages: TestClient, token: str | None
) -> None:
    sign_in_with_token(pages)
    answer = pages.post("/sign-out", data={"csrf_token": token} if token else {}, follow_redirects=False)
    assert answer.status_code == 403
    assert pages.get("/", follow_redirects=False).status_code == 200


def test_signing_in_goes_back_to_the_page_asked_for_but_never_to_another_site(pages: TestClient) -> None:
    form = pages.get("/sign-in?next=//evil.example/x")
    token = bearer()["Authorization"].removeprefix("Bearer ")
    data = {"csrf_token": csrf_of(form.text), "token": token, "next": "//evil.example/x"}
    assert pages.post("/sign-in", data=data, follow_redirects=False).headers["location"] == "/"
    pages.cookies.clear()
    form = pages.get("/sign-in")
    data = {"csrf_token": csrf_of(form.text), "token": token, "next": "/people/new"}
    assert pages.post("/sign-in", data=data, follow_redirects=False).headers["location"] == "/people/new"


def test_a_session_ends_at_its_lifetime_or_its_tokens_expiry_whichever_is_first() -> None:
    now = [1000.0]
    store = SessionStore(lifetime_seconds=60, clock=lambda: now[0])
    lasting = store.start(ALICE)
    short = store.start(ALICE, not_after=1010.0)
    now[0] = 1011.0
    assert store.find(short.id) is None
    assert store.find(lasting.id) == lasting
    now[0] = 1060.0
    assert store.find(lasting.id) is None


def test_a_used_link_id_is_refused_until_the_link_would_have_expired_anyway() -> None:
    now = [1000.0]
    store = SessionStore(lifetime_seconds=60, clock=lambda: now[0])
    assert store.use_link("link-1", expires_at=1900.0)
    assert not store.use_link("link-1", expires_at=1900.0)
    now[0] = 1901.0
    store.start(ALICE)  # forgets what has expired
    assert not store.link_used("link-1")


def test_the_session_settings_come_from_the_environment_and_name_themselves_when_wrong() -> None:
    settings = Settings.from_env(
        {"REFOCUS_COOKIE_SECURE": "1", "REFOCUS_SESSION_HOURS": "2", "REFOCUS_TIME_ZONE": "Europe/Paris"}
    )
    assert (settings.cookie_secure, settings.session_hours, settings.time_zone) == (True, 2, "Europe/Paris")
    assert Settings.from_env({}).time_zone == "Europe/London"
    with pytest.raises(ValueError, match="REFOCUS_TIME_ZONE"):
        Settings.from_env({"REFOCUS_TIME_ZONE": "Mars/Olympus"})
    with pytest.raises(ValueError, match="REFOCUS_SESSION_HOURS"):
        Settings.from_env({"REFOCUS_SESSION_HOURS": "0"})


def test_a_supervisor_signs_in_with_their_role(pages: TestClient) -> None:
    sign_in_with_token(pages, "sue", Role.SUPERVISOR)
    assert "sue (supervisor)" in pages.get("/").text
