"""A whole journey over HTTP, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from interfaces.http import create_app
from interfaces.settings import Settings
from tests.conftest import bearer
from tests.journeys import http_goal, http_register, http_step


def test_a_journey_from_registration_to_care_plan_timeline_and_caseload(client: TestClient) -> None:
    alice = bearer()
    person = http_register(client, alice, name="Sam Okafor")
    goal = http_goal(client, alice, person)
    walk = http_step(client, alice, goal, description="Walk to the studio", mode="independent")
    klass = http_step(client, alice, goal, description="Beginners' class", mode="joint", with_whom=["sister"])
    forms = http_step(client, alice, goal, description="Phone the studio", mode="passive")

    assert client.post(f"/api/v1/steps/{walk}/start", headers=alice).status_code == 200
    assert (
        client.post(f"/api/v1/steps/{walk}/complete", json={"note": "done"}, headers=alice).status_code == 200
    )
    dropped = client.post(f"/api/v1/steps/{forms}/drop", json={"reason": "not needed"}, headers=alice)
    assert dropped.status_code == 200

    plan = client.get(f"/api/v1/people/{person}/care-plan", headers=alice).json()
    assert [g["id"] for g in plan["goals"]] == [goal]
    steps = {s["id"]: s for s in plan["goals"][0]["steps"]}
    assert steps[walk]["status"] == "completed"
    assert steps[klass]["status"] == "planned"
    assert steps[klass]["with_whom"] == ["sister"]
    assert steps[forms]["status"] == "dropped"
    assert plan["goals"][0]["progress"] == {"completed": 1, "total": 2}
    assert plan["checks"]["personally_valued_goals"]["ok"] is True
    assert plan["checks"]["independent_or_joint_action"]["ok"] is True
    assert plan["checks"]["reflects_values"]["ok"] is False

    timeline = client.get(f"/api/v1/people/{person}/timeline", headers=alice).json()
    types = [e["type"] for e in timeline["entries"]]
    assert types == [
        "PersonRegistered",
        "GoalIdentified",
        "StepPlanned",
        "StepPlanned",
        "StepPlanned",
        "StepStarted",
        "StepCompleted",
        "StepDropped",
    ]
    positions = [e["position"] for e in timeline["entries"]]
    assert positions == sorted(positions)
    assert all(e["actor"] == {"subject": "alice", "role": "worker"} for e in timeline["entries"])
    assert timeline["entries"][-2]["summary"] == "Step completed: “Walk to the studio”"

    caseload = client.get("/api/v1/people", headers=alice).json()["items"]
    assert [(p["id"], p["display_name"], p["active_goals"]) for p in caseload] == [(person, "Sam Okafor", 1)]


def test_nothing_is_lost_when_the_server_restarts(settings: Settings) -> None:
    alice = bearer()
    with TestClient(create_app(settings)) as first:
        person = http_register(first, alice)
        goal = http_goal(first, alice, person)
        step = http_step(first, alice, goal)
        first.post(f"/api/v1/steps/{step}/complete", headers=alice)
        before = first.get(f"/api/v1/people/{person}/care-plan", headers=alice).json()

    with TestClient(create_app(settings)) as second:
        after = second.get(f"/api/v1/people/{person}/care-plan", headers=alice).json()
        assert after == before
        assert second.post(f"/api/v1/goals/{goal}/achieve", headers=alice).status_code == 200
        timeline = second.get(f"/api/v1/people/{person}/timeline", headers=alice).json()["entries"]
        assert [e["type"] for e in timeline][-2:] == ["StepCompleted", "GoalAchieved"]


def test_a_second_process_reads_its_writes_with_min_position(settings: Settings) -> None:
    alice = bearer()
    with TestClient(create_app(settings)) as writer, TestClient(create_app(settings)) as reader:
        person = http_register(writer, alice)
        goal = writer.post(
            f"/api/v1/people/{person}/goals",
            json={
                "statement": "Cook for friends",
                "identified_by": "person",
                "orientation": "approach",
                "life_domain": "social_supports",
                "responsibility": "person",
                "in_own_words": True,
            },
            headers=alice,
        ).json()
        plan = reader.get(
            f"/api/v1/people/{person}/care-plan", params={"min_position": goal["position"]}, headers=alice
        ).json()
        assert [g["statement"] for g in plan["goals"]] == ["Cook for friends"]
        assert plan["position"] >= goal["position"]
