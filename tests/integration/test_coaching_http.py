"""Coaching conversations over HTTP, on a SQLite file and on PostgreSQL: recorded with the
person, the steps agreed in them, and every view that shows them (manual, 2.6 and REACH)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from tests.conftest import bearer
from tests.journeys import http_goal, http_register, http_step

ALICE = bearer()
SUPERVISOR = bearer("sue", Role.SUPERVISOR, ("north",))
BOB_SOUTH = bearer("bob", Role.WORKER, ("south",))
TODAY = date.today()


def days(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


def talk(client: TestClient, person: str, headers: dict[str, str] = ALICE, **body: Any) -> Any:
    payload = {
        "held_on": days(0),
        "participants": ["Sam", "alice"],
        "reflect": "Two classes went well",
        **body,
    }
    return client.post(f"/api/v1/people/{person}/conversations", json=payload, headers=headers)


def conversation(client: TestClient, person: str, **body: Any) -> str:
    answer = talk(client, person, **body)
    assert answer.status_code == 201, answer.text
    conversation_id: str = answer.json()["id"]
    return conversation_id


def get(client: TestClient, path: str, headers: dict[str, str] = ALICE, **params: Any) -> Any:
    response = client.get(path, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def head(client: TestClient) -> int:
    get(client, "/api/v1/people")  # catch the read models up first
    return int(client.get("/health").json()["position"])


def test_a_conversation_and_the_step_agreed_in_it_show_in_every_view(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    talked_about = http_step(client, ALICE, goal, description="Find a class")

    answer = talk(
        client,
        person,
        goal_ids=[goal],
        step_ids=[talked_about],
        commit_to_action="Sam will ring the Saturday class",
    )
    assert answer.status_code == 201, answer.text
    conversation_id = answer.json()["id"]
    assert answer.headers["Location"] == f"/api/v1/people/{person}/conversations"
    agreed = http_step(client, ALICE, goal, description="Ring the class", conversation_id=conversation_id)

    assert get(client, f"/api/v1/steps/{agreed}")["conversation_id"] == conversation_id
    assert get(client, f"/api/v1/steps/{talked_about}")["conversation_id"] is None
    (shown,) = get(client, f"/api/v1/people/{person}/conversations")["items"]
    assert shown["id"] == conversation_id
    assert (shown["held_on"], shown["participants"]) == (days(0), ["Sam", "alice"])
    assert (shown["reflect"], shown["explore"], shown["commit_to_action"]) == (
        "Two classes went well",
        None,
        "Sam will ring the Saturday class",
    )
    assert shown["goals"] == [{"id": goal, "statement": "I want to dance again"}]
    assert shown["steps"] == [{"id": talked_about, "goal_id": goal, "description": "Find a class"}]
    assert shown["agreed_steps"] == [
        {
            "id": agreed,
            "goal_id": goal,
            "description": "Ring the class",
            "mode": "independent",
            "status": "planned",
            "due": None,
        }
    ]

    entries = get(client, f"/api/v1/people/{person}/timeline")["entries"]
    (entry,) = [e for e in entries if e["type"] == "CoachingConversationRecorded"]
    assert entry["summary"] == (
        f"Coaching conversation held on {days(0)} with Sam, alice: about 1 goal and 1 step;"
        " notes on reflect and commit to action"
    )
    assert entry["goal_ids"] == [goal]
    assert entry["data"]["conversation_id"] == conversation_id

    feed = get(client, "/api/v1/events", after=0)["items"]
    (recorded,) = [i for i in feed if i["type"] == "CoachingConversationRecorded"]
    assert (recorded["aggregate_id"], recorded["person_id"]) == (person, person)
    assert recorded["data"]["goal_ids"] == [goal]
    assert recorded["data"]["step_ids"] == [talked_about]
    assert recorded["data"]["hold_to_account"] is None
    planned = {i["aggregate_id"]: i["data"] for i in feed if i["type"] == "StepPlanned"}
    assert (planned[agreed]["conversation_id"], planned[talked_about]["conversation_id"]) == (
        conversation_id,
        None,
    )

    frames = [
        json.loads(line)
        for line in client.get(f"/api/v1/people/{person}/replay", headers=ALICE).iter_lines()
        if line
    ]
    assert [f["summary"] for f in frames if f["type"] == "CoachingConversationRecorded"] == [entry["summary"]]


def test_as_of_shows_the_conversations_and_agreed_steps_as_they_stood(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    conversation_id = conversation(client, person, goal_ids=[goal])
    agreed = http_step(client, ALICE, goal, conversation_id=conversation_id)
    at = {e["type"]: e["recorded_at"] for e in get(client, f"/api/v1/people/{person}/timeline")["entries"]}

    before = get(client, f"/api/v1/people/{person}/conversations", as_of=at["GoalIdentified"])
    between = get(client, f"/api/v1/people/{person}/conversations", as_of=at["CoachingConversationRecorded"])
    after = get(client, f"/api/v1/people/{person}/conversations", as_of=at["StepPlanned"])

    assert (before["items"], before["as_of"]) == ([], at["GoalIdentified"])
    assert [(c["id"], c["agreed_steps"]) for c in between["items"]] == [(conversation_id, [])]
    assert [s["id"] for s in after["items"][0]["agreed_steps"]] == [agreed]
    assert {**after, "as_of": None} == get(client, f"/api/v1/people/{person}/conversations")
    as_of_timeline = get(client, f"/api/v1/people/{person}/timeline", as_of=at["StepPlanned"])["entries"]
    assert "CoachingConversationRecorded" in [e["type"] for e in as_of_timeline]


def test_the_review_pack_lists_the_conversations_held_since_the_last_review_only(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    before_review = conversation(client, person, held_on=days(-10), goal_ids=[goal])
    reviewed = client.post(
        f"/api/v1/people/{person}/reviews",
        json={
            "held_on": days(-5),
            "participants": ["Sam", "alice"],
            "summary": "We looked back together",
            "goal_decisions": [{"goal_id": goal, "decision": "continue"}],
            "next_review_due": days(85),
        },
        headers=ALICE,
    )
    assert reviewed.status_code == 201, reviewed.text
    # Recorded after the review, but held before it: it belongs to the period before.
    recorded_late = conversation(client, person, held_on=days(-7), explore="Bus times")
    since_review = conversation(client, person, held_on=days(-2), goal_ids=[goal])
    agreed = http_step(client, ALICE, goal, description="Ring the class", conversation_id=since_review)

    pack = get(client, f"/api/v1/people/{person}/review-pack")
    everything = get(client, f"/api/v1/people/{person}/review-pack", since=days(-20))

    (shown,) = pack["conversations"]
    assert (shown["id"], shown["held_on"]) == (since_review, days(-2))
    assert shown["goals"] == [{"id": goal, "statement": "I want to dance again"}]
    assert [(s["id"], s["status"]) for s in shown["agreed_steps"]] == [(agreed, "planned")]
    assert [c["id"] for c in everything["conversations"]] == [before_review, recorded_late, since_review]
    assert pack["goals"][0]["steps_planned"][0]["id"] == agreed


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("goal of another person", "goal_ids[0]"),
        ("step of another person", "step_ids[0]"),
        ("nothing at all", "body"),
        ("held tomorrow", "held_on"),
        ("blank note", "reflect"),
    ],
)
def test_a_conversation_refused_writes_nothing_and_names_the_field(
    client: TestClient, case: str, field: str
) -> None:
    person = http_register(client, ALICE)
    kim = http_register(client, ALICE, name="Kim")
    kims_goal = http_goal(client, ALICE, kim)
    body = {
        "goal of another person": {"goal_ids": [kims_goal]},
        "step of another person": {"step_ids": [http_step(client, ALICE, kims_goal)]},
        "nothing at all": {"reflect": None},
        "held tomorrow": {"held_on": days(1)},
        "blank note": {"reflect": " "},
    }[case]
    written = head(client)

    answer = talk(client, person, **body)

    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in answer.json()["errors"]] == [field]
    assert head(client) == written
    assert get(client, f"/api/v1/people/{person}/conversations")["items"] == []


def test_a_step_cannot_be_agreed_in_a_conversation_with_another_person(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    kims = conversation(client, http_register(client, ALICE, name="Kim"))
    written = head(client)

    answer = client.post(
        f"/api/v1/goals/{goal}/steps",
        json={"description": "Ring the class", "mode": "independent", "conversation_id": kims},
        headers=ALICE,
    )

    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == ["conversation_id"]
    assert head(client) == written


def test_another_teams_worker_finds_no_person_and_a_supervisor_may_only_read(client: TestClient) -> None:
    person = http_register(client, ALICE)
    conversation(client, person)
    written = head(client)

    elsewhere = talk(client, person, headers=BOB_SOUTH)
    supervised = talk(client, person, headers=SUPERVISOR)
    unseen = client.get(f"/api/v1/people/{person}/conversations", headers=BOB_SOUTH)

    assert (elsewhere.status_code, supervised.status_code, unseen.status_code) == (404, 403, 404)
    assert head(client) == written
    assert len(get(client, f"/api/v1/people/{person}/conversations", headers=SUPERVISOR)["items"]) == 1


def test_a_repeated_conversation_under_one_idempotency_key_is_recorded_once(client: TestClient) -> None:
    person = http_register(client, ALICE)
    keyed = {**ALICE, "Idempotency-Key": "coaching-sam-1"}
    first = talk(client, person, headers=keyed)
    assert first.status_code == 201, first.text
    written = head(client)

    again = talk(client, person, headers=keyed)

    assert (again.status_code, again.json(), again.headers["Idempotent-Replayed"]) == (
        201,
        first.json(),
        "true",
    )
    assert head(client) == written
    assert [c["id"] for c in get(client, f"/api/v1/people/{person}/conversations")["items"]] == [
        first.json()["id"]
    ]
