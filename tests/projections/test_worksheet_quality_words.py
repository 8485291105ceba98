"""The words of each quality criterion of the strengths assessment (manual, 4.3): for one and
for several, before anything is recorded, when it does not apply, and when it is met."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from projections import worksheet_quality as q

Case = tuple[Callable[..., dict[str, Any]], tuple[Any, ...], str, str]

CASES: dict[str, Case] = {
    # complete
    "complete, nothing recorded yet": (
        q.complete,
        ("Sam", 0, ["daily_living", "financial"]),
        "not_met",
        "Nothing is recorded on the worksheet yet: go through the six life domains with Sam.",
    ),
    "complete, one domain missing": (
        q.complete,
        ("Sam", 5, ["health"]),
        "not_met",
        "Nothing is recorded yet in 1 life domain: health. Go through it with Sam.",
    ),
    "complete, several domains missing": (
        q.complete,
        ("Sam", 3, ["daily_living", "financial", "spiritual_cultural"]),
        "not_met",
        "Nothing is recorded yet in 3 life domains: daily living, financial and spiritual and cultural. "
        "Go through them with Sam.",
    ),
    "complete, met": (q.complete, ("Sam", 6, []), "met", "Every life domain has something recorded."),
    # own words
    "own words, nothing recorded yet": (
        q.own_words,
        ("Sam", 0, 0),
        "not_applicable",
        "No strength is recorded yet: record each in Sam's own words.",
    ),
    "own words, one strength not": (
        q.own_words,
        ("Sam", 4, 1),
        "not_met",
        "1 strength is not in Sam's own words: revisit it with Sam.",
    ),
    "own words, several strengths not": (
        q.own_words,
        ("Sam", 4, 3),
        "not_met",
        "3 strengths are not in Sam's own words: revisit them with Sam.",
    ),
    "own words, the one strength is": (
        q.own_words,
        ("Sam", 1, 0),
        "met",
        "The 1 strength recorded is in Sam's own words.",
    ),
    "own words, every strength is": (
        q.own_words,
        ("Sam", 4, 0),
        "met",
        "All 4 strengths are in Sam's own words.",
    ),
    # written by the person
    "written by the person, nothing recorded yet": (
        q.written_by_person,
        ("Sam", 0, 0, 0),
        "not_applicable",
        "No strength is recorded yet: invite Sam to write some of the worksheet.",
    ),
    "written by the person, one strength by the person": (
        q.written_by_person,
        ("Sam", 3, 1, 2),
        "met",
        "Sam wrote 1 strength on the worksheet.",
    ),
    "written by the person, several by the person": (
        q.written_by_person,
        ("Sam", 3, 2, 0),
        "met",
        "Sam wrote 2 strengths on the worksheet.",
    ),
    "written by the person, the one strength by the worker": (
        q.written_by_person,
        ("Sam", 1, 0, 0),
        "not_met",
        "The 1 strength is not recorded as written by Sam: invite Sam to write some of the worksheet.",
    ),
    "written by the person, the one strength not saying": (
        q.written_by_person,
        ("Sam", 1, 0, 1),
        "not_met",
        "The 1 strength is not recorded as written by Sam (1 does not say who wrote it): "
        "invite Sam to write some of the worksheet.",
    ),
    "written by the person, several not saying": (
        q.written_by_person,
        ("Sam", 3, 0, 2),
        "not_met",
        "None of the 3 strengths is recorded as written by Sam (2 do not say who wrote them): "
        "invite Sam to write some of the worksheet.",
    ),
    # external resources
    "external resources, nothing recorded yet": (
        q.external_resources,
        ("Sam", 0, ["health"]),
        "not_met",
        "Nothing is recorded yet: ask who and what helps Sam in each life domain.",
    ),
    "external resources, one domain without": (
        q.external_resources,
        ("Sam", 6, ["social_supports"]),
        "not_met",
        "No external resource yet in 1 life domain: social supports. Ask who and what helps Sam there.",
    ),
    "external resources, several domains without": (
        q.external_resources,
        ("Sam", 6, ["health", "financial"]),
        "not_met",
        "No external resource yet in 2 life domains: health and financial. Ask who and what helps Sam there.",
    ),
    "external resources, met": (
        q.external_resources,
        ("Sam", 6, []),
        "met",
        "Every life domain has an external resource.",
    ),
    # skills and passions
    "skills and passions, nothing recorded yet": (
        q.skills_and_passions,
        ("Sam", 0, ["health"]),
        "not_met",
        "Nothing is recorded yet: ask what Sam knows about, cares about and has a passion for in each "
        "life domain.",
    ),
    "skills and passions, one domain without": (
        q.skills_and_passions,
        ("Sam", 6, ["occupational"]),
        "not_met",
        "No skill, talent or passion of Sam's yet in 1 life domain: occupational. Ask what Sam knows about, "
        "cares about and has a passion for there.",
    ),
    "skills and passions, several domains without": (
        q.skills_and_passions,
        ("Sam", 6, ["occupational", "health", "financial"]),
        "not_met",
        "No skill, talent or passion of Sam's yet in 3 life domains: occupational, health and financial. "
        "Ask what Sam knows about, cares about and has a passion for there.",
    ),
    "skills and passions, met": (
        q.skills_and_passions,
        ("Sam", 6, []),
        "met",
        "Every life domain has a skill, talent or passion of Sam's.",
    ),
    # agreed
    "agreed, nothing recorded yet": (
        q.agreed,
        ("Sam", 0, None, 0),
        "not_applicable",
        "Nothing is recorded yet to agree.",
    ),
    "agreed, never agreed": (
        q.agreed,
        ("Sam", 2, None, 0),
        "not_met",
        "The worksheet has not been agreed with Sam yet: go through it together and record the agreement.",
    ),
    "agreed, one strength changed since": (
        q.agreed,
        ("Sam", 2, "2026-11-28", 1),
        "not_met",
        "Agreed with Sam on 2026-11-28, but 1 strength has changed since: agree the worksheet again.",
    ),
    "agreed, several strengths changed since": (
        q.agreed,
        ("Sam", 2, "2026-11-28", 3),
        "not_met",
        "Agreed with Sam on 2026-11-28, but 3 strengths have changed since: agree the worksheet again.",
    ),
    "agreed, met": (q.agreed, ("Sam", 2, "2026-11-28", 0), "met", "Agreed with Sam on 2026-11-28."),
    # up to date
    "up to date, nothing reviewed yet": (
        q.up_to_date,
        ("Sam", [], False, 90, False),
        "not_met",
        "No life domain has been gone through yet: review the worksheet with Sam.",
    ),
    "up to date, one domain stale": (
        q.up_to_date,
        ("Sam", ["health"], True, 90, False),
        "not_met",
        "1 life domain has not been reviewed in the last 90 days: health. Review it with Sam.",
    ),
    "up to date, several domains stale with a one-day window": (
        q.up_to_date,
        ("Sam", ["health", "financial"], True, 1, False),
        "not_met",
        "2 life domains have not been reviewed in the last day: health and financial. Review them with Sam.",
    ),
    "up to date, discharged": (
        q.up_to_date,
        ("Sam", ["health"], True, 90, True),
        "not_applicable",
        "Sam has been discharged: the worksheet is kept as it stood.",
    ),
    "up to date, met": (
        q.up_to_date,
        ("Sam", [], True, 90, False),
        "met",
        "Every life domain has been reviewed in the last 90 days.",
    ),
}


@pytest.mark.parametrize(("criterion", "facts", "outcome", "detail"), CASES.values(), ids=CASES.keys())
def test_each_criterion_says_what_is_missing_in_words(
    criterion: Callable[..., dict[str, Any]], facts: tuple[Any, ...], outcome: str, detail: str
) -> None:
    assert criterion(*facts) == {"outcome": outcome, "met": outcome == "met", "detail": detail}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Alex", "Alex wrote 1 strength on the worksheet."),
        ("Jo Smith", "Jo Smith wrote 1 strength on the worksheet."),
    ],
)
def test_the_words_use_the_persons_name_and_assume_no_pronoun(name: str, expected: str) -> None:
    assert q.written_by_person(name, 1, 1, 0)["detail"] == expected
