"""What a revision of a value says (manual, 3.3: values change over time, so the conversation
is never one-off): new words must say whether they are the person's own."""

from __future__ import annotations

from typing import Any

from domain import text
from domain.errors import InvalidInputError
from domain.vocabulary import Approach, WrittenBy


def revised_value(
    value: dict[str, Any],
    statement: str,
    in_own_words: bool | None,
    approach: str | None,
    written_by: str | None,
) -> dict[str, Any]:
    """The value's fields after the revision. Left out (None), ``in_own_words`` and ``written_by``
    stay as they were while the words stay the same; new words must give ``in_own_words``, and
    who wrote them is not said unless ``written_by`` is given."""
    checked = text.text("statement", statement, text.STATEMENT_MAX_CHARS)
    same_words = checked == value["statement"]
    if in_own_words is None and not same_words:
        raise InvalidInputError("in_own_words", "say whether the new words are the person's own")
    return {
        "statement": checked,
        "in_own_words": (
            value["in_own_words"] if in_own_words is None else text.flag("in_own_words", in_own_words)
        ),
        "approach": (
            value["approach"] if approach is None else text.choice("approach", approach, Approach).value
        ),
        "written_by": (
            value["written_by"]
            if written_by is None and same_words
            else text.optional_choice("written_by", written_by, WrittenBy)
        ),
    }
