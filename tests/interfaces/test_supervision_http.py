"""Supervision over HTTP, on SQLite and PostgreSQL: as-of views, replay, diff and notes.

A journey is built command by command; after each, the live answers and the
time are recorded. As-of at each recorded time must say exactly what the live
view said then, replay frames must match the events one for one, and notes
must stay out of everything but their own route and the replay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role
from tests.conftest import bearer
from tests.journeys import http_goal, http_register, http_step

WORKER = bearer()
SUPERVISOR = bearer("sue", Role.SUPERVISOR)
INTEGRATION = bearer("ehr", Role.INTEGRATION)
SOUTH = bearer("bob", Role.WORKER, ("south",))
SOUTH_SUPERVISOR = bearer("sid", Role.SUPERVISOR, ("south",))
ADMIN = bearer("ada", Role.ADMIN, ())


def without_as_of(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k != "as_of"}


@dataclass
class Journey:
    client: TestClient
    person_id: str = ""
    goal_id: str = ""
    step_ids: list[str] = field(default_factory=list)
    #: (time just after the command, the live answers at that time)
    moments: list[tuple[datetime, dict[str, Any]]] = field(default_factory=list)
    start: datetime = field(default_factory=lambda: datetime.now(UTC))

    def get(self, path: str, headers: dict[str, str] = WORKER, **params: Any) -> Any:
        response = self.client.get(f"/api/v1/people/{self.person_id}{path}", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    def record(self) -> None:
        live = {
            "care-plan": self.get("/care-plan"),
            "": self.get(""),
            "strengths-worksheet": self.get("/strengths-worksheet"),
            "timeline": self.get("/timeline"),
        }
        self.moments.append((datetime.now(UTC), live))

    def post(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.client.post(path, json=body, headers=WORKER)
        assert response.status_code in (200, 201), response.text
        answer: dict[str, Any] = response.json()
        return answer


def build_journey(client: TestClient) -> Journey:
    j = Journey(client)
    j.person_id = http_register(client, WORKER)
    j.record()
    j.goal_id = http_goal(client, WORKER, j.person_id)
    j.record()
    j.step_ids.append(http_step(client, WORKER, j.goal_id, mode="passive", description="Book the class"))
    j.record()
    value = j.post(
        f"/api/v1/people/{j.person_id}/values",
        {
            "area": "other_identity",
            "statement": "Music is who I am",
            "in_own_words": True,
            "approach": "conversational",
        },
    )["id"]
    strength = j.post(
        f"/api/v1/people/{j.person_id}/strengths",
        {
            "domain": "social_supports",
            "column": "current",
            "resource": "external",
            "statement": "My sister lives nearby",
            "in_own_words": True,
        },
    )["id"]
    preference = j.post(
        f"/api/v1/people/{j.person_id}/treatment-preferences",
        {"statement": "Take it slowly, with my sister there", "in_own_words": True},
    )["id"]
    j.record()
    j.post(
        f"/api/v1/goals/{j.goal_id}/links",
        {"value_ids": [value], "strength_ids": [strength], "preference_ids": [preference]},
    )
    j.record()
    j.step_ids.append(
        http_step(client, WORKER, j.goal_id, mode="joint", with_whom=["sister"], description="Go to a class")
    )
    j.record()
    j.post(f"/api/v1/steps/{j.step_ids[0]}/complete")
    j.record()
    j.post(f"/api/v1/goals/{j.goal_id}/pause", {"note": "Winter break"})
    j.record()
    j.post(f"/api/v1/goals/{j.goal_id}/resume")
    j.post(f"/api/v1/goals/{j.goal_id}/achieve")
    j.record()
    return j


@pytest.fixture
def journey(client: TestClient) -> Journey:
    return build_journey(client)


# As-of


@pytest.mark.parametrize("view", ["care-plan", "", "strengths-worksheet", "timeline"])
def test_as_of_each_recorded_time_equals_what_the_live_view_said_then(journey: Journey, view: str) -> None:
    for moment, live in journey.moments:
        past = journey.get(f"/{view}" if view else "", as_of=moment.isoformat())
        expected = live[view]
        if view == "strengths-worksheet":
            # Staleness is judged on the as-of day; the journey is minutes old either way.
            assert past["quality"]["days_since_update"] == expected["quality"]["days_since_update"]
        assert past["as_of"] is not None
        assert past["position"] == expected["position"]
        assert without_as_of(past) == without_as_of(expected)


def test_as_of_states_the_moment_and_the_last_event_it_includes(journey: Journey) -> None:
    moment, live = journey.moments[2]
    plan = journey.get("/care-plan", as_of=moment.isoformat())
    assert datetime.fromisoformat(plan["as_of"]) == moment
    assert plan["position"] == live["timeline"]["entries"][-1]["position"]
    assert [g["steps"][0]["description"] for g in plan["goals"]] == ["Book the class"]


def test_as_of_an_earlier_moment_shows_the_checks_as_they_were(journey: Journey) -> None:
    before_links, after_links = journey.moments[3][0], journey.moments[4][0]
    then = journey.get("/care-plan", as_of=before_links.isoformat())["checks"]
    later = journey.get("/care-plan", as_of=after_links.isoformat())["checks"]
    assert (then["reflects_values"]["ok"], later["reflects_values"]["ok"]) == (False, True)
    assert (then["builds_on_strengths"]["ok"], later["builds_on_strengths"]["ok"]) == (False, True)


def test_as_of_before_the_person_was_registered_is_not_found(journey: Journey) -> None:
    before = (journey.start - timedelta(seconds=1)).isoformat()
    for view in ("/care-plan", "", "/strengths-worksheet", "/timeline"):
        response = journey.client.get(
            f"/api/v1/people/{journey.person_id}{view}", params={"as_of": before}, headers=WORKER
        )
        assert response.status_code == 404, view
        assert response.headers["content-type"] == "application/problem+json"


def test_as_of_without_a_zone_is_invalid_input(journey: Journey) -> None:
    response = journey.client.get(
        f"/api/v1/people/{journey.person_id}/care-plan",
        params={"as_of": "2026-11-28T10:15:00"},
        headers=WORKER,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "as_of"


def test_as_of_of_a_person_in_another_team_is_not_found(journey: Journey) -> None:
    response = journey.client.get(
        f"/api/v1/people/{journey.person_id}/care-plan",
        params={"as_of": datetime.now(UTC).isoformat()},
        headers=SOUTH,
    )
    assert response.status_code == 404


def test_the_as_of_profile_carries_no_etag_as_it_is_not_the_current_version(journey: Journey) -> None:
    response = journey.client.get(
        f"/api/v1/people/{journey.person_id}",
        params={"as_of": journey.moments[0][0].isoformat()},
        headers=WORKER,
    )
    assert response.status_code == 200
    assert "etag" not in response.headers


# Replay


def replay(journey: Journey, headers: dict[str, str] = WORKER, **params: Any) -> list[dict[str, Any]]:
    response = journey.client.get(
        f"/api/v1/people/{journey.person_id}/replay", params=params, headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines()]


def test_replay_has_one_frame_per_event_matching_the_timeline(journey: Journey) -> None:
    frames = replay(journey)
    entries = journey.get("/timeline")["entries"]
    assert [(f["position"], f["at"], f["type"], f["actor"], f["summary"]) for f in frames] == [
        (e["position"], e["at"], e["type"], e["actor"], e["summary"]) for e in entries
    ]


def test_replay_frames_say_what_each_event_changed_in_the_care_plan(journey: Journey) -> None:
    frames = {f["type"]: f for f in replay(journey)}

    identified = frames["GoalIdentified"]["changes"]
    assert [(g["id"], g["change"]) for g in identified["goals"]] == [(journey.goal_id, "added")]
    # With a first goal of the person's, every check applies: (a) is met, the others are not yet.
    assert [(c["check"], c["ok"]) for c in identified["checks"]] == [
        ("personally_valued_goals", True),
        ("reflects_values", False),
        ("builds_on_strengths", False),
        ("independent_or_joint_action", False),
    ]

    completed = frames["StepCompleted"]["changes"]["goals"][0]
    assert completed["fields"]["progress"] == {
        "from": {"completed": 0, "total": 2},
        "to": {"completed": 1, "total": 2},
    }
    assert completed["steps"] == [
        {
            "id": journey.step_ids[0],
            "description": "Book the class",
            "change": "changed",
            "status": "completed",
            "fields": {"status": {"from": "planned", "to": "completed"}},
        }
    ]

    achieved = frames["GoalAchieved"]["changes"]
    assert achieved["goals"][0]["change"] == "closed"
    assert achieved["goals"][0]["status"] == "achieved"
    flipped = {c["check"]: (c["was_ok"], c["ok"]) for c in achieved["checks"]}
    assert flipped["personally_valued_goals"] == (True, False)

    recorded_value = frames["ValueRecorded"]["changes"]
    assert recorded_value == {"goals": [], "checks": [], "next_review_due": None}


def test_replay_since_and_until_bound_the_frames_but_not_the_plan_they_compare(journey: Journey) -> None:
    everything = replay(journey)
    since, until = journey.moments[3][0], journey.moments[5][0]
    middle = replay(journey, since=since.isoformat(), until=until.isoformat())
    expected = [f for f in everything if since <= datetime.fromisoformat(f["at"]) <= until]
    assert middle == expected
    assert [f["type"] for f in middle] == [
        "GoalLinkedToValue",
        "GoalLinkedToStrength",
        "GoalLinkedToPreference",
        "StepPlanned",
    ]


def test_replay_of_a_person_in_another_team_is_not_found(journey: Journey) -> None:
    response = journey.client.get(f"/api/v1/people/{journey.person_id}/replay", headers=SOUTH)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


# Diff


def test_diff_between_two_moments_says_goal_by_goal_what_changed(journey: Journey) -> None:
    start, end = journey.moments[1][0], journey.moments[6][0]
    diff = journey.get("/care-plan/diff", **{"from": start.isoformat(), "to": end.isoformat()})
    [goal] = diff["goals"]
    assert goal["change"] == "changed"
    assert set(goal["fields"]) == {"values", "strengths", "preferences", "progress"}
    assert [(s["description"], s["change"], s["status"]) for s in goal["steps"]] == [
        ("Book the class", "added", "completed"),
        ("Go to a class", "added", "planned"),
    ]
    flipped = {c["check"]: (c["was_ok"], c["ok"]) for c in diff["checks"]}
    assert flipped == {
        "reflects_values": (False, True),
        "builds_on_strengths": (False, True),
        "independent_or_joint_action": (False, True),
    }
    assert diff["from_position"] == journey.moments[1][1]["care-plan"]["position"]
    assert diff["to_position"] == journey.moments[6][1]["care-plan"]["position"]


def test_diff_from_before_registration_shows_everything_as_added(journey: Journey) -> None:
    diff = journey.get(
        "/care-plan/diff",
        **{"from": (journey.start - timedelta(days=1)).isoformat(), "to": journey.moments[2][0].isoformat()},
    )
    assert diff["from_position"] is None
    assert [(g["change"], len(g["steps"])) for g in diff["goals"]] == [("added", 1)]


def test_diff_to_the_present_shows_the_goal_closed(journey: Journey) -> None:
    diff = journey.get("/care-plan/diff", **{"from": journey.moments[6][0].isoformat()})
    assert [(g["change"], g["status"]) for g in diff["goals"]] == [("closed", "achieved")]


def test_diff_with_from_after_to_is_invalid_input(journey: Journey) -> None:
    response = journey.client.get(
        f"/api/v1/people/{journey.person_id}/care-plan/diff",
        params={"from": journey.moments[3][0].isoformat(), "to": journey.moments[1][0].isoformat()},
        headers=WORKER,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "from", "message": "must not be after `to`"}]


def test_diff_to_before_registration_is_not_found(journey: Journey) -> None:
    before = journey.start - timedelta(days=1)
    response = journey.client.get(
        f"/api/v1/people/{journey.person_id}/care-plan/diff",
        params={"from": (before - timedelta(days=1)).isoformat(), "to": before.isoformat()},
        headers=WORKER,
    )
    assert response.status_code == 404


# Supervision notes


def add_note(
    journey: Journey, headers: dict[str, str], position: int, text: str = "What made the plan passive here?"
) -> Any:
    return journey.client.post(
        f"/api/v1/people/{journey.person_id}/supervision-notes",
        json={"position": position, "text": text},
        headers=headers,
    )


def first_step_position(journey: Journey) -> int:
    entries = journey.get("/timeline")["entries"]
    position: int = next(e["position"] for e in entries if e["type"] == "StepPlanned")
    return position


def test_a_supervisor_pins_a_note_that_the_teams_workers_read_beside_the_replay(journey: Journey) -> None:
    position = first_step_position(journey)

    response = add_note(journey, SUPERVISOR, position)

    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"/api/v1/people/{journey.person_id}/supervision-notes"
    [note] = journey.get("/supervision-notes")["items"]
    assert note["id"] == response.json()["id"]
    assert (note["position"], note["author"], note["status"]) == (
        position,
        {"subject": "sue", "role": "supervisor"},
        "current",
    )
    assert note["text"] == "What made the plan passive here?"
    [frame] = [f for f in replay(journey) if f["position"] == position]
    assert [n["id"] for n in frame["notes"]] == [note["id"]]


def test_a_worker_of_the_team_may_write_a_note_too(journey: Journey) -> None:
    assert add_note(journey, WORKER, first_step_position(journey), "I see it now").status_code == 201
    notes = journey.get("/supervision-notes", headers=SUPERVISOR)["items"]
    assert [(n["author"]["subject"], n["text"]) for n in notes] == [("alice", "I see it now")]


def test_notes_stay_out_of_the_timeline_care_plan_and_caseload(journey: Journey) -> None:
    timeline, plan = journey.get("/timeline"), journey.get("/care-plan")
    caseload = journey.client.get("/api/v1/people", headers=WORKER).json()

    note_position = add_note(journey, SUPERVISOR, first_step_position(journey)).json()["position"]

    assert journey.get("/timeline") == timeline
    assert journey.get("/care-plan") == plan
    assert journey.client.get("/api/v1/people", headers=WORKER).json() == caseload
    assert note_position not in {f["position"] for f in replay(journey)}
    assert "What made" not in json.dumps([journey.get("/timeline"), journey.get("/care-plan"), caseload])


def test_integrations_may_neither_write_nor_read_notes(journey: Journey) -> None:
    add_note(journey, SUPERVISOR, first_step_position(journey))

    written = add_note(journey, INTEGRATION, first_step_position(journey))
    read = journey.client.get(f"/api/v1/people/{journey.person_id}/supervision-notes", headers=INTEGRATION)

    assert written.status_code == 403
    assert written.headers["content-type"] == "application/problem+json"
    assert read.status_code == 403
    assert all(f["notes"] == [] for f in replay(journey, headers=INTEGRATION))


@pytest.mark.parametrize("headers", [SOUTH, SOUTH_SUPERVISOR], ids=["worker", "supervisor"])
def test_notes_of_a_person_in_another_team_are_not_found(journey: Journey, headers: dict[str, str]) -> None:
    add_note(journey, SUPERVISOR, first_step_position(journey))

    assert add_note(journey, headers, first_step_position(journey)).status_code == 404
    read = journey.client.get(f"/api/v1/people/{journey.person_id}/supervision-notes", headers=headers)
    assert read.status_code == 404


def test_a_note_must_be_pinned_to_one_of_this_persons_events(journey: Journey) -> None:
    other = http_register(journey.client, WORKER, name="Kim")
    others_position = journey.client.get(f"/api/v1/people/{other}/timeline", headers=WORKER).json()[
        "entries"
    ][0]["position"]
    note = add_note(journey, SUPERVISOR, first_step_position(journey)).json()["position"]

    for position in (others_position, note, 10_000):
        response = add_note(journey, SUPERVISOR, position)
        assert response.status_code == 422, position
        assert response.json()["errors"][0]["field"] == "position"
    assert add_note(journey, SUPERVISOR, 0).status_code == 422


def test_the_author_revises_and_retracts_a_note_and_its_history_is_kept(journey: Journey) -> None:
    note_id = add_note(journey, SUPERVISOR, first_step_position(journey), "First thought").json()["id"]
    path = f"/api/v1/people/{journey.person_id}/supervision-notes/{note_id}"

    assert journey.client.put(path, json={"text": "Not mine"}, headers=WORKER).status_code == 403
    assert journey.client.put(path, json={"text": "Second thought"}, headers=SUPERVISOR).status_code == 200
    assert journey.client.delete(path, headers=SUPERVISOR).status_code == 200
    assert journey.client.put(path, json={"text": "Third"}, headers=SUPERVISOR).status_code == 409

    [note] = journey.get("/supervision-notes")["items"]
    assert (note["text"], note["status"], note["version"]) == ("Second thought", "retracted", 3)
    assert [(h["change"], h.get("text")) for h in note["history"]] == [
        ("added", "First thought"),
        ("revised", "Second thought"),
        ("retracted", None),
    ]


def test_a_note_body_with_unknown_fields_is_invalid(journey: Journey) -> None:
    response = journey.client.post(
        f"/api/v1/people/{journey.person_id}/supervision-notes",
        json={"position": first_step_position(journey), "text": "x", "pinned": True},
        headers=SUPERVISOR,
    )
    assert response.status_code == 422


def test_supervisors_still_may_not_change_the_journey(journey: Journey) -> None:
    response = journey.client.post(f"/api/v1/steps/{journey.step_ids[1]}/start", headers=SUPERVISOR)
    assert response.status_code == 403


def test_admins_read_notes_of_every_team(journey: Journey) -> None:
    add_note(journey, SUPERVISOR, first_step_position(journey))
    assert len(journey.get("/supervision-notes", headers=ADMIN)["items"]) == 1
