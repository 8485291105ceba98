"""The quality of a strengths assessment, criterion by criterion (manual, 4.3).

A good assessment is complete, partnership-based (in the person's own words, with
information written by the person), includes external resources in each domain,
captures the person's skills, talents and passions, is reached in mutual agreement
with the person, and is updated. Each criterion answers ``{outcome, met, detail}``:
``outcome`` is ``met``, ``not_met`` or ``not_applicable``, ``met`` is true only when
it is met, and ``detail`` says in words what is missing and what to do next.

The criteria judge the six life domains; the "anything else" row (manual,
Appendix 3) is optional, so it never makes an assessment incomplete or out of date,
though what is written in it counts for the partnership criteria. The report informs;
it never blocks recording.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain.vocabulary import CriterionOutcome

#: The life domains as the details name them (manual, Appendix 3).
ROW_WORDS = {
    "daily_living": "daily living",
    "financial": "financial",
    "occupational": "occupational",
    "social_supports": "social supports",
    "health": "health",
    "spiritual_cultural": "spiritual and cultural",
    "anything_else": "anything else",
}

Criterion = dict[str, Any]


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def listed_names(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def listed(rows: Sequence[str]) -> str:
    """The rows in words, listed."""
    return listed_names([ROW_WORDS.get(row, row) for row in rows])


def _in_domains(domains: Sequence[str]) -> str:
    """``1 life domain: health`` / ``2 life domains: health and financial``."""
    return f"{count(len(domains), 'life domain')}: {listed(domains)}"


def _answer(outcome: CriterionOutcome, detail: str) -> Criterion:
    return {"outcome": outcome.value, "met": outcome is CriterionOutcome.MET, "detail": detail}


def complete(name: str, recorded: int, missing: Sequence[str]) -> Criterion:
    """Complete: each life domain has information (manual, 4.3 "Complete")."""
    if recorded == 0:
        return _answer(
            CriterionOutcome.NOT_MET,
            f"Nothing is recorded on the worksheet yet: go through the six life domains with {name}.",
        )
    if missing:
        them = "it" if len(missing) == 1 else "them"
        return _answer(
            CriterionOutcome.NOT_MET,
            f"Nothing is recorded yet in {_in_domains(missing)}. Go through {them} with {name}.",
        )
    return _answer(CriterionOutcome.MET, "Every life domain has something recorded.")


def own_words(name: str, recorded: int, not_own: int) -> Criterion:
    """Partnership-based: the strengths are in the person's own words (manual, 4.3
    "Partnership-based"). Met when every current strength is; nothing to judge before any is
    recorded."""
    if recorded == 0:
        return _answer(
            CriterionOutcome.NOT_APPLICABLE,
            f"No strength is recorded yet: record each in {name}'s own words.",
        )
    if not_own:
        verb, them = ("is", "it") if not_own == 1 else ("are", "them")
        return _answer(
            CriterionOutcome.NOT_MET,
            f"{count(not_own, 'strength')} {verb} not in {name}'s own words: revisit {them} with {name}.",
        )
    every = "The 1 strength recorded is" if recorded == 1 else f"All {recorded} strengths are"
    return _answer(CriterionOutcome.MET, f"{every} in {name}'s own words.")


def written_by_person(name: str, recorded: int, by_person: int, unsaid: int) -> Criterion:
    """Partnership-based: information written by the person somewhere on the worksheet
    (manual, 4.3 "information written by the person"). Met when at least one current strength
    is recorded as written by the person; a strength that does not say who wrote it does not
    count, and the detail says how many do not say."""
    invite = f"invite {name} to write some of the worksheet."
    if recorded == 0:
        return _answer(CriterionOutcome.NOT_APPLICABLE, f"No strength is recorded yet: {invite}")
    if by_person:
        return _answer(CriterionOutcome.MET, f"{name} wrote {count(by_person, 'strength')} on the worksheet.")
    none = (
        "The 1 strength is not" if recorded == 1 else f"None of the {recorded} strengths is"
    ) + f" recorded as written by {name}"
    if unsaid:
        none += " (1 does not say who wrote it)" if unsaid == 1 else f" ({unsaid} do not say who wrote them)"
    return _answer(CriterionOutcome.NOT_MET, f"{none}: {invite}")


def external_resources(name: str, recorded: int, without: Sequence[str]) -> Criterion:
    """Includes external resources in each life domain, not only internal or service ones
    (manual, 4.3 "Includes external resources")."""
    if recorded == 0:
        return _answer(
            CriterionOutcome.NOT_MET,
            f"Nothing is recorded yet: ask who and what helps {name} in each life domain.",
        )
    if without:
        return _answer(
            CriterionOutcome.NOT_MET,
            f"No external resource yet in {_in_domains(without)}. Ask who and what helps {name} there.",
        )
    return _answer(CriterionOutcome.MET, "Every life domain has an external resource.")


def skills_and_passions(name: str, recorded: int, without: Sequence[str]) -> Criterion:
    """Captures the person's skills, talents, accomplishments and abilities: "what they know
    about, care about and have a passion for in each life domain" (manual, 4.3).

    Read as: every life domain holds at least one internal resource of the person's, in any
    column. The manual's internal resources (4.1) are exactly these: personal qualities,
    talents, knowledge, skills, interests and aspirations. An external or service resource
    alone says what helps the person, not what the person brings.
    """
    ask = f"what {name} knows about, cares about and has a passion for"
    if recorded == 0:
        return _answer(CriterionOutcome.NOT_MET, f"Nothing is recorded yet: ask {ask} in each life domain.")
    if without:
        return _answer(
            CriterionOutcome.NOT_MET,
            f"No skill, talent or passion of {name}'s yet in {_in_domains(without)}. Ask {ask} there.",
        )
    return _answer(CriterionOutcome.MET, f"Every life domain has a skill, talent or passion of {name}'s.")


def agreed(name: str, recorded: int, agreed_on: str | None, changed_since: int) -> Criterion:
    """Reached in mutual agreement with the person (manual, 4.3 "Reaching a mutual agreement on
    the assessment"), recorded by ``WorksheetAgreed``.

    An agreement covers the worksheet as it stood: once a strength is identified, revised or
    removed after it, the agreement needs renewing and the criterion is not met until the
    worksheet is agreed again. Reviewing a domain without changing it keeps the agreement.
    """
    if agreed_on is None:
        if recorded == 0:
            return _answer(CriterionOutcome.NOT_APPLICABLE, "Nothing is recorded yet to agree.")
        return _answer(
            CriterionOutcome.NOT_MET,
            f"The worksheet has not been agreed with {name} yet: "
            "go through it together and record the agreement.",
        )
    if changed_since:
        verb = "has" if changed_since == 1 else "have"
        return _answer(
            CriterionOutcome.NOT_MET,
            f"Agreed with {name} on {agreed_on}, but {count(changed_since, 'strength')} {verb} "
            "changed since: agree the worksheet again.",
        )
    return _answer(CriterionOutcome.MET, f"Agreed with {name} on {agreed_on}.")


def up_to_date(
    name: str, stale: Sequence[str], any_reviewed: bool, stale_after_days: int, discharged: bool
) -> Criterion:
    """Updated: "clear when last updated and sufficiently current to be useable" (manual, 4.3),
    domain by domain. Each life domain is current when a strength in it changed, it was reviewed
    with the person, or the worksheet was agreed, within the stale window; not applicable once
    the person is discharged, when the worksheet is kept as it stood."""
    window = "day" if stale_after_days == 1 else f"{stale_after_days} days"
    if discharged:
        return _answer(
            CriterionOutcome.NOT_APPLICABLE, f"{name} has been discharged: the worksheet is kept as it stood."
        )
    if not any_reviewed:
        return _answer(
            CriterionOutcome.NOT_MET,
            f"No life domain has been gone through yet: review the worksheet with {name}.",
        )
    if stale:
        verb, them = ("has", "it") if len(stale) == 1 else ("have", "them")
        return _answer(
            CriterionOutcome.NOT_MET,
            f"{count(len(stale), 'life domain')} {verb} not been reviewed in the last {window}: "
            f"{listed(stale)}. Review {them} with {name}.",
        )
    return _answer(CriterionOutcome.MET, f"Every life domain has been reviewed in the last {window}.")
