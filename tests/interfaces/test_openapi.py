"""The OpenAPI document: every route of the contract, with schemas, examples and problems.

OpenAPI at /openapi.json and the docs at /docs show every route with its schemas
and an example (docs/api.md). The document does not depend on the store,
so it is fetched once, from an app over the in-memory store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from domain.text import REFERENCE_PATTERN, TEXT_PATTERN
from interfaces.http import create_app, schemas
from interfaces.http.deps import IDEMPOTENCY_KEY_PATTERN, IF_MATCH_PATTERN
from interfaces.settings import Settings
from tests.conftest import SECRET

Spec = dict[str, Any]

QUERIES = {
    ("get", "/api/v1/people"),
    ("get", "/api/v1/people/{person_id}"),
    ("get", "/api/v1/goals/{goal_id}"),
    ("get", "/api/v1/steps/{step_id}"),
    ("get", "/api/v1/people/{person_id}/care-plan"),
    ("get", "/api/v1/people/{person_id}/timeline"),
    ("get", "/api/v1/people/{person_id}/strengths-worksheet"),
    ("get", "/api/v1/people/{person_id}/review-pack"),
    ("get", "/api/v1/people/{person_id}/care-plan/diff"),
    ("get", "/api/v1/people/{person_id}/supervision-notes"),
    ("get", "/api/v1/people/{person_id}/conversations"),
}
#: Streams newline-delimited JSON frames rather than one JSON document.
REPLAY = ("get", "/api/v1/people/{person_id}/replay")
CREATES = {
    ("post", "/api/v1/people"),
    ("post", "/api/v1/people/{person_id}/goals"),
    ("post", "/api/v1/goals/{goal_id}/steps"),
    ("post", "/api/v1/people/{person_id}/values"),
    ("post", "/api/v1/people/{person_id}/treatment-preferences"),
    ("post", "/api/v1/people/{person_id}/narrative"),
    ("post", "/api/v1/people/{person_id}/strengths"),
    ("post", "/api/v1/people/{person_id}/reviews"),
    ("post", "/api/v1/people/{person_id}/supervision-notes"),
    ("post", "/api/v1/people/{person_id}/conversations"),
}
CHANGES = {
    ("post", "/api/v1/people/{person_id}/key-worker"),
    ("post", "/api/v1/people/{person_id}/transfer"),
    ("post", "/api/v1/people/{person_id}/discharge"),
    ("put", "/api/v1/people/{person_id}/working-agreement"),
    ("put", "/api/v1/people/{person_id}/preferred-name"),
    ("post", "/api/v1/goals/{goal_id}/reframe"),
    ("post", "/api/v1/goals/{goal_id}/revise"),
    ("post", "/api/v1/goals/{goal_id}/links"),
    ("put", "/api/v1/goals/{goal_id}/grow"),
    ("post", "/api/v1/goals/{goal_id}/pause"),
    ("post", "/api/v1/goals/{goal_id}/resume"),
    ("post", "/api/v1/goals/{goal_id}/achieve"),
    ("post", "/api/v1/goals/{goal_id}/discontinue"),
    ("post", "/api/v1/steps/{step_id}/start"),
    ("post", "/api/v1/steps/{step_id}/complete"),
    ("post", "/api/v1/steps/{step_id}/drop"),
    ("post", "/api/v1/steps/{step_id}/reschedule"),
    ("post", "/api/v1/steps/{step_id}/mode"),
    ("put", "/api/v1/people/{person_id}/values/{value_id}"),
    ("delete", "/api/v1/people/{person_id}/values/{value_id}"),
    ("post", "/api/v1/people/{person_id}/declined-areas"),
    ("put", "/api/v1/people/{person_id}/life-maps/{kind}"),
    ("put", "/api/v1/people/{person_id}/strengths/{strength_id}"),
    ("delete", "/api/v1/people/{person_id}/strengths/{strength_id}"),
    ("put", "/api/v1/people/{person_id}/supervision-notes/{note_id}"),
    ("delete", "/api/v1/people/{person_id}/supervision-notes/{note_id}"),
}
COMMANDS = CREATES | CHANGES
#: Withdrawing a value or removing a strength says everything in its path.
BODYLESS = {
    ("delete", "/api/v1/people/{person_id}/values/{value_id}"),
    ("delete", "/api/v1/people/{person_id}/strengths/{strength_id}"),
    ("delete", "/api/v1/people/{person_id}/supervision-notes/{note_id}"),
}
HEALTH = ("get", "/health")
CONTRACT = QUERIES | COMMANDS | {HEALTH}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = Path(tmp_path_factory.mktemp("openapi"))
    settings = Settings(data_dir=data, database_url="memory://", secret_key=SECRET)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def spec(api: TestClient) -> Spec:
    response = api.get("/openapi.json")
    assert response.status_code == 200
    document: Spec = response.json()
    return document


def operation(spec: Spec, key: tuple[str, str]) -> dict[str, Any]:
    method, path = key
    op: dict[str, Any] = spec["paths"][path][method]
    return op


def resolve(spec: Spec, schema: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` (and an optional body's ``anyOf [ref, null]``) to the component."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        component: dict[str, Any] = spec["components"]["schemas"][name]
        return {"title": name, **component}
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(options) == 1:
        return resolve(spec, options[0])
    return schema


def component_name(spec: Spec, schema: dict[str, Any]) -> str:
    name: str = resolve(spec, schema).get("title", "")
    return name


def request_schema(spec: Spec, key: tuple[str, str]) -> dict[str, Any] | None:
    body = operation(spec, key).get("requestBody")
    if body is None:
        return None
    schema: dict[str, Any] = body["content"]["application/json"]["schema"]
    return schema


def success(key: tuple[str, str]) -> str:
    return "201" if key in CREATES else "200"


def examples_of(spec: Spec, media: dict[str, Any]) -> list[Any]:
    """Examples reachable from a media type: its own, or its schema's component's."""
    found = list(media.get("examples", {}).values()) if isinstance(media.get("examples"), dict) else []
    if "example" in media:
        found.append(media["example"])
    found.extend(resolve(spec, media.get("schema", {})).get("examples", []))
    return found


# Routes


def test_openapi_lists_every_route_of_the_contract(spec: Spec) -> None:
    listed = {(method, path) for path, item in spec["paths"].items() for method in item}

    assert listed >= CONTRACT, sorted(CONTRACT - listed)


def test_the_docs_page_is_served(api: TestClient) -> None:
    response = api.get("/docs")

    assert response.status_code == 200
    assert "/openapi.json" in response.text


def test_every_operation_is_described_for_an_integrator(spec: Spec) -> None:
    for key in sorted(CONTRACT):
        description = operation(spec, key).get("description", "")
        assert len(description) > 20, key


def test_every_api_operation_needs_a_bearer_token_and_health_does_not(spec: Spec) -> None:
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for key in sorted(QUERIES | COMMANDS):
        assert {"HTTPBearer": []} in operation(spec, key).get("security", []), key
    assert not operation(spec, HEALTH).get("security")


# Requests


def test_every_command_has_a_request_schema_with_a_valid_example(spec: Spec) -> None:
    without_body = {
        ("post", "/api/v1/goals/{goal_id}/pause"),
        ("post", "/api/v1/goals/{goal_id}/resume"),
        ("post", "/api/v1/goals/{goal_id}/achieve"),
        ("post", "/api/v1/steps/{step_id}/start"),
        ("post", "/api/v1/steps/{step_id}/complete"),
    }
    for key in sorted(COMMANDS - BODYLESS):
        schema = request_schema(spec, key)
        assert schema is not None, key
        body = operation(spec, key)["requestBody"]
        assert body.get("required", False) is (key not in without_body), key
        component = resolve(spec, schema)
        assert component.get("type") == "object", key
        examples = examples_of(spec, body["content"]["application/json"])
        assert examples, f"{key}: no example"
        model = getattr(schemas, component["title"])
        for example in examples:
            model.model_validate(example)


def test_bodyless_commands_take_no_body(spec: Spec) -> None:
    for key in sorted(BODYLESS):
        assert "requestBody" not in operation(spec, key), key


def test_request_schemas_refuse_additional_properties(spec: Spec) -> None:
    for key in sorted(COMMANDS - BODYLESS):
        schema = request_schema(spec, key)
        assert schema is not None, key
        assert resolve(spec, schema).get("additionalProperties") is False, key


def test_queries_have_no_request_body(spec: Spec) -> None:
    for key in sorted(QUERIES | {HEALTH}):
        assert "requestBody" not in operation(spec, key), key


def test_commands_on_an_existing_aggregate_declare_the_if_match_header(spec: Spec) -> None:
    for key in sorted(CHANGES):
        headers = [
            p["name"].lower() for p in operation(spec, key).get("parameters", []) if p["in"] == "header"
        ]
        assert "if-match" in headers, key


def test_every_command_declares_the_idempotency_key_and_only_changes_declare_if_match(spec: Spec) -> None:
    """Both headers are read by ``Commands.of``, not by FastAPI: the document must still publish
    them, with the patterns the API enforces."""
    for key in sorted(COMMANDS):
        headers = {p["name"]: p for p in operation(spec, key).get("parameters", []) if p["in"] == "header"}
        assert headers["idempotency-key"]["schema"]["pattern"] == IDEMPOTENCY_KEY_PATTERN, key
        if key in CHANGES:
            assert headers["if-match"]["schema"]["pattern"] == IF_MATCH_PATTERN, key
        else:
            assert "if-match" not in headers, key
    for key in sorted(QUERIES | {HEALTH}):
        headers = [p["name"] for p in operation(spec, key).get("parameters", []) if p["in"] == "header"]
        assert headers == [], key


# Responses


def test_every_operation_has_a_response_schema_with_an_example(spec: Spec) -> None:
    missing = []
    for key in sorted(CONTRACT):
        responses = operation(spec, key)["responses"]
        assert success(key) in responses, (key, sorted(responses))
        media = responses[success(key)]["content"]["application/json"]
        component = resolve(spec, media["schema"])
        assert "title" in component, key
        if not examples_of(spec, media):
            missing.append((key, component["title"]))
    assert missing == [], f"responses without an example: {missing}"


def test_the_published_response_examples_are_valid_against_their_own_schemas(spec: Spec) -> None:
    invalid = []
    for key in sorted(CONTRACT):
        media = operation(spec, key)["responses"][success(key)]["content"]["application/json"]
        name = component_name(spec, media["schema"])
        for example in examples_of(spec, media):
            try:
                getattr(schemas, name).model_validate(example)
            except ValidationError as error:
                fields = sorted({".".join(map(str, e["loc"])) for e in error.errors()})
                invalid.append((name, fields))
    assert invalid == [], f"examples that do not match their schema: {sorted(set(map(str, invalid)))}"


def test_creating_commands_document_201_and_the_others_200(spec: Spec) -> None:
    for key in sorted(COMMANDS):
        responses = operation(spec, key)["responses"]
        codes = {code for code in responses if code.startswith("2")}
        assert codes == {success(key)}, key
        schema = responses[success(key)]["content"]["application/json"]["schema"]
        assert component_name(spec, schema) == "CommandResult", key


def test_command_result_has_id_version_and_position(spec: Spec) -> None:
    result = spec["components"]["schemas"]["CommandResult"]

    assert set(result["properties"]) == {"id", "version", "position"}
    assert set(result["required"]) == {"id", "version", "position"}


def test_command_routes_declare_the_problem_responses(spec: Spec) -> None:
    for key in sorted(COMMANDS):
        declared = set(operation(spec, key)["responses"])
        assert declared >= {"401", "403", "404", "409", "422"}, (key, sorted(declared))
        if key in CHANGES:
            assert "412" in declared, key


def test_query_routes_declare_the_problem_responses(spec: Spec) -> None:
    for key in sorted(QUERIES):
        declared = set(operation(spec, key)["responses"])
        expected = {"401", "422"} if key == ("get", "/api/v1/people") else {"401", "404", "422"}
        assert declared >= expected, (key, sorted(declared))


def test_problem_responses_are_documented_as_problem_json_with_the_problem_schema(spec: Spec) -> None:
    wrong = []
    for key in sorted(QUERIES | COMMANDS):
        for code, response in operation(spec, key)["responses"].items():
            if code.startswith("2"):
                continue
            media = response.get("content", {}).get("application/problem+json")
            if media is None:
                wrong.append((key, code, "no application/problem+json"))
            elif component_name(spec, media.get("schema", {})) != "Problem":
                wrong.append((key, code, "application/problem+json without the Problem schema"))
    assert wrong == [], wrong[:5]


def test_the_problem_schema_carries_the_rfc_9457_members_and_ours(spec: Spec) -> None:
    problem = spec["components"]["schemas"]["Problem"]

    assert set(problem["properties"]) >= {
        "type",
        "title",
        "status",
        "detail",
        "errors",
        "rule",
        "current_version",
    }
    assert set(problem["required"]) >= {"type", "title", "status", "detail"}
    assert problem.get("examples"), "the problem schema has an example"


def test_the_replay_is_documented_as_ndjson_frames_with_an_example_and_its_problems(spec: Spec) -> None:
    responses = operation(spec, REPLAY)["responses"]
    media = responses["200"]["content"]["application/x-ndjson"]
    assert component_name(spec, media["schema"]) == "ReplayFramePublic"
    [example] = examples_of(spec, media)
    schemas.ReplayFramePublic.model_validate(example)
    assert {"401", "404", "422", "503"} <= set(responses)
    assert "bearer" in str(operation(spec, REPLAY).get("security", "")).lower()


def test_optional_parameters_are_left_out_never_documented_as_null(spec: Spec) -> None:
    """Found by fuzzing: `If-Match: null` and `?status=null` were documented as valid, and are 422."""
    nullable = [
        (method, path, parameter["name"])
        for path, item in spec["paths"].items()
        for method, op in item.items()
        for parameter in op.get("parameters", [])
        if "null" in str(parameter["schema"].get("anyOf")) or parameter["schema"].get("type") == "null"
    ]
    assert nullable == []
    people = {p["name"]: p["schema"] for p in operation(spec, ("get", "/api/v1/people"))["parameters"]}
    assert people["status"]["$ref"] == "#/components/schemas/PersonStatus"


def test_text_fields_publish_the_domains_text_rules(spec: Spec) -> None:
    """The schema says what the domain accepts (no blank text, no NUL characters, references in
    their alphabet), so nothing valid by the schema is then refused by the domain."""
    register = spec["components"]["schemas"]["RegisterPersonRequest"]["properties"]

    assert register["display_name"]["pattern"] == TEXT_PATTERN
    assert register["team_id"]["pattern"] == REFERENCE_PATTERN
