"""The caseload: one row per person, for a team's list of who they support."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from domain.vocabulary import GoalStatus, PersonStatus
from projections.care_plan import OPEN_GOAL_STATUSES, OPEN_STEP_STATUSES
from projections.journey import Document
from projections.review_due import first_review_cutoff, first_review_due
from projections.sealed import TextSeal, open_optional, seal_optional
from projections.vtp import areas_to_explore


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
        areas_to_explore(doc),
        agreement_review_by(doc),
        person.get("preferred_name"),
        person.get("pronouns"),
    )


def sealed_caseload_row(seal: TextSeal, doc: Document) -> tuple[Any, ...]:
    """The row as stored: the person's names and pronouns sealed."""
    row = list(caseload_row(doc))
    row[2] = seal.seal(row[2])
    row[12] = seal_optional(seal, row[12])
    row[13] = seal_optional(seal, row[13])
    return tuple(row)


def opened_caseload_row(seal: TextSeal, row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row as :func:`caseload_row` made it, from the columns queries select (names at 1, 12, 13)."""
    opened = list(row)
    opened[1] = seal.open(opened[1])
    opened[12] = open_optional(seal, opened[12])
    opened[13] = open_optional(seal, opened[13])
    return tuple(opened)


def agreement_review_by(doc: Document) -> str | None:
    """The day the working agreement is to be reviewed by, if it has one."""
    agreement = doc["person"]["working_agreement"]
    review_by: str | None = agreement.get("review_by") if agreement else None
    return review_by


def caseload_flags(
    status: str,
    registered_at: str,
    next_review_due: str | None,
    areas: int,
    agreement_review_by: str | None,
    today: date,
    first_review_days: int,
) -> dict[str, Any]:
    """What the caseload flags about a person beyond their goals and steps."""
    return {
        "never_reviewed": next_review_due is None,
        "first_review_due": first_review_due(registered_at, next_review_due, first_review_days),
        "areas_to_explore": int(areas),
        # Past the day it was to be reviewed by; a discharged person's agreement is history.
        "agreement_review_due": status == PersonStatus.ACTIVE
        and agreement_review_by is not None
        and agreement_review_by < today.isoformat(),
    }


def review_overdue_clause(today: date, first_review_days: int) -> tuple[str, list[Any]]:
    """SQL (and its parameters) true for the rows that ``review_is_overdue`` calls overdue."""
    return (
        f"(status = '{PersonStatus.ACTIVE}' AND ("
        "(next_review_due IS NOT NULL AND next_review_due < ?)"
        " OR (next_review_due IS NULL AND registered_at < ?)))",
        [today.isoformat(), first_review_cutoff(today, first_review_days)],
    )
