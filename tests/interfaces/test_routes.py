"""One happy path per route of the HTTP contract (docs/api.md), on a SQLite file and on PostgreSQL.

Every command is checked three ways: its status (201 + ``Location`` for creates,
200 otherwise), its body ``{id, version, position}``, and its effect as the read
models show it, down to the timeline entry written at ``position``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from interfaces.settings import Settings
from tests.conftest import bearer
from tests.journeys import http_goal, http_register, http_step

ALICE = bearer("alice", Role.WORKER, ("north",))
BOTH_TEAMS = bearer("alice", Role.WORKER, ("north", "south"))
ADMIN = bearer("ada", Role.ADMIN, ())

Json = dict[str, Any]


def command(
    client: TestClient,
    method: str,
    path: str,
    body: Json | None = None,
    *,
    headers: dict[str, str] = ALICE,
    status: int = 200,
) -> Json:
    """Send a command, check its status and the shape of its answer, return the answer."""
    response = client.request(method, path, json=body, headers=headers)
    assert response.status_code == status, response.text
    answer: Json = response.json()
    assert set(answer) == {"id", "version", "position"}
    UUID(answer["id"])
    assert isinstance(answer["version"], int)
    assert isinstance(answer["position"], int)
    assert answer["position"] > 0
    return answer


def get(client: TestClient, path: str, headers: dict[str, str] = ALICE, **params: Any) -> Json:
    response = client.get(path, headers=headers, params=params)
    assert response.status_code == 200, response.text
    body: Json = response.json()
    return body


def timeline(client: TestClient, person: str, **params: Any) -> list[Json]:
    entries: list[Json] = get(client, f"/api/v1/people/{person}/timeline", **params)["entries"]
    return entries


def assert_written(client: TestClient, person: str, answer: Json, event_type: str) -> Json:
    """The command's ``position`` is the timeline entry of the event it wrote, by alice."""
    entry = timeline(client, person)[-1]
    assert entry["position"] == answer["position"]
    assert entry["type"] == event_type
    assert entry["actor"] == {"subject": "alice", "role": "worker"}
    return entry


def contains(actual: Any, expected: Any) -> bool:
    """``actual`` has every key of ``expected`` with the same value (recursively for dicts)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and contains(actual[key], value) for key, value in expected.items()
        )
    return bool(actual == expected)


# People


def test_registering_a_person_answers_201_with_location_and_shows_them_everywhere(
    client: TestClient,
) -> None:
    response = client.post(
        "/api/v1/people",
        json={
            "display_name": "Sam Okafor",
            "team_id": "north",
            "key_worker_id": "alice",
            "external_ref": "EHR-12345",
        },
        headers=ALICE,
    )

    assert response.status_code == 201, response.text
    answer = response.json()
    assert set(answer) == {"id", "version", "position"}
    assert answer["version"] == 1
    person = answer["id"]
    assert response.headers["Location"] == f"/api/v1/people/{person}"

    profile = client.get(response.headers["Location"], headers=ALICE)
    assert profile.status_code == 200
    assert profile.headers["ETag"] == '"1"'
    assert contains(
        profile.json(),
        {
            "id": person,
            "display_name": "Sam Okafor",
            "team_id": "north",
            "key_worker_id": "alice",
            "external_ref": "EHR-12345",
            "status": "active",
            "working_agreement": None,
            "values": {},
            "declined_areas": [],
            "treatment_preferences": [],
            "narrative": [],
            "life_maps": {},
            "version": 1,
        },
    )
    caseload = get(client, "/api/v1/people")["items"]
    assert [(p["id"], p["display_name"], p["status"]) for p in caseload] == [(person, "Sam Okafor", "active")]
    entry = assert_written(client, person, answer, "PersonRegistered")
    assert entry["data"]["display_name"] == "Sam Okafor"


def test_assigning_a_key_worker_shows_in_the_profile_its_etag_and_the_caseload(client: TestClient) -> None:
    person = http_register(client, ALICE)

    answer = command(client, "POST", f"/api/v1/people/{person}/key-worker", {"worker_id": "bob"})

    assert (answer["id"], answer["version"]) == (person, 2)
    profile = client.get(f"/api/v1/people/{person}", headers=ALICE)
    assert profile.headers["ETag"] == '"2"'
    assert (profile.json()["key_worker_id"], profile.json()["version"]) == ("bob", 2)
    assert get(client, "/api/v1/people")["items"][0]["key_worker_id"] == "bob"
    entry = assert_written(client, person, answer, "KeyWorkerAssigned")
    assert entry["data"]["worker_id"] == "bob"


def test_transferring_a_person_moves_them_to_the_other_teams_caseload(client: TestClient) -> None:
    person = http_register(client, BOTH_TEAMS)

    answer = command(
        client, "POST", f"/api/v1/people/{person}/transfer", {"team_id": "south"}, headers=BOTH_TEAMS
    )

    assert (answer["id"], answer["version"]) == (person, 2)
    assert get(client, f"/api/v1/people/{person}", BOTH_TEAMS)["team_id"] == "south"
    assert get(client, "/api/v1/people", BOTH_TEAMS, team_id="north")["items"] == []
    assert [p["id"] for p in get(client, "/api/v1/people", BOTH_TEAMS, team_id="south")["items"]] == [person]
    entries = get(client, f"/api/v1/people/{person}/timeline", BOTH_TEAMS)["entries"]
    assert (entries[-1]["type"], entries[-1]["position"]) == ("PersonTransferred", answer["position"])


def test_discharging_a_person_marks_them_discharged(client: TestClient) -> None:
    person = http_register(client, ALICE)

    answer = command(client, "POST", f"/api/v1/people/{person}/discharge", {"reason": "Moved away"})

    assert (answer["id"], answer["version"]) == (person, 2)
    assert get(client, f"/api/v1/people/{person}")["status"] == "discharged"
    assert get(client, "/api/v1/people")["items"][0]["status"] == "discharged"
    assert_written(client, person, answer, "PersonDischarged")


def test_making_a_working_agreement_shows_it_in_the_profile(client: TestClient) -> None:
    person = http_register(client, ALICE)

    answer = command(
        client,
        "PUT",
        f"/api/v1/people/{person}/working-agreement",
        {"text": "We meet every two weeks at the library.", "review_by": "2027-03-01"},
    )

    assert (answer["id"], answer["version"]) == (person, 2)
    agreement = get(client, f"/api/v1/people/{person}")["working_agreement"]
    assert agreement["text"] == "We meet every two weeks at the library."
    assert agreement["review_by"] == "2027-03-01"
    assert_written(client, person, answer, "WorkingAgreementMade")


def test_the_caseload_filters_by_team_and_status(client: TestClient) -> None:
    sam = http_register(client, BOTH_TEAMS, team="north", name="Sam")
    kim = http_register(client, BOTH_TEAMS, team="north", name="Kim")
    lee = http_register(client, BOTH_TEAMS, team="south", name="Lee")
    command(client, "POST", f"/api/v1/people/{kim}/discharge", {"reason": "Moved"}, headers=BOTH_TEAMS)

    def names(**params: Any) -> list[str]:
        return [p["display_name"] for p in get(client, "/api/v1/people", BOTH_TEAMS, **params)["items"]]

    assert names() == ["Kim", "Lee", "Sam"]
    assert names(team_id="north") == ["Kim", "Sam"]
    assert names(team_id="south") == ["Lee"]
    assert names(status="active") == ["Lee", "Sam"]
    assert names(status="discharged") == ["Kim"]
    assert names(team_id="north", status="active") == ["Sam"]
    assert names(review_overdue="false") == ["Kim", "Lee", "Sam"]
    assert names(review_overdue="true") == []
    assert {p["id"] for p in get(client, "/api/v1/people", BOTH_TEAMS)["items"]} == {sam, kim, lee}


def test_a_caseload_item_counts_active_goals_and_steps_due_soon(client: TestClient) -> None:
    person = http_register(client, ALICE, name="Sam")
    goal = http_goal(client, ALICE, person)
    paused = http_goal(client, ALICE, person, statement="I want to sleep better")
    command(client, "POST", f"/api/v1/goals/{paused}/pause")
    soon = (date.today() + timedelta(days=3)).isoformat()
    later = (date.today() + timedelta(days=60)).isoformat()
    http_step(client, ALICE, goal, description="Soon", due=soon)
    http_step(client, ALICE, goal, description="Later", due=later)
    done = http_step(client, ALICE, goal, description="Done already", due=soon)
    command(client, "POST", f"/api/v1/steps/{done}/complete")

    [item] = get(client, "/api/v1/people")["items"]

    assert item["id"] == person
    assert item["active_goals"] == 1
    assert item["steps_due_soon"] == 1
    assert item["review_overdue"] is False
    assert item["last_activity_at"] == timeline(client, person)[-1]["at"]


# Goals


GOAL_BODY = {
    "statement": "I want to dance again",
    "identified_by": "person",
    "orientation": "approach",
    "life_domain": "occupational",
    "responsibility": "person",
    "in_own_words": True,
    "target_date": "2027-06-30",
}


def test_identifying_a_goal_answers_201_with_location_and_puts_it_in_the_care_plan(
    client: TestClient,
) -> None:
    person = http_register(client, ALICE)

    response = client.post(f"/api/v1/people/{person}/goals", json=GOAL_BODY, headers=ALICE)

    assert response.status_code == 201, response.text
    answer = response.json()
    assert set(answer) == {"id", "version", "position"}
    assert answer["version"] == 1
    goal = answer["id"]
    assert goal != person
    assert response.headers["Location"] == f"/api/v1/goals/{goal}"
    plan = get(client, f"/api/v1/people/{person}/care-plan")
    [shown] = plan["goals"]
    assert contains(
        shown,
        {
            "id": goal,
            "statement": "I want to dance again",
            "status": "active",
            "orientation": "approach",
            "identified_by": "person",
            "responsibility": "person",
            "life_domain": "occupational",
            "target_date": "2027-06-30",
            "steps": [],
            "progress": {"completed": 0, "total": 0},
        },
    )
    assert_written(client, person, answer, "GoalIdentified")
    assert client.get(response.headers["Location"], headers=ALICE).status_code == 200


def test_reading_a_goal_returns_it_with_its_steps_and_its_version_as_etag(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    step = http_step(client, ALICE, goal, description="Phone the studio", mode="passive")
    command(client, "POST", f"/api/v1/goals/{goal}/pause")

    response = client.get(f"/api/v1/goals/{goal}", headers=ALICE)

    assert response.status_code == 200
    assert response.headers["ETag"] == '"2"'
    body = response.json()
    assert contains(body, {"id": goal, "person_id": person, "status": "paused", "version": 2})
    assert [(s["id"], s["description"], s["mode"], s["status"]) for s in body["steps"]] == [
        (step, "Phone the studio", "passive", "planned")
    ]


GOAL_COMMANDS: list[tuple[str, str, list[str], Json | None, str, Json]] = [
    (
        "reframe",
        "POST",
        [],
        {"statement": "I want to feel fit enough to dance", "orientation": "approach"},
        "GoalReframed",
        {"statement": "I want to feel fit enough to dance", "orientation": "approach", "status": "active"},
    ),
    (
        "revise",
        "POST",
        [],
        {"statement": "I want to dance every week", "life_domain": "health", "target_date": None},
        "GoalRevised",
        {"statement": "I want to dance every week", "life_domain": "health", "target_date": None},
    ),
    (
        "grow",
        "PUT",
        [],
        {"goal": "Dance at the wedding", "reality": "Breathless", "options": "A class", "wrap_up": "Ask"},
        "GrowRecorded",
        {"grow": {"goal": "Dance at the wedding", "reality": "Breathless", "options": "A class"}},
    ),
    ("pause", "POST", [], None, "GoalPaused", {"status": "paused"}),
    ("resume", "POST", ["pause"], {"note": "Ready again"}, "GoalResumed", {"status": "active"}),
    ("achieve", "POST", [], {"note": "Danced at the wedding"}, "GoalAchieved", {"status": "achieved"}),
    (
        "discontinue",
        "POST",
        ["pause"],
        {"reason": "Other plans"},
        "GoalDiscontinued",
        {"status": "discontinued"},
    ),
]


@pytest.mark.parametrize(
    ("action", "method", "before", "body", "event_type", "expected"),
    GOAL_COMMANDS,
    ids=[f"{c[0]}-{'with' if c[3] else 'without'}-body" for c in GOAL_COMMANDS],
)
def test_a_goal_command_answers_200_and_changes_the_goal(
    client: TestClient,
    action: str,
    method: str,
    before: list[str],
    body: Json | None,
    event_type: str,
    expected: Json,
) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person, target_date="2027-06-30")
    for earlier in before:
        command(client, "POST", f"/api/v1/goals/{goal}/{earlier}")
    version_before = get(client, f"/api/v1/goals/{goal}")["version"]

    answer = command(client, method, f"/api/v1/goals/{goal}/{action}", body)

    assert answer["id"] == goal
    assert answer["version"] == version_before + 1
    response = client.get(f"/api/v1/goals/{goal}", headers=ALICE)
    assert response.headers["ETag"] == f'"{answer["version"]}"'
    shown = response.json()
    assert contains(shown, {**expected, "version": answer["version"]}), shown
    assert_written(client, person, answer, event_type)
    in_plan = [g["id"] for g in get(client, f"/api/v1/people/{person}/care-plan")["goals"]]
    assert in_plan == ([] if shown["status"] in ("achieved", "discontinued") else [goal])


def test_linking_a_goal_to_ids_that_are_not_the_persons_values_is_refused_by_name(
    client: TestClient,
) -> None:
    # Values and strengths have no route yet, so no id can be a current one: the
    # route exists, checks the ids against the person and writes nothing.
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    before = timeline(client, person)

    response = client.post(
        f"/api/v1/goals/{goal}/links", json={"value_ids": [str(uuid4())], "strength_ids": []}, headers=ALICE
    )

    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["value_ids[0]"]
    assert timeline(client, person) == before


# Steps


def test_planning_a_step_answers_201_with_location_and_shows_it_under_its_goal(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)

    response = client.post(
        f"/api/v1/goals/{goal}/steps",
        json={
            "description": "Go to the class",
            "mode": "joint",
            "with_whom": ["sister"],
            "due": "2026-12-08",
        },
        headers=ALICE,
    )

    assert response.status_code == 201, response.text
    answer = response.json()
    assert set(answer) == {"id", "version", "position"}
    assert answer["version"] == 1
    step = answer["id"]
    assert response.headers["Location"] == f"/api/v1/steps/{step}"
    expected = {
        "id": step,
        "goal_id": goal,
        "description": "Go to the class",
        "mode": "joint",
        "with_whom": ["sister"],
        "status": "planned",
        "due": "2026-12-08",
        "preference_ids": [],
        "version": 1,
    }
    [shown] = get(client, f"/api/v1/people/{person}/care-plan")["goals"]
    assert shown["steps"] == [expected]
    assert shown["progress"] == {"completed": 0, "total": 1}
    assert contains(get(client, f"/api/v1/goals/{goal}"), {"steps": [expected]})
    entry = assert_written(client, person, answer, "StepPlanned")
    assert (entry["goal_id"], entry["step_id"]) == (goal, step)


def test_reading_a_step_returns_it_with_its_version_as_etag(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    step = http_step(client, ALICE, goal, description="Walk to the shop", due="2026-12-01")
    command(client, "POST", f"/api/v1/steps/{step}/start")

    response = client.get(f"/api/v1/steps/{step}", headers=ALICE)

    assert response.status_code == 200
    assert response.headers["ETag"] == '"2"'
    assert response.json() == {
        "id": step,
        "goal_id": goal,
        "person_id": person,
        "description": "Walk to the shop",
        "mode": "independent",
        "with_whom": [],
        "status": "started",
        "due": "2026-12-01",
        "preference_ids": [],
        "version": 2,
        "dropped_kind": None,
        "conversation_id": None,
    }


STEP_COMMANDS: list[tuple[str, list[str], Json | None, str, Json]] = [
    ("start", [], {"note": "Off we go"}, "StepStarted", {"status": "started"}),
    ("complete", [], {"note": "Went well"}, "StepCompleted", {"status": "completed"}),
    ("complete", ["start"], None, "StepCompleted", {"status": "completed"}),
    ("drop", ["start"], {"reason": "The class closed"}, "StepDropped", {"status": "dropped"}),
    ("reschedule", [], {"due": "2027-01-15"}, "StepRescheduled", {"due": "2027-01-15", "status": "planned"}),
    (
        "mode",
        [],
        {"mode": "joint", "with_whom": ["support worker"]},
        "StepModeChanged",
        {"mode": "joint", "with_whom": ["support worker"]},
    ),
    ("mode", [], {"mode": "passive"}, "StepModeChanged", {"mode": "passive", "with_whom": []}),
]


@pytest.mark.parametrize(
    ("action", "before", "body", "event_type", "expected"),
    STEP_COMMANDS,
    ids=[
        f"{c[0]}-after-{'-'.join(c[1]) or 'planning'}-{'with' if c[2] else 'without'}-body"
        for c in STEP_COMMANDS
    ],
)
def test_a_step_command_answers_200_and_changes_the_step(
    client: TestClient,
    action: str,
    before: list[str],
    body: Json | None,
    event_type: str,
    expected: Json,
) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    step = http_step(client, ALICE, goal, due="2026-12-08")
    for earlier in before:
        command(client, "POST", f"/api/v1/steps/{step}/{earlier}")
    version_before = get(client, f"/api/v1/steps/{step}")["version"]

    answer = command(client, "POST", f"/api/v1/steps/{step}/{action}", body)

    assert answer["id"] == step
    assert answer["version"] == version_before + 1
    response = client.get(f"/api/v1/steps/{step}", headers=ALICE)
    assert response.headers["ETag"] == f'"{answer["version"]}"'
    assert contains(response.json(), {**expected, "version": answer["version"]}), response.json()
    [in_plan] = get(client, f"/api/v1/people/{person}/care-plan")["goals"][0]["steps"]
    assert contains(in_plan, expected)
    entry = assert_written(client, person, answer, event_type)
    assert (entry["goal_id"], entry["step_id"]) == (goal, step)


# Read models


def test_the_care_plan_shows_open_goals_with_steps_progress_and_the_four_checks(client: TestClient) -> None:
    person = http_register(client, ALICE)
    dance = http_goal(client, ALICE, person)
    sleep = http_goal(client, ALICE, person, statement="I want to sleep better", identified_by="jointly")
    done = http_goal(client, ALICE, person, statement="Cook for friends")
    walk = http_step(client, ALICE, dance, description="Walk to the studio")
    http_step(client, ALICE, dance, description="Class", mode="joint", with_whom=["sister"])
    dropped = http_step(client, ALICE, dance, description="Phone", mode="passive")
    command(client, "POST", f"/api/v1/steps/{walk}/complete")
    command(client, "POST", f"/api/v1/steps/{dropped}/drop", {"reason": "Not needed"})
    command(client, "POST", f"/api/v1/goals/{sleep}/pause")
    last = command(client, "POST", f"/api/v1/goals/{done}/achieve")

    plan = get(client, f"/api/v1/people/{person}/care-plan")

    assert plan["person_id"] == person
    assert plan["as_of"] is None
    assert plan["position"] == last["position"]
    assert plan["next_review_due"] is None
    assert [(g["id"], g["status"]) for g in plan["goals"]] == [(dance, "active"), (sleep, "paused")]
    assert plan["goals"][0]["progress"] == {"completed": 1, "total": 2}
    assert [s["status"] for s in plan["goals"][0]["steps"]] == ["completed", "planned", "dropped"]
    assert set(plan["checks"]) == {
        "personally_valued_goals",
        "reflects_values",
        "builds_on_strengths",
        "independent_or_joint_action",
    }
    for check in plan["checks"].values():
        assert isinstance(check["ok"], bool)
        assert check["detail"]
    assert plan["checks"]["personally_valued_goals"]["ok"] is True
    assert plan["checks"]["reflects_values"]["ok"] is False
    assert plan["checks"]["independent_or_joint_action"]["ok"] is True


def test_the_timeline_lists_every_event_in_order_with_actor_time_and_summary(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    step = http_step(client, ALICE, goal, description="Walk to the studio")
    command(client, "POST", f"/api/v1/steps/{step}/complete")
    command(client, "POST", f"/api/v1/people/{person}/key-worker", {"worker_id": "bob"}, headers=ADMIN)

    body = get(client, f"/api/v1/people/{person}/timeline")

    assert body["person_id"] == person
    entries = body["entries"]
    assert [e["type"] for e in entries] == [
        "PersonRegistered",
        "GoalIdentified",
        "StepPlanned",
        "StepCompleted",
        "KeyWorkerAssigned",
    ]
    positions = [e["position"] for e in entries]
    assert positions == sorted(set(positions))
    times = [datetime.fromisoformat(e["at"]) for e in entries]
    assert times == sorted(times)
    assert all(t.tzinfo is not None for t in times)
    assert [e["actor"] for e in entries] == [{"subject": "alice", "role": "worker"}] * 4 + [
        {"subject": "ada", "role": "admin"}
    ]
    assert [(e["goal_id"], e["step_id"]) for e in entries] == [
        (None, None),
        (goal, None),
        (goal, step),
        (goal, step),
        (None, None),
    ]
    assert entries[3]["summary"] == "Step completed: “Walk to the studio”"
    assert all(e["summary"] for e in entries)


def test_the_timeline_narrows_to_one_goal_and_its_steps(client: TestClient) -> None:
    person = http_register(client, ALICE)
    dance = http_goal(client, ALICE, person)
    sleep = http_goal(client, ALICE, person, statement="I want to sleep better")
    dance_step = http_step(client, ALICE, dance)
    http_step(client, ALICE, sleep)
    command(client, "POST", f"/api/v1/steps/{dance_step}/start")
    command(client, "POST", f"/api/v1/goals/{sleep}/pause")

    entries = timeline(client, person, goal_id=dance)

    assert [e["type"] for e in entries] == ["GoalIdentified", "StepPlanned", "StepStarted"]
    assert {e["goal_id"] for e in entries} == {dance}
    assert [e["type"] for e in timeline(client, person, goal_id=sleep)] == [
        "GoalIdentified",
        "StepPlanned",
        "GoalPaused",
    ]
    assert timeline(client, person, goal_id=str(uuid4())) == []


def test_the_timeline_narrows_to_a_time_window_inclusive_at_both_ends(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    step = http_step(client, ALICE, goal)
    command(client, "POST", f"/api/v1/steps/{step}/start")
    command(client, "POST", f"/api/v1/steps/{step}/complete")
    everything = timeline(client, person)
    assert len(everything) == 5
    at = [e["at"] for e in everything]
    assert len(set(at)) == 5, "each event has its own time"

    assert timeline(client, person, since=at[2]) == everything[2:]
    assert timeline(client, person, until=at[2]) == everything[:3]
    assert timeline(client, person, since=at[1], until=at[3]) == everything[1:4]
    assert timeline(client, person, since=at[4], until=at[4]) == everything[4:]
    after_all = (datetime.fromisoformat(at[4]) + timedelta(seconds=1)).isoformat()
    assert timeline(client, person, since=after_all) == []


def test_the_timeline_window_accepts_times_in_any_zone(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    http_step(client, ALICE, goal)
    everything = timeline(client, person)
    second = datetime.fromisoformat(everything[1]["at"]).astimezone(UTC)
    plus_two = second.astimezone(timezone(timedelta(hours=2))).isoformat()
    minus_five = second.astimezone(timezone(timedelta(hours=-5))).isoformat()

    assert timeline(client, person, since=plus_two) == everything[1:]
    assert timeline(client, person, until=plus_two) == everything[:2]
    assert timeline(client, person, since=minus_five, until=minus_five) == everything[1:2]


def test_health_answers_without_a_token_with_the_read_models_position(
    client: TestClient, settings: Settings
) -> None:
    person = http_register(client, ALICE)
    last = command(client, "POST", f"/api/v1/people/{person}/key-worker", {"worker_id": "bob"})
    get(client, f"/api/v1/people/{person}")  # a query catches the read models up

    response = client.get("/health")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["store"] == ("postgres" if settings.store_url.startswith("postgresql") else "sqlite")
    assert body["position"] == last["position"]
