"""As-of is correct: the care plan folded to time T equals the live plan the views showed at T.

Random journeys on the in-memory store: after every command the projector
catches up and the live care plan, profile, conversations and worksheet are recorded with the time;
afterwards the as-of answer at every recorded time must equal them (apart from
the ``as_of`` key, which the live answer leaves empty).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, example, given, settings
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
        self.conversations: list[UUID] = []
        self.entries: list[UUID] = []
        self.preferences: list[UUID] = []

    @staticmethod
    def pick(ids: list[UUID], n: int) -> UUID:
        if not ids:
            raise LookupError("nothing to pick yet")
        return ids[n % len(ids)]

    def open_goals(self) -> list[UUID]:
        return [g for g in self.goals if not self.journeys.repository.get(g).status.is_closed]


def prioritise_goals(j: Journey, n: int) -> Any:
    """Some of the open goals, in an order that varies with ``n``: rotated, reversed, cut short."""
    open_goals = j.open_goals()
    if not open_goals:
        raise LookupError("no open goal to put in order")
    turn = n % len(open_goals)
    order = (open_goals[turn:] + open_goals[:turn])[::-1]
    return j.journeys.prioritise_goals(j.person, order[: 1 + (n * 5) % len(order)])


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
    "drop_step": lambda j, n: j.journeys.drop_step(
        j.pick(j.steps, n),
        "No longer wanted",
        ("done_another_way", "no_longer_wanted", "not_working", "other")[n % 4],
    ),
    # A review's decision on one goal: resuming, pausing or continuing it.
    "review_goal": lambda j, n: j.journeys.hold_review(
        j.person,
        held_on=date.today(),
        participants=["Sam"],
        summary=f"Review {n}",
        goal_decisions=[{"goal_id": j.pick(j.goals, n), "decision": ("resume", "pause", "continue")[n % 3]}],
        next_review_due=date.today() + timedelta(days=90),
    ),
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
    "revise_value": lambda j, n: j.journeys.revise_value(
        j.person, j.pick(j.values, n), f"Revised value {n}", True
    ),
    "revise_strength": lambda j, n: j.journeys.revise_strength(
        j.person, j.pick(j.strengths, n), statement=f"Revised strength {n}"
    ),
    "revise_goal": lambda j, n: j.journeys.revise_goal(j.pick(j.goals, n), statement=f"Revised goal {n}"),
    "record_grow": lambda j, n: j.journeys.record_grow(j.pick(j.goals, n), goal=f"Grow {n}"),
    "reschedule_step": lambda j, n: j.journeys.reschedule_step(j.pick(j.steps, n), date(2027, 1, 1 + n)),
    "record_conversation": lambda j, n: j.conversations.append(
        j.journeys.record_conversation(
            j.person,
            held_on=date.today(),
            goal_ids=[j.pick(j.goals, n)] if j.goals and n % 2 else [],
            step_ids=[j.pick(j.steps, n)] if j.steps and n % 3 else [],
            reflect=f"Talk {n}",
        ).id
    ),
    "plan_agreed_step": lambda j, n: j.steps.append(
        j.journeys.plan_step(
            j.pick(j.goals, n), f"Agreed {n}", "independent", conversation_id=j.pick(j.conversations, n)
        ).id
    ),
    "narrative": lambda j, n: j.entries.append(
        j.journeys.add_narrative_entry(
            j.person, f"Entry {n}", written_by=(None, "person", "worker")[n % 3]
        ).id
    ),
    "revise_narrative": lambda j, n: j.journeys.revise_narrative_entry(
        j.person, j.pick(j.entries, n), f"Revised entry {n}", [f"theme {n}"]
    ),
    "withdraw_narrative": lambda j, n: j.journeys.withdraw_narrative_entry(j.person, j.pick(j.entries, n)),
    "agree_in_parts": lambda j, n: j.journeys.make_working_agreement(
        j.person, parts={"expectations": f"Expectations {n}"}, agreed_by_person=n % 2 == 0
    ),
    "person_agrees": lambda j, n: j.journeys.agree_working_agreement(j.person),
    "prioritise_goals": prioritise_goals,
    "review_strengths_domain": lambda j, n: j.journeys.review_strengths_domain(
        j.person, ("health", "anything_else")[n % 2]
    ),
    "agree_strengths_worksheet": lambda j, n: j.journeys.agree_strengths_worksheet(
        j.person, date.today(), ["Sam"]
    ),
    "preferred_name": lambda j, n: j.journeys.record_preferred_name(
        j.person, (None, "Sammy", "Sam O")[n % 3], (None, "they/them")[n % 2]
    ),
    "preference": lambda j, n: j.journeys.record_treatment_preference(
        j.person, f"Preference {n}", in_own_words=n % 2 == 0, written_by=(None, "person", "worker")[n % 3]
    ),
    "written_value": lambda j, n: j.values.append(
        j.journeys.record_value(
            j.person, "social_roles", f"Value {n}", n % 2 == 0, "narrative", ("person", "worker")[n % 2]
        ).id
    ),
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
            j.pick(j.goals, n), f"Shaped step {n}", "independent", preference_ids=[j.pick(j.preferences, n)]
        ).id
    ),
}

journeys = st.lists(st.tuples(st.sampled_from(sorted(COMMANDS)), st.integers(0, 7)), min_size=1, max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commands=journeys)
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
# Steps agreed in coaching conversations.
@example(
    commands=[
        ("identify_goal", 0),
        ("plan_step", 0),
        ("record_conversation", 1),
        ("plan_agreed_step", 1),
        ("complete_step", 1),
        ("record_conversation", 2),
        ("plan_agreed_step", 3),
    ]
)
def test_as_of_any_recorded_moment_equals_the_live_care_plan_profile_and_worksheet_then(
    commands: list[tuple[str, int]],
) -> None:
    with (
        TemporaryDirectory() as data,
        Runtime(Settings(data_dir=Path(data), database_url="memory://", secret_key=SECRET)) as runtime,
    ):
        recorded: list[tuple[datetime, dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]] = []

        def record(person: UUID) -> None:
            runtime.projector.catch_up()
            plan = runtime.views.care_plan(person, ADMIN)
            profile = runtime.views.profile(person, ADMIN)
            now = datetime.now(UTC)
            conversations = runtime.views.conversations(person, ADMIN)
            worksheet = runtime.views.strengths_worksheet(person, ADMIN, today=now.date())
            recorded.append((now, plan, profile, conversations, worksheet))

        with acting_as(ALICE):
            journey = Journey(runtime)
            record(journey.person)
            for name, n in commands:
                try:
                    COMMANDS[name](journey, n)
                except (JourneyError, LookupError):
                    continue  # refused by a rule (or nothing to act on): nothing was written
                record(journey.person)

        for moment, plan, profile, conversations, worksheet in recorded:
            past_plan = runtime.views.care_plan(journey.person, ADMIN, as_of=moment)
            past_profile = runtime.views.profile(journey.person, ADMIN, as_of=moment)
            past_conversations = runtime.views.conversations(journey.person, ADMIN, as_of=moment)
            past_worksheet = runtime.views.strengths_worksheet(
                journey.person, ADMIN, today=moment.date(), as_of=moment
            )
            assert {**past_plan, "as_of": None} == plan
            assert {**past_profile, "as_of": None} == profile
            assert {**past_conversations, "as_of": None} == conversations
            assert {**past_worksheet, "as_of": None} == worksheet
