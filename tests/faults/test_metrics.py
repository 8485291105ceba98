"""``/metrics``: Prometheus text for requests, commands, projections and the pool, without personal data."""

from __future__ import annotations

import threading
from dataclasses import replace

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from domain.actor import Role
from interfaces.http import create_app
from interfaces.settings import Settings
from tests.conftest import bearer
from tests.journeys import GOAL

NAME = "Quentin Metricsworth"
WORDS = "I want to sing in the choir at Easter"
ADMIN = bearer("ada", Role.ADMIN, ())


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_count_requests_by_route_template_and_commands_by_outcome_without_personal_data(
    settings: Settings,
) -> None:
    with TestClient(create_app(replace(settings, metrics_token="scrape-secret-token"))) as client:
        person = client.post(
            "/api/v1/people", json={"display_name": NAME, "team_id": "north"}, headers=bearer()
        )
        person_id = person.json()["id"]
        goal = client.post(
            f"/api/v1/people/{person_id}/goals", json={**GOAL, "statement": WORDS}, headers=bearer()
        )
        goal_id = goal.json()["id"]
        assert client.post(f"/api/v1/goals/{goal_id}/resume", headers=bearer()).status_code == 409
        assert client.post("/api/v1/people", json={"team_id": "north"}, headers=bearer()).status_code == 422
        assert client.get(f"/api/v1/people/{person_id}/care-plan", headers=bearer()).status_code == 200

        stop = threading.Event()

        def load() -> None:
            while not stop.is_set():
                client.post(
                    "/api/v1/people", json={"display_name": NAME, "team_id": "north"}, headers=bearer()
                )

        writer = threading.Thread(target=load)
        writer.start()
        try:
            scrapes = [client.get("/metrics", headers=ADMIN) for _ in range(5)]
        finally:
            stop.set()
            writer.join()
        assert {scrape.status_code for scrape in scrapes} == {200}
        text = client.get("/metrics", headers={"Authorization": "Bearer scrape-secret-token"}).text

    found = samples(text)
    people = (("method", "POST"), ("route", "/api/v1/people"), ("status", "201"))
    assert found[("refocus_http_requests_total", people)] >= 1
    care_plan = (("method", "GET"), ("route", "/api/v1/people/{person_id}/care-plan"), ("status", "200"))
    assert found[("refocus_http_requests_total", care_plan)] == 1
    latency = (("le", "+Inf"), ("method", "GET"), ("route", "/api/v1/people/{person_id}/care-plan"))
    assert found[("refocus_http_request_duration_seconds_bucket", latency)] == 1
    assert found[("refocus_commands_total", (("outcome", "accepted"),))] >= 2
    assert found[("refocus_commands_total", (("outcome", "refused_by_rule"),))] == 1
    assert found[("refocus_commands_total", (("outcome", "rejected"),))] == 1
    assert ("refocus_command_conflicts_retried_total", ()) in found
    assert found[("refocus_store_up", ())] == 1
    assert found[("refocus_projection_lag", ())] >= 0
    assert found[("refocus_projection_position", ())] <= found[("refocus_projection_head", ())]
    assert found[("refocus_projection_stopped", ())] == 0
    assert ("refocus_db_pool_connections", (("state", "in_use"),)) in found
    for private in (NAME, "Quentin", WORDS, "choir", person_id, goal_id):
        assert private not in text


def test_metrics_need_the_metrics_token_or_an_admins_token(settings: Settings) -> None:
    with TestClient(create_app(replace(settings, metrics_token="scrape-secret-token"))) as client:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer not-it"}).status_code == 401
        assert client.get("/metrics", headers=bearer()).status_code == 403
        assert client.get("/metrics", headers=ADMIN).status_code == 200
        assert (
            client.get("/metrics", headers={"Authorization": "Bearer scrape-secret-token"}).status_code == 200
        )
    with TestClient(create_app(settings)) as client:  # no metrics token configured
        assert (
            client.get("/metrics", headers={"Authorization": "Bearer scrape-secret-token"}).status_code == 401
        )
