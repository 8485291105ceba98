"""A life map's entries (the visual approach to values): what each may hold, checked as drawn."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from domain import text
from domain.errors import InvalidInputError

#: Every entry has a label; these say more about it, and may be left out.
_OPTIONAL_FIELDS = ("detail", "group", "when")


def checked_entries(entries: Sequence[Mapping[str, str | None]]) -> list[dict[str, str | None]]:
    """The entries as recorded: each checked, in order, with every field present."""
    if len(entries) > text.LIFE_MAP_MAX_ENTRIES:
        raise InvalidInputError("entries", f"must have at most {text.LIFE_MAP_MAX_ENTRIES} items")
    return [_checked_entry(f"entries[{i}]", entry) for i, entry in enumerate(entries)]


def _checked_entry(where: str, entry: Mapping[str, str | None]) -> dict[str, str | None]:
    unknown = set(entry) - {"label", *_OPTIONAL_FIELDS}
    if unknown:
        raise InvalidInputError(where, f"unknown fields: {', '.join(sorted(unknown))}")
    # A missing label is refused as a blank one.
    label = entry.get("label") or ""
    checked: dict[str, str | None] = {"label": text.text(f"{where}.label", label, text.NAME_MAX_CHARS)}
    for name in _OPTIONAL_FIELDS:
        checked[name] = text.optional_text(f"{where}.{name}", entry.get(name), text.STATEMENT_MAX_CHARS)
    return checked
