"""A strength on the Strengths Worksheet: its fields, and the check each must pass."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain import text
from domain.vocabulary import LifeDomain, Resource, WorksheetColumn

_CHECKS: dict[str, Callable[[Any], Any]] = {
    "domain": lambda value: text.choice("domain", value, LifeDomain).value,
    "column": lambda value: text.choice("column", value, WorksheetColumn).value,
    "resource": lambda value: text.choice("resource", value, Resource).value,
    "statement": lambda value: text.text("statement", value, text.STATEMENT_MAX_CHARS),
    "in_own_words": bool,
}


def checked_fields(**given: Any) -> dict[str, Any]:
    """The given fields as recorded, each checked in the order given."""
    return {name: _CHECKS[name](value) for name, value in given.items()}
