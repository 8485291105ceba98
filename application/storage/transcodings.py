"""How values that JSON lacks are stored inside events, and how stored events are read back."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import JSONTranscoder, Transcoding, UUIDAsHex


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


#: A journey's events name the same few ids again and again (every step event its person and
#: goal), and ``UUID(hex)`` runs Python code where a hit here does not. UUIDs are immutable, so
#: one instance serves every event.
uuid_from_hex = lru_cache(maxsize=1 << 16)(UUID)


class RememberedUUIDAsHex(UUIDAsHex):
    """The library's ``uuid_hex`` transcoding (same name, same stored text), decoding through
    :data:`uuid_from_hex`."""

    def decode(self, data: str) -> UUID:
        if type(data) is not str:
            raise TypeError(f"a uuid_hex is stored as text, not {type(data).__name__}")
        return uuid_from_hex(data)


class FastDecodingJSONTranscoder(JSONTranscoder):
    """The library's JSON transcoder, decoding with orjson: the same stored format both ways.

    The standard library's decoder parses in C but builds each JSON object for a
    Python hook through its Python-level scanner; orjson parses in C and the
    library's hook is then applied to each object, innermost first as
    ``object_hook`` applies it, so every answer is the same, for markedly less CPU on a
    replay. Encoding stays the library's: orjson would
    write UUIDs and dates as plain strings, not as the typed values stored
    events hold.
    """

    def decode(self, data: bytes) -> Any:
        try:
            return self._typed(orjson.loads(data))
        except (orjson.JSONDecodeError, _FloatSeenError):
            return super().decode(data)

    def _typed(self, value: Any) -> Any:
        kind = type(value)
        if kind is dict:
            for key, item in value.items():
                kind = type(item)
                if kind is dict:
                    value[key] = self._typed_value(item)
                elif kind is list:
                    value[key] = self._typed(item)
                elif kind is float:
                    raise _FloatSeenError
            return self._decode_obj(value) if len(value) == 2 else value
        if kind is list:
            return [self._typed(item) for item in value]
        if kind is float:
            raise _FloatSeenError
        return value

    def _typed_value(self, item: dict[str, Any]) -> Any:
        # Most objects inside an event are one typed value with a string as its data (a UUID,
        # a time): decoded here at once, as the hook would.
        data = item.get("_data_")
        if len(item) == 2 and type(data) is str:
            transcoding = self.names.get(item.get("_type_"))  # type: ignore[arg-type]
            if transcoding is not None:
                return transcoding.decode(data)
        return self._typed(item)


class _FloatSeenError(Exception):
    """orjson reads numbers beyond 64 bits as floats, losing digits; events hold no floats, so
    any float sends the event to the library's decoder, which reads each number exactly."""
