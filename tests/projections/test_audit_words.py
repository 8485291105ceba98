"""The team audit's figures in words: one, several, nothing yet and not applicable, for each
kind of figure (manual, chapter 6)."""

from __future__ import annotations

import pytest

from projections.audit_figures import FIGURES
from projections.audit_words import figure_words, noun_of


@pytest.mark.parametrize(
    ("figure_id", "unit", "numerator", "denominator", "words"),
    [
        ("values_started", "share", 1, 1, "1 of 1 person (100%)."),
        ("values_started", "share", 2, 3, "2 of 3 people (67%)."),
        ("values_started", "share", 0, 3, "None yet of 3 people."),
        ("values_started", "share", 0, 0, "Not applicable: no people to count."),
        ("goals_approach", "share", 1, 1, "1 of 1 goal (100%)."),
        ("goals_approach", "share", 3, 4, "3 of 4 goals (75%)."),
        ("goals_approach", "share", 0, 0, "Not applicable: no goals to count."),
        ("steps_passive", "share", 0, 2, "None yet of 2 steps."),
        ("avoidance_goals_reframed", "share", 1, 2, "1 of 2 avoidance goals (50%)."),
        ("passive_steps_moved", "share", 1, 1, "1 of 1 passive step (100%)."),
        ("steps_completed", "share", 2, 5, "2 of 5 finished steps (40%)."),
        ("reviews_on_time", "share", 1, 1, "1 of 1 review (100%)."),
        ("reviews_on_time", "share", 0, 0, "Not applicable: no reviews to count."),
        ("check_reflects_values", "share", 1, 2, "1 of 2 plans (50%)."),
        ("areas_answered_per_person", "per_person", 2, 3, "0.67 a person: 2 across 3 people."),
        ("areas_answered_per_person", "per_person", 1, 1, "1 a person: 1 across 1 person."),
        ("coaching_per_person", "per_person", 0, 2, "0 a person: 0 across 2 people."),
        ("coaching_per_person", "per_person", 0, 0, "Not applicable: no people to count."),
        (
            "median_days_between_reviews",
            "median_days",
            1,
            1,
            "1 day, the median of 1 interval between reviews.",
        ),
        (
            "median_days_between_reviews",
            "median_days",
            20.5,
            2,
            "20.5 days, the median of 2 intervals between reviews.",
        ),
        (
            "median_days_between_reviews",
            "median_days",
            None,
            0,
            "Not applicable: no intervals between reviews to count.",
        ),
    ],
)
def test_figure_words(
    figure_id: str, unit: str, numerator: float | None, denominator: int, words: str
) -> None:
    assert figure_words(figure_id, unit, numerator, denominator) == words


def test_every_figure_names_what_it_counts_and_cites_the_manual() -> None:
    for figure, _ in FIGURES:
        assert noun_of(figure.id)
        assert figure.manual, figure.id
        assert figure.numerator.endswith(".") and figure.denominator.endswith("."), figure.id
