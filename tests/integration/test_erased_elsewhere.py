"""A person erased by another process, before this one has heard of it: their data key is gone
from the store, so reading their events answers 410 Gone, never 500 and never the data."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from fastapi.testclient import TestClient

from tests.conftest import bearer
from tests.journeys import GOAL


def test_events_whose_key_another_process_destroyed_answer_gone(client: TestClient) -> None:
    headers = bearer()
    person = client.post("/api/v1/people", json={"display_name": "Ola", "team_id": "north"}, headers=headers)
    person_id = person.json()["id"]
    goal = client.post(f"/api/v1/people/{person_id}/goals", json=GOAL, headers=headers)
    assert goal.status_code == 201, goal.text
    now = datetime.now(UTC).isoformat()
    assert client.get(f"/api/v1/people/{person_id}/care-plan", headers=headers).status_code == 200

    # What erasure in another process leaves behind in the shared store: the key destroyed,
    # this process's views not yet purged.
    client.app.state.runtime.journeys.data_keys.destroy(UUID(person_id))  # type: ignore[attr-defined]

    as_of = client.get(f"/api/v1/people/{person_id}/care-plan", params={"as_of": now}, headers=headers)
    assert as_of.status_code == 410, as_of.text
    assert as_of.headers["content-type"] == "application/problem+json"
    assert "Ola" not in as_of.text
    command = client.post(f"/api/v1/people/{person_id}/goals", json=GOAL, headers=headers)
    assert command.status_code == 410, command.text
