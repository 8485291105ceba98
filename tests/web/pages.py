"""Helpers for page tests: sign in through the sign-in page, read the CSRF token of a form."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from domain.actor import Role
from interfaces.auth import create_sign_in_token, create_token
from interfaces.web.sessions import SESSION_COOKIE
from tests.conftest import SECRET

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def sign_in_with_token(
    client: TestClient, subject: str = "alice", role: Role = Role.WORKER, teams: tuple[str, ...] = ("north",)
) -> str:
    """Paste a bearer token into the sign-in page; the session cookie's value."""
    form = client.get("/sign-in")
    token = create_token(SECRET, subject, role, list(teams))
    answer = client.post(
        "/sign-in", data={"csrf_token": csrf_of(form.text), "token": token}, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    session = client.cookies.get(SESSION_COOKIE)
    assert session
    return session


def sign_in_link_token(
    subject: str = "alice", role: Role = Role.WORKER, teams: tuple[str, ...] = ("north",)
) -> str:
    return create_sign_in_token(SECRET, subject, role, list(teams))
