"""The caseload: one row per person, for a team's list of who they support."""

from __future__ import annotations

import json
from typing import Any

from domain.vocabulary import GoalStatus
from projections.care_plan import OPEN_GOAL_STATUSES, OPEN_STEP_STATUSES
from projections.journey import Document


def caseload_row(doc: Document) -> tuple[Any, ...]:
    person = doc["person"]
    open_goal_ids = {g["id"] for g in doc["goals"].values() if g["status"] in OPEN_GOAL_STATUSES}
    dues = sorted(
        s["due"]
        for s in doc["steps"].values()
        if s["due"] and s["status"] in OPEN_STEP_STATUSES and s["goal_id"] in open_goal_ids
    )
    return (
        person["id"],
        person["team_id"],
        person["display_name"],
        person["key_worker_id"],
        person["status"],
        sum(1 for g in doc["goals"].values() if g["status"] == GoalStatus.ACTIVE),
        json.dumps(dues),
        doc.get("next_review_due"),
        doc["last_activity_at"],
        person["registered_at"],
        person.get("preferred_name"),
        person.get("pronouns"),
    )
