"""Narrative entries revised and withdrawn, the working agreement in the manual's parts, and the
person's order of their goals, over HTTP on a SQLite file and on PostgreSQL: each command with its
history, its errors (422 naming the field, 404, 409 naming the rule, 412) and who may send it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from tests.conftest import bearer
from tests.journeys import http_goal, http_register

ALICE = bearer("alice", Role.WORKER, ("north",))
ADMIN = bearer("ada", Role.ADMIN, ())
SUPERVISOR = bearer("sue", Role.SUPERVISOR, ("north",))
SOUTH_WORKER = bearer("bob", Role.WORKER, ("south",))
PROBLEM_JSON = "application/problem+json"
TODAY = date.today()

Json = dict[str, Any]


def send(client: TestClient, method: str, path: str, body: Json | None = None, **headers: str) -> Any:
    return client.request(method, path, json=body, headers={**ALICE, **headers})


def ok(client: TestClient, method: str, path: str, body: Json | None = None, status: int = 200) -> Json:
    response = send(client, method, path, body)
    assert response.status_code == status, response.text
    answer: Json = response.json()
    return answer


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params, headers=ALICE)
    assert response.status_code == 200, response.text
    return response.json()


def head(client: TestClient) -> int:
    """The newest position: a query catches the read models up, /health reports them."""
    assert client.get("/api/v1/people", headers=ADMIN).status_code == 200
    position: int = client.get("/health").json()["position"]
    return position


def problem(client: TestClient, response: Any, status: int, before: int) -> Json:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert head(client) == before, "a refused command wrote an event"
    answer: Json = response.json()
    return answer


def fields(answer: Json) -> list[str]:
    return [error["field"] for error in answer["errors"]]


def timeline(client: TestClient, person: str) -> list[Json]:
    entries: list[Json] = get(client, f"/api/v1/people/{person}/timeline")["entries"]
    return entries


# Narrative entries

STORY = {
    "text": "My dad taught me to fish at Brighton",
    "themes": ["family", "the sea"],
    "written_by": "person",
}


def test_a_narrative_entry_is_revised_and_withdrawn_with_its_history_kept(client: TestClient) -> None:
    person = http_register(client, ALICE)
    base = f"/api/v1/people/{person}/narrative"
    first = ok(client, "POST", base, STORY, 201)["id"]
    second = ok(client, "POST", base, {"text": "I like early mornings"}, 201)["id"]
    added = get(client, f"/api/v1/people/{person}")["narrative"]
    assert [(n["id"], n["written_by"]) for n in added] == [(first, "person"), (second, None)]
    before_revision = datetime.now(UTC)

    revised = ok(client, "PUT", f"{base}/{first}", {"text": "Fishing with Dad", "written_by": "worker"})
    assert revised["id"] == first
    withdrawn = ok(client, "DELETE", f"{base}/{second}")
    assert withdrawn["id"] == second

    [current] = get(client, f"/api/v1/people/{person}")["narrative"]
    assert (current["id"], current["text"], current["themes"], current["written_by"]) == (
        first,
        "Fishing with Dad",
        ["family", "the sea"],
        "worker",
    )
    [earlier] = current["history"]
    assert (earlier["text"], earlier["themes"], earlier["written_by"]) == (
        "My dad taught me to fish at Brighton",
        ["family", "the sea"],
        "person",
    )
    assert earlier["revised_at"] == current["updated_at"]

    entries = timeline(client, person)
    assert [e["type"] for e in entries[-2:]] == ["NarrativeEntryRevised", "NarrativeEntryWithdrawn"]
    assert entries[-2]["summary"] == (
        "Narrative entry revised: text and who wrote it, written by the worker (themes: family, the sea)"
    )
    assert entries[-2]["data"]["previous_text"] == "My dad taught me to fish at Brighton"
    assert entries[-2]["data"]["previous_written_by"] == "person"
    assert entries[-1]["summary"] == "Narrative entry withdrawn"

    then = get(client, f"/api/v1/people/{person}", as_of=before_revision.isoformat())
    assert [n["text"] for n in then["narrative"]] == [
        "My dad taught me to fish at Brighton",
        "I like early mornings",
    ]


def test_narrative_commands_refuse_what_cannot_be_done_and_write_nothing(client: TestClient) -> None:
    person = http_register(client, ALICE)
    base = f"/api/v1/people/{person}/narrative"
    entry = ok(client, "POST", base, STORY, 201)["id"]
    gone = ok(client, "POST", base, {"text": "Something I would rather not keep"}, 201)["id"]
    ok(client, "DELETE", f"{base}/{gone}")
    before = head(client)

    cases: list[tuple[str, str, Json | None, list[str]]] = [
        ("POST", base, {**STORY, "written_by": "my sister"}, ["written_by"]),
        ("PUT", f"{base}/{entry}", {}, ["body"]),
        ("PUT", f"{base}/{entry}", {"text": "  "}, ["text"]),
        ("PUT", f"{base}/{entry}", {"written_by": "family"}, ["written_by"]),
        ("PUT", f"{base}/{entry}", {"themes": ["family"] * 21}, ["themes"]),
        ("PUT", f"{base}/{entry}", {"mood": "calm today"}, ["mood"]),
        ("PUT", f"{base}/not-an-entry", {"text": "Fishing"}, ["entry_id"]),
    ]
    for method, path, body, named in cases:
        answer = problem(client, send(client, method, path, body), 422, before)
        assert fields(answer) == named, (path, body)
        assert "fish" not in str(answer).lower(), "a refusal repeats the person's words"

    for method, body in (("PUT", {"text": "Again"}), ("DELETE", None)):
        answer = problem(client, send(client, method, f"{base}/{gone}", body), 409, before)
        assert answer["rule"] == "narrative_entry_withdrawn"
        unknown = send(client, method, f"{base}/{person}", body)
        assert problem(client, unknown, 404, before)["status"] == 404
    same = send(client, "PUT", f"{base}/{entry}", {"text": STORY["text"]})
    assert problem(client, same, 409, before)["rule"] == "no_change"


# The working agreement

AGREEMENT = {
    "expectations": "Sam wants straight answers; Alice keeps to time",
    "how_we_work": "Sam sets the agenda",
    "differences": "If we disagree we talk it through at the next meeting",
    "practicalities": "Every other Tuesday at 10, at the library",
    "review_by": str(TODAY + timedelta(days=90)),
}


def test_the_working_agreement_in_the_manuals_parts_keeps_its_history_and_the_persons_agreement(
    client: TestClient,
) -> None:
    person = http_register(client, ALICE)
    path = f"/api/v1/people/{person}/working-agreement"
    ok(client, "PUT", path, {"text": "Weekly at home", "review_by": str(TODAY - timedelta(days=1))})
    ok(client, "PUT", path, AGREEMENT)

    agreement = get(client, f"/api/v1/people/{person}")["working_agreement"]
    assert {name: agreement[name] for name in AGREEMENT} == AGREEMENT
    assert (agreement["text"], agreement["agreed_by_person"], agreement["agreed_on"]) == (None, False, None)
    [earlier] = agreement["history"]
    assert (earlier["text"], earlier["expectations"], earlier["agreed_by_person"]) == (
        "Weekly at home",
        None,
        False,
    )

    agreed_on = str(TODAY - timedelta(days=2))
    assert ok(client, "POST", f"{path}/agreement", {"agreed_on": agreed_on})["id"] == person
    agreement = get(client, f"/api/v1/people/{person}")["working_agreement"]
    assert (agreement["agreed_by_person"], agreement["agreed_on"]) == (True, agreed_on)
    assert get(client, f"/api/v1/people/{person}")["working_agreement"]["review_by"] == AGREEMENT["review_by"]

    entries = timeline(client, person)
    assert [e["type"] for e in entries[-3:]] == [
        "WorkingAgreementMade",
        "WorkingAgreementMade",
        "WorkingAgreementAgreed",
    ]
    assert entries[-2]["summary"] == (
        "Working agreement made: expectations of each other, how we work together, how differences are "
        f"handled and practicalities (to review by {AGREEMENT['review_by']})"
    )
    assert entries[-1]["summary"] == f"Sam agreed to the working agreement on {agreed_on}"

    pack = get(client, f"/api/v1/people/{person}/review-pack")["working_agreement"]
    assert (pack["expectations"], pack["agreed_on"], pack["changed_in_period"], pack["due"]) == (
        AGREEMENT["expectations"],
        agreed_on,
        True,
        False,
    )


def test_agreed_when_made_the_person_agreed_today_unless_a_day_is_given(client: TestClient) -> None:
    person = http_register(client, ALICE)
    path = f"/api/v1/people/{person}/working-agreement"
    ok(client, "PUT", path, {"practicalities": "Tuesdays", "agreed_by_person": True})
    agreement = get(client, f"/api/v1/people/{person}")["working_agreement"]
    assert (agreement["agreed_by_person"], agreement["agreed_on"]) == (True, str(TODAY))
    before = head(client)
    again = send(client, "POST", f"{path}/agreement", {})
    assert problem(client, again, 409, before)["rule"] == "no_change"


def test_working_agreement_commands_refuse_what_cannot_be_and_write_nothing(client: TestClient) -> None:
    person = http_register(client, ALICE)
    path = f"/api/v1/people/{person}/working-agreement"
    before = head(client)
    tomorrow = str(TODAY + timedelta(days=1))

    none_yet = send(client, "POST", f"{path}/agreement", {})
    assert problem(client, none_yet, 409, before)["rule"] == "no_working_agreement"
    cases: list[tuple[str, Json, list[str]]] = [
        (path, {}, ["text"]),
        (path, {"review_by": AGREEMENT["review_by"]}, ["text"]),
        (path, {"expectations": "   "}, ["expectations"]),
        (path, {"text": "Weekly", "agreed_on": str(TODAY)}, ["agreed_on"]),
        (path, {"text": "Weekly", "agreed_by_person": True, "agreed_on": tomorrow}, ["agreed_on"]),
        (path, {"text": "Weekly", "agreed": True}, ["agreed"]),
        (f"{path}/agreement", {"agreed_on": "yesterday"}, ["agreed_on"]),
    ]
    for where, body, named in cases:
        method = "PUT" if where == path else "POST"
        assert fields(problem(client, send(client, method, where, body), 422, before)) == named, body
    ok(client, "PUT", path, {"text": "Weekly"})
    before = head(client)
    future = send(client, "POST", f"{path}/agreement", {"agreed_on": tomorrow})
    assert fields(problem(client, future, 422, before)) == ["agreed_on"]


# The person's order of their goals


def care_plan_statements(client: TestClient, person: str, **params: Any) -> list[str]:
    return [
        goal["statement"] for goal in get(client, f"/api/v1/people/{person}/care-plan", **params)["goals"]
    ]


def test_the_care_plan_answers_goals_in_the_persons_order(client: TestClient) -> None:
    person = http_register(client, ALICE)
    walk, cook, dance = (http_goal(client, ALICE, person, statement=s) for s in ("Walk", "Cook", "Dance"))
    path = f"/api/v1/people/{person}/goal-priorities"
    before_order = datetime.now(UTC)

    answer = ok(client, "PUT", path, {"goal_ids": [dance, walk]})
    assert answer["id"] == person
    assert care_plan_statements(client, person) == ["Dance", "Walk", "Cook"]
    assert care_plan_statements(client, person, as_of=before_order.isoformat()) == ["Walk", "Cook", "Dance"]
    [last] = timeline(client, person)[-1:]
    assert (last["type"], last["summary"]) == (
        "GoalsPrioritised",
        "Sam's order of priority for 2 goals: 1. “Dance”, 2. “Walk”",
    )
    assert last["data"] == {"goal_ids": [dance, walk]}

    ok(client, "POST", f"/api/v1/goals/{dance}/achieve", {"note": "Danced at the wedding"})
    assert care_plan_statements(client, person) == ["Walk", "Cook"]
    ok(client, "PUT", path, {"goal_ids": [cook]})
    assert care_plan_statements(client, person) == ["Cook", "Walk"]

    frames = [frame for frame in replay(client, person) if frame["type"] == "GoalsPrioritised"]
    assert [frame["changes"]["goals"] for frame in frames] == [[], []], "an order changes no goal"


def replay(client: TestClient, person: str) -> list[Json]:
    import json

    response = client.get(f"/api/v1/people/{person}/replay", headers=ALICE)
    assert response.status_code == 200, response.text
    return [json.loads(line) for line in response.text.splitlines() if line]


def test_an_order_names_only_open_goals_of_the_person_each_once(client: TestClient) -> None:
    person = http_register(client, ALICE)
    other = http_register(client, ALICE, name="Kim")
    walk, cook, closed = (http_goal(client, ALICE, person, statement=s) for s in ("Walk", "Cook", "Swim"))
    kims = http_goal(client, ALICE, other, statement="Run")
    ok(client, "POST", f"/api/v1/goals/{closed}/discontinue", {"reason": "Pool closed"})
    ok(client, "PUT", f"/api/v1/people/{person}/goal-priorities", {"goal_ids": [cook, walk]})
    path = f"/api/v1/people/{person}/goal-priorities"
    before = head(client)

    cases: list[tuple[Json, list[str]]] = [
        ({"goal_ids": [walk, kims]}, ["goal_ids[1]"]),
        ({"goal_ids": [closed]}, ["goal_ids[0]"]),
        ({"goal_ids": [walk, cook, walk]}, ["goal_ids[2]"]),
        ({"goal_ids": [walk, person]}, ["goal_ids[1]"]),
        ({"goal_ids": ["not-a-goal"]}, ["goal_ids[0]"]),
        ({"goal_ids": [walk] * 101}, ["goal_ids"]),
        ({}, ["goal_ids"]),
    ]
    for body, named in cases:
        assert fields(problem(client, send(client, "PUT", path, body), 422, before)) == named, body
    same = send(client, "PUT", path, {"goal_ids": [cook, walk]})
    assert problem(client, same, 409, before)["rule"] == "no_change"
    assert care_plan_statements(client, person) == ["Cook", "Walk"]


# Versions, retries, who may send them


def commands(client: TestClient) -> tuple[str, list[tuple[str, str, Json | None]]]:
    """A person of team north, and each new command with a body that succeeds on them, in order."""
    person = http_register(client, ALICE)
    goal = http_goal(client, ALICE, person)
    entry = ok(client, "POST", f"/api/v1/people/{person}/narrative", STORY, 201)["id"]
    base = f"/api/v1/people/{person}"
    return person, [
        ("PUT", f"{base}/narrative/{entry}", {"themes": ["fishing"]}),
        ("PUT", f"{base}/working-agreement", AGREEMENT),
        ("POST", f"{base}/working-agreement/agreement", {}),
        ("PUT", f"{base}/goal-priorities", {"goal_ids": [goal]}),
        ("DELETE", f"{base}/narrative/{entry}", None),
    ]


def test_a_stale_if_match_is_412_and_the_current_one_lets_each_command_through(client: TestClient) -> None:
    person, calls = commands(client)
    for method, path, body in calls:
        etag = client.get(f"/api/v1/people/{person}", headers=ALICE).headers["ETag"]
        stale = f'"{int(etag.strip(chr(34))) - 1}"'
        before = head(client)
        answer = problem(client, send(client, method, path, body, **{"If-Match": stale}), 412, before)
        assert answer["current_version"] == int(etag.strip('"'))
        fresh = send(client, method, path, body, **{"If-Match": etag})
        assert fresh.status_code == 200, fresh.text


def test_a_repeated_idempotency_key_answers_again_and_writes_once(client: TestClient) -> None:
    _, calls = commands(client)
    for n, (method, path, body) in enumerate(calls):
        first = send(client, method, path, body, **{"Idempotency-Key": f"practice-{n}"})
        assert first.status_code == 200, first.text
        before = head(client)
        again = send(client, method, path, body, **{"Idempotency-Key": f"practice-{n}"})
        assert (again.status_code, again.json()) == (200, first.json())
        assert again.headers["Idempotent-Replayed"] == "true"
        assert head(client) == before


@pytest.mark.parametrize(
    ("headers", "status"),
    [(SUPERVISOR, 403), (SOUTH_WORKER, 404), (bearer("sid", Role.SUPERVISOR, ("south",)), 404)],
    ids=["the team's supervisor", "a worker of another team", "a supervisor of another team"],
)
def test_only_the_teams_workers_and_integrations_send_the_new_commands(
    client: TestClient, headers: dict[str, str], status: int
) -> None:
    person, calls = commands(client)
    before = head(client)
    for method, path, body in calls:
        response = client.request(method, path, json=body, headers=headers)
        assert response.status_code == status, (path, response.text)
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
        if status == 404:
            assert person not in response.json()["detail"]
    assert head(client) == before
    integration = bearer("ehr", Role.INTEGRATION, ("north",))
    assert [client.request(m, p, json=b, headers=integration).status_code for m, p, b in calls] == [200] * 5


def test_nothing_changes_on_a_discharged_persons_journey(client: TestClient) -> None:
    person, calls = commands(client)
    ok(client, "POST", f"/api/v1/people/{person}/discharge", {"reason": "Moved away"})
    before = head(client)
    for method, path, body in calls:
        assert problem(client, send(client, method, path, body), 409, before)["rule"] == "person_discharged"


def test_the_feed_documents_and_carries_the_new_events(client: TestClient) -> None:
    person, calls = commands(client)
    for method, path, body in calls:
        ok(client, method, path, body)
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for kind in (
        "NarrativeEntryRevised",
        "NarrativeEntryWithdrawn",
        "WorkingAgreementAgreed",
        "GoalsPrioritised",
    ):
        assert f"{kind}Data" in schemas, kind
    assert {"written_by", "previous_written_by"} <= set(schemas["NarrativeEntryRevisedData"]["properties"])
    assert {"expectations", "agreed_by_person", "agreed_on"} <= set(
        schemas["WorkingAgreementMadeData"]["properties"]
    )
    feed = client.get("/api/v1/events", params={"limit": 500}, headers=ALICE).json()["items"]
    mine = [item["type"] for item in feed if item["person_id"] == person]
    assert mine[-5:] == [
        "NarrativeEntryRevised",
        "WorkingAgreementMade",
        "WorkingAgreementAgreed",
        "GoalsPrioritised",
        "NarrativeEntryWithdrawn",
    ]
