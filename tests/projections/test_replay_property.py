"""Replay keeps each frame's care plan up to date from the one before; it must equal the plan
built afresh, and what it says changed must equal the changes between two fresh plans.

``IncrementalPlan`` rebuilds only the goals an event touched and only the checks
whose inputs changed, so a handler that changed a goal from an event it does not
attribute to that goal, or a check reading something its inputs do not name,
would show here: random journeys (the as-of property test's commands) are
replayed (the person putting their goals in order among them) and, after every event, the
incremental plan is compared with
``care_plan(document, position)`` and the changes it answered (and each frame's)
with ``plan_changes`` of two plans built from scratch.
"""

from __future__ import annotations

import copy
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import HealthCheck, example, given, settings

from domain.actor import acting_as
from domain.errors import JourneyError
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from projections import journey, replay
from projections.care_plan import care_plan
from projections.changes import plan_changes
from tests.conftest import ADMIN, ALICE, SECRET
from tests.projections.test_as_of_property import COMMANDS, Journey, journeys


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commands=journeys)
@example(
    commands=[
        ("identify_goal", 0),
        ("record_value", 0),
        ("identify_strength", 1),
        ("link_goal", 0),
        ("link_goal", 1),
        ("plan_step", 2),
        ("start_step", 0),
        ("revise_value", 0),
        ("revise_strength", 0),
        ("withdraw_value", 0),
        ("remove_strength", 0),
        ("identify_goal", 3),
        ("plan_step", 1),
        ("change_mode", 1),
        ("pause_goal", 0),
        ("achieve_goal", 1),
        ("resume_goal", 0),
        ("complete_step", 0),
        ("revise_goal", 0),
        ("narrative", 0),
        ("preferred_name", 1),
        ("preference", 1),
        ("written_value", 0),
        ("identify_goal", 1),
        ("prioritise_goals", 1),
        ("identify_goal", 2),
        ("prioritise_goals", 2),
        ("discontinue_goal", 1),
        ("prioritise_goals", 4),
    ]
)
# A review that resumes a paused goal, pauses it and resumes it again; a step dropped with a kind.
@example(
    commands=[
        ("identify_goal", 0),
        ("pause_goal", 0),
        ("review_goal", 0),
        ("plan_step", 0),
        ("drop_step", 1),
        ("review_goal", 1),
        ("review_goal", 3),
    ]
)
@example(
    commands=[
        ("identify_goal", 0),
        ("identify_goal", 3),
        ("record_preference", 0),
        ("record_preference", 1),
        ("plan_step", 0),
        ("link_step_to_preference", 0),
        ("link_goal_to_preference", 1),
        ("plan_step_shaped_by_preference", 0),
        ("revise_preference", 0),
        ("withdraw_preference", 0),
        ("pause_goal", 0),
        ("withdraw_preference", 1),
        ("complete_step", 0),
        ("record_preference", 2),
        ("link_goal_to_preference", 0),
    ]
)
def test_each_replayed_plan_equals_the_care_plan_built_from_scratch(commands: list[tuple[str, int]]) -> None:
    with (
        TemporaryDirectory() as data,
        Runtime(Settings(data_dir=Path(data), database_url="memory://", secret_key=SECRET)) as runtime,
    ):
        with acting_as(ALICE):
            journey_ = Journey(runtime)
            for name, n in commands:
                try:
                    COMMANDS[name](journey_, n)
                except (JourneyError, LookupError):
                    continue
        runtime.projector.catch_up()
        recorded = runtime.history.events(journey_.person, ADMIN)

        plan = replay.IncrementalPlan()
        document = journey.new_document()
        fresh_before: dict[str, Any] | None = None
        for item, frame in zip(recorded, replay.frames(recorded), strict=True):
            changes = plan.apply(item)
            journey.apply(document, item.event)
            fresh = care_plan(document, item.position)
            assert plan.plan() == fresh, item.event.__class__.__qualname__
            expected = plan_changes(fresh_before, fresh, document)
            assert changes == expected, item.event.__class__.__qualname__
            assert frame["changes"] == expected
            fresh_before = copy.deepcopy(fresh)
