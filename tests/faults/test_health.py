"""``/health``, ``/health/live`` and ``/health/ready`` on a store that answers: no token, no personal data."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from domain.actor import acting_as
from interfaces.http import create_app
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import ALICE, bearer
from tests.journeys import register


def test_live_and_ready_answer_without_a_token_with_positions_and_no_error(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        written = client.post(
            "/api/v1/people", json={"display_name": "Sam", "team_id": "north"}, headers=bearer()
        )
        assert written.status_code == 201
        assert client.get("/health/live").json() == {"status": "live"}
        inline = client.get("/health/ready")
        # Inline, the next query catches the views up: a lag is reported, not judged.
        assert (inline.status_code, inline.json()["projections"]["lag"]) == (200, 1)
        assert client.get("/api/v1/people", headers=bearer()).status_code == 200
        ready = client.get("/health/ready")
        assert ready.status_code == 200
        body = ready.json()
        assert body["status"] == "ready" and body["reasons"] == []
        expected_kind = "sqlite" if settings.store_url.startswith("sqlite") else "postgres"
        assert body["store"] == {"kind": expected_kind, "status": "ok"}
        projections = body["projections"]
        assert projections["position"] == projections["head"] == 1
        assert (projections["lag"], projections["stopped_at"], body["last_error"]) == (0, None, None)
        assert client.get("/health").json()["position"] == 1
        assert "Sam" not in ready.text


def test_ready_is_503_while_the_worker_kept_views_are_further_behind_than_the_bound(
    settings: Settings,
) -> None:
    behind = replace(settings, projections="worker", ready_max_lag=2)
    with Runtime(behind) as writer, acting_as(ALICE):
        for name in ("A", "B", "C"):
            register(writer.journeys, name=name)
    with TestClient(create_app(behind)) as client:
        ready = client.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["projections"]["lag"] == 3
        assert ready.json()["reasons"] == ["the views are 3 events behind (bound 2)"]
        assert client.get("/health").status_code == 200  # the store answers: /health stays as it was
        with Runtime(behind) as worker:
            worker.projector.catch_up()
        assert client.get("/health/ready").status_code == 200


def test_the_readiness_lag_bound_is_a_whole_number_of_events() -> None:
    assert Settings.from_env({}).ready_max_lag == 1000
    assert Settings.from_env({"REFOCUS_READY_MAX_LAG": "50"}).ready_max_lag == 50
    with pytest.raises(ValueError, match="REFOCUS_READY_MAX_LAG"):
        Settings.from_env({"REFOCUS_READY_MAX_LAG": "lots"})
