"""Sealed columns: the read models' text that holds a person's words, encrypted at rest.

The views never see a key: the runtime hands the store a :class:`TextSeal` (the application's
master key ring, ``application.encryption.columns``), and every column that holds a person's
words is written through ``seal`` and read through ``open``. Nothing is sorted or searched in
SQL by such a column. :data:`PLAIN` leaves the text as it is (encryption switched off).
"""

from __future__ import annotations

from typing import Protocol


class TextSeal(Protocol):
    #: Whether ``seal`` encrypts: views written one way are rebuilt when it changes.
    sealing: bool

    def seal(self, text: str) -> str: ...

    def open(self, text: str) -> str: ...


class _Plain:
    sealing = False

    def seal(self, text: str) -> str:
        return text

    def open(self, text: str) -> str:
        return text


PLAIN: TextSeal = _Plain()


def seal_data_and_summary(seal: TextSeal, data: str, summary: str) -> tuple[str, str]:
    """A timeline row's data and summary as stored (``data``, ``summary`` columns): sealed, both go
    in ``data``, as one value (one encryption per row, not two), and ``summary`` is left empty.
    Data is JSON text, which holds no raw line break: the first one ends it."""
    if not seal.sealing:
        return data, summary
    return seal.seal(data + "\n" + summary), ""


def open_data_and_summary(seal: TextSeal, data: str, summary: str) -> tuple[str, str]:
    if not seal.sealing:
        return data, summary
    data, _, summary = seal.open(data).partition("\n")
    return data, summary


def seal_optional(seal: TextSeal, text: str | None) -> str | None:
    return None if text is None else seal.seal(text)


def open_optional(seal: TextSeal, text: str | None) -> str | None:
    return None if text is None else seal.open(text)
