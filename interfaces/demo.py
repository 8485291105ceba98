"""A small demo team, so a new user sees the product working within a minute."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from application.journeys import RecoveryJourneys
from domain.actor import Actor, Role, acting_as

DEMO_TEAM = "demo"
DEMO_WORKER = "demo-worker"


@dataclass(frozen=True)
class DemoJourneys:
    team_id: str
    person_ids: list[UUID]


def seed_demo(journeys: RecoveryJourneys, today: date | None = None) -> DemoJourneys:
    """Three people with goals and steps in all three modes, some done, one dropped; Sam also
    has values, a declined area, a treatment preference, strengths linked to a goal and a review;
    Kim's review is overdue."""
    today = today or date.today()
    people: list[UUID] = []
    with acting_as(Actor(DEMO_WORKER, Role.WORKER, frozenset({DEMO_TEAM}))):
        sam = journeys.register_person("Sam (demo)", DEMO_TEAM, DEMO_WORKER, "DEMO-1").id
        people.append(sam)
        journeys.make_working_agreement(
            sam,
            "We meet every two weeks at the library; Sam says when a meeting feels too much.",
            today + timedelta(days=90),
        )
        dance = journeys.identify_goal(
            sam,
            statement="I want to dance again",
            identified_by="person",
            orientation="approach",
            life_domain="occupational",
            responsibility="person",
            in_own_words=True,
            written_by="person",
            target_date=today + timedelta(days=180),
        ).id
        journeys.record_grow(
            dance,
            goal="Dancing at my cousin's wedding",
            reality="I get breathless after ten minutes",
            options="A beginners' class, or dancing at home with my sister",
            wrap_up="Ask my sister on Sunday",
        )
        music = journeys.record_value(
            sam, "other_identity", "Music and dancing are who I am", True, "conversational"
        ).id
        journeys.decline_area(sam, "sexuality", "Sam would rather not talk about this for now")
        journeys.record_treatment_preference(
            sam,
            "I'd like to talk things through before any change to my medication",
            "treatment_preferences",
            in_own_words=True,
            written_by="person",
        )
        sister = journeys.identify_strength(
            sam,
            "social_supports",
            "current",
            "external",
            "My sister lives nearby and we talk every day",
            True,
        ).id
        journeys.identify_strength(
            sam, "occupational", "past_resource", "internal", "I danced every weekend at college", True
        )
        journeys.link_goal(dance, [music], [sister])
        ask = journeys.plan_step(dance, "Ask my sister to come to a class", "independent", (), today).id
        journeys.complete_step(ask, "She said yes")
        cls = journeys.plan_step(
            dance, "Go to the Tuesday beginners' class", "joint", ["sister"], today + timedelta(days=7)
        ).id
        journeys.start_step(cls)
        forms = journeys.plan_step(
            dance, "Find the class timetable", "passive", ["key worker"], today + timedelta(days=3)
        ).id
        journeys.drop_step(forms, "Sam found it online first", "done_another_way")

        sleep = journeys.identify_goal(
            sam,
            statement="I don't want to feel so tired all the time",
            identified_by="jointly",
            orientation="avoidance",
            life_domain="health",
            responsibility="shared",
            in_own_words=True,
        ).id
        journeys.reframe_goal(sleep, "I want to have energy for the things I enjoy", "approach")
        walk = journeys.plan_step(
            sleep, "Walk to the shop each morning", "independent", (), today + timedelta(days=10)
        ).id
        journeys.start_step(walk)

        alex = journeys.register_person(
            "Alex (demo)", DEMO_TEAM, DEMO_WORKER, "DEMO-2", pronouns="they/them"
        ).id
        people.append(alex)
        work = journeys.identify_goal(
            alex,
            statement="I would like to get back into volunteering",
            identified_by="person",
            orientation="approach",
            life_domain="occupational",
            responsibility="person",
            in_own_words=True,
        ).id
        benefits = journeys.plan_step(
            work,
            "Check how volunteering affects my benefits",
            "passive",
            ["welfare rights adviser"],
            today + timedelta(days=5),
        ).id
        journeys.change_step_mode(benefits, "joint", ["welfare rights adviser"])
        visit = journeys.plan_step(
            work, "Visit the community garden open day", "joint", ["friend Jo"], today - timedelta(days=2)
        ).id
        journeys.complete_step(visit, "Loved it")
        cook = journeys.identify_goal(
            alex,
            statement="Cook a meal for friends",
            identified_by="person",
            orientation="approach",
            life_domain="social_supports",
            responsibility="person",
            in_own_words=True,
        ).id
        journeys.plan_step(cook, "Cook a meal for friends", "independent")
        journeys.achieve_goal(cook, "Made a curry for four")

        kim = journeys.register_person("Kim (demo)", DEMO_TEAM, DEMO_WORKER, "DEMO-3").id
        people.append(kim)
        money = journeys.identify_goal(
            kim,
            statement="Sort out my debts",
            identified_by="worker",
            orientation="avoidance",
            life_domain="financial",
            responsibility="shared",
            in_own_words=False,
            written_by="worker",
        ).id
        journeys.plan_step(
            money,
            "Key worker phones the debt advice line",
            "passive",
            ["key worker"],
            today + timedelta(days=4),
        )
        journeys.pause_goal(money, "Kim wants to focus on settling into the new flat first")
        journeys.hold_review(
            kim,
            held_on=today - timedelta(days=100),
            participants=["Kim", DEMO_WORKER],
            summary="Kim moved flat; we agreed to meet again in three months.",
            goal_decisions=[],
            next_review_due=today - timedelta(days=10),
            today=today,
        )
        journeys.hold_review(
            sam,
            held_on=today,
            participants=["Sam", DEMO_WORKER, "Sam's sister"],
            summary="Sam has asked their sister to come dancing and started walking each morning.",
            goal_decisions=[
                {"goal_id": dance, "decision": "continue", "note": "Keep going to the class"},
                {"goal_id": sleep, "decision": "continue", "note": None},
            ],
            next_review_due=today + timedelta(days=90),
            today=today,
        )
    return DemoJourneys(DEMO_TEAM, people)
