"""The four checks over HTTP on a hand-built journey, on a SQLite file and on PostgreSQL.

Ayo's plan starts with a goal the service needs (a crisis plan), then the values conversation,
a goal of Ayo's own, steps, a treatment preference linked, withdrawn, and a pause. The right
answer at each point is worked out from the manual (end of chapter 5, a-d; 5.3 principles 2,
4 and 6): service goals are apart and never counted; values and treatment preferences are
answered apart; passive steps are done for the person; a pause the person chose is respected.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import bearer
from tests.journeys import http_goal, http_register, http_step

ALICE = bearer()
SING = "Sing in a choir again"
CRISIS = "Keep to the crisis plan"


def post(
    client: TestClient, path: str, body: dict[str, Any] | None = None, status: int = 200
) -> dict[str, Any]:
    response = client.post(path, json=body, headers=ALICE)
    assert response.status_code == status, response.text
    answer: dict[str, Any] = response.json()
    return answer


def plan(client: TestClient, person: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/people/{person}/care-plan", headers=ALICE)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def outcomes(care_plan: dict[str, Any]) -> dict[str, str]:
    return {name: check["outcome"] for name, check in care_plan["checks"].items()}


def test_a_person_with_only_service_goals_is_asked_what_they_want_and_nothing_is_counted(
    client: TestClient,
) -> None:
    ayo = http_register(client, ALICE, name="Ayo")
    crisis = http_goal(client, ALICE, ayo, statement=CRISIS, identified_by="service", in_own_words=False)
    http_step(client, ALICE, crisis, mode="passive", description="Key worker reviews the crisis plan")

    care_plan = plan(client, ayo)

    assert care_plan["goals"] == []
    assert [g["statement"] for g in care_plan["service_goals"]] == [CRISIS]
    checks = care_plan["checks"]
    assert outcomes(care_plan) == {
        "personally_valued_goals": "not_met",
        "reflects_values": "not_applicable",
        "builds_on_strengths": "not_applicable",
        "independent_or_joint_action": "not_applicable",
    }
    assert checks["personally_valued_goals"]["detail"] == (
        "The plan holds only 1 service goal (kept apart, not counted here): "
        "ask what the person wants to work towards."
    )
    assert all("No goals" not in check["detail"] for check in checks.values())
    assert checks["independent_or_joint_action"]["counts"] == {"independent": 0, "joint": 0, "passive": 0}
    assert checks["reflects_values"]["values"]["detail"] == (
        "No values explored yet: start with the values conversation (working practice 1)."
    )


def test_ayos_plan_is_judged_as_the_manual_would_at_each_turn(client: TestClient) -> None:
    ayo = http_register(client, ALICE, name="Ayo")
    base = f"/api/v1/people/{ayo}"
    crisis = http_goal(client, ALICE, ayo, statement=CRISIS, identified_by="service", in_own_words=False)
    http_step(client, ALICE, crisis, mode="passive", description="Key worker reviews the crisis plan")
    music = post(
        client,
        f"{base}/values",
        {
            "area": "other_identity",
            "statement": "Music is who I am",
            "in_own_words": True,
            "approach": "narrative",
        },
        201,
    )["id"]
    pace = post(
        client,
        f"{base}/treatment-preferences",
        {
            "statement": "Short meetings, at my own pace",
            "area": "treatment_preferences",
            "in_own_words": True,
        },
        201,
    )["id"]
    sing = http_goal(client, ALICE, ayo, statement=SING, identified_by="person", value_ids=[music])

    # (b) The value is linked; the preference is recorded but shapes nothing yet.
    reflects = plan(client, ayo)["checks"]["reflects_values"]
    assert (reflects["outcome"], reflects["values"]["outcome"], reflects["preferences"]["outcome"]) == (
        "not_met",
        "met",
        "not_met",
    )
    assert reflects["preferences"] == {
        "outcome": "not_met",
        "detail": "The person's treatment preference is linked to neither a goal nor a step: agree with the "
        f"person how it shapes the work towards “{SING}”, and link it.",
        "counts": {"goals": 1, "linked": 0, "recorded": 1},
    }
    # (d) An active goal of Ayo's with no step: a first step, alone or with others.
    action = plan(client, ayo)["checks"]["independent_or_joint_action"]
    assert action["detail"] == (
        f"No open steps yet: agree a first step the person takes alone or with others towards “{SING}”."
    )

    find = http_step(client, ALICE, sing, mode="independent", description="Find a choir")
    http_step(client, ALICE, sing, mode="passive", description="Key worker phones the choir leader")
    http_step(client, ALICE, sing, mode="joint", with_whom=["sister"], description="Go to a rehearsal")
    post(client, f"/api/v1/steps/{find}/links", {"preference_ids": [pace]})

    care_plan = plan(client, ayo)
    assert [g["statement"] for g in care_plan["goals"]] == [SING]
    assert care_plan["goals"][0]["steps"][0]["preference_ids"] == [pace]
    reflects = care_plan["checks"]["reflects_values"]
    assert (reflects["outcome"], reflects["preferences"]["counts"]) == (
        "met",
        {"goals": 1, "linked": 1, "recorded": 1},
    )
    assert reflects["detail"] == (
        "The goal is linked to a value of the person. The person's treatment preference shapes the goal."
    )
    # (d) 1 independent, 1 joint, 1 passive: most are Ayo's or shared; the service goal's
    # passive step is not counted; the passive step is still named to move on.
    action = care_plan["checks"]["independent_or_joint_action"]
    assert (action["outcome"], action["counts"]) == ("met", {"independent": 1, "joint": 1, "passive": 1})
    assert action["detail"] == (
        "Of 3 open steps, 1 independent, 1 joint and 1 passive: most are the person's alone or shared. "
        "1 passive step (“Key worker phones the choir leader”) is done for the person: look for ways to "
        "move it towards joint or independent action."
    )
    assert "more than half" in action["rule"]

    # Withdrawn, the preference no longer counts, but the goal still shows it, not current.
    post(client, f"/api/v1/goals/{sing}/links", {"preference_ids": [pace]})
    assert client.delete(f"{base}/treatment-preferences/{pace}", headers=ALICE).status_code == 200
    care_plan = plan(client, ayo)
    assert care_plan["goals"][0]["preferences"] == [
        {"id": pace, "statement": "Short meetings, at my own pace", "current": False}
    ]
    preferences = care_plan["checks"]["reflects_values"]["preferences"]
    assert (preferences["outcome"], preferences["counts"]["recorded"]) == ("not_met", 0)
    assert preferences["detail"].startswith("No treatment preferences recorded yet: ask how the person wants")

    # A pause Ayo chose is respected: no step is asked for, and nothing is counted.
    post(client, f"/api/v1/goals/{sing}/pause", {"note": "Ayo wants a break over the winter"})
    care_plan = plan(client, ayo)
    action = care_plan["checks"]["independent_or_joint_action"]
    assert (action["outcome"], action["ok"], action["counts"]) == (
        "not_applicable",
        True,
        {"independent": 0, "joint": 0, "passive": 0},
    )
    assert action["detail"] == (
        f"The person has paused the goal (“{SING}”): a pause the person chose is respected, "
        "so no step is asked for until it is resumed."
    )
    assert care_plan["checks"]["personally_valued_goals"]["outcome"] == "met"
