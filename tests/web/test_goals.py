"""The goal page and the goal and step forms, over HTTP on SQLite and PostgreSQL.

Every form posts one use case of the application: its refusals come back beside the
field or above the form, keeping what was typed; a second click writes nothing; a form
drawn before someone else changed the goal or step writes nothing and says so; a
supervisor gets no controls and a 403 page; another team's goal or step is "Page not
found"; user text is shown as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from application.journeys import RecoveryJourneys
from domain.actor import Role
from domain.text import NOTE_MAX_CHARS
from interfaces.web.forms import CHANGED_BY_SOMEONE_ELSE
from interfaces.web.goal_forms import OWN_WORDS_MISSING
from interfaces.web.steps import DUE_MISSING
from tests.conftest import ALICE, BOB_SOUTH
from tests.journeys import identify, plan, register
from tests.web.pages import csrf_of, sign_in_with_token
from tests.web.test_pages import MARKUP, seed

ESCAPED = str(escape(MARKUP))
TOO_LONG = "x" * (NOTE_MAX_CHARS + 1)


@dataclass
class Ids:
    person: UUID
    goal: UUID
    step: UUID

    def address(self, template: str) -> str:
        return template.format(person=self.person, goal=self.goal, step=self.step)


def journey(journeys: RecoveryJourneys, team: str = "north", text: str | None = None) -> Ids:
    person = register(journeys, team)
    goal = identify(journeys, person, **({"statement": text} if text else {}))
    step = plan(journeys, goal, **({"description": text} if text else {}))
    return Ids(person, goal, step)


@pytest.fixture
def ids(client: TestClient) -> Ids:
    made: Ids = seed(client, ALICE, journey)
    sign_in_with_token(client)
    return made


def run(client: TestClient, change: Callable[[RecoveryJourneys, Ids], Any], ids: Ids) -> None:
    seed(client, ALICE, lambda journeys: change(journeys, ids))


def hidden(page: str) -> dict[str, str]:
    """The hidden fields of a form page: CSRF token, idempotency key, version drawn from."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))


def drawn(client: TestClient, address: str) -> dict[str, str]:
    page = client.get(address)
    assert page.status_code == 200, page.text
    return hidden(page.text)


def post(client: TestClient, address: str, form: dict[str, str], **fields: str) -> Any:
    return client.post(address, data={**form, **fields}, follow_redirects=False)


def events(client: TestClient) -> int:
    journeys: RecoveryJourneys = client.app.state.runtime.journeys  # type: ignore[attr-defined]
    return journeys.recorder.max_notification_id() or 0


def aggregate(client: TestClient, record_id: UUID) -> Any:
    return client.app.state.runtime.journeys.repository.get(record_id)  # type: ignore[attr-defined]


def pause(journeys: RecoveryJourneys, ids: Ids) -> None:
    journeys.pause_goal(ids.goal)


def nothing(journeys: RecoveryJourneys, ids: Ids) -> None:
    pass


GOAL = "/goals/{goal}"
IDENTIFY = {
    "statement": "I want to swim in the sea",
    "in_own_words": "yes",
    "identified_by": "person",
    "orientation": "approach",
    "life_domain": "health",
    "responsibility": "person",
    "target_date": "2027-06-01",
}


def goal_status(client: TestClient, ids: Ids) -> Any:
    return aggregate(client, ids.goal).status.value


def goal_words(client: TestClient, ids: Ids) -> Any:
    goal = aggregate(client, ids.goal)
    return goal.statement, goal.orientation.value


def step_status(client: TestClient, ids: Ids) -> Any:
    return aggregate(client, ids.step).status.value


def step_due(client: TestClient, ids: Ids) -> Any:
    return aggregate(client, ids.step).due


def step_company(client: TestClient, ids: Ids) -> Any:
    step = aggregate(client, ids.step)
    return step.mode.value, step.with_whom


def views(client: TestClient) -> Any:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    runtime.projector.catch_up()
    return runtime.views


def dropped(client: TestClient, ids: Ids) -> Any:
    return views(client).step(ids.step, ALICE)["dropped_kind"]


def newest_step(client: TestClient, ids: Ids) -> Any:
    steps = views(client).goal(ids.goal, ALICE)["steps"]
    step = aggregate(client, UUID(steps[-1]["id"]))
    return step.description, step.mode.value, step.with_whom, step.due


Check = Callable[[TestClient, Ids], Any]

# (form, what happens first, its address, what is typed, what it changed, to what)
HAPPY: list[tuple[str, Callable[[RecoveryJourneys, Ids], Any], str, dict[str, str], Check | None, Any]] = [
    ("identify", nothing, "/people/{person}/goals/new", IDENTIFY, None, None),
    (
        "reframe",
        nothing,
        GOAL + "/reframe",
        {"statement": "I dance", "orientation": "approach"},
        goal_words,
        ("I dance", "approach"),
    ),
    ("pause", nothing, GOAL + "/pause", {"note": "Away"}, goal_status, "paused"),
    ("resume", pause, GOAL + "/resume", {"note": "Back"}, goal_status, "active"),
    ("achieve", nothing, GOAL + "/achieve", {"note": "Danced"}, goal_status, "achieved"),
    ("discontinue", nothing, GOAL + "/discontinue", {"reason": "Moved away"}, goal_status, "discontinued"),
    (
        "plan independent",
        nothing,
        GOAL + "/steps/new",
        {"description": "Ring", "mode": "independent"},
        newest_step,
        ("Ring", "independent", [], None),
    ),
    (
        "plan joint",
        nothing,
        GOAL + "/steps/new",
        {"description": "Go", "mode": "joint", "with_whom": "sister, Ben"},
        newest_step,
        ("Go", "joint", ["sister", "Ben"], None),
    ),
    (
        "plan passive",
        nothing,
        GOAL + "/steps/new",
        {"description": "Book", "mode": "passive", "due": "2027-01-04"},
        newest_step,
        ("Book", "passive", [], date(2027, 1, 4)),
    ),
    ("start", nothing, "/steps/{step}/start", {}, step_status, "started"),
    ("complete", nothing, "/steps/{step}/complete", {"note": "Went"}, step_status, "completed"),
    (
        "drop",
        nothing,
        "/steps/{step}/drop",
        {"reason": "Found one", "kind": "done_another_way"},
        dropped,
        "done_another_way",
    ),
    ("drop of no kind", nothing, "/steps/{step}/drop", {"reason": "Found one"}, dropped, "other"),
    ("reschedule", nothing, "/steps/{step}/reschedule", {"due": "2027-02-03"}, step_due, date(2027, 2, 3)),
    (
        "change mode",
        nothing,
        "/steps/{step}/mode",
        {"mode": "joint", "with_whom": "Ben"},
        step_company,
        ("joint", ["Ben"]),
    ),
]
NAMES = [case[0] for case in HAPPY]


@pytest.mark.parametrize(("name", "before", "address", "typed", "check", "expected"), HAPPY, ids=NAMES)
def test_each_form_runs_its_use_case_and_shows_the_goal_page(
    client: TestClient,
    ids: Ids,
    name: str,
    before: Callable[[RecoveryJourneys, Ids], Any],
    address: str,
    typed: dict[str, str],
    check: Check | None,
    expected: Any,
) -> None:
    run(client, before, ids)
    form = drawn(client, ids.address(address))
    answer = post(client, ids.address(address), form, **typed)
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    page = client.get(location)
    assert page.status_code == 200
    if check is None:  # a new goal: its own page, in the person's words
        assert "“I want to swim in the sea”" in page.text and "1 Jun 2027" in page.text
        goal = aggregate(client, UUID(location.removeprefix("/goals/")))
        assert (goal.in_own_words, goal.life_domain.value, goal.person_id) == (True, "health", ids.person)
    else:
        assert location == f"/goals/{ids.goal}"
        assert check(client, ids) == expected


@pytest.mark.parametrize(("name", "before", "address", "typed", "check", "expected"), HAPPY, ids=NAMES)
def test_a_second_click_on_any_form_writes_nothing_more(
    client: TestClient,
    ids: Ids,
    name: str,
    before: Callable[[RecoveryJourneys, Ids], Any],
    address: str,
    typed: dict[str, str],
    check: Check | None,
    expected: Any,
) -> None:
    run(client, before, ids)
    form = drawn(client, ids.address(address))
    written = events(client)
    first = post(client, ids.address(address), form, **typed)
    again = post(client, ids.address(address), form, **typed)
    assert first.status_code == again.status_code == 303, again.text
    assert first.headers["location"] == again.headers["location"]
    assert events(client) == written + 1


# (form, what happens first, its address, what is typed, the field in error, its message, a value kept)
REFUSED = [
    (
        "identify",
        nothing,
        "/people/{person}/goals/new",
        {**IDENTIFY, "statement": " "},
        "statement",
        "Statement must not be blank",
        'value="2027-06-01"',
    ),
    (
        "identify without own words",
        nothing,
        "/people/{person}/goals/new",
        {**IDENTIFY, "in_own_words": ""},
        "in_own_words",
        OWN_WORDS_MISSING,
        "I want to swim in the sea</textarea>",
    ),
    (
        "identify, bad date",
        nothing,
        "/people/{person}/goals/new",
        {**IDENTIFY, "target_date": "1/6/27"},
        "target_date",
        "Enter a real date",
        'value="1/6/27"',
    ),
    (
        "reframe",
        nothing,
        GOAL + "/reframe",
        {"statement": "", "orientation": "avoidance"},
        "statement",
        "Statement must not be blank",
        'value="avoidance" checked',
    ),
    ("pause", nothing, GOAL + "/pause", {"note": TOO_LONG}, "note", "Note must be at most", TOO_LONG),
    ("resume", pause, GOAL + "/resume", {"note": TOO_LONG}, "note", "Note must be at most", TOO_LONG),
    ("achieve", nothing, GOAL + "/achieve", {"note": TOO_LONG}, "note", "Note must be at most", TOO_LONG),
    (
        "discontinue",
        nothing,
        GOAL + "/discontinue",
        {"reason": "  "},
        "reason",
        "Reason must not be blank",
        "",
    ),
    (
        "plan joint alone",
        nothing,
        GOAL + "/steps/new",
        {"description": "Go <out>", "mode": "joint"},
        "with_whom",
        "With whom a joint step names who it is shared with",
        "Go &lt;out&gt;</textarea>",
    ),
    (
        "plan without a mode",
        nothing,
        GOAL + "/steps/new",
        {"description": "Go"},
        "mode",
        "Mode must be one of",
        "Go</textarea>",
    ),
    (
        "complete",
        nothing,
        "/steps/{step}/complete",
        {"note": TOO_LONG},
        "note",
        "Note must be at most",
        TOO_LONG,
    ),
    (
        "drop",
        nothing,
        "/steps/{step}/drop",
        {"reason": "", "kind": "not_working"},
        "reason",
        "Reason must not be blank",
        'value="not_working" checked',
    ),
    ("reschedule without a date", nothing, "/steps/{step}/reschedule", {"due": ""}, "due", DUE_MISSING, ""),
    (
        "reschedule, bad date",
        nothing,
        "/steps/{step}/reschedule",
        {"due": "next week"},
        "due",
        "Enter a real date",
        'value="next week"',
    ),
    (
        "change mode",
        nothing,
        "/steps/{step}/mode",
        {"mode": "independent", "with_whom": "Ben"},
        "with_whom",
        "With whom an independent step is taken by the person alone",
        'value="Ben"',
    ),
]


@pytest.mark.parametrize(
    ("name", "before", "address", "typed", "field", "message", "kept"), REFUSED, ids=[c[0] for c in REFUSED]
)
def test_a_refused_form_says_why_beside_the_field_keeps_what_was_typed_and_writes_nothing(
    client: TestClient,
    ids: Ids,
    name: str,
    before: Callable[[RecoveryJourneys, Ids], Any],
    address: str,
    typed: dict[str, str],
    field: str,
    message: str,
    kept: str,
) -> None:
    run(client, before, ids)
    form = drawn(client, ids.address(address))
    written = events(client)
    page = post(client, ids.address(address), form, **typed)
    assert page.status_code == 422
    assert "<title>Error: " in page.text and "There is a problem" in page.text
    assert f'href="#{field}"' in page.text
    beside = page.text.split(f'id="{field}-error"')[1].split("</span>", 2)[1]
    assert str(escape(message)) in beside
    assert kept in page.text
    assert hidden(page.text)["idempotency_key"] == form["idempotency_key"]
    assert events(client) == written


def test_a_refused_form_put_right_goes_through_once_with_the_same_key(client: TestClient, ids: Ids) -> None:
    address = ids.address("/people/{person}/goals/new")
    form = drawn(client, address)
    refused = post(client, address, form, **{**IDENTIFY, "in_own_words": ""})
    assert refused.status_code == 422
    written = events(client)
    again = hidden(refused.text)
    first = post(client, address, again, **{**IDENTIFY, "in_own_words": "no"})
    second = post(client, address, again, **{**IDENTIFY, "in_own_words": "no"})
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert events(client) == written + 1
    assert aggregate(client, UUID(first.headers["location"].removeprefix("/goals/"))).in_own_words is False


def reframe(journeys: RecoveryJourneys, ids: Ids) -> None:
    journeys.reframe_goal(ids.goal, "I want to dance every week", "approach")


def reschedule(journeys: RecoveryJourneys, ids: Ids) -> None:
    journeys.reschedule_step(ids.step, date(2027, 5, 5))


# (form, its address, what is typed, someone else's change meanwhile)
VERSIONED = [
    ("reframe", GOAL + "/reframe", {"statement": "I dance", "orientation": "approach"}, reframe),
    ("pause", GOAL + "/pause", {}, reframe),
    ("achieve", GOAL + "/achieve", {}, reframe),
    ("discontinue", GOAL + "/discontinue", {"reason": "Moved"}, reframe),
    ("plan", GOAL + "/steps/new", {"description": "Ring", "mode": "independent"}, reframe),
    ("start", "/steps/{step}/start", {}, reschedule),
    ("complete", "/steps/{step}/complete", {}, reschedule),
    ("drop", "/steps/{step}/drop", {"reason": "No"}, reschedule),
    ("reschedule", "/steps/{step}/reschedule", {"due": "2027-02-03"}, reschedule),
    ("change mode", "/steps/{step}/mode", {"mode": "passive"}, reschedule),
]


@pytest.mark.parametrize(("name", "address", "typed", "change"), VERSIONED, ids=[c[0] for c in VERSIONED])
def test_a_form_drawn_before_someone_else_changed_the_record_says_so_and_writes_nothing(
    client: TestClient,
    ids: Ids,
    name: str,
    address: str,
    typed: dict[str, str],
    change: Callable[[RecoveryJourneys, Ids], Any],
) -> None:
    form = drawn(client, ids.address(address))
    run(client, change, ids)
    written = events(client)
    page = post(client, ids.address(address), form, **typed)
    assert page.status_code == 409
    assert str(escape(CHANGED_BY_SOMEONE_ELSE)) in page.text
    assert events(client) == written
    # Drawn again from the record as it is now, so trying again after a look goes through.
    record = ids.goal if address.startswith(GOAL) else ids.step
    assert hidden(page.text)["expected_version"] == str(aggregate(client, record).version)


def drop(journeys: RecoveryJourneys, ids: Ids) -> None:
    journeys.drop_step(ids.step, "Not now", "no_longer_wanted")


def achieve(journeys: RecoveryJourneys, ids: Ids) -> None:
    journeys.achieve_goal(ids.goal)


# (form, what happened first, its address, what is typed, the rule's words)
RULES = [
    ("complete a dropped step", drop, "/steps/{step}/complete", {}, "cannot complete a step that is dropped"),
    (
        "plan on an achieved goal",
        achieve,
        GOAL + "/steps/new",
        {"description": "Ring", "mode": "independent"},
        "The goal is achieved",
    ),
    ("pause a paused goal", pause, GOAL + "/pause", {}, "cannot pause a goal that is paused"),
    ("start a step of an achieved goal", achieve, "/steps/{step}/start", {}, "The goal is achieved"),
]


@pytest.mark.parametrize(("name", "before", "address", "typed", "rule"), RULES, ids=[c[0] for c in RULES])
def test_a_rule_of_the_journey_is_shown_above_the_form_and_writes_nothing(
    client: TestClient,
    ids: Ids,
    name: str,
    before: Callable[[RecoveryJourneys, Ids], Any],
    address: str,
    typed: dict[str, str],
    rule: str,
) -> None:
    run(client, before, ids)
    form = drawn(client, ids.address(address))
    written = events(client)
    page = post(client, ids.address(address), form, **typed)
    assert page.status_code == 409
    summary = page.text.split("There is a problem")[1].split("</ul>")[0]
    assert rule.casefold() in summary.casefold()
    assert events(client) == written


FORM_PAGES = sorted({case[2] for case in HAPPY} | {case[1] for case in VERSIONED})


def test_a_supervisor_sees_the_goal_without_controls_and_every_form_is_refused(client: TestClient) -> None:
    ids: Ids = seed(client, ALICE, journey)
    sign_in_with_token(client, "sue", Role.SUPERVISOR)
    page = client.get(ids.address(GOAL)).text
    assert "I want to dance again" in page and "Find a class" in page
    assert page.count('method="post"') == 1  # signing out
    for control in ("Plan a step", "Pause", "Reframe", "/steps/", "/start"):
        assert control not in page, control
    assert "Add a goal" not in client.get(f"/people/{ids.person}").text
    written = events(client)
    for address in FORM_PAGES:
        assert client.get(ids.address(address)).status_code == 403, address
        answer = post(client, ids.address(address), {"csrf_token": csrf_of(page), "idempotency_key": "k"})
        assert answer.status_code == 403, address
        assert "You cannot do this" in answer.text
    assert events(client) == written


def test_another_teams_goal_and_step_are_not_found_on_every_page_and_form(client: TestClient) -> None:
    ids: Ids = seed(client, BOB_SOUTH, lambda j: journey(j, "south"))
    sign_in_with_token(client)
    csrf = csrf_of(client.get("/").text)
    written = events(client)
    for address in (GOAL, "/goals/not-an-id", *FORM_PAGES):
        page = client.get(ids.address(address))
        assert page.status_code == 404, address
        assert "Page not found" in page.text and "dance" not in page.text
    for address in FORM_PAGES:
        answer = post(client, ids.address(address), {"csrf_token": csrf, "idempotency_key": "k"}, note="x")
        assert answer.status_code == 404, address
    assert events(client) == written


def test_the_goal_page_shows_the_goal_its_steps_and_what_may_be_done_now(
    client: TestClient, ids: Ids
) -> None:
    seed(
        client,
        ALICE,
        lambda j: plan(j, ids.goal, "joint", description="Go with my sister", due=date(2027, 1, 4)),
    )
    seed(client, ALICE, lambda j: plan(j, ids.goal, "passive", description="Book the hall"))
    page = client.get(ids.address(GOAL)).text
    assert "<title>I want to dance again – refocus</title>" in page
    assert f'href="/people/{ids.person}">Back to Sam</a>' in page
    assert "“I want to dance again”" in page and "Work, learning or things to do" in page
    assert "with sister" in page and "done for the person" in page and "4 Jan 2027" in page
    assert f'href="/goals/{ids.goal}/pause"' in page and f'href="/goals/{ids.goal}/resume"' not in page
    assert page.count("/start") == 3 and f'href="/goals/{ids.goal}/steps/new"' in page
    person = client.get(f"/people/{ids.person}").text
    assert f'href="/people/{ids.person}/goals/new">Add a goal</a>' in person
    assert f'<a href="/goals/{ids.goal}">' in person


def discharge(journeys: RecoveryJourneys, ids: Ids) -> None:
    journeys.discharge_person(ids.person, "Moved to another area")


@pytest.mark.parametrize(
    ("before", "status"),
    [(achieve, "Achieved"), (discharge, "Active")],
    ids=["achieved goal", "discharged person"],
)
def test_a_closed_goal_or_journey_offers_nothing_more_to_do(
    client: TestClient, ids: Ids, before: Callable[[RecoveryJourneys, Ids], Any], status: str
) -> None:
    run(client, before, ids)
    page = client.get(ids.address(GOAL)).text
    assert status in page
    assert (
        "/steps/new" not in page and "/start" not in page and "/pause" not in page and "/complete" not in page
    )


def test_markup_in_a_goal_and_a_step_is_shown_as_text_on_the_goal_page_and_its_forms(
    client: TestClient,
) -> None:
    ids: Ids = seed(client, ALICE, lambda j: journey(j, text=MARKUP))
    sign_in_with_token(client)
    for address in (
        GOAL,
        GOAL + "/reframe",
        GOAL + "/steps/new",
        "/steps/{step}/complete",
        "/steps/{step}/mode",
    ):
        page = client.get(ids.address(address)).text
        assert ESCAPED in page, address
        assert "<script>alert" not in page and "<b>Bold" not in page, address
    form = drawn(client, ids.address("/people/{person}/goals/new"))
    typed = post(
        client,
        ids.address("/people/{person}/goals/new"),
        form,
        **{**IDENTIFY, "statement": MARKUP, "in_own_words": ""},
    )
    assert typed.status_code == 422
    assert ESCAPED in typed.text and "<script>alert" not in typed.text
