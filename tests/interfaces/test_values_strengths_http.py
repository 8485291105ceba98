"""Values, treatment preferences and strengths over HTTP, on a SQLite file and on PostgreSQL.

Who may use each new route (docs/api.md, who sees what), what each command refuses and
how (422 naming the field, 404, 409 naming the rule), links from goals to
values and strengths of the right person only, and what a create answers.

Every refused command is checked twice more: it wrote nothing (the read models'
position, caught up by a query, is where it was) and its answer does not echo
the words sent, which are special-category data (docs/domain.md, working practice 1).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from domain.text import (
    LIFE_MAP_MAX_ENTRIES,
    NAME_MAX_CHARS,
    NOTE_MAX_CHARS,
    STATEMENT_MAX_CHARS,
    THEMES_MAX_ITEMS,
)
from domain.vocabulary import (
    Approach,
    IdentifiedBy,
    LifeDomain,
    LifeMapKind,
    Orientation,
    Resource,
    Responsibility,
    VtpArea,
    WorksheetColumn,
)
from interfaces.auth import create_token
from tests.conftest import bearer
from tests.journeys import GOAL, http_register

Json = dict[str, Any]
Headers = dict[str, str]
#: (method, path, body)
Call = tuple[str, str, Json | None]
#: What the test client answers (an httpx response; its module varies with the Starlette version).
Response = Any

ALICE = bearer("alice", Role.WORKER, ("north",))
ADMIN = bearer("ada", Role.ADMIN, ())

PROBLEM_JSON = "application/problem+json"
#: Words of the vocabulary: error messages may list them; they are not the person's words.
VOCABULARY = {
    member.value
    for enum in (
        VtpArea,
        Approach,
        LifeDomain,
        LifeMapKind,
        Resource,
        WorksheetColumn,
        IdentifiedBy,
        Orientation,
        Responsibility,
    )
    for member in enum
}

VALUE: Json = {
    "area": "religion_spirituality",
    "statement": "My faith keeps me going; Friday prayers matter to me",
    "in_own_words": True,
    "approach": "conversational",
}
REVISED_VALUE: Json = {
    "statement": "Prayer with my family on Fridays is what keeps me going",
    "in_own_words": True,
}
DECLINE: Json = {"area": "sexuality", "note": "Sam would rather not talk about this"}
PREFERENCE: Json = {
    "statement": "I'd rather talk things through before any change to my medication",
    "area": "treatment_preferences",
    "in_own_words": True,
}
NARRATIVE: Json = {
    "text": "When I was at college I used to dance every weekend with my cousins",
    "themes": ["dancing", "college"],
}
LIFE_MAP: Json = {"entries": [{"label": "My sister Ayo", "detail": "We talk every day", "group": "family"}]}
STRENGTH: Json = {
    "domain": "social_supports",
    "column": "current",
    "resource": "external",
    "statement": "My sister lives nearby and I see her every week",
    "in_own_words": True,
}
REVISED_STRENGTH: Json = {"column": "past_resource", "statement": "I used to sing in the church choir"}


def too_long(words: str, limit: int) -> str:
    """The person's words repeated past ``limit`` characters, by one."""
    return (words * (limit // len(words) + 1))[: limit + 1]


# Journeys and what they show


@dataclass(frozen=True)
class Journey:
    person: str
    value: str
    strength: str

    @property
    def base(self) -> str:
        return f"/api/v1/people/{self.person}"


def create(client: TestClient, path: str, body: Json, headers: Headers = ALICE) -> str:
    response = client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: str = response.json()["id"]
    return created


def new_journey(client: TestClient, name: str = "Sam") -> Journey:
    """A person of team north with one current value and one current strength."""
    person = http_register(client, ALICE, name=name)
    value = create(client, f"/api/v1/people/{person}/values", VALUE)
    strength = create(client, f"/api/v1/people/{person}/strengths", STRENGTH)
    return Journey(person, value, strength)


@pytest.fixture
def journey(client: TestClient) -> Journey:
    return new_journey(client)


def commands(journey: Journey) -> list[Call]:
    """Every new command, with a valid body, in an order in which all of them succeed."""
    base = journey.base
    return [
        ("POST", f"{base}/values", VALUE),
        ("PUT", f"{base}/values/{journey.value}", REVISED_VALUE),
        ("DELETE", f"{base}/values/{journey.value}", None),
        ("POST", f"{base}/declined-areas", DECLINE),
        ("POST", f"{base}/treatment-preferences", PREFERENCE),
        ("POST", f"{base}/narrative", NARRATIVE),
        ("PUT", f"{base}/life-maps/relationships", LIFE_MAP),
        ("POST", f"{base}/strengths", STRENGTH),
        ("PUT", f"{base}/strengths/{journey.strength}", REVISED_STRENGTH),
        ("DELETE", f"{base}/strengths/{journey.strength}", None),
    ]


def queries(journey: Journey) -> list[Call]:
    return [("GET", f"{journey.base}/strengths-worksheet", None), ("GET", journey.base, None)]


def send(client: TestClient, call: Call, headers: Headers) -> Response:
    method, path, body = call
    return client.request(method, path, json=body, headers=headers)


def settled_position(client: TestClient) -> int:
    """The position of the last event written: a query first catches the read models up."""
    assert client.get("/api/v1/people", headers=ADMIN).status_code == 200
    position: int = client.get("/health").json()["position"]
    return position


@contextmanager
def nothing_written(client: TestClient) -> Iterator[None]:
    before = settled_position(client)
    yield
    assert settled_position(client) == before, "a refused request wrote an event"


def strings_in(body: Any) -> Iterator[str]:
    if isinstance(body, dict):
        for item in body.values():
            yield from strings_in(item)
    elif isinstance(body, list):
        for item in body:
            yield from strings_in(item)
    elif isinstance(body, str) and body.strip() and body not in VOCABULARY:
        yield body


def assert_problem(response: Response, status: int, sent: Json | None, context: str = "") -> Json:
    """A problem+json answer with ``status`` that does not repeat any text that was sent."""
    assert response.status_code == status, f"{context}: {response.status_code} {response.text}"
    assert response.headers["content-type"].startswith(PROBLEM_JSON), context
    problem: Json = response.json()
    assert problem["status"] == status, context
    for text in strings_in(sent):
        assert text not in response.text, f"{context}: the answer echoes {text[:40]!r}"
    return problem


def profile(client: TestClient, person: str, headers: Headers = ALICE) -> Response:
    response = client.get(f"/api/v1/people/{person}", headers=headers)
    assert response.status_code == 200, response.text
    return response


# 1. Authorization


def token_signed_with_another_key() -> Headers:
    token = create_token("another-signing-key-that-is-long-enough-for-hs256", "alice", Role.WORKER, ["north"])
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, token_signed_with_another_key()],
    ids=["no token", "a malformed token", "a token signed with another key"],
)
def test_without_a_valid_token_every_new_route_answers_401_asking_for_a_bearer_token(
    client: TestClient, journey: Journey, headers: Headers
) -> None:
    with nothing_written(client):
        for call in commands(journey) + queries(journey):
            response = send(client, call, headers)
            assert_problem(response, 401, call[2], f"{call[0]} {call[1]}")
            assert response.headers["www-authenticate"] == "Bearer", call


@pytest.mark.parametrize(
    "headers",
    [
        bearer("bob", Role.WORKER, ("south",)),
        bearer("sue", Role.SUPERVISOR, ("south",)),
        bearer("ehr", Role.INTEGRATION, ("south",)),
    ],
    ids=["a worker of another team", "a supervisor of another team", "an integration of another team"],
)
def test_a_caller_outside_the_persons_team_gets_404_on_every_new_route_never_403(
    client: TestClient, journey: Journey, headers: Headers
) -> None:
    with nothing_written(client):
        for call in commands(journey) + queries(journey):
            problem = assert_problem(send(client, call, headers), 404, call[2], f"{call[0]} {call[1]}")
            assert journey.person not in problem["detail"]


def test_a_supervisor_of_the_persons_team_gets_403_on_every_command_but_reads_worksheet_and_profile(
    client: TestClient, journey: Journey
) -> None:
    sue = bearer("sue", Role.SUPERVISOR, ("north",))

    with nothing_written(client):
        for call in commands(journey):
            assert_problem(send(client, call, sue), 403, call[2], f"{call[0]} {call[1]}")

    for call in queries(journey):
        response = send(client, call, sue)
        assert response.status_code == 200, (call, response.text)
    worksheet = client.get(f"{journey.base}/strengths-worksheet", headers=sue).json()
    assert [s["id"] for s in worksheet["domains"]["social_supports"]["current"]] == [journey.strength]
    assert [
        v["id"] for v in profile(client, journey.person, sue).json()["values"]["religion_spirituality"]
    ] == [journey.value]


@pytest.mark.parametrize(
    ("subject", "role", "teams"),
    [("ehr", Role.INTEGRATION, ("north",)), ("ada", Role.ADMIN, ())],
    ids=["an integration of the team", "an admin"],
)
def test_an_integration_of_the_team_or_an_admin_may_send_every_new_command(
    client: TestClient, journey: Journey, subject: str, role: Role, teams: tuple[str, ...]
) -> None:
    headers = bearer(subject, role, teams)

    statuses = [send(client, call, headers).status_code for call in commands(journey)]

    assert statuses == [201, 200, 200, 200, 201, 201, 200, 201, 200, 200]
    entries = client.get(f"{journey.base}/timeline", headers=ALICE).json()["entries"]
    assert [e["type"] for e in entries[-10:]] == [
        "ValueRecorded",
        "ValueRevised",
        "ValueWithdrawn",
        "AreaDeclined",
        "TreatmentPreferenceRecorded",
        "NarrativeEntryAdded",
        "LifeMapDrawn",
        "StrengthIdentified",
        "StrengthRevised",
        "StrengthRemoved",
    ]
    assert {(e["actor"]["subject"], e["actor"]["role"]) for e in entries[-10:]} == {(subject, role.value)}
    for call in queries(journey):
        assert send(client, call, headers).status_code == 200, call


# 2. Bad input


def value_cases(j: Journey) -> list[tuple[str, Json | None, list[str]]]:
    words = VALUE["statement"]
    return [
        (f"{j.base}/values", {**VALUE, "area": "hobbies"}, ["area"]),
        (f"{j.base}/values", {**VALUE, "approach": "telepathic"}, ["approach"]),
        (f"{j.base}/values", {k: v for k, v in VALUE.items() if k != "statement"}, ["statement"]),
        (f"{j.base}/values", {k: v for k, v in VALUE.items() if k != "in_own_words"}, ["in_own_words"]),
        (f"{j.base}/values", {**VALUE, "in_own_words": None}, ["in_own_words"]),
        (f"{j.base}/values", {**VALUE, "written_by": "family"}, ["written_by"]),
        (f"{j.base}/values", {k: v for k, v in VALUE.items() if k != "area"}, ["area"]),
        (f"{j.base}/values", {**VALUE, "mood": "hopeful today"}, ["mood"]),
        (f"{j.base}/values", {**VALUE, "statement": too_long(words, STATEMENT_MAX_CHARS)}, ["statement"]),
        (f"{j.base}/values", {**VALUE, "statement": "   "}, ["statement"]),
        (f"{j.base}/values", None, ["body"]),
    ]


def revise_value_cases(j: Journey) -> list[tuple[str, Json | None, list[str]]]:
    path = f"{j.base}/values/{j.value}"
    words = REVISED_VALUE["statement"]
    return [
        (path, {}, ["statement"]),
        (path, {"in_own_words": False}, ["statement"]),
        (path, {"statement": REVISED_VALUE["statement"]}, ["in_own_words"]),
        (path, {"statement": REVISED_VALUE["statement"], "approach": "narrative"}, ["in_own_words"]),
        (path, {**REVISED_VALUE, "written_by": "family"}, ["written_by"]),
        (path, {**REVISED_VALUE, "approach": "telepathic"}, ["approach"]),
        (path, {**REVISED_VALUE, "area": "gender"}, ["area"]),
        (path, {"statement": too_long(words, STATEMENT_MAX_CHARS)}, ["statement"]),
        (f"{j.base}/values/not-a-value-id", REVISED_VALUE, ["value_id"]),
    ]


def decline_cases(j: Journey) -> list[tuple[str, Json | None, list[str]]]:
    path = f"{j.base}/declined-areas"
    return [
        (path, {"area": "hobbies"}, ["area"]),
        (path, {"note": DECLINE["note"]}, ["area"]),
        (path, {**DECLINE, "reason": "not ready to talk yet"}, ["reason"]),
        (path, {**DECLINE, "note": too_long(DECLINE["note"], NOTE_MAX_CHARS)}, ["note"]),
    ]


def preference_cases(j: Journey) -> list[tuple[str, Json | None, list[str]]]:
    path = f"{j.base}/treatment-preferences"
    words = PREFERENCE["statement"]
    return [
        (path, {"area": "treatment_preferences", "in_own_words": True}, ["statement"]),
        (path, {k: v for k, v in PREFERENCE.items() if k != "in_own_words"}, ["in_own_words"]),
        (path, {**PREFERENCE, "in_own_words": None}, ["in_own_words"]),
        (path, {**PREFERENCE, "written_by": "family"}, ["written_by"]),
        (path, {**PREFERENCE, "area": "medication"}, ["area"]),
        (path, {**PREFERENCE, "statement": too_long(words, STATEMENT_MAX_CHARS)}, ["statement"]),
        (path, {**PREFERENCE, "priority": "high priority"}, ["priority"]),
    ]


def narrative_cases(j: Journey) -> list[tuple[str, Json | None, list[str]]]:
    path = f"{j.base}/narrative"
    words = NARRATIVE["text"]
    many = [f"theme number {i}" for i in range(THEMES_MAX_ITEMS + 1)]
    return [
        (path, {"themes": ["dancing"]}, ["text"]),
        (path, {**NARRATIVE, "text": too_long(words, NOTE_MAX_CHARS)}, ["text"]),
        (path, {**NARRATIVE, "themes": many}, ["themes"]),
        (path, {**NARRATIVE, "themes": "dancing and college"}, ["themes"]),
        (path, {**NARRATIVE, "themes": ["   "]}, ["themes[0]"]),
        (path, {**NARRATIVE, "themes": ["dancing", too_long("college ", NAME_MAX_CHARS)]}, ["themes[1]"]),
        (path, {**NARRATIVE, "shared_by": "the person themself"}, ["shared_by"]),
    ]


def life_map_cases(j: Journey) -> list[tuple[str, Json | None, list[str]]]:
    path = f"{j.base}/life-maps/relationships"
    entry = LIFE_MAP["entries"][0]
    many = [{"label": f"Friend number {i}"} for i in range(LIFE_MAP_MAX_ENTRIES + 1)]
    return [
        (f"{j.base}/life-maps/family_tree", LIFE_MAP, ["kind"]),
        (path, {}, ["entries"]),
        (path, {"entries": [entry, {"detail": "We met at the choir"}]}, ["entries[1].label"]),
        (path, {"entries": [{**entry, "label": ""}]}, ["entries[0].label"]),
        (path, {"entries": [{**entry, "colour": "bright green"}]}, ["entries[0].colour"]),
        (path, {"entries": many}, ["entries"]),
        (path, {**LIFE_MAP, "title": "People in my life"}, ["title"]),
        (
            path,
            {"entries": [{**entry, "detail": too_long("We talk ", STATEMENT_MAX_CHARS)}]},
            ["entries[0].detail"],
        ),
    ]


def strength_cases(j: Journey) -> list[tuple[str, Json | None, list[str]]]:
    path = f"{j.base}/strengths"
    words = STRENGTH["statement"]
    return [
        (path, {**STRENGTH, "domain": "housing"}, ["domain"]),
        (path, {**STRENGTH, "column": "future"}, ["column"]),
        (path, {**STRENGTH, "resource": "spiritual"}, ["resource"]),
        (path, {k: v for k, v in STRENGTH.items() if k != "statement"}, ["statement"]),
        (path, {k: v for k, v in STRENGTH.items() if k != "in_own_words"}, ["in_own_words"]),
        (path, {**STRENGTH, "rating": "very strong"}, ["rating"]),
        (path, {**STRENGTH, "statement": too_long(words, STATEMENT_MAX_CHARS)}, ["statement"]),
    ]


def revise_strength_cases(j: Journey) -> list[tuple[str, Json | None, list[str]]]:
    path = f"{j.base}/strengths/{j.strength}"
    words = REVISED_STRENGTH["statement"]
    return [
        (path, {**REVISED_STRENGTH, "domain": "housing"}, ["domain"]),
        (path, {**REVISED_STRENGTH, "column": "future"}, ["column"]),
        (path, {**REVISED_STRENGTH, "resource": "spiritual"}, ["resource"]),
        (path, {"statement": too_long(words, STATEMENT_MAX_CHARS)}, ["statement"]),
        (path, {**REVISED_STRENGTH, "rating": "very strong"}, ["rating"]),
        (f"{j.base}/strengths/not-a-strength-id", REVISED_STRENGTH, ["strength_id"]),
    ]


def withdraw_cases(j: Journey) -> list[tuple[str, Json | None, list[str]]]:
    return [(f"{j.base}/values/not-a-value-id", None, ["value_id"])]


def remove_cases(j: Journey) -> list[tuple[str, Json | None, list[str]]]:
    return [(f"{j.base}/strengths/not-a-strength-id", None, ["strength_id"])]


@pytest.mark.parametrize(
    ("method", "cases"),
    [
        ("POST", value_cases),
        ("PUT", revise_value_cases),
        ("DELETE", withdraw_cases),
        ("POST", decline_cases),
        ("POST", preference_cases),
        ("POST", narrative_cases),
        ("PUT", life_map_cases),
        ("POST", strength_cases),
        ("PUT", revise_strength_cases),
        ("DELETE", remove_cases),
    ],
    ids=[
        "recording a value",
        "revising a value",
        "withdrawing a value",
        "declining an area",
        "recording a treatment preference",
        "adding to the narrative",
        "drawing a life map",
        "identifying a strength",
        "revising a strength",
        "removing a strength",
    ],
)
def test_bad_input_is_refused_with_422_naming_the_field_writing_nothing_and_echoing_nothing(
    client: TestClient, journey: Journey, method: str, cases: Any
) -> None:
    with nothing_written(client):
        for path, body, fields in cases(journey):
            context = f"{method} {path} {str(body)[:80]}"
            problem = assert_problem(send(client, (method, path, body), ALICE), 422, body, context)
            assert problem["type"].endswith("invalid-input"), context
            assert [e["field"] for e in problem["errors"]] == fields, context


def test_revising_a_strength_with_nothing_to_change_is_refused_naming_the_body(
    client: TestClient, journey: Journey
) -> None:
    path = f"{journey.base}/strengths/{journey.strength}"

    with nothing_written(client):
        for body in ({}, {"statement": None, "in_own_words": None}):
            problem = assert_problem(client.put(path, json=body, headers=ALICE), 422, body, str(body))
            assert [e["field"] for e in problem["errors"]] == ["body"]


def test_an_unknown_value_or_strength_id_in_the_path_is_404_even_when_it_is_another_persons(
    client: TestClient, journey: Journey
) -> None:
    other = new_journey(client, name="Kai")
    base = journey.base
    calls: list[Call] = []
    for value in (str(uuid4()), other.value, other.strength):
        calls += [
            ("PUT", f"{base}/values/{value}", REVISED_VALUE),
            ("DELETE", f"{base}/values/{value}", None),
        ]
    for strength in (str(uuid4()), other.strength, other.value):
        calls += [
            ("PUT", f"{base}/strengths/{strength}", REVISED_STRENGTH),
            ("DELETE", f"{base}/strengths/{strength}", None),
        ]

    with nothing_written(client):
        for call in calls:
            assert_problem(send(client, call, ALICE), 404, call[2], f"{call[0]} {call[1]}")

    shown = profile(client, other.person).json()
    assert [v["id"] for v in shown["values"]["religion_spirituality"]] == [other.value]


def test_revising_or_withdrawing_a_withdrawn_value_is_409_value_withdrawn(
    client: TestClient, journey: Journey
) -> None:
    path = f"{journey.base}/values/{journey.value}"
    assert client.delete(path, headers=ALICE).status_code == 200

    with nothing_written(client):
        for call in [("PUT", path, REVISED_VALUE), ("DELETE", path, None)]:
            problem = assert_problem(send(client, call, ALICE), 409, call[2], call[0])
            assert problem["rule"] == "value_withdrawn"
            assert problem["detail"]

    assert "religion_spirituality" not in profile(client, journey.person).json()["values"]


def test_revising_or_removing_a_removed_strength_is_409_strength_removed(
    client: TestClient, journey: Journey
) -> None:
    path = f"{journey.base}/strengths/{journey.strength}"
    assert client.delete(path, headers=ALICE).status_code == 200

    with nothing_written(client):
        for call in [("PUT", path, REVISED_STRENGTH), ("DELETE", path, None)]:
            problem = assert_problem(send(client, call, ALICE), 409, call[2], call[0])
            assert problem["rule"] == "strength_removed"
            assert problem["detail"]

    worksheet = client.get(f"{journey.base}/strengths-worksheet", headers=ALICE).json()
    assert worksheet["domains"]["social_supports"]["current"] == []


def test_declining_an_area_already_declined_is_409(client: TestClient, journey: Journey) -> None:
    path = f"{journey.base}/declined-areas"
    assert client.post(path, json=DECLINE, headers=ALICE).status_code == 200
    again = {"area": DECLINE["area"], "note": "Asked again at the review, still no"}

    with nothing_written(client):
        problem = assert_problem(client.post(path, json=again, headers=ALICE), 409, again)

    assert problem["rule"]
    assert problem["detail"]
    declined = profile(client, journey.person).json()["declined_areas"]
    assert [(d["area"], d["note"]) for d in declined] == [(DECLINE["area"], DECLINE["note"])]


def test_declining_an_area_with_current_values_is_409_area_has_values_until_they_are_withdrawn(
    client: TestClient, journey: Journey
) -> None:
    path = f"{journey.base}/declined-areas"
    body = {"area": VALUE["area"], "note": "Would rather not talk about faith now"}

    with nothing_written(client):
        problem = assert_problem(client.post(path, json=body, headers=ALICE), 409, body)
    assert problem["rule"] == "area_has_values"

    assert client.delete(f"{journey.base}/values/{journey.value}", headers=ALICE).status_code == 200
    assert client.post(path, json=body, headers=ALICE).status_code == 200
    declined = profile(client, journey.person).json()["declined_areas"]
    assert [d["area"] for d in declined] == [VALUE["area"]]


def test_every_new_command_on_a_discharged_person_is_409_person_discharged(
    client: TestClient, journey: Journey
) -> None:
    discharged = client.post(
        f"{journey.base}/discharge", json={"reason": "Moved out of the area"}, headers=ALICE
    )
    assert discharged.status_code == 200, discharged.text

    with nothing_written(client):
        for call in commands(journey):
            problem = assert_problem(send(client, call, ALICE), 409, call[2], f"{call[0]} {call[1]}")
            assert problem["rule"] == "person_discharged", call

    for call in queries(journey):
        assert send(client, call, ALICE).status_code == 200, call


# 3. Goal links across people


def unlinkable(client: TestClient, journey: Journey, kind: str) -> tuple[str, str]:
    """An id of ``kind`` that ``journey``'s goals may not link to, and the field listing it."""
    if kind == "another person's value":
        return new_journey(client, name="Kai").value, "value_ids"
    if kind == "another person's strength":
        return new_journey(client, name="Kai").strength, "strength_ids"
    if kind == "a withdrawn value":
        withdrawn = create(client, f"{journey.base}/values", {**VALUE, "area": "social_roles"})
        assert client.delete(f"{journey.base}/values/{withdrawn}", headers=ALICE).status_code == 200
        return withdrawn, "value_ids"
    removed = create(client, f"{journey.base}/strengths", {**STRENGTH, "domain": "health"})
    assert client.delete(f"{journey.base}/strengths/{removed}", headers=ALICE).status_code == 200
    return removed, "strength_ids"


@pytest.mark.parametrize(
    "kind",
    ["another person's value", "another person's strength", "a withdrawn value", "a removed strength"],
)
def test_a_goal_may_not_be_identified_with_or_linked_to_a_value_or_strength_the_person_does_not_hold(
    client: TestClient, journey: Journey, kind: str
) -> None:
    bad, field = unlinkable(client, journey, kind)
    good = journey.value if field == "value_ids" else journey.strength
    goal = create(client, f"{journey.base}/goals", GOAL)
    links = {field: [good, bad]}

    with nothing_written(client):
        identified = client.post(f"{journey.base}/goals", json={**GOAL, **links}, headers=ALICE)
        linked = client.post(f"/api/v1/goals/{goal}/links", json=links, headers=ALICE)

    for response in (identified, linked):
        problem = assert_problem(response, 422, {**GOAL, **links})
        assert [e["field"] for e in problem["errors"]] == [f"{field}[1]"]
    plan = client.get(f"{journey.base}/care-plan", headers=ALICE).json()
    assert [(g["id"], g["values"], g["strengths"]) for g in plan["goals"]] == [(goal, [], [])]


# 4. What a create answers


def value_ids(page: Json) -> list[str]:
    return [v["id"] for values in page["values"].values() for v in values]


def strength_ids(page: Json) -> list[str]:
    return [s["id"] for row in page["domains"].values() for column in row.values() for s in column]


@pytest.mark.parametrize(
    ("path", "body", "shown_at", "listed"),
    [
        ("values", VALUE, "", value_ids),
        ("strengths", STRENGTH, "/strengths-worksheet", strength_ids),
        ("treatment-preferences", PREFERENCE, "", lambda p: [t["id"] for t in p["treatment_preferences"]]),
        ("narrative", NARRATIVE, "", lambda p: [n["id"] for n in p["narrative"]]),
    ],
    ids=["a value", "a strength", "a treatment preference", "a narrative entry"],
)
def test_a_create_answers_201_with_location_the_new_things_id_and_the_persons_new_version(
    client: TestClient, journey: Journey, path: str, body: Json, shown_at: str, listed: Any
) -> None:
    before = listed(client.get(f"{journey.base}{shown_at}", headers=ALICE).json())
    answers = []
    for _ in range(2):
        response = client.post(f"{journey.base}/{path}", json=body, headers=ALICE)
        assert response.status_code == 201, response.text
        answer = response.json()
        assert set(answer) == {"id", "version", "position"}
        shown = profile(client, journey.person)
        assert answer["version"] == shown.json()["version"]
        assert shown.headers["etag"] == f'"{answer["version"]}"'
        location = client.get(response.headers["location"], headers=ALICE)
        assert location.status_code == 200, response.headers["location"]
        assert answer["id"] in location.text
        entries = client.get(f"{journey.base}/timeline", headers=ALICE).json()["entries"]
        assert entries[-1]["position"] == answer["position"]
        answers.append(answer)

    first, second = answers
    assert journey.person not in (first["id"], second["id"])
    assert first["id"] != second["id"]
    assert second["version"] == first["version"] + 1
    after = listed(client.get(f"{journey.base}{shown_at}", headers=ALICE).json())
    assert after == [*before, first["id"], second["id"]]
