"""The working practices' forms over HTTP on SQLite and PostgreSQL: recording a value,
declining an area, recording a strength, linking a goal, the GROW conversation.

Each writes through the same use case as the API, once per idempotency key; a form about a
versioned record is refused when someone else changed it since the form was drawn; a
supervisor is refused; another team's person or goal is "Page not found"; text is text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from application.journeys import RecoveryJourneys
from domain.actor import Actor, Role, acting_as
from interfaces.http.deps import Reader
from interfaces.web.forms import CHANGED_BY_SOMEONE_ELSE
from interfaces.web.practice_words import GROW_PROMPTS, VTP_AREA_NAMES, area_summary
from tests.conftest import ALICE, BOB_SOUTH
from tests.journeys import identify, register
from tests.web.pages import csrf_of, sign_in_with_token

MARKUP = '<script>alert("x")</script><b>Bold</b>'
ESCAPED = html.escape(MARKUP).replace("&quot;", "&#34;")


@dataclass(frozen=True)
class Journey:
    person: UUID
    goal: UUID
    value: UUID
    strength: UUID


def seed(client: TestClient, actor: Actor, fn: Callable[[RecoveryJourneys], Any]) -> Any:
    with acting_as(actor):
        return fn(client.app.state.runtime.journeys)  # type: ignore[attr-defined]


def journey_of(client: TestClient, actor: Actor = ALICE, team: str = "north", text: str = "Sam") -> Journey:
    def build(journeys: RecoveryJourneys) -> Journey:
        person = register(journeys, team, text)
        goal = identify(journeys, person, statement=text, in_own_words=True)
        value = journeys.record_value(person, "social_roles", text, True, "conversational").id
        strength = journeys.identify_strength(person, "health", "current", "internal", text, True).id
        return Journey(person, goal, value, strength)

    journey: Journey = seed(client, actor, build)
    return journey


@pytest.fixture
def sam(client: TestClient) -> Journey:
    return journey_of(client)


def views(client: TestClient) -> Any:
    return Reader(ALICE, client.app.state.runtime, 0).views  # type: ignore[attr-defined]


def versions(client: TestClient, journey: Journey) -> tuple[int, int]:
    """The person's and the goal's versions: what a command wrote shows in them."""
    reader = views(client)
    return reader.profile(journey.person, ALICE)["version"], reader.goal(journey.goal, ALICE)["version"]


@dataclass(frozen=True)
class Form:
    """A form: where it is drawn and posted, what a worker fills in, where a post leads."""

    address: Callable[[Journey], str]
    answers: Callable[[Journey], dict[str, Any]]
    leads_to: Callable[[Journey], str]
    versioned: bool = False


FORMS = {
    "record a value": Form(
        lambda j: f"/people/{j.person}/values/new",
        lambda j: {
            "area": "gender",
            "statement": "Being called Sam",
            "in_own_words": "yes",
            "approach": "visual",
        },
        lambda j: f"/people/{j.person}/values",
    ),
    "decline an area": Form(
        lambda j: f"/people/{j.person}/values/decline",
        lambda j: {"area": "sexuality", "note": "Not for now"},
        lambda j: f"/people/{j.person}/values",
        versioned=True,
    ),
    "record a strength": Form(
        lambda j: f"/people/{j.person}/strengths/new",
        lambda j: {
            "domain": "social_supports",
            "column": "past_resource",
            "resource": "external",
            "statement": "My sister helped me move",
            "in_own_words": "no",
        },
        lambda j: f"/people/{j.person}#strengths",
    ),
    "link a goal": Form(
        lambda j: f"/goals/{j.goal}/links",
        lambda j: {"value_ids": str(j.value), "strength_ids": str(j.strength)},
        lambda j: f"/goals/{j.goal}",
        versioned=True,
    ),
    "GROW": Form(
        lambda j: f"/goals/{j.goal}/grow",
        lambda j: {"goal": "Dance at the wedding", "reality": "", "options": "A class", "wrap_up": ""},
        lambda j: f"/goals/{j.goal}",
        versioned=True,
    ),
}
EVERY_FORM = pytest.mark.parametrize("form", list(FORMS.values()), ids=list(FORMS))
VERSIONED = pytest.mark.parametrize(
    "form", [f for f in FORMS.values() if f.versioned], ids=[n for n, f in FORMS.items() if f.versioned]
)


def hidden(page: str, name: str) -> str | None:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    return match.group(1) if match else None


def drawn(client: TestClient, address: str) -> dict[str, str]:
    """The hidden fields of a form as drawn: CSRF token, idempotency key, version if any."""
    page = client.get(address)
    assert page.status_code == 200, page.text
    fields = {"csrf_token": csrf_of(page.text), "idempotency_key": hidden(page.text, "idempotency_key") or ""}
    if (version := hidden(page.text, "expected_version")) is not None:
        fields["expected_version"] = version
    return fields


def post(client: TestClient, address: str, fields: dict[str, Any]) -> Any:
    return client.post(address, data=fields, follow_redirects=False)


# Each form, end to end


@EVERY_FORM
def test_a_form_posted_twice_writes_once_and_leads_to_the_page_that_shows_it(
    client: TestClient, sam: Journey, form: Form
) -> None:
    sign_in_with_token(client)
    before = versions(client, sam)
    fields = {**drawn(client, form.address(sam)), **form.answers(sam)}
    first = post(client, form.address(sam), fields)
    after_first = versions(client, sam)
    again = post(client, form.address(sam), fields)
    assert first.status_code == again.status_code == 303, first.text
    assert first.headers["location"] == again.headers["location"] == form.leads_to(sam)
    assert after_first != before
    assert versions(client, sam) == after_first
    assert client.get(form.leads_to(sam)).status_code == 200


def test_what_each_form_recorded_is_what_the_views_show(client: TestClient, sam: Journey) -> None:
    sign_in_with_token(client)
    for form in FORMS.values():
        assert post(
            client, form.address(sam), {**drawn(client, form.address(sam)), **form.answers(sam)}
        ).is_redirect
    reader = views(client)
    profile = reader.profile(sam.person, ALICE)
    assert [(v["statement"], v["in_own_words"], v["approach"]) for v in profile["values"]["gender"]] == [
        ("Being called Sam", True, "visual")
    ]
    assert [(d["area"], d["note"]) for d in profile["declined_areas"]] == [("sexuality", "Not for now")]
    worksheet = reader.strengths_worksheet(sam.person, ALICE, today=date.today())
    recorded = worksheet["domains"]["social_supports"]["past_resource"]
    assert [(s["statement"], s["resource"], s["in_own_words"]) for s in recorded] == [
        ("My sister helped me move", "external", False)
    ]
    goal = reader.goal(sam.goal, ALICE)
    assert [v["id"] for v in goal["values"]] == [str(sam.value)]
    assert [s["id"] for s in goal["strengths"]] == [str(sam.strength)]
    assert {part: goal["grow"][part] for part in GROW_PROMPTS} == {
        "goal": "Dance at the wedding",
        "reality": None,
        "options": "A class",
        "wrap_up": None,
    }


VALUE = {"area": "gender", "statement": MARKUP, "in_own_words": "yes", "approach": "visual"}
STRENGTH = {
    "domain": "health",
    "column": "current",
    "resource": "internal",
    "statement": MARKUP,
    "in_own_words": "no",
}
NO_GROW = {"goal": "", "reality": " ", "options": "", "wrap_up": ""}


@pytest.mark.parametrize(
    ("form", "answers", "field", "message", "status"),
    [
        (
            FORMS["record a value"],
            {**VALUE, "in_own_words": ""},
            "in_own_words",
            "Say whether these are the",
            422,
        ),
        (FORMS["record a value"], {**VALUE, "area": ""}, "area", "Choose an area", 422),
        (
            FORMS["record a value"],
            {**VALUE, "statement": " "},
            "statement",
            "Statement must not be blank",
            422,
        ),
        (
            FORMS["record a strength"],
            {**STRENGTH, "resource": ""},
            "resource",
            "Choose the kind of resource",
            422,
        ),
        (
            FORMS["decline an area"],
            {"area": "social_roles", "note": MARKUP},
            "_form",
            "has current values in",
            409,
        ),
        (FORMS["link a goal"], {}, "value_ids", "Choose at least one value or strength to link", 422),
        (FORMS["GROW"], NO_GROW, "goal", "Write at least one of goal, reality, options or wrap-up", 422),
    ],
    ids=[
        "no own-words answer",
        "no area",
        "blank value",
        "no resource",
        "area with values",
        "no box",
        "no part",
    ],
)
def test_a_refused_form_says_why_beside_the_field_or_above_the_form_and_keeps_what_was_typed(
    client: TestClient,
    sam: Journey,
    form: Form,
    answers: dict[str, str],
    field: str,
    message: str,
    status: int,
) -> None:
    sign_in_with_token(client)
    before = versions(client, sam)
    page = post(client, form.address(sam), {**drawn(client, form.address(sam)), **answers})
    assert page.status_code == status
    assert "<title>Error: " in page.text and "There is a problem" in page.text
    summary = page.text.split("nhsuk-error-summary__list")[1].split("</ul>")[0]
    assert message in summary
    if field != "_form":
        assert f'href="#{field}"' in summary
        assert message in page.text.split(f'id="{field}-error"')[1].split("</span>", 2)[1]
    if MARKUP in answers.values():
        assert ESCAPED in page.text and "<script>alert" not in page.text
    assert versions(client, sam) == before


@VERSIONED
def test_a_form_drawn_before_someone_else_changed_the_record_is_refused_then_drawn_again(
    client: TestClient, sam: Journey, form: Form
) -> None:
    sign_in_with_token(client)
    fields = {**drawn(client, form.address(sam)), **form.answers(sam)}
    seed(client, ALICE, lambda j: j.record_value(sam.person, "gender", "Meanwhile", True, "narrative"))
    seed(client, ALICE, lambda j: j.record_grow(sam.goal, options="Meanwhile"))
    changed = versions(client, sam)
    page = post(client, form.address(sam), fields)
    assert page.status_code == 409
    assert CHANGED_BY_SOMEONE_ELSE in page.text
    assert versions(client, sam) == changed
    # Drawn again from what the record says now, the same answers go through.
    again = {
        **fields,
        "idempotency_key": "another",
        "expected_version": hidden(page.text, "expected_version"),
    }
    assert fields["expected_version"] != again["expected_version"]
    assert post(client, form.address(sam), again).status_code == 303


def test_a_grow_form_refused_for_someone_elses_change_shows_what_is_recorded_now(
    client: TestClient, sam: Journey
) -> None:
    sign_in_with_token(client)
    fields = {**drawn(client, f"/goals/{sam.goal}/grow"), **FORMS["GROW"].answers(sam)}
    seed(client, ALICE, lambda j: j.record_grow(sam.goal, reality=MARKUP))
    page = post(client, f"/goals/{sam.goal}/grow", fields).text
    assert "What is recorded now" in page and ESCAPED in page
    assert ">Dance at the wedding</textarea>" in page


# Who may see and post


@EVERY_FORM
def test_a_supervisor_is_refused_the_form_and_its_post_and_nothing_is_written(
    client: TestClient, sam: Journey, form: Form
) -> None:
    sign_in_with_token(client, "sue", Role.SUPERVISOR)
    before = versions(client, sam)
    assert client.get(form.address(sam)).status_code == 403
    csrf = csrf_of(client.get(f"/people/{sam.person}").text)
    answer = post(
        client, form.address(sam), {"csrf_token": csrf, "idempotency_key": "k", **form.answers(sam)}
    )
    assert answer.status_code == 403 and "You cannot do this" in answer.text
    assert versions(client, sam) == before


def test_a_supervisor_reads_the_values_and_the_person_with_no_write_controls(
    client: TestClient, sam: Journey
) -> None:
    sign_in_with_token(client, "sue", Role.SUPERVISOR)
    values = client.get(f"/people/{sam.person}/values")
    assert values.status_code == 200 and "Sam" in values.text
    person = client.get(f"/people/{sam.person}").text
    for page in (values.text, person):
        assert "/values/new" not in page and "/values/decline" not in page and "/strengths/new" not in page
        assert "/links" not in page and "/grow" not in page
    assert "/values" in person


@EVERY_FORM
def test_another_teams_person_or_goal_is_page_not_found_to_draw_and_to_post(
    client: TestClient, sam: Journey, form: Form
) -> None:
    pat = journey_of(client, BOB_SOUTH, "south", "Pat")
    south = Reader(BOB_SOUTH, client.app.state.runtime, 0).views  # type: ignore[attr-defined]
    before = (south.profile(pat.person, BOB_SOUTH)["version"], south.goal(pat.goal, BOB_SOUTH)["version"])
    sign_in_with_token(client)
    csrf = csrf_of(client.get(f"/people/{sam.person}").text)
    for page in (
        client.get(form.address(pat)),
        post(client, form.address(pat), {"csrf_token": csrf, "idempotency_key": "k", **form.answers(pat)}),
    ):
        assert page.status_code == 404 and "Page not found" in page.text
        assert "Pat" not in page.text
    assert client.get(f"/people/{pat.person}/values").status_code == 404
    assert (
        south.profile(pat.person, BOB_SOUTH)["version"],
        south.goal(pat.goal, BOB_SOUTH)["version"],
    ) == before


# What the pages show


def test_the_values_page_lists_the_ten_areas_with_what_is_recorded_declined_or_not_yet_explored(
    client: TestClient, sam: Journey
) -> None:
    seed(client, ALICE, lambda j: j.decline_area(sam.person, "sexuality", "Maybe later"))
    sign_in_with_token(client)
    page = client.get(f"/people/{sam.person}/values").text
    rows = re.findall(r'<tr class="nhsuk-table__row" id="area-(\w+)">(.*?)</tr>', page, re.S)
    assert [area for area, _ in rows] == list(VTP_AREA_NAMES)
    row = dict(rows)
    assert "1 value recorded" in row["social_roles"] and "“Sam”" in row["social_roles"]
    assert "The person chose not to talk about this" in row["sexuality"] and "Maybe later" in row["sexuality"]
    assert "Not yet explored" in row["gender"]
    assert "/values/decline?area=gender" in row["gender"]
    assert "/values/decline" not in row["sexuality"] and "/values/decline" not in row["social_roles"]
    assert "/values/new?area=sexuality" in row["sexuality"]


@pytest.mark.parametrize(
    ("values", "declined", "expected"),
    [
        (1, False, "1 value recorded"),
        (2, False, "2 values recorded"),
        (0, False, "Not yet explored"),
        (0, True, "The person chose not to talk about this"),
    ],
    ids=["one value", "two values", "nothing recorded yet", "declined"],
)
def test_an_areas_summary_says_how_far_it_was_explored(values: int, declined: bool, expected: str) -> None:
    assert area_summary(values, declined) == expected


@pytest.mark.parametrize("part", list(GROW_PROMPTS))
def test_the_grow_form_prompts_each_part_in_the_manuals_words(
    client: TestClient, sam: Journey, part: str
) -> None:
    sign_in_with_token(client)
    page = client.get(f"/goals/{sam.goal}/grow").text
    assert f'id="{part}-hint">{html.escape(GROW_PROMPTS[part]).replace("&#x27;", "&#39;")}</div>' in page


def test_the_links_form_offers_what_is_not_linked_yet_and_lists_what_is(
    client: TestClient, sam: Journey
) -> None:
    seed(client, ALICE, lambda j: j.link_goal(sam.goal, [sam.value]))
    sign_in_with_token(client)
    page = client.get(f"/goals/{sam.goal}/links").text
    assert "Already linked" in page and "Value: Sam" in page
    assert f'value="{sam.value}"' not in page and f'value="{sam.strength}"' in page


def test_markup_in_values_strengths_notes_and_grow_is_shown_as_text(client: TestClient) -> None:
    journey = journey_of(client, text=MARKUP)
    seed(client, ALICE, lambda j: j.decline_area(journey.person, "gender", MARKUP))
    seed(client, ALICE, lambda j: j.record_grow(journey.goal, goal=MARKUP))
    sign_in_with_token(client)
    for address, at_least in (
        (f"/people/{journey.person}/values", 4),  # title, heading, value, note
        (f"/goals/{journey.goal}/links", 4),  # name, goal, value, strength
        (f"/goals/{journey.goal}/grow", 3),  # name, goal, its GROW part
    ):
        page = client.get(address).text
        assert page.count(ESCAPED) >= at_least, address
        assert "<script>alert" not in page and "<b>Bold" not in page


def test_the_person_page_links_to_every_practice_form(client: TestClient, sam: Journey) -> None:
    sign_in_with_token(client)
    page = client.get(f"/people/{sam.person}").text
    for address in ("values", "values/new", "strengths/new"):
        assert f'href="/people/{sam.person}/{address}"' in page
    for address in ("links", "grow"):
        assert f'href="/goals/{sam.goal}/{address}"' in page


def test_a_strength_can_be_recorded_in_the_worksheets_anything_else_row(
    client: TestClient, sam: Journey
) -> None:
    sign_in_with_token(client)
    address = f"/people/{sam.person}/strengths/new"
    form = client.get(address).text
    assert '<option value="anything_else">Anything else you would like to add</option>' in form
    answers = {
        "domain": "anything_else",
        "column": "current",
        "resource": "internal",
        "statement": "I make people laugh",
        "in_own_words": "yes",
    }
    assert post(client, address, {**drawn(client, address), **answers}).is_redirect
    worksheet = views(client).strengths_worksheet(sam.person, ALICE, today=date.today())
    recorded = worksheet["domains"]["anything_else"]["current"]
    assert [(s["statement"], s["resource"]) for s in recorded] == [("I make people laugh", "internal")]
