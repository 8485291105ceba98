"""The worksheet as the manual draws it (4.3, Appendices 3 and 4), VTP progress (3.3, Appendix 1)
and the manual's prompts as reference data, over HTTP on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from domain.vocabulary import LifeDomain, VtpArea, WorksheetRow
from tests.conftest import bearer
from tests.journeys import http_register

ALICE = bearer()
SUE = bearer("sue", Role.SUPERVISOR, ("north",))
BOB_SOUTH = bearer("bob", Role.WORKER, ("south",))
LIFE_DOMAINS = [d.value for d in LifeDomain]
Json = dict[str, Any]


def ok(response: Any, status: int = 200) -> Json:
    assert response.status_code == status, response.text
    answer: Json = response.json()
    return answer


def strength(client: TestClient, person: str, domain: str, resource: str = "internal", **extra: Any) -> str:
    body = {
        "domain": domain,
        "column": extra.pop("column", "current"),
        "resource": resource,
        "statement": extra.pop("statement", f"A {resource} strength in {domain}"),
        "in_own_words": extra.pop("in_own_words", True),
        **extra,
    }
    strength_id: str = ok(client.post(f"/api/v1/people/{person}/strengths", json=body, headers=ALICE), 201)[
        "id"
    ]
    return strength_id


def worksheet(client: TestClient, person: str, **params: str) -> Json:
    return ok(client.get(f"/api/v1/people/{person}/strengths-worksheet", params=params, headers=ALICE))


def agree(client: TestClient, person: str, agreed_on: date, **extra: Any) -> Any:
    body = {"agreed_on": agreed_on.isoformat(), "participants": ["Sam", "alice"], **extra}
    return client.post(f"/api/v1/people/{person}/strengths-worksheet/agreement", json=body, headers=ALICE)


def review(
    client: TestClient, person: str, domain: str, headers: dict[str, str] = ALICE, **extra: Any
) -> Any:
    body = {"domain": domain, **extra}
    return client.post(
        f"/api/v1/people/{person}/strengths-worksheet/domain-reviews", json=body, headers=headers
    )


def timeline(client: TestClient, person: str) -> list[Json]:
    entries: list[Json] = ok(client.get(f"/api/v1/people/{person}/timeline", headers=ALICE))["entries"]
    return entries


def later(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def test_a_strength_in_the_anything_else_row_shows_in_its_own_row_and_is_never_judged(
    client: TestClient,
) -> None:
    person = http_register(client, ALICE)
    laugh = strength(client, person, "anything_else", statement="I make people laugh", written_by="person")

    sheet = worksheet(client, person)

    assert list(sheet["domains"]) == [row.value for row in WorksheetRow]
    assert sheet["domains"]["anything_else"]["current"] == [
        {
            "id": laugh,
            "statement": "I make people laugh",
            "resource": "internal",
            "in_own_words": True,
            "written_by": "person",
            "updated_at": sheet["last_updated"],
        }
    ]
    assert sheet["currency"]["anything_else"]["stale"] is None
    assert sheet["quality"]["missing_domains"] == LIFE_DOMAINS, "the row is optional"
    assert (
        sheet["quality"]["criteria"]["written_by_person"]["detail"]
        == "Sam wrote 1 strength on the worksheet."
    )
    entry = timeline(client, person)[-1]
    assert entry["summary"] == "Strength identified (anything else, current, internal): “I make people laugh”"
    assert entry["data"]["written_by"] == "person"


def test_who_wrote_a_strength_is_optional_and_follows_revisions(client: TestClient) -> None:
    person = http_register(client, ALICE)
    walk = strength(client, person, "health", statement="I walk daily")
    assert worksheet(client, person)["domains"]["health"]["current"][0]["written_by"] is None

    marked = client.put(
        f"/api/v1/people/{person}/strengths/{walk}", json={"written_by": "person"}, headers=ALICE
    )
    assert marked.status_code == 200, marked.text
    assert worksheet(client, person)["domains"]["health"]["current"][0]["written_by"] == "person"
    assert (
        timeline(client, person)[-1]["summary"] == "Strength “I walk daily” marked as written by the person"
    )

    reworded = client.put(
        f"/api/v1/people/{person}/strengths/{walk}", json={"statement": "I walk every day"}, headers=ALICE
    )
    assert reworded.status_code == 200, reworded.text
    assert worksheet(client, person)["domains"]["health"]["current"][0]["written_by"] is None

    refused = client.put(
        f"/api/v1/people/{person}/strengths/{walk}", json={"written_by": "family"}, headers=ALICE
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["written_by"]


def test_each_domain_has_its_own_last_update_and_up_to_date_needs_every_domain(client: TestClient) -> None:
    person = http_register(client, ALICE)
    long_ago = date.today() - timedelta(days=100)
    strength(client, person, "health")
    # Agreed 100 days ago: every row was last reviewed then; health changed today.
    ok(agree(client, person, long_ago))

    sheet = worksheet(client, person)

    assert sheet["currency"]["health"]["days_since_update"] == 0
    assert {sheet["currency"][d]["days_since_update"] for d in LIFE_DOMAINS if d != "health"} == {100}
    assert sheet["quality"]["days_since_update"] == 0, "an entry changed today"
    assert sheet["quality"]["stale"] is True
    assert sheet["quality"]["stale_domains"] == [d for d in LIFE_DOMAINS if d != "health"]
    assert sheet["quality"]["criteria"]["up_to_date"]["detail"] == (
        "5 life domains have not been reviewed in the last 90 days: daily living, financial, occupational, "
        "social supports and spiritual and cultural. Review them with Sam."
    )

    for domain in ("daily_living", "financial", "occupational", "social_supports"):
        ok(review(client, person, domain))
    ok(review(client, person, "spiritual_cultural", note="Nothing to change"))
    current = worksheet(client, person)
    assert current["quality"]["stale"] is False
    assert current["quality"]["criteria"]["up_to_date"]["met"] is True
    assert current["last_updated"] == sheet["last_updated"], "reviews change no entry"
    assert (
        timeline(client, person)[-1]["summary"]
        == "Strengths worksheet reviewed: the spiritual and cultural domain"
    )

    # Judged 91 days on, as the worksheet stands now: every domain has gone stale.
    ahead = worksheet(client, person, as_of=later(91))
    assert ahead["quality"]["stale_domains"] == LIFE_DOMAINS


def test_the_worksheet_is_agreed_with_the_person_and_needs_agreeing_again_after_a_change(
    client: TestClient,
) -> None:
    person = http_register(client, ALICE)
    walk = strength(client, person, "health", statement="I walk daily")
    before = worksheet(client, person)
    assert before["agreement"] is None
    assert before["quality"]["criteria"]["agreed"]["outcome"] == "not_met"

    etag = client.get(f"/api/v1/people/{person}", headers=ALICE).headers["ETag"]
    stale_version = {**ALICE, "If-Match": f'"{int(etag.strip(chr(34))) - 1}"'}
    outdated = client.post(
        f"/api/v1/people/{person}/strengths-worksheet/agreement",
        json={"agreed_on": date.today().isoformat(), "participants": ["Sam"]},
        headers=stale_version,
    )
    assert outdated.status_code == 412, outdated.text
    answer = ok(
        client.post(
            f"/api/v1/people/{person}/strengths-worksheet/agreement",
            json={
                "agreed_on": date.today().isoformat(),
                "participants": ["Sam", "alice"],
                "note": "Read together",
            },
            headers={**ALICE, "If-Match": etag},
        )
    )
    assert answer["id"] == person
    keyed = {**ALICE, "Idempotency-Key": "agree-1"}
    again = {"agreed_on": date.today().isoformat(), "participants": ["Sam", "alice"], "note": "Read together"}
    first = client.post(f"/api/v1/people/{person}/strengths-worksheet/agreement", json=again, headers=keyed)
    repeat = client.post(f"/api/v1/people/{person}/strengths-worksheet/agreement", json=again, headers=keyed)
    assert (repeat.status_code, repeat.json()) == (200, first.json())
    assert repeat.headers["Idempotent-Replayed"] == "true"
    assert [e["type"] for e in timeline(client, person)].count("WorksheetAgreed") == 2

    agreed = worksheet(client, person)
    assert agreed["agreement"] == {
        "agreed_on": date.today().isoformat(),
        "participants": ["Sam", "alice"],
        "note": "Read together",
        "recorded_at": timeline(client, person)[-1]["recorded_at"],
        "strengths_changed_since": 0,
        "needs_renewal": False,
    }
    assert agreed["quality"]["criteria"]["agreed"] == {
        "outcome": "met",
        "met": True,
        "detail": f"Agreed with Sam on {date.today().isoformat()}.",
    }
    assert timeline(client, person)[-1]["summary"] == (
        f"Strengths worksheet agreed on {date.today().isoformat()} by Sam and alice"
    )

    ok(client.put(f"/api/v1/people/{person}/strengths/{walk}", json={"resource": "external"}, headers=ALICE))
    changed = worksheet(client, person)
    assert changed["agreement"]["needs_renewal"] is True
    assert changed["quality"]["criteria"]["agreed"]["detail"] == (
        f"Agreed with Sam on {date.today().isoformat()}, but 1 strength has changed since: "
        "agree the worksheet again."
    )
    # As of a moment before the change, the agreement still held.
    then = worksheet(client, person, as_of=timeline(client, person)[-2]["recorded_at"])
    assert then["agreement"]["needs_renewal"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"agreed_on": (date.today() + timedelta(days=1)).isoformat(), "participants": ["Sam"]}, "agreed_on"),
        ({"agreed_on": date.today().isoformat(), "participants": []}, "participants"),
        ({"participants": ["Sam"]}, "agreed_on"),
        ({"agreed_on": date.today().isoformat(), "participants": ["Sam"], "mood": "good"}, "mood"),
    ],
    ids=["a day to come", "no one named", "no day", "an unknown field"],
)
def test_an_agreement_that_cannot_be_recorded_is_422_naming_the_field(
    client: TestClient, body: Json, field: str
) -> None:
    person = http_register(client, ALICE)
    strength(client, person, "health")
    before = timeline(client, person)

    refused = client.post(f"/api/v1/people/{person}/strengths-worksheet/agreement", json=body, headers=ALICE)

    assert refused.status_code == 422, refused.text
    assert field in [e["field"] for e in refused.json()["errors"]]
    assert timeline(client, person) == before


def test_an_empty_worksheet_cannot_be_agreed_and_a_supervisor_or_another_team_cannot_agree(
    client: TestClient,
) -> None:
    person = http_register(client, ALICE)
    empty = agree(client, person, date.today())
    assert empty.status_code == 409
    assert empty.json()["rule"] == "worksheet_empty"

    strength(client, person, "health")
    assert review(client, person, "health", headers=SUE).status_code == 403
    assert review(client, person, "health", headers=BOB_SOUTH).status_code == 404
    assert review(client, person, "hobbies").status_code == 422
    assert [e["type"] for e in timeline(client, person)] == ["PersonRegistered", "StrengthIdentified"]


def test_the_quality_report_answers_each_criterion_of_the_manual(client: TestClient) -> None:
    person = http_register(client, ALICE, name="Ayo")
    for domain in LIFE_DOMAINS:
        strength(client, person, domain, "internal", written_by="worker")
    for domain in LIFE_DOMAINS[:4]:
        strength(client, person, domain, "external", in_own_words=False)

    criteria = worksheet(client, person)["quality"]["criteria"]

    assert {name: c["outcome"] for name, c in criteria.items()} == {
        "complete": "met",
        "own_words": "not_met",
        "written_by_person": "not_met",
        "external_resources": "not_met",
        "skills_and_passions": "met",
        "agreed": "not_met",
        "up_to_date": "met",
    }
    assert criteria["own_words"]["detail"] == "4 strengths are not in Ayo's own words: revisit them with Ayo."
    assert criteria["written_by_person"]["detail"] == (
        "None of the 10 strengths is recorded as written by Ayo (4 do not say who wrote them): "
        "invite Ayo to write some of the worksheet."
    )
    assert criteria["external_resources"]["detail"] == (
        "No external resource yet in 2 life domains: health and spiritual and cultural. "
        "Ask who and what helps Ayo there."
    )


def test_vtp_progress_shows_each_area_explored_declined_or_not_yet_explored(client: TestClient) -> None:
    person = http_register(client, ALICE)
    base = f"/api/v1/people/{person}"
    value = {"statement": "Friday prayers", "in_own_words": True, "approach": "conversational"}
    ok(client.post(f"{base}/values", json={**value, "area": "religion_spirituality"}, headers=ALICE), 201)
    ok(client.post(f"{base}/values", json={**value, "area": "religion_spirituality"}, headers=ALICE), 201)
    ok(client.post(f"{base}/values", json={**value, "area": "social_roles"}, headers=ALICE), 201)
    ok(client.post(f"{base}/declined-areas", json={"area": "sexuality"}, headers=ALICE))
    withdrawn = ok(client.post(f"{base}/values", json={**value, "area": "gender"}, headers=ALICE), 201)
    ok(client.delete(f"{base}/values/{withdrawn['id']}", headers=ALICE))

    progress = ok(client.get(base, headers=ALICE))["vtp_progress"]

    assert list(progress["areas"]) == [area.value for area in VtpArea]
    assert progress["areas"]["religion_spirituality"] == {"status": "explored", "values": 2}
    assert progress["areas"]["social_roles"] == {"status": "explored", "values": 1}
    assert progress["areas"]["sexuality"] == {"status": "declined", "values": 0}
    assert progress["areas"]["gender"] == {"status": "not_yet_explored", "values": 0}, (
        "its value was withdrawn"
    )
    assert (progress["explored"], progress["declined"], progress["not_yet_explored"]) == (2, 1, 7)

    first_value_at = next(e["recorded_at"] for e in timeline(client, person) if e["type"] == "ValueRecorded")
    at_first = ok(client.get(base, params={"as_of": first_value_at}, headers=ALICE))
    assert at_first["vtp_progress"]["areas"]["religion_spirituality"] == {"status": "explored", "values": 1}
    assert at_first["vtp_progress"]["explored"] == 1


@pytest.mark.parametrize(
    "headers",
    [
        ALICE,
        SUE,
        bearer("ehr", Role.INTEGRATION, ("north",)),
        bearer("ada", Role.ADMIN, ()),
        BOB_SOUTH,
    ],
    ids=["a worker", "a supervisor", "an integration", "an admin", "a worker of another team"],
)
def test_reference_data_is_served_to_any_signed_in_caller(
    client: TestClient, headers: dict[str, str]
) -> None:
    areas = ok(client.get("/api/v1/reference/vtp-areas", headers=headers))
    domains = ok(client.get("/api/v1/reference/worksheet-domains", headers=headers))

    assert areas["source"] == "REFOCUS manual, 2nd edition, Rethink Mental Illness (2014), Appendix 1"
    assert [a["area"] for a in areas["areas"]] == [area.value for area in VtpArea]
    assert areas["ask_in_every_area"] == [
        "What would be helpful for me to know?",
        "What is important to you?",
    ]
    sexuality = areas["areas"][3]
    assert sexuality["title"] == "Sexuality"
    assert sexuality["prompts"] == ["does this impact on how services treat you?"]
    assert (
        domains["source"] == "REFOCUS manual, 2nd edition, Rethink Mental Illness (2014), Appendices 3 and 4"
    )
    assert [c["title"] for c in domains["columns"]] == [
        "Currently",
        "Desires and aspirations",
        "Personal and social resources",
    ]
    assert [d["domain"] for d in domains["domains"]] == [row.value for row in WorksheetRow]
    health = domains["domains"][4]
    assert health["example_questions"]["past_resource"] == [
        "How do you know when you're not doing too well?",
        "What is most helpful during these times in the past?",
    ]
    assert "Exercise." in health["checklist"]["current"]
    assert domains["domains"][-1]["title"] == "Anything else you would like to add"


@pytest.mark.parametrize("path", ["/api/v1/reference/vtp-areas", "/api/v1/reference/worksheet-domains"])
def test_reference_data_needs_a_token(client: TestClient, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
