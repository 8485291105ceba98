"""Every read of a person's data leaves an access record before the data leaves: every GET route
of the API and of the pages that names a person, a goal or a step, found by walking the app's
route table (so a route added later is covered, or this test fails), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from domain.actor import Actor, Role, acting_as
from interfaces.http import create_app
from interfaces.http.reads import REQUEST_ID_HEADER
from interfaces.settings import Settings
from projections.access_log import GENESIS
from tests.conftest import SECRET, bearer
from tests.web.every_page import OTHER_TEAM_WORKER, WORKER, Seeded, seed_every_page
from tests.web.pages import sign_in_with_token

#: The path parameters that name a person's data, and the seeded id each stands for.
PERSON_PARTS = ("person_id", "goal_id", "step_id")
#: Query parameters a route requires, by route; a new route that needs others fails here first.
REQUIRED_QUERY: dict[str, dict[str, str]] = {
    "/api/v1/people/{person_id}/care-plan/diff": {"from": "2000-01-01T00:00:00Z"},
}
#: GET routes of a person that answer something else than their data, and why.
NOT_READS: dict[str, str] = {}

Json = dict[str, Any]


@pytest.fixture
def served(settings: Settings) -> Iterator[tuple[TestClient, Seeded]]:
    with TestClient(create_app(settings)) as client:
        yield client, seed_every_page(client.app.state.runtime)  # type: ignore[attr-defined]


def _records(client: TestClient, person: UUID) -> list[Json]:
    log = client.app.state.runtime.access_log  # type: ignore[attr-defined]
    items: list[Json] = log.of_person(person, offset=0, limit=1000)["items"]
    return items


def _person_routes(client: TestClient) -> list[APIRoute]:
    return [
        route
        for route in client.app.routes  # type: ignore[attr-defined]
        if isinstance(route, APIRoute)
        and "GET" in route.methods
        and set(route.param_convertors) & set(PERSON_PARTS)
        and route.path not in NOT_READS
    ]


def test_every_get_route_of_a_person_records_who_read_what_before_answering(
    served: tuple[TestClient, Seeded],
) -> None:
    client, seeded = served
    ids = {"person_id": seeded.person, "goal_id": seeded.goal, "step_id": seeded.step}
    api_headers = bearer(WORKER.subject, WORKER.role, tuple(sorted(WORKER.teams)))
    sign_in_with_token(client, WORKER.subject, WORKER.role, tuple(sorted(WORKER.teams)))
    routes = _person_routes(client)
    api = [r.path for r in routes if r.path.startswith("/api/")]
    pages = [r.path for r in routes if not r.path.startswith("/api/")]
    # The walk sees the routes it is meant to (a renamed parameter would hide them all).
    assert "/api/v1/people/{person_id}/care-plan" in api and "/api/v1/people/{person_id}/replay" in api
    assert "/people/{person_id}" in pages and "/goals/{goal_id}" in pages
    for route in routes:
        unknown = set(route.param_convertors) - set(PERSON_PARTS)
        assert not unknown, f"{route.path}: give the walk an id for {unknown}"
        headers = api_headers if route.path in api else {}
        params = REQUIRED_QUERY.get(route.path, {})
        asks = [params]
        if "as_of" in {p.alias for p in route.dependant.query_params}:
            asks.append({**params, "as_of": (datetime.now(UTC) + timedelta(minutes=1)).isoformat()})
        for ask in asks:
            before = len(_records(client, seeded.person))
            answer = client.get(route.path.format(**ids), params=ask, headers=headers)
            assert answer.status_code == 200, f"{route.path} {ask}: {answer.status_code}"
            records = _records(client, seeded.person)
            assert len(records) == before + 1, f"{route.path} {ask} left {len(records) - before} records"
            record = records[-1]
            assert record["view"] == route.path
            assert (record["subject"], record["role"], record["teams"]) == (
                WORKER.subject,
                "worker",
                ["demo"],
            )
            assert record["request_id"] == answer.headers[REQUEST_ID_HEADER]
            # Never the address's values nor the person's words.
            assert str(seeded.person) not in record["view"]
    assert len(api) >= 12 and len(pages) >= 25


def test_the_record_carries_no_payload_and_the_chain_links_each_record_to_the_one_before(
    served: tuple[TestClient, Seeded],
) -> None:
    client, seeded = served
    headers = bearer(WORKER.subject, WORKER.role, ("demo",))
    assert client.get(f"/api/v1/people/{seeded.person}/care-plan", headers=headers).status_code == 200
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.view_store.reading() as tx:
        rows = tx.all("SELECT * FROM {s}refocus_access_log ORDER BY seq")
    assert len(rows) == 1
    assert rows[0][0] == 1 and rows[0][8] == GENESIS
    assert "<script>" not in repr(rows)  # the seeded person's every text is markup
    assert runtime.access_log.verify().intact


def test_a_person_outside_the_callers_teams_is_not_recorded_as_read(
    served: tuple[TestClient, Seeded],
) -> None:
    client, seeded = served
    headers = bearer(OTHER_TEAM_WORKER.subject, OTHER_TEAM_WORKER.role, ("south",))
    answer = client.get(f"/api/v1/people/{seeded.person}/care-plan", headers=headers)
    assert answer.status_code == 404
    assert REQUEST_ID_HEADER not in answer.headers
    assert _records(client, seeded.person) == []


def test_the_feed_records_a_read_of_each_person_its_page_holds(served: tuple[TestClient, Seeded]) -> None:
    client, seeded = served
    headers = bearer(WORKER.subject, WORKER.role, ("demo",))
    answer = client.get("/api/v1/events", params={"limit": 500}, headers=headers)
    assert answer.status_code == 200
    people = {item["person_id"] for item in answer.json()["items"]}
    assert str(seeded.person) in people and str(seeded.other_team_person) not in people
    for person in people:
        (record,) = _records(client, UUID(person))
        assert record["view"] == "/api/v1/events"
    assert _records(client, seeded.other_team_person) == []


def _break_the_log(client: TestClient) -> None:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.view_store.writing() as tx:
        tx.execute("DROP TABLE {s}refocus_access_log")


def test_a_read_that_cannot_be_recorded_answers_503_without_the_data(
    served: tuple[TestClient, Seeded],
) -> None:
    client, seeded = served
    _break_the_log(client)
    headers = bearer(WORKER.subject, WORKER.role, ("demo",))
    for path in ("care-plan", "replay", "timeline"):
        answer = client.get(f"/api/v1/people/{seeded.person}/{path}", headers=headers)
        assert answer.status_code == 503, path
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.headers["retry-after"] == "1"
        assert answer.json()["type"] == "/problems/access-log-unavailable"
        assert "MARKUP" not in answer.text and "<script>" not in answer.text
    sign_in_with_token(client, WORKER.subject, WORKER.role, ("demo",))
    page = client.get(f"/people/{seeded.person}")
    assert page.status_code == 503
    assert page.headers["retry-after"] == "1"
    assert "&lt;script&gt;" not in page.text  # the person's name is not on it


def test_commands_still_work_while_the_log_cannot_be_written(served: tuple[TestClient, Seeded]) -> None:
    client, seeded = served
    _break_the_log(client)
    headers = bearer(WORKER.subject, WORKER.role, ("demo",))
    answer = client.put(
        f"/api/v1/people/{seeded.person}/preferred-name", json={"preferred_name": "Sam"}, headers=headers
    )
    assert answer.status_code == 200, answer.text


def _person_of_north(client: TestClient) -> str:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with acting_as(Actor("alice", Role.WORKER, frozenset({"north"}))):
        return str(runtime.journeys.register_person("Sam", "north", "alice").id)


@pytest.mark.parametrize(
    ("reader", "status"),
    [
        (("alice", Role.WORKER, ("north",)), 200),
        (("sue", Role.SUPERVISOR, ("north",)), 200),
        (("ada", Role.ADMIN, ()), 200),
        (("bob", Role.WORKER, ("south",)), 404),
        (("feed", Role.INTEGRATION, ("north",)), 403),
    ],
)
def test_the_access_log_is_for_the_persons_team_and_admins(
    client: TestClient, reader: tuple[str, Role, tuple[str, ...]], status: int
) -> None:
    person = _person_of_north(client)
    alice = bearer("alice", Role.WORKER, ("north",))
    assert client.get(f"/api/v1/people/{person}/care-plan", headers=alice).status_code == 200
    answer = client.get(f"/api/v1/people/{person}/access-log", headers=bearer(*reader))
    assert answer.status_code == status, answer.text
    if status == 200:
        read, itself = answer.json()["items"]
        assert read["view"] == "/api/v1/people/{person_id}/care-plan"
        assert read["subject"] == "alice"
        assert datetime.fromisoformat(read["at"]) > datetime.now(UTC) - timedelta(minutes=1)
        assert itself["view"] == "/api/v1/people/{person_id}/access-log"
        assert itself["subject"] == reader[0]
        assert itself["request_id"] == answer.headers[REQUEST_ID_HEADER]
    else:
        assert len(_records(client, UUID(person))) == 1


def test_the_access_log_pages_and_reading_it_is_recorded(client: TestClient) -> None:
    person = _person_of_north(client)
    alice = bearer("alice", Role.WORKER, ("north",))
    for _ in range(3):
        client.get(f"/api/v1/people/{person}", headers=alice)
    first = client.get(f"/api/v1/people/{person}/access-log", params={"limit": 2}, headers=alice).json()
    assert [i["view"] for i in first["items"]] == ["/api/v1/people/{person_id}"] * 2
    assert first["next_offset"] == 2
    rest = client.get(f"/api/v1/people/{person}/access-log", params={"offset": 2}, headers=alice).json()
    assert [i["view"] for i in rest["items"]] == [
        "/api/v1/people/{person_id}",
        "/api/v1/people/{person_id}/access-log",
        "/api/v1/people/{person_id}/access-log",
    ]
    assert rest["next_offset"] is None
    assert [i["seq"] for i in first["items"] + rest["items"]] == [1, 2, 3, 4, 5]


def test_the_benchmark_setting_turns_recording_off(tmp_path: Path, sqlite_url: str) -> None:
    env = {"REFOCUS_BENCH_WITHOUT_ACCESS_RECORDS": "1", "REFOCUS_DATABASE_URL": sqlite_url}
    settings = Settings.from_env(env, data_dir=tmp_path / "data", secret_key=SECRET)
    assert settings.access_records is False
    assert Settings.from_env({}).access_records is True
    with TestClient(create_app(settings)) as client:
        person = _person_of_north(client)
        token = bearer("alice", Role.WORKER, ("north",))
        answer = client.get(f"/api/v1/people/{person}/care-plan", headers=token)
        assert answer.status_code == 200
        assert REQUEST_ID_HEADER not in answer.headers
        assert _records(client, UUID(person)) == []
