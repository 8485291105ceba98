"""The person page and its printed copy, section by section, from a journey built by hand.

Every judgement on the page (the checks, the worksheet's criteria, how far the values
conversation has gone) is the views' own; these tests check it is shown, in words, with
the outcome said by the tag's word and every user text escaped.
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

from domain.actor import Role
from interfaces.web.person_page import action_counts, outcome
from tests.conftest import ALICE, BOB_SOUTH
from tests.journeys import identify, plan, register
from tests.web.pages import sign_in_with_token
from tests.web.test_pages import MARKUP, seed

ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt; &amp; &#34;quoted&#34;"


@dataclass
class Journey:
    person: UUID
    goal: UUID
    service_goal: UUID


def build(journeys: Any, text: str = "", name: str = "Samuel") -> Journey:
    """A person with a valued goal (linked to a value and a strength, no preference), a service
    goal, an independent and a passive step, a declined area, a worksheet row of anything else,
    an agreement the person agreed, a narrative entry and a life map; ``text`` ends every text."""
    person = journeys.register_person(name + text, "north", "alice").id
    journeys.record_preferred_name(person, "Sam" + text, "they/them" + text)
    value = journeys.record_value(
        person, "social_roles", "Being a good parent" + text, in_own_words=True, approach="conversational"
    ).id
    journeys.decline_area(person, "sexuality", note="Not something to talk about now" + text)
    journeys.record_treatment_preference(
        person, "I like to take things slowly" + text, "treatment_preferences", in_own_words=True
    )
    strength = journeys.identify_strength(
        person, "occupational", "current", "internal", "I can fix bikes" + text, in_own_words=True
    ).id
    journeys.identify_strength(
        person,
        "anything_else",
        "aspiration",
        "external",
        "My neighbour's allotment" + text,
        in_own_words=False,
    )
    goal = identify(journeys, person, statement="Get back to work" + text, in_own_words=True)
    journeys.link_goal(goal, value_ids=[value], strength_ids=[strength])
    plan(journeys, goal, description="Ring the bike shop" + text, due=date.today() + timedelta(days=3))
    plan(journeys, goal, "passive", description="Write to the job centre" + text, with_whom=["Jo" + text])
    service = identify(
        journeys,
        person,
        statement="Take medication as prescribed" + text,
        identified_by="service",
        in_own_words=False,
    )
    journeys.make_working_agreement(
        person,
        review_by=date.today() + timedelta(days=30),
        parts={"expectations": "We both turn up on time" + text, "how_we_work": "Sam sets the agenda" + text},
        agreed_by_person=True,
        agreed_on=date.today(),
    )
    journeys.add_narrative_entry(
        person, "I grew up by the sea" + text, themes=["home" + text], written_by="person"
    )
    journeys.draw_life_map(
        person, "relationships", [{"label": "My brother" + text, "detail": "We talk on Sundays" + text}]
    )
    return Journey(person, goal, service)


@pytest.fixture
def journey(client: TestClient) -> Journey:
    made: Journey = seed(client, ALICE, build)
    sign_in_with_token(client)
    return made


def text_of(fragment: str) -> str:
    """The words of an HTML fragment, tags dropped and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(page: str, anchor: str) -> str:
    match = re.search(rf'<section id="{anchor}".*?</section>', page, re.S)
    assert match, f"no section {anchor}"
    return match.group(0)


def row(fragment: str, row_id: str) -> str:
    match = re.search(rf'<tr class="nhsuk-table__row" id="{row_id}">.*?</tr>', fragment, re.S)
    assert match, f"no row {row_id}"
    return text_of(match.group(0))


def test_the_person_page_names_the_person_as_they_like_with_their_pronouns_and_key_worker(
    client: TestClient, journey: Journey
) -> None:
    page = client.get(f"/people/{journey.person}").text
    assert "<h1>Samuel</h1>" in page
    words = text_of(page)
    assert "Likes to be called “Sam”" in words
    assert "Pronouns “they/them”" in words
    assert "Key worker alice" in words


def test_the_page_lists_its_sections_on_this_page(client: TestClient, journey: Journey) -> None:
    page = client.get(f"/people/{journey.person}").text
    contents = re.search(r'<nav class="nhsuk-contents-list.*?</nav>', page, re.S)
    assert contents
    anchors = re.findall(r'href="#([a-z-]+)"', contents.group(0))
    assert anchors == [
        "care-plan",
        "goals",
        "service-goals",
        "values",
        "preferences",
        "strengths",
        "agreement",
        "story",
    ]
    for anchor in anchors:
        assert f'<section id="{anchor}"' in page


def test_a_plan_without_service_goals_has_no_section_for_them(client: TestClient) -> None:
    person = seed(client, ALICE, lambda j: register(j, "north"))
    sign_in_with_token(client)
    page = client.get(f"/people/{person}").text
    assert 'id="service-goals"' not in page and 'href="#service-goals"' not in page
    words = text_of(page)
    assert "No goals the person values yet." in words
    assert "No working agreement made yet." in words
    assert "No narrative written yet." in words and "No life maps drawn yet." in words


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        (
            "personally_valued_goals",
            "Goals the person values Met The goal was identified by the person or jointly. "
            "(1 service goal listed apart, not counted.)",
        ),
        (
            "builds_on_strengths",
            "Builds on the person's strengths Met The goal builds on a strength of the person.",
        ),
        (
            "reflects_values",
            "Reflects what matters to the person Not met The person's values: Met The goal is linked to a "
            "value of the person. The person's treatment preferences: Not met The person's treatment "
            "preference is linked to neither a goal nor a step",
        ),
    ],
)
def test_each_check_says_its_outcome_in_words_and_what_to_do_next(
    client: TestClient, journey: Journey, check: str, expected: str
) -> None:
    plan_section = section(client.get(f"/people/{journey.person}").text, "care-plan")
    assert row(plan_section, f"check-{check}").startswith(expected)


def test_the_action_check_gives_its_counts_and_rule_in_words(client: TestClient, journey: Journey) -> None:
    action = row(
        section(client.get(f"/people/{journey.person}").text, "care-plan"),
        "check-independent_or_joint_action",
    )
    assert "Open steps now: 1 independent, 0 joint and 1 passive (2 steps)." in action
    assert "Met when" in action or "more than half" in action
    # One independent against one passive is not more than half: not met, and the tag says so.
    assert action.startswith("Steps the person takes alone or with others Not met")


def test_the_reflects_check_gives_its_rule_in_words(client: TestClient, journey: Journey) -> None:
    reflects = row(
        section(client.get(f"/people/{journey.person}").text, "care-plan"), "check-reflects_values"
    )
    assert "Met when every goal the person values is linked to a current value" in reflects


def test_goals_follow_the_plans_order_with_their_steps_modes_and_the_service_goals_apart(
    client: TestClient, journey: Journey
) -> None:
    page = client.get(f"/people/{journey.person}").text
    goals = text_of(section(page, "goals"))
    assert "“Get back to work”" in goals
    assert "Ring the bike shop Independent the person, on their own" in goals
    assert "Write to the job centre Passive done for the person by Jo" in goals
    assert "with Jo" not in goals
    assert "Take medication as prescribed" not in goals
    service = text_of(section(page, "service-goals"))
    assert "Goals the service needs" in service and "Take medication as prescribed" in service
    assert "not counted in the checks" in service
    due = (date.today() + timedelta(days=3)).strftime("%-d %b %Y")
    assert f"{due} (in 3 days) Planned" in goals


def test_a_joint_step_names_with_whom(client: TestClient) -> None:
    def journey(journeys: Any) -> UUID:
        person = register(journeys, "north")
        plan(
            journeys,
            identify(journeys, person),
            "joint",
            description="Go to the class",
            with_whom=["my sister"],
        )
        return person

    person = seed(client, ALICE, journey)
    sign_in_with_token(client)
    assert "Go to the class Joint with my sister" in text_of(
        section(client.get(f"/people/{person}").text, "goals")
    )


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        (
            "area-social_roles",
            "Social roles, including family, peers and community 1 value recorded "
            "“Being a good parent” (the person's own words)",
        ),
        (
            "area-sexuality",
            "Sexuality The person chose not to talk about this Not something to talk about now",
        ),
        ("area-gender", "Gender Not yet explored"),
    ],
)
def test_values_are_shown_by_area_explored_declined_or_not_yet_explored(
    client: TestClient, journey: Journey, area: str, expected: str
) -> None:
    values = section(client.get(f"/people/{journey.person}").text, "values")
    assert row(values, area).startswith(expected)
    assert values.count('<tr class="nhsuk-table__row" id="area-') == 10


def test_treatment_preferences_are_quoted_in_the_persons_words(client: TestClient, journey: Journey) -> None:
    preferences = text_of(section(client.get(f"/people/{journey.person}").text, "preferences"))
    assert "“I like to take things slowly” (the person's own words) – Treatment preferences" in preferences


def test_the_worksheet_is_its_grid_of_seven_rows_by_three_columns_with_the_quality_criteria(
    client: TestClient, journey: Journey
) -> None:
    worksheet = section(client.get(f"/people/{journey.person}").text, "strengths")
    headings = re.findall(r'<th scope="col" class="nhsuk-table__header">([^<]*)<span', worksheet)
    assert headings == ["Currently", "Desires and aspirations", "Personal and social resources"]
    rows = re.findall(r'<tr class="nhsuk-table__row" id="row-([a-z_]+)">', worksheet)
    assert rows == [
        "daily_living",
        "financial",
        "occupational",
        "social_supports",
        "health",
        "spiritual_cultural",
        "anything_else",
    ]
    occupational = re.search(r'id="row-occupational">(.*?)</tr>', worksheet, re.S)
    assert occupational
    cells = re.findall(r"<td.*?</td>", occupational.group(1), re.S)
    assert [text_of(c) for c in cells] == [
        "“I can fix bikes” (Internal)",
        "Nothing recorded",
        "Nothing recorded",
    ]
    assert row(worksheet, "row-anything_else").startswith("Anything else you would like to add")
    assert "My neighbour's allotment (External)" in row(worksheet, "row-anything_else")
    words = text_of(worksheet)
    assert "Complete: every life domain explored Not met" in words
    assert (
        "Reached in agreement with the person Not met" in words
        or "Reached in agreement with the person Not applicable" in words
    )
    assert "Not yet agreed with the person." in words
    assert (
        len(
            re.findall(
                r'class="nhsuk-tag nhsuk-tag--(?:green|orange|grey)">(?:Met|Not met|Not applicable)<',
                worksheet,
            )
        )
        == 7
    )


def test_the_working_agreement_shows_its_parts_review_date_and_the_persons_agreement(
    client: TestClient, journey: Journey
) -> None:
    agreement = text_of(section(client.get(f"/people/{journey.person}").text, "agreement"))
    review_by = (date.today() + timedelta(days=30)).strftime("%-d %b %Y")
    today = date.today().strftime("%-d %b %Y")
    assert "What we expect of each other We both turn up on time" in agreement
    assert "How we work together Sam sets the agenda" in agreement
    assert f"To review by {review_by} (in 30 days)" in agreement
    assert f"Agreed by the person Yes, on {today}" in agreement


def test_the_narrative_and_life_maps_are_shown(client: TestClient, journey: Journey) -> None:
    story = text_of(section(client.get(f"/people/{journey.person}").text, "story"))
    assert "I grew up by the sea Written by the person" in story and "Themes: home" in story
    assert "Relationships" in story and "My brother: We talk on Sundays" in story


def test_a_supervisor_sees_the_page_without_write_links_and_the_reading_links_stay(
    client: TestClient,
) -> None:
    made = seed(client, ALICE, build)
    sign_in_with_token(client, "sue", Role.SUPERVISOR)
    page = client.get(f"/people/{made.person}").text
    for write in ("/goals/new", "/values/new", "/strengths/new", "/links", "/grow"):
        assert write not in page, write
    for read in ("/timeline", "/supervision", "/review", "/values", "/print"):
        assert f'/people/{made.person}{read}"' in page, read


def test_a_worker_keeps_every_link_of_the_page(client: TestClient, journey: Journey) -> None:
    page = client.get(f"/people/{journey.person}").text
    for link in (
        "timeline",
        "supervision",
        "review",
        "values",
        "values/new",
        "strengths/new",
        "goals/new",
        "print",
    ):
        assert f'href="/people/{journey.person}/{link}"' in page, link
    for link in ("", "/links", "/grow"):
        assert f'href="/goals/{journey.goal}{link}"' in page, link


def test_every_text_on_the_page_and_its_print_is_shown_as_text(client: TestClient) -> None:
    made = seed(client, ALICE, lambda j: build(j, MARKUP, ""))
    sign_in_with_token(client)
    for address in (f"/people/{made.person}", f"/people/{made.person}/print"):
        page = client.get(address).text
        assert "<script>alert" not in page and "<b>Bold" not in page, address
    page = client.get(f"/people/{made.person}").text
    assert f"<h1>{ESCAPED}</h1>" in page and f"“Sam{ESCAPED}”" in page  # name, preferred name
    # The checks quote goals cut short: the start of the markup, escaped.
    assert "“Get back to work&lt;script&gt;alert(" in section(page, "care-plan")
    for anchor in ("goals", "service-goals", "values", "preferences", "strengths", "agreement"):
        assert ESCAPED in section(page, anchor), anchor
    story = section(page, "story")
    # The entry, its theme, a map entry's label and detail.
    assert story.count(ESCAPED) == 4


def test_the_print_view_has_the_care_plan_and_worksheet_without_write_controls(
    client: TestClient, journey: Journey
) -> None:
    page = client.get(f"/people/{journey.person}/print").text
    assert "<title>Care plan and strengths – Samuel – refocus</title>" in page
    assert "A copy for “Sam”" in text_of(page)
    for anchor in ("care-plan", "goals", "service-goals", "strengths"):
        assert f'<section id="{anchor}"' in page
    for absent in ('id="values"', 'id="agreement"', "/goals/new", "/links", "/grow", "nhsuk-button"):
        assert absent not in page, absent


def test_a_person_of_another_team_is_not_found_on_the_page_or_its_print(client: TestClient) -> None:
    south = seed(client, BOB_SOUTH, lambda j: register(j, "south"))
    sign_in_with_token(client)
    for address in (f"/people/{south}", f"/people/{south}/print"):
        answer = client.get(address)
        assert answer.status_code == 404 and "Page not found" in answer.text


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"independent": 0, "joint": 0, "passive": 0}, "No open steps yet."),
        (
            {"independent": 1, "joint": 0, "passive": 0},
            "Open steps now: 1 independent, 0 joint and 0 passive (1 step).",
        ),
        (
            {"independent": 2, "joint": 1, "passive": 1},
            "Open steps now: 2 independent, 1 joint and 1 passive (4 steps).",
        ),
    ],
)
def test_the_action_checks_counts_read_as_words(counts: dict[str, int], expected: str) -> None:
    assert action_counts(counts) == expected


@pytest.mark.parametrize(
    ("answer", "word", "tag"),
    [
        ("met", "Met", "nhsuk-tag--green"),
        ("not_met", "Not met", "nhsuk-tag--orange"),
        ("not_applicable", "Not applicable", "nhsuk-tag--grey"),
    ],
)
def test_each_outcome_has_its_own_word_beside_its_colour(answer: str, word: str, tag: str) -> None:
    assert outcome({"outcome": answer, "detail": ""}) == {
        "outcome": answer,
        "detail": "",
        "word": word,
        "tag": tag,
    }


def caseload_row(page: str, name: str) -> str:
    match = re.search(
        rf'<tr class="nhsuk-table__row">\s*<td class="nhsuk-table__cell">'
        rf'<a href="/people/[^"]+">{name}</a>.*?</tr>',
        page,
        re.S,
    )
    assert match, f"{name} is not listed"
    return text_of(match.group(0))


def test_the_caseload_shows_the_preferred_name_and_finds_the_person_by_it(
    client: TestClient, journey: Journey
) -> None:
    listed = caseload_row(client.get("/").text, "Samuel")
    assert "Likes to be called “Sam” (they/them)" in listed
    assert "Samuel" in client.get("/?q=sam").text
    assert "Samuel" in client.get("/?q=SAM").text


@pytest.mark.parametrize(
    ("declined", "expected"),
    [
        (0, "10 areas of values still to explore"),
        (9, "1 area of values still to explore"),
    ],
)
def test_the_caseload_says_how_many_areas_of_values_are_still_to_explore(
    client: TestClient, declined: int, expected: str
) -> None:
    from domain.vocabulary import VtpArea

    def journey(journeys: Any) -> None:
        person = register(journeys, "north", "Robin")
        for area in list(VtpArea)[:declined]:
            journeys.decline_area(person, area.value)

    seed(client, ALICE, journey)
    sign_in_with_token(client)
    assert expected in caseload_row(client.get("/").text, "Robin")


def test_the_caseload_has_no_areas_flag_once_every_area_is_explored_or_declined(client: TestClient) -> None:
    from domain.vocabulary import VtpArea

    def journey(journeys: Any) -> None:
        person = register(journeys, "north", "Robin")
        for area in VtpArea:
            journeys.decline_area(person, area.value)

    seed(client, ALICE, journey)
    sign_in_with_token(client)
    assert "still to explore" not in caseload_row(client.get("/").text, "Robin")


def test_the_caseload_flags_a_person_never_reviewed_and_an_agreement_due_for_review(
    client: TestClient,
) -> None:
    long_ago = date.today() - timedelta(days=60)

    def journey(journeys: Any) -> None:
        due = register(journeys, "north", "Robin")
        journeys.make_working_agreement(due, "We meet weekly", long_ago + timedelta(days=30), today=long_ago)
        later = register(journeys, "north", "Ash")
        journeys.make_working_agreement(later, "We meet weekly", date.today() + timedelta(days=30))

    seed(client, ALICE, journey)
    sign_in_with_token(client)
    page = client.get("/").text
    robin, ash = caseload_row(page, "Robin"), caseload_row(page, "Ash")
    assert "Agreement due for review" in robin and "Agreement due for review" not in ash
    first_review = date.today() + timedelta(days=90)
    assert f"Never reviewed first review due {first_review.day} {first_review:%b %Y}" in robin
    assert "Never reviewed" in ash


def test_markup_in_a_preferred_name_on_the_caseload_is_shown_as_text(client: TestClient) -> None:
    seed(client, ALICE, lambda j: j.record_preferred_name(register(j, "north", "Robin"), MARKUP, MARKUP))
    sign_in_with_token(client)
    page = client.get("/").text
    assert page.count(ESCAPED) == 2 and "<script>alert" not in page
