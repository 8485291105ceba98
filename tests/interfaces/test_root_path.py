"""Routes match the path below the app's mount point, as ASGI's ``root_path`` names it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from interfaces.http import create_app
from interfaces.settings import Settings
from tests.conftest import bearer
from tests.journeys import GOAL

ALICE = bearer("alice", Role.WORKER, ("north",))


@pytest.fixture
def mounted(memory_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(memory_settings), root_path="/refocus") as test_client:
        yield test_client


def test_a_route_answers_at_its_path_below_the_root_path(mounted: TestClient) -> None:
    response = mounted.get("/refocus/health")

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "ok"


def test_a_path_outside_the_root_path_is_matched_as_it_is(mounted: TestClient) -> None:
    registered = mounted.post(
        "/api/v1/people", json={"display_name": "Sam", "team_id": "north"}, headers=ALICE
    )
    assert registered.status_code == 201, registered.text
    person = registered.json()["id"]

    goal = mounted.post(f"/api/v1/people/{person}/goals", json=GOAL, headers=ALICE)

    assert goal.status_code == 201, goal.text
    assert mounted.get(f"/api/v1/goals/{goal.json()['id']}", headers=ALICE).status_code == 200


def test_a_path_that_only_begins_like_the_root_path_is_not_below_it(mounted: TestClient) -> None:
    assert mounted.get("/refocushealth").status_code == 404
    # The root path itself is the pages' home without its slash: the router adds the slash.
    bare = mounted.get("/refocus", follow_redirects=False)
    assert bare.status_code == 307
    assert bare.headers["location"].endswith("/refocus/")


def test_pages_link_and_redirect_below_the_root_path(mounted: TestClient) -> None:
    assert mounted.get("/refocus/", follow_redirects=False).headers["location"] == "/refocus/sign-in"
    sign_in = mounted.get("/refocus/sign-in")
    assert 'action="/refocus/sign-in"' in sign_in.text
    assert 'href="/refocus/static/' in sign_in.text
