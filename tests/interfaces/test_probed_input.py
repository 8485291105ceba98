"""Input found wanting by probing: positions beyond what a store can hold, numbers offered as
dates and times, and unknown keys that carry the caller's words.

Each is refused with a ``422`` naming the field, on SQLite and PostgreSQL (the position
bounds are the stores' own: a signed 64-bit integer), and writes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from interfaces.http.schemas import HoldReviewRequest, RecordConversationRequest
from tests.interfaces.test_bad_input import ADMIN, ALICE, MARK, Journey, assert_invalid, head
from tests.web.pages import csrf_of, sign_in_with_token

TOO_FAR = 2**63
FARTHEST = 2**63 - 1


def example(model: Any) -> dict[str, Any]:
    examples: dict[str, Any] = model.model_config["json_schema_extra"]
    return dict(examples["examples"][0])


def api_reads(ids: Journey) -> list[tuple[str, str]]:
    """Every API read taking a position, an offset or a page size: (path, parameter)."""
    person = f"/api/v1/people/{ids.person}"
    return [
        ("/api/v1/events", "after"),
        ("/api/v1/events", "limit"),
        ("/api/v1/people", "offset"),
        ("/api/v1/people", "limit"),
        ("/api/v1/people", "min_position"),
        (f"{person}/timeline", "offset"),
        (f"{person}/timeline", "limit"),
        (f"{person}/timeline", "min_position"),
        (f"{person}/care-plan", "min_position"),
        (f"{person}", "min_position"),
        (f"{person}/replay", "min_position"),
        (f"{person}/review-pack", "min_position"),
    ]


def test_positions_offsets_and_limits_of_2_to_the_63_are_422_naming_the_parameter(client: TestClient) -> None:
    ids = Journey(client)

    for path, parameter in api_reads(ids):
        response = client.get(path, params={parameter: TOO_FAR}, headers=ALICE)
        assert_invalid(response, parameter, (path, parameter))


def test_the_largest_position_a_store_holds_is_answered(client: TestClient) -> None:
    ids = Journey(client)

    feed = client.get("/api/v1/events", params={"after": FARTHEST}, headers=ADMIN)
    people = client.get("/api/v1/people", params={"offset": FARTHEST}, headers=ALICE)
    timeline = client.get(f"/api/v1/people/{ids.person}/timeline", params={"offset": FARTHEST}, headers=ALICE)

    assert (feed.status_code, feed.json()["items"]) == (200, [])
    assert (people.status_code, people.json()["items"]) == (200, [])
    assert (timeline.status_code, timeline.json()["entries"]) == (200, [])


def test_a_supervision_note_pinned_beyond_2_to_the_63_is_422_and_writes_nothing(client: TestClient) -> None:
    ids = Journey(client)
    before = head(client)

    response = client.post(
        f"/api/v1/people/{ids.person}/supervision-notes",
        json={"position": TOO_FAR, "text": "What stopped the step?"},
        headers=ALICE,
    )

    assert_invalid(response, "position")
    assert head(client) == before


@pytest.mark.parametrize("parameter", ["frame", "n", "from", "to"])
def test_the_supervision_page_names_no_page_for_frames_beyond_2_to_the_63(
    client: TestClient, parameter: str
) -> None:
    ids = Journey(client)
    sign_in_with_token(client)

    response = client.get(f"/people/{ids.person}/supervision", params={parameter: TOO_FAR})

    # The pages answer a malformed address as one naming no page.
    assert response.status_code == 404, response.text
    assert "Page not found" in response.text


def test_the_supervision_page_refuses_a_note_pinned_beyond_2_to_the_63(client: TestClient) -> None:
    ids = Journey(client)
    sign_in_with_token(client)
    page = client.get(f"/people/{ids.person}/supervision")

    before = head(client)
    response = client.post(
        f"/people/{ids.person}/supervision/notes",
        data={"csrf_token": csrf_of(page.text), "position": str(TOO_FAR), "text": "What stopped it?"},
        follow_redirects=False,
    )

    assert response.status_code == 422, response.text
    assert head(client) == before


def number_cases(ids: Journey) -> list[tuple[str, str, dict[str, Any], str]]:
    goal = {"statement": "I want to dance", "in_own_words": True, "identified_by": "person"}
    goal |= {"orientation": "approach", "responsibility": "person", "life_domain": "leisure"}
    return [
        (
            "POST",
            f"/api/v1/goals/{ids.goal}/steps",
            {"description": "Ring", "mode": "independent", "due": 0},
            "due",
        ),
        ("POST", f"/api/v1/steps/{ids.step}/reschedule", {"due": 1700000000}, "due"),
        ("POST", f"/api/v1/steps/{ids.step}/reschedule", {"due": 0.5}, "due"),
        ("POST", f"/api/v1/steps/{ids.step}/reschedule", {"due": "1700000000"}, "due"),
        ("POST", f"/api/v1/steps/{ids.step}/reschedule", {"due": True}, "due"),
        ("POST", f"/api/v1/people/{ids.person}/goals", {**goal, "target_date": 0}, "target_date"),
        ("POST", f"/api/v1/goals/{ids.goal}/revise", {"target_date": 86400}, "target_date"),
        (
            "PUT",
            f"/api/v1/people/{ids.person}/working-agreement",
            {"text": "ok", "review_by": 1800000000},
            "review_by",
        ),
        (
            "POST",
            f"/api/v1/people/{ids.person}/conversations",
            {**example(RecordConversationRequest), "held_on": 1700000000},
            "held_on",
        ),
        (
            "POST",
            f"/api/v1/people/{ids.person}/reviews",
            {**example(HoldReviewRequest), "held_on": 1700000000},
            "held_on",
        ),
        (
            "POST",
            f"/api/v1/people/{ids.person}/reviews",
            {**example(HoldReviewRequest), "next_review_due": 1800000000},
            "next_review_due",
        ),
    ]


def test_numbers_given_as_dates_are_422_naming_the_field_and_write_nothing(client: TestClient) -> None:
    ids = Journey(client)
    before = head(client)

    for method, path, body, field in number_cases(ids):
        response = client.request(method, path, json=body, headers=ALICE)
        assert_invalid(response, field, (path, body))

    assert head(client) == before


def test_dates_in_iso_8601_are_still_taken(client: TestClient) -> None:
    ids = Journey(client)

    response = client.post(f"/api/v1/steps/{ids.step}/reschedule", json={"due": "2027-01-05"}, headers=ALICE)

    assert response.status_code == 200, response.text
    plan = client.get(f"/api/v1/people/{ids.person}/care-plan", headers=ALICE).json()
    assert plan["goals"][0]["steps"][0]["due"] == "2027-01-05"


@pytest.mark.parametrize("number", ["0.5", "12", "1700000000", "20270101"])
def test_numbers_given_as_times_in_queries_are_422_naming_the_parameter(
    client: TestClient, number: str
) -> None:
    ids = Journey(client)
    person = f"/api/v1/people/{ids.person}"
    reads = [
        (f"{person}/timeline", "since"),
        (f"{person}/timeline", "until"),
        (f"{person}/timeline", "as_of"),
        (f"{person}/care-plan", "as_of"),
        (person, "as_of"),
        (f"{person}/conversations", "as_of"),
        (f"{person}/strengths-worksheet", "as_of"),
        (f"{person}/replay", "since"),
        (f"{person}/replay", "until"),
        (f"{person}/care-plan/diff", "from"),
        (f"{person}/review-pack", "since"),
    ]

    for path, parameter in reads:
        params = {parameter: number}
        if parameter == "from":
            params["to"] = "2027-01-01T00:00:00Z"
        response = client.get(path, params=params, headers=ALICE)
        assert_invalid(response, parameter, (path, parameter, number))
    diff = client.get(
        f"{person}/care-plan/diff", params={"from": "2026-01-01T00:00:00Z", "to": number}, headers=ALICE
    )
    assert_invalid(diff, "to", number)


def test_times_in_iso_8601_with_a_zone_are_still_taken(client: TestClient) -> None:
    ids = Journey(client)
    person = f"/api/v1/people/{ids.person}"

    timeline = client.get(f"{person}/timeline", params={"since": "2020-01-01T00:00:00Z"}, headers=ALICE)
    pack = client.get(f"{person}/review-pack", params={"since": "2020-01-01"}, headers=ALICE)

    assert timeline.status_code == 200 and timeline.json()["entries"], timeline.text
    assert pack.status_code == 200, pack.text


def test_the_review_page_names_no_page_for_a_number_as_its_start(client: TestClient) -> None:
    ids = Journey(client)
    sign_in_with_token(client)

    response = client.get(f"/people/{ids.person}/review", params={"since": "12"})

    assert response.status_code == 404, response.text
    assert "Page not found" in response.text


SCRIPT_KEY = "<script>Sam's diagnosis</script>"


def test_an_unknown_key_is_named_by_its_place_never_echoed(client: TestClient) -> None:
    ids = Journey(client)

    response = client.post(
        f"/api/v1/steps/{ids.step}/reschedule",
        json={"due": "2027-01-05", SCRIPT_KEY: 1, f"{MARK} {MARK}": 2},
        headers=ALICE,
    )

    assert_invalid(response, "key#2")
    assert_invalid(response, "key#3")
    for fragment in ("script", "diagnosis", "Sam", "<", MARK):
        assert fragment not in response.text


def test_an_unknown_key_in_a_nested_object_is_named_by_its_place(client: TestClient) -> None:
    ids = Journey(client)
    review = example(HoldReviewRequest)
    review["goal_decisions"] = [{**review["goal_decisions"][0], SCRIPT_KEY: 1}]
    response = client.post(f"/api/v1/people/{ids.person}/reviews", json=review, headers=ALICE)

    assert response.status_code == 422, response.text
    fields = [e["field"] for e in response.json()["errors"]]
    assert any(f == "goal_decisions[0].key#4" for f in fields), fields
    assert "script" not in response.text and "diagnosis" not in response.text


@pytest.mark.parametrize(
    ("key", "field"),
    [("colour", "colour"), ("in_own_word", "in_own_word"), ("x" * 41, "key#3"), ("two words", "key#3")],
)
def test_a_plain_unknown_key_of_up_to_40_characters_is_named_back(
    client: TestClient, key: str, field: str
) -> None:
    ids = Journey(client)

    response = client.post(
        f"/api/v1/steps/{ids.step}/reschedule",
        json={"due": "2027-01-05", "reason": None, key: 1},
        headers=ALICE,
    )

    assert_invalid(response, field)
