"""In the person's own words, who wrote it, and how the person is named: over HTTP, on a SQLite
file and on PostgreSQL.

Goals, values and treatment preferences always say whether they are in the person's own
words (a missing answer is a 422 naming `in_own_words`, never true by default); who wrote
them (`written_by`) is optional and shown as null when not said. The person's preferred
name and pronouns are set at registration or later, with their history, and name the
person in the profile, the caseload and the timeline.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from tests.conftest import bearer
from tests.journeys import GOAL, http_goal, http_register, http_step

ALICE = bearer()
SUE = bearer("sue", Role.SUPERVISOR, ("north",))
BOB_SOUTH = bearer("bob", Role.WORKER, ("south",))
PROBLEM_JSON = "application/problem+json"

VALUE = {
    "area": "social_roles",
    "statement": "Being a good aunt",
    "in_own_words": True,
    "approach": "narrative",
}
PREFERENCE = {"statement": "Talk before any change to my medication", "in_own_words": True}


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params, headers=ALICE)
    assert response.status_code == 200, response.text
    return response.json()


def send(client: TestClient, method: str, path: str, body: Any, status: int, **headers: str) -> Any:
    response = client.request(method, path, json=body, headers={**ALICE, **headers})
    assert response.status_code == status, response.text
    if status >= 400:
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
    return response.json()


def head(client: TestClient) -> int:
    """The newest position, once a query has caught the read models up."""
    get(client, "/api/v1/people")
    position: int = client.get("/health").json()["position"]
    return position


def without(body: dict[str, Any], name: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != name}


def timeline(client: TestClient, person: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = get(client, f"/api/v1/people/{person}/timeline")["entries"]
    return entries


# In the person's own words: always said


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("goals", without(GOAL, "in_own_words")),
        ("goals", {**GOAL, "in_own_words": None}),
        ("values", without(VALUE, "in_own_words")),
        ("values", {**VALUE, "in_own_words": None}),
        ("treatment-preferences", without(PREFERENCE, "in_own_words")),
        ("treatment-preferences", {**PREFERENCE, "area": "treatment_preferences", "in_own_words": None}),
    ],
    ids=[
        "goal-left-out",
        "goal-null",
        "value-left-out",
        "value-null",
        "preference-left-out",
        "preference-null",
    ],
)
def test_a_goal_value_or_preference_that_does_not_say_whether_it_is_in_own_words_is_422(
    client: TestClient, path: str, body: dict[str, Any]
) -> None:
    person = http_register(client, ALICE)
    before = head(client)

    problem = send(client, "POST", f"/api/v1/people/{person}/{path}", body, 422)

    assert [e["field"] for e in problem["errors"]] == ["in_own_words"]
    assert head(client) == before, "a refused command wrote an event"


def test_new_words_for_a_value_must_say_whether_they_are_the_persons_own(client: TestClient) -> None:
    person = http_register(client, ALICE)
    value = send(client, "POST", f"/api/v1/people/{person}/values", VALUE, 201)["id"]
    path = f"/api/v1/people/{person}/values/{value}"
    before = head(client)

    problem = send(client, "PUT", path, {"statement": "Being there for my nieces"}, 422)
    assert [e["field"] for e in problem["errors"]] == ["in_own_words"]
    assert "nieces" not in str(problem)
    assert head(client) == before

    # The same words with another approach leave in_own_words as it was.
    send(client, "PUT", path, {"statement": "Being a good aunt", "approach": "visual"}, 200)
    send(client, "PUT", path, {"statement": "Being there for my nieces", "in_own_words": False}, 200)
    [shown] = get(client, f"/api/v1/people/{person}")["values"]["social_roles"]
    assert (shown["statement"], shown["approach"], shown["in_own_words"]) == (
        "Being there for my nieces",
        "visual",
        False,
    )


# Who wrote it


def test_who_wrote_a_goal_value_or_preference_is_shown_and_null_when_not_said(client: TestClient) -> None:
    person = http_register(client, ALICE)
    by_person = http_goal(client, ALICE, person, written_by="person")
    unsaid = http_goal(client, ALICE, person, statement="Sleep better")
    value = send(client, "POST", f"/api/v1/people/{person}/values", {**VALUE, "written_by": "worker"}, 201)[
        "id"
    ]
    send(
        client,
        "POST",
        f"/api/v1/people/{person}/treatment-preferences",
        {**PREFERENCE, "written_by": "person"},
        201,
    )
    send(client, "POST", f"/api/v1/people/{person}/treatment-preferences", PREFERENCE, 201)

    assert get(client, f"/api/v1/goals/{by_person}")["written_by"] == "person"
    assert get(client, f"/api/v1/goals/{unsaid}")["written_by"] is None
    plan = get(client, f"/api/v1/people/{person}/care-plan")
    assert {g["id"]: g["written_by"] for g in plan["goals"]} == {by_person: "person", unsaid: None}
    profile = get(client, f"/api/v1/people/{person}")
    assert [v["written_by"] for v in profile["values"]["social_roles"]] == ["worker"]
    assert [p["written_by"] for p in profile["treatment_preferences"]] == ["person", None]
    events = [e for e in timeline(client, person) if e["type"] == "GoalIdentified"]
    assert [e["data"]["written_by"] for e in events] == ["person", None]

    # New words written by the person; then the approach alone, which keeps who wrote them.
    path = f"/api/v1/people/{person}/values/{value}"
    send(client, "PUT", path, {"statement": "My nieces", "in_own_words": True, "written_by": "person"}, 200)
    send(client, "PUT", path, {"statement": "My nieces", "approach": "visual"}, 200)
    [shown] = get(client, f"/api/v1/people/{person}")["values"]["social_roles"]
    assert (shown["written_by"], shown["approach"]) == ("person", "visual")
    # New words with nobody said to have written them: not said.
    send(client, "PUT", path, {"statement": "My family", "in_own_words": True}, 200)
    [shown] = get(client, f"/api/v1/people/{person}")["values"]["social_roles"]
    assert shown["written_by"] is None

    problem = send(client, "POST", f"/api/v1/people/{person}/goals", {**GOAL, "written_by": "family"}, 422)
    assert [e["field"] for e in problem["errors"]] == ["written_by"]


# Preferred name and pronouns


def test_a_preferred_name_and_pronouns_given_at_registration_name_the_person(client: TestClient) -> None:
    registered = send(
        client,
        "POST",
        "/api/v1/people",
        {
            "display_name": "Samuel Okafor",
            "team_id": "north",
            "preferred_name": "Sammy",
            "pronouns": "they/them",
        },
        201,
    )
    person = registered["id"]
    plain = http_register(client, ALICE, name="Ayo Bello")
    goal = http_goal(client, ALICE, person)
    http_step(client, ALICE, goal, description="Phone the college", mode="passive", with_whom=["key worker"])

    profile = get(client, f"/api/v1/people/{person}")
    assert (profile["display_name"], profile["preferred_name"], profile["pronouns"]) == (
        "Samuel Okafor",
        "Sammy",
        "they/them",
    )
    caseload = {item["id"]: item for item in get(client, "/api/v1/people")["items"]}
    assert (caseload[person]["preferred_name"], caseload[person]["pronouns"]) == ("Sammy", "they/them")
    assert (caseload[plain]["preferred_name"], caseload[plain]["pronouns"]) == (None, None)
    summaries = [e["summary"] for e in timeline(client, person)]
    assert summaries[0] == "Sammy registered with team north"
    assert summaries[-1] == (
        "Passive step planned towards “I want to dance again”, done for Sammy by key worker: "
        "“Phone the college”"
    )


def test_a_preferred_name_given_later_keeps_its_history_and_null_clears_it(client: TestClient) -> None:
    person = http_register(client, ALICE, name="Samuel Okafor")
    path = f"/api/v1/people/{person}/preferred-name"
    version = int(client.get(f"/api/v1/people/{person}", headers=ALICE).headers["ETag"].strip('"'))

    first = send(
        client,
        "PUT",
        path,
        {"preferred_name": "Sammy", "pronouns": "he/him"},
        200,
        **{"If-Match": f'"{version}"'},
    )
    assert (first["id"], first["version"]) == (person, version + 1)
    stale = send(client, "PUT", path, {"preferred_name": "Sam"}, 412, **{"If-Match": f'"{version}"'})
    assert stale["current_version"] == version + 1
    same = send(client, "PUT", path, {"preferred_name": "Sammy", "pronouns": "he/him"}, 409)
    assert same["rule"] == "no_change"
    send(client, "PUT", path, {"preferred_name": "Sam", "pronouns": "they/them"}, 200)
    profile = get(client, f"/api/v1/people/{person}")
    assert (profile["preferred_name"], profile["pronouns"]) == ("Sam", "they/them")

    # The body is the whole answer: a field left out (or null) is cleared.
    send(client, "PUT", path, {"pronouns": "they/them"}, 200)
    profile = get(client, f"/api/v1/people/{person}")
    assert (profile["preferred_name"], profile["pronouns"]) == (None, "they/them")
    send(client, "PUT", path, {"preferred_name": None, "pronouns": None}, 200)
    profile = get(client, f"/api/v1/people/{person}")
    assert (profile["preferred_name"], profile["pronouns"]) == (None, None)

    entries = [e for e in timeline(client, person) if e["type"] == "PreferredNameRecorded"]
    assert [(e["data"]["previous_preferred_name"], e["data"]["preferred_name"]) for e in entries] == [
        (None, "Sammy"),
        ("Sammy", "Sam"),
        ("Sam", None),
        (None, None),
    ]
    assert [e["summary"] for e in entries] == [
        "Samuel Okafor would like to be called “Sammy”; pronouns recorded",
        "Sammy would now like to be called “Sam”; pronouns changed",
        "Samuel Okafor no longer gives a preferred name",
        "Pronouns no longer given for Samuel Okafor",
    ]
    then = get(client, f"/api/v1/people/{person}", as_of=entries[0]["recorded_at"])
    assert (then["preferred_name"], then["pronouns"]) == ("Sammy", "he/him")
    feed = get(client, "/api/v1/events")["items"]
    assert [i["type"] for i in feed].count("PreferredNameRecorded") == 4


def test_a_preferred_name_is_refused_as_every_command_on_the_person_is(client: TestClient) -> None:
    person = http_register(client, ALICE)
    path = f"/api/v1/people/{person}/preferred-name"
    body = {"preferred_name": "Sammy"}
    before = head(client)

    assert client.put(path, json=body, headers=SUE).status_code == 403
    assert client.put(path, json=body, headers=BOB_SOUTH).status_code == 404
    assert client.put(path, json=body).status_code == 401
    blank = send(client, "PUT", path, {"preferred_name": "  ", "pronouns": "x" * 201}, 422)
    assert sorted(e["field"] for e in blank["errors"]) == ["preferred_name", "pronouns"]
    extra = send(client, "PUT", path, {"preferred_name": "Sammy", "title": "Mx"}, 422)
    assert [e["field"] for e in extra["errors"]] == ["title"]
    assert head(client) == before

    key = {"Idempotency-Key": "name-1"}
    first = send(client, "PUT", path, body, 200, **key)
    assert send(client, "PUT", path, body, 200, **key) == first
    send(client, "POST", f"/api/v1/people/{person}/discharge", {"reason": "Moved away"}, 200)
    assert send(client, "PUT", path, {"preferred_name": "Sam"}, 409)["rule"] == "person_discharged"
    assert timeline(client, person)[-1]["summary"] == "Sammy was discharged: Moved away"
