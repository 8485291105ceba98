"""The review cycle over HTTP, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from interfaces.http import create_app
from interfaces.settings import Settings
from tests.conftest import bearer
from tests.journeys import http_goal, http_register, http_step

ALICE = bearer()
TODAY = date.today()


def days(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


def review(
    client: TestClient,
    person: str,
    decisions: list[dict[str, Any]],
    *,
    held_on: str | None = None,
    next_due: str | None = None,
    headers: dict[str, str] = ALICE,
) -> Any:
    body = {
        "held_on": held_on or days(0),
        "participants": ["Sam", "alice"],
        "summary": "We looked back together",
        "goal_decisions": decisions,
        "next_review_due": next_due or days(90),
    }
    return client.post(f"/api/v1/people/{person}/reviews", json=body, headers=headers)


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params, headers=ALICE)
    assert response.status_code == 200, response.text
    return response.json()


def position(client: TestClient) -> int:
    get(client, "/api/v1/people")  # catch the read models up first
    return int(client.get("/health").json()["position"])


def test_a_review_with_mixed_decisions_changes_each_goal_accordingly(client: TestClient) -> None:
    person = http_register(client, ALICE)
    keep, rest, done, stop = (
        http_goal(client, ALICE, person, statement=s) for s in ("Dance", "Rest", "Cook", "Run")
    )

    answer = review(
        client,
        person,
        [
            {"goal_id": keep, "decision": "continue", "note": "Going well"},
            {"goal_id": rest, "decision": "pause", "note": "After the move"},
            {"goal_id": done, "decision": "achieved", "note": "Cooked for four"},
            {"goal_id": stop, "decision": "discontinue", "note": "Sam chose dancing instead"},
        ],
        next_due=days(60),
    )
    assert answer.status_code == 201, answer.text
    review_id = answer.json()["id"]
    assert answer.headers["Location"] == f"/api/v1/people/{person}/review-pack"

    plan = get(client, f"/api/v1/people/{person}/care-plan")
    assert {g["statement"]: g["status"] for g in plan["goals"]} == {"Dance": "active", "Rest": "paused"}
    assert plan["next_review_due"] == days(60)

    entries = get(client, f"/api/v1/people/{person}/timeline")["entries"]
    held = next(e for e in entries if e["type"] == "ReviewHeld")
    assert held["goal_ids"] == [keep, rest, done, stop]
    assert held["data"]["review_id"] == review_id
    kinds = [e["type"] for e in entries if e["position"] > held["position"]]
    assert kinds == [
        "GoalReviewed",
        "GoalReviewed",
        "GoalPaused",
        "GoalReviewed",
        "GoalAchieved",
        "GoalReviewed",
        "GoalDiscontinued",
    ]
    for_goal = [e["type"] for e in get(client, f"/api/v1/people/{person}/timeline", goal_id=done)["entries"]]
    assert for_goal == ["GoalIdentified", "GoalReviewed", "GoalAchieved"]


@pytest.mark.parametrize(
    ("bad", "status", "names"),
    [
        ({"decision": "reopen"}, 422, "goal_decisions[1].decision"),
        ({"decision": "resume"}, 409, "goal_decisions[1]"),
        ({"decision": "resume", "goal_id": "achieved"}, 409, "goal_decisions[1]"),
        ({"decision": "discontinue"}, 422, "goal_decisions[1].note"),
        ({"decision": "achieved", "goal_id": "unknown"}, 422, "goal_decisions[1].goal_id"),
        ({"decision": "achieved", "goal_id": "other person"}, 422, "goal_decisions[1].goal_id"),
        ({"decision": "achieved", "goal_id": "same as first"}, 422, "goal_decisions"),
        ({"decision": "continue", "goal_id": "achieved"}, 409, "goal_decisions[1]"),
        ({"decision": "pause", "goal_id": "paused"}, 409, "goal_decisions[1]"),
    ],
)
def test_an_invalid_decision_anywhere_writes_nothing_and_is_named(
    client: TestClient, bad: dict[str, Any], status: int, names: str
) -> None:
    person = http_register(client, ALICE)
    first, second = http_goal(client, ALICE, person), http_goal(client, ALICE, person, statement="Cook")
    closed, paused = (
        http_goal(client, ALICE, person, statement="Done"),
        http_goal(client, ALICE, person, statement="Wait"),
    )
    client.post(f"/api/v1/goals/{closed}/achieve", headers=ALICE)
    client.post(f"/api/v1/goals/{paused}/pause", headers=ALICE)
    someone_else = http_goal(client, ALICE, http_register(client, ALICE, name="Kim"))
    goal_ids = {
        "unknown": "00000000-0000-4000-8000-000000000000",
        "other person": someone_else,
        "same as first": first,
        "achieved": closed,
        "paused": paused,
    }
    second_decision = {"goal_id": goal_ids.get(bad.get("goal_id", ""), second), "decision": bad["decision"]}
    before = position(client)

    answer = review(client, person, [{"goal_id": first, "decision": "pause", "note": "x"}, second_decision])

    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    named = [e["field"] for e in problem["errors"]] if status == 422 else [problem["detail"].split(":")[0]]
    assert named == [names]
    assert position(client) == before
    assert [g["status"] for g in get(client, f"/api/v1/people/{person}/care-plan")["goals"]][:2] == [
        "active",
        "active",
    ]


@pytest.mark.parametrize(
    ("held_on", "next_due", "field"),
    [(days(1), days(30), "held_on"), (days(-10), days(-10), "next_review_due")],
)
def test_review_dates_must_make_sense(client: TestClient, held_on: str, next_due: str, field: str) -> None:
    person = http_register(client, ALICE)
    answer = review(client, person, [], held_on=held_on, next_due=next_due)
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == [field]


def test_a_back_dated_review_takes_its_place_in_the_timeline_and_shows_when_it_was_recorded(
    client: TestClient,
) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    answer = review(
        client, person, [{"goal_id": goal, "decision": "pause", "note": "Later"}], held_on="2020-06-01"
    )
    assert answer.status_code == 201, answer.text
    entries = get(client, f"/api/v1/people/{person}/timeline")["entries"]
    assert [e["type"] for e in entries] == [
        "ReviewHeld",
        "GoalReviewed",
        "GoalPaused",
        "PersonRegistered",
        "GoalIdentified",
    ]
    held = entries[0]
    assert held["at"] == "2020-06-01T23:59:59.999999Z"
    assert held["recorded_at"].startswith(TODAY.isoformat())
    assert held["position"] > entries[-1]["position"]


def test_overdue_reviews_show_in_the_caseload_and_its_filter(client: TestClient) -> None:
    late = http_register(client, ALICE, name="Late")
    on_time = http_register(client, ALICE, name="On time")
    never = http_register(client, ALICE, name="Never reviewed")
    assert review(client, late, [], held_on=days(-100), next_due=days(-10)).status_code == 201
    assert review(client, on_time, [], next_due=days(10)).status_code == 201

    items = {p["display_name"]: p for p in get(client, "/api/v1/people")["items"]}
    assert (items["Late"]["next_review_due"], items["Late"]["review_overdue"]) == (days(-10), True)
    assert (items["On time"]["next_review_due"], items["On time"]["review_overdue"]) == (days(10), False)
    assert (items["Never reviewed"]["next_review_due"], items["Never reviewed"]["review_overdue"]) == (
        None,
        False,
    )
    assert [p["id"] for p in get(client, "/api/v1/people", review_overdue="true")["items"]] == [late]
    assert {p["id"] for p in get(client, "/api/v1/people", review_overdue="false")["items"]} == {
        on_time,
        never,
    }


def test_steps_due_soon_count_within_the_configured_window(settings: Settings, tmp_path: Path) -> None:
    with TestClient(create_app(settings)) as client:
        person = http_register(client, ALICE)
        goal = http_goal(client, ALICE, person)
        for due in (days(-1), days(3), days(14), days(20)):
            http_step(client, ALICE, goal, due=due)
        done = http_step(client, ALICE, goal, due=days(2))
        client.post(f"/api/v1/steps/{done}/complete", headers=ALICE)
        [item] = get(client, "/api/v1/people")["items"]
        assert item["steps_due_soon"] == 3, (
            "overdue, in 3 days and in 14 days; not in 20, not the completed one"
        )
    wider = Settings(
        data_dir=settings.data_dir,
        database_url=settings.database_url,
        secret_key=settings.secret_key,
        steps_due_soon_days=30,
    )
    with TestClient(create_app(wider)) as client:
        [item] = get(client, "/api/v1/people")["items"]
        assert item["steps_due_soon"] == 4


def test_the_review_pack_tells_what_to_notice_what_got_stuck_and_what_to_revisit(client: TestClient) -> None:
    person = http_register(client, ALICE)
    client.put(
        f"/api/v1/people/{person}/working-agreement",
        json={"text": "We meet fortnightly", "review_by": days(-1)},
        headers=ALICE,
    )
    dance = http_goal(client, ALICE, person, statement="Dance again")
    tired = http_goal(client, ALICE, person, statement="Not be so tired", orientation="avoidance")
    cook = http_goal(client, ALICE, person, statement="Cook for friends")
    before_review = http_step(client, ALICE, dance, description="Find a class")
    client.post(f"/api/v1/steps/{before_review}/complete", headers=ALICE)
    assert (
        review(client, person, [{"goal_id": dance, "decision": "continue", "note": "Keep going"}]).status_code
        == 201
    )

    # Since the review: a passive step turned joint and done, a reframed goal, an achieved goal,
    # a dropped step and one rescheduled twice.
    forms = http_step(client, ALICE, dance, description="Book the class", mode="passive")
    client.post(f"/api/v1/steps/{forms}/mode", json={"mode": "joint", "with_whom": ["sister"]}, headers=ALICE)
    client.post(f"/api/v1/steps/{forms}/complete", json={"note": "Booked together"}, headers=ALICE)
    client.post(
        f"/api/v1/goals/{tired}/reframe",
        json={"statement": "Have energy for what I enjoy", "orientation": "approach"},
        headers=ALICE,
    )
    walk = http_step(client, ALICE, tired, description="Morning walk", due=days(5))
    client.post(f"/api/v1/steps/{walk}/reschedule", json={"due": days(7)}, headers=ALICE)
    client.post(f"/api/v1/steps/{walk}/reschedule", json={"due": days(9)}, headers=ALICE)
    shop = http_step(client, ALICE, cook, description="Buy ingredients", mode="independent")
    client.post(f"/api/v1/steps/{shop}/drop", json={"reason": "Friends brought food"}, headers=ALICE)
    client.post(f"/api/v1/goals/{cook}/achieve", json={"note": "Cooked for four"}, headers=ALICE)

    pack = get(client, f"/api/v1/people/{person}/review-pack")
    assert pack["last_review"]["goal_decisions"][0]["decision"] == "continue"
    goals = {g["statement"]: g for g in pack["goals"]}
    assert set(goals) == {"Dance again", "Have energy for what I enjoy", "Cook for friends"}

    dance_pack = goals["Dance again"]
    assert dance_pack["decision_at_last_review"]["note"] == "Keep going"
    assert [s["description"] for s in dance_pack["steps_completed"]] == ["Book the class"]
    assert dance_pack["steps_completed"][0]["mode"] == "joint"
    [change] = dance_pack["mode_changes"]
    assert (change["from"], change["to"], change["towards_independence"]) == ("passive", "joint", True)

    [reframe] = goals["Have energy for what I enjoy"]["reframes"]
    assert (reframe["from"], reframe["to"]) == ("Not be so tired", "Have energy for what I enjoy")
    assert (reframe["from_orientation"], reframe["to_orientation"]) == ("avoidance", "approach")
    assert [(r["from"], r["to"]) for r in goals["Have energy for what I enjoy"]["steps_rescheduled"]] == [
        (days(5), days(7)),
        (days(7), days(9)),
    ]
    cook_pack = goals["Cook for friends"]
    assert cook_pack["status"] == "achieved"
    assert [(s["description"], s["reason"]) for s in cook_pack["steps_dropped"]] == [
        ("Buy ingredients", "Friends brought food")
    ]

    period = pack["period"]
    assert period["steps"]["completed"] == {"independent": 0, "joint": 1, "passive": 0}
    assert period["steps"]["dropped"] == {"independent": 1, "joint": 0, "passive": 0}
    assert period["steps"]["planned"] == {"independent": 2, "joint": 0, "passive": 1}
    assert period["goals_achieved"] == [{"id": cook, "statement": "Cook for friends"}]
    assert period["goals_identified"] == [], "all goals were identified before the last review"

    prompts = pack["prompts"]
    assert "Goal achieved: “Cook for friends”" in prompts["notice_and_reinforce"]
    assert (
        "“Book the class” went from passive to joint: the person is taking it on"
        in prompts["notice_and_reinforce"]
    )
    assert "“Morning walk” was rescheduled 2 times" in prompts["got_stuck"]
    assert prompts["talk_through"] == [
        "Step dropped towards “Cook for friends”: “Buy ingredients” (reason given: “Friends brought food”)"
    ], "dropped without a kind: neither progress nor stuck"
    assert not any("Buy ingredients" in p for p in prompts["got_stuck"])
    assert (
        "“Dance again” is linked to neither a value nor a strength "
        "(neither values nor strengths are recorded yet)" in prompts["revisit"]
    )

    agreement = pack["working_agreement"]
    assert (agreement["text"], agreement["due"], agreement["changed_in_period"]) == (
        "We meet fortnightly",
        True,
        False,
    )

    whole = get(client, f"/api/v1/people/{person}/review-pack", since="2000-01-01")
    assert [s["description"] for s in whole["goals"][0]["steps_completed"]] == [
        "Find a class",
        "Book the class",
    ]


def test_the_working_agreement_keeps_its_history(client: TestClient) -> None:
    person = http_register(client, ALICE)
    for text, review_by in (("Weekly at home", days(30)), ("Fortnightly at the library", days(60))):
        response = client.put(
            f"/api/v1/people/{person}/working-agreement",
            json={"text": text, "review_by": review_by},
            headers=ALICE,
        )
        assert response.status_code == 200
    agreement = get(client, f"/api/v1/people/{person}")["working_agreement"]
    assert (agreement["text"], agreement["review_by"]) == ("Fortnightly at the library", days(60))
    assert [(h["text"], h["review_by"]) for h in agreement["history"]] == [("Weekly at home", days(30))]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        (bearer("bob", Role.WORKER, ("south",)), 404),
        (bearer("sue", Role.SUPERVISOR, ("north",)), 403),
        (bearer("ehr", Role.INTEGRATION, ("north",)), 201),
    ],
)
def test_who_may_hold_a_review(client: TestClient, who: dict[str, str] | None, status: int) -> None:
    person = http_register(client, ALICE)
    answer = review(client, person, [], headers=who or {})
    assert answer.status_code == status, answer.text


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        (bearer("bob", Role.WORKER, ("south",)), 404),
        (bearer("sue", Role.SUPERVISOR, ("north",)), 200),
    ],
)
def test_who_may_read_the_review_pack(client: TestClient, who: dict[str, str] | None, status: int) -> None:
    person = http_register(client, ALICE)
    assert client.get(f"/api/v1/people/{person}/review-pack", headers=who or {}).status_code == status
