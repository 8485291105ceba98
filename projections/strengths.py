"""The Strengths Worksheet (manual, Appendix 3) and the quality of the assessment (chapter 4.3).

The grid is the six life domains and the "anything else you would like to add" row, by the
three columns. Each row has its own last update: the latest change of a strength in it, a
review of the row with the person (``StrengthsDomainReviewed``) or the worksheet's agreement
(``WorksheetAgreed``), whichever is latest. The assessment is up to date when every life
domain was updated within the stale window, not when any entry changed; ``stale`` is its
negation and ``stale_domains`` names the domains that are not. The criteria themselves are in
:mod:`projections.worksheet_quality`. The report informs; it never blocks recording.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.vocabulary import LifeDomain, PersonStatus, Resource, WorksheetColumn, WorksheetRow, WrittenBy
from projections import worksheet_quality as criteria
from projections.journey import Document

#: An assessment older than this many days is stale unless configured otherwise.
STALE_AFTER_DAYS = 90

_LIFE_DOMAINS = [domain.value for domain in LifeDomain]


def strengths_worksheet(
    doc: Document, today: date, stale_after_days: int = STALE_AFTER_DAYS
) -> dict[str, Any]:
    current = [s for s in doc["strengths"].values() if s["current"]]
    agreement = doc.get("worksheet_agreement")
    domains: dict[str, dict[str, list[dict[str, Any]]]] = {
        row.value: {column.value: [] for column in WorksheetColumn} for row in WorksheetRow
    }
    currency = {
        row.value: _currency(doc, row.value, agreement, today, stale_after_days) for row in WorksheetRow
    }
    for strength in current:
        domains[strength["domain"]][strength["column"]].append(
            {
                "id": strength["id"],
                "statement": strength["statement"],
                "resource": strength["resource"],
                "in_own_words": strength["in_own_words"],
                "written_by": strength.get("written_by"),
                "updated_at": strength["updated_at"],
            }
        )
    last_updated = doc.get("strengths_updated_at")
    return {
        "person_id": doc["person"]["id"],
        "as_of": None,
        "last_updated": last_updated,
        "domains": domains,
        "currency": currency,
        "agreement": _agreement(doc, agreement),
        "quality": _quality(doc, current, currency, agreement, today, stale_after_days),
    }


def _days_since(moment: str | None, today: date) -> int | None:
    return None if moment is None else (today - date.fromisoformat(moment[:10])).days


def _currency(
    doc: Document, row: str, agreement: dict[str, Any] | None, today: date, stale_after_days: int
) -> dict[str, Any]:
    """When the row was last updated and reviewed, and whether that is too long ago."""
    times = doc.get("worksheet_rows", {}).get(row, {})
    reviewed = [t for t in (times.get("reviewed_at"), agreement and agreement["agreed_at"]) if t]
    last_reviewed = max(reviewed, default=None)
    last_updated = max([t for t in (times.get("changed_at"), last_reviewed) if t], default=None)
    days = _days_since(last_updated, today)
    return {
        "last_updated": last_updated,
        "last_reviewed": last_reviewed,
        "days_since_update": days,
        # The anything-else row is optional (Appendix 3): its currency is shown, never judged.
        "stale": None if row == WorksheetRow.ANYTHING_ELSE else days is None or days > stale_after_days,
    }


def _changed_since(doc: Document, agreement: dict[str, Any]) -> int:
    """Strengths identified, revised or removed after the worksheet was agreed."""
    return sum(1 for s in doc["strengths"].values() if s["updated_at"] > agreement["agreed_at"])


def _agreement(doc: Document, agreement: dict[str, Any] | None) -> dict[str, Any] | None:
    if agreement is None:
        return None
    changed = _changed_since(doc, agreement)
    return {
        "agreed_on": agreement["agreed_on"],
        "participants": agreement["participants"],
        "note": agreement["note"],
        "recorded_at": agreement["recorded_at"],
        "strengths_changed_since": changed,
        "needs_renewal": changed > 0,
    }


def _quality(
    doc: Document,
    current: list[dict[str, Any]],
    currency: dict[str, dict[str, Any]],
    agreement: dict[str, Any] | None,
    today: date,
    stale_after_days: int,
) -> dict[str, Any]:
    person = doc["person"]
    name = person.get("preferred_name") or person["display_name"]
    recorded = len(current)
    missing = [d for d in _LIFE_DOMAINS if not any(s["domain"] == d for s in current)]
    without_external = _without(current, Resource.EXTERNAL)
    stale = [d for d in _LIFE_DOMAINS if currency[d]["stale"]]
    last_updated = doc.get("strengths_updated_at")
    return {
        "complete": not missing,
        "missing_domains": missing,
        "domains_without_external": without_external,
        "own_words_ratio": (sum(1 for s in current if s["in_own_words"]) / recorded if recorded else None),
        "last_updated": last_updated,
        "days_since_update": _days_since(last_updated, today),
        "stale": bool(stale),
        "stale_domains": stale,
        "stale_after_days": stale_after_days,
        "criteria": {
            "complete": criteria.complete(name, recorded, missing),
            "own_words": criteria.own_words(name, recorded, sum(1 for s in current if not s["in_own_words"])),
            "written_by_person": criteria.written_by_person(
                name,
                recorded,
                sum(1 for s in current if s.get("written_by") == WrittenBy.PERSON),
                sum(1 for s in current if s.get("written_by") is None),
            ),
            "external_resources": criteria.external_resources(name, recorded, without_external),
            "skills_and_passions": criteria.skills_and_passions(
                name, recorded, _without(current, Resource.INTERNAL)
            ),
            "agreed": criteria.agreed(
                name,
                recorded,
                agreement["agreed_on"] if agreement else None,
                _changed_since(doc, agreement) if agreement else 0,
            ),
            "up_to_date": criteria.up_to_date(
                name,
                stale,
                any(currency[d]["last_updated"] for d in _LIFE_DOMAINS),
                stale_after_days,
                person["status"] == PersonStatus.DISCHARGED,
            ),
        },
    }


def _without(current: list[dict[str, Any]], resource: Resource) -> list[str]:
    """The life domains with no current strength of this kind of resource."""
    return [
        d for d in _LIFE_DOMAINS if not any(s["domain"] == d and s["resource"] == resource for s in current)
    ]
