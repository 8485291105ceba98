"""The authorization matrix of docs/api.md, generated from the published OpenAPI route list.

Every operation whose path names a person, goal, step or anything under a person
(value, strength, treatment preference, supervision note, life map) is called on a real journey of
team north, with its path filled with real ids, its required query parameters
filled, and its own published request example as the body, so that validation
passes and what is tested is the authorization decision:

- no token: 401 with ``WWW-Authenticate: Bearer``;
- a worker or an integration client of another team: 404, exactly as for an
  unknown id, so existence does not leak;
- the team's supervisor: reads answer 2xx; commands are 403, except where the
  contract lets supervisors write (``SUPERVISORS_MAY_WRITE``, with the reason);
- the team's integration client: supervision notes are 403, read or written.

Every refused command writes nothing. A route added later is in the matrix
without anyone listing it; a route the generator cannot call (an unknown path
parameter, a body without an example, a required query parameter it cannot
fill) fails ``test_every_operation_with_an_id_in_its_path_is_in_the_matrix``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from interfaces.http import create_app
from interfaces.settings import Settings
from tests.conftest import SECRET, bearer
from tests.journeys import http_goal, http_step

Spec = dict[str, Any]
Key = tuple[str, str]

WORKER = bearer("alice", Role.WORKER, ("north",))
SUPERVISOR = bearer("sue", Role.SUPERVISOR, ("north",))
INTEGRATION = bearer("ehr", Role.INTEGRATION, ("north",))
SOUTH_WORKER = bearer("bob", Role.WORKER, ("south",))
SOUTH_INTEGRATION = bearer("ehr-south", Role.INTEGRATION, ("south",))
SOUTH_SUPERVISOR = bearer("sid", Role.SUPERVISOR, ("south",))
ADMIN = bearer("ada", Role.ADMIN, ())

WRITES = {"post", "put", "delete", "patch"}
PROBLEM_JSON = "application/problem+json"

#: Commands a supervisor of the team may send, and why (docs/api.md, who sees what).
SUPERVISORS_MAY_WRITE: dict[Key, str] = {
    ("post", "/api/v1/people/{person_id}/supervision-notes"): (
        "supervision notes are the one thing a supervisor writes, beside the team's workers"
    ),
    ("put", "/api/v1/people/{person_id}/supervision-notes/{note_id}"): (
        "a supervisor revises the notes they wrote; only the author may"
    ),
    ("delete", "/api/v1/people/{person_id}/supervision-notes/{note_id}"): (
        "a supervisor retracts the notes they wrote; only the author may"
    ),
}

#: Operations an integration client of the team is refused with 403 (docs/api.md: notes are not part
#: of the record other systems receive), by the path they share.
NOTES_PATH = re.compile(r"^/api/v1/people/\{person_id\}/supervision-notes(/|$)")

#: Path parameters the generator fills, with the journey attribute holding the id.
ID_PARAMETERS = {
    "person_id": "person",
    "goal_id": "goal",
    "step_id": "step",
    "value_id": "value",
    "strength_id": "strength",
    "preference_id": "preference",
    "note_id": "note",
    "entry_id": "entry",
    "team_id": "team",
}
#: An enumerated path parameter takes the enumeration's first member.
ENUM_PARAMETERS = {"kind"}
#: A moment before any test journey, for required time parameters (the diff's `from`).
EARLIER = "2020-01-01T00:00:00Z"


# The plan: one request per operation, generated from the spec


@dataclass(frozen=True)
class Call:
    """One operation, ready to be called on any journey."""

    method: str
    template: str
    query: dict[str, str]
    body: Any
    has_body: bool

    @property
    def key(self) -> Key:
        return (self.method, self.template)

    @property
    def writes(self) -> bool:
        return self.method in WRITES


def resolve(spec: Spec, schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        resolved: dict[str, Any] = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        return resolved
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    return resolve(spec, options[0]) if len(options) == 1 else schema


def sample(spec: Spec, schema: dict[str, Any]) -> str | None:
    """A valid value for a required query parameter, or None if the generator does not know one."""
    schema = resolve(spec, schema)
    if "enum" in schema:
        return str(schema["enum"][0])
    if schema.get("format") == "date-time":
        return EARLIER
    if schema.get("format") == "date":
        return EARLIER[:10]
    if schema.get("type") == "integer":
        return str(schema.get("minimum", 0))
    return None


def templated(spec: Spec) -> list[Key]:
    """Every operation with a parameter in its path."""
    return sorted((method, path) for path, item in spec["paths"].items() for method in item if "{" in path)


def plan(spec: Spec) -> tuple[list[Call], list[str]]:
    """The calls for every operation with an id in its path, and what could not be planned."""
    calls, uncovered = [], []
    for method, path in templated(spec):
        operation = spec["paths"][path][method]
        query: dict[str, str] = {}
        problems = []
        for parameter in operation.get("parameters", []):
            name, where = parameter["name"], parameter["in"]
            if where == "path" and name not in ID_PARAMETERS and name not in ENUM_PARAMETERS:
                problems.append(f"path parameter {name!r} has no filler in ID_PARAMETERS")
            elif where == "query" and parameter.get("required"):
                value = sample(spec, parameter["schema"])
                if value is None:
                    problems.append(f"required query parameter {name!r}: teach sample() a value")
                else:
                    query[name] = value
        body, has_body = None, "requestBody" in operation
        if has_body:
            schema = resolve(spec, operation["requestBody"]["content"]["application/json"]["schema"])
            examples = schema.get("examples", [])
            if examples:
                body = examples[0]
            else:
                problems.append("the request body has no published example")
        if problems:
            uncovered.extend(f"{method.upper()} {path}: {p}" for p in problems)
        else:
            calls.append(Call(method, path, query, body, has_body))
    return calls, uncovered


# The journey the calls run on


@dataclass(frozen=True)
class Journey:
    person: str
    goal: str
    step: str
    value: str
    strength: str
    preference: str
    note: str
    entry: str
    #: The position of the person's registration: a real event to pin notes to.
    registered_at: int
    #: The person's team (the team audit's path).
    team: str = "north"

    def path(self, call: Call, spec: Spec) -> str:
        values: dict[str, str] = {name: getattr(self, attr) for name, attr in ID_PARAMETERS.items()}
        for parameter in spec["paths"][call.template][call.method].get("parameters", []):
            if parameter["in"] == "path" and parameter["name"] in ENUM_PARAMETERS:
                values[parameter["name"]] = str(resolve(spec, parameter["schema"])["enum"][0])
        return call.template.format(**values)

    def body(self, call: Call) -> Any:
        """The published example, with a note pinned to a real event of this person's."""
        if isinstance(call.body, dict) and "position" in call.body:
            return {**call.body, "position": self.registered_at}
        return call.body


def created(response: Any) -> Any:
    assert response.status_code == 201, response.text
    return response.json()


def build_journey(client: TestClient) -> Journey:
    """Team north: a person with a goal, a step, a value, a strength, a narrative entry and a
    supervisor's note."""
    sam = {"display_name": "Sam", "team_id": "north"}
    registered = client.post("/api/v1/people", json=sam, headers=WORKER)
    person = created(registered)["id"]
    goal = http_goal(client, WORKER, person)
    step = http_step(client, WORKER, goal)
    value = created(
        client.post(
            f"/api/v1/people/{person}/values",
            json={
                "area": "religion_spirituality",
                "statement": "Friday prayers",
                "in_own_words": True,
                "approach": "conversational",
            },
            headers=WORKER,
        )
    )["id"]
    strength = created(
        client.post(
            f"/api/v1/people/{person}/strengths",
            json={
                "domain": "social_supports",
                "column": "current",
                "resource": "external",
                "statement": "I keep a rhythm",
                "in_own_words": True,
            },
            headers=WORKER,
        )
    )["id"]
    entry = created(
        client.post(
            f"/api/v1/people/{person}/narrative",
            json={"text": "I grew up by the sea", "themes": ["home"], "written_by": "person"},
            headers=WORKER,
        )
    )["id"]
    preference = created(
        client.post(
            f"/api/v1/people/{person}/treatment-preferences",
            json={"statement": "Short meetings, at my pace", "in_own_words": True},
            headers=WORKER,
        )
    )["id"]
    position = registered.json()["position"]
    note = note_by(client, person, position)
    return Journey(person, goal, step, value, strength, preference, note, entry, position)


def note_by(client: TestClient, person: str, position: int, headers: dict[str, str] = SUPERVISOR) -> str:
    response = client.post(
        f"/api/v1/people/{person}/supervision-notes",
        json={"position": position, "text": "What made this the first step?"},
        headers=headers,
    )
    note: str = created(response)["id"]
    return note


def head(client: TestClient) -> int:
    """The store's newest position: a query catches the read models up, /health reports them."""
    assert client.get("/api/v1/people", headers=ADMIN).status_code == 200
    position: int = client.get("/health").json()["position"]
    return position


@dataclass
class Matrix:
    client: TestClient
    spec: Spec
    calls: list[Call]
    journey: Journey
    mismatches: list[str]

    def send(self, call: Call, headers: dict[str, str] | None, journey: Journey | None = None) -> Any:
        journey = journey or self.journey
        kwargs: dict[str, Any] = {"params": call.query, "headers": headers or {}}
        if call.has_body:
            kwargs["json"] = journey.body(call)
        return self.client.request(call.method.upper(), journey.path(call, self.spec), **kwargs)

    def expect(self, call: Call, headers: dict[str, str] | None, status: int | range, why: str) -> Any:
        """Send ``call``; note a mismatch, and for a refused command, any event it wrote."""
        before = head(self.client) if call.writes else None
        response = self.send(call, headers)
        expected = status if isinstance(status, range) else range(status, status + 1)
        if response.status_code not in expected:
            self.mismatches.append(
                f"{call.method.upper()} {call.template} ({why}): {response.status_code} {response.text[:200]}"
            )
        elif response.status_code >= 400:
            if not response.headers["content-type"].startswith(PROBLEM_JSON):
                self.mismatches.append(f"{call.method.upper()} {call.template}: not problem+json")
            if before is not None and head(self.client) != before:
                self.mismatches.append(f"{call.method.upper()} {call.template} ({why}): a refusal wrote")
        return response

    def assert_clean(self) -> None:
        assert self.mismatches == [], "\n".join(self.mismatches)


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Spec:
    """The published route list; it does not depend on the store, so it is read once."""
    settings = Settings(
        data_dir=Path(tmp_path_factory.mktemp("matrix")), database_url="memory://", secret_key=SECRET
    )
    with TestClient(create_app(settings)) as api:
        document: Spec = api.get("/openapi.json").json()
    return document


@pytest.fixture
def matrix(client: TestClient, spec: Spec) -> Iterator[Matrix]:
    calls, _ = plan(spec)
    yield Matrix(client, spec, calls, build_journey(client), [])


# Coverage of the route list


def test_every_operation_with_an_id_in_its_path_is_in_the_matrix(spec: Spec) -> None:
    calls, uncovered = plan(spec)

    assert uncovered == []
    assert {call.key for call in calls} == set(templated(spec))
    # The contract's person, goal and step routes at the time of writing; more may come.
    assert len(calls) >= 43


def test_the_matrix_calls_every_operation_with_a_valid_request_on_a_real_journey(matrix: Matrix) -> None:
    """The team's own worker gets past validation everywhere (so refusals elsewhere are authorization).

    Read-only operations answer 2xx; commands are only sent as far as validation: a
    422 here would mean the published example or the generator is wrong.
    """
    for call in matrix.calls:
        if call.writes:
            continue
        matrix.expect(call, WORKER, range(200, 300), "the team's worker reads")
    matrix.assert_clean()


# The matrix


def test_without_a_token_every_api_operation_is_401_with_www_authenticate(matrix: Matrix) -> None:
    every = [
        Call(method, path, {}, None, False)
        for path, item in matrix.spec["paths"].items()
        for method in item
        if path.startswith("/api/v1/") and "{" not in path
    ]
    for call in [*matrix.calls, *every]:
        response = matrix.expect(call, None, 401, "no token")
        if response.status_code == 401 and response.headers.get("WWW-Authenticate") != "Bearer":
            matrix.mismatches.append(f"{call.method.upper()} {call.template}: no WWW-Authenticate: Bearer")
    matrix.assert_clean()


@pytest.mark.parametrize(
    ("caller", "headers"),
    [
        ("worker", SOUTH_WORKER),
        ("integration client", SOUTH_INTEGRATION),
        ("supervisor", SOUTH_SUPERVISOR),
    ],
)
def test_another_teams_caller_gets_404_from_every_operation_on_the_journey(
    matrix: Matrix, caller: str, headers: dict[str, str]
) -> None:
    for call in matrix.calls:
        matrix.expect(call, headers, 404, f"a {caller} of another team")
    matrix.assert_clean()


def test_the_teams_supervisor_reads_everything_and_writes_only_supervision_notes(matrix: Matrix) -> None:
    for call in matrix.calls:
        if not call.writes:
            matrix.expect(call, SUPERVISOR, range(200, 300), "the team's supervisor reads")
        elif call.key in SUPERVISORS_MAY_WRITE:
            # A note of the supervisor's own for each, so a retraction does not spoil a revision.
            own = note_by(matrix.client, matrix.journey.person, matrix.journey.registered_at)
            journey = replace(matrix.journey, note=own)
            response = matrix.send(call, SUPERVISOR, journey)
            if response.status_code not in range(200, 300):
                matrix.mismatches.append(
                    f"{call.method.upper()} {call.template} ({SUPERVISORS_MAY_WRITE[call.key]}): "
                    f"{response.status_code} {response.text[:200]}"
                )
        else:
            matrix.expect(call, SUPERVISOR, 403, "the team's supervisor changes nothing")
    matrix.assert_clean()


def test_a_supervisor_may_not_revise_or_retract_a_note_written_by_someone_else(matrix: Matrix) -> None:
    alices = replace(
        matrix.journey,
        note=note_by(matrix.client, matrix.journey.person, matrix.journey.registered_at, headers=WORKER),
    )
    for call in matrix.calls:
        if call.writes and "{note_id}" in call.template:
            before = head(matrix.client)
            response = matrix.send(call, SUPERVISOR, alices)
            assert response.status_code == 403, (call.key, response.text)
            assert head(matrix.client) == before
    matrix.assert_clean()


def test_the_teams_integration_client_may_not_read_or_write_supervision_notes(matrix: Matrix) -> None:
    notes = [call for call in matrix.calls if NOTES_PATH.match(call.template)]
    assert {call.method for call in notes} == {"get", "post", "put", "delete"}

    for call in notes:
        matrix.expect(call, INTEGRATION, 403, "supervision notes are not for integrations")
    matrix.assert_clean()
