"""The page of who has read a person's record: newest first, in words, paged; for the person's
team and administrators, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from interfaces.http import create_app
from interfaces.settings import Settings
from interfaces.web.access_log import PAGE_SIZE
from interfaces.web.access_words import VIEW_WORDS, read_through, what_was_read
from tests.conftest import bearer
from tests.journeys import http_register
from tests.web.pages import sign_in_with_token

ALICE = bearer()
SUE = bearer("sue", Role.SUPERVISOR, ("north",))
EXPORT = "everything held about them (a subject access export)"


def rows(page: str) -> list[list[str]]:
    """The table's rows, each cell's text."""
    body = page.split('<tbody class="nhsuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_the_page_lists_every_read_newest_first_in_words_this_one_included(client: TestClient) -> None:
    person = http_register(client, ALICE)
    assert client.get(f"/api/v1/people/{person}/care-plan", headers=SUE).status_code == 200
    sign_in_with_token(client)
    assert client.get(f"/people/{person}").status_code == 200

    page = client.get(f"/people/{person}/access-log")

    assert page.status_code == 200, page.text
    assert "Who has read the record" in page.text
    found = rows(page.text)
    assert [(who, what, through) for _, who, what, through in found] == [
        ("alice (worker, team north)", "this list of who read their record", "the pages"),
        ("alice (worker, team north)", "their page: care plan, strengths and values", "the pages"),
        ("sue (supervisor, team north)", "their care plan", "the API"),
    ]
    assert all(re.fullmatch(r"\w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2}", when) for when, *_ in found)
    assert "Older reads" not in page.text


def test_the_person_page_links_to_it(client: TestClient) -> None:
    person = http_register(client, ALICE)
    sign_in_with_token(client)
    assert (
        f'href="/people/{person}/access-log">Who has read this record</a>'
        in client.get(f"/people/{person}").text
    )


def test_a_long_log_is_paged_newest_first(client: TestClient) -> None:
    person = http_register(client, ALICE)
    for _ in range(PAGE_SIZE):
        assert client.get(f"/api/v1/people/{person}", headers=SUE).status_code == 200
    sign_in_with_token(client)

    first = client.get(f"/people/{person}/access-log")
    second = client.get(f"/people/{person}/access-log?page=2")

    assert len(rows(first.text)) == PAGE_SIZE
    assert rows(first.text)[0][2] == "this list of who read their record"
    assert f'href="/people/{person}/access-log?page=2"' in first.text and "Older reads" in first.text
    # The second page: the oldest API read, after the second visit's own read pushed one down.
    assert [r[2] for r in rows(second.text)] == ["their profile"] * 2
    assert "Newer reads" in second.text and "Older reads" not in second.text


def test_an_integration_may_not_read_it_nor_is_it_offered(client: TestClient) -> None:
    person = http_register(client, ALICE)
    sign_in_with_token(client, "ehr", Role.INTEGRATION, ("north",))

    page = client.get(f"/people/{person}/access-log")

    assert page.status_code == 403
    assert "You cannot read this" in page.text
    assert "team and administrators" in page.text
    assert "/access-log" not in client.get(f"/people/{person}").text


@pytest.mark.parametrize(
    ("role", "subject"), [(Role.INTEGRATION, "ehr"), (Role.WORKER, "bob")], ids=["integration", "worker"]
)
def test_another_teams_reader_finds_no_such_page(client: TestClient, role: Role, subject: str) -> None:
    person = http_register(client, ALICE)
    sign_in_with_token(client, subject, role, ("south",))
    page = client.get(f"/people/{person}/access-log")
    assert page.status_code == 404
    assert "Page not found" in page.text


def test_every_view_that_reads_a_person_is_named_in_words(memory_settings: Settings) -> None:
    app = create_app(memory_settings)
    person_views = {
        route.path
        for route in app.routes
        if "GET" in (getattr(route, "methods", None) or ())
        and any(f"{{{name}}}" in route.path for name in ("person_id", "goal_id", "step_id", "team_id"))
    }
    assert person_views - VIEW_WORDS.keys() == set()
    assert "/api/v1/events" in VIEW_WORDS and "refocus replay" in VIEW_WORDS


@pytest.mark.parametrize(
    ("view", "what", "through"),
    [
        ("/api/v1/people/{person_id}/export", EXPORT, "the API"),
        ("/people/{person_id}/timeline", "their timeline", "the pages"),
        ("refocus export-person", EXPORT, "the server"),
        ("/api/v1/people/{person_id}/added-later", "/api/v1/people/{person_id}/added-later", "the API"),
    ],
)
def test_a_read_is_said_in_words_and_an_unknown_view_as_recorded(view: str, what: str, through: str) -> None:
    assert (what_was_read(view), read_through(view)) == (what, through)
