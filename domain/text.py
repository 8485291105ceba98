"""Limits and checks for what people and workers write.

The person's words are kept verbatim: never trimmed, re-cased or normalised.
What is refused is what cannot be stored faithfully (NUL characters, unpaired
surrogates) and text past the documented limits below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from typing import TypeVar

from domain.errors import InvalidInputError

#: Names shown in lists: a person's display name.
NAME_MAX_CHARS = 200
#: Goal statements, step descriptions, GROW parts, single statements.
STATEMENT_MAX_CHARS = 2_000
#: Notes, reasons and the working agreement: longer free text.
NOTE_MAX_CHARS = 10_000
#: Identifiers chosen outside refocus: team ids, worker ids, external refs.
REFERENCE_MAX_CHARS = 100
#: People named as sharing a joint step.
WITH_WHOM_MAX_ITEMS = 20
#: Themes of a narrative entry.
THEMES_MAX_ITEMS = 20
#: People named as taking part in a review.
PARTICIPANTS_MAX_ITEMS = 30
#: Goals decided on in one review.
DECISIONS_MAX_ITEMS = 100
#: Entries on one life map.
LIFE_MAP_MAX_ENTRIES = 200

#: What ``str.isspace`` calls whitespace, spelled out so other regex engines agree (ECMA's ``\s``
#: differs: it lacks \x1c-\x1f and \x85).
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: ``text`` as a regular expression for the API's published schema: no NUL, not blank.
TEXT_PATTERN = rf"^[^\x00]*[^\x00{_SPACE}][^\x00]*$"
#: ``reference`` as a regular expression.
REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@:/+-]*$"

_REFERENCE = re.compile(REFERENCE_PATTERN.strip("^$"))

E = TypeVar("E", bound=Enum)


def text(field: str, value: str, max_chars: int) -> str:
    """Return ``value`` unchanged if it is storable, non-blank text within the limit."""
    if not isinstance(value, str):
        raise InvalidInputError(field, "must be text")
    if not value.strip():
        raise InvalidInputError(field, "must not be blank")
    if len(value) > max_chars:
        raise InvalidInputError(field, f"must be at most {max_chars} characters")
    if "\x00" in value:
        raise InvalidInputError(field, "must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(field, "must be valid Unicode text") from None
    return value


def optional_text(field: str, value: str | None, max_chars: int) -> str | None:
    return None if value is None else text(field, value, max_chars)


def reference(field: str, value: str) -> str:
    """An identifier from outside refocus (team, worker, external record)."""
    text(field, value, REFERENCE_MAX_CHARS)
    if not _REFERENCE.fullmatch(value):
        raise InvalidInputError(
            field, "must start with a letter or digit and use only letters, digits and . _ @ : / + -"
        )
    return value


def optional_reference(field: str, value: str | None) -> str | None:
    return None if value is None else reference(field, value)


def names(field: str, values: Iterable[str], max_items: int = WITH_WHOM_MAX_ITEMS) -> list[str]:
    if isinstance(values, str):
        raise InvalidInputError(field, "must be a list of names, not a single text")
    checked = [text(f"{field}[{i}]", v, NAME_MAX_CHARS) for i, v in enumerate(values)]
    if len(checked) > max_items:
        raise InvalidInputError(field, f"must have at most {max_items} items")
    return checked


def flag(field: str, value: object) -> bool:
    """A yes or no that must be said: never read from a missing or non-boolean answer."""
    if not isinstance(value, bool):
        raise InvalidInputError(field, "must be true or false")
    return value


def optional_choice(field: str, value: object, enum: type[E]) -> str | None:
    """The enum's word for ``value``, or None when it was not said."""
    return None if value is None else choice(field, value, enum).value


def choice(field: str, value: object, enum: type[E]) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in enum)
        raise InvalidInputError(field, f"must be one of: {allowed}") from None
