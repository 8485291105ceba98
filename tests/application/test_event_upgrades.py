"""Every event as it was ever stored still reads, whatever became of its class since.

The stored forms in tests/fixtures/events are frozen: one per event class and class version,
as the store kept it. Each is read here through the application's own transcoder and the
library's upcasting (``class_version`` and ``upcast_vN_vN+1``, docs/domain.md), and must give
an event of its class with exactly the class's current fields.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import register_topic, resolve_topic

from application.journeys import RecoveryJourneys
from application.storage.urls import store_env
from domain.person import Person
from tests.fixtures.events.stored_forms import (
    StoredForm,
    current_fields,
    event_classes,
    fixture_path,
    stored_forms,
)

FORMS = stored_forms()
ORIGINATOR = "0f0e0d0c-0b0a-4908-8706-050403020100"


@pytest.fixture(scope="module")
def mapper() -> Mapper[Any]:
    journeys = RecoveryJourneys(env=store_env("memory://"))
    # The transcoder alone: the fixtures hold the state before any compression or encryption.
    plain: Mapper[Any] = Mapper(transcoder=journeys.mapper.transcoder)
    journeys.close()
    return plain


def read(mapper: Mapper[Any], form: StoredForm, event_class: type[Any]) -> Any:
    """``form`` read as ``event_class`` (registered under a topic of its own for the read)."""
    topic = f"{event_class.__module__}:{event_class.__qualname__}"
    if topic != form.topic:
        register_topic(topic, event_class)
    return mapper.to_domain_event(StoredEvent(UUID(ORIGINATOR), 3, topic, form.state_bytes))


def test_every_event_class_has_its_stored_form_frozen() -> None:
    missing = [
        f"{topic} (class_version {getattr(cls, 'class_version', 1)})"
        for topic, cls in event_classes().items()
        if not fixture_path(topic, getattr(cls, "class_version", 1)).exists()
    ]
    assert not missing, (
        "No frozen stored form for: " + ", ".join(missing) + ". Run"
        " `python -m tests.fixtures.events.generate`"
        " and commit the files it writes."
    )


def test_the_fixtures_cover_the_domain() -> None:
    # Guards the discovery itself: a failure to find the classes must not pass for "all read".
    assert len(FORMS) >= len(event_classes()) >= 40


def upgrade_problem(form: StoredForm, event_class: type[Any], mapper: Mapper[Any]) -> str | None:
    """Why ``form`` does not read as the current ``event_class``, or None when it does."""
    version = getattr(event_class, "class_version", 1)
    stored = set(form.state) | {"originator_id", "originator_version"}
    stored.discard("class_version")
    fields = current_fields(event_class)
    if version == form.class_version and stored != fields:
        return (
            f"{form.topic} changed its fields (added {sorted(fields - stored)}, removed "
            f"{sorted(stored - fields)}) without an upcaster: give the class class_version = "
            f"{version + 1} and a static upcast_v{version}_v{version + 1}(state) that brings a stored "
            "state of the old shape to the new one (docs/domain.md, 'Changing an event')"
        )
    event = read(mapper, form, event_class)
    if set(vars(event)) != fields:
        return (
            f"{form.topic} v{form.class_version} read through the upcasters up to v{version} has the "
            f"fields {sorted(vars(event))}, not the class's {sorted(fields)}: an upcaster is missing "
            "or incomplete"
        )
    return None


@pytest.mark.parametrize("form", FORMS, ids=[form.path.name for form in FORMS])
def test_each_stored_form_reads_as_an_event_of_its_class_with_its_current_fields(
    form: StoredForm, mapper: Mapper[Any]
) -> None:
    event_class = resolve_topic(form.topic)
    problem = upgrade_problem(form, event_class, mapper)
    assert problem is None, problem
    event = read(mapper, form, event_class)
    assert type(event) is event_class
    if getattr(event_class, "class_version", 1) == form.class_version:
        decoded = mapper.transcoder.decode(form.state_bytes)
        for name, value in decoded.items():
            assert getattr(event, name) == value, name
    assert str(event.originator_id) == ORIGINATOR
    assert event.originator_version == 3


REGISTERED = next(form for form in FORMS if form.topic == "domain.person:Person.PersonRegistered")


class WithAField(Person.PersonRegistered):
    nickname: str | None = None


class WithAFieldUpcast(Person.PersonRegistered):
    class_version = 2
    nickname: str | None = None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["nickname"] = None


class WithAFieldRenamed(Person.PersonRegistered):
    class_version = 2
    name_used: str | None = None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["name_used"] = state.pop("preferred_name")


class WithAFieldForgotten(Person.PersonRegistered):
    class_version = 2
    nickname: str | None = None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        pass


@pytest.mark.parametrize(
    ("changed", "problem"),
    [
        (Person.PersonRegistered, None),
        (WithAField, "changed its fields (added ['nickname'], removed []) without an upcaster"),
        (WithAFieldUpcast, None),
        (WithAFieldForgotten, "an upcaster is missing or incomplete"),
    ],
    ids=["unchanged", "field-added-alone", "field-added-with-upcaster", "upcaster-incomplete"],
)
def test_a_changed_event_class_without_its_upcaster_is_named(
    changed: type[Any], problem: str | None, mapper: Mapper[Any]
) -> None:
    found = upgrade_problem(REGISTERED, changed, mapper)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_a_renamed_field_reads_under_its_new_name_through_the_upcaster(mapper: Mapper[Any]) -> None:
    renamed = WithAFieldRenamed
    fields = current_fields(renamed) - {"preferred_name"}
    event = read(mapper, REGISTERED, renamed)
    assert set(vars(event)) == fields
    assert event.name_used == REGISTERED.state["preferred_name"]
