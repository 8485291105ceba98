"""Events stored before `written_by`, `preferred_name` and `pronouns` existed still load, take
commands and show in the views, with those fields as not said (null)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from uuid import UUID, uuid4

from eventsourcing.persistence import StoredEvent

from domain.actor import acting_as
from domain.person import Person
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from tests.conftest import ADMIN, ALICE, SECRET
from tests.journeys import GOAL

#: The fields these events did not have when they were first stored.
NEW_FIELDS = ("written_by", "preferred_name", "pronouns")


def as_stored_before(event: StoredEvent, person: UUID, old_person: UUID) -> StoredEvent:
    """``event`` (opened) as it was stored before the new fields and encryption at rest, moved to
    ``old_person``'s journey."""
    state = json.loads(event.state.replace(person.hex.encode(), old_person.hex.encode()))
    for name in NEW_FIELDS:
        state.pop(name, None)
    originator_id = old_person if event.originator_id == person else uuid4()
    return replace(event, originator_id=originator_id, state=json.dumps(state).encode())


def test_older_events_without_the_new_fields_load_and_show_them_as_not_said(
    tmp_path: Path, database_url: str
) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url, secret_key=SECRET)
    with Runtime(settings) as runtime, acting_as(ALICE):
        journeys = runtime.journeys
        person = journeys.register_person("Sam", "north", preferred_name="Sammy", pronouns="they/them").id
        journeys.record_value(person, "social_roles", "Being a good aunt", True, "narrative", "person")
        journeys.record_treatment_preference(person, "Talk first", in_own_words=True, written_by="person")
        goal = journeys.identify_goal(person, **GOAL, written_by="person").id

        old_person = uuid4()
        stored = [
            replace(event, state=journeys.mapper.open(event.state))  # type: ignore[attr-defined]
            for event in journeys.recorder.select_events(person) + journeys.recorder.select_events(goal)
        ]
        old = [as_stored_before(event, person, old_person) for event in stored]
        assert sum(any(f'"{name}"'.encode() in e.state for name in NEW_FIELDS) for e in stored) == 4
        assert not any(f'"{name}"'.encode() in e.state for e in old for name in NEW_FIELDS)
        journeys.recorder.insert_events(old)

        loaded = journeys.repository.get(old_person)
        assert isinstance(loaded, Person)
        assert (loaded.preferred_name, loaded.pronouns) == (None, None)
        journeys.record_preferred_name(old_person, "Sam O", None, expected_version=3)

        runtime.projector.catch_up()
        profile = runtime.views.profile(old_person, ADMIN)
        assert (profile["preferred_name"], profile["pronouns"]) == ("Sam O", None)
        assert [v["written_by"] for v in profile["values"]["social_roles"]] == [None]
        assert [p["written_by"] for p in profile["treatment_preferences"]] == [None]
        [old_goal] = runtime.views.care_plan(old_person, ADMIN)["goals"]
        assert old_goal["written_by"] is None
        summaries = [e["summary"] for e in runtime.views.timeline(old_person, ADMIN)["entries"]]
        assert summaries[0] == "Sam registered with team north"
        assert summaries[-1] == "Sam would like to be called “Sam O”"
