"""JSON text for the views' columns and the replay stream, written with orjson.

orjson rather than the standard library's encoder, which was a large share of a
replay's and a rebuild's work (docs/decisions/0005-orjson-for-stored-events-and-views.md).
Its text is compact (no spaces after ``:`` and ``,``) and UTF-8, like
``ensure_ascii=False``: any JSON reader, the stdlib's included, reads it, and so do
these functions read text the stdlib wrote before.
"""

from __future__ import annotations

from typing import Any

import orjson


def dumps(value: Any) -> str:
    # Keys that are not text (none are expected) are written as text rather than refused
    # in the middle of a rebuild.
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def loads(text: str | bytes) -> Any:
    return orjson.loads(text)
