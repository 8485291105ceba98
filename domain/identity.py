"""How the person wants to be named and referred to: a preferred name and pronouns, each in
their own words, optional, kept verbatim like every other word of theirs (domain.text)."""

from __future__ import annotations

from domain import text


def checked(preferred_name: str | None, pronouns: str | None) -> dict[str, str | None]:
    """The two fields as an event stores them; None is "not given" and clears an earlier answer."""
    return {
        "preferred_name": text.optional_text("preferred_name", preferred_name, text.NAME_MAX_CHARS),
        "pronouns": text.optional_text("pronouns", pronouns, text.NAME_MAX_CHARS),
    }
