"""The timeline in words: every summary template, read from the live timeline view.

Each case is a short journey of Sam Okafor (team north) and the summary its last event of
one type must read: singular and plural, nothing recorded, sensitive and other VTP areas
(sensitive areas are named, their words never quoted), and who a step is taken by or done
for. The person is named (their preferred name once they give one), never a pronoun.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.journeys import RecoveryJourneys
from domain.actor import acting_as
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from projections.timeline import _SUMMARIES
from projections.words import count, listed, name_of
from tests.conftest import ADMIN, ALICE, SECRET
from tests.journeys import GOAL

TODAY = date.today()


@dataclass
class Story:
    """One person's journey as the cases build it, with the ids they act on."""

    journeys: RecoveryJourneys
    person: UUID
    ids: dict[str, UUID] = field(default_factory=dict)

    def goal(self, **changes: Any) -> UUID:
        self.ids["goal"] = self.journeys.identify_goal(self.person, **{**GOAL, **changes}).id
        return self.ids["goal"]

    def step(self, mode: str = "independent", with_whom: tuple[str, ...] = (), **changes: Any) -> UUID:
        goal = self.ids.get("goal") or self.goal()
        description = changes.pop("description", "Find a class")
        self.ids["step"] = self.journeys.plan_step(goal, description, mode, with_whom, **changes).id
        return self.ids["step"]

    def value(self, area: str = "social_roles", statement: str = "Being a good aunt", **more: Any) -> UUID:
        written_by = more.pop("written_by", None)
        self.ids["value"] = self.journeys.record_value(
            self.person, area, statement, more.pop("in_own_words", True), "conversational", written_by
        ).id
        return self.ids["value"]

    def transfer(self, team_id: str) -> None:
        # A transfer needs the receiving team's say: here an admin's.
        with acting_as(ADMIN):
            self.journeys.transfer_person(self.person, team_id)

    def revise_value(self, statement: str, in_own_words: bool | None = True, **more: Any) -> None:
        self.journeys.revise_value(self.person, self.ids["value"], statement, in_own_words, **more)

    def strength(self) -> UUID:
        self.ids["strength"] = self.journeys.identify_strength(
            self.person, "social_supports", "current", "external", "My sister nearby", True
        ).id
        return self.ids["strength"]

    def review(self, participants: list[str], goals: int) -> None:
        decisions = [
            {"goal_id": self.goal(statement=f"Goal {n}"), "decision": "continue"} for n in range(goals)
        ]
        self.journeys.hold_review(
            self.person,
            held_on=TODAY,
            participants=participants,
            summary="We looked back together",
            goal_decisions=decisions,
            next_review_due=TODAY + timedelta(days=90),
        )

    def preference(self, area: str | None = None, statement: str = "Short meetings, at my pace") -> UUID:
        self.ids["preference"] = self.journeys.record_treatment_preference(
            self.person, statement, area, in_own_words=True
        ).id
        return self.ids["preference"]

    def name(self, preferred_name: str | None, pronouns: str | None = None) -> None:
        self.journeys.record_preferred_name(self.person, preferred_name, pronouns)


Act = Callable[[Story], Any]
DUE = TODAY + timedelta(days=7)
WORDS = "My faith keeps me going"


def nothing(story: Story) -> None:
    pass


def case(kind: str, act: Act, expected: str, registration: dict[str, Any] | None = None, *, id: str) -> Any:
    return pytest.param(kind, registration or {}, act, expected, id=id)


CASES = [
    # The person: registration, name, team, key worker, discharge
    case("PersonRegistered", nothing, "Sam Okafor registered with team north", id="registered"),
    case(
        "PersonRegistered",
        nothing,
        "Sammy registered with team north, key worker alice",
        {"key_worker_id": "alice", "preferred_name": "Sammy"},
        id="registered-with-preferred-name-and-key-worker",
    ),
    case(
        "PreferredNameRecorded",
        lambda s: s.name("Sammy", "they/them"),
        "Sam Okafor would like to be called “Sammy”; pronouns recorded",
        id="preferred-name-and-pronouns-given",
    ),
    case(
        "PreferredNameRecorded",
        lambda s: s.name("Sammy"),
        "Sam Okafor would like to be called “Sammy”",
        id="preferred-name-given",
    ),
    case(
        "PreferredNameRecorded",
        lambda s: s.name("Ola", "they/them"),
        "Sammy would now like to be called “Ola”; pronouns changed",
        {"preferred_name": "Sammy", "pronouns": "she/her"},
        id="preferred-name-and-pronouns-changed",
    ),
    case(
        "PreferredNameRecorded",
        lambda s: s.name(None),
        "Sam Okafor no longer gives a preferred name; pronouns no longer given",
        {"preferred_name": "Sammy", "pronouns": "she/her"},
        id="both-cleared",
    ),
    case(
        "PreferredNameRecorded",
        lambda s: s.name("Sammy", "they/them"),
        "Pronouns recorded for Sammy",
        {"preferred_name": "Sammy"},
        id="pronouns-only-given",
    ),
    case(
        "PreferredNameRecorded",
        lambda s: s.name(None, "he/him"),
        "Pronouns changed for Sam Okafor",
        {"pronouns": "they/them"},
        id="pronouns-only-changed",
    ),
    case(
        "KeyWorkerAssigned",
        lambda s: s.journeys.assign_key_worker(s.person, "bob"),
        "Key worker for Sammy: bob",
        {"preferred_name": "Sammy"},
        id="key-worker",
    ),
    case(
        "PersonTransferred",
        lambda s: s.transfer("south"),
        "Sam Okafor transferred from team north to team south",
        id="transferred",
    ),
    case(
        "PersonDischarged",
        lambda s: s.journeys.discharge_person(s.person, "Moved out of the area"),
        "Sammy was discharged: Moved out of the area",
        {"preferred_name": "Sammy"},
        id="discharged-speaks-of-the-person",
    ),
    case(
        "WorkingAgreementMade",
        lambda s: s.journeys.make_working_agreement(s.person, "We meet weekly", DUE),
        f"Working agreement made (to review by {DUE.isoformat()})",
        id="agreement-with-review-date",
    ),
    case(
        "WorkingAgreementMade",
        lambda s: s.journeys.make_working_agreement(s.person, "We meet weekly"),
        "Working agreement made",
        id="agreement",
    ),
    # Reviews
    case(
        "ReviewHeld",
        lambda s: s.review([], 0),
        f"Review held on {TODAY.isoformat()} with no one named: decided on no goals; "
        f"next review due {(TODAY + timedelta(days=90)).isoformat()}",
        id="review-no-one-no-goals",
    ),
    case(
        "ReviewHeld",
        lambda s: s.review(["Sam"], 1),
        f"Review held on {TODAY.isoformat()} with Sam: decided on 1 goal; "
        f"next review due {(TODAY + timedelta(days=90)).isoformat()}",
        id="review-one-goal",
    ),
    case(
        "ReviewHeld",
        lambda s: s.review(["Sam", "alice", "Sam's sister"], 2),
        f"Review held on {TODAY.isoformat()} with Sam, alice and Sam's sister: decided on 2 goals; "
        f"next review due {(TODAY + timedelta(days=90)).isoformat()}",
        id="review-two-goals",
    ),
    case(
        "GoalReviewed",
        lambda s: s.review(["Sam"], 1),
        "Review decided 'continue' for “Goal 0”",
        id="decision",
    ),
    # Values, declined areas, treatment preferences: sensitive areas are named, never quoted
    case(
        "ValueRecorded",
        lambda s: s.value(written_by="person"),
        "Value recorded (social roles, conversational), written by Sam Okafor: “Being a good aunt”",
        id="value-written-by-the-person",
    ),
    case(
        "ValueRecorded",
        lambda s: s.value(written_by="worker"),
        "Value recorded (social roles, conversational), written by the worker: “Being a good aunt”",
        id="value-written-by-the-worker",
    ),
    case(
        "ValueRecorded",
        lambda s: s.value(),
        "Value recorded (social roles, conversational): “Being a good aunt”",
        id="value-writer-not-said",
    ),
    case(
        "ValueRecorded",
        lambda s: s.value("religion_spirituality", WORDS, written_by="person"),
        "Value recorded (religion and spirituality, conversational), written by Sam Okafor: "
        "the words are kept in the profile",
        id="value-sensitive",
    ),
    case(
        "ValueRevised",
        lambda s: (s.value(), s.revise_value("Being there for my nieces")),
        "Value revised (social roles) from “Being a good aunt” to “Being there for my nieces”",
        id="value-new-words",
    ),
    case(
        "ValueRevised",
        lambda s: (s.value(), s.revise_value("Being a good aunt", None, approach="narrative")),
        "Value “Being a good aunt” revised (social roles): the approach changed",
        id="value-one-part-changed",
    ),
    case(
        "ValueRevised",
        lambda s: (
            s.value(),
            s.revise_value("Being a good aunt", False, approach="visual", written_by="worker"),
        ),
        "Value “Being a good aunt” revised (social roles): whether in own words, the approach "
        "and who wrote it changed",
        id="value-three-parts-changed",
    ),
    case(
        "ValueRevised",
        lambda s: (s.value("sexuality", WORDS), s.revise_value("Being out at work matters")),
        "Value revised (sexuality): the words changed; the words are kept in the profile",
        id="value-sensitive-new-words",
    ),
    case(
        "ValueRevised",
        lambda s: (s.value("gender", WORDS), s.revise_value(WORDS, None, approach="narrative")),
        "Value revised (gender): the approach changed; the words are kept in the profile",
        id="value-sensitive-approach",
    ),
    case(
        "ValueWithdrawn",
        lambda s: s.journeys.withdraw_value(s.person, s.value()),
        "Value withdrawn (social roles): “Being a good aunt”",
        id="value-withdrawn",
    ),
    case(
        "ValueWithdrawn",
        lambda s: s.journeys.withdraw_value(s.person, s.value("cultural_identity", WORDS)),
        "Value withdrawn (cultural identity)",
        id="value-withdrawn-sensitive",
    ),
    case(
        "AreaDeclined",
        lambda s: s.journeys.decline_area(s.person, "stigma_discrimination", "Not now"),
        "Sam Okafor chose not to discuss stigma and discrimination: “Not now”",
        id="declined-with-note",
    ),
    case(
        "AreaDeclined",
        lambda s: s.journeys.decline_area(s.person, "service_experiences"),
        "Sammy chose not to discuss service experiences",
        {"preferred_name": "Sammy"},
        id="declined",
    ),
    case(
        "AreaDeclined",
        lambda s: s.journeys.decline_area(s.person, "sexuality", "Sam is not out to family yet"),
        "Sam Okafor chose not to discuss sexuality",
        id="declined-sensitive-note-not-quoted",
    ),
    case(
        "TreatmentPreferenceRecorded",
        lambda s: s.journeys.record_treatment_preference(s.person, "Talk first", in_own_words=True),
        "Treatment preference recorded: “Talk first”",
        id="preference",
    ),
    case(
        "TreatmentPreferenceRecorded",
        lambda s: s.journeys.record_treatment_preference(
            s.person, "Talk first", "treatment_preferences", in_own_words=True, written_by="person"
        ),
        "Treatment preference recorded (treatment preferences), written by Sam Okafor: “Talk first”",
        id="preference-in-an-area",
    ),
    case(
        "TreatmentPreferenceRecorded",
        lambda s: s.journeys.record_treatment_preference(
            s.person, "A worker of my faith", "religion_spirituality", in_own_words=False, written_by="worker"
        ),
        "Treatment preference recorded (religion and spirituality), written by the worker: "
        "the words are kept in the profile",
        id="preference-sensitive",
    ),
    case(
        "NarrativeEntryAdded",
        lambda s: s.journeys.add_narrative_entry(s.person, "I used to dance", ["dance", "college"]),
        "Narrative entry added (themes: dance, college)",
        id="narrative-with-themes",
    ),
    case(
        "NarrativeEntryAdded",
        lambda s: s.journeys.add_narrative_entry(s.person, "I used to dance"),
        "Narrative entry added",
        id="narrative",
    ),
    case(
        "LifeMapDrawn",
        lambda s: s.journeys.draw_life_map(s.person, "who_am_i", []),
        "“Who am I?” life map drawn (no entries)",
        id="life-map-empty",
    ),
    case(
        "LifeMapDrawn",
        lambda s: s.journeys.draw_life_map(s.person, "relationships", [{"label": "My sister"}]),
        "Relationships life map drawn (1 entry)",
        id="life-map-one-entry",
    ),
    case(
        "LifeMapDrawn",
        lambda s: s.journeys.draw_life_map(s.person, "relationships", [{"label": "Ayo"}, {"label": "Choir"}]),
        "Relationships life map drawn (2 entries)",
        id="life-map-two-entries",
    ),
    # Strengths
    case(
        "StrengthIdentified",
        lambda s: s.strength(),
        "Strength identified (social supports, current, external): “My sister nearby”",
        id="strength",
    ),
    case(
        "StrengthRevised",
        lambda s: s.journeys.revise_strength(s.person, s.strength(), statement="My sister next door"),
        "Strength revised from “My sister nearby” to “My sister next door”",
        id="strength-new-words",
    ),
    case(
        "StrengthRevised",
        lambda s: s.journeys.revise_strength(s.person, s.strength(), column="past_resource"),
        "Strength “My sister nearby” revised: column",
        id="strength-moved",
    ),
    case(
        "StrengthRemoved",
        lambda s: s.journeys.remove_strength(s.person, s.strength()),
        "Strength removed: “My sister nearby”",
        id="strength-removed",
    ),
    # Goals
    case(
        "GoalIdentified",
        lambda s: s.goal(written_by="person"),
        "Goal identified by Sammy, written by Sammy: “I want to dance again”",
        {"preferred_name": "Sammy"},
        id="goal-by-the-person",
    ),
    case(
        "GoalIdentified",
        lambda s: s.goal(identified_by="jointly", written_by="worker"),
        "Goal identified by Sam Okafor and the worker together, written by the worker: "
        "“I want to dance again”",
        id="goal-jointly",
    ),
    case(
        "GoalIdentified",
        lambda s: s.goal(identified_by="worker", in_own_words=False),
        "Goal identified by the worker: “I want to dance again”",
        id="goal-by-the-worker",
    ),
    case(
        "GoalIdentified",
        lambda s: s.goal(identified_by="service", responsibility="shared", statement="Keep to the risk plan"),
        "Service goal recorded: “Keep to the risk plan”",
        id="service-goal",
    ),
    case(
        "GoalReframed",
        lambda s: s.journeys.reframe_goal(s.goal(orientation="avoidance"), "I want energy", "approach"),
        "Goal reframed from “I want to dance again” to “I want energy” (avoidance → approach)",
        id="goal-reframed-and-turned",
    ),
    case(
        "GoalReframed",
        lambda s: s.journeys.reframe_goal(s.goal(), "I want to dance weekly", "approach"),
        "Goal reframed from “I want to dance again” to “I want to dance weekly”",
        id="goal-reframed",
    ),
    case(
        "GoalRevised",
        lambda s: s.journeys.revise_goal(s.goal(), target_date=DUE),
        "Goal “I want to dance again” revised: target date",
        id="goal-one-change",
    ),
    case(
        "GoalRevised",
        lambda s: s.journeys.revise_goal(s.goal(), life_domain="health", responsibility="shared"),
        "Goal “I want to dance again” revised: life domain and responsibility",
        id="goal-two-changes",
    ),
    case(
        "GoalLinkedToValue",
        lambda s: s.journeys.link_goal(s.goal(), [s.value()]),
        "Goal “I want to dance again” linked to a value",
        id="linked-value",
    ),
    case(
        "GoalLinkedToStrength",
        lambda s: s.journeys.link_goal(s.goal(), [], [s.strength()]),
        "Goal “I want to dance again” linked to a strength",
        id="linked-strength",
    ),
    case(
        "GrowRecorded",
        lambda s: s.journeys.record_grow(s.goal(), goal="Dance at the wedding"),
        "GROW conversation recorded for “I want to dance again”",
        id="grow",
    ),
    case(
        "GoalPaused",
        lambda s: s.journeys.pause_goal(s.goal()),
        "Goal paused: “I want to dance again”",
        id="paused",
    ),
    case(
        "GoalResumed",
        lambda s: (s.journeys.pause_goal(s.goal()), s.journeys.resume_goal(s.ids["goal"])),
        "Goal resumed: “I want to dance again”",
        id="resumed",
    ),
    case(
        "GoalAchieved",
        lambda s: s.journeys.achieve_goal(s.goal()),
        "Goal achieved: “I want to dance again”",
        id="achieved",
    ),
    case(
        "GoalDiscontinued",
        lambda s: s.journeys.discontinue_goal(s.goal(), "Other plans"),
        "Goal discontinued: “I want to dance again”",
        id="discontinued",
    ),
    # Steps: taken by the person (alone or with others), or done for them
    case(
        "StepPlanned",
        lambda s: s.step(),
        "Independent step planned towards “I want to dance again”, taken by Sam Okafor: “Find a class”",
        id="step-independent",
    ),
    case(
        "StepPlanned",
        lambda s: s.step("joint", ("sister",), due=DUE),
        "Joint step planned towards “I want to dance again”, taken by Sammy with sister: "
        f"“Find a class”, due {DUE.isoformat()}",
        {"preferred_name": "Sammy"},
        id="step-joint-with-one",
    ),
    case(
        "StepPlanned",
        lambda s: s.step("joint", ("sister", "friend Jo", "support worker")),
        "Joint step planned towards “I want to dance again”, taken by Sam Okafor with sister, friend Jo "
        "and support worker: “Find a class”",
        id="step-joint-with-three",
    ),
    case(
        "StepPlanned",
        lambda s: s.step("passive", ("key worker",), description="Phone the debt advice line"),
        "Passive step planned towards “I want to dance again”, done for Sam Okafor by key worker: "
        "“Phone the debt advice line”",
        id="step-passive-by-someone",
    ),
    case(
        "StepPlanned",
        lambda s: s.step("passive"),
        "Passive step planned towards “I want to dance again”, done for Sam Okafor: “Find a class”",
        id="step-passive-by-no-one-named",
    ),
    case(
        "StepStarted", lambda s: s.journeys.start_step(s.step()), "Step started: “Find a class”", id="started"
    ),
    case(
        "StepCompleted",
        lambda s: s.journeys.complete_step(s.step()),
        "Step completed: “Find a class”",
        id="completed",
    ),
    case(
        "StepDropped",
        lambda s: s.journeys.drop_step(s.step(), "Found another way"),
        "Step dropped (for another reason): “Find a class”",
        id="dropped",
    ),
    case(
        "StepRescheduled",
        lambda s: s.journeys.reschedule_step(s.step(due=TODAY), DUE),
        f"Step “Find a class” rescheduled to {DUE.isoformat()} (was {TODAY.isoformat()})",
        id="rescheduled",
    ),
    case(
        "StepRescheduled",
        lambda s: s.journeys.reschedule_step(s.step(), DUE),
        f"Step “Find a class” rescheduled to {DUE.isoformat()}",
        id="scheduled",
    ),
    case(
        "StepModeChanged",
        lambda s: s.journeys.change_step_mode(s.step("passive"), "joint", ["sister", "friend Jo"]),
        "Step “Find a class” changed from passive to joint, taken by Sam Okafor with sister and friend Jo",
        id="mode-to-joint",
    ),
    case(
        "StepModeChanged",
        lambda s: s.journeys.change_step_mode(s.step(), "passive", ["key worker"]),
        "Step “Find a class” changed from independent to passive, done for Sam Okafor by key worker",
        id="mode-to-passive",
    ),
    case(
        "StepModeChanged",
        lambda s: s.journeys.change_step_mode(s.step("joint", ("sister",)), "independent"),
        "Step “Find a class” changed from joint to independent, taken by Sam Okafor",
        id="mode-to-independent",
    ),
    # The other working practices: dropped-step kinds, narrative, agreement, priorities, coaching, worksheet
    case(
        "StepDropped",
        lambda s: s.journeys.drop_step(s.step(), "Found another way", "done_another_way"),
        "Step dropped (done another way): “Find a class”",
        id="dropped-done-another-way",
    ),
    case(
        "StepDropped",
        lambda s: s.journeys.drop_step(s.step(), "Not working for me", "not_working"),
        "Step dropped (not working): “Find a class”",
        id="dropped-not-working",
    ),
    case(
        "StepDropped",
        lambda s: s.journeys.drop_step(s.step(), "Changed plans"),
        "Step dropped (for another reason): “Find a class”",
        id="dropped-kind-not-said",
    ),
    case(
        "NarrativeEntryAdded",
        lambda s: s.journeys.add_narrative_entry(s.person, "My story so far", ["family", "work"], "person"),
        "Narrative entry added, written by Sam Okafor (themes: family, work)",
        id="narrative-added-with-themes",
    ),
    case(
        "NarrativeEntryAdded",
        lambda s: s.journeys.add_narrative_entry(s.person, "My story so far"),
        "Narrative entry added",
        id="narrative-added",
    ),
    case(
        "NarrativeEntryRevised",
        lambda s: s.journeys.revise_narrative_entry(
            s.person, s.journeys.add_narrative_entry(s.person, "My story").id, "My story, longer"
        ),
        "Narrative entry revised: text",
        id="narrative-revised",
    ),
    case(
        "NarrativeEntryWithdrawn",
        lambda s: s.journeys.withdraw_narrative_entry(
            s.person, s.journeys.add_narrative_entry(s.person, "My story").id
        ),
        "Narrative entry withdrawn",
        id="narrative-withdrawn",
    ),
    case(
        "WorkingAgreementMade",
        lambda s: s.journeys.make_working_agreement(s.person, "We meet fortnightly", DUE),
        f"Working agreement made (to review by {DUE})",
        id="agreement-made-with-review-date",
    ),
    case(
        "WorkingAgreementMade",
        lambda s: s.journeys.make_working_agreement(
            s.person, parts={"expectations": "Honesty", "practicalities": "Library"}, agreed_by_person=True
        ),
        "Working agreement made: expectations of each other and practicalities, "
        f"agreed by Sam Okafor on {TODAY}",
        id="agreement-made-in-parts-and-agreed",
    ),
    case(
        "WorkingAgreementAgreed",
        lambda s: (
            s.journeys.make_working_agreement(s.person, "We meet fortnightly"),
            s.journeys.agree_working_agreement(s.person),
        ),
        f"Sam Okafor agreed to the working agreement on {TODAY}",
        id="agreement-agreed",
    ),
    case(
        "GoalsPrioritised",
        lambda s: s.journeys.prioritise_goals(
            s.person, [s.goal(statement="Second"), s.goal(statement="First")]
        ),
        "Sam Okafor's order of priority for 2 goals: 1. “Second”, 2. “First”",
        id="goals-prioritised-two",
    ),
    case(
        "GoalsPrioritised",
        lambda s: s.journeys.prioritise_goals(s.person, [s.goal()]),
        "Sam Okafor's order of priority for 1 goal: 1. “I want to dance again”",
        id="goals-prioritised-one",
    ),
    case(
        "GoalsPrioritised",
        lambda s: (
            s.journeys.prioritise_goals(s.person, [s.goal()]),
            s.journeys.prioritise_goals(s.person, []),
        ),
        "Sam Okafor's order of priority cleared: goals show in the order identified",
        id="goals-priorities-cleared",
    ),
    case(
        "CoachingConversationRecorded",
        lambda s: s.journeys.record_conversation(
            s.person,
            held_on=TODAY,
            participants=["Sam", "alice"],
            goal_ids=[s.goal()],
            step_ids=[s.step(), s.step(description="Ring the college")],
            reflect="Went well",
            commit_to_action="Ring on Monday",
        ),
        f"Coaching conversation held on {TODAY} with Sam, alice: about 1 goal and 2 steps; "
        "notes on reflect and commit to action",
        id="conversation-plural-steps",
    ),
    case(
        "CoachingConversationRecorded",
        lambda s: s.journeys.record_conversation(s.person, held_on=TODAY, explore="Options"),
        f"Coaching conversation held on {TODAY} with no one named: "
        "about no particular goal or step; notes on explore",
        id="conversation-notes-only",
    ),
    case(
        "StrengthsDomainReviewed",
        lambda s: s.journeys.review_strengths_domain(s.person, "health"),
        "Strengths worksheet reviewed: the health domain",
        id="domain-reviewed",
    ),
    case(
        "StrengthsDomainReviewed",
        lambda s: s.journeys.review_strengths_domain(s.person, "anything_else", "Nothing new"),
        "Strengths worksheet reviewed: the “anything else” row",
        id="anything-else-reviewed",
    ),
    case(
        "WorksheetAgreed",
        lambda s: (
            s.strength(),
            s.journeys.agree_strengths_worksheet(s.person, TODAY, ["Sam Okafor", "alice"]),
        ),
        f"Strengths worksheet agreed on {TODAY} by Sam Okafor and alice",
        id="worksheet-agreed",
    ),
    # Treatment preferences revised, withdrawn and linked
    case(
        "TreatmentPreferenceRevised",
        lambda s: s.journeys.revise_treatment_preference(
            s.person, s.preference(), "Evening meetings", in_own_words=True
        ),
        "Treatment preference revised from “Short meetings, at my pace” to “Evening meetings”",
        id="preference-revised",
    ),
    case(
        "TreatmentPreferenceRevised",
        lambda s: s.journeys.revise_treatment_preference(
            s.person, s.preference("gender"), "A worker who gets it", in_own_words=True
        ),
        "Treatment preference revised (gender)",
        id="preference-revised-sensitive-area",
    ),
    case(
        "TreatmentPreferenceWithdrawn",
        lambda s: s.journeys.withdraw_treatment_preference(s.person, s.preference()),
        "Treatment preference withdrawn: “Short meetings, at my pace”",
        id="preference-withdrawn",
    ),
    case(
        "TreatmentPreferenceWithdrawn",
        lambda s: s.journeys.withdraw_treatment_preference(s.person, s.preference("religion_spirituality")),
        "Treatment preference withdrawn (religion and spirituality)",
        id="preference-withdrawn-sensitive-area",
    ),
    case(
        "GoalLinkedToPreference",
        lambda s: s.journeys.link_goal(s.goal(), preference_ids=[s.preference()]),
        "Goal “I want to dance again” linked to a treatment preference",
        id="goal-linked-to-preference",
    ),
    case(
        "StepLinkedToPreference",
        lambda s: s.journeys.link_step(s.step(), [s.preference()]),
        "Step “Find a class” linked to a treatment preference",
        id="step-linked-to-preference",
    ),
]


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    settings = Settings(
        data_dir=Path(tmp_path_factory.mktemp("words")), database_url="memory://", secret_key=SECRET
    )
    with Runtime(settings) as rt:
        yield rt


def summaries(runtime: Runtime, registration: dict[str, Any], act: Act) -> dict[str, str]:
    """The last summary of each event type in a journey of Sam Okafor's."""
    with acting_as(ALICE):
        person = runtime.journeys.register_person("Sam Okafor", "north", **registration).id
        act(Story(runtime.journeys, person))
    runtime.projector.catch_up()
    return {e["type"]: e["summary"] for e in runtime.views.timeline(person, ADMIN)["entries"]}


@pytest.mark.parametrize(("kind", "registration", "act", "expected"), CASES)
def test_each_timeline_summary_reads_as_written(
    runtime: Runtime, kind: str, registration: dict[str, Any], act: Act, expected: str
) -> None:
    assert summaries(runtime, registration, act)[kind] == expected


def test_every_summary_template_is_covered_by_a_case() -> None:
    covered = {param.values[0] for param in CASES}
    assert covered == {event_class.__name__ for event_class in _SUMMARIES}


def test_no_summary_quotes_the_words_of_a_sensitive_area_or_the_pronouns(runtime: Runtime) -> None:
    def journey(s: Story) -> None:
        s.name("Sammy", "xe/xem")
        s.value("sexuality", "Being out at work")
        s.revise_value("Being out at work and at home")
        s.journeys.withdraw_value(s.person, s.ids["value"])
        s.journeys.decline_area(s.person, "sexuality", "Not with this worker")
        s.journeys.record_treatment_preference(
            s.person, "A worker who is also gay", "gender", in_own_words=True
        )

    written = " ".join(summaries(runtime, {}, journey).values())
    for words in ("Being out", "Not with this worker", "also gay", "xe/xem"):
        assert words not in written


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [
        (0, "goal", "no goals"),
        (1, "goal", "1 goal"),
        (2, "goal", "2 goals"),
        (0, "entry", "no entries"),
        (1, "entry", "1 entry"),
        (12, "entry", "12 entries"),
        (3, "person", "3 people"),
    ],
)
def test_counts_agree_in_number(n: int, noun: str, expected: str) -> None:
    assert count(n, noun) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [([], ""), (["Sam"], "Sam"), (["Sam", "Ayo"], "Sam and Ayo"), (["Sam", "Ayo", "Jo"], "Sam, Ayo and Jo")],
)
def test_lists_of_names_read_as_a_sentence(names: list[str], expected: str) -> None:
    assert listed(names) == expected


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ({"display_name": "Sam Okafor", "preferred_name": "Sammy"}, "Sammy"),
        ({"display_name": "Sam Okafor", "preferred_name": None}, "Sam Okafor"),
        ({"display_name": "Sam Okafor"}, "Sam Okafor"),
    ],
)
def test_the_person_is_named_by_their_preferred_name_else_their_display_name(
    person: dict[str, Any], expected: str
) -> None:
    assert name_of({"person": person}) == expected
