"""The team audit's figures in words, as a team meeting reads them (manual, chapter 6: audit
feeds reflection on practice): what was counted, out of what, and what the figure is."""

from __future__ import annotations

from projections.words import count

#: What each figure's denominator counts, by the figure's id; people unless named here.
_NOUNS = {
    "avoidance_goals_reframed": "avoidance goal",
    "passive_steps_moved": "passive step",
    "steps_completed": "finished step",
    "reviews_on_time": "review",
    "reviews_with_person": "review",
    "median_days_between_reviews": "interval between reviews",
}
_PLURALS = {"interval between reviews": "intervals between reviews"}
_PREFIXES = (("goals_", "goal"), ("steps_", "step"), ("check_", "plan"))


def noun_of(figure_id: str) -> str:
    """The thing a figure counts, in the singular."""
    if figure_id in _NOUNS:
        return _NOUNS[figure_id]
    return next((noun for prefix, noun in _PREFIXES if figure_id.startswith(prefix)), "person")


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def figure_words(figure_id: str, unit: str, numerator: float | None, denominator: int) -> str:
    """``2 of 3 people (67%)``; ``None yet of 2 goals``; ``Not applicable: no reviews to count``;
    a mean per person or a median in days says so."""
    noun = noun_of(figure_id)
    plural = _PLURALS.get(noun)
    if not denominator or numerator is None:
        return f"Not applicable: {count(0, noun, plural)} to count."
    counted = count(denominator, noun, plural)
    if unit == "median_days":
        days = "day" if numerator == 1 else "days"
        return f"{_number(numerator)} {days}, the median of {counted}."
    if unit == "per_person":
        return f"{_number(numerator / denominator)} a person: {_number(numerator)} across {counted}."
    if not numerator:
        return f"None yet of {counted}."
    share = round(100 * numerator / denominator)
    return f"{_number(numerator)} of {counted} ({share}%)."
