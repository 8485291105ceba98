"""Treatment preferences (manual, 3.3; 5.3 principle 4; Appendix 1): revised and withdrawn with
their history kept, linked only while current to goals and steps of the same person.

Every test runs as ALICE (a worker in team north).
"""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.errors import InvalidInputError, PreferenceNotFoundError, RuleViolationError
from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from tests.unit.conftest import refused


def registered() -> Person:
    person = Person.register("Sam", "north")
    person.collect_events()
    return person


def with_preference(person: Person, area: str | None = "treatment_preferences") -> UUID:
    preference_id = person.record_treatment_preference("Short meetings, at my pace", area, in_own_words=True)
    person.collect_events()
    return preference_id


def goal_of(person: Person, **links: list[UUID]) -> Goal:
    goal = Goal.identify(
        person,
        statement="Dance again",
        identified_by="person",
        orientation="approach",
        life_domain="occupational",
        responsibility="person",
        in_own_words=True,
        **links,
    )
    goal.collect_events()
    return goal


def step_of(goal: Goal) -> Step:
    step = Step.plan(goal, description="Book a class", mode="independent")
    step.collect_events()
    return step


def test_revising_a_preference_records_the_new_and_previous_words_area_and_own_words() -> None:
    sam = registered()
    preference = with_preference(sam)

    sam.revise_treatment_preference(
        preference, "My sister with me when we talk", in_own_words=False, area="social_roles"
    )

    [event] = sam.collect_events()
    assert isinstance(event, Person.TreatmentPreferenceRevised)
    assert (event.statement, event.area, event.in_own_words) == (
        "My sister with me when we talk",
        "social_roles",
        False,
    )
    assert (event.previous_statement, event.previous_area, event.previous_in_own_words) == (
        "Short meetings, at my pace",
        "treatment_preferences",
        True,
    )
    assert sam.preferences[preference]["statement"] == "My sister with me when we talk"


def test_new_words_must_say_whether_they_are_the_persons_own() -> None:
    sam = registered()
    preference = with_preference(sam)

    with refused(sam, error=InvalidInputError) as error:
        sam.revise_treatment_preference(preference, "Longer meetings now")

    assert error.value.field == "in_own_words"


def test_the_same_words_may_change_only_their_area_or_be_cleared_of_it() -> None:
    sam = registered()
    preference = with_preference(sam)

    sam.revise_treatment_preference(preference, "Short meetings, at my pace", clear_area=True)

    [event] = sam.collect_events()
    assert (event.area, event.previous_area, event.in_own_words) == (None, "treatment_preferences", True)


def test_a_revision_that_changes_nothing_is_refused() -> None:
    sam = registered()
    preference = with_preference(sam)

    with refused(sam, error=RuleViolationError) as error:
        sam.revise_treatment_preference(preference, "Short meetings, at my pace", in_own_words=True)

    assert error.value.rule == "no_change"


def test_an_unknown_preference_is_not_found() -> None:
    sam = registered()

    with refused(sam, error=PreferenceNotFoundError):
        sam.withdraw_treatment_preference(uuid4())


def test_a_withdrawn_preference_stays_but_is_neither_revised_withdrawn_again_nor_linked() -> None:
    sam = registered()
    preference = with_preference(sam)
    goal = goal_of(sam)
    step = step_of(goal)
    sam.withdraw_treatment_preference(preference)
    [event] = sam.collect_events()
    assert isinstance(event, Person.TreatmentPreferenceWithdrawn)
    assert sam.preferences[preference]["current"] is False

    for command in (
        lambda: sam.revise_treatment_preference(preference, "Other words", in_own_words=True),
        lambda: sam.withdraw_treatment_preference(preference),
    ):
        with refused(sam, error=RuleViolationError) as error:
            command()
        assert error.value.rule == "preference_withdrawn"
    with refused(goal, error=InvalidInputError) as error:
        goal.link([], [], sam, [preference])
    assert error.value.field == "preference_ids[0]"
    with refused(step, error=InvalidInputError) as error:
        step.link([preference], sam)
    assert error.value.field == "preference_ids[0]"


def test_a_goal_links_current_preferences_when_identified_and_later_once_each() -> None:
    sam = registered()
    pace, company = with_preference(sam), with_preference(sam, area=None)
    goal = goal_of(sam, preference_ids=[pace, pace])
    assert goal.preference_ids == [pace]

    goal.link([], [], sam, [pace, company])

    [event] = goal.collect_events()
    assert isinstance(event, Goal.GoalLinkedToPreference)
    assert event.preference_id == company
    with refused(goal, error=RuleViolationError) as error:
        goal.link([], [], sam, [company])
    assert error.value.rule == "no_change"


def test_a_preference_of_someone_else_is_refused_naming_its_place_in_the_list() -> None:
    sam, alex = registered(), registered()
    pace = with_preference(sam)
    theirs = with_preference(alex)

    with pytest.raises(InvalidInputError) as error:
        goal_of(sam, preference_ids=[pace, theirs])

    assert error.value.field == "preference_ids[1]"


def test_a_step_is_planned_with_preferences_and_linked_to_more_while_open() -> None:
    sam = registered()
    pace, company = with_preference(sam), with_preference(sam)
    goal = goal_of(sam)

    step = Step.plan(
        goal,
        description="Book a class",
        mode="joint",
        with_whom=["sister"],
        preference_ids=[pace],
        person=sam,
    )
    [planned] = step.collect_events()
    assert planned.preference_ids == [pace]
    step.link([company, pace], sam)
    [event] = step.collect_events()
    assert isinstance(event, Step.StepLinkedToPreference)
    assert step.preference_ids == [pace, company]

    step.complete()
    step.collect_events()
    with refused(step, error=RuleViolationError) as error:
        step.link([pace], sam)
    assert error.value.rule == "step_status"


def test_linking_a_step_needs_at_least_one_preference() -> None:
    sam = registered()
    step = step_of(goal_of(sam))

    with refused(step, error=InvalidInputError) as error:
        step.link([], sam)

    assert error.value.field == "preference_ids"
