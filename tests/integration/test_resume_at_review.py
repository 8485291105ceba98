"""A review resumes a paused goal, over HTTP on a SQLite file and on PostgreSQL: the decision,
the resumption it causes (with the review's id), and the history (timeline, feed, as-of,
replay) that tells it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import bearer
from tests.journeys import http_goal, http_register

ALICE = bearer()
TODAY = date.today()


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params, headers=ALICE)
    assert response.status_code == 200, response.text
    return response.json()


def review(client: TestClient, person: str, decisions: list[dict[str, Any]], held_on: date = TODAY) -> Any:
    body = {
        "held_on": held_on.isoformat(),
        "participants": ["Sam", "alice"],
        "summary": "Sam feels settled after the move",
        "goal_decisions": decisions,
        "next_review_due": (TODAY + timedelta(days=90)).isoformat(),
    }
    return client.post(f"/api/v1/people/{person}/reviews", json=body, headers=ALICE)


def test_a_review_resumes_a_paused_goal_and_the_history_tells_it(client: TestClient) -> None:
    person = http_register(client, ALICE)
    college = http_goal(client, ALICE, person, statement="Go back to college")
    dance = http_goal(client, ALICE, person, statement="Dance again")
    paused = client.post(f"/api/v1/goals/{college}/pause", json={"note": "Moving house"}, headers=ALICE)
    assert paused.status_code == 200
    before_review = datetime.now(UTC)

    answer = review(
        client,
        person,
        [
            {"goal_id": college, "decision": "resume", "note": "Ready for the spring term"},
            {"goal_id": dance, "decision": "continue"},
        ],
    )

    assert answer.status_code == 201, answer.text
    review_id = answer.json()["id"]
    plan = get(client, f"/api/v1/people/{person}/care-plan")
    assert {g["statement"]: g["status"] for g in plan["goals"]} == {
        "Go back to college": "active",
        "Dance again": "active",
    }
    entries = get(client, f"/api/v1/people/{person}/timeline", goal_id=college)["entries"]
    assert [(e["type"], e["summary"]) for e in entries] == [
        ("GoalIdentified", "Goal identified by Sam: “Go back to college”"),
        ("GoalPaused", "Goal paused: “Go back to college”"),
        ("GoalReviewed", "Review decided 'resume' for “Go back to college”"),
        ("GoalResumed", "Goal resumed: “Go back to college”"),
    ]
    resumed = entries[-1]["data"]
    assert (resumed["review_id"], resumed["note"]) == (review_id, "Ready for the spring term")
    feed = [i for i in get(client, "/api/v1/events")["items"] if i["type"] == "GoalResumed"]
    assert [(i["aggregate_id"], i["data"]["review_id"]) for i in feed] == [(college, review_id)]

    # As it stood before the review, the goal was paused; the live view and as-of now agree.
    then = get(client, f"/api/v1/people/{person}/care-plan", as_of=before_review.isoformat())
    assert {g["statement"]: g["status"] for g in then["goals"]}["Go back to college"] == "paused"
    now = get(client, f"/api/v1/people/{person}/care-plan", as_of=datetime.now(UTC).isoformat())
    assert now["goals"] == plan["goals"]

    frames = [
        json.loads(line)
        for line in client.get(f"/api/v1/people/{person}/replay", headers=ALICE).text.splitlines()
    ]
    [frame] = [f for f in frames if f["type"] == "GoalResumed"]
    assert frame["summary"] == "Goal resumed: “Go back to college”"
    [change] = frame["changes"]["goals"]
    assert (change["id"], change["fields"]["status"]) == (college, {"from": "paused", "to": "active"})

    pack = get(client, f"/api/v1/people/{person}/review-pack", since=TODAY.isoformat())
    goals = {g["statement"]: g for g in pack["goals"]}
    assert goals["Go back to college"]["decision_at_last_review"]["decision"] == "resume"
    assert [(c["type"], c["at_review"]) for c in goals["Go back to college"]["status_changes"]] == [
        ("GoalPaused", False),
        ("GoalResumed", True),
    ]
    assert not any("is paused" in p for p in pack["prompts"]["revisit"]), "the goal is active again"


def test_a_back_dated_review_resumes_the_goal_on_the_day_it_was_held(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    client.post(f"/api/v1/goals/{goal}/pause", headers=ALICE)
    held_on = TODAY - timedelta(days=3)

    assert (
        review(client, person, [{"goal_id": goal, "decision": "resume"}], held_on=held_on).status_code == 201
    )

    [resumed] = [
        e for e in get(client, f"/api/v1/people/{person}/timeline")["entries"] if e["type"] == "GoalResumed"
    ]
    assert resumed["at"] == f"{held_on.isoformat()}T23:59:59.999999Z"


def test_resuming_an_active_goal_at_a_review_is_refused_and_writes_nothing(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    events_before = len(get(client, f"/api/v1/people/{person}/timeline")["entries"])

    answer = review(client, person, [{"goal_id": goal, "decision": "resume"}])

    assert answer.status_code == 409
    problem = answer.json()
    assert (problem["rule"], problem["detail"]) == (
        "goal_status",
        "goal_decisions[0]: cannot decide 'resume' for a goal that is active: it must be paused",
    )
    assert len(get(client, f"/api/v1/people/{person}/timeline")["entries"]) == events_before
