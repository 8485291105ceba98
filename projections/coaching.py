"""Coaching conversations with the person, as the journey's views show them: each with what it
concerned and the steps agreed in it (manual, 2.6 Coaching and "REACH - The Coaching for
Recovery approach"; 5.3 principle 1)."""

from __future__ import annotations

from typing import Any

from domain.coaching import REACH_STAGES
from domain.person import Person
from projections.journey import Document
from projections.words import count


def conversations(doc: Document, position: int) -> dict[str, Any]:
    """Every conversation recorded with the person, in the order they were held."""
    held = sorted(doc["conversations"].values(), key=lambda c: (c["held_on"], c["recorded_at"]))
    return {
        "person_id": doc["person"]["id"],
        "as_of": None,
        "position": position,
        "items": [conversation_view(doc, c) for c in held],
    }


def conversation_view(doc: Document, conversation: dict[str, Any]) -> dict[str, Any]:
    steps = doc["steps"]
    return {
        "id": conversation["id"],
        "held_on": conversation["held_on"],
        "participants": conversation["participants"],
        **{stage: conversation[stage] for stage in REACH_STAGES},
        "recorded_at": conversation["recorded_at"],
        "goals": [
            {"id": goal_id, "statement": doc["goals"][goal_id]["statement"]}
            for goal_id in conversation["goal_ids"]
        ],
        "steps": [
            {
                "id": step_id,
                "goal_id": steps[step_id]["goal_id"],
                "description": steps[step_id]["description"],
            }
            for step_id in conversation["step_ids"]
        ],
        "agreed_steps": [
            {k: steps[step_id][k] for k in ("id", "goal_id", "description", "mode", "status", "due")}
            for step_id in conversation["agreed_step_ids"]
        ],
    }


def held_in_period(doc: Document, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conversations among a review pack's timeline ``entries``: held in its period."""
    return [
        conversation_view(doc, doc["conversations"][entry["data"]["conversation_id"]])
        for entry in entries
        if entry["type"] == "CoachingConversationRecorded"
    ]


def summary(e: Person.CoachingConversationRecorded, doc: Document) -> str:
    """The timeline's words: when, who, how much it concerned, which stages have notes (the notes
    themselves stay in the conversation's view)."""
    who = ", ".join(e.participants) or "no one named"
    return f"Coaching conversation held on {e.held_on.isoformat()} with {who}: {concerned(e)}; {noted(e)}"


def concerned(e: Person.CoachingConversationRecorded) -> str:
    goals, steps = len(e.goal_ids), len(e.step_ids)
    if goals and steps:
        return f"about {count(goals, 'goal')} and {count(steps, 'step')}"
    if goals or steps:
        return f"about {count(goals, 'goal') if goals else count(steps, 'step')}"
    return "about no particular goal or step"


def noted(e: Person.CoachingConversationRecorded) -> str:
    stages = [stage.replace("_", " ") for stage in REACH_STAGES if getattr(e, stage) is not None]
    if not stages:
        return "no notes"
    listed = stages[0] if len(stages) == 1 else f"{', '.join(stages[:-1])} and {stages[-1]}"
    return f"notes on {listed}"
