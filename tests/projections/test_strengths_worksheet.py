"""The worksheet's currency, domain by domain, and its agreement with the person (manual, 4.3).

Journeys here are folded from the person's own events, each stamped on the day the test
says, and judged on a chosen day: the same fold and the same ``today`` the live views use.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from domain.actor import acting_as
from domain.person import Person
from domain.vocabulary import LifeDomain
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from projections import journey
from projections.strengths import strengths_worksheet
from tests.conftest import ALICE
from tests.journeys import register

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
LIFE_DOMAINS = [d.value for d in LifeDomain]


class Journal:
    """A person's journey whose events happen on the days the test names."""

    def __init__(self) -> None:
        with acting_as(ALICE):
            self.person = Person.register("Sam", "north")
        self.doc = journey.new_document()
        self._written = 0
        self._keep(0)

    def on(self, day: int, command: Callable[[Person], Any]) -> Any:
        with acting_as(ALICE):
            answer = command(self.person)
        self._keep(day)
        return answer

    def day(self, day: int) -> date:
        return (START + timedelta(days=day)).date()

    def worksheet(self, day: int, stale_after_days: int = 90) -> dict[str, Any]:
        return strengths_worksheet(self.doc, self.day(day), stale_after_days)

    def _keep(self, day: int) -> None:
        for event in self.person.collect_events():
            self._written += 1  # events of one day keep their order
            when = START + timedelta(days=day, seconds=self._written)
            journey.apply(self.doc, dataclasses.replace(event, timestamp=when))


def every_domain(journal: Journal, day: int = 0) -> dict[str, Any]:
    """One internal strength in each life domain; their ids by domain."""
    return {
        domain: journal.on(
            day, lambda p, d=domain: p.identify_strength(d, "current", "internal", f"Good at {d}", True)
        )
        for domain in LIFE_DOMAINS
    }


def test_up_to_date_means_every_domain_was_updated_in_the_window_not_that_any_entry_changed() -> None:
    journal = Journal()
    ids = every_domain(journal)
    journal.on(80, lambda p: p.revise_strength(ids["health"], statement="I walk every day"))

    sheet = journal.worksheet(100)

    quality = sheet["quality"]
    assert quality["days_since_update"] == 20, "an entry changed 20 days ago"
    assert quality["stale"] is True
    assert quality["stale_domains"] == [d for d in LIFE_DOMAINS if d != "health"]
    assert sheet["currency"]["health"]["days_since_update"] == 20
    assert sheet["currency"]["health"]["stale"] is False
    assert sheet["currency"]["financial"]["days_since_update"] == 100
    assert quality["criteria"]["up_to_date"] == {
        "outcome": "not_met",
        "met": False,
        "detail": "5 life domains have not been reviewed in the last 90 days: daily living, financial, "
        "occupational, social supports and spiritual and cultural. Review them with Sam.",
    }


def test_a_domain_stays_current_until_the_window_has_passed_after_its_last_update() -> None:
    journal = Journal()
    every_domain(journal)

    assert journal.worksheet(90)["quality"]["stale_domains"] == []
    assert journal.worksheet(91)["quality"]["stale_domains"] == LIFE_DOMAINS
    assert journal.worksheet(7, stale_after_days=7)["quality"]["stale"] is False
    assert journal.worksheet(8, stale_after_days=7)["quality"]["stale"] is True


def test_a_review_of_one_domain_with_the_person_brings_just_that_domain_up_to_date() -> None:
    journal = Journal()
    every_domain(journal)
    journal.on(50, lambda p: p.review_strengths_domain("financial", "Nothing new"))

    sheet = journal.worksheet(100)

    assert sheet["quality"]["stale_domains"] == [d for d in LIFE_DOMAINS if d != "financial"]
    assert sheet["currency"]["financial"]["last_reviewed"].startswith(journal.day(50).isoformat())
    assert sheet["currency"]["financial"]["days_since_update"] == 50
    assert sheet["last_updated"].startswith(journal.day(0).isoformat()), "a review changes no entry"


def test_agreeing_the_worksheet_updates_every_row_from_the_day_it_was_agreed() -> None:
    journal = Journal()
    every_domain(journal)
    journal.on(
        60, lambda p: p.agree_strengths_worksheet(journal.day(55), ["Sam", "alice"], None, journal.day(60))
    )

    on_time, late = journal.worksheet(145), journal.worksheet(146)

    assert on_time["quality"]["stale"] is False
    assert {row["days_since_update"] for row in on_time["currency"].values()} == {90}
    assert (
        on_time["currency"]["anything_else"]["last_reviewed"]
        == f"{journal.day(55).isoformat()}T23:59:59.999999Z"
    )
    assert late["quality"]["stale_domains"] == LIFE_DOMAINS


def test_the_anything_else_row_is_shown_with_its_currency_but_never_judged() -> None:
    journal = Journal()
    journal.on(
        0, lambda p: p.identify_strength("anything_else", "current", "internal", "I make people laugh", True)
    )

    sheet = journal.worksheet(200)

    assert [s["statement"] for s in sheet["domains"]["anything_else"]["current"]] == ["I make people laugh"]
    assert sheet["currency"]["anything_else"]["days_since_update"] == 200
    assert sheet["currency"]["anything_else"]["stale"] is None
    assert sheet["quality"]["missing_domains"] == LIFE_DOMAINS
    assert sheet["quality"]["own_words_ratio"] == 1.0, "what is written there counts for partnership"


def test_an_agreement_needs_renewing_once_a_strength_changes_after_it_but_not_after_a_review() -> None:
    journal = Journal()
    ids = every_domain(journal)
    journal.on(
        1, lambda p: p.agree_strengths_worksheet(journal.day(1), ["Sam"], "Read it together", journal.day(1))
    )
    journal.on(2, lambda p: p.review_strengths_domain("health"))

    def agreed() -> tuple[str, str, Any]:
        sheet = journal.worksheet(5)
        criterion = sheet["quality"]["criteria"]["agreed"]
        return criterion["outcome"], criterion["detail"], sheet["agreement"]["strengths_changed_since"]

    on_day_1 = journal.day(1).isoformat()
    assert agreed() == ("met", f"Agreed with Sam on {on_day_1}.", 0)
    journal.on(3, lambda p: p.revise_strength(ids["health"], resource="external"))
    assert agreed() == (
        "not_met",
        f"Agreed with Sam on {on_day_1}, but 1 strength has changed since: agree the worksheet again.",
        1,
    )
    journal.on(4, lambda p: p.remove_strength(ids["financial"]))
    assert agreed()[1] == (
        f"Agreed with Sam on {on_day_1}, but 2 strengths have changed since: agree the worksheet again."
    )
    journal.on(5, lambda p: p.agree_strengths_worksheet(journal.day(5), ["Sam"], None, journal.day(5)))
    assert agreed() == ("met", f"Agreed with Sam on {journal.day(5).isoformat()}.", 0)
    assert journal.worksheet(5)["agreement"]["needs_renewal"] is False


def test_the_up_to_date_criterion_is_not_applicable_once_the_person_is_discharged() -> None:
    journal = Journal()
    every_domain(journal)
    journal.on(10, lambda p: p.discharge("Moved away"))

    criterion = journal.worksheet(400)["quality"]["criteria"]["up_to_date"]

    assert criterion["outcome"] == "not_applicable"
    assert criterion["detail"] == "Sam has been discharged: the worksheet is kept as it stood."


def test_the_live_view_judges_each_domain_on_the_day_it_is_asked(memory_runtime: Runtime) -> None:
    with acting_as(ALICE):
        person = register(memory_runtime.journeys)
        for domain in LIFE_DOMAINS[:-1]:
            memory_runtime.journeys.identify_strength(person, domain, "current", "internal", "I cope", True)
    memory_runtime.projector.catch_up()
    updated = datetime.fromisoformat(
        memory_runtime.views.strengths_worksheet(person, ALICE, today=date.today())["last_updated"]
    ).date()

    def stale_domains(days_later: int, stale_after: int = 90) -> list[str]:
        answer = memory_runtime.views.strengths_worksheet(
            person, ALICE, today=updated + timedelta(days=days_later), stale_after_days=stale_after
        )
        stale: list[str] = answer["quality"]["stale_domains"]
        return stale

    assert stale_domains(90) == ["spiritual_cultural"], "never updated: stale from the start"
    assert stale_domains(91) == LIFE_DOMAINS
    assert stale_domains(7, stale_after=7) == ["spiritual_cultural"]


def test_the_stale_setting_comes_from_the_environment() -> None:
    assert Settings.from_env({"REFOCUS_STRENGTHS_STALE_DAYS": "30"}).strengths_stale_after_days == 30
    assert Settings.from_env({}).strengths_stale_after_days == 90


def test_a_malformed_stale_setting_is_refused_with_its_name() -> None:
    with pytest.raises(ValueError, match="REFOCUS_STRENGTHS_STALE_DAYS"):
        Settings.from_env({"REFOCUS_STRENGTHS_STALE_DAYS": "soon"})
