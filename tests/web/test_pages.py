"""The caseload, the person and the register form, over HTTP on SQLite and PostgreSQL.

Pages read the same views as the API and keep the same scoping: a person of
another team is a "Page not found"; a supervisor has no write controls and is
refused a post; every form needs its CSRF token; user text is shown as text.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from domain.actor import Actor, Role, acting_as
from interfaces.demo import DEMO_TEAM, DEMO_WORKER, seed_demo
from interfaces.web.headers import CONTENT_SECURITY_POLICY
from tests.conftest import ALICE, BOB_SOUTH
from tests.journeys import identify, plan, register
from tests.web.pages import csrf_of, sign_in_with_token

MARKUP = '<script>alert("x")</script><b>Bold</b> & "quoted"'


def seed(client: TestClient, actor: Actor, fn: Any) -> Any:
    with acting_as(actor):
        return fn(client.app.state.runtime.journeys)  # type: ignore[attr-defined]


def names_listed(html: str) -> list[str]:
    return re.findall(r'<a href="/people/[0-9a-f-]+">([^<]*)</a>', html)


@pytest.fixture
def demo(client: TestClient) -> list[UUID]:
    people = seed(client, Actor(DEMO_WORKER, Role.WORKER, frozenset({DEMO_TEAM})), seed_demo).person_ids
    with acting_as(Actor("other-worker", Role.WORKER, frozenset({DEMO_TEAM}))):
        client.app.state.runtime.journeys.register_person("Robin (demo)", DEMO_TEAM, "other-worker")  # type: ignore[attr-defined]
    sign_in_with_token(client, DEMO_WORKER, Role.WORKER, (DEMO_TEAM,))
    return list(people)


def test_the_caseload_lists_the_teams_people_with_their_status_goals_steps_and_reviews(
    client: TestClient, demo: list[UUID]
) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "<title>Caseload – refocus</title>" in page.text
    assert names_listed(page.text) == ["Alex (demo)", "Kim (demo)", "Robin (demo)", "Sam (demo)"]
    kim = page.text.split("Kim (demo)")[1].split("</tr>")[0]
    overdue_since = date.today() - timedelta(days=10)
    assert f"{overdue_since.day} {overdue_since:%b %Y}" in kim
    assert "Overdue" in kim and "overdue by 10 days" in kim
    sam = page.text.split("Sam (demo)")[1].split("</tr>")[0]
    assert re.search(r"numeric\">2</td>", sam)  # two active goals


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("?q=kim", ["Kim (demo)"]),
        ("?q=DEMO", ["Alex (demo)", "Kim (demo)", "Robin (demo)", "Sam (demo)"]),
        ("?q=nobody", []),
        ("?mine=true", ["Alex (demo)", "Kim (demo)", "Sam (demo)"]),
        ("?overdue=true", ["Kim (demo)"]),
        ("?mine=true&overdue=true&q=sam", []),
    ],
    ids=["search", "search ignores case", "search finds nobody", "my people", "review overdue", "all three"],
)
def test_the_caseload_filters_by_name_key_worker_and_overdue_review(
    client: TestClient, demo: list[UUID], query: str, listed: list[str]
) -> None:
    page = client.get("/" + query)
    assert names_listed(page.text) == listed
    if not listed:
        assert "No people match." in page.text


def test_the_person_page_shows_the_name_key_worker_goals_steps_and_checks(
    client: TestClient, demo: list[UUID]
) -> None:
    page = client.get(f"/people/{demo[0]}")
    assert page.status_code == 200
    assert "<title>Sam (demo) – refocus</title>" in page.text
    assert "demo-worker" in page.text
    assert "I want to dance again" in page.text
    assert "Go to the Tuesday beginners&#39; class" in page.text
    assert "Joint" in page.text and "Passive" in page.text
    assert "Goals the person values" in page.text
    assert "Steps the person takes alone or with others" in page.text


def test_a_person_of_another_team_and_an_unknown_id_are_the_same_not_found_page(client: TestClient) -> None:
    south = seed(client, BOB_SOUTH, lambda j: register(j, "south"))
    sign_in_with_token(client)
    for address in (f"/people/{south}", "/people/6a0f4ef0-54d5-4f6e-9f0a-3f1b0a1e8f00", "/people/not-an-id"):
        page = client.get(address)
        assert page.status_code == 404, address
        assert "Page not found" in page.text
        assert "text/html" in page.headers["content-type"]
    assert "Sam" not in client.get(f"/people/{south}").text
    assert names_listed(client.get("/").text) == []


def test_markup_in_a_persons_name_and_goal_is_shown_as_text(client: TestClient) -> None:
    def journey(journeys: Any) -> UUID:
        person = register(journeys, "north", MARKUP)
        plan(journeys, identify(journeys, person, statement=MARKUP, in_own_words=True), description=MARKUP)
        return person

    person = seed(client, ALICE, journey)
    sign_in_with_token(client)
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt; &amp; &#34;quoted&#34;"
    for address in ("/", f"/people/{person}"):
        page = client.get(address).text
        assert escaped in page, address
        assert "<script>alert" not in page and "<b>Bold" not in page
    assert client.get(f"/people/{person}").text.count(escaped) >= 4  # title, heading, goal, step


def test_pages_carry_a_content_security_policy_without_inline_script_and_security_headers(
    client: TestClient,
) -> None:
    sign_in_with_token(client)
    for address in ("/", "/sign-in?x=1", "/docs", "/people/new"):
        headers = client.get(address).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, address
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert client.get("/").headers["cache-control"] == "no-store"


def test_no_page_has_an_inline_script_or_style(client: TestClient, demo: list[UUID]) -> None:
    for address in ("/", f"/people/{demo[0]}", "/people/new", "/docs"):
        html = client.get(address).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), address
        assert " style=" not in html and "<style" not in html, address


def register_form(client: TestClient) -> dict[str, str]:
    html = client.get("/people/new").text
    key = re.search(r'name="idempotency_key" value="([^"]+)"', html)
    assert key
    return {"csrf_token": csrf_of(html), "idempotency_key": key.group(1), "key_worker_id": "alice"}


def caseload_size(client: TestClient) -> int:
    return len(names_listed(client.get("/").text))


def test_registering_a_person_opens_their_page_and_a_second_click_writes_nothing(client: TestClient) -> None:
    sign_in_with_token(client)
    form = {**register_form(client), "display_name": "Jo", "team_id": "north"}
    first = client.post("/people/new", data=form, follow_redirects=False)
    again = client.post("/people/new", data=form, follow_redirects=False)
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert "<h1>Jo</h1>" in client.get(first.headers["location"]).text
    assert names_listed(client.get("/").text) == ["Jo"]


def test_a_register_form_with_errors_says_so_beside_the_field_and_keeps_what_was_typed(
    client: TestClient,
) -> None:
    sign_in_with_token(client)
    form = {**register_form(client), "display_name": "", "team_id": "north", "external_ref": "NHS-<1>"}
    page = client.post("/people/new", data=form)
    assert page.status_code == 422
    assert "<title>Error: Register a person" in page.text
    assert "There is a problem" in page.text
    assert 'id="display_name-error"' in page.text
    assert 'value="NHS-&lt;1&gt;"' in page.text
    assert caseload_size(client) == 0


@pytest.mark.parametrize("token", [None, "wrong"], ids=["without a CSRF token", "with a wrong CSRF token"])
def test_a_form_posted_without_its_csrf_token_is_refused_and_writes_nothing(
    client: TestClient, token: str | None
) -> None:
    sign_in_with_token(client)
    form = {**register_form(client), "display_name": "Jo", "team_id": "north"}
    if token is None:
        del form["csrf_token"]
    else:
        form["csrf_token"] = token
    answer = client.post("/people/new", data=form, follow_redirects=False)
    assert answer.status_code == 403
    assert "The form could not be sent" in answer.text
    assert caseload_size(client) == 0


def test_a_supervisor_sees_no_write_controls_and_is_refused_a_post(client: TestClient) -> None:
    seed(client, ALICE, register)
    sign_in_with_token(client, "sue", Role.SUPERVISOR)
    caseload = client.get("/").text
    assert "Register a person" not in caseload
    assert names_listed(caseload) == ["Sam"]
    assert client.get("/people/new").status_code == 403
    form = {"csrf_token": csrf_of(caseload), "display_name": "Jo", "team_id": "north", "idempotency_key": "k"}
    answer = client.post("/people/new", data=form, follow_redirects=False)
    assert answer.status_code == 403
    assert names_listed(client.get("/").text) == ["Sam"]


def test_a_worker_sees_the_register_control(client: TestClient) -> None:
    sign_in_with_token(client)
    assert 'href="/people/new">Register a person</a>' in client.get("/").text
