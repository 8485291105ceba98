"""Dropped steps by kind, over HTTP on a SQLite file and on PostgreSQL.

The manual's review (5.4 "Reviewing progress") notices and reinforces progress,
problem-solves difficulties and revisits the plan: a step done another way is
progress, one not working got stuck, one no longer wanted is a plan to revisit,
and one whose kind was not said (or dropped before kinds were recorded) is
listed to talk through, judged neither way.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any
from uuid import UUID, uuid4

from fastapi.testclient import TestClient

from tests.conftest import bearer
from tests.journeys import http_goal, http_register, http_step

ALICE = bearer()


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params, headers=ALICE)
    assert response.status_code == 200, response.text
    return response.json()


def drop(client: TestClient, step: str, reason: str, kind: str | None = None) -> Any:
    body = {"reason": reason} | ({"kind": kind} if kind else {})
    return client.post(f"/api/v1/steps/{step}/drop", json=body, headers=ALICE)


def create(client: TestClient, path: str, body: dict[str, Any]) -> str:
    response = client.post(path, json=body, headers=ALICE)
    assert response.status_code == 201, response.text
    created: str = response.json()["id"]
    return created


def insert_as_stored_before_kinds(client: TestClient, step: str) -> UUID:
    """A copy of ``step``'s events under a new id, its drop stored as it was before drops had a
    kind (a stored state holds no originator id, so the copy is a step of its own)."""
    recorder = client.app.state.runtime.journeys.recorder  # type: ignore[attr-defined]
    stored = recorder.select_events(UUID(step))
    assert stored[-1].topic == "domain.step:Step.StepDropped"
    old_drop = json.loads(client.app.state.runtime.journeys.mapper.open(stored[-1].state))  # type: ignore[attr-defined]
    del old_drop["kind"]
    old_id = uuid4()
    copies = [replace(event, originator_id=old_id) for event in stored]
    copies[-1] = replace(copies[-1], state=json.dumps(old_drop, separators=(",", ":")).encode())
    recorder.insert_events(copies)
    return old_id


def test_the_review_pack_files_each_dropped_step_by_its_kind(client: TestClient) -> None:
    person = http_register(client, ALICE)
    value = create(
        client,
        f"/api/v1/people/{person}/values",
        {
            "area": "social_roles",
            "statement": "Dancing with others",
            "in_own_words": True,
            "approach": "narrative",
        },
    )
    strength = create(
        client,
        f"/api/v1/people/{person}/strengths",
        {
            "domain": "social_supports",
            "column": "current",
            "resource": "external",
            "statement": "My sister",
            "in_own_words": True,
        },
    )
    goal = http_goal(
        client, ALICE, person, statement="Dance again", value_ids=[value], strength_ids=[strength]
    )
    phoned = http_step(client, ALICE, goal, description="Key worker to phone the studio", mode="passive")
    assert client.post(f"/api/v1/steps/{phoned}/complete", headers=ALICE).status_code == 200
    online = http_step(client, ALICE, goal, description="Find a class online")
    centre = http_step(
        client, ALICE, goal, description="Ask at the community centre", mode="joint", with_whom=["sister"]
    )
    taster = http_step(
        client, ALICE, goal, description="Key worker to book the taster session", mode="passive"
    )
    shoes = http_step(client, ALICE, goal, description="Buy dance shoes")
    watch = http_step(client, ALICE, goal, description="Watch a class first")
    assert drop(client, online, "My sister found one", "done_another_way").status_code == 200
    assert drop(client, centre, "Closed on weekdays", "not_working").status_code == 200
    assert drop(client, taster, "Sam would rather go alone", "no_longer_wanted").status_code == 200
    assert drop(client, shoes, "Borrowed a pair").status_code == 200
    assert drop(client, watch, "Too far to travel", "not_working").status_code == 200
    old = str(insert_as_stored_before_kinds(client, watch))

    pack = get(client, f"/api/v1/people/{person}/review-pack")

    [dance] = pack["goals"]
    assert [(s["id"], s["kind"]) for s in dance["steps_dropped"]] == [
        (online, "done_another_way"),
        (centre, "not_working"),
        (taster, "no_longer_wanted"),
        (shoes, "other"),
        (watch, "not_working"),
        (old, "other"),
    ]
    assert {kind: [s["id"] for s in steps] for kind, steps in dance["steps_dropped_by_kind"].items()} == {
        "done_another_way": [online],
        "no_longer_wanted": [taster],
        "not_working": [centre, watch],
        "other": [shoes, old],
    }
    assert pack["period"]["steps_dropped_by_kind"] == {
        "done_another_way": 1,
        "no_longer_wanted": 1,
        "not_working": 2,
        "other": 2,
    }
    assert pack["period"]["steps"]["dropped"] == {"independent": 4, "joint": 1, "passive": 1}
    assert pack["prompts"] == {
        "notice_and_reinforce": [
            "Step completed for the person towards “Dance again”: “Key worker to phone the studio”",
            "Step done another way towards “Dance again”: “Find a class online”",
        ],
        "got_stuck": [
            "Step dropped as not working towards “Dance again”: “Ask at the community centre”",
            "Step dropped as not working towards “Dance again”: “Watch a class first”",
        ],
        "revisit": [
            "“Key worker to book the taster session” is no longer wanted: "
            "revisit the plan for “Dance again” with the person",
        ],
        "talk_through": [
            "Step dropped towards “Dance again”: “Buy dance shoes” (reason given: “Borrowed a pair”)",
            "Step dropped towards “Dance again”: “Watch a class first” (reason given: “Too far to travel”)",
        ],
    }


def test_a_step_and_its_timeline_show_the_kind_it_was_dropped_as(client: TestClient) -> None:
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    online = http_step(client, ALICE, goal, description="Find a class online")
    shoes = http_step(client, ALICE, goal, description="Buy dance shoes")
    still_open = http_step(client, ALICE, goal, description="Ask at the community centre")
    drop(client, online, "My sister found one", "done_another_way")
    drop(client, shoes, "Borrowed a pair")
    old = str(insert_as_stored_before_kinds(client, online))

    kinds = {
        step: get(client, f"/api/v1/steps/{step}")["dropped_kind"]
        for step in (online, shoes, still_open, old)
    }
    assert kinds == {online: "done_another_way", shoes: "other", still_open: None, old: "other"}
    drops = [
        e for e in get(client, f"/api/v1/people/{person}/timeline")["entries"] if e["type"] == "StepDropped"
    ]
    assert [(e["step_id"], e["summary"], e["data"]["kind"]) for e in drops] == [
        (online, "Step dropped (done another way): “Find a class online”", "done_another_way"),
        (old, "Step dropped (for another reason): “Find a class online”", "other"),
        (shoes, "Step dropped (for another reason): “Buy dance shoes”", "other"),
    ]
    feed = [i for i in get(client, "/api/v1/events", limit=500)["items"] if i["type"] == "StepDropped"]
    assert {(i["aggregate_id"], i["data"]["kind"]) for i in feed} == {
        (online, "done_another_way"),
        (shoes, "other"),
        (old, "other"),
    }


def test_a_drop_of_an_unknown_kind_is_refused_naming_the_field_and_writes_nothing(client: TestClient) -> None:
    person = http_register(client, ALICE)
    step = http_step(client, ALICE, http_goal(client, ALICE, person))

    answer = drop(client, step, "Gave up", "gave_up")

    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in answer.json()["errors"]] == ["kind"]
    assert get(client, f"/api/v1/steps/{step}")["status"] == "planned"
