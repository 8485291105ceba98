"""The event feed over HTTP, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from interfaces.http import create_app
from interfaces.settings import Settings
from projections import feed
from tests.conftest import bearer
from tests.journeys import http_goal, http_register, http_step

ALICE = bearer()
BOB = bearer("bob", Role.WORKER, ("south",))
ADMIN = bearer("ada", Role.ADMIN, ())


def read_all(client: TestClient, headers: dict[str, str], limit: int = 3) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    after = 0
    while True:
        page = client.get("/api/v1/events", params={"after": after, "limit": limit}, headers=headers)
        assert page.status_code == 200, page.text
        body = page.json()
        items.extend(body["items"])
        if body["next_after"] == after:
            return items
        assert body["next_after"] > after
        after = body["next_after"]


def test_the_feed_read_to_the_end_in_pages_equals_the_events_written(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    step = http_step(client, ALICE, goal, mode="joint", with_whom=["sister"])
    completed = client.post(f"/api/v1/steps/{step}/complete", json={"note": "done"}, headers=ALICE).json()

    items = read_all(client, ALICE)

    assert [i["type"] for i in items] == [
        "PersonRegistered",
        "GoalIdentified",
        "StepPlanned",
        "StepCompleted",
    ]
    positions = [i["position"] for i in items]
    assert positions == sorted(set(positions))
    last = items[-1]
    assert last["position"] == completed["position"]
    assert (last["aggregate_id"], last["aggregate_version"]) == (step, completed["version"])
    assert last["person_id"] == person
    assert last["actor"] == {"subject": "alice", "role": "worker"}
    assert last["data"] == {"person_id": person, "goal_id": goal, "note": "done"}
    assert items[2]["data"]["with_whom"] == ["sister"]


def test_the_feed_shows_only_the_teams_a_caller_may_see_and_follows_transfers(client: TestClient) -> None:
    north = http_register(client, ALICE, name="North person")
    south = http_register(client, BOB, team="south", name="South person")
    moving = http_register(client, ALICE, name="Moving person")
    http_goal(client, ALICE, moving, statement="Before the move")
    assert (
        client.post(f"/api/v1/people/{moving}/transfer", json={"team_id": "south"}, headers=ADMIN).status_code
        == 200
    )
    http_goal(client, BOB, moving, statement="After the move")

    alice_sees = [(i["person_id"], i["type"]) for i in read_all(client, ALICE)]
    bob_sees = [(i["person_id"], i["type"]) for i in read_all(client, BOB)]

    assert alice_sees == [
        (north, "PersonRegistered"),
        (moving, "PersonRegistered"),
        (moving, "GoalIdentified"),
        (moving, "PersonTransferred"),
    ]
    assert bob_sees == [
        (south, "PersonRegistered"),
        (moving, "PersonTransferred"),
        (moving, "GoalIdentified"),
    ]
    assert len(read_all(client, ADMIN)) == 6


def test_supervision_notes_are_never_in_the_feed(client: TestClient) -> None:
    person = http_register(client, ALICE)
    registered = read_all(client, ALICE)[0]["position"]
    note = client.post(
        f"/api/v1/people/{person}/supervision-notes",
        json={"position": registered, "text": "Talk about pacing"},
        headers=bearer("sue", Role.SUPERVISOR),
    )
    assert note.status_code == 201, note.text
    http_goal(client, ALICE, person)
    assert [i["type"] for i in read_all(client, ADMIN)] == ["PersonRegistered", "GoalIdentified"]


def test_limit_is_capped_and_positions_are_checked(client: TestClient) -> None:
    assert client.get("/api/v1/events", params={"limit": 501}, headers=ALICE).status_code == 422
    assert client.get("/api/v1/events", params={"after": -1}, headers=ALICE).status_code == 422
    assert client.get("/api/v1/events").status_code == 401


def test_the_feed_waits_for_min_position(settings: Settings) -> None:
    # A short wait: the last position asked for is never written, so the query waits it out.
    with TestClient(create_app(replace(settings, read_wait_seconds=0.2))) as client:
        person = http_register(client, ALICE)
        written = client.post(
            f"/api/v1/people/{person}/goals",
            json={
                "statement": "Cook",
                "identified_by": "person",
                "orientation": "approach",
                "life_domain": "social_supports",
                "responsibility": "person",
                "in_own_words": True,
            },
            headers=ALICE,
        ).json()
        page = client.get(
            "/api/v1/events", params={"min_position": written["position"]}, headers=ALICE
        ).json()
        assert page["items"][-1]["position"] == written["position"]
        behind = client.get(
            "/api/v1/events", params={"min_position": written["position"] + 1000}, headers=ALICE
        )
        assert behind.status_code == 503
        assert behind.headers["Retry-After"] == "1"


#: A trust-wide integration's token: thousands of teams, north among them, south not.
TEAMS = ("north", *(f"team-{n:04}" for n in range(4_999)))
TRUST_WIDE = bearer("ehr", Role.INTEGRATION, TEAMS)


def _teams_and_a_transfer(client: TestClient) -> dict[str, str]:
    """People in north, in one of the many teams, in south, and one moved from south into them."""
    far = bearer("fay", Role.WORKER, ("team-4321",))
    people = {
        "north": http_register(client, ALICE, name="North person"),
        "far": http_register(client, far, team="team-4321", name="Far person"),
        "south": http_register(client, BOB, name="South person", team="south"),
        "moving": http_register(client, BOB, name="Moving person", team="south"),
    }
    http_goal(client, BOB, people["moving"], statement="Before the move")
    moved = client.post(
        f"/api/v1/people/{people['moving']}/transfer", json={"team_id": "team-4321"}, headers=ADMIN
    )
    assert moved.status_code == 200, moved.text
    http_goal(client, far, people["moving"], statement="After the move")
    http_goal(client, ALICE, people["north"])
    return people


def test_a_token_with_thousands_of_teams_reads_the_feed_of_those_teams(client: TestClient) -> None:
    people = _teams_and_a_transfer(client)

    seen = [(i["person_id"], i["type"]) for i in read_all(client, TRUST_WIDE, limit=2)]

    assert seen == [
        (people["north"], "PersonRegistered"),
        (people["far"], "PersonRegistered"),
        (people["moving"], "PersonTransferred"),
        (people["moving"], "GoalIdentified"),
        (people["north"], "GoalIdentified"),
    ]
    # The same as a token naming only the teams that hold anyone.
    assert read_all(client, TRUST_WIDE, limit=500) == read_all(
        client, bearer("ehr", Role.INTEGRATION, ("north", "team-4321"))
    )


def test_a_many_team_page_looks_through_a_bounded_window_and_the_next_page_reads_on(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = _teams_and_a_transfer(client)
    everything = read_all(client, TRUST_WIDE, limit=500)
    monkeypatch.setattr(feed, "FEED_WINDOW", 2)

    first = client.get("/api/v1/events", params={"after": 0, "limit": 500}, headers=TRUST_WIDE).json()

    assert [i["position"] for i in first["items"]] == [p for p in (1, 2) if p in _positions(everything)]
    assert first["next_after"] == 2
    assert read_all(client, TRUST_WIDE, limit=500) == everything
    assert {i["person_id"] for i in everything} == {people["north"], people["far"], people["moving"]}


def _positions(items: list[dict[str, Any]]) -> set[int]:
    return {i["position"] for i in items}
