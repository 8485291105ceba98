"""The review page and the form to hold a review, over HTTP on SQLite and PostgreSQL.

The pack is laid out as the review conversation (manual, 5.4 "Reviewing progress"):
progress to notice, what got stuck, what to revisit. Holding a review goes through a
step to check the answers before it is saved; the domain's refusals come back beside
the goal they concern, and a double click writes one review.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from application.journeys import RecoveryJourneys
from domain.actor import Actor, Role, acting_as
from tests.conftest import ALICE, BOB_SOUTH, bearer
from tests.journeys import identify, plan, register
from tests.web.pages import csrf_of, sign_in_with_token

MARKUP = '<script>alert("x")</script><b>Bold</b> & "quoted"'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt; &amp; &#34;quoted&#34;"


@dataclass
class Journey:
    person: UUID
    dancing: UUID
    cooking: UUID
    debts: UUID


def seed(client: TestClient, actor: Actor, fn: Any) -> Any:
    with acting_as(actor):
        return fn(client.app.state.runtime.journeys)  # type: ignore[attr-defined]


def today(client: TestClient) -> date:
    day: date = client.app.state.pages.today()  # type: ignore[attr-defined]
    return day


def hand_built(
    journeys: RecoveryJourneys, name: str = "Sam", statement: str = "I want to dance again"
) -> Journey:
    """A goal with a step completed, one with a step dropped as not working, and a paused goal."""
    person = register(journeys, "north", name)
    dancing = identify(journeys, person, statement=statement, in_own_words=True)
    journeys.complete_step(
        plan(journeys, dancing, description="Ask my sister to come to a class"), "She said yes"
    )
    cooking = identify(journeys, person, statement="Cook for friends", in_own_words=True)
    journeys.drop_step(plan(journeys, cooking, description="Book a cookery course"), "Too far", "not_working")
    debts = identify(journeys, person, statement="Sort out my debts", in_own_words=False)
    journeys.pause_goal(debts, "Settling into the new flat first")
    journeys.record_conversation(
        person,
        held_on=date.today(),
        participants=["Sam", "alice"],
        goal_ids=[cooking],
        reflect="The course was far",
    )
    return Journey(person, dancing, cooking, debts)


@pytest.fixture
def journey(client: TestClient) -> Journey:
    built: Journey = seed(client, ALICE, hand_built)
    sign_in_with_token(client)
    return built


def section(page: str, key: str) -> str:
    """The text of one part of the review conversation on the pack page."""
    start = page.index(f'id="prompts-{key}"')
    return html.unescape(page[start : page.index("</section>", start)])


def test_the_pack_is_laid_out_as_the_review_conversation_goal_by_goal(
    client: TestClient, journey: Journey
) -> None:
    page = client.get(f"/people/{journey.person}/review")
    assert page.status_code == 200
    assert "<title>Review pack for Sam – refocus</title>" in page.text
    assert "there has been no review yet" in page.text
    notice, stuck, revisit = (section(page.text, k) for k in ("notice_and_reinforce", "got_stuck", "revisit"))
    assert "Notice and reinforce progress" in notice
    assert "Step completed by the person towards “I want to dance again”" in notice
    assert "Ask my sister to come to a class" not in stuck + revisit
    assert "Step dropped as not working towards “Cook for friends”: “Book a cookery course”" in stuck
    assert "“Sort out my debts” is paused" in revisit
    # Goal by goal, what happened; the conversation held; the totals in words.
    goals = html.unescape(page.text.split("<h2>Goal by goal</h2>")[1])
    assert "Ask my sister to come to a class (independent" in goals and ": She said yes" in goals
    assert "Book a cookery course (not working): Too far" in goals
    assert "Paused on" in goals and "Settling into the new flat first" in goals
    assert "Coaching conversations in this period" in page.text and "The course was far" in page.text
    numbers = html.unescape(page.text.split("This period in numbers")[1])
    assert "1 step completed: 1 independent" in numbers
    assert "2 steps planned: 2 independent" in numbers
    assert "Dropped steps: 1 not working" in numbers
    assert "3 goals identified" in numbers and "No goal achieved" in numbers
    assert "No value added or changed" in numbers
    assert f'href="/people/{journey.person}/review/new"' in page.text


def test_the_person_page_links_to_the_review_pack(client: TestClient, journey: Journey) -> None:
    page = client.get(f"/people/{journey.person}")
    assert f'<a href="/people/{journey.person}/review">Prepare a review</a>' in page.text


def test_the_pack_since_a_date_leaves_out_what_happened_before(client: TestClient, journey: Journey) -> None:
    later = today(client) + timedelta(days=1)
    page = client.get(f"/people/{journey.person}/review?since={later.isoformat()}")
    assert page.status_code == 200
    assert "No progress recorded in this period yet." in page.text
    assert "No step planned, started, completed or dropped" in page.text


def form_page(client: TestClient, person: UUID) -> str:
    page = client.get(f"/people/{person}/review/new")
    assert page.status_code == 200
    return page.text


def answers(page: str, journey: Journey, **changes: str) -> dict[str, str]:
    """What a worker types into the form drawn as ``page``."""
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page)
    goal_ids = re.search(r'name="goal_ids" value="([^"]*)"', page)
    assert key and goal_ids
    day = date.today()
    return {
        "csrf_token": csrf_of(page),
        "idempotency_key": key.group(1),
        "goal_ids": goal_ids.group(1),
        "held_on": day.isoformat(),
        "participants": "Sam\nalice",
        "summary": "Sam cooked for friends and wants to keep dancing.",
        f"decision-{journey.dancing}": "continue",
        f"note-{journey.dancing}": "",
        f"decision-{journey.cooking}": "achieved",
        f"note-{journey.cooking}": "Made a curry for four",
        f"decision-{journey.debts}": "resume",
        f"note-{journey.debts}": "",
        "next_review_due": (day + timedelta(days=90)).isoformat(),
        **changes,
    }


def hidden_fields(page: str) -> dict[str, str]:
    return {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    }


def reviews_held(client: TestClient, person: UUID) -> list[dict[str, Any]]:
    timeline = client.get(f"/api/v1/people/{person}/timeline", headers=bearer()).json()
    return [e for e in timeline["entries"] if e["type"] == "ReviewHeld"]


def test_the_form_offers_each_open_goal_the_decisions_its_state_accepts(
    client: TestClient, journey: Journey
) -> None:
    page = form_page(client, journey.person)
    assert "Sam\ndemo" not in page and ">Sam\nalice</textarea>" in page  # the person first
    for goal, offered, not_offered in (
        (journey.dancing, ["continue", "revise", "pause", "achieved", "discontinue"], ["resume"]),
        (journey.debts, ["continue", "revise", "resume", "discontinue"], ["pause", "achieved"]),
    ):
        radios = re.findall(rf'name="decision-{goal}" type="radio" value="(\w+)"', page)
        assert set(offered) <= set(radios) and not set(not_offered) & set(radios)


def test_answers_are_checked_then_saved_and_the_worker_lands_on_the_person_page(
    client: TestClient, journey: Journey
) -> None:
    typed = answers(form_page(client, journey.person), journey)
    check = client.post(f"/people/{journey.person}/review/new", data=typed)
    assert check.status_code == 200
    assert "<title>Check your answers before saving the review – refocus</title>" in check.text
    assert "Made a curry for four" in check.text and ">Achieved" in check.text.replace("\n", "").replace(
        " ", ""
    )
    assert check.text.count(">Change<") == 7  # held on, who, summary, three goals, next review
    assert reviews_held(client, journey.person) == []  # nothing saved yet

    # "Change" shows the form again with what was typed.
    changed = client.post(
        f"/people/{journey.person}/review/new", data={**hidden_fields(check.text), "action": "change"}
    )
    assert changed.status_code == 200 and "Hold a review" in changed.text
    assert f'name="decision-{journey.cooking}" type="radio" value="achieved" checked' in changed.text

    saved = client.post(
        f"/people/{journey.person}/review/new",
        data={**hidden_fields(check.text), "action": "save"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/people/{journey.person}"
    held = reviews_held(client, journey.person)
    assert len(held) == 1
    decided = {d["goal_id"]: d["decision"] for d in held[0]["data"]["goal_decisions"]}
    assert decided == {
        str(journey.dancing): "continue",
        str(journey.cooking): "achieved",
        str(journey.debts): "resume",
    }
    pack = client.get(f"/api/v1/people/{journey.person}/review-pack?since={date.today()}", headers=bearer())
    assert {g["id"]: g["status"] for g in pack.json()["goals"]} == {
        str(journey.dancing): "active",
        str(journey.cooking): "achieved",
        str(journey.debts): "active",
    }
    pack = client.get(f"/people/{journey.person}/review").text
    assert "What happened since the last review, held on" in pack


def test_a_double_click_on_save_writes_one_review(client: TestClient, journey: Journey) -> None:
    check = client.post(
        f"/people/{journey.person}/review/new", data=answers(form_page(client, journey.person), journey)
    )
    saving = {**hidden_fields(check.text), "action": "save"}
    first = client.post(f"/people/{journey.person}/review/new", data=saving, follow_redirects=False)
    second = client.post(f"/people/{journey.person}/review/new", data=saving, follow_redirects=False)
    assert (first.status_code, second.status_code) == (303, 303)
    assert len(reviews_held(client, journey.person)) == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"held_on": "31/12/2027"}, "held_on", "Enter a real date, for example 2027-03-01"),
        ({"next_review_due": ""}, "next_review_due", "Enter the date the next review is due"),
        ({"summary": "  "}, "summary", "Summary must not be blank"),
        ({"decision-{dancing}": ""}, "decision-{dancing}", "Choose what to do with “I want to dance again”"),
        ({"decision-{dancing}": "forget"}, "decision-{dancing}", "Decision must be one of: continue"),
        ({"decision-{dancing}": "discontinue"}, "note-{dancing}", "Say why the goal is discontinued"),
    ],
    ids=["malformed date", "no next review", "blank summary", "no decision", "unknown decision", "no reason"],
)
def test_the_check_step_shows_each_problem_beside_its_field_keeping_what_was_typed(
    client: TestClient, journey: Journey, changes: dict[str, str], field: str, message: str
) -> None:
    names = {"dancing": journey.dancing}
    typed = answers(
        form_page(client, journey.person), journey, **{k.format(**names): v for k, v in changes.items()}
    )
    page = client.post(f"/people/{journey.person}/review/new", data=typed)
    assert page.status_code == 422
    assert page.text.startswith("<!DOCTYPE html>") and "<title>Error: Hold a review" in page.text
    shown = field.format(**names)
    error = re.search(rf'id="{shown}-error">(.*?)</span>\s*(.*?)</span>', page.text, re.DOTALL)
    assert error and message in html.unescape(error.group(2))
    assert f'href="#{shown}"' in page.text
    assert "Sam cooked for friends" in page.text or "summary" in changes


def test_a_decision_the_goals_state_refuses_on_saving_is_shown_beside_that_goal(
    client: TestClient, journey: Journey
) -> None:
    """A goal paused by someone else after the form was drawn: the domain refuses pausing it again."""
    typed = answers(form_page(client, journey.person), journey, **{f"decision-{journey.debts}": "pause"})
    page = client.post(f"/people/{journey.person}/review/new", data={**typed, "action": "save"})
    assert page.status_code == 422
    error = re.search(rf'id="decision-{journey.debts}-error">.*?</span>\s*(.*?)</span>', page.text, re.DOTALL)
    assert error and "Cannot decide &#39;pause&#39; for a goal that is paused" in error.group(1)
    assert f'id="decision-{journey.dancing}-error"' not in page.text
    assert f'name="decision-{journey.cooking}" type="radio" value="achieved" checked' in page.text
    assert "Made a curry for four</textarea>" in page.text
    assert reviews_held(client, journey.person) == []


def test_a_next_review_before_the_review_is_refused_beside_its_field_on_saving(
    client: TestClient, journey: Journey
) -> None:
    typed = answers(form_page(client, journey.person), journey, next_review_due=date.today().isoformat())
    page = client.post(f"/people/{journey.person}/review/new", data={**typed, "action": "save"})
    assert page.status_code == 422
    assert 'id="next_review_due-error"' in page.text
    assert "Next review due must be after the day the review was held" in page.text


def test_a_supervisor_reads_the_pack_without_write_controls_and_is_refused_the_form(
    client: TestClient,
) -> None:
    journey: Journey = seed(client, ALICE, hand_built)
    sign_in_with_token(client, "sue", Role.SUPERVISOR, ("north",))
    pack = client.get(f"/people/{journey.person}/review")
    assert pack.status_code == 200 and "Notice and reinforce progress" in pack.text
    assert "/review/new" not in pack.text and "Hold the review" not in pack.text
    assert client.get(f"/people/{journey.person}/review/new").status_code == 403
    posted = client.post(
        f"/people/{journey.person}/review/new",
        data={"csrf_token": csrf_of(pack.text), "summary": "Forged", "action": "save"},
    )
    assert posted.status_code == 403
    assert "You cannot do this" in posted.text
    assert reviews_held(client, journey.person) == []


def test_another_teams_person_is_not_found_on_every_review_address(client: TestClient) -> None:
    south = seed(client, BOB_SOUTH, lambda j: register(j, "south", "Pat"))
    sign_in_with_token(client)
    for address in (f"/people/{south}/review", f"/people/{south}/review/new"):
        page = client.get(address)
        assert page.status_code == 404, address
        assert "Page not found" in page.text and "Pat" not in page.text
    form = client.get("/people/new").text
    posted = client.post(f"/people/{south}/review/new", data={"csrf_token": csrf_of(form), "summary": "x"})
    assert posted.status_code == 404


def test_markup_typed_anywhere_on_the_way_is_shown_as_text(client: TestClient) -> None:
    journey: Journey = seed(client, ALICE, lambda j: hand_built(j, MARKUP, MARKUP))
    sign_in_with_token(client)
    pages = [client.get(f"/people/{journey.person}/review").text, form_page(client, journey.person)]
    typed = answers(pages[1], journey, summary=MARKUP, participants=f"{MARKUP}\nalice")
    typed[f"note-{journey.dancing}"] = MARKUP
    pages.append(client.post(f"/people/{journey.person}/review/new", data=typed).text)
    pages.append(client.post(f"/people/{journey.person}/review/new", data={**typed, "summary": ""}).text)
    for page in pages:
        assert ESCAPED in page
        assert "<script>alert" not in page and "<b>Bold" not in page
    # The hidden fields carry it back exactly as typed.
    assert hidden_fields(pages[2])["summary"] == MARKUP


def test_the_problems_are_listed_in_the_order_of_the_page(client: TestClient, journey: Journey) -> None:
    blanks = {"summary": "", f"decision-{journey.dancing}": "", "next_review_due": "", "held_on": "nope"}
    page = client.post(
        f"/people/{journey.person}/review/new",
        data=answers(form_page(client, journey.person), journey, **blanks),
    )
    summary = page.text.split('nhsuk-error-summary__list"')[1].split("</ul>")[0]
    assert re.findall(r'href="#([^"]+)"', summary) == [
        "held_on",
        "summary",
        f"decision-{journey.dancing}",
        "next_review_due",
    ]
