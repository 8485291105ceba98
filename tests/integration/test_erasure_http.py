"""Erasure over HTTP, on a SQLite file and on PostgreSQL: the retention rule, 410 Gone on every
route about the erased person, the feed withheld, the views purged (a rebuild too), and the log
of every request."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from uuid import uuid4

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from domain.actor import Role
from interfaces.http import create_app
from interfaces.settings import Settings
from tests.conftest import bearer
from tests.journeys import http_goal, http_register, http_step
from tests.view_rows import view_rows
from tests.web.pages import sign_in_with_token

ALICE = bearer()
SUE = bearer("sue", Role.SUPERVISOR, ("north",))
ADMIN = bearer("ada", Role.ADMIN, ())
CANARY = "Canary-7f3e"


@pytest.fixture
def journey(client: TestClient) -> dict[str, str]:
    return seed_journey(client)


def seed_journey(client: TestClient) -> dict[str, str]:
    """A person with a goal, a step and a supervision note, each holding the canary."""
    person = http_register(client, ALICE, name=f"Sam {CANARY}")
    goal = http_goal(client, ALICE, person, statement=f"Walk to the {CANARY} cafe")
    step = http_step(client, ALICE, goal, description=f"Ask {CANARY} about the route")
    planned = client.get(f"/api/v1/steps/{step}", headers=ALICE).json()
    timeline = client.get(f"/api/v1/people/{person}/timeline", headers=ALICE).json()["entries"]
    note = client.post(
        f"/api/v1/people/{person}/supervision-notes",
        json={"position": timeline[-1]["position"], "text": f"Reflect on {CANARY}"},
        headers=SUE,
    )
    assert note.status_code == 201, note.text
    assert planned["description"].endswith("about the route")
    return {"person_id": person, "goal_id": goal, "step_id": step}


def erase(client: TestClient, person: str, reason: str, headers: dict[str, str] = ADMIN) -> Any:
    return client.post(f"/api/v1/people/{person}/erasure", json={"reason": reason}, headers=headers)


def erasure_log(client: TestClient) -> list[dict[str, Any]]:
    answer = client.get("/api/v1/erasures", headers=ADMIN)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


@pytest.mark.parametrize("reason", ["person_request", "legal_order"])
def test_erasing_an_active_record_is_refused_naming_the_rule_and_the_refusal_is_recorded(
    client: TestClient, journey: dict[str, str], reason: str
) -> None:
    person = journey["person_id"]

    refused = erase(client, person, reason)

    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["rule"] == "retention-active-record"
    assert CANARY not in refused.text
    assert client.get(f"/api/v1/people/{person}", headers=ALICE).status_code == 200
    [logged] = erasure_log(client)
    assert logged["person_id"] == person
    assert (logged["outcome"], logged["reason"], logged["rule"]) == (
        "refused",
        reason,
        "retention-active-record",
    )
    assert logged["actor"] == {"subject": "ada", "role": "admin"}


def test_a_record_discharged_within_the_retention_period_is_kept_unless_its_retention_expired(
    client: TestClient, journey: dict[str, str]
) -> None:
    person = journey["person_id"]
    discharged = client.post(f"/api/v1/people/{person}/discharge", json={"reason": "Moved"}, headers=ALICE)
    assert discharged.status_code == 200, discharged.text

    refused = erase(client, person, "person_request")
    erased = erase(client, person, "retention_expired")

    assert refused.status_code == 409
    assert refused.json()["rule"] == "retention-period"
    assert "8 years" in refused.json()["detail"]
    assert erased.status_code == 200, erased.text
    assert [(i["outcome"], i["rule"]) for i in erasure_log(client)] == [
        ("refused", "retention-period"),
        ("erased", None),
    ]


def test_a_person_request_erases_a_record_discharged_longer_ago_than_the_retention_period(
    settings: Settings,
) -> None:
    with TestClient(create_app(replace(settings, retention_years=0))) as client:
        person = http_register(client, ALICE)
        client.post(f"/api/v1/people/{person}/discharge", json={"reason": "Moved"}, headers=ALICE)

        erased = erase(client, person, "person_request")

        assert erased.status_code == 200, erased.text
        assert erased.json()["reason"] == "person_request"
        assert client.get(f"/api/v1/people/{person}", headers=ALICE).status_code == 410


@pytest.mark.parametrize("headers", [ALICE, SUE, bearer("ehr", Role.INTEGRATION, ("north",))])
def test_only_an_admin_may_erase_or_read_the_erasure_log(
    client: TestClient, journey: dict[str, str], headers: dict[str, str]
) -> None:
    assert erase(client, journey["person_id"], "recorded_in_error", headers).status_code == 403
    assert client.get("/api/v1/erasures", headers=headers).status_code == 403
    assert client.get(f"/api/v1/people/{journey['person_id']}", headers=ALICE).status_code == 200
    assert erasure_log(client) == []


def test_erasing_an_unknown_person_is_404_and_an_unknown_reason_422(client: TestClient) -> None:
    person = http_register(client, ALICE)

    assert erase(client, str(uuid4()), "recorded_in_error").status_code == 404
    unknown = erase(client, person, "because")

    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "reason"
    assert erasure_log(client) == []


def _concrete(path: str, ids: dict[str, str]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return ids.get(name, "values" if name == "kind" else str(uuid4()))

    return re.sub(r"\{([a-z_]+)(?::[a-z]+)?\}", fill, path)


def _routes_about_the_person(client: TestClient) -> Iterator[tuple[str, str, bool]]:
    """Every route of the app whose path names a person, goal or step: (method, path, is_page)."""
    for route in client.app.routes:  # type: ignore[attr-defined]
        if not isinstance(route, APIRoute):
            continue
        if not re.search(r"\{(person_id|goal_id|step_id)\}", route.path):
            continue
        for method in sorted(route.methods or ()):
            if method != "HEAD":
                yield method, route.path, not route.path.startswith("/api/")


def test_after_erasure_every_route_about_the_person_their_goals_and_steps_is_gone(
    client: TestClient, journey: dict[str, str]
) -> None:
    assert erase(client, journey["person_id"], "recorded_in_error").status_code == 200
    positions_before = client.get("/api/v1/events", headers=ALICE).json()["items"]
    routes = list(_routes_about_the_person(client))
    assert {p for _, p, page in routes if not page} >= {
        "/api/v1/people/{person_id}/erasure",
        "/api/v1/people/{person_id}/export",
        "/api/v1/people/{person_id}/replay",
        "/api/v1/people/{person_id}/care-plan/diff",
        "/api/v1/people/{person_id}/review-pack",
        "/api/v1/goals/{goal_id}",
        "/api/v1/steps/{step_id}",
    }
    assert any(page for _, _, page in routes)

    sign_in_with_token(client)
    for method, path, page in routes:
        url = _concrete(path, journey)
        params = {"as_of": "2030-01-01T00:00:00Z"} if method == "GET" else None
        headers = ADMIN if "erasure" in path else ALICE
        answer = client.request(method, url, params=params, json=None if page else {}, headers=headers)
        assert answer.status_code == 410, (method, path, answer.status_code, answer.text[:200])
        assert CANARY not in answer.text
        if not page:
            assert answer.json()["type"] == "/problems/gone"
    # The commands among them wrote nothing.
    assert client.get("/api/v1/events", headers=ALICE).json()["items"] == positions_before


def test_the_feed_lists_the_erased_persons_events_with_the_data_withheld(
    client: TestClient, journey: dict[str, str]
) -> None:
    before = client.get("/api/v1/events", headers=ALICE).json()["items"]

    assert erase(client, journey["person_id"], "recorded_in_error").status_code == 200
    after = client.get("/api/v1/events", headers=ALICE)

    assert after.status_code == 200
    items = after.json()["items"]
    assert [(i["position"], i["type"], i["aggregate_id"]) for i in items] == [
        (i["position"], i["type"], i["aggregate_id"]) for i in before
    ]
    assert all(i["data"] is None for i in items)
    assert CANARY not in after.text


def _view_rows(client: TestClient) -> str:
    return repr(view_rows(client.app.state.runtime))  # type: ignore[attr-defined]


def test_erasure_purges_every_view_and_a_rebuild_keeps_the_person_gone(
    client: TestClient, journey: dict[str, str]
) -> None:
    other = http_register(client, ALICE, name="Robin")
    assert CANARY in _view_rows(client)

    assert erase(client, journey["person_id"], "recorded_in_error").status_code == 200
    assert CANARY not in _view_rows(client)
    feed = client.get("/api/v1/events", headers=ALICE).json()["items"]
    assert [i["data"] is None for i in feed] == [True, True, True, False]
    assert [i.get("withheld") for i in feed] == [True, True, True, None]
    client.app.state.runtime.projector.rebuild()  # type: ignore[attr-defined]

    assert CANARY not in _view_rows(client)
    assert client.get(f"/api/v1/people/{journey['person_id']}", headers=ALICE).status_code == 410
    assert client.get(f"/api/v1/goals/{journey['goal_id']}", headers=ALICE).status_code == 410
    caseload = client.get("/api/v1/people", headers=ALICE).json()["items"]
    assert [p["id"] for p in caseload] == [other]
    # A rebuild cannot read the erased person's events at all (their key is gone): their
    # positions leave the feed, as gaps, which the feed's positions may always have.
    feed = client.get("/api/v1/events", headers=ALICE).json()["items"]
    assert [i["data"] is None for i in feed] == [False]
    assert [i["outcome"] for i in erasure_log(client)] == ["erased"]


def test_a_second_erasure_is_gone_and_records_nothing(client: TestClient, journey: dict[str, str]) -> None:
    assert erase(client, journey["person_id"], "recorded_in_error").status_code == 200

    again = erase(client, journey["person_id"], "recorded_in_error")

    assert again.status_code == 410
    assert len(erasure_log(client)) == 1


def test_an_erasure_repeated_with_its_idempotency_key_answers_as_the_first_and_records_nothing(
    client: TestClient, journey: dict[str, str]
) -> None:
    keyed = {**ADMIN, "Idempotency-Key": "erase-sam-1"}
    first = erase(client, journey["person_id"], "recorded_in_error", keyed)
    assert first.status_code == 200, first.text

    again = erase(client, journey["person_id"], "recorded_in_error", keyed)

    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    another_key = erase(
        client, journey["person_id"], "recorded_in_error", {**ADMIN, "Idempotency-Key": "other"}
    )
    assert another_key.status_code == 410, another_key.text
    assert [i["outcome"] for i in erasure_log(client)] == ["erased"]


def test_a_refusal_repeated_with_its_idempotency_key_is_refused_again_and_recorded_once(
    client: TestClient, journey: dict[str, str]
) -> None:
    keyed = {**ADMIN, "Idempotency-Key": "erase-sam-2"}
    first = erase(client, journey["person_id"], "person_request", keyed)
    again = erase(client, journey["person_id"], "person_request", keyed)
    unkeyed = erase(client, journey["person_id"], "person_request")

    assert [r.status_code for r in (first, again, unkeyed)] == [409, 409, 409]
    assert again.json()["rule"] == first.json()["rule"] == "retention-active-record"
    assert again.json()["detail"] == first.json()["detail"]
    # The repeat recorded nothing; a new request (no key) is a new refusal.
    assert [i["outcome"] for i in erasure_log(client)] == ["refused", "refused"]


def test_an_idempotency_key_used_for_another_erasure_request_is_refused_and_records_nothing(
    client: TestClient, journey: dict[str, str]
) -> None:
    keyed = {**ADMIN, "Idempotency-Key": "erase-sam-3"}
    assert erase(client, journey["person_id"], "person_request", keyed).status_code == 409

    other = erase(client, journey["person_id"], "recorded_in_error", keyed)

    assert other.status_code == 422, other.text
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert client.get(f"/api/v1/people/{journey['person_id']}", headers=ALICE).status_code == 200
    assert [i["outcome"] for i in erasure_log(client)] == ["refused"]
