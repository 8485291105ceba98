"""As-of is correct: the care plan folded to time T equals the live plan the views showed at T.

Random journeys on the in-memory store: after every command the projector
catches up and the live care plan and profile are recorded with the time;
afterwards the as-of answer at every recorded time must equal them (apart from
the ``as_of`` key, which the live answer leaves empty).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.actor import acting_as
from domain.errors import JourneyError
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import ADMIN, ALICE, SECRET
from tests.journeys import GOAL


class Journey:
    """The ids a random journey has made so far, so commands can pick among them."""

    def __init__(self, runtime: Runtime) -> None:
        self.journeys = runtime.journeys
        self.person = self.journeys.register_person("Sam", "north").id
        self.goals: list[UUID] = []
        self.steps: list[UUID] = []
        self.values: list[UUID] = []
        self.strengths: list[UUID] = []
        self.preferences: list[UUID] = []

    @staticmethod
    def pick(ids: list[UUID], n: int) -> UUID:
        if not ids:
            raise LookupError("nothing to pick yet")
        return ids[n % len(ids)]


Command = Callable[[Journey, int], Any]

COMMANDS: dict[str, Command] = {
    "identify_goal": lambda j, n: j.goals.append(
        j.journeys.identify_goal(
            j.person, **{**GOAL, "identified_by": ("person", "jointly", "worker", "service")[n % 4]}
        ).id
    ),
    "plan_step": lambda j, n: j.steps.append(
        j.journeys.plan_step(
            j.pick(j.goals, n),
            f"Step {n}",
            ("independent", "joint", "passive")[n % 3],
            ["sister"] if n % 3 == 1 else [],
        ).id
    ),
    "start_step": lambda j, n: j.journeys.start_step(j.pick(j.steps, n)),
    "complete_step": lambda j, n: j.journeys.complete_step(j.pick(j.steps, n)),
    "drop_step": lambda j, n: j.journeys.drop_step(j.pick(j.steps, n), "No longer wanted"),
    "change_mode": lambda j, n: j.journeys.change_step_mode(j.pick(j.steps, n), "joint", ["friend"]),
    "pause_goal": lambda j, n: j.journeys.pause_goal(j.pick(j.goals, n)),
    "resume_goal": lambda j, n: j.journeys.resume_goal(j.pick(j.goals, n)),
    "achieve_goal": lambda j, n: j.journeys.achieve_goal(j.pick(j.goals, n)),
    "discontinue_goal": lambda j, n: j.journeys.discontinue_goal(j.pick(j.goals, n), "Changed mind"),
    "reframe_goal": lambda j, n: j.journeys.reframe_goal(j.pick(j.goals, n), f"Reframed {n}", "approach"),
    "record_value": lambda j, n: j.values.append(
        j.journeys.record_value(j.person, "other_identity", f"Value {n}", True, "conversational").id
    ),
    "withdraw_value": lambda j, n: j.journeys.withdraw_value(j.person, j.pick(j.values, n)),
    "identify_strength": lambda j, n: j.strengths.append(
        j.journeys.identify_strength(
            j.person, "social_supports", "current", ("internal", "external")[n % 2], f"Strength {n}", True
        ).id
    ),
    "remove_strength": lambda j, n: j.journeys.remove_strength(j.person, j.pick(j.strengths, n)),
    "link_goal": lambda j, n: j.journeys.link_goal(
        j.pick(j.goals, n),
        [j.pick(j.values, n)] if j.values and n % 2 == 0 else [],
        [j.pick(j.strengths, n)] if j.strengths and n % 2 == 1 else [],
    ),
    "agree": lambda j, n: j.journeys.make_working_agreement(j.person, f"Agreement {n}"),
    "revise_value": lambda j, n: j.journeys.revise_value(j.person, j.pick(j.values, n), f"Revised value {n}"),
    "revise_strength": lambda j, n: j.journeys.revise_strength(
        j.person, j.pick(j.strengths, n), statement=f"Revised strength {n}"
    ),
    "revise_goal": lambda j, n: j.journeys.revise_goal(j.pick(j.goals, n), statement=f"Revised goal {n}"),
    "record_grow": lambda j, n: j.journeys.record_grow(j.pick(j.goals, n), goal=f"Grow {n}"),
    "reschedule_step": lambda j, n: j.journeys.reschedule_step(j.pick(j.steps, n), date(2027, 1, 1 + n)),
    "narrative": lambda j, n: j.journeys.add_narrative_entry(j.person, f"Entry {n}"),
    "record_preference": lambda j, n: j.preferences.append(
        j.journeys.record_treatment_preference(
            j.person, f"Preference {n}", ("gender", None)[n % 2], in_own_words=True
        ).id
    ),
    "revise_preference": lambda j, n: j.journeys.revise_treatment_preference(
        j.person, j.pick(j.preferences, n), f"Revised preference {n}", in_own_words=n % 2 == 0
    ),
    "withdraw_preference": lambda j, n: j.journeys.withdraw_treatment_preference(
        j.person, j.pick(j.preferences, n)
    ),
    "link_goal_to_preference": lambda j, n: j.journeys.link_goal(
        j.pick(j.goals, n), preference_ids=[j.pick(j.preferences, n)]
    ),
    "link_step_to_preference": lambda j, n: j.journeys.link_step(
        j.pick(j.steps, n), [j.pick(j.preferences, n)]
    ),
    "plan_step_shaped_by_preference": lambda j, n: j.steps.append(
        j.journeys.plan_step(
            j.pick(j.goals, n), f"Shaped step {n}", "independent", [], None, [j.pick(j.preferences, n)]
        ).id
    ),
}

journeys = st.lists(st.tuples(st.sampled_from(sorted(COMMANDS)), st.integers(0, 7)), min_size=1, max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commands=journeys)
def test_as_of_any_recorded_moment_equals_the_live_care_plan_and_profile_then(
    commands: list[tuple[str, int]],
) -> None:
    with (
        TemporaryDirectory() as data,
        Runtime(Settings(data_dir=Path(data), database_url="memory://", secret_key=SECRET)) as runtime,
    ):
        recorded: list[tuple[datetime, dict[str, Any], dict[str, Any]]] = []

        def record(person: UUID) -> None:
            runtime.projector.catch_up()
            plan = runtime.views.care_plan(person, ADMIN)
            profile = runtime.views.profile(person, ADMIN)
            recorded.append((datetime.now(UTC), plan, profile))

        with acting_as(ALICE):
            journey = Journey(runtime)
            record(journey.person)
            for name, n in commands:
                try:
                    COMMANDS[name](journey, n)
                except (JourneyError, LookupError):
                    continue  # refused by a rule (or nothing to act on): nothing was written
                record(journey.person)

        for moment, plan, profile in recorded:
            past_plan = runtime.views.care_plan(journey.person, ADMIN, as_of=moment)
            past_profile = runtime.views.profile(journey.person, ADMIN, as_of=moment)
            assert {**past_plan, "as_of": None} == plan
            assert {**past_profile, "as_of": None} == profile
