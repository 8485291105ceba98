"""The Goal aggregate: identifying, reframing, revising, linking and closing a goal.

Every test runs as ALICE (a worker in team north) unless it says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import Context
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain import text
from domain.errors import InvalidInputError, MissingActorError, RuleViolationError
from domain.goal import Goal
from domain.person import Person
from domain.vocabulary import GoalStatus, IdentifiedBy, LifeDomain, Orientation, Responsibility
from tests.unit.conftest import refused

GOAL = {
    "statement": "I want to dance again",
    "identified_by": "person",
    "orientation": "approach",
    "life_domain": "occupational",
    "responsibility": "person",
    "in_own_words": True,
}

BAD_TEXT = [
    pytest.param("", id="empty"),
    pytest.param(" \t\n ", id="blank"),
    pytest.param("I want\x00to dance", id="nul-character"),
    pytest.param("broken \ud800 text", id="lone-surrogate"),
]

VERBATIM_STATEMENTS = [
    pytest.param("  I want to dance again  ", id="surrounding-spaces"),
    pytest.param("I want to dance again 💃🏽✨", id="emoji"),
    pytest.param("أريد أن أرقص مرة أخرى", id="right-to-left"),
    pytest.param("Je veux danser a\u0300 nouveau", id="decomposed-accent"),
    pytest.param("Line one\nLine two", id="multi-line"),
]


def person() -> Person:
    sam = Person.register("Sam", "north")
    sam.collect_events()
    return sam


def goal(**changes: Any) -> Goal:
    """An active goal with its identification event already collected."""
    identified = Goal.identify(person(), **{**GOAL, **changes})
    identified.collect_events()
    return identified


def active() -> Goal:
    return goal()


def paused() -> Goal:
    g = goal()
    g.pause()
    g.collect_events()
    return g


def achieved() -> Goal:
    g = goal()
    g.achieve()
    g.collect_events()
    return g


def discontinued() -> Goal:
    g = goal()
    g.discontinue("no longer wanted")
    g.collect_events()
    return g


def assert_actor_is_alice(event: Any) -> None:
    assert (event.actor_subject, event.actor_role) == ("alice", "worker")


# Identifying


def test_identifying_a_goal_records_the_persons_words_and_choices() -> None:
    sam = person()

    g = Goal.identify(sam, **GOAL)

    [event] = g.collect_events()
    assert isinstance(event, Goal.GoalIdentified)
    assert event.person_id == sam.id
    assert event.statement == "I want to dance again"
    assert event.identified_by == "person"
    assert event.orientation == "approach"
    assert event.life_domain == "occupational"
    assert event.responsibility == "person"
    assert event.in_own_words is True
    assert event.value_ids == []
    assert event.strength_ids == []
    assert event.target_date is None
    assert_actor_is_alice(event)
    assert g.status is GoalStatus.ACTIVE
    assert not g.is_closed
    assert g.version == 1
    assert (g.identified_by, g.orientation, g.life_domain, g.responsibility) == (
        IdentifiedBy.PERSON,
        Orientation.APPROACH,
        LifeDomain.OCCUPATIONAL,
        Responsibility.PERSON,
    )


def test_a_service_goal_not_in_the_persons_words_with_a_target_date_is_recorded_as_such() -> None:
    g = Goal.identify(
        person(),
        **{
            **GOAL,
            "identified_by": "service",
            "responsibility": "shared",
            "orientation": "avoidance",
            "in_own_words": False,
        },
        target_date=date(2026, 6, 30),
    )

    [event] = g.collect_events()
    assert (event.identified_by, event.responsibility, event.orientation) == (
        "service",
        "shared",
        "avoidance",
    )
    assert event.in_own_words is False
    assert event.target_date == date(2026, 6, 30)
    assert g.target_date == date(2026, 6, 30)


@pytest.mark.parametrize("statement", VERBATIM_STATEMENTS)
def test_a_goal_statement_is_kept_exactly_as_written(statement: str) -> None:
    g = Goal.identify(person(), **{**GOAL, "statement": statement})

    [event] = g.collect_events()
    assert event.statement == statement
    assert g.statement == statement


def test_a_goal_statement_at_the_limit_is_kept() -> None:
    statement = "💃" * text.STATEMENT_MAX_CHARS

    g = Goal.identify(person(), **{**GOAL, "statement": statement})

    assert g.statement == statement


@pytest.mark.parametrize(
    "statement", [*BAD_TEXT, pytest.param("x" * (text.STATEMENT_MAX_CHARS + 1), id="too-long")]
)
def test_an_unstorable_goal_statement_is_rejected_naming_the_field(statement: str) -> None:
    sam = person()

    with refused(sam, error=InvalidInputError) as error:
        Goal.identify(sam, **{**GOAL, "statement": statement})

    assert error.value.field == "statement"


@pytest.mark.parametrize("field", ["identified_by", "orientation", "life_domain"])
def test_a_choice_outside_the_vocabulary_is_rejected_naming_the_field(field: str) -> None:
    with pytest.raises(InvalidInputError) as error:
        Goal.identify(person(), **{**GOAL, field: "something else"})

    assert error.value.field == field


@pytest.mark.parametrize("responsibility", ["worker", "service", "nobody"])
def test_a_goal_is_never_the_workers_responsibility_alone(responsibility: str) -> None:
    with pytest.raises(InvalidInputError) as error:
        Goal.identify(person(), **{**GOAL, "responsibility": responsibility})

    assert error.value.field == "responsibility"
    assert "person" in error.value.message
    assert "shared" in error.value.message


@pytest.mark.parametrize("links", ["value_ids", "strength_ids"])
def test_a_goal_cannot_be_linked_to_something_the_person_does_not_hold(links: str) -> None:
    with pytest.raises(InvalidInputError) as error:
        Goal.identify(person(), **GOAL, **{links: [uuid4()]})

    assert error.value.field == f"{links}[0]"


def test_a_goal_is_linked_once_to_each_value_and_strength_the_person_holds() -> None:
    sam = person()
    value, strength = holds_value(sam), holds_strength(sam)

    g = Goal.identify(sam, **GOAL, value_ids=[value, value], strength_ids=[strength])

    [event] = g.collect_events()
    assert event.value_ids == [value]
    assert event.strength_ids == [strength]


def test_no_goal_is_identified_for_a_discharged_person() -> None:
    sam = person()
    sam.discharge("moved away")
    sam.collect_events()

    with refused(sam, error=RuleViolationError) as error:
        Goal.identify(sam, **GOAL)

    assert error.value.rule == "person_discharged"


def test_identifying_a_goal_without_an_actor_is_refused() -> None:
    sam = person()

    with pytest.raises(MissingActorError):
        Context().run(lambda: Goal.identify(sam, **GOAL))


# Reframing


def test_reframing_a_goal_keeps_the_previous_statement_and_orientation_in_the_event() -> None:
    g = goal(statement="I want to stop feeling lonely", orientation="avoidance")

    g.reframe("I want to spend Sundays with friends", "approach")

    [event] = g.collect_events()
    assert isinstance(event, Goal.GoalReframed)
    assert event.statement == "I want to spend Sundays with friends"
    assert event.orientation == "approach"
    assert event.previous_statement == "I want to stop feeling lonely"
    assert event.previous_orientation == "avoidance"
    assert event.person_id == g.person_id
    assert_actor_is_alice(event)
    assert g.statement == "I want to spend Sundays with friends"
    assert g.orientation is Orientation.APPROACH


def test_reframing_may_change_only_the_orientation() -> None:
    g = goal(orientation="avoidance")

    g.reframe(GOAL["statement"], "approach")

    [event] = g.collect_events()
    assert event.statement == event.previous_statement == GOAL["statement"]
    assert (event.orientation, event.previous_orientation) == ("approach", "avoidance")


def test_reframing_a_goal_as_itself_is_rejected() -> None:
    g = goal()

    with refused(g, error=RuleViolationError) as error:
        g.reframe(GOAL["statement"], "approach")

    assert error.value.rule == "no_change"


@pytest.mark.parametrize(
    "statement", [*BAD_TEXT, pytest.param("x" * (text.STATEMENT_MAX_CHARS + 1), id="too-long")]
)
def test_reframing_to_an_unstorable_statement_is_rejected(statement: str) -> None:
    g = goal()

    with refused(g, error=InvalidInputError) as error:
        g.reframe(statement, "approach")

    assert error.value.field == "statement"


def test_reframing_to_an_unknown_orientation_is_rejected() -> None:
    g = goal()

    with refused(g, error=InvalidInputError) as error:
        g.reframe("I want to dance at the festival", "sideways")

    assert error.value.field == "orientation"


# Revising


def test_revising_records_only_the_fields_that_changed_and_their_previous_values() -> None:
    g = goal()

    g.revise(statement=GOAL["statement"], life_domain="health", responsibility="person")

    [event] = g.collect_events()
    assert isinstance(event, Goal.GoalRevised)
    assert event.changes == {"life_domain": "health"}
    assert event.previous == {"life_domain": "occupational"}
    assert_actor_is_alice(event)
    assert g.life_domain is LifeDomain.HEALTH
    assert g.statement == GOAL["statement"]


def test_revising_several_fields_records_each_with_its_previous_value() -> None:
    g = goal()

    g.revise(
        statement="I want to dance at the festival", responsibility="shared", target_date=date(2026, 8, 1)
    )

    [event] = g.collect_events()
    assert event.changes == {
        "statement": "I want to dance at the festival",
        "responsibility": "shared",
        "target_date": date(2026, 8, 1),
    }
    assert event.previous == {
        "statement": GOAL["statement"],
        "responsibility": "person",
        "target_date": None,
    }
    assert g.responsibility is Responsibility.SHARED
    assert g.target_date == date(2026, 8, 1)


def test_clearing_a_target_date_records_the_date_it_had() -> None:
    g = goal(target_date=date(2026, 8, 1))

    g.revise(clear_target_date=True)

    [event] = g.collect_events()
    assert event.changes == {"target_date": None}
    assert event.previous == {"target_date": date(2026, 8, 1)}
    assert g.target_date is None


def test_a_revision_that_changes_nothing_is_rejected() -> None:
    g = goal()

    with refused(g, error=RuleViolationError) as error:
        g.revise(statement=GOAL["statement"], life_domain=GOAL["life_domain"])

    assert error.value.rule == "no_change"


def test_a_revision_with_no_fields_is_rejected() -> None:
    g = goal()

    with refused(g, error=InvalidInputError) as error:
        g.revise()

    assert error.value.field == "body"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("statement", ""),
        ("statement", "x" * (text.STATEMENT_MAX_CHARS + 1)),
        ("statement", "a\x00b"),
        ("statement", "\ud800"),
        ("life_domain", "work"),
        ("responsibility", "worker"),
    ],
)
def test_an_invalid_revision_is_rejected_naming_the_field(field: str, value: str) -> None:
    g = goal()

    with refused(g, error=InvalidInputError) as error:
        g.revise(**{"target_date": date(2026, 8, 1), field: value})

    assert error.value.field == field


# Linking


def holds_value(someone: Person) -> UUID:
    return someone.record_value("social_roles", "Being a good aunt", True, "conversational")


def holds_strength(someone: Person) -> UUID:
    return someone.identify_strength("social_supports", "current", "external", "My sister nearby", True)


def test_linking_records_one_event_per_new_value_or_strength() -> None:
    sam = person()
    g = Goal.identify(sam, **GOAL)
    g.collect_events()
    value, strength = holds_value(sam), holds_strength(sam)

    g.link([value, value], [strength], sam)

    linked_value, linked_strength = g.collect_events()
    assert isinstance(linked_value, Goal.GoalLinkedToValue)
    assert linked_value.value_id == value
    assert isinstance(linked_strength, Goal.GoalLinkedToStrength)
    assert linked_strength.strength_id == strength
    assert_actor_is_alice(linked_strength)
    assert (g.value_ids, g.strength_ids) == ([value], [strength])


def test_linking_again_to_the_same_value_is_rejected() -> None:
    sam = person()
    value = holds_value(sam)
    g = Goal.identify(sam, **GOAL, value_ids=[value])
    g.collect_events()

    with refused(g, error=RuleViolationError) as error:
        g.link([value], [], sam)

    assert error.value.rule == "no_change"


def test_linking_to_a_strength_the_person_does_not_hold_is_rejected() -> None:
    sam = person()
    held = holds_strength(sam)
    g = Goal.identify(sam, **GOAL)
    g.collect_events()

    with refused(g, error=InvalidInputError) as error:
        g.link([], [held, uuid4()], sam)

    assert error.value.field == "strength_ids[1]"


def test_linking_nothing_is_rejected() -> None:
    sam = person()
    g = Goal.identify(sam, **GOAL)
    g.collect_events()

    with refused(g, error=InvalidInputError) as error:
        g.link([], [], sam)

    assert error.value.field == "body"


# GROW


def test_recording_a_grow_conversation_keeps_each_part_given() -> None:
    g = goal()

    g.record_grow(goal="Dance at my cousin's wedding", reality="I get breathless", wrap_up="Try a class")

    [event] = g.collect_events()
    assert isinstance(event, Goal.GrowRecorded)
    assert (event.goal, event.reality, event.options, event.wrap_up) == (
        "Dance at my cousin's wedding",
        "I get breathless",
        None,
        "Try a class",
    )
    assert_actor_is_alice(event)
    assert g.grow == {
        "goal": "Dance at my cousin's wedding",
        "reality": "I get breathless",
        "options": None,
        "wrap_up": "Try a class",
    }


def test_a_grow_conversation_with_no_parts_is_rejected() -> None:
    g = goal()

    with refused(g, error=InvalidInputError) as error:
        g.record_grow()

    assert error.value.field == "body"


@pytest.mark.parametrize("part", ["goal", "reality", "options", "wrap_up"])
@pytest.mark.parametrize(
    "value", [*BAD_TEXT, pytest.param("x" * (text.STATEMENT_MAX_CHARS + 1), id="too-long")]
)
def test_an_unstorable_grow_part_is_rejected_naming_the_part(part: str, value: str) -> None:
    g = goal()

    with refused(g, error=InvalidInputError) as error:
        g.record_grow(**{"reality": "Fine for now", part: value})

    assert error.value.field == part


# The goal lifecycle


@pytest.mark.parametrize(
    ("path", "events", "status"),
    [
        pytest.param(
            [lambda g: g.pause("holiday")], [Goal.GoalPaused], GoalStatus.PAUSED, id="active-to-paused"
        ),
        pytest.param(
            [lambda g: g.pause(), lambda g: g.resume("back")],
            [Goal.GoalPaused, Goal.GoalResumed],
            GoalStatus.ACTIVE,
            id="paused-to-active",
        ),
        pytest.param(
            [lambda g: g.pause(), lambda g: g.resume(), lambda g: g.pause()],
            [Goal.GoalPaused, Goal.GoalResumed, Goal.GoalPaused],
            GoalStatus.PAUSED,
            id="paused-and-active-again",
        ),
        pytest.param(
            [lambda g: g.achieve("Danced!")],
            [Goal.GoalAchieved],
            GoalStatus.ACHIEVED,
            id="active-to-achieved",
        ),
        pytest.param(
            [lambda g: g.discontinue("not for me")],
            [Goal.GoalDiscontinued],
            GoalStatus.DISCONTINUED,
            id="active-to-discontinued",
        ),
        pytest.param(
            [lambda g: g.pause(), lambda g: g.discontinue("not for me")],
            [Goal.GoalPaused, Goal.GoalDiscontinued],
            GoalStatus.DISCONTINUED,
            id="paused-to-discontinued",
        ),
    ],
)
def test_a_goal_moves_along_the_allowed_lifecycle(
    path: list[Callable[[Goal], None]], events: list[type[Any]], status: GoalStatus
) -> None:
    g = goal()

    for command in path:
        command(g)

    recorded = g.collect_events()
    assert [type(e) for e in recorded] == events
    assert all(e.person_id == g.person_id for e in recorded)
    assert all((e.actor_subject, e.actor_role) == ("alice", "worker") for e in recorded)
    assert g.status is status
    assert g.is_closed is status.is_closed
    assert g.version == 1 + len(path)


def test_lifecycle_events_keep_their_note_or_reason() -> None:
    g = goal()

    g.pause("Holiday 🌴")
    g.resume()
    g.discontinue("It stopped mattering to me")

    paused_event, resumed_event, discontinued_event = g.collect_events()
    assert paused_event.note == "Holiday 🌴"
    assert resumed_event.note is None
    assert discontinued_event.reason == "It stopped mattering to me"


GOAL_TRANSITIONS = {
    "pause": lambda g: g.pause(),
    "resume": lambda g: g.resume(),
    "achieve": lambda g: g.achieve(),
    "discontinue": lambda g: g.discontinue("stop"),
}


@pytest.mark.parametrize(
    ("state", "transition"),
    [
        (active, "resume"),
        (paused, "pause"),
        (paused, "achieve"),
        *[(achieved, t) for t in GOAL_TRANSITIONS],
        *[(discontinued, t) for t in GOAL_TRANSITIONS],
    ],
    ids=lambda p: p if isinstance(p, str) else getattr(p, "__name__", None),
)
def test_no_other_lifecycle_move_is_allowed(state: Callable[[], Goal], transition: str) -> None:
    g = state()

    with refused(g, error=RuleViolationError) as error:
        GOAL_TRANSITIONS[transition](g)

    assert error.value.rule == "goal_status"


@pytest.mark.parametrize(
    ("command", "field"),
    [
        pytest.param(lambda g: g.pause(""), "note", id="pause-empty-note"),
        pytest.param(lambda g: g.pause("x" * (text.NOTE_MAX_CHARS + 1)), "note", id="pause-long-note"),
        pytest.param(lambda g: g.achieve("a\x00"), "note", id="achieve-nul-note"),
        pytest.param(lambda g: g.discontinue("   "), "reason", id="discontinue-blank-reason"),
        pytest.param(lambda g: g.discontinue("\ud800"), "reason", id="discontinue-surrogate-reason"),
    ],
)
def test_a_lifecycle_move_with_an_unstorable_note_is_rejected(
    command: Callable[[Goal], None], field: str
) -> None:
    g = goal()

    with refused(g, error=InvalidInputError) as error:
        command(g)

    assert error.value.field == field
    assert g.status is GoalStatus.ACTIVE


def test_a_note_at_the_limit_is_kept_verbatim() -> None:
    note = " " + "🎉" * (text.NOTE_MAX_CHARS - 1)
    g = goal()

    g.achieve(note)

    [event] = g.collect_events()
    assert event.note == note


@pytest.mark.parametrize("closed", [achieved, discontinued])
@pytest.mark.parametrize(
    "command",
    [
        pytest.param(lambda g: g.reframe("I want to sing", "approach"), id="reframe"),
        pytest.param(lambda g: g.revise(life_domain="health"), id="revise"),
        pytest.param(lambda g: g.record_grow(reality="Fine"), id="record_grow"),
        pytest.param(lambda g: g.link([uuid4()], [], person()), id="link"),
    ],
)
def test_nothing_more_is_changed_on_a_closed_goal(
    closed: Callable[[], Goal], command: Callable[[Goal], None]
) -> None:
    g = closed()

    with refused(g, error=RuleViolationError) as error:
        command(g)

    assert error.value.rule == "goal_closed"


def test_a_paused_goal_may_still_be_reframed_and_revised() -> None:
    g = paused()

    g.reframe("I want to dance at the festival", "approach")
    g.revise(life_domain="social_supports")

    assert [type(e) for e in g.collect_events()] == [Goal.GoalReframed, Goal.GoalRevised]
    assert g.status is GoalStatus.PAUSED


def test_a_goal_command_without_an_actor_is_refused_and_records_nothing() -> None:
    g = goal()

    with refused(g, error=MissingActorError):
        Context().run(g.pause)

    assert g.status is GoalStatus.ACTIVE
