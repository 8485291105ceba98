"""The timeline's words for narrative entries, the working agreement and the person's priorities,
case by case: the narrative's words never quoted, counts agreeing in number, no pronoun assumed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from domain.actor import acting_as
from domain.goal import Goal
from domain.person import Person
from projections import journey
from projections.timeline import summarise
from tests.conftest import ALICE
from tests.journeys import GOAL

TODAY = date(2026, 11, 20)
PRONOUNS = {"he", "she", "his", "her", "him", "hers", "they", "their", "them"}


class Story:
    """A person's journey folded as it is recorded, so each event is summarised as the timeline does."""

    def __init__(self) -> None:
        self.person = Person.register("Sam", "north")
        self.document = journey.new_document()
        self.goals: list[Any] = []
        self.summaries: list[str] = []
        self._fold(self.person)

    def _fold(self, aggregate: Any) -> None:
        for event in aggregate.collect_events():
            journey.apply(self.document, event)
            self.summaries.append(summarise(event, self.document))

    def goal(self, statement: str) -> None:
        goal = Goal.identify(self.person, **{**GOAL, "statement": statement, "in_own_words": True})
        self.goals.append(goal.id)
        self._fold(goal)

    def __call__(self, act: Callable[[Person], Any]) -> str:
        act(self.person)
        self._fold(self.person)
        return self.summaries[-1]


@pytest.fixture(autouse=True)
def _as_alice() -> Iterator[None]:
    with acting_as(ALICE):
        yield


def entry(story: Story, written_by: str | None = None, themes: tuple[str, ...] = ()) -> Any:
    return story.person.add_narrative_entry("My dad taught me to fish", list(themes), written_by)


@pytest.mark.parametrize(
    ("written_by", "themes", "expected"),
    [
        (None, (), "Narrative entry added"),
        (None, ("the sea",), "Narrative entry added (themes: the sea)"),
        (
            "person",
            ("the sea", "family"),
            "Narrative entry added, written by Sam (themes: the sea, family)",
        ),
        ("worker", (), "Narrative entry added, written by the worker"),
    ],
    ids=["not said, no themes", "one theme", "by the person, two themes", "by the worker"],
)
def test_an_added_entry_names_its_themes_and_who_wrote_it_never_its_words(
    written_by: str | None, themes: tuple[str, ...], expected: str
) -> None:
    story = Story()
    summary = story(lambda p: entry(story, written_by, themes))
    assert summary == expected
    assert "fish" not in summary


@pytest.mark.parametrize(
    ("revision", "expected"),
    [
        ({"entry": "Dad taught me to fish at Brighton"}, "Narrative entry revised: text (themes: family)"),
        ({"themes": []}, "Narrative entry revised: themes"),
        (
            {"entry": "Fishing with Dad", "themes": ["family", "the sea"]},
            "Narrative entry revised: text and themes (themes: family, the sea)",
        ),
        (
            {"written_by": "person"},
            "Narrative entry revised: who wrote it, written by Sam (themes: family)",
        ),
        (
            {"entry": "Fishing with Dad", "themes": ["the sea"], "written_by": "worker"},
            "Narrative entry revised: text, themes and who wrote it, written by the worker (themes: the sea)",
        ),
    ],
    ids=["the text", "themes removed", "text and themes", "who wrote it", "all three"],
)
def test_a_revision_names_what_changed_never_the_words(revision: dict[str, Any], expected: str) -> None:
    story = Story()
    ids: list[Any] = []
    story(lambda p: ids.append(entry(story, None, ("family",))))
    summary = story(lambda p: p.revise_narrative_entry(ids[0], **revision))
    assert summary == expected
    assert "fish" not in summary.lower()


@pytest.mark.parametrize(
    ("themes", "expected"),
    [((), "Narrative entry withdrawn"), (("family",), "Narrative entry withdrawn (themes: family)")],
    ids=["no themes", "with a theme"],
)
def test_a_withdrawal_names_the_entrys_themes(themes: tuple[str, ...], expected: str) -> None:
    story = Story()
    ids: list[Any] = []
    story(lambda p: ids.append(entry(story, "person", themes)))
    assert story(lambda p: p.withdraw_narrative_entry(ids[0])) == expected


PARTS = {
    "expectations": "Straight answers",
    "how_we_work": "Sam sets the agenda",
    "differences": "Talk it through",
    "practicalities": "Tuesdays at 10",
}


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"agreement": "Weekly"}, "Working agreement made"),
        (
            {"agreement": "Weekly", "review_by": date(2027, 3, 1)},
            "Working agreement made (to review by 2027-03-01)",
        ),
        ({"parts": {"practicalities": "Tuesdays"}}, "Working agreement made: practicalities"),
        (
            {"parts": {"expectations": "Straight answers", "differences": "Talk it through"}},
            "Working agreement made: expectations of each other and how differences are handled",
        ),
        (
            {
                "parts": PARTS,
                "agreed_by_person": True,
                "agreed_on": date(2026, 11, 18),
                "review_by": date(2027, 3, 1),
            },
            "Working agreement made: expectations of each other, how we work together, how differences are "
            "handled and practicalities, agreed by Sam on 2026-11-18 (to review by 2027-03-01)",
        ),
        (
            {"agreement": "Weekly", "agreed_by_person": True},
            "Working agreement made, agreed by Sam on 2026-11-20",
        ),
    ],
    ids=["text only", "with a review date", "one part", "two parts", "every part, agreed", "agreed today"],
)
def test_an_agreement_names_its_parts_the_persons_agreement_and_its_review(
    arguments: dict[str, Any], expected: str
) -> None:
    story = Story()
    assert story(lambda p: p.make_working_agreement(**arguments, today=TODAY)) == expected


def test_the_persons_agreement_afterwards_names_the_day() -> None:
    story = Story()
    story(lambda p: p.make_working_agreement("Weekly", today=TODAY))
    summary = story(lambda p: p.agree_working_agreement(date(2026, 11, 19), today=TODAY))
    assert summary == "Sam agreed to the working agreement on 2026-11-19"


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ([], "Sam's order of priority cleared: goals show in the order identified"),
        ([1], "Sam's order of priority for 1 goal: 1. “Cook”"),
        ([2, 0], "Sam's order of priority for 2 goals: 1. “Dance”, 2. “Walk”"),
        ([3, 2, 1], "Sam's order of priority for 3 goals: 1. “Sing”, 2. “Dance”, 3. “Cook”"),
        (
            [4, 3, 2, 1],
            "Sam's order of priority for 4 goals: 1. “Paint”, 2. “Sing”, 3. “Dance” and 1 more",
        ),
        (
            [4, 3, 2, 1, 0],
            "Sam's order of priority for 5 goals: 1. “Paint”, 2. “Sing”, 3. “Dance” and 2 more",
        ),
    ],
    ids=["cleared", "one goal", "two goals", "three goals", "four goals", "five goals"],
)
def test_the_persons_order_quotes_the_first_goals_and_counts_them_in_number(
    order: list[int], expected: str
) -> None:
    story = Story()
    for statement in ("Walk", "Cook", "Dance", "Sing", "Paint"):
        story.goal(statement)
    if not order:
        story(lambda p: p.prioritise_goals([story.goals[0]]))
    assert story(lambda p: p.prioritise_goals([story.goals[i] for i in order])) == expected


def test_no_summary_assumes_a_pronoun() -> None:
    story = Story()
    story.goal("Walk")
    ids: list[Any] = []
    story(lambda p: ids.append(entry(story, "person", ("family",))))
    story(lambda p: p.revise_narrative_entry(ids[0], themes=["the sea"], written_by="worker"))
    story(lambda p: p.withdraw_narrative_entry(ids[0]))
    story(lambda p: p.make_working_agreement(parts=PARTS, review_by=date(2027, 3, 1), today=TODAY))
    story(lambda p: p.agree_working_agreement(today=TODAY))
    story(lambda p: p.prioritise_goals(story.goals))
    story(lambda p: p.prioritise_goals([]))
    for summary in story.summaries:
        words = {word.strip(".,:;()“”'’").lower() for word in summary.split()}
        assert not words & PRONOUNS, summary
