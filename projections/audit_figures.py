"""The team audit's figures: each one's definition (numerator, denominator, period rule) and
its computation from the people's dated facts (manual, chapter 6: "Supporting practice change",
audit of recovery-oriented practice against the working practices; and the practice sections
each figure cites).

One table of definitions serves the API's answer and ``docs/audit.md``. Who counts: the people
on the team (or the worker's caseload) and active at the end of the period, by the facts
recorded up to then. A *state* figure reads each person as they stood at the end of the
period's last day; an *activity* figure counts what was recorded (or, for reviews and coaching
conversations, held) on the days of the period.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from projections.audit_tallies import (
    Period,
    PersonFacts,
    Tally,
    at_start,
    check_met,
    conversations,
    median_gap,
    overdue,
    people_share,
    per_person,
    planned,
    planned_as,
    review_tally,
    summed,
    up_to_date,
)

STATE = "State at the end of the period's last day, as recorded by then."
RECORDED = "Recorded on a day of the period (from and to included)."
HELD = "Held on a day of the period (from and to included), as recorded by `as_of` when given."
CHECKS = ("personally_valued_goals", "reflects_values", "builds_on_strengths", "independent_or_joint_action")


@dataclass(frozen=True)
class Figure:
    id: str
    group: str
    label: str
    #: ``share`` (numerator / denominator), ``per_person`` (a mean) or ``median_days``.
    unit: str
    numerator: str
    denominator: str
    period: str
    manual: str


_V, _S, _G, _A, _R, _C, _K = (
    "Values",
    "Strengths",
    "Goals",
    "Action",
    "Reviews",
    "Care-plan checks",
    "Coaching",
)
_PEOPLE = "People on the team and active at the end of the period."
_GOALS = "Open goals the people value (service goals not counted) at the end of the period."
_STEPS = "Steps planned in the period towards goals the people value."


def _figure(*args: str) -> Figure:
    return Figure(*args)


#: Every figure in the order the audit lists it, with how it is computed.
FIGURES: tuple[tuple[Figure, Callable[[Sequence[PersonFacts], Any], Tally]], ...] = (
    (
        _figure(
            "values_started",
            _V,
            "Values conversation started",
            "share",
            "People with at least one VTP area explored (a current value) or declined.",
            _PEOPLE,
            STATE,
            "3.3, Appendix 1",
        ),
        people_share(lambda p: p.end["vtp_answered"] > 0),
    ),
    (
        _figure(
            "areas_answered_per_person",
            _V,
            "VTP areas explored or declined per person",
            "per_person",
            "VTP areas explored or declined (a declined area counts as answered), added up.",
            _PEOPLE,
            STATE,
            "3.3, Appendix 1",
        ),
        per_person(lambda p: int(p.end["vtp_answered"])),
    ),
    (
        _figure(
            "treatment_preferences_recorded",
            _V,
            "Treatment preferences recorded",
            "share",
            "People with at least one current treatment preference.",
            _PEOPLE,
            STATE,
            "3.4",
        ),
        people_share(lambda p: p.end["preferences"] > 0),
    ),
    (
        _figure(
            "worksheet_complete",
            _S,
            "Worksheet complete",
            "share",
            "People whose worksheet has something in every life domain.",
            _PEOPLE,
            STATE,
            "4.3 Complete",
        ),
        people_share(lambda p: bool(p.end["ws_complete"])),
    ),
    (
        _figure(
            "worksheet_external_resources",
            _S,
            "External resources in every domain",
            "share",
            "People whose worksheet has an external resource in every life domain.",
            _PEOPLE,
            STATE,
            "4.3 Includes external resources",
        ),
        people_share(lambda p: bool(p.end["ws_external"])),
    ),
    (
        _figure(
            "worksheet_written_by_person",
            _S,
            "Worksheet written partly by the person",
            "share",
            "People with at least one current strength written by the person.",
            _PEOPLE,
            STATE,
            "4.3 Partnership-based",
        ),
        people_share(lambda p: bool(p.end["ws_by_person"])),
    ),
    (
        _figure(
            "worksheet_agreed",
            _S,
            "Worksheet agreed with the person",
            "share",
            "People whose worksheet is agreed, with no strength changed since.",
            _PEOPLE,
            STATE,
            "4.3 Reaching a mutual agreement",
        ),
        people_share(lambda p: bool(p.end["ws_agreed"])),
    ),
    (
        _figure(
            "worksheet_up_to_date",
            _S,
            "Worksheet up to date",
            "share",
            "People every life domain of whose worksheet was updated, reviewed or agreed within the "
            "stale window before the period's last day.",
            _PEOPLE,
            STATE,
            "4.3 Updated",
        ),
        lambda people, period: people_share(lambda p: up_to_date(p, period))(people, period),
    ),
    (
        _figure(
            "goals_own_choice",
            _G,
            "Goals identified by the person or jointly",
            "share",
            "Of those goals, the ones identified by the person or jointly.",
            _GOALS,
            STATE,
            "5.3 principle 2, 5.4.1",
        ),
        summed(lambda p: p.end["goals_own_choice"], lambda p: p.end["goals"]),
    ),
    (
        _figure(
            "goals_own_words",
            _G,
            "Goals in the person's own words",
            "share",
            "Of those goals, the ones in the person's own words.",
            _GOALS,
            STATE,
            "5.4.1",
        ),
        summed(lambda p: p.end["goals_own_words"], lambda p: p.end["goals"]),
    ),
    (
        _figure(
            "goals_approach",
            _G,
            "Approach goals",
            "share",
            "Of those goals, the approach goals (towards something wanted).",
            _GOALS,
            STATE,
            "5.4.1",
        ),
        summed(lambda p: p.end["goals_approach"], lambda p: p.end["goals"]),
    ),
    (
        _figure(
            "avoidance_goals_reframed",
            _G,
            "Avoidance goals reframed",
            "share",
            "Goals reframed from avoidance to approach in the period.",
            "Open valued avoidance goals at the start of the period, plus valued avoidance goals "
            "identified in the period.",
            RECORDED,
            "5.4.1",
        ),
        summed(
            lambda p: p.counts["avoidance_reframed"],
            lambda p: at_start(p, "goals_avoidance") + p.counts["avoidance_identified"],
        ),
    ),
    (
        _figure(
            "goals_linked_to_values",
            _G,
            "Goals linked to values",
            "share",
            "Of those goals, the ones linked to a current value of the person's.",
            _GOALS,
            STATE,
            "5.3 principle 4, 5.4.2",
        ),
        summed(lambda p: p.end["goals_value"], lambda p: p.end["goals"]),
    ),
    (
        _figure(
            "goals_linked_to_strengths",
            _G,
            "Goals linked to strengths",
            "share",
            "Of those goals, the ones linked to a current strength of the person's.",
            _GOALS,
            STATE,
            "5.3 principle 5, 4.3",
        ),
        summed(lambda p: p.end["goals_strength"], lambda p: p.end["goals"]),
    ),
    *(
        (
            _figure(
                f"steps_{mode}",
                _A,
                f"{mode.capitalize()} steps",
                "share",
                f"Of those steps, the ones planned as {mode}.",
                _STEPS,
                RECORDED,
                "5.3 principle 6, 5.4.2",
            ),
            summed(planned_as(mode), planned),
        )
        for mode in ("independent", "joint", "passive")
    ),
    (
        _figure(
            "passive_steps_moved",
            _A,
            "Passive steps made joint or independent",
            "share",
            "Steps changed from passive to joint or independent in the period.",
            "Open passive steps at the start of the period, plus passive steps planned in it.",
            RECORDED,
            "5.3 principle 6",
        ),
        summed(
            lambda p: p.counts["passive_moved"],
            lambda p: at_start(p, "open_passive") + p.counts["planned_passive"],
        ),
    ),
    (
        _figure(
            "steps_completed",
            _A,
            "Steps completed",
            "share",
            "Steps completed in the period.",
            "Steps completed or dropped in the period.",
            RECORDED,
            "5.4.2",
        ),
        summed(
            lambda p: p.counts["steps_completed"],
            lambda p: p.counts["steps_completed"] + p.counts["steps_dropped"],
        ),
    ),
    (
        _figure(
            "reviews_on_time",
            _R,
            "Reviews held on time",
            "share",
            "Reviews held on or before the day they were due (the previous review's next review "
            "date; for a first review, the registration day plus the first review window).",
            "Reviews held in the period.",
            HELD,
            "5.4 Reviewing progress",
        ),
        review_tally(lambda r: bool(r["on_time"])),
    ),
    (
        _figure(
            "reviews_overdue",
            _R,
            "People overdue a review",
            "share",
            "People past their next review's date, or never reviewed and past the first review's.",
            _PEOPLE,
            STATE,
            "5.4 Reviewing progress",
        ),
        lambda people, period: people_share(lambda p: overdue(p, period))(people, period),
    ),
    (
        _figure(
            "never_reviewed",
            _R,
            "People never reviewed",
            "share",
            "People with no review recorded.",
            _PEOPLE,
            STATE,
            "5.4 Reviewing progress",
        ),
        people_share(lambda p: p.end["next_review_due"] is None),
    ),
    (
        _figure(
            "median_days_between_reviews",
            _R,
            "Median days between reviews",
            "median_days",
            "The median of the days between each review held in the period and the person's previous review.",
            "Reviews held in the period that had a previous review.",
            HELD,
            "5.4 Reviewing progress",
        ),
        median_gap,
    ),
    (
        _figure(
            "reviews_with_person",
            _R,
            "Reviews the person took part in",
            "share",
            'Reviews whose participants name the person (their name, preferred name, or "the person").',
            "Reviews held in the period.",
            HELD,
            "5.4 Reviewing progress",
        ),
        review_tally(lambda r: bool(r["took_part"])),
    ),
    *(
        (
            _figure(
                f"check_{name}",
                _C,
                f"Plans meeting check {letter}",
                "share",
                f"People whose care plan meets check {letter} ({name.replace('_', ' ')}).",
                "People whose care plan meets or does not meet it (not applicable: not counted).",
                STATE,
                f"end of chapter 5, check {letter}",
            ),
            check_met(name),
        )
        for letter, name in zip("abcd", CHECKS, strict=True)
    ),
    (
        _figure(
            "coaching_per_person",
            _K,
            "Coaching conversations per person",
            "per_person",
            "Coaching conversations held in the period.",
            _PEOPLE,
            HELD,
            "2.6, 5.3 principle 1",
        ),
        lambda people, period: per_person(lambda p: conversations(p, period))(people, period),
    ),
)

FIGURE_IDS = tuple(figure.id for figure, _ in FIGURES)


def definition(figure: Figure) -> dict[str, Any]:
    return {
        "group": figure.group,
        "label": figure.label,
        "unit": figure.unit,
        "definition": {
            "numerator": figure.numerator,
            "denominator": figure.denominator,
            "period_rule": figure.period,
            "manual": figure.manual,
        },
    }


def value_of(unit: str, numerator: float | None, denominator: int) -> float | None:
    """A share or mean rounded for reading; None when nothing is counted."""
    if unit == "median_days":
        return None if numerator is None else float(numerator)
    if not denominator or numerator is None:
        return None
    return round(numerator / denominator, 4)


def compute(people: Sequence[PersonFacts], period: Period, *, with_people: bool) -> dict[str, dict[str, Any]]:
    """Every figure for ``people`` over ``period``."""
    answer = {}
    for figure, tally in FIGURES:
        numerator, denominator, counted, others = tally(people, period)
        entry: dict[str, Any] = {
            "numerator": numerator,
            "denominator": denominator,
            "value": value_of(figure.unit, numerator, denominator),
        }
        if with_people:
            entry["people"] = {"counted": sorted(counted), "not_counted": sorted(others)}
        answer[figure.id] = entry
    return answer
