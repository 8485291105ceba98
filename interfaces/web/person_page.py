"""The person page's parts in plain words: the care plan's checks, values by the ten areas, the
strengths worksheet as its grid, the working agreement, narrative and life maps.

Every judgement comes from the views (the checks, the worksheet's criteria, VTP progress); this
module only names what they answer, in the words a person using services can read.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.actor import Actor
from domain.vocabulary import LifeMapKind, WorksheetColumn, WorksheetRow
from interfaces.web import practice_words as words
from projections.queries import JourneyViews

#: The four checks of a care plan in plain words (manual, end of chapter 5, a-d).
CHECK_NAMES = {
    "personally_valued_goals": "Goals the person values",
    "reflects_values": "Reflects what matters to the person",
    "builds_on_strengths": "Builds on the person's strengths",
    "independent_or_joint_action": "Steps the person takes alone or with others",
}
MODE_NAMES = {"independent": "Independent", "joint": "Joint", "passive": "Passive"}

#: A check's or criterion's outcome: the tag's word says it, its colour only repeats it.
OUTCOMES = {
    "met": ("Met", "nhsuk-tag--green"),
    "not_met": ("Not met", "nhsuk-tag--orange"),
    "not_applicable": ("Not applicable", "nhsuk-tag--grey"),
}

#: The parts of "reflects values and treatment preferences" (manual, 5.4.2).
REFLECTS_PARTS = {"values": "The person's values", "preferences": "The person's treatment preferences"}

#: The strengths assessment's quality criteria (manual, 4.3).
CRITERION_NAMES = {
    "complete": "Complete: every life domain explored",
    "own_words": "In the person's own words",
    "written_by_person": "Written by the person",
    "external_resources": "Includes external resources",
    "skills_and_passions": "Captures skills, talents and passions",
    "agreed": "Reached in agreement with the person",
    "up_to_date": "Up to date",
}

#: The worksheet's rows: the six life domains, then the optional last row (manual, Appendix 3).
ROW_NAMES = words.WORKSHEET_ROW_NAMES
RESOURCE_WORDS = {"internal": "Internal", "external": "External", "service": "Service"}

#: The working agreement's parts (manual, 2.6 "Dynamic Contracting").
AGREEMENT_PARTS = (
    ("text", "The agreement"),
    ("expectations", "What we expect of each other"),
    ("how_we_work", "How we work together"),
    ("differences", "Handling differences"),
    ("practicalities", "Practicalities"),
)

#: The six kinds of life map (manual, 3.3, the visual approach).
LIFE_MAP_NAMES = {
    LifeMapKind.RELATIONSHIPS: "Relationships",
    LifeMapKind.BACKGROUND: "Significant events over time",
    LifeMapKind.WHO_AM_I: "Who am I?",
    LifeMapKind.PREFERENCES: "Likes and dislikes",
    LifeMapKind.CHOICES: "Decisions I make, decisions others make",
    LifeMapKind.RESPECT: "I feel respected when...",
}

#: The page's sections, for its "On this page" list.
SECTIONS = (
    ("care-plan", "The care plan"),
    ("goals", "The person's goals and steps"),
    ("service-goals", "Goals the service needs"),
    ("values", "Values in the ten areas"),
    ("preferences", "Treatment preferences"),
    ("strengths", "Strengths worksheet"),
    ("agreement", "Working agreement"),
    ("story", "The person's story and life maps"),
)


def outcome(answer: dict[str, Any]) -> dict[str, Any]:
    word, tag = OUTCOMES.get(answer["outcome"], (answer["outcome"], "nhsuk-tag--white"))
    return {**answer, "word": word, "tag": tag}


def action_counts(counts: dict[str, int]) -> str:
    """The open steps by mode, in words, with their total."""
    total = counts["independent"] + counts["joint"] + counts["passive"]
    if not total:
        return "No open steps yet."
    steps = "step" if total == 1 else "steps"
    return (
        f"Open steps now: {counts['independent']} independent, {counts['joint']} joint "
        f"and {counts['passive']} passive ({total} {steps})."
    )


def care_plan_checks(checks: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The four checks, each with its outcome's word and, where it has them, its parts and rule."""
    shown = []
    for key, check in checks.items():
        item = {
            "key": key,
            "name": CHECK_NAMES.get(key, key.replace("_", " ").capitalize()),
            **outcome(check),
        }
        item["parts"] = [
            {"name": name, **outcome(check[part])} for part, name in REFLECTS_PARTS.items() if part in check
        ]
        item["counts_words"] = (
            action_counts(check["counts"]) if key == "independent_or_joint_action" else None
        )
        item.setdefault("rule", None)
        shown.append(item)
    return shown


def values_by_area(profile: dict[str, Any]) -> list[dict[str, Any]]:
    """The ten VTP areas in the interview's order, each as far as the conversation has gone."""
    progress = profile["vtp_progress"]["areas"]
    declined = {d["area"]: d for d in profile["declined_areas"]}
    areas = []
    for area, name in words.VTP_AREA_NAMES.items():
        held = profile["values"].get(area, [])
        status = progress.get(area, {}).get("status", "not_yet_explored")
        areas.append(
            {
                "area": str(area),
                "name": name,
                "status": status,
                "summary": words.area_summary(len(held), status == "declined"),
                "values": held,
                "declined_note": (declined.get(area) or {}).get("note") if status == "declined" else None,
            }
        )
    return areas


def worksheet_grid(worksheet: dict[str, Any]) -> list[dict[str, Any]]:
    """The seven rows by the three columns, each row with when it was last updated."""
    return [
        {
            "row": str(row),
            "name": ROW_NAMES[row],
            "cells": [worksheet["domains"][row][column] for column in WorksheetColumn],
            "currency": worksheet["currency"][row],
        }
        for row in WorksheetRow
    ]


def criteria(worksheet: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"name": CRITERION_NAMES.get(key, key.replace("_", " ").capitalize()), **outcome(answer)}
        for key, answer in worksheet["quality"]["criteria"].items()
    ]


def agreement_parts(agreement: dict[str, Any] | None) -> list[tuple[str, str]]:
    if not agreement:
        return []
    return [(label, agreement[key]) for key, label in AGREEMENT_PARTS if agreement.get(key)]


def life_maps(profile: dict[str, Any]) -> list[dict[str, Any]]:
    drawn = profile["life_maps"]
    return [{**drawn[kind], "name": name} for kind, name in LIFE_MAP_NAMES.items() if kind in drawn]


def person_context(
    views: JourneyViews, viewer: Actor, person_id: UUID, today: date, stale_after_days: int
) -> dict[str, Any]:
    """Everything the person page (and its printed copy) shows, read from the views."""
    profile = views.profile(person_id, viewer)
    plan = views.care_plan(person_id, viewer)
    worksheet = views.strengths_worksheet(person_id, viewer, today=today, stale_after_days=stale_after_days)
    return {
        "person": profile,
        "plan": plan,
        "checks": care_plan_checks(plan["checks"]),
        "modes": MODE_NAMES,
        # The service's goals have a section only when the plan holds some.
        "sections": [s for s in SECTIONS if s[0] != "service-goals" or plan["service_goals"]],
        "areas": values_by_area(profile),
        "approaches": words.APPROACH_NAMES,
        "vtp_areas": words.VTP_AREA_NAMES,
        "worksheet": worksheet,
        "grid": worksheet_grid(worksheet),
        # The manual's heading, then its question: "Currently", "what's going on today? ...".
        "columns": [tuple(words.COLUMN_NAMES[c].split(": ", 1)) for c in WorksheetColumn],
        "resources": RESOURCE_WORDS,
        "criteria": criteria(worksheet),
        "agreement": profile["working_agreement"],
        "agreement_parts": agreement_parts(profile["working_agreement"]),
        "life_maps": life_maps(profile),
    }
