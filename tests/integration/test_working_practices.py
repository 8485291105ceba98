"""Working practices 1 and 2 over HTTP, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import bearer
from tests.journeys import http_goal, http_register

ALICE = bearer()


def post(client: TestClient, path: str, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
    response = client.post(path, json=body, headers=ALICE)
    assert response.status_code == status, response.text
    answer: dict[str, Any] = response.json()
    return answer


def get(client: TestClient, path: str) -> dict[str, Any]:
    response = client.get(path, headers=ALICE)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def value(client: TestClient, person: str, area: str, statement: str, own_words: bool = True) -> str:
    body = {"area": area, "statement": statement, "in_own_words": own_words, "approach": "conversational"}
    value_id: str = post(client, f"/api/v1/people/{person}/values", body)["id"]
    return value_id


def strength(
    client: TestClient,
    person: str,
    domain: str,
    resource: str = "internal",
    column: str = "current",
    **extra: Any,
) -> str:
    body = {
        "domain": domain,
        "column": column,
        "resource": resource,
        "statement": extra.get("statement", f"A {resource} strength in {domain}"),
        "in_own_words": extra.get("in_own_words", True),
    }
    strength_id: str = post(client, f"/api/v1/people/{person}/strengths", body)["id"]
    return strength_id


def timeline_types(client: TestClient, person: str) -> list[str]:
    return [e["type"] for e in get(client, f"/api/v1/people/{person}/timeline")["entries"]]


def test_values_are_recorded_revised_and_withdrawn_with_history_kept(client: TestClient) -> None:
    person = http_register(client, ALICE)
    faith = value(client, person, "religion_spirituality", "Friday prayers keep me going")
    roles = value(client, person, "social_roles", "Being a good dad 👨‍👧 matters most")

    revised = client.put(
        f"/api/v1/people/{person}/values/{faith}",
        json={"statement": "Prayer with my family on Fridays", "in_own_words": True, "approach": "narrative"},
        headers=ALICE,
    )
    assert revised.status_code == 200, revised.text
    assert revised.json()["id"] == faith
    withdrawn = client.delete(f"/api/v1/people/{person}/values/{roles}", headers=ALICE)
    assert withdrawn.status_code == 200, withdrawn.text

    profile = get(client, f"/api/v1/people/{person}")
    assert list(profile["values"]) == ["religion_spirituality"]
    [current] = profile["values"]["religion_spirituality"]
    assert (current["id"], current["statement"], current["approach"]) == (
        faith,
        "Prayer with my family on Fridays",
        "narrative",
    )

    entries = get(client, f"/api/v1/people/{person}/timeline")["entries"]
    assert [e["type"] for e in entries][-4:] == [
        "ValueRecorded",
        "ValueRecorded",
        "ValueRevised",
        "ValueWithdrawn",
    ]
    revision = entries[-2]
    # Faith is a sensitive area: the timeline names it, the words stay in the profile.
    assert revision["summary"] == (
        "Value revised (religion and spirituality): the words and the approach changed; "
        "the words are kept in the profile"
    )
    assert revision["data"]["previous_statement"] == "Friday prayers keep me going"
    assert "“Being a good dad 👨‍👧 matters most”" in entries[-1]["summary"]


def test_a_declined_area_is_an_answer_until_a_value_is_recorded_in_it(client: TestClient) -> None:
    person = http_register(client, ALICE)
    post(client, f"/api/v1/people/{person}/declined-areas", {"area": "sexuality", "note": "Not now"}, 200)

    profile = get(client, f"/api/v1/people/{person}")
    assert [(d["area"], d["note"]) for d in profile["declined_areas"]] == [("sexuality", "Not now")]
    assert profile["values"] == {}

    value(client, person, "sexuality", "Being out at work matters to me")
    profile = get(client, f"/api/v1/people/{person}")
    assert profile["declined_areas"] == []
    assert [v["statement"] for v in profile["values"]["sexuality"]] == ["Being out at work matters to me"]
    assert timeline_types(client, person)[-2:] == ["AreaDeclined", "ValueRecorded"]


def test_preferences_narrative_and_life_maps_show_in_the_profile(client: TestClient) -> None:
    person = http_register(client, ALICE)
    post(
        client,
        f"/api/v1/people/{person}/treatment-preferences",
        {
            "statement": "Talk before any medication change",
            "area": "treatment_preferences",
            "in_own_words": True,
        },
    )
    post(client, f"/api/v1/people/{person}/narrative", {"text": "I used to dance.", "themes": ["dance"]})
    first = client.put(
        f"/api/v1/people/{person}/life-maps/relationships",
        json={"entries": [{"label": "My sister", "group": "family"}]},
        headers=ALICE,
    )
    assert first.status_code == 200, first.text
    second = client.put(
        f"/api/v1/people/{person}/life-maps/relationships",
        json={"entries": [{"label": "My sister"}, {"label": "Choir", "when": "Thursdays"}]},
        headers=ALICE,
    )
    assert second.status_code == 200, second.text

    profile = get(client, f"/api/v1/people/{person}")
    assert [p["statement"] for p in profile["treatment_preferences"]] == ["Talk before any medication change"]
    assert [(n["text"], n["themes"]) for n in profile["narrative"]] == [("I used to dance.", ["dance"])]
    assert [e["label"] for e in profile["life_maps"]["relationships"]["entries"]] == ["My sister", "Choir"]
    drawn = [
        e for e in get(client, f"/api/v1/people/{person}/timeline")["entries"] if e["type"] == "LifeMapDrawn"
    ]
    assert [len(e["data"]["entries"]) for e in drawn] == [1, 2], "the earlier drawing stays in the history"


def test_the_worksheet_and_its_quality_report_follow_the_strengths_recorded(client: TestClient) -> None:
    person = http_register(client, ALICE)
    empty = get(client, f"/api/v1/people/{person}/strengths-worksheet")
    criteria = empty["quality"].pop("criteria")
    assert {name: c["outcome"] for name, c in criteria.items()} == {
        "complete": "not_met",
        "own_words": "not_applicable",
        "written_by_person": "not_applicable",
        "external_resources": "not_met",
        "skills_and_passions": "not_met",
        "agreed": "not_applicable",
        "up_to_date": "not_met",
    }
    assert empty["quality"] == {
        "complete": False,
        "missing_domains": [
            "daily_living",
            "financial",
            "occupational",
            "social_supports",
            "health",
            "spiritual_cultural",
        ],
        "domains_without_external": [
            "daily_living",
            "financial",
            "occupational",
            "social_supports",
            "health",
            "spiritual_cultural",
        ],
        "own_words_ratio": None,
        "last_updated": None,
        "days_since_update": None,
        "stale": True,
        "stale_domains": [
            "daily_living",
            "financial",
            "occupational",
            "social_supports",
            "health",
            "spiritual_cultural",
        ],
        "stale_after_days": 90,
    }

    sister = strength(client, person, "social_supports", "external", statement="My sister nearby")
    strength(client, person, "health", "internal", column="past_resource", in_own_words=False)
    strength(client, person, "financial", "service", column="aspiration")
    partial = get(client, f"/api/v1/people/{person}/strengths-worksheet")
    quality = partial["quality"]
    assert quality["complete"] is False
    assert quality["missing_domains"] == ["daily_living", "occupational", "spiritual_cultural"]
    assert quality["domains_without_external"] == [
        "daily_living",
        "financial",
        "occupational",
        "health",
        "spiritual_cultural",
    ]
    assert quality["own_words_ratio"] == 2 / 3
    assert quality["days_since_update"] == 0
    assert quality["stale"] is True, "three life domains have never been gone through"
    assert quality["stale_domains"] == ["daily_living", "occupational", "spiritual_cultural"]
    assert quality["last_updated"] == partial["last_updated"] is not None
    assert [s["statement"] for s in partial["domains"]["social_supports"]["current"]] == ["My sister nearby"]
    assert [s["resource"] for s in partial["domains"]["financial"]["aspiration"]] == ["service"]

    for domain in ("daily_living", "occupational", "spiritual_cultural", "financial", "health"):
        strength(client, person, domain, "external")
    strength(client, person, "social_supports", "internal", statement="I am a good listener")
    removed = client.delete(f"/api/v1/people/{person}/strengths/{sister}", headers=ALICE)
    assert removed.status_code == 200, removed.text
    quality = get(client, f"/api/v1/people/{person}/strengths-worksheet")["quality"]
    assert quality["complete"] is True
    assert quality["missing_domains"] == []
    assert quality["domains_without_external"] == ["social_supports"], "the removed strength no longer counts"
    assert quality["own_words_ratio"] == 7 / 8


def test_revising_a_strength_moves_it_in_the_grid_and_keeps_the_old_words(client: TestClient) -> None:
    person = http_register(client, ALICE)
    choir = strength(client, person, "spiritual_cultural", "external", statement="I sing in a choir")
    revised = client.put(
        f"/api/v1/people/{person}/strengths/{choir}",
        json={"column": "past_resource", "statement": "I used to sing in a choir"},
        headers=ALICE,
    )
    assert revised.status_code == 200, revised.text
    grid = get(client, f"/api/v1/people/{person}/strengths-worksheet")["domains"]["spiritual_cultural"]
    assert grid["current"] == []
    assert [s["statement"] for s in grid["past_resource"]] == ["I used to sing in a choir"]
    last = get(client, f"/api/v1/people/{person}/timeline")["entries"][-1]
    assert last["type"] == "StrengthRevised"
    assert last["summary"] == "Strength revised from “I sing in a choir” to “I used to sing in a choir”"


def test_care_plan_checks_turn_ok_as_goals_are_linked_and_back_when_links_stop_counting(
    client: TestClient,
) -> None:
    person = http_register(client, ALICE)
    dance = http_goal(client, ALICE, person, statement="Dance again")
    cook = http_goal(client, ALICE, person, statement="Cook for friends")
    joy = value(client, person, "other_identity", "Music is who I am")
    legs = strength(client, person, "health", "internal", statement="Strong legs from walking")

    checks = get(client, f"/api/v1/people/{person}/care-plan")["checks"]
    assert checks["reflects_values"]["ok"] is False
    assert checks["reflects_values"]["values"]["detail"].startswith(
        "2 of 2 goals not linked to a value (“Dance again” and “Cook for friends”)"
    )

    post(client, f"/api/v1/goals/{dance}/links", {"value_ids": [joy], "strength_ids": [legs]}, 200)
    plan = get(client, f"/api/v1/people/{person}/care-plan")
    assert plan["checks"]["reflects_values"]["values"]["detail"].startswith(
        "1 of 2 goals not linked to a value (“Cook"
    )
    linked = next(g for g in plan["goals"] if g["id"] == dance)
    assert linked["values"] == [{"id": joy, "statement": "Music is who I am", "current": True}]
    assert linked["strengths"] == [{"id": legs, "statement": "Strong legs from walking", "current": True}]

    post(client, f"/api/v1/goals/{cook}/links", {"value_ids": [joy], "strength_ids": [legs]}, 200)
    checks = get(client, f"/api/v1/people/{person}/care-plan")["checks"]
    assert checks["reflects_values"]["values"] == {
        "outcome": "met",
        "detail": "Both goals are linked to a value of the person.",
        "counts": {"goals": 2, "linked": 2, "recorded": 1},
    }
    assert checks["builds_on_strengths"]["ok"] is True

    assert client.delete(f"/api/v1/people/{person}/values/{joy}", headers=ALICE).status_code == 200
    plan = get(client, f"/api/v1/people/{person}/care-plan")
    values = plan["checks"]["reflects_values"]["values"]
    assert values["outcome"] == "not_met", "a withdrawn value no longer counts"
    assert plan["goals"][0]["values"] == [{"id": joy, "statement": "Music is who I am", "current": False}]
    assert plan["checks"]["builds_on_strengths"]["ok"] is True


def test_a_goal_identified_with_links_shows_them_at_once(client: TestClient) -> None:
    person = http_register(client, ALICE)
    joy = value(client, person, "other_identity", "Music is who I am")
    goal = http_goal(client, ALICE, person, value_ids=[joy], target_date=str(date(2027, 1, 31)))
    [shown] = get(client, f"/api/v1/people/{person}/care-plan")["goals"]
    assert (shown["id"], [v["id"] for v in shown["values"]]) == (goal, [joy])
