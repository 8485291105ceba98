"""Small builders for journeys in tests: a registered person, a goal, a step."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from application.journeys import RecoveryJourneys

GOAL = {
    "statement": "I want to dance again",
    "identified_by": "person",
    "orientation": "approach",
    "life_domain": "occupational",
    "responsibility": "person",
    "in_own_words": True,
}


def register(journeys: RecoveryJourneys, team: str = "north", name: str = "Sam") -> UUID:
    return journeys.register_person(name, team).id


def identify(journeys: RecoveryJourneys, person_id: UUID, **changes: Any) -> UUID:
    return journeys.identify_goal(person_id, **{**GOAL, **changes}).id


def plan(journeys: RecoveryJourneys, goal_id: UUID, mode: str = "independent", **changes: Any) -> UUID:
    with_whom = changes.pop("with_whom", ["sister"] if mode == "joint" else [])
    return journeys.plan_step(
        goal_id, changes.pop("description", "Find a class"), mode, with_whom, **changes
    ).id


def http_register(client: TestClient, headers: dict[str, str], team: str = "north", name: str = "Sam") -> str:
    response = client.post("/api/v1/people", json={"display_name": name, "team_id": team}, headers=headers)
    assert response.status_code == 201, response.text
    person_id: str = response.json()["id"]
    return person_id


def http_goal(client: TestClient, headers: dict[str, str], person_id: str, **changes: Any) -> str:
    response = client.post(f"/api/v1/people/{person_id}/goals", json={**GOAL, **changes}, headers=headers)
    assert response.status_code == 201, response.text
    goal_id: str = response.json()["id"]
    return goal_id


def http_step(client: TestClient, headers: dict[str, str], goal_id: str, **body: Any) -> str:
    payload = {"description": "Find a class", "mode": "independent", **body}
    response = client.post(f"/api/v1/goals/{goal_id}/steps", json=payload, headers=headers)
    assert response.status_code == 201, response.text
    step_id: str = response.json()["id"]
    return step_id
