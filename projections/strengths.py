"""The Strengths Worksheet (manual, Appendix 3) and the quality of the assessment (chapter 4.3).

A good assessment is complete (every life domain has content), partnership-based
(in the person's own words), includes external resources in each domain (not
only internal or service ones) and is updated (clear when, current enough to
use). The report informs; it never blocks recording.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.vocabulary import LifeDomain, Resource, WorksheetColumn
from projections.journey import Document

#: An assessment older than this many days is stale unless configured otherwise.
STALE_AFTER_DAYS = 90


def strengths_worksheet(
    doc: Document, today: date, stale_after_days: int = STALE_AFTER_DAYS
) -> dict[str, Any]:
    current = [s for s in doc["strengths"].values() if s["current"]]
    domains: dict[str, dict[str, list[dict[str, Any]]]] = {
        domain.value: {column.value: [] for column in WorksheetColumn} for domain in LifeDomain
    }
    for strength in current:
        domains[strength["domain"]][strength["column"]].append(
            {
                "id": strength["id"],
                "statement": strength["statement"],
                "resource": strength["resource"],
                "in_own_words": strength["in_own_words"],
                "updated_at": strength["updated_at"],
            }
        )
    last_updated = doc.get("strengths_updated_at")
    days_since = None
    if last_updated:
        days_since = (today - datetime.fromisoformat(last_updated).date()).days
    missing = [d.value for d in LifeDomain if not any(s["domain"] == d.value for s in current)]
    without_external = [
        d.value
        for d in LifeDomain
        if not any(s["domain"] == d.value and s["resource"] == Resource.EXTERNAL.value for s in current)
    ]
    return {
        "person_id": doc["person"]["id"],
        "as_of": None,
        "last_updated": last_updated,
        "domains": domains,
        "quality": {
            "complete": not missing,
            "missing_domains": missing,
            "domains_without_external": without_external,
            "own_words_ratio": (
                sum(1 for s in current if s["in_own_words"]) / len(current) if current else None
            ),
            "last_updated": last_updated,
            "days_since_update": days_since,
            "stale": days_since is None or days_since > stale_after_days,
            "stale_after_days": stale_after_days,
        },
    }
