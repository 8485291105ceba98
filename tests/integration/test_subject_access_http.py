"""Subject access over HTTP, on a SQLite file and on PostgreSQL: everything held about a person in
one document, and who may ask for it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from tests.conftest import bearer
from tests.integration.test_erasure_http import ADMIN, ALICE, CANARY, SUE, erase, seed_journey
from tests.journeys import http_register

BOB_SOUTH = bearer("bob", Role.WORKER, ("south",))
EHR = bearer("ehr", Role.INTEGRATION, ("north",))


@pytest.fixture
def journey(client: TestClient) -> dict[str, str]:
    return seed_journey(client)


def export(client: TestClient, person: str, headers: dict[str, str] = ALICE) -> Any:
    return client.get(f"/api/v1/people/{person}/export", headers=headers)


def test_the_export_holds_every_event_of_the_person_in_order_with_actor_and_time(
    client: TestClient, journey: dict[str, str]
) -> None:
    person = journey["person_id"]
    client.post(f"/api/v1/steps/{journey['step_id']}/start", json={}, headers=ALICE)
    other = http_register(client, ALICE, name="Robin")
    feed = client.get("/api/v1/events", headers=ALICE).json()["items"]

    answer = export(client, person)

    assert answer.status_code == 200, answer.text
    document = answer.json()
    events = document["events"]
    theirs = [i for i in feed if i["person_id"] == person]
    assert [(e["position"], e["type"], e["aggregate_id"]) for e in events] == [
        (i["position"], i["type"], i["aggregate_id"]) for i in theirs
    ]
    assert [e["type"] for e in events] == ["PersonRegistered", "GoalIdentified", "StepPlanned", "StepStarted"]
    assert [e["data"] for e in events] == [i["data"] for i in theirs]
    assert all(e["actor"] == {"subject": "alice", "role": "worker"} and e["at"] for e in events)
    assert document["position"] == events[-1]["position"]
    assert other not in answer.text
    views = document["views"]
    assert views["profile"]["display_name"] == f"Sam {CANARY}"
    assert [g["id"] for g in views["care_plan"]["goals"]] == [journey["goal_id"]]
    assert set(views) == {"profile", "care_plan", "conversations", "strengths_worksheet"}


def test_supervision_notes_are_in_the_export_marked_as_such(
    client: TestClient, journey: dict[str, str]
) -> None:
    answer = export(client, journey["person_id"], SUE)

    assert answer.status_code == 200, answer.text
    [note] = answer.json()["supervision_notes"]
    assert note["kind"] == "supervision_note"
    assert note["text"] == f"Reflect on {CANARY}"
    assert note["author"] == {"subject": "sue", "role": "supervisor"}
    pinned_to = [e for e in answer.json()["events"] if e["position"] == note["position"]]
    assert [e["type"] for e in pinned_to] == ["StepPlanned"]
    assert all(e["type"] != "SupervisionNoteAdded" for e in answer.json()["events"])


def test_refused_erasures_are_in_the_export(client: TestClient, journey: dict[str, str]) -> None:
    assert erase(client, journey["person_id"], "person_request").status_code == 409

    requests = export(client, journey["person_id"], ADMIN).json()["erasure_requests"]

    assert [(r["outcome"], r["reason"], r["rule"]) for r in requests] == [
        ("refused", "person_request", "retention-active-record")
    ]


def test_the_export_says_who_has_read_the_persons_data_its_own_read_last(
    client: TestClient, journey: dict[str, str]
) -> None:
    person = journey["person_id"]
    assert client.get(f"/api/v1/people/{person}/care-plan", headers=SUE).status_code == 200

    reads = export(client, person, ADMIN).json()["access_log"]

    assert [(r["subject"], r["role"], r["view"]) for r in reads[-2:]] == [
        ("sue", "supervisor", "/api/v1/people/{person_id}/care-plan"),
        ("ada", "admin", "/api/v1/people/{person_id}/export"),
    ]
    assert [r["seq"] for r in reads] == sorted(r["seq"] for r in reads)
    assert reads == client.get(f"/api/v1/people/{person}/access-log", headers=ADMIN).json()["items"][:-1]


@pytest.mark.parametrize(
    ("headers", "status"), [(ALICE, 200), (SUE, 200), (ADMIN, 200), (BOB_SOUTH, 404), (EHR, 403)]
)
def test_the_persons_team_and_admins_may_export_other_systems_may_not(
    client: TestClient, journey: dict[str, str], headers: dict[str, str], status: int
) -> None:
    answer = export(client, journey["person_id"], headers)

    assert answer.status_code == status, answer.text
    if status != 200:
        assert CANARY not in answer.text


def test_an_erased_person_has_no_export(client: TestClient, journey: dict[str, str]) -> None:
    assert erase(client, journey["person_id"], "recorded_in_error").status_code == 200

    answer = export(client, journey["person_id"], ADMIN)

    assert answer.status_code == 410
    assert CANARY not in answer.text
