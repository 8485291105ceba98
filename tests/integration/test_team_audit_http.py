"""The team audit over HTTP, on a SQLite file and on PostgreSQL: a hand-built team whose every
figure is worked out by hand below, over a period and a comparison period, as of an earlier day,
per worker, as CSV, and scoped by role (manual, chapter 6).

Events are dated by a clock the test moves (each event's recorded time), so the journeys span
weeks. ``D(n)`` is n days before today; the period is D20..D0, the comparison D41..D21.

The team north:

- Ann (alice's): registered D40 with a value, a goal she chose (approach, her words, linked to
  the value) and a passive step; reviewed D25 (she took part; next due D4). D10: the passive
  step made joint, an independent step planned and completed, a treatment preference. D5:
  reviewed again (took part; next due in 30 days).
- Ben (bob's): registered D15 with a goal the worker identified (avoidance, not his words) and a
  passive step. D12: the goal reframed as an approach goal. D3: a coaching conversation, the
  step dropped, an area declined. D2: a review recorded as held on D14, without him.
- Cat (alice's): registered D30, discharged D2.
- Eve (alice's): registered D150, never reviewed; D50: a strength in every life domain
  (external, written by her) and the worksheet agreed.

And Dan, alice's, in team south.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import CanCreateTimestamp
from fastapi.testclient import TestClient

from domain.actor import Actor, Role, acting_as
from domain.vocabulary import LifeDomain
from interfaces.http import create_app
from interfaces.settings import Settings
from tests.conftest import bearer
from tests.journeys import GOAL

TODAY = datetime.now(UTC).date()
SUPERVISOR = bearer("sue", Role.SUPERVISOR, ("north",))
ALICE = bearer("alice", Role.WORKER, ("north",))
ADMIN = bearer("ada", Role.ADMIN, ())
WRITER = Actor("alice", Role.WORKER, frozenset({"north", "south"}))


def D(n: int) -> date:
    return TODAY - timedelta(days=n)


class Clock:
    def __init__(self) -> None:
        self.now = datetime.combine(D(200), time(9), tzinfo=UTC)

    def on(self, n: int) -> None:
        """Events from now on are recorded on day D(n), a microsecond apart."""
        self.now = max(self.now, datetime.combine(D(n), time(9), tzinfo=UTC))

    def tick(self) -> datetime:
        self.now += timedelta(microseconds=1)
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moving = Clock()
    monkeypatch.setattr(CanCreateTimestamp, "create_timestamp", staticmethod(moving.tick))
    return moving


@pytest.fixture
def team(settings: Settings, clock: Clock) -> Iterator[tuple[TestClient, dict[str, UUID]]]:
    with TestClient(create_app(settings)) as client:
        journeys = client.app.state.runtime.journeys  # type: ignore[attr-defined]
        people: dict[str, UUID] = {}
        with acting_as(WRITER):
            clock.on(150)
            people["Eve"] = eve = journeys.register_person("Eve", "north", "alice").id
            clock.on(50)
            for domain in LifeDomain:
                journeys.identify_strength(
                    eve, domain.value, "current", "external", "A friend", True, "person"
                )
            journeys.agree_strengths_worksheet(eve, D(50), ["Eve", "alice"], today=D(50))
            clock.on(40)
            people["Ann"] = ann = journeys.register_person("Ann", "north", "alice").id
            value = journeys.record_value(ann, "other_identity", "Being a good aunt", True, "visual").id
            goal = journeys.identify_goal(ann, **GOAL).id
            journeys.link_goal(goal, [value])
            passive = journeys.plan_step(goal, "Worker books the class", "passive", []).id
            clock.on(30)
            people["Cat"] = cat = journeys.register_person("Cat", "north", "alice").id
            people["Dan"] = journeys.register_person("Dan", "south", "alice").id
            clock.on(25)
            journeys.hold_review(
                ann, held_on=D(25), participants=["Ann", "alice"], summary="Going well",
                goal_decisions=[], next_review_due=D(4), today=D(25),
            )  # fmt: skip
            clock.on(15)
            people["Ben"] = ben = journeys.register_person("Ben", "north", "bob").id
            bens_goal = journeys.identify_goal(
                ben, **{**GOAL, "identified_by": "worker", "orientation": "avoidance", "in_own_words": False}
            ).id
            bens_step = journeys.plan_step(bens_goal, "Worker rings the landlord", "passive", []).id
            clock.on(12)
            journeys.reframe_goal(bens_goal, "I want a home I feel safe in", "approach")
            clock.on(10)
            journeys.change_step_mode(passive, "joint", ["sister"])
            step = journeys.plan_step(goal, "Go to the class", "independent", []).id
            journeys.start_step(step)
            journeys.complete_step(step)
            journeys.record_treatment_preference(ann, "Short meetings", in_own_words=True)
            clock.on(5)
            journeys.hold_review(
                ann, held_on=D(5), participants=["ann ", "alice"], summary="Class going well",
                goal_decisions=[], next_review_due=TODAY + timedelta(days=30), today=D(5),
            )  # fmt: skip
            clock.on(3)
            journeys.record_conversation(ben, held_on=D(3), participants=["Ben"], today=D(3), reflect="Rang")
            journeys.drop_step(bens_step, "Ben rang himself", "done_another_way")
            journeys.decline_area(ben, "religion_spirituality")
            clock.on(2)
            journeys.discharge_person(cat, "Moved away")
            journeys.hold_review(
                ben, held_on=D(14), participants=["alice"], summary="Settling in",
                goal_decisions=[], next_review_due=TODAY + timedelta(days=20), today=D(2),
            )  # fmt: skip
        yield client, people


def audit(
    client: TestClient, headers: dict[str, str] = SUPERVISOR, team_id: str = "north", **params: Any
) -> Any:
    query = {"from": D(20), "to": D(0), "compare_from": D(41), "compare_to": D(21), **params}
    response = client.get(f"/api/v1/teams/{team_id}/audit", params=query, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def figures(answer: dict[str, Any]) -> dict[str, tuple[Any, int]]:
    return {f["id"]: (f["numerator"], f["denominator"]) for f in answer["figures"]}


#: Each figure of the period, (numerator, denominator), worked out from the story above.
PERIOD = {
    "values_started": (2, 3),  # Ann (a value), Ben (a declined area); not Eve
    "areas_answered_per_person": (2, 3),
    "treatment_preferences_recorded": (1, 3),  # Ann
    "worksheet_complete": (1, 3),  # Eve
    "worksheet_external_resources": (1, 3),
    "worksheet_written_by_person": (1, 3),
    "worksheet_agreed": (1, 3),
    "worksheet_up_to_date": (1, 3),  # Eve's domains last updated 50 days ago, within 90
    "goals_own_choice": (1, 2),  # Ann's goal; Ben's was the worker's
    "goals_own_words": (1, 2),
    "goals_approach": (2, 2),  # Ben's reframed
    "avoidance_goals_reframed": (1, 1),  # none open at D21, Ben's identified D15 and reframed D12
    "goals_linked_to_values": (1, 2),
    "goals_linked_to_strengths": (0, 2),
    "steps_independent": (1, 2),  # planned in the period: Ann's independent, Ben's passive
    "steps_joint": (0, 2),
    "steps_passive": (1, 2),
    "passive_steps_moved": (1, 2),  # Ann's (open at D21) moved; Ben's (planned D15) was not
    "steps_completed": (1, 2),  # Ann's completed, Ben's dropped
    "reviews_on_time": (2, 2),  # Ann's D5 (due D4), Ben's D14 (first, due D15 + 90)
    "reviews_overdue": (1, 3),  # Eve: never reviewed, registered 150 days ago
    "never_reviewed": (1, 3),
    "median_days_between_reviews": (20, 1),  # Ann: D25 to D5
    "reviews_with_person": (1, 2),  # Ann named as "ann "; Ben's without him
    "check_personally_valued_goals": (1, 3),  # Ann met; Ben (worker's goal), Eve (no goal) not
    "check_reflects_values": (0, 2),  # Ann: her preference shapes no goal; Ben: no value
    "check_builds_on_strengths": (0, 2),  # no strengths for Ann or Ben; Eve not applicable
    "check_independent_or_joint_action": (1, 2),  # Ann's open step joint; Ben has no open step
    "coaching_per_person": (1, 3),
}

#: The comparison period D41..D21: Ann, Cat (active until D2) and Eve.
COMPARISON = {
    "values_started": (1, 3),
    "treatment_preferences_recorded": (0, 3),
    "worksheet_up_to_date": (1, 3),  # 29 days at D21
    "goals_own_choice": (1, 1),
    "steps_passive": (1, 1),  # Ann's, planned D40
    "steps_independent": (0, 1),
    "reviews_on_time": (1, 1),  # Ann's first review, D25
    "reviews_with_person": (1, 1),
    "median_days_between_reviews": (None, 0),
    "coaching_per_person": (0, 3),
}


def test_every_figure_of_the_period_is_the_one_worked_out_by_hand(team: Any) -> None:
    client, people = team
    answer = audit(client)

    assert figures(answer) == PERIOD
    assert answer["people_counted"] == 3
    assert {p["display_name"] for p in answer["people"]} == {"Ann", "Ben", "Eve"}
    by_id = {f["id"]: f for f in answer["figures"]}
    assert by_id["values_started"]["value"] == 0.6667
    assert by_id["median_days_between_reviews"]["value"] == 20.0
    assert by_id["worksheet_complete"]["people"] == {
        "counted": [str(people["Eve"])],
        "not_counted": sorted([str(people["Ann"]), str(people["Ben"])]),
    }


def test_the_comparison_period_change_and_trend(team: Any) -> None:
    client, _ = team
    answer = audit(client)
    by_id = {f["id"]: f for f in answer["figures"]}

    compared = {k: (by_id[k]["compare"]["numerator"], by_id[k]["compare"]["denominator"]) for k in COMPARISON}
    assert compared == COMPARISON
    assert by_id["values_started"]["change"] == round(0.6667 - 0.3333, 4)
    assert by_id["values_started"]["trend"] == "up"
    assert by_id["steps_passive"]["trend"] == "down"
    assert by_id["reviews_on_time"]["trend"] == "same"
    assert by_id["median_days_between_reviews"]["trend"] is None
    # The last point of the trend is the period itself, the one before it the 21 days before.
    series = by_id["values_started"]["series"]
    assert [p["from"] for p in series[-2:]] == [D(41).isoformat(), D(20).isoformat()]
    assert [p["value"] for p in series[-2:]] == [0.3333, 0.6667]


def test_as_of_an_earlier_day_reads_only_what_was_recorded_by_then(team: Any) -> None:
    client, _ = team
    answer = audit(client, as_of=D(3))

    got = figures(answer)
    # Cat was still active on D3; Ben's D14 review was recorded on D2.
    assert answer["people_counted"] == 4
    assert got["reviews_on_time"] == (1, 1)
    assert got["reviews_with_person"] == (1, 1)
    assert got["never_reviewed"] == (3, 4)  # Ben, Cat, Eve
    assert got["coaching_per_person"] == (1, 4)


def test_each_workers_figures_and_a_worker_reads_only_their_own(team: Any) -> None:
    client, people = team
    answer = audit(client)
    workers = {w["worker_id"]: w for w in answer["workers"]}

    assert {w: workers[w]["people_counted"] for w in workers} == {"alice": 2, "bob": 1}
    assert workers["alice"]["figures"]["values_started"] == {"numerator": 1, "denominator": 2, "value": 0.5}
    assert workers["bob"]["figures"]["coaching_per_person"] == {
        "numerator": 1,
        "denominator": 1,
        "value": 1.0,
    }

    own = audit(client, ALICE)
    assert own["worker"] == "alice"
    assert {p["id"] for p in own["people"]} == {str(people["Ann"]), str(people["Eve"])}
    assert figures(own)["values_started"] == (1, 2)
    assert figures(audit(client, worker="bob"))["coaching_per_person"] == (1, 1)


@pytest.mark.parametrize(
    ("headers", "team_id", "params", "status"),
    [
        (bearer("alice", Role.WORKER, ("north",)), "north", {"worker": "bob"}, 403),
        (bearer("alice", Role.WORKER, ("south",)), "north", {}, 404),
        (bearer("sue", Role.SUPERVISOR, ("south",)), "north", {}, 404),
        (bearer("sue", Role.SUPERVISOR, ("north",)), "all", {}, 403),
        (bearer("int", Role.INTEGRATION, ("north",)), "north", {}, 403),
        (bearer("ada", Role.ADMIN, ()), "north", {}, 200),
    ],
)
def test_roles_and_teams(team: Any, headers: dict[str, str], team_id: str, params: Any, status: int) -> None:
    client, _ = team
    response = client.get(f"/api/v1/teams/{team_id}/audit", params=params, headers=headers)
    assert response.status_code == status, response.text


def test_an_admin_audits_the_whole_service(team: Any) -> None:
    client, _ = team
    answer = audit(client, ADMIN, team_id="all")

    assert {p["display_name"] for p in answer["people"]} == {"Ann", "Ben", "Dan", "Eve"}
    assert figures(answer)["never_reviewed"] == (2, 4)  # Eve, Dan


def test_the_csv_holds_the_json_figures(team: Any) -> None:
    client, _ = team
    answer = audit(client)
    for how in ({"format": "csv"}, {}):
        headers = SUPERVISOR if how else {**SUPERVISOR, "Accept": "text/csv"}
        query = {"from": D(20), "to": D(0), "compare_from": D(41), "compare_to": D(21), **how}
        response = client.get("/api/v1/teams/north/audit", params=query, headers=headers)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        team_rows = {r["figure"]: r for r in rows if r["scope"] == "team"}
        assert list(team_rows) == [f["id"] for f in answer["figures"]]
        for figure in answer["figures"]:
            row = team_rows[figure["id"]]
            for key in ("numerator", "denominator", "value", "change", "trend"):
                assert row[key] == _text(figure[key]), (figure["id"], key)
            assert row["compare_value"] == _text(figure["compare"]["value"])
        worker_rows = [r for r in rows if r["scope"] == "worker:bob"]
        assert len(worker_rows) == len(answer["figures"])


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-05-02", "to": "2026-05-01"}, "from"),
        ({"compare_from": "2026-05-01"}, "compare_to"),
        ({"compare_from": "2026-05-02", "compare_to": "2026-05-01"}, "compare_from"),
        ({"from": "yesterday"}, "from"),
        ({"format": "xml"}, "format"),
        ({"from": "0001-01-01"}, "from"),
        ({"compare_from": "2026-01-01", "compare_to": "9999-12-31"}, "compare_to"),
    ],
)
def test_bad_periods_are_refused_naming_the_field(team: Any, params: Any, field: str) -> None:
    client, _ = team
    response = client.get("/api/v1/teams/north/audit", params=params, headers=SUPERVISOR)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in response.text


def test_the_longest_period_answers_with_the_trend_periods_the_calendar_holds(team: Any) -> None:
    client, _ = team
    response = client.get(
        "/api/v1/teams/north/audit", params={"from": "1900-01-01", "to": "2999-12-31"}, headers=SUPERVISOR
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["people_counted"] == 3
    # 1100 years a period: the one before begins in the ninth century, the one before that would
    # begin before the calendar does, and is left out.
    series = answer["figures"][0]["series"]
    assert [point["from"][:2] for point in series] == ["08", "19"]
