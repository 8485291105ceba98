"""The team audit's figures equal a fresh fold of the events: random journeys of several people,
in two teams, recorded over random days (the projector catching up at random points, in small
batches), then the audit of a random period, comparison and as-of day against a computation made
here, directly from the events, by a simple fold of each person's own events (manual, chapter 6).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from unittest.mock import patch
from uuid import UUID

from eventsourcing.domain import CanCreateTimestamp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.actor import Actor, Role, acting_as
from domain.errors import JourneyError
from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from domain.vocabulary import LifeDomain
from interfaces.runtime import Runtime
from interfaces.settings import Settings
from projections.audit_figures import FIGURE_IDS
from projections.audit_query import AuditRequest, team_audit
from projections.care_plan import care_plan
from projections.journey import Document, apply, new_document
from projections.projector import Projector
from projections.review_due import review_is_overdue
from projections.strengths import strengths_worksheet
from projections.vtp import vtp_progress
from tests.conftest import ADMIN, SECRET
from tests.journeys import GOAL

TODAY = datetime.now(UTC).date()
START = TODAY - timedelta(days=120)
WRITER = Actor("alice", Role.WORKER, frozenset({"north", "south"}))
DOMAINS = [d.value for d in LifeDomain]


class World:
    """The people, goals and steps made so far, and the clock the events are recorded by."""

    def __init__(self, runtime: Runtime) -> None:
        self.journeys = runtime.journeys
        self.day = START
        self.moment = datetime.combine(START, time(9), tzinfo=UTC)
        self.people: list[UUID] = []
        self.goals: list[UUID] = []
        self.steps: list[UUID] = []
        self.values: list[UUID] = []
        self.strengths: list[UUID] = []

    def tick(self) -> datetime:
        self.moment = max(
            self.moment + timedelta(microseconds=1), datetime.combine(self.day, time(9), tzinfo=UTC)
        )
        return self.moment

    @staticmethod
    def pick(ids: list[UUID], n: int) -> UUID:
        if not ids:
            raise LookupError("nothing to pick yet")
        return ids[n % len(ids)]


def _review(w: World, n: int) -> Any:
    return w.journeys.hold_review(
        w.pick(w.people, n),
        held_on=w.day - timedelta(days=n % 3),
        participants=(["Sam", "alice"], ["alice"], ["the person"])[n % 3],
        summary="Review",
        goal_decisions=[],
        next_review_due=w.day + timedelta(days=7 * n - 10),
        today=w.day,
    )


COMMANDS: dict[str, Callable[[World, int], Any]] = {
    "register": lambda w, n: w.people.append(
        w.journeys.register_person(
            "Sam", ("north", "south")[n % 2 if n < 6 else 0], ("alice", "bob", None)[n % 3]
        ).id
    ),
    "identify_goal": lambda w, n: w.goals.append(
        w.journeys.identify_goal(
            w.pick(w.people, n),
            **{
                **GOAL,
                "identified_by": ("person", "jointly", "worker", "service")[n % 4],
                "orientation": ("approach", "avoidance")[n % 2],
                "in_own_words": n % 3 != 0,
            },
        ).id
    ),
    "plan_step": lambda w, n: w.steps.append(
        w.journeys.plan_step(
            w.pick(w.goals, n),
            "Step",
            ("independent", "joint", "passive")[n % 3],
            ["sister"] if n % 3 == 1 else [],
        ).id
    ),
    "change_mode": lambda w, n: w.journeys.change_step_mode(
        w.pick(w.steps, n), ("independent", "joint", "passive")[n % 3], ["friend"] if n % 3 == 1 else []
    ),
    "start_step": lambda w, n: w.journeys.start_step(w.pick(w.steps, n)),
    "complete_step": lambda w, n: w.journeys.complete_step(w.pick(w.steps, n)),
    "drop_step": lambda w, n: w.journeys.drop_step(w.pick(w.steps, n), "Not now", "other"),
    "reframe_goal": lambda w, n: w.journeys.reframe_goal(
        w.pick(w.goals, n), "Towards", ("approach", "avoidance")[n % 2]
    ),
    "pause_goal": lambda w, n: w.journeys.pause_goal(w.pick(w.goals, n)),
    "achieve_goal": lambda w, n: w.journeys.achieve_goal(w.pick(w.goals, n)),
    "record_value": lambda w, n: w.values.append(
        w.journeys.record_value(
            w.pick(w.people, n), ("other_identity", "gender")[n % 2], "V", True, "visual"
        ).id
    ),
    "withdraw_value": lambda w, n: w.journeys.withdraw_value(w.pick(w.people, n), w.pick(w.values, n)),
    "decline_area": lambda w, n: w.journeys.decline_area(w.pick(w.people, n), ("sexuality", "gender")[n % 2]),
    "preference": lambda w, n: w.journeys.record_treatment_preference(
        w.pick(w.people, n), "Slowly", in_own_words=True
    ),
    "strength": lambda w, n: w.strengths.append(
        w.journeys.identify_strength(
            w.pick(w.people, n),
            DOMAINS[n % len(DOMAINS)],
            "current",
            ("internal", "external", "service")[n % 3],
            "S",
            True,
            ("person", "worker", None)[n % 3],
        ).id
    ),
    "strengths_everywhere": lambda w, n: [
        w.journeys.identify_strength(w.pick(w.people, n), d, "current", "external", "S", True, "person")
        for d in DOMAINS
    ],
    "agree_worksheet": lambda w, n: w.journeys.agree_strengths_worksheet(
        w.pick(w.people, n), w.day, ["Sam"], today=w.day
    ),
    "review_domain": lambda w, n: w.journeys.review_strengths_domain(
        w.pick(w.people, n), DOMAINS[n % len(DOMAINS)]
    ),
    "link_goal": lambda w, n: w.journeys.link_goal(
        w.pick(w.goals, n),
        [w.pick(w.values, n)] if w.values and n % 2 == 0 else [],
        [w.pick(w.strengths, n)] if w.strengths and n % 2 == 1 else [],
    ),
    "review": _review,
    "conversation": lambda w, n: w.journeys.record_conversation(
        w.pick(w.people, n), held_on=w.day - timedelta(days=n % 2), reflect="Talk", today=w.day
    ),
    "discharge": lambda w, n: w.journeys.discharge_person(w.pick(w.people, n), "Moved"),
    "transfer": lambda w, n: w.journeys.transfer_person(w.pick(w.people, n), ("north", "south")[n % 2]),
    "key_worker": lambda w, n: w.journeys.assign_key_worker(w.pick(w.people, n), ("alice", "bob")[n % 2]),
}

#: Creating goals and steps, and time passing, come up more often than the rest.
NAMES = [
    *sorted(COMMANDS),
    *["identify_goal", "plan_step", "plan_step", "complete_step", "change_mode", "review", "conversation"],
    *["days_pass", "days_pass", "catch_up"],
]
#: Every journey begins with people on both teams with goals and steps of every kind.
PROLOGUE = [
    *[("register", k) for k in range(6)],
    *[("identify_goal", k) for k in range(8)],
    ("days_pass", 5),
    *[("plan_step", k) for k in range(9)],
    *[("record_value", 0), ("link_goal", 0), ("strengths_everywhere", 1), ("agree_worksheet", 1)],
    ("days_pass", 7),
    *[("change_mode", k) for k in (2, 4)],
    *[("complete_step", 0), ("drop_step", 1), ("reframe_goal", 1), ("review", 3), ("conversation", 0)],
]
steps = st.lists(st.tuples(st.sampled_from(NAMES), st.integers(0, 11)), min_size=10, max_size=60)


# The fresh fold: each person's own events, folded here.


def _valued_goal(doc: Document, goal_id: str) -> bool:
    goal = doc["goals"].get(goal_id)
    return goal is not None and goal["identified_by"] != "service"


def _count(counts: dict[str, int], doc: Document, event: Any) -> None:
    if isinstance(event, Step.StepPlanned) and _valued_goal(doc, str(event.goal_id)):
        counts[event.mode] += 1
    elif (
        isinstance(event, Step.StepModeChanged)
        and event.previous_mode == "passive"
        and event.mode != "passive"
    ):
        counts["moved"] += 1
    elif isinstance(event, Step.StepCompleted):
        counts["completed"] += 1
    elif isinstance(event, Step.StepDropped):
        counts["dropped"] += 1
    elif isinstance(event, Goal.GoalIdentified) and event.identified_by != "service":
        counts["avoidance"] += event.orientation == "avoidance"
    elif isinstance(event, Goal.GoalReframed) and _valued_goal(doc, str(event.originator_id)):
        was = doc["goals"][str(event.originator_id)]["orientation"]
        counts["reframed"] += was == "avoidance" and event.orientation == "approach"


def _open_passive(doc: Document) -> int:
    return sum(
        1
        for s in doc["steps"].values()
        if s["mode"] == "passive"
        and s["status"] in ("planned", "started")
        and _valued_goal(doc, s["goal_id"])
    )


def _person(events: list[Any], start: date, end: date, as_of: date | None) -> dict[str, Any] | None:
    cut = min(end, as_of) if as_of else end
    doc, known = new_document(), new_document()
    counts = dict.fromkeys(
        ("independent", "joint", "passive", "moved", "completed", "dropped", "avoidance", "reframed"), 0
    )
    at_start: dict[str, int] = {"passive": 0, "avoidance": 0}
    started = False
    for event in events:
        day = event.timestamp.astimezone(UTC).date()
        if as_of is None or day <= as_of:
            apply(known, event)
        if day > cut:
            continue
        if day >= start and not started:
            started = True
            if doc["person"]:
                goals = care_plan(doc, 0)["goals"]
                at_start = {
                    "passive": _open_passive(doc),
                    "avoidance": sum(g["orientation"] == "avoidance" for g in goals),
                }
        if day >= start and doc["person"]:
            _count(counts, doc, event)
        apply(doc, event)
    if not started and doc["person"]:
        goals = care_plan(doc, 0)["goals"]
        at_start = {
            "passive": _open_passive(doc),
            "avoidance": sum(g["orientation"] == "avoidance" for g in goals),
        }
    if not doc["person"]:
        return None
    return {"doc": doc, "known": known, "counts": counts, "start": at_start}


def _ratio(pairs: list[tuple[int, int]]) -> tuple[int, int]:
    return sum(n for n, _ in pairs), sum(d for _, d in pairs)


def fresh_audit(
    events: dict[str, list[Any]], team: str, worker: str | None, start: date, end: date, as_of: date | None
) -> dict[str, tuple[Any, int]]:
    people = []
    for person_events in events.values():
        found = _person(person_events, start, end, as_of)
        if found is None:
            continue
        person = found["doc"]["person"]
        if person["status"] != "active" or person["team_id"] != team:
            continue
        if worker is not None and (person["key_worker_id"] or "") != worker:
            continue
        people.append(found)
    n = len(people)
    got: dict[str, tuple[Any, int]] = {}

    def share(test: Callable[[dict[str, Any]], bool]) -> tuple[int, int]:
        return sum(1 for p in people if test(p)), n

    def criteria(p: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = strengths_worksheet(p["doc"], end)["quality"]["criteria"]
        return found

    def answered(p: dict[str, Any]) -> int:
        vtp = vtp_progress(p["doc"])
        return int(vtp["explored"] + vtp["declined"])

    got["values_started"] = share(lambda p: answered(p) > 0)
    got["areas_answered_per_person"] = (sum(answered(p) for p in people), n)
    got["treatment_preferences_recorded"] = share(
        lambda p: any(t["current"] for t in p["doc"]["treatment_preferences"].values())
    )
    for figure, criterion in (
        ("worksheet_complete", "complete"),
        ("worksheet_external_resources", "external_resources"),
        ("worksheet_written_by_person", "written_by_person"),
        ("worksheet_agreed", "agreed"),
        ("worksheet_up_to_date", "up_to_date"),
    ):
        got[figure] = share(lambda p, c=criterion: criteria(p)[c]["met"])
    goals = [g for p in people for g in care_plan(p["doc"], 0)["goals"]]
    for figure, test in (
        ("goals_own_choice", lambda g: g["identified_by"] in ("person", "jointly")),
        ("goals_own_words", lambda g: g["in_own_words"]),
        ("goals_approach", lambda g: g["orientation"] == "approach"),
        ("goals_linked_to_values", lambda g: any(v["current"] for v in g["values"])),
        ("goals_linked_to_strengths", lambda g: any(s["current"] for s in g["strengths"])),
    ):
        got[figure] = (sum(1 for g in goals if test(g)), len(goals))
    got["avoidance_goals_reframed"] = _ratio(
        [(p["counts"]["reframed"], p["start"]["avoidance"] + p["counts"]["avoidance"]) for p in people]
    )
    planned = sum(p["counts"][m] for p in people for m in ("independent", "joint", "passive"))
    for mode in ("independent", "joint", "passive"):
        got[f"steps_{mode}"] = (sum(p["counts"][mode] for p in people), planned)
    got["passive_steps_moved"] = _ratio(
        [(p["counts"]["moved"], p["start"]["passive"] + p["counts"]["passive"]) for p in people]
    )
    got["steps_completed"] = _ratio(
        [(p["counts"]["completed"], p["counts"]["completed"] + p["counts"]["dropped"]) for p in people]
    )
    on_time, took_part, gaps, held = 0, 0, [], 0
    for p in people:
        reviews = sorted(
            (r["held_on"], r["next_review_due"], r["participants"])
            for r in p["known"]["reviews"].values()
            if r["held_on"] <= end.isoformat()
        )
        registered = date.fromisoformat(p["doc"]["person"]["registered_at"][:10])
        for i, (held_on, _, participants) in enumerate(reviews):
            if not start.isoformat() <= held_on <= end.isoformat():
                continue
            held += 1
            due = reviews[i - 1][1] if i else (registered + timedelta(days=90)).isoformat()
            on_time += held_on <= due
            took_part += any(name.strip().lower() in ("sam", "person", "the person") for name in participants)
            if i:
                gaps.append((date.fromisoformat(held_on) - date.fromisoformat(reviews[i - 1][0])).days)
    got["reviews_on_time"] = (on_time, held)
    got["reviews_overdue"] = share(
        lambda p: review_is_overdue(
            "active", p["doc"]["person"]["registered_at"], p["doc"]["next_review_due"], end, 90
        )
    )
    got["never_reviewed"] = share(lambda p: p["doc"]["next_review_due"] is None)
    got["median_days_between_reviews"] = (statistics.median(gaps) if gaps else None, len(gaps))
    got["reviews_with_person"] = (took_part, held)
    plans = [care_plan(p["doc"], 0)["checks"] for p in people]
    for name in (
        "personally_valued_goals",
        "reflects_values",
        "builds_on_strengths",
        "independent_or_joint_action",
    ):
        outcomes = [c[name]["outcome"] for c in plans]
        got[f"check_{name}"] = (outcomes.count("met"), outcomes.count("met") + outcomes.count("not_met"))
    got["coaching_per_person"] = (
        sum(
            1
            for p in people
            for c in p["known"]["conversations"].values()
            if start.isoformat() <= c["held_on"] <= end.isoformat()
        ),
        n,
    )
    return got


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(
    commands=steps,
    period=st.tuples(st.integers(0, 1000), st.integers(0, 1000)),
    as_of=st.one_of(st.none(), st.integers(0, 1000)),
    worker=st.sampled_from([None, "alice", "bob"]),
)
def test_the_audit_equals_a_fresh_fold_of_the_events(
    commands: list[tuple[str, int]], period: tuple[int, int], as_of: int | None, worker: str | None
) -> None:
    with (
        TemporaryDirectory() as data,
        Runtime(Settings(data_dir=Path(data), database_url="memory://", secret_key=SECRET)) as runtime,
        acting_as(WRITER),
    ):
        world = World(runtime)
        with patch.object(CanCreateTimestamp, "create_timestamp", staticmethod(world.tick)):
            for name, n in [*PROLOGUE, *commands]:
                # Every command may come some days after the one before it.
                world.day = min(TODAY, world.day + timedelta(days=n % 3))
                if name == "days_pass":
                    world.day = min(TODAY, world.day + timedelta(days=n))
                elif name == "catch_up":
                    Projector(runtime.journeys, runtime.view_store, batch_size=1 + n % 7).catch_up()
                else:
                    try:
                        COMMANDS[name](world, n)
                    except (JourneyError, LookupError):
                        continue  # refused by a rule, or nothing to act on: nothing was written
        runtime.projector.catch_up()

        events: dict[str, list[Any]] = {}
        for notification in runtime.journeys.recorder.select_notifications(start=1, limit=100_000):
            event = runtime.journeys.mapper.to_domain_event(notification)
            person = event.originator_id if isinstance(event, Person.Event) else event.person_id
            events.setdefault(str(person), []).append(event)

        # Periods, comparisons and as-of days over the days the journeys were recorded on.
        span = (world.day - START).days + 3
        end = START + timedelta(days=period[0] % span)
        start = end - timedelta(days=period[1] % span)
        day = START + timedelta(days=as_of % span) if as_of is not None else None
        answer = team_audit(
            runtime.view_store,
            ADMIN,
            AuditRequest(
                "north", start, end, start - timedelta(days=30), start - timedelta(days=1), worker, day
            ),
        )
        figures = {f["id"]: (f["numerator"], f["denominator"]) for f in answer["figures"]}
        expected = fresh_audit(events, "north", worker, start, end, day)
        assert list(figures) == list(FIGURE_IDS)
        assert figures == expected
        compared = {
            f["id"]: (f["compare"]["numerator"], f["compare"]["denominator"]) for f in answer["figures"]
        }
        assert compared == fresh_audit(
            events, "north", worker, start - timedelta(days=30), start - timedelta(days=1), day
        )
