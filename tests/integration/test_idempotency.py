"""Idempotent commands over HTTP, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import pytest
from fastapi.testclient import TestClient

from application.idempotency import IdempotentRequest, idempotent
from application.journeys import CommandOutcome
from domain.actor import Role, acting_as
from interfaces.http import create_app
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import ALICE as ALICE_ACTOR
from tests.conftest import bearer
from tests.journeys import GOAL, http_goal, http_register

ALICE = bearer()


def keyed(key: str, headers: dict[str, str] = ALICE) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key}


def head(client: TestClient) -> int:
    client.get("/api/v1/people", headers=ALICE)
    return int(client.get("/health").json()["position"])


def test_a_repeated_create_answers_the_first_response_and_writes_nothing(client: TestClient) -> None:
    body = {"display_name": "Sam", "team_id": "north"}
    first = client.post("/api/v1/people", json=body, headers=keyed("register-sam-1"))
    assert first.status_code == 201, first.text
    written = head(client)

    again = client.post("/api/v1/people", json=body, headers=keyed("register-sam-1"))

    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert head(client) == written
    assert len(client.get("/api/v1/people", headers=ALICE).json()["items"]) == 1


def test_the_same_key_with_another_body_is_refused(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    assert (
        client.post(f"/api/v1/goals/{goal}/pause", json={"note": "a"}, headers=keyed("k1")).status_code == 200
    )
    written = head(client)

    reused = client.post(f"/api/v1/goals/{goal}/resume", json={"note": "a"}, headers=keyed("k1"))

    assert reused.status_code == 422
    assert [e["field"] for e in reused.json()["errors"]] == ["Idempotency-Key"]
    assert head(client) == written


def test_keys_belong_to_their_caller(client: TestClient) -> None:
    body = {"display_name": "Sam", "team_id": "north"}
    mine = client.post("/api/v1/people", json=body, headers=keyed("shared-key"))
    theirs = client.post("/api/v1/people", json=body, headers=keyed("shared-key", bearer("bob")))
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"]
    assert "Idempotent-Replayed" not in theirs.headers


def test_concurrent_retries_with_one_key_write_one_event(client: TestClient) -> None:
    person = http_register(client, ALICE)
    before = head(client)

    def send(_: int) -> Any:
        return client.post(f"/api/v1/people/{person}/goals", json=GOAL, headers=keyed("goal-once"))

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(send, range(16)))

    created = [a for a in answers if a.status_code == 201]
    in_flight = [a for a in answers if a.status_code == 409]
    assert len(created) + len(in_flight) == 16, [a.status_code for a in answers]
    assert len({a.json()["id"] for a in created}) == 1
    assert all(a.json()["rule"] == "request_in_flight" for a in in_flight)
    assert head(client) == before + 1
    assert len(client.get(f"/api/v1/people/{person}/care-plan", headers=ALICE).json()["goals"]) == 1


def test_a_failed_command_stores_no_answer_so_a_retry_runs_again(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    assert client.post(f"/api/v1/goals/{goal}/resume", headers=keyed("retry-me")).status_code == 409
    client.post(f"/api/v1/goals/{goal}/pause", headers=ALICE)
    assert client.post(f"/api/v1/goals/{goal}/resume", headers=keyed("retry-me")).status_code == 200


def test_a_malformed_key_is_refused_naming_the_header(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/people", json={"display_name": "Sam", "team_id": "north"}, headers=keyed("x" * 256)
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["Idempotency-Key"]


def test_supervisors_cannot_use_a_key_to_slip_a_write_through(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/people",
        json={"display_name": "Sam", "team_id": "north"},
        headers=keyed("sup", bearer("sue", Role.SUPERVISOR)),
    )
    assert answer.status_code == 403


@pytest.mark.parametrize(
    ("token", "status"),
    [(bearer("alice", Role.SUPERVISOR), 403), (bearer("alice", Role.WORKER, ("south",)), 403)],
    ids=["as a supervisor", "for another team"],
)
def test_a_replayed_registration_is_refused_when_the_subject_may_no_longer_register_there(
    client: TestClient, token: dict[str, str], status: int
) -> None:
    body = {"display_name": "Sam", "team_id": "north"}
    assert client.post("/api/v1/people", json=body, headers=keyed("register-once")).status_code == 201
    written = head(client)

    again = client.post("/api/v1/people", json=body, headers=keyed("register-once", token))

    assert again.status_code == status, again.text
    assert again.headers["content-type"].startswith("application/problem+json")
    assert "Idempotent-Replayed" not in again.headers
    assert "id" not in again.json()
    assert head(client) == written


@pytest.mark.parametrize(
    ("token", "status"),
    [(bearer("alice", Role.SUPERVISOR), 403), (bearer("alice", Role.WORKER, ("south",)), 404)],
    ids=["as a supervisor", "for another team"],
)
def test_a_replayed_command_is_authorized_before_its_stored_answer_is_given(
    client: TestClient, token: dict[str, str], status: int
) -> None:
    person = http_register(client, ALICE)
    created = client.post(f"/api/v1/people/{person}/goals", json=GOAL, headers=keyed("goal-1"))
    assert created.status_code == 201, created.text
    goal = created.json()["id"]
    paused = client.post(f"/api/v1/goals/{goal}/pause", json={"note": "a"}, headers=keyed("pause-1"))
    assert paused.status_code == 200, paused.text
    written = head(client)

    goal_again = client.post(f"/api/v1/people/{person}/goals", json=GOAL, headers=keyed("goal-1", token))
    pause_again = client.post(
        f"/api/v1/goals/{goal}/pause", json={"note": "a"}, headers=keyed("pause-1", token)
    )

    for again in (goal_again, pause_again):
        assert again.status_code == status, again.text
        assert "Idempotent-Replayed" not in again.headers
        assert again.headers["content-type"].startswith("application/problem+json")
    assert head(client) == written
    # The subject's own token for the team still replays.
    replayed = client.post(f"/api/v1/goals/{goal}/pause", json={"note": "a"}, headers=keyed("pause-1"))
    assert replayed.status_code == 200
    assert replayed.headers["Idempotent-Replayed"] == "true"


def test_two_processes_retrying_one_request_write_it_once(settings: Settings) -> None:
    with Runtime(settings) as first, Runtime(settings) as second:
        with acting_as(ALICE_ACTOR):
            person = first.journeys.register_person("Sam", "north").id
        barrier = Barrier(2)

        def identify(runtime: Runtime) -> CommandOutcome:
            request = IdempotentRequest("alice", "cross-process", "same-fingerprint")
            with acting_as(ALICE_ACTOR), idempotent(request):
                barrier.wait()
                return runtime.journeys.identify_goal(person, **GOAL)

        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(identify, (first, second)))

        assert outcomes[0] == outcomes[1]
        goals = [
            n
            for n in first.journeys.recorder.select_notifications(start=1, limit=100)
            if "GoalIdentified" in n.topic
        ]
        assert len(goals) == 1


def test_idempotency_keys_work_on_the_in_memory_store_too(memory_settings: Settings) -> None:
    """Found by fuzzing: on ``memory://`` a command with a key was a 500, since the library's
    in-memory factory ignores the configured recorder, which stores the keys."""
    body = {"display_name": "Sam", "team_id": "north"}
    with TestClient(create_app(memory_settings)) as client:
        first = client.post("/api/v1/people", json=body, headers=keyed("register-sam-1"))
        again = client.post("/api/v1/people", json=body, headers=keyed("register-sam-1"))
        health = client.get("/health").json()

    assert first.status_code == again.status_code == 201, first.text
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert health["store"] == "popo"
