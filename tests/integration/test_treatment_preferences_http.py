"""Treatment preferences revised, withdrawn and linked to goals and steps over HTTP, on a SQLite
file and on PostgreSQL: history in the timeline, errors (422, 404, 409, 412) and who may.

A refused command writes nothing and does not echo the person's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from tests.conftest import bearer
from tests.interfaces.test_values_strengths_http import assert_problem, nothing_written, send
from tests.journeys import http_goal, http_register, http_step

ALICE = bearer()
SUPERVISOR = bearer("sue", Role.SUPERVISOR, ("north",))
SOUTH = bearer("bob", Role.WORKER, ("south",))
PACE = {"statement": "Short meetings, at my own pace", "area": "treatment_preferences", "in_own_words": True}
REVISED = {"statement": "My sister with me when we talk about medication", "in_own_words": True}


@dataclass(frozen=True)
class Journey:
    person: str
    preference: str
    goal: str
    step: str

    @property
    def path(self) -> str:
        return f"/api/v1/people/{self.person}/treatment-preferences/{self.preference}"


def created(client: TestClient, path: str, body: dict[str, Any]) -> str:
    response = client.post(path, json=body, headers=ALICE)
    assert response.status_code == 201, response.text
    answer: str = response.json()["id"]
    return answer


def new_journey(client: TestClient, name: str = "Sam") -> Journey:
    person = http_register(client, ALICE, name=name)
    preference = created(client, f"/api/v1/people/{person}/treatment-preferences", PACE)
    goal = http_goal(client, ALICE, person)
    return Journey(person, preference, goal, http_step(client, ALICE, goal))


@pytest.fixture
def journey(client: TestClient) -> Journey:
    return new_journey(client)


def get(client: TestClient, path: str) -> dict[str, Any]:
    response = client.get(path, headers=ALICE)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def timeline(client: TestClient, person: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = get(client, f"/api/v1/people/{person}/timeline")["entries"]
    return entries


def version(client: TestClient, person: str) -> str:
    return client.get(f"/api/v1/people/{person}", headers=ALICE).headers["ETag"]


def test_a_preference_is_revised_then_withdrawn_with_its_history_in_the_timeline(
    client: TestClient, journey: Journey
) -> None:
    revised = client.put(
        journey.path, json=REVISED, headers={**ALICE, "If-Match": version(client, journey.person)}
    )
    assert revised.status_code == 200, revised.text
    assert revised.json()["id"] == journey.preference
    [shown] = get(client, f"/api/v1/people/{journey.person}")["treatment_preferences"]
    assert (shown["statement"], shown["area"], shown["in_own_words"]) == (
        REVISED["statement"],
        "treatment_preferences",
        True,
    )

    withdrawn = client.delete(journey.path, headers={**ALICE, "If-Match": version(client, journey.person)})
    assert withdrawn.status_code == 200, withdrawn.text
    assert get(client, f"/api/v1/people/{journey.person}")["treatment_preferences"] == []

    entries = [e for e in timeline(client, journey.person) if "Preference" in e["type"]]
    assert [(e["type"], e["summary"]) for e in entries] == [
        (
            "TreatmentPreferenceRecorded",
            "Treatment preference recorded (treatment preferences): “Short meetings, at my own pace”",
        ),
        (
            "TreatmentPreferenceRevised",
            "Treatment preference revised (treatment preferences) from “Short meetings, at my own pace” "
            "to “My sister with me when we talk about medication”",
        ),
        (
            "TreatmentPreferenceWithdrawn",
            "Treatment preference withdrawn (treatment preferences): "
            "“My sister with me when we talk about medication”",
        ),
    ]
    assert entries[1]["data"]["previous_statement"] == PACE["statement"]
    assert entries[1]["data"]["previous_in_own_words"] is True


def test_a_preference_in_a_sensitive_area_names_the_area_but_never_quotes_the_words(
    client: TestClient, journey: Journey
) -> None:
    words = "I'd like a worker who understands being trans"
    base = f"/api/v1/people/{journey.person}/treatment-preferences"
    preference = created(client, base, {"statement": words, "area": "gender", "in_own_words": True})
    renamed = {"statement": "A worker who gets it", "in_own_words": True, "area": None}
    assert client.put(f"{base}/{preference}", json=renamed, headers=ALICE).status_code == 200
    assert client.delete(f"{base}/{preference}", headers=ALICE).status_code == 200

    summaries = [e["summary"] for e in timeline(client, journey.person)][-3:]
    assert summaries == [
        "Treatment preference recorded (gender): the words are kept in the profile",
        "Treatment preference revised",
        "Treatment preference withdrawn: “A worker who gets it”",
    ]
    assert all(words not in summary for summary in summaries)


def test_goals_and_steps_link_current_preferences_each_link_in_the_timeline(
    client: TestClient, journey: Journey
) -> None:
    base = f"/api/v1/people/{journey.person}"
    company = created(client, f"{base}/treatment-preferences", {**PACE, "statement": "My sister comes too"})
    goal = http_goal(
        client, ALICE, journey.person, statement="Cook for friends", preference_ids=[journey.preference]
    )
    http_step(client, ALICE, goal, description="Buy the food", preference_ids=[company])
    linked_goal = client.post(
        f"/api/v1/goals/{journey.goal}/links", json={"preference_ids": [company]}, headers=ALICE
    )
    linked_step = client.post(
        f"/api/v1/steps/{journey.step}/links", json={"preference_ids": [company]}, headers=ALICE
    )
    assert (linked_goal.status_code, linked_step.status_code) == (200, 200), linked_step.text

    goals = {g["id"]: g for g in get(client, f"{base}/care-plan")["goals"]}
    assert [p["id"] for p in goals[goal]["preferences"]] == [journey.preference]
    assert goals[goal]["steps"][0]["preference_ids"] == [company]
    assert goals[journey.goal]["preferences"] == [
        {"id": company, "statement": "My sister comes too", "current": True}
    ]
    assert get(client, f"/api/v1/steps/{journey.step}")["preference_ids"] == [company]
    assert [(e["type"], e["summary"]) for e in timeline(client, journey.person)[-2:]] == [
        ("GoalLinkedToPreference", "Goal “I want to dance again” linked to a treatment preference"),
        ("StepLinkedToPreference", "Step “Find a class” linked to a treatment preference"),
    ]
    again = client.post(
        f"/api/v1/steps/{journey.step}/links", json={"preference_ids": [company]}, headers=ALICE
    )
    assert assert_problem(again, 409, None)["rule"] == "no_change"


def test_bad_revisions_and_links_are_422_naming_the_field(client: TestClient, journey: Journey) -> None:
    other = new_journey(client, name="Alex")
    calls: list[tuple[str, str, dict[str, Any], str]] = [
        ("PUT", journey.path, {"statement": "Longer meetings now"}, "in_own_words"),
        (
            "POST",
            f"/api/v1/goals/{journey.goal}/links",
            {"preference_ids": [other.preference]},
            "preference_ids[0]",
        ),
        (
            "POST",
            f"/api/v1/steps/{journey.step}/links",
            {"preference_ids": [other.preference]},
            "preference_ids[0]",
        ),
        ("POST", f"/api/v1/steps/{journey.step}/links", {"preference_ids": []}, "preference_ids"),
        (
            "POST",
            f"/api/v1/goals/{journey.goal}/steps",
            {"description": "Call the college", "mode": "independent", "preference_ids": [other.preference]},
            "preference_ids[0]",
        ),
    ]
    with nothing_written(client):
        for method, path, body, field in calls:
            problem = assert_problem(send(client, (method, path, body), ALICE), 422, body, path)
            assert [e["field"] for e in problem["errors"]] == [field], path


def test_an_unknown_preference_is_404_and_a_withdrawn_one_409_or_422_when_linked(
    client: TestClient, journey: Journey
) -> None:
    other = new_journey(client, name="Alex")
    unknown = f"/api/v1/people/{journey.person}/treatment-preferences/{other.preference}"
    with nothing_written(client):
        for call in [("PUT", unknown, REVISED), ("DELETE", unknown, None)]:
            assert_problem(send(client, call, ALICE), 404, call[2], call[0])

    assert client.delete(journey.path, headers=ALICE).status_code == 200
    with nothing_written(client):
        for call in [("PUT", journey.path, REVISED), ("DELETE", journey.path, None)]:
            problem = assert_problem(send(client, call, ALICE), 409, call[2], call[0])
            assert problem["rule"] == "preference_withdrawn"
        link = ("POST", f"/api/v1/goals/{journey.goal}/links", {"preference_ids": [journey.preference]})
        problem = assert_problem(send(client, link, ALICE), 422, link[2])
        assert [e["field"] for e in problem["errors"]] == ["preference_ids[0]"]
    # The withdrawn preference stays in the history.
    assert timeline(client, journey.person)[-1]["type"] == "TreatmentPreferenceWithdrawn"


def test_a_stale_if_match_is_412_on_the_person_for_preferences_and_on_the_step_for_its_links(
    client: TestClient, journey: Journey
) -> None:
    stale_person = version(client, journey.person)
    stale_step = client.get(f"/api/v1/steps/{journey.step}", headers=ALICE).headers["ETag"]
    created(
        client, f"/api/v1/people/{journey.person}/treatment-preferences", {**PACE, "statement": "Mornings"}
    )
    assert client.post(f"/api/v1/steps/{journey.step}/start", headers=ALICE).status_code == 200

    with nothing_written(client):
        for method, path, body, stale in [
            ("PUT", journey.path, REVISED, stale_person),
            ("DELETE", journey.path, None, stale_person),
            (
                "POST",
                f"/api/v1/steps/{journey.step}/links",
                {"preference_ids": [journey.preference]},
                stale_step,
            ),
        ]:
            response = client.request(method, path, json=body, headers={**ALICE, "If-Match": stale})
            assert_problem(response, 412, body, f"{method} {path}")


def test_a_supervisor_is_403_and_another_team_404_on_every_preference_command(
    client: TestClient, journey: Journey
) -> None:
    calls = [
        ("PUT", journey.path, REVISED),
        ("DELETE", journey.path, None),
        ("POST", f"/api/v1/goals/{journey.goal}/links", {"preference_ids": [journey.preference]}),
        ("POST", f"/api/v1/steps/{journey.step}/links", {"preference_ids": [journey.preference]}),
    ]
    with nothing_written(client):
        for call in calls:
            assert_problem(send(client, call, SUPERVISOR), 403, call[2], f"{call[0]} {call[1]}")
            assert_problem(send(client, call, SOUTH), 404, call[2], f"{call[0]} {call[1]}")
