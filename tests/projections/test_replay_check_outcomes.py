"""A replay frame says how each check's outcome changed, never "met" of a check that does not apply.

``ok`` is true both when a check is met and when it does not apply (a plan with no goal of
the person's yet), so frames follow the outcome (manual, end of chapter 5: the four checks).
"""

from __future__ import annotations

from typing import Any

from domain.actor import acting_as
from interfaces.runtime import Runtime
from interfaces.web.changes import describe_changes
from tests.conftest import ALICE, SUPERVISOR
from tests.journeys import identify, plan, register


def outcomes(frame: dict[str, Any]) -> dict[str, tuple[str | None, str]]:
    return {c["check"]: (c["was_outcome"], c["outcome"]) for c in frame["changes"]["checks"]}


def test_frames_follow_each_checks_outcome_from_not_applicable_to_met_or_not_met(runtime: Runtime) -> None:
    journeys = runtime.journeys
    with acting_as(ALICE):
        person = register(journeys)
        goal = identify(journeys, person)
        plan(journeys, goal, "independent")
    runtime.projector.catch_up()
    registered, identified, planned = list(runtime.views.replay(person, SUPERVISOR))

    assert outcomes(registered) == {
        "personally_valued_goals": (None, "not_met"),
        "reflects_values": (None, "not_applicable"),
        "builds_on_strengths": (None, "not_applicable"),
        "independent_or_joint_action": (None, "not_applicable"),
    }
    # ``ok`` stays true from not applicable to met, and false to not met: both are changes.
    assert outcomes(identified) == {
        "personally_valued_goals": ("not_met", "met"),
        "reflects_values": ("not_applicable", "not_met"),
        "builds_on_strengths": ("not_applicable", "not_met"),
        # An active goal with no step yet: agree a first step.
        "independent_or_joint_action": ("not_applicable", "not_met"),
    }
    assert outcomes(planned) == {"independent_or_joint_action": ("not_met", "met")}

    said = [change.text for change in describe_changes(registered["changes"])]
    assert said[1].startswith("Check “Reflects what matters to the person”: not applicable. ")
    assert not any(": met." in text for text in said)
    said = [change.text for change in describe_changes(planned["changes"])]
    assert said[-1].startswith("Check “Steps the person takes alone or with others” now met. ")
