"""One replay frame on its own, as the supervision page asks for it, on SQLite and PostgreSQL:
the same frame as the replay stream's, and the care plan as of its moment."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.actor import acting_as
from domain.errors import PersonNotFoundError
from interfaces.runtime import Runtime
from tests.conftest import ALICE, BOB_SOUTH, SUPERVISOR
from tests.journeys import identify, plan, register


def test_each_frame_alone_is_the_streams_frame_with_the_plan_as_it_stood(runtime: Runtime) -> None:
    journeys = runtime.journeys
    with acting_as(ALICE):
        person = register(journeys)
        goal = identify(journeys, person)
        register(journeys, name="Kim")
        step = plan(journeys, goal, "passive", due=date(2026, 12, 1))
        journeys.change_step_mode(step, "joint", ["sister"])
        journeys.complete_step(step, "done")
        journeys.add_supervision_note(person, journeys.achieve_goal(goal).position, "Well done")
    runtime.projector.catch_up()
    views = runtime.views
    stream = list(views.replay(person, SUPERVISOR))
    positions = [f["position"] for f in stream]
    for number, expected in enumerate(stream, start=1):
        by_number = views.replay_frame(person, SUPERVISOR, number=number)
        by_position = views.replay_frame(person, SUPERVISOR, position=expected["position"])
        assert by_number == by_position
        assert by_number["frame"] == expected
        assert by_number["positions"] == positions and by_number["index"] == number - 1
        then = views.care_plan(person, SUPERVISOR, as_of=datetime.fromisoformat(expected["at"]))
        assert by_number["care_plan"] == {**then, "as_of": None}
    assert stream[-1]["notes"][0]["text"] == "Well done"
    assert views.replay_frame(person, SUPERVISOR)["noted_positions"] == [positions[-1]]
    # Between two frames, the one before; out of range, the nearest end.
    assert views.replay_frame(person, SUPERVISOR, position=positions[1] + 1)["index"] == 1
    assert views.replay_frame(person, SUPERVISOR, position=0)["index"] == 0
    assert views.replay_frame(person, SUPERVISOR, number=99)["index"] == len(positions) - 1
    with pytest.raises(PersonNotFoundError):
        views.replay_frame(person, BOB_SOUTH)
