"""A coaching conversation's own rules (``domain.coaching``), recorded by the person, and the
words the timeline says of it (manual, 2.6 Coaching and REACH)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.coaching import CONCERNS_MAX_ITEMS, REACH_STAGES
from domain.errors import InvalidInputError, RuleViolationError
from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from projections import journey
from projections.coaching import summary
from tests.unit.conftest import refused

TODAY = date(2026, 11, 28)
GOAL = {
    "statement": "Dance again",
    "identified_by": "person",
    "orientation": "approach",
    "life_domain": "occupational",
    "responsibility": "person",
    "in_own_words": True,
}


def person() -> Person:
    sam = Person.register("Sam", "north")
    sam.collect_events()
    return sam


def record(sam: Person, **details: Any) -> UUID:
    conversation_id = uuid4()
    fields: dict[str, Any] = {
        "held_on": TODAY,
        "participants": ["Sam", "alice"],
        "goal_ids": [],
        "step_ids": [],
        "notes": {"reflect": "Two classes went well"},
        **details,
    }
    sam.record_conversation(conversation_id, TODAY, **fields)
    return conversation_id


def test_a_conversation_records_when_who_what_it_concerned_and_each_stage_given() -> None:
    sam, goal_id, step_id = person(), uuid4(), uuid4()
    notes = {"reflect": "Proud of going alone", "commit_to_action": "Sam will ring the class"}

    conversation_id = record(sam, goal_ids=[goal_id], step_ids=[step_id], notes=notes)

    (event,) = sam.collect_events()
    assert isinstance(event, Person.CoachingConversationRecorded)
    assert (event.conversation_id, event.held_on, event.participants) == (
        conversation_id,
        TODAY,
        ["Sam", "alice"],
    )
    assert (event.goal_ids, event.step_ids) == ([goal_id], [step_id])
    assert {stage: getattr(event, stage) for stage in REACH_STAGES} == {
        "reflect": "Proud of going alone",
        "explore": None,
        "agree_outcomes": None,
        "commit_to_action": "Sam will ring the class",
        "hold_to_account": None,
    }
    assert sam.conversations == {conversation_id}


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"held_on": TODAY + timedelta(days=1)}, "held_on"),
        ({"notes": {}}, "body"),
        ({"notes": {"reflect": None, "explore": None}}, "body"),
        ({"notes": {"reflect": "  "}}, "reflect"),
        ({"notes": {"hold_to_account": "x" * 2_001}}, "hold_to_account"),
        ({"notes": {"wrap_up": "Next week"}}, "wrap_up"),
        ({"participants": ["Sam", ""]}, "participants[1]"),
        ({"participants": "Sam"}, "participants"),
        ({"goal_ids": [UUID(int=1), UUID(int=1)]}, "goal_ids"),
        ({"step_ids": [uuid4() for _ in range(CONCERNS_MAX_ITEMS + 1)]}, "step_ids"),
    ],
)
def test_a_conversation_the_rules_refuse_records_nothing_and_names_the_field(
    details: dict[str, Any], field: str
) -> None:
    sam = person()

    with refused(sam, error=InvalidInputError) as error:
        record(sam, **details)

    assert error.value.field == field


@pytest.mark.parametrize(
    "details",
    [
        {"notes": {}, "goal_ids": [uuid4()]},
        {"notes": {}, "step_ids": [uuid4()]},
        {"notes": {"hold_to_account": "We look at it next Thursday"}, "participants": []},
    ],
)
def test_a_conversation_with_only_what_it_concerned_or_only_one_note_is_recorded(
    details: dict[str, Any],
) -> None:
    sam = person()

    record(sam, **details)

    assert [type(e).__name__ for e in sam.collect_events()] == ["CoachingConversationRecorded"]


def test_a_conversation_held_today_or_before_is_recorded() -> None:
    sam = person()

    record(sam, held_on=TODAY - timedelta(days=30))
    record(sam, held_on=TODAY)

    assert len(sam.collect_events()) == 2


def test_no_conversation_is_recorded_on_a_discharged_journey() -> None:
    sam = person()
    sam.discharge("Moved away")
    sam.collect_events()

    with refused(sam, error=RuleViolationError) as error:
        record(sam)

    assert error.value.rule == "person_discharged"


def test_a_step_agreed_in_a_conversation_names_it_and_one_without_names_none() -> None:
    sam = person()
    goal = Goal.identify(sam, **GOAL)
    conversation_id = record(sam)

    agreed = Step.plan(
        goal, description="Ring the class", mode="independent", conversation_id=conversation_id
    )
    other = Step.plan(goal, description="Find shoes", mode="independent")

    assert agreed.conversation_id == conversation_id
    assert agreed.collect_events()[0].conversation_id == conversation_id  # type: ignore[attr-defined]
    assert other.conversation_id is None


def test_a_step_planned_before_steps_named_conversations_reads_as_agreed_in_none() -> None:
    """Old ``StepPlanned`` events have no ``conversation_id``: they load with None."""
    sam = person()
    planned = Step.plan(Goal.identify(sam, **GOAL), description="Find a class", mode="independent")
    (event,) = planned.collect_events()
    stored = {k: v for k, v in event.__dict__.items() if k != "conversation_id"}

    old = Step.StepPlanned(**stored)

    assert old.conversation_id is None
    assert old.mutate(None).conversation_id is None  # type: ignore[union-attr]


# The timeline's words


def summarised(participants: list[str], goals: int, steps: int, stages: tuple[str, ...]) -> str:
    event = Person.CoachingConversationRecorded(
        originator_id=uuid4(),
        originator_version=2,
        timestamp=Person.CoachingConversationRecorded.create_timestamp(),
        actor_subject="alice",
        actor_role="worker",
        conversation_id=uuid4(),
        held_on=date(2026, 11, 20),
        participants=participants,
        goal_ids=[uuid4() for _ in range(goals)],
        step_ids=[uuid4() for _ in range(steps)],
        **{stage: ("A note" if stage in stages else None) for stage in REACH_STAGES},
    )
    return summary(event, journey.new_document())


HELD = "Coaching conversation held on 2026-11-20 with Sam, alice"


@pytest.mark.parametrize(
    ("goals", "steps", "stages", "expected"),
    [
        (1, 0, ("reflect",), f"{HELD}: about 1 goal; notes on reflect"),
        (2, 0, ("reflect",), f"{HELD}: about 2 goals; notes on reflect"),
        (0, 1, ("reflect",), f"{HELD}: about 1 step; notes on reflect"),
        (0, 2, ("reflect",), f"{HELD}: about 2 steps; notes on reflect"),
        (1, 1, (), f"{HELD}: about 1 goal and 1 step; no notes"),
        (3, 2, (), f"{HELD}: about 3 goals and 2 steps; no notes"),
        (0, 0, ("explore",), f"{HELD}: about no particular goal or step; notes on explore"),
        (
            1,
            0,
            ("reflect", "agree_outcomes"),
            f"{HELD}: about 1 goal; notes on reflect and agree outcomes",
        ),
        (
            1,
            0,
            REACH_STAGES,
            f"{HELD}: about 1 goal; notes on reflect, explore, agree outcomes, commit to action"
            " and hold to account",
        ),
    ],
)
def test_the_timeline_says_how_much_a_conversation_concerned_and_which_stages_it_noted(
    goals: int, steps: int, stages: tuple[str, ...], expected: str
) -> None:
    assert summarised(["Sam", "alice"], goals, steps, stages) == expected


def test_the_timeline_says_when_no_one_is_named_in_a_conversation() -> None:
    assert summarised([], 1, 0, ()) == (
        "Coaching conversation held on 2026-11-20 with no one named: about 1 goal; no notes"
    )


def test_the_timeline_never_quotes_a_conversations_notes() -> None:
    assert "A note" not in summarised(["Sam"], 1, 1, REACH_STAGES)
