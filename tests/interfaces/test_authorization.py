"""Who may read and change what: the authorization matrix of docs/api.md, over HTTP.

A person is visible only to subjects whose teams include the person's team
(admins see all); anyone else gets 404 for the person, their goals and their
steps, exactly as for an unknown id, never 403. Supervisors read their team's
journeys and change nothing (403). Every refused request writes no event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import jwt
import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from interfaces.auth import create_token
from tests.conftest import SECRET, bearer
from tests.journeys import GOAL, http_goal, http_register, http_step

ALICE = bearer("alice", Role.WORKER, ("north",))
ADMIN = bearer("ada", Role.ADMIN, ())
PROBLEM_JSON = "application/problem+json"


@dataclass(frozen=True)
class Journey:
    person: str
    goal: str
    step: str

    def fill(self, path: str) -> str:
        return path.format(person=self.person, goal=self.goal, step=self.step)


def journey(client: TestClient, headers: dict[str, str] = ALICE, team: str = "north") -> Journey:
    person = http_register(client, headers, team=team)
    goal = http_goal(client, headers, person)
    return Journey(person, goal, http_step(client, headers, goal))


def unknown() -> Journey:
    return Journey(str(uuid4()), str(uuid4()), str(uuid4()))


def head(client: TestClient) -> int:
    """The store's newest position: a query catches the read models up, /health reports them."""
    assert client.get("/api/v1/people", headers=ADMIN).status_code == 200
    position: int = client.get("/health").json()["position"]
    return position


READS = [
    "/api/v1/people/{person}",
    "/api/v1/people/{person}/care-plan",
    "/api/v1/people/{person}/timeline",
    "/api/v1/people/{person}/timeline?goal_id={goal}",
    "/api/v1/goals/{goal}",
    "/api/v1/steps/{step}",
]

#: Every command on an existing person, goal or step, each with a valid body.
COMMANDS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("POST", "/api/v1/people/{person}/key-worker", {"worker_id": "bob"}),
    ("POST", "/api/v1/people/{person}/transfer", {"team_id": "east"}),
    ("POST", "/api/v1/people/{person}/discharge", {"reason": "Moved away"}),
    ("PUT", "/api/v1/people/{person}/working-agreement", {"text": "We meet weekly"}),
    ("PUT", "/api/v1/people/{person}/preferred-name", {"preferred_name": "Sammy", "pronouns": "they/them"}),
    ("POST", "/api/v1/people/{person}/goals", GOAL),
    ("POST", "/api/v1/goals/{goal}/reframe", {"statement": "I want to move", "orientation": "approach"}),
    ("POST", "/api/v1/goals/{goal}/revise", {"statement": "I want to dance weekly"}),
    ("POST", "/api/v1/goals/{goal}/links", {"value_ids": [str(uuid4())]}),
    ("PUT", "/api/v1/goals/{goal}/grow", {"reality": "Breathless after ten minutes"}),
    ("POST", "/api/v1/goals/{goal}/pause", None),
    ("POST", "/api/v1/goals/{goal}/resume", {"note": "Ready"}),
    ("POST", "/api/v1/goals/{goal}/achieve", None),
    ("POST", "/api/v1/goals/{goal}/discontinue", {"reason": "Other plans"}),
    ("POST", "/api/v1/goals/{goal}/steps", {"description": "Call the studio", "mode": "independent"}),
    ("POST", "/api/v1/steps/{step}/start", None),
    ("POST", "/api/v1/steps/{step}/complete", {"note": "Done"}),
    ("POST", "/api/v1/steps/{step}/drop", {"reason": "Not needed"}),
    ("POST", "/api/v1/steps/{step}/reschedule", {"due": "2027-01-15"}),
    ("POST", "/api/v1/steps/{step}/mode", {"mode": "passive"}),
]

REGISTER = ("POST", "/api/v1/people", {"display_name": "Kim", "team_id": "north"})


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, (response.request.url, response.text)
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"]
    assert body["title"]
    assert body["detail"]
    return body


# Authentication


def test_every_api_route_without_a_token_is_401_with_www_authenticate(client: TestClient) -> None:
    ids = journey(client)
    before = head(client)
    requests = [("GET", path, None) for path in [*READS, "/api/v1/people"]] + [*COMMANDS, REGISTER]

    for method, path, body in requests:
        response = client.request(method, ids.fill(path), json=body)
        problem = assert_problem(response, 401)
        assert response.headers["WWW-Authenticate"] == "Bearer", path
        assert problem["type"] == "/problems/unauthorized"

    assert head(client) == before


def _claims(**changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    claims = {
        "iss": "refocus",
        "sub": "alice",
        "role": "worker",
        "teams": ["north"],
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=1)).timestamp()),
        "jti": "an-id-of-this-token",
    }
    return {k: v for k, v in {**claims, **changes}.items() if v is not None}


def _authorization(kind: str) -> str:
    """An Authorization header value that must not authenticate anyone."""
    if kind == "garbage":
        return "Bearer not-a-token-at-all"
    if kind == "expired":
        long_ago = datetime.now(UTC) - timedelta(hours=2)
        return "Bearer " + create_token(
            SECRET, "alice", Role.WORKER, ["north"], ttl=timedelta(hours=1), now=long_ago
        )
    if kind == "wrong-key":
        key = "a-different-deployment-key-that-is-long-enough"
        return "Bearer " + create_token(key, "alice", Role.WORKER, ["north"])
    if kind == "unsigned":
        return "Bearer " + jwt.encode(_claims(), None, algorithm="none")
    if kind == "tampered":
        header, payload, signature = create_token(SECRET, "alice", Role.WORKER, ["north"]).split(".")
        forged = jwt.encode(_claims(role="admin"), SECRET, algorithm="HS256").split(".")[1]
        assert forged != payload
        return f"Bearer {header}.{forged}.{signature}"
    if kind == "unknown-role":
        return "Bearer " + jwt.encode(_claims(role="superuser"), SECRET, algorithm="HS256")
    if kind == "other-issuer":
        return "Bearer " + jwt.encode(_claims(iss="elsewhere"), SECRET, algorithm="HS256")
    if kind == "no-expiry":
        return "Bearer " + jwt.encode(_claims(exp=None), SECRET, algorithm="HS256")
    if kind == "teams-not-a-list":
        return "Bearer " + jwt.encode(_claims(teams="north"), SECRET, algorithm="HS256")
    if kind in REFUSED_CLAIMS:
        return "Bearer " + jwt.encode(_claims(**REFUSED_CLAIMS[kind]), SECRET, algorithm="HS256")
    if kind == "basic-scheme":
        return "Basic YWxpY2U6c2VjcmV0"
    if kind == "empty-bearer":
        return "Bearer "
    raise AssertionError(kind)


#: Signed with the deployment's key, but naming nobody, no team, living too long or without an id.
REFUSED_CLAIMS: dict[str, dict[str, Any]] = {
    "empty-subject": {"sub": ""},
    "blank-subject": {"sub": "  "},
    "empty-team": {"teams": ["north", ""]},
    "worker-without-teams": {"teams": []},
    "supervisor-without-teams": {"role": "supervisor", "teams": []},
    "integration-without-teams": {"role": "integration", "teams": None},
    "longer-than-the-maximum-lifetime": {
        "iat": int((datetime.now(UTC) - timedelta(hours=1)).timestamp()),
        "exp": int((datetime.now(UTC) + timedelta(hours=12)).timestamp()),
    },
    "no-id": {"jti": None},
    "empty-id": {"jti": ""},
}

BAD_TOKENS = [
    *REFUSED_CLAIMS,
    "garbage",
    "expired",
    "wrong-key",
    "unsigned",
    "tampered",
    "unknown-role",
    "other-issuer",
    "no-expiry",
    "teams-not-a-list",
    "basic-scheme",
    "empty-bearer",
]


def test_a_token_that_is_not_valid_is_401_on_reads_and_commands(client: TestClient) -> None:
    ids = journey(client)
    before = head(client)
    requests = [
        ("GET", "/api/v1/people", None),
        ("GET", "/api/v1/people/{person}", None),
        ("GET", "/api/v1/steps/{step}", None),
        ("POST", "/api/v1/goals/{goal}/steps", {"description": "Call", "mode": "independent"}),
        REGISTER,
    ]

    for kind in BAD_TOKENS:
        headers = {"Authorization": _authorization(kind)}
        for method, path, body in requests:
            response = client.request(method, ids.fill(path), json=body, headers=headers)
            assert response.status_code == 401, (kind, path, response.text)
            assert_problem(response, 401)
            assert response.headers["WWW-Authenticate"] == "Bearer", kind

    assert head(client) == before


# Visibility: outside the person's team it does not exist


OUTSIDERS = {
    "worker-of-another-team": bearer("bob", Role.WORKER, ("south",)),
    "supervisor-of-another-team": bearer("sid", Role.SUPERVISOR, ("south",)),
}


@pytest.mark.parametrize("outsider", list(OUTSIDERS))
def test_someone_outside_the_team_gets_the_same_404_as_for_an_unknown_id(
    client: TestClient, outsider: str
) -> None:
    ids = journey(client)
    headers = OUTSIDERS[outsider]
    before = head(client)
    nobody = unknown()

    for path in READS:
        assert client.get(ids.fill(path), headers=ALICE).status_code == 200, path
        seen = client.get(ids.fill(path), headers=headers)
        problem = assert_problem(seen, 404)
        assert problem["type"] == "/problems/not-found"
        assert problem == client.get(nobody.fill(path), headers=headers).json(), path

    for method, path, body in COMMANDS:
        refused = client.request(method, ids.fill(path), json=body, headers=headers)
        problem = assert_problem(refused, 404)
        as_if_unknown = client.request(method, nobody.fill(path), json=body, headers=headers)
        assert problem == as_if_unknown.json(), path

    assert head(client) == before
    caseload = client.get("/api/v1/people", headers=headers)
    assert caseload.status_code == 200
    assert caseload.json()["items"] == []
    filtered = client.get("/api/v1/people", params={"team_id": "north"}, headers=headers)
    assert filtered.status_code == 200
    assert filtered.json()["items"] == []


def test_integrations_of_other_teams_see_nothing(client: TestClient) -> None:
    ids = journey(client)
    before = head(client)
    others = {"integration-of-another-team": bearer("ehr", Role.INTEGRATION, ("south",))}

    for who, headers in others.items():
        for path in READS:
            assert client.get(ids.fill(path), headers=headers).status_code == 404, (who, path)
        for method, path, body in COMMANDS[::4]:
            response = client.request(method, ids.fill(path), json=body, headers=headers)
            assert response.status_code == 404, (who, path, response.text)
        assert client.get("/api/v1/people", headers=headers).json()["items"] == [], who

    assert head(client) == before


def test_a_worker_only_sees_their_own_teams_people_in_the_caseload(client: TestClient) -> None:
    north = http_register(client, ALICE, team="north", name="Sam")
    bob = bearer("bob", Role.WORKER, ("south",))
    south = http_register(client, bob, team="south", name="Lee")

    assert [p["id"] for p in client.get("/api/v1/people", headers=ALICE).json()["items"]] == [north]
    assert [p["id"] for p in client.get("/api/v1/people", headers=bob).json()["items"]] == [south]
    assert client.get(f"/api/v1/people/{south}", headers=ALICE).status_code == 404
    assert client.get(f"/api/v1/people/{north}", headers=bob).status_code == 404


def test_a_worker_cannot_register_a_person_in_a_team_they_do_not_belong_to(client: TestClient) -> None:
    before = head(client)

    response = client.post("/api/v1/people", json={"display_name": "Kim", "team_id": "south"}, headers=ALICE)

    assert assert_problem(response, 403)["type"] == "/problems/forbidden"
    assert head(client) == before
    assert client.get("/api/v1/people", headers=ADMIN).json()["items"] == []


def test_a_worker_cannot_transfer_a_person_into_a_team_they_do_not_belong_to(client: TestClient) -> None:
    ids = journey(client)
    before = head(client)

    response = client.post(
        ids.fill("/api/v1/people/{person}/transfer"), json={"team_id": "south"}, headers=ALICE
    )

    problem = assert_problem(response, 403)
    assert problem["type"] == "/problems/forbidden"
    assert "transferred into one of your own teams" in problem["detail"]
    assert head(client) == before
    assert client.get(ids.fill("/api/v1/people/{person}"), headers=ALICE).json()["team_id"] == "north"


@pytest.mark.parametrize(
    "headers",
    [bearer("alice", Role.WORKER, ("north", "south")), ADMIN],
    ids=["a worker of both teams", "an admin"],
)
def test_a_transfer_is_made_with_the_receiving_teams_say(client: TestClient, headers: dict[str, str]) -> None:
    ids = journey(client)

    response = client.post(
        ids.fill("/api/v1/people/{person}/transfer"), json={"team_id": "south"}, headers=headers
    )

    assert response.status_code == 200, response.text
    assert client.get(ids.fill("/api/v1/people/{person}"), headers=ADMIN).json()["team_id"] == "south"


# Supervisors read and never write


SUE = bearer("sue", Role.SUPERVISOR, ("north",))


def test_a_supervisor_of_the_team_reads_every_part_of_the_journey(client: TestClient) -> None:
    ids = journey(client)

    for path in READS:
        mine = client.get(ids.fill(path), headers=ALICE)
        theirs = client.get(ids.fill(path), headers=SUE)
        assert theirs.status_code == 200, (path, theirs.text)
        assert theirs.json() == mine.json(), path
    caseload = client.get("/api/v1/people", headers=SUE).json()["items"]
    assert [p["id"] for p in caseload] == [ids.person]


def test_a_supervisor_of_the_team_is_refused_every_command_with_403(client: TestClient) -> None:
    ids = journey(client)
    before = head(client)

    for method, path, body in [*COMMANDS, REGISTER]:
        response = client.request(method, ids.fill(path), json=body, headers=SUE)
        problem = assert_problem(response, 403)
        assert problem["type"] == "/problems/forbidden", path

    assert head(client) == before


# Admins and integrations


def test_an_admin_sees_and_changes_people_of_every_team(client: TestClient) -> None:
    north = journey(client, ALICE, team="north")
    south = journey(client, bearer("bob", Role.WORKER, ("south",)), team="south")

    caseload = client.get("/api/v1/people", headers=ADMIN).json()["items"]
    assert sorted(p["id"] for p in caseload) == sorted([north.person, south.person])
    only_south = client.get("/api/v1/people", params={"team_id": "south"}, headers=ADMIN).json()["items"]
    assert [p["id"] for p in only_south] == [south.person]
    for ids in (north, south):
        for path in READS:
            assert client.get(ids.fill(path), headers=ADMIN).status_code == 200, path
        done = client.post(ids.fill("/api/v1/steps/{step}/complete"), headers=ADMIN)
        assert done.status_code == 200, done.text
    registered = client.post("/api/v1/people", json={"display_name": "Kim", "team_id": "west"}, headers=ADMIN)
    assert registered.status_code == 201, registered.text


def test_an_integration_of_the_team_can_write_the_journey(client: TestClient) -> None:
    ehr = bearer("ehr-bridge", Role.INTEGRATION, ("north",))

    ids = journey(client, ehr)
    assert client.post(ids.fill("/api/v1/steps/{step}/start"), headers=ehr).status_code == 200
    agreement = client.put(
        ids.fill("/api/v1/people/{person}/working-agreement"), json={"text": "Weekly"}, headers=ehr
    )
    assert agreement.status_code == 200, agreement.text

    entries = client.get(ids.fill("/api/v1/people/{person}/timeline"), headers=ALICE).json()["entries"]
    assert [e["type"] for e in entries] == [
        "PersonRegistered",
        "GoalIdentified",
        "StepPlanned",
        "StepStarted",
        "WorkingAgreementMade",
    ]
    assert {(e["actor"]["subject"], e["actor"]["role"]) for e in entries} == {("ehr-bridge", "integration")}


# Access follows the person's team


def test_after_a_transfer_the_original_teams_worker_gets_404_and_the_new_team_sees_the_person(
    client: TestClient,
) -> None:
    ids = journey(client)
    moved = client.post(
        ids.fill("/api/v1/people/{person}/transfer"),
        json={"team_id": "south"},
        headers=bearer("alice", Role.WORKER, ("north", "south")),
    )
    assert moved.status_code == 200, moved.text
    bob = bearer("bob", Role.WORKER, ("south",))
    before = head(client)

    for path in READS:
        assert_problem(client.get(ids.fill(path), headers=ALICE), 404)
        assert client.get(ids.fill(path), headers=bob).status_code == 200, path
    for method, path, body in COMMANDS:
        assert_problem(client.request(method, ids.fill(path), json=body, headers=ALICE), 404)
    assert head(client) == before
    assert client.get("/api/v1/people", headers=ALICE).json()["items"] == []
    assert [p["id"] for p in client.get("/api/v1/people", headers=bob).json()["items"]] == [ids.person]
    assert client.post(ids.fill("/api/v1/steps/{step}/start"), headers=bob).status_code == 200


def test_a_request_without_a_token_is_401_before_its_body_is_even_read(client: TestClient) -> None:
    malformed = client.post(
        "/api/v1/people", content=b'{"display_name": "Sam", ', headers={"Content-Type": "application/json"}
    )
    oversized = client.post(
        "/api/v1/people", content=b"x" * (256 * 1024), headers={"Content-Type": "application/json"}
    )

    for response in (malformed, oversized):
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert response.headers["content-type"] == "application/problem+json"
