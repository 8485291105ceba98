"""Lists answer a page at a time, with a maximum, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import bearer
from tests.journeys import http_goal, http_register

ALICE = bearer()


def test_the_caseload_pages_through_everyone_once(client: TestClient) -> None:
    people = {http_register(client, ALICE, name=f"Person {n:02}") for n in range(7)}
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = client.get("/api/v1/people", params={"limit": 3, "offset": offset}, headers=ALICE).json()
        assert len(page["items"]) <= 3
        seen.extend(p["id"] for p in page["items"])
        offset = page["next_offset"]
    assert sorted(seen) == sorted(people)
    assert len(seen) == len(set(seen))


def test_the_timeline_pages_in_order(client: TestClient) -> None:
    person = http_register(client, ALICE)
    for n in range(5):
        http_goal(client, ALICE, person, statement=f"Goal {n}")
    whole = client.get(f"/api/v1/people/{person}/timeline", headers=ALICE).json()
    assert whole["next_offset"] is None
    first = client.get(f"/api/v1/people/{person}/timeline", params={"limit": 4}, headers=ALICE).json()
    rest = client.get(
        f"/api/v1/people/{person}/timeline",
        params={"limit": 4, "offset": first["next_offset"]},
        headers=ALICE,
    ).json()
    assert first["next_offset"] == 4
    assert rest["next_offset"] is None
    assert first["entries"] + rest["entries"] == whole["entries"]


def test_page_sizes_are_capped(client: TestClient) -> None:
    person = http_register(client, ALICE)
    assert client.get("/api/v1/people", params={"limit": 1001}, headers=ALICE).status_code == 422
    assert (
        client.get(f"/api/v1/people/{person}/timeline", params={"limit": 0}, headers=ALICE).status_code == 422
    )
