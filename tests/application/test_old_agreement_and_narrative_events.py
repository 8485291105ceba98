"""Working agreements and narrative entries stored before their new fields still load, fold and
take commands: the new fields read as their defaults (no parts, not agreed, writer not said)."""

from __future__ import annotations

import json
from dataclasses import replace
from uuid import uuid4

from application.journeys import RecoveryJourneys
from application.storage.urls import store_env
from domain.actor import Actor, Role, acting_as
from domain.person import Person
from projections import journey
from projections.timeline import summarise

WORKER = Actor("alice", Role.WORKER, frozenset({"north"}))
NEW_FIELDS = {
    "domain.person:Person.WorkingAgreementMade": (
        "expectations",
        "how_we_work",
        "differences",
        "practicalities",
        "agreed_by_person",
        "agreed_on",
    ),
    "domain.person:Person.NarrativeEntryAdded": ("written_by",),
}


def without_new_fields(state: bytes, topic: str) -> bytes:
    data = json.loads(state)
    for name in NEW_FIELDS.get(topic, ()):
        del data[name]
    return json.dumps(data).encode()


def test_an_agreement_and_an_entry_stored_before_their_new_fields_load_fold_and_take_commands(
    database_url: str,
) -> None:
    with acting_as(WORKER):
        journeys = RecoveryJourneys(env=store_env(database_url))
        person = journeys.register_person("Sam", "north").id
        journeys.make_working_agreement(person, "Weekly at the café")
        entry = journeys.add_narrative_entry(person, "I grew up by the sea", ["home"]).id
        stored = journeys.recorder.select_events(person)

        old_id = uuid4()
        old = [
            replace(
                event,
                originator_id=old_id,
                state=without_new_fields(journeys.mapper.open(event.state), event.topic),
            )
            for event in stored
        ]
        assert b"agreed_by_person" not in old[1].state and b"written_by" not in old[2].state
        journeys.recorder.insert_events(old)
        journeys.close()

        journeys = RecoveryJourneys(env=store_env(database_url))
        events = [journeys.mapper.to_domain_event(e) for e in journeys.recorder.select_events(old_id)]
        document = journey.new_document()
        summaries = []
        for event in events:
            journey.apply(document, event)
            summaries.append(summarise(event, document))
        agreement = document["person"]["working_agreement"]
        assert (agreement["text"], agreement["expectations"], agreement["agreed_by_person"]) == (
            "Weekly at the café",
            None,
            False,
        )
        assert [n["written_by"] for n in document["narrative"]] == [None]
        assert summaries[1:] == ["Working agreement made", "Narrative entry added (themes: home)"]

        loaded = journeys.repository.get(old_id)
        assert isinstance(loaded, Person)
        assert (loaded.working_agreement_made, loaded.working_agreement_agreed) == (True, False)
        journeys.agree_working_agreement(old_id, expected_version=3)
        journeys.revise_narrative_entry(old_id, entry, written_by="person")
        assert journeys.repository.get(old_id).narrative[entry]["written_by"] == "person"
        journeys.close()
