"""``REFOCUS_LOG_FORMAT=json``: a real server's log lines are JSON with request ids, and hold no
body, no person's words and no ids of people (route templates, not paths)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from interfaces.settings import Settings
from tests.conftest import SECRET, bearer
from tests.journeys import GOAL
from tests.processes import free_port, refocus_process, wait_until_serving

NAME = "Sam Logless-Private"
WORDS = "I want to walk the coast path with my brother"


@pytest.mark.slow
def test_json_logs_carry_request_ids_and_routes_but_never_bodies_words_or_ids(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    env = {
        "REFOCUS_DATA_DIR": str(tmp_path / "data"),
        "REFOCUS_SECRET_KEY": SECRET,
        "REFOCUS_LOG_FORMAT": "json",
        "REFOCUS_ACCESS_LOG": "1",
    }
    base = f"http://127.0.0.1:{port}"
    with refocus_process(["serve", "--port", str(port)], env, log) as server:
        wait_until_serving(base, server, log)
        with httpx.Client(base_url=base, headers=bearer(), timeout=10) as client:
            person = client.post("/api/v1/people", json={"display_name": NAME, "team_id": "north"})
            person_id = person.json()["id"]
            goal = client.post(f"/api/v1/people/{person_id}/goals", json={**GOAL, "statement": WORDS})
            assert goal.status_code == 201
            refused = client.post(
                "/api/v1/people", json={"display_name": WORDS}, headers={"X-Request-Id": "abc-123"}
            )
            assert refused.status_code == 422
            assert refused.headers["x-request-id"] == "abc-123"
            marked = client.get(
                f"/api/v1/people/{person_id}/care-plan", headers={"X-Request-Id": "has space"}
            )
            assert marked.headers["x-request-id"] != "has space"  # not an id: a new one is made
            # One id per request: the log lines' and the access record's are the same.
            assert len(marked.headers.get_list("x-request-id")) == 1
            records = client.get(f"/api/v1/people/{person_id}/access-log").json()["items"]
            care_plan_reads = [r for r in records if r["view"] == "/api/v1/people/{person_id}/care-plan"]
            assert [r["request_id"] for r in care_plan_reads] == [marked.headers["x-request-id"]]
    text = log.read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    requests = [line for line in lines if line["message"] == "request"]
    assert [(r["method"], r["route"], r["status"]) for r in requests if r["route"] != "/health"] == [
        ("POST", "/api/v1/people", 201),
        ("POST", "/api/v1/people/{person_id}/goals", 201),
        ("POST", "/api/v1/people", 422),
        ("GET", "/api/v1/people/{person_id}/care-plan", 200),
        ("GET", "/api/v1/people/{person_id}/access-log", 200),
    ]
    assert all(r["request_id"] for r in requests)
    assert "abc-123" in {r["request_id"] for r in requests}
    assert any(line["logger"].startswith("uvicorn") and "request_id" not in line for line in lines)
    for private in (NAME, "Logless", WORDS, "coast path", person_id, goal.json()["id"]):
        assert private not in text


def test_the_log_format_is_text_or_json_and_names_itself_when_malformed() -> None:
    assert Settings.from_env({}).log_format == "text"
    assert Settings.from_env({"REFOCUS_LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(ValueError, match="REFOCUS_LOG_FORMAT"):
        Settings.from_env({"REFOCUS_LOG_FORMAT": "xml"})
