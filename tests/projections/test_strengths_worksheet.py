"""When a strengths assessment turns stale, and the setting that decides it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from domain.actor import acting_as
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import ALICE
from tests.journeys import register


def test_an_assessment_is_stale_once_older_than_the_configured_days(memory_runtime: Runtime) -> None:
    with acting_as(ALICE):
        person = register(memory_runtime.journeys)
        memory_runtime.journeys.identify_strength(
            person, "health", "current", "internal", "I walk daily", True
        )
    memory_runtime.projector.catch_up()
    worksheet = memory_runtime.views.strengths_worksheet(person, ALICE, today=date.today())
    updated = datetime.fromisoformat(worksheet["last_updated"]).date()

    def quality(days_later: int, stale_after: int = 90) -> tuple[int, bool]:
        answer = memory_runtime.views.strengths_worksheet(
            person, ALICE, today=updated + timedelta(days=days_later), stale_after_days=stale_after
        )["quality"]
        return answer["days_since_update"], answer["stale"]

    assert quality(90) == (90, False)
    assert quality(91) == (91, True)
    assert quality(8, stale_after=7) == (8, True)
    assert quality(7, stale_after=7) == (7, False)


def test_the_stale_setting_comes_from_the_environment() -> None:
    assert Settings.from_env({"REFOCUS_STRENGTHS_STALE_DAYS": "30"}).strengths_stale_after_days == 30
    assert Settings.from_env({}).strengths_stale_after_days == 90


def test_a_malformed_stale_setting_is_refused_with_its_name() -> None:
    with pytest.raises(ValueError, match="REFOCUS_STRENGTHS_STALE_DAYS"):
        Settings.from_env({"REFOCUS_STRENGTHS_STALE_DAYS": "soon"})
