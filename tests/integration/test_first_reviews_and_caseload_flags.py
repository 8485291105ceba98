"""People never reviewed fall due for a first review, and the caseload's flags, over HTTP on a
SQLite file and on PostgreSQL.

A first review is due the window's length (90 days unless configured) after the day the
person was registered, and overdue from the day after; registrations here are back-dated
by the event's own clock, everything else happens now.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.person import Person
from interfaces.http import create_app
from interfaces.settings import Settings
from tests.conftest import bearer
from tests.journeys import http_register

ALICE = bearer()
TODAY = date.today()


def days(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params, headers=ALICE)
    assert response.status_code == 200, response.text
    return response.json()


@contextmanager
def registering_days_ago(monkeypatch: pytest.MonkeyPatch, n: int) -> Iterator[None]:
    """Registrations inside are dated at noon (UTC) ``n`` days ago."""
    when = datetime.combine(TODAY - timedelta(days=n), time(12), tzinfo=UTC)
    with monkeypatch.context() as patch:
        patch.setattr(Person.PersonRegistered, "create_timestamp", staticmethod(lambda: when))
        yield


def register_days_ago(client: TestClient, monkeypatch: pytest.MonkeyPatch, name: str, n: int) -> str:
    with registering_days_ago(monkeypatch, n):
        return http_register(client, ALICE, name=name)


def caseload(client: TestClient, **params: Any) -> dict[str, dict[str, Any]]:
    return {p["display_name"]: p for p in get(client, "/api/v1/people", **params)["items"]}


def test_someone_never_reviewed_is_overdue_the_day_after_the_first_review_window_ends(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    late = register_days_ago(client, monkeypatch, "Ninety-one days ago", 91)
    register_days_ago(client, monkeypatch, "Ninety days ago", 90)
    http_register(client, ALICE, name="Today")
    reviewed = register_days_ago(client, monkeypatch, "Reviewed", 200)
    discharged = register_days_ago(client, monkeypatch, "Discharged", 200)
    body = {
        "held_on": days(-5),
        "participants": ["Sam"],
        "summary": "First review",
        "goal_decisions": [],
        "next_review_due": days(10),
    }
    assert client.post(f"/api/v1/people/{reviewed}/reviews", json=body, headers=ALICE).status_code == 201
    assert (
        client.post(
            f"/api/v1/people/{discharged}/discharge", json={"reason": "Moved away"}, headers=ALICE
        ).status_code
        == 200
    )

    items = caseload(client)

    flags = {
        name: (p["review_overdue"], p["never_reviewed"], p["first_review_due"], p["next_review_due"])
        for name, p in items.items()
    }
    assert flags == {
        "Ninety-one days ago": (True, True, days(-1), None),
        "Ninety days ago": (False, True, days(0), None),
        "Today": (False, True, days(90), None),
        "Reviewed": (False, False, None, days(10)),
        "Discharged": (False, True, days(-110), None),
    }
    assert list(caseload(client, review_overdue="true")) == ["Ninety-one days ago"]
    assert set(caseload(client, review_overdue="false")) == set(items) - {"Ninety-one days ago"}

    pack = get(client, f"/api/v1/people/{late}/review-pack")
    assert (pack["review_overdue"], pack["first_review_due"], pack["next_review_due"]) == (
        True,
        days(-1),
        None,
    )
    assert pack["since"].startswith(days(-91))
    reviewed_pack = get(client, f"/api/v1/people/{reviewed}/review-pack")
    assert (reviewed_pack["review_overdue"], reviewed_pack["first_review_due"]) == (False, None)


def test_the_first_review_window_is_a_setting(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    with TestClient(create_app(settings)) as client:
        register_days_ago(client, monkeypatch, "Forty days ago", 40)
        register_days_ago(client, monkeypatch, "Twenty days ago", 20)
        assert caseload(client, review_overdue="true") == {}
    shorter = Settings(
        data_dir=settings.data_dir,
        database_url=settings.database_url,
        secret_key=settings.secret_key,
        first_review_days=30,
    )
    with TestClient(create_app(shorter)) as client:
        overdue = caseload(client, review_overdue="true")
        assert list(overdue) == ["Forty days ago"]
        assert overdue["Forty days ago"]["first_review_due"] == days(-10)
        person = overdue["Forty days ago"]["id"]
        assert get(client, f"/api/v1/people/{person}/review-pack")["review_overdue"] is True


@pytest.mark.parametrize(("raw", "days_"), [(None, 90), ("", 90), ("30", 30), ("0", 0)])
def test_the_window_is_read_from_refocus_first_review_days(raw: str | None, days_: int) -> None:
    env = {} if raw is None else {"REFOCUS_FIRST_REVIEW_DAYS": raw}
    assert Settings.from_env(env).first_review_days == days_


def test_a_window_that_is_not_a_whole_number_of_days_is_refused() -> None:
    with pytest.raises(ValueError, match="REFOCUS_FIRST_REVIEW_DAYS must be a whole number of days"):
        Settings.from_env({"REFOCUS_FIRST_REVIEW_DAYS": "ninety"})


def record_value(client: TestClient, person: str, area: str) -> str:
    body = {
        "area": area,
        "statement": f"What matters in {area}",
        "in_own_words": True,
        "approach": "conversational",
    }
    response = client.post(f"/api/v1/people/{person}/values", json=body, headers=ALICE)
    assert response.status_code == 201, response.text
    value: str = response.json()["id"]
    return value


def decline(client: TestClient, person: str, area: str) -> None:
    response = client.post(f"/api/v1/people/{person}/declined-areas", json={"area": area}, headers=ALICE)
    assert response.status_code == 200, response.text


def test_the_caseload_counts_the_vtp_areas_still_to_explore(client: TestClient) -> None:
    sam = http_register(client, ALICE, name="Sam")
    http_register(client, ALICE, name="Kim")
    record_value(client, sam, "social_roles")
    record_value(client, sam, "service_experiences")
    record_value(client, sam, "service_experiences")
    withdrawn = record_value(client, sam, "meaning_of_experience")
    assert client.delete(f"/api/v1/people/{sam}/values/{withdrawn}", headers=ALICE).status_code == 200
    decline(client, sam, "sexuality")
    decline(client, sam, "religion_spirituality")
    record_value(client, sam, "religion_spirituality")  # talked about after all

    items = caseload(client)

    # Explored or declined: social roles, service experiences, sexuality, religion and
    # spirituality. A withdrawn value leaves its area to explore again.
    assert {name: p["areas_to_explore"] for name, p in items.items()} == {"Sam": 6, "Kim": 10}


def test_the_caseload_flags_working_agreements_past_their_review_date(client: TestClient) -> None:
    people = {
        name: http_register(client, ALICE, name=name) for name in ("Ash", "Bo", "Cy", "Di", "Ed", "Flo")
    }
    review_by = {"Ash": days(-1), "Bo": days(0), "Cy": days(1), "Di": None, "Ed": days(-30)}
    for name, day in review_by.items():
        body = {"text": "We meet every two weeks at the library", "review_by": day}
        answer = client.put(f"/api/v1/people/{people[name]}/working-agreement", json=body, headers=ALICE)
        assert answer.status_code == 200, answer.text
    discharged = client.post(
        f"/api/v1/people/{people['Ed']}/discharge", json={"reason": "Moved away"}, headers=ALICE
    )
    assert discharged.status_code == 200

    items = caseload(client)

    assert {name: p["agreement_review_due"] for name, p in items.items()} == {
        "Ash": True,
        "Bo": False,
        "Cy": False,
        "Di": False,
        "Ed": False,
        "Flo": False,
    }
    # A new agreement with a later date clears the flag.
    body = {"text": "We meet weekly for now", "review_by": days(60)}
    assert (
        client.put(f"/api/v1/people/{people['Ash']}/working-agreement", json=body, headers=ALICE).status_code
        == 200
    )
    assert caseload(client)["Ash"]["agreement_review_due"] is False
