"""The text rules as the API publishes them (patterns) agree with the domain's own checks."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import pytest

from domain import text
from domain.errors import InvalidInputError

SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
SAMPLES = [
    *SPACES,
    *(space * 3 for space in SPACES),
    "\x00",
    "a\x00",
    "Sam",
    " Sam ",
    "\u200b",
    "\ufeff",
    "line\n",
    "\x1c\x85x",
    "north",
    "team-7/b@x",
    "-north",
    "no rth",
]


def accepted(check: Callable[[str], object], value: str) -> bool:
    try:
        check(value)
    except InvalidInputError:
        return False
    return True


@pytest.mark.parametrize(
    ("pattern", "check"),
    [
        (text.TEXT_PATTERN, lambda value: text.text("field", value, 100)),
        (text.REFERENCE_PATTERN, lambda value: text.reference("field", value)),
    ],
    ids=["text", "reference"],
)
def test_the_published_pattern_accepts_exactly_what_the_domain_accepts(
    pattern: str, check: Callable[[str], object]
) -> None:
    # `$` as JSON Schema and pydantic read it: the very end, not before a final newline.
    published = re.compile(pattern.removesuffix("$") + r"\Z")
    for value in SAMPLES:
        assert bool(published.match(value)) is accepted(check, value), repr(value)
