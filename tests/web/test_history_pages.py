"""The timeline and supervision pages, over HTTP on SQLite and PostgreSQL.

Both read the same views as the API (the timeline, replay frames, the care-plan
diff, supervision notes) and keep its scoping: another team's person is "Page not
found", notes follow the API's rules, forms need their CSRF token, and user text
is shown as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from domain.actor import Role, acting_as
from interfaces.http.deps import Reader
from tests.conftest import ALICE, BOB_SOUTH
from tests.journeys import identify, plan, register
from tests.web.pages import csrf_of, sign_in_with_token
from tests.web.test_pages import MARKUP, seed

ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt; &amp; &#34;quoted&#34;"
TIME = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d")


@dataclass
class Journey:
    person: UUID
    goal: UUID
    step: UUID
    positions: list[int]


def _journey(journeys: Any, statement: str = "I want to dance again") -> Journey:
    person = register(journeys)
    goal = identify(journeys, person, statement=statement, in_own_words=True)
    register(journeys, name="Kim")  # someone else's event between two frames
    step = plan(journeys, goal, "joint", description="Go to a class")
    journeys.complete_step(step, "Went on Tuesday")
    return Journey(person, goal, step, [])


@pytest.fixture
def journey(client: TestClient) -> Journey:
    """Sam: registered, a goal, a joint step, the step completed (four frames)."""
    made: Journey = seed(client, ALICE, _journey)
    views = Reader(ALICE, client.app.state.runtime, 0).views  # type: ignore[attr-defined]
    made.positions = [f["position"] for f in views.replay(made.person, ALICE)]
    sign_in_with_token(client)
    return made


def text_of(html: str) -> str:
    """The main content's words, without tags or SVG."""
    main = html.split('id="maincontent"', 1)[1]
    main = re.sub(r"<svg.*?</svg>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def post_forms(html: str) -> list[str]:
    return re.findall(r'<form[^>]*action="([^"]+)"[^>]*method="post"', html)


# The timeline


def test_the_timeline_says_what_happened_who_did_it_and_when(client: TestClient, journey: Journey) -> None:
    page = client.get(f"/people/{journey.person}/timeline")
    assert page.status_code == 200
    assert "<title>Timeline: Sam – refocus</title>" in page.text
    words = text_of(page.text)
    assert "Sam registered with team north" in words
    assert (
        "Joint step planned towards “I want to dance again”, taken by Sam with sister: “Go to a class”"
        in words
    )
    assert "Step completed: “Go to a class”" in words
    assert words.count("alice (worker)") == 4
    assert len(TIME.findall(words)) == 4


def test_the_person_page_links_to_the_timeline_and_supervision(client: TestClient, journey: Journey) -> None:
    page = client.get(f"/people/{journey.person}").text
    assert f'href="/people/{journey.person}/timeline">Timeline</a>' in page
    assert f'href="/people/{journey.person}/supervision">Supervision</a>' in page


def test_the_timeline_filters_by_goal_and_offers_every_goal(client: TestClient, journey: Journey) -> None:
    other = seed(
        client, ALICE, lambda j: identify(j, journey.person, statement="Sleep better", in_own_words=True)
    )
    everything = client.get(f"/people/{journey.person}/timeline").text
    assert re.findall(r'<option value="([^"]*)"', everything) == ["", str(journey.goal), str(other)]
    assert "Sleep better" in text_of(everything)

    page = client.get(f"/people/{journey.person}/timeline?goal={other}").text
    words = text_of(page)
    assert f'<option value="{other}" selected>' in page
    assert "Events of the goal “Sleep better” and its steps" in words
    assert "Goal identified by Sam: “Sleep better”" in words
    assert "Go to a class" not in words and "Registered" not in words
    assert "No steps completed yet." in words and "No steps planned yet." in words


def test_a_goal_of_no_one_here_shows_the_whole_timeline(client: TestClient, journey: Journey) -> None:
    page = client.get(f"/people/{journey.person}/timeline?goal=6a0f4ef0-54d5-4f6e-9f0a-3f1b0a1e8f00")
    assert page.status_code == 200
    assert "Every event" in text_of(page.text)


def test_a_long_timeline_comes_in_pages(client: TestClient) -> None:
    goals: list[UUID] = []

    def long(journeys: Any) -> UUID:
        person = register(journeys)
        goal = identify(journeys, person)
        goals.append(goal)
        for n in range(55):
            plan(journeys, goal, description=f"Step number {n}")
        return person

    person = seed(client, ALICE, long)
    sign_in_with_token(client)
    first = client.get(f"/people/{person}/timeline").text
    assert "Every event, page 1 of 2" in text_of(first)
    assert "Step number 47" in first and "Step number 48" not in first
    assert f'href="/people/{person}/timeline?page=2"' in first
    second = client.get(f"/people/{person}/timeline?page=2").text
    assert "Step number 48" in second and "Step number 54" in second and "Step number 47" not in second
    assert f'href="/people/{person}/timeline?page=1"' in second
    assert "nhsuk-pagination-item--next" not in second
    of_the_goal = client.get(f"/people/{person}/timeline?goal={goals[0]}").text
    assert f'href="/people/{person}/timeline?goal={goals[0]}&amp;page=2"' in of_the_goal


def test_the_timeline_charts_are_svg_with_a_title_a_description_and_a_table_of_their_numbers(
    client: TestClient, journey: Journey
) -> None:
    page = client.get(f"/people/{journey.person}/timeline").text
    svgs = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    assert len(svgs) == 2
    steps, mix = svgs
    assert 'role="img"' in steps and 'aria-labelledby="steps-chart-title steps-chart-desc"' in steps
    assert '<title id="steps-chart-title">Steps completed per goal over time</title>' in steps
    assert "I want to dance again: 1 step completed." in steps
    assert "I want to dance again (1)" in steps  # the row's label: no colour to decode
    assert '<title id="mix-chart-title">Steps planned or open by mode over time</title>' in mix
    # Modes are told apart by patterns and named in a legend, printed in black and white too.
    assert 'fill="url(#mix-joint)"' in mix and '<pattern id="mix-passive"' in mix
    for name in ("Independent", "Joint", "Passive"):
        assert f">{name}</text>" in mix
    tables = text_of(page).split("Show the numbers")[1:]
    assert "Steps completed per goal Goal" in tables[0] and "I want to dance again 1 1" in tables[0]
    # Planned and completed the same day, the joint step still counts for that day.
    assert "Independent 0 0 Joint 1 1 Passive 0 0" in tables[1]


# Supervision: the replay


def test_supervision_opens_on_the_first_frame_with_the_plan_as_it_stood(
    client: TestClient, journey: Journey
) -> None:
    page = client.get(f"/people/{journey.person}/supervision")
    assert page.status_code == 200
    assert "<title>Supervision: Sam – refocus</title>" in page.text
    words = text_of(page.text)
    assert "Frame 1 of 4" in words
    assert "What happened Sam registered with team north Who alice (worker)" in words
    assert "Who alice (worker)" in words and TIME.search(words)
    assert "No goals yet." in words
    assert "data-replay-previous" not in page.text
    assert f'name="frame" value="{journey.positions[1]}" data-replay-next' in page.text
    assert 'type="range" min="1" max="4" step="1" value="1"' in page.text
    assert re.search(r'<script type="module" src="/static/[0-9a-f]+/app/replay.js">', page.text)


@pytest.mark.parametrize(
    ("query", "number"),
    [
        ("?frame={p[2]}", 3),
        ("?n=2", 2),
        ("?n=99", 4),
        ("?frame={p[3]}&n=1", 4),  # a button's frame wins over the slider it was sent with
        ("?frame={between}", 2),  # the frame at or before it
    ],
    ids=["by position", "by number", "past the end", "button over slider", "between two frames"],
)
def test_a_frame_is_chosen_by_its_position_or_its_number(
    client: TestClient, journey: Journey, query: str, number: int
) -> None:
    between = journey.positions[2] - 1
    assert between != journey.positions[1]
    page = client.get(
        f"/people/{journey.person}/supervision" + query.format(p=journey.positions, between=between)
    )
    assert f"Frame {number} of 4" in text_of(page.text)
    index = number - 1
    if index > 0:
        assert f'value="{journey.positions[index - 1]}" data-replay-previous' in page.text
    if index < 3:
        assert f'value="{journey.positions[index + 1]}" data-replay-next' in page.text
    else:
        assert "data-replay-next" not in page.text


def test_a_frame_shows_what_it_changed_and_the_plan_just_after_it(
    client: TestClient, journey: Journey
) -> None:
    planned = text_of(client.get(f"/people/{journey.person}/supervision?n=3").text)
    assert "Joint step planned towards “I want to dance again”, taken by Sam with sister" in planned
    assert "Goal “I want to dance again” changed: progress now 0 of 1 step done." in planned
    assert "Step added: “Go to a class” (planned)." in planned
    assert "Check “Steps the person takes alone or with others” now met." in planned
    assert "Go to a class (with sister): Joint planned" in planned

    completed = text_of(client.get(f"/people/{journey.person}/supervision?n=4").text)
    assert "Step “Go to a class” changed: status from planned to completed." in completed
    assert "1 of 1 step done." in completed


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("from=1&to=4", "From frame 1"),
        ("from=4&to=1", "From frame 1"),
        ("from=1", "From frame 1"),
    ],
    ids=["in order", "in reverse", "to the last frame by default"],
)
def test_two_frames_compared_say_what_changed_between_them(
    client: TestClient, journey: Journey, query: str, said: str
) -> None:
    words = text_of(client.get(f"/people/{journey.person}/supervision?{query}").text)
    assert f"{said} (" in words and "to frame 4 (" in words
    assert "Goal added: “I want to dance again” (active)." in words
    assert "Step added: “Go to a class” (completed)." in words


def test_a_frame_compared_with_itself_changed_nothing(client: TestClient, journey: Journey) -> None:
    words = text_of(client.get(f"/people/{journey.person}/supervision?from=3&to=3").text)
    assert "Nothing in the care plan changed between these frames." in words


# Supervision: notes


def note_form(html: str) -> dict[str, str]:
    key = re.search(r'name="idempotency_key" value="([^"]+)"', html)
    position = re.search(r'name="position" value="(\d+)"', html)
    assert key and position
    return {"csrf_token": csrf_of(html), "idempotency_key": key.group(1), "position": position.group(1)}


def test_a_note_added_to_a_frame_is_shown_on_that_frame_only_and_a_second_click_adds_nothing(
    client: TestClient, journey: Journey
) -> None:
    address = f"/people/{journey.person}/supervision"
    form = {**note_form(client.get(f"{address}?n=3").text), "text": "A joint step: good to see"}
    first = client.post(f"{address}/notes", data=form, follow_redirects=False)
    again = client.post(f"{address}/notes", data=form, follow_redirects=False)
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == f"{address}?frame={journey.positions[2]}#notes"

    shown = text_of(client.get(first.headers["location"]).text)
    assert shown.count("A joint step: good to see") == 1
    assert "alice (worker)" in shown
    assert "Frames with notes Frame 3 (this frame)" in shown
    note = client.app.state.runtime.views.supervision_notes(journey.person, ALICE)["items"][0]  # type: ignore[attr-defined]
    with acting_as(ALICE):
        client.app.state.runtime.journeys.retract_supervision_note(journey.person, UUID(note["id"]))  # type: ignore[attr-defined]
    retracted = text_of(client.get(first.headers["location"]).text)
    assert "Retracted by its author A joint step: good to see" in retracted
    elsewhere = client.get(f"{address}?n=4").text
    assert "A joint step: good to see" not in elsewhere
    assert f'<a href="{address}?frame={journey.positions[2]}#notes">Frame 3</a>' in elsewhere


def test_a_supervisor_adds_a_note_but_sees_no_journey_write_controls(
    client: TestClient, journey: Journey
) -> None:
    client.cookies.clear()
    sign_in_with_token(client, "sue", Role.SUPERVISOR)
    address = f"/people/{journey.person}/supervision"
    page = client.get(address).text
    assert post_forms(page) == ["/sign-out", f"{address}/notes"]
    for address_ in (f"/people/{journey.person}/timeline",):
        assert post_forms(client.get(address_).text) == ["/sign-out"]
    form = {**note_form(page), "text": "What did Sam want from this?"}
    assert client.post(f"{address}/notes", data=form, follow_redirects=False).status_code == 303
    assert "sue (supervisor)" in text_of(client.get(address).text)


def test_an_administrator_reads_notes_but_has_no_form_and_is_refused_a_post(
    client: TestClient, journey: Journey
) -> None:
    address = f"/people/{journey.person}/supervision"
    form = note_form(client.get(address).text)
    client.cookies.clear()
    sign_in_with_token(client, "ada", Role.ADMIN, ())
    page = client.get(address).text
    assert post_forms(page) == ["/sign-out"]
    answer = client.post(f"{address}/notes", data={**form, "csrf_token": csrf_of(page), "text": "x"})
    assert answer.status_code == 403
    assert "No notes on this frame." in text_of(client.get(address).text)


@pytest.mark.parametrize("token", [None, "wrong"], ids=["without a CSRF token", "with a wrong CSRF token"])
def test_a_note_without_its_csrf_token_is_refused_and_writes_nothing(
    client: TestClient, journey: Journey, token: str | None
) -> None:
    address = f"/people/{journey.person}/supervision"
    form = {**note_form(client.get(address).text), "text": "Forged"}
    if token is None:
        del form["csrf_token"]
    else:
        form["csrf_token"] = token
    answer = client.post(f"{address}/notes", data=form, follow_redirects=False)
    assert answer.status_code == 403
    assert "The form could not be sent" in answer.text
    assert "Forged" not in client.get(address).text


def test_an_empty_note_says_so_beside_the_field_and_keeps_the_frame(
    client: TestClient, journey: Journey
) -> None:
    address = f"/people/{journey.person}/supervision"
    form = {**note_form(client.get(f"{address}?n=2").text), "text": "   "}
    page = client.post(f"{address}/notes", data=form)
    assert page.status_code == 422
    assert "<title>Error: Supervision: Sam" in page.text
    assert "There is a problem" in page.text and 'id="note-text-error"' in page.text
    assert "Frame 2 of 4" in text_of(page.text)
    assert "No notes on this frame." in text_of(client.get(f"{address}?n=2").text)


def test_another_teams_person_is_not_found_on_either_page_nor_for_a_note(client: TestClient) -> None:
    south = seed(client, BOB_SOUTH, lambda j: register(j, "south"))
    sign_in_with_token(client)
    for address in (
        f"/people/{south}/timeline",
        f"/people/{south}/supervision",
        f"/people/{south}/supervision?n=1",
    ):
        page = client.get(address)
        assert page.status_code == 404, address
        assert "Page not found" in page.text and "Sam" not in page.text
    form = {"csrf_token": csrf_of(client.get("/").text), "idempotency_key": "k", "position": "1", "text": "x"}
    assert client.post(f"/people/{south}/supervision/notes", data=form).status_code == 404


def test_markup_in_a_goal_and_a_note_is_shown_as_text(client: TestClient) -> None:
    made: Journey = seed(client, ALICE, lambda j: _journey(j, MARKUP))
    sign_in_with_token(client)
    address = f"/people/{made.person}/supervision"
    form = {**note_form(client.get(f"{address}?n=2").text), "text": MARKUP}
    assert client.post(f"{address}/notes", data=form, follow_redirects=False).status_code == 303
    for page in (
        client.get(f"{address}?n=2").text,
        client.get(f"{address}?from=1&to=4").text,
        client.get(f"/people/{made.person}/timeline").text,
        client.get(f"/people/{made.person}/timeline?goal={made.goal}").text,
    ):
        assert ESCAPED in page
        assert "<script>alert" not in page and "<b>Bold" not in page
    timeline = client.get(f"/people/{made.person}/timeline").text
    svg = re.findall(r"<svg .*?</svg>", timeline, flags=re.S)[0]
    assert ESCAPED in svg


def test_no_history_page_has_an_inline_script_or_style(client: TestClient, journey: Journey) -> None:
    for address in (
        f"/people/{journey.person}/timeline",
        f"/people/{journey.person}/supervision?from=1&to=4",
    ):
        html = client.get(address).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), address
        assert " style=" not in html and "<style" not in html, address
