"""Stored events decode with orjson exactly as with the library's own JSON transcoder."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder, TranscodingNotRegisteredError, UUIDAsHex
from hypothesis import given, settings
from hypothesis import strategies as st

from application.journeys import RecoveryJourneys
from application.storage.transcodings import DateAsISO, FastDecodingJSONTranscoder, RememberedUUIDAsHex
from application.storage.urls import store_env
from domain.actor import acting_as
from tests.conftest import ALICE
from tests.journeys import identify, plan, register


def _library() -> JSONTranscoder:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DatetimeAsISO(), DateAsISO()):
        transcoder.register(transcoding)
    return transcoder


def _fast() -> FastDecodingJSONTranscoder:
    transcoder = FastDecodingJSONTranscoder()
    for transcoding in (RememberedUUIDAsHex(), DatetimeAsISO(), DateAsISO()):
        transcoder.register(transcoding)
    return transcoder


LIBRARY, FAST = _library(), _fast()

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.uuids()
    | st.dates()
    | st.datetimes(timezones=st.just(UTC))
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@pytest.mark.slow
@settings(max_examples=300)
@given(state=st.dictionaries(st.text(max_size=12), values, max_size=8))
def test_any_state_the_library_encodes_decodes_to_what_the_library_decodes(state: dict[str, Any]) -> None:
    stored = LIBRARY.encode(state)
    assert FAST.decode(stored) == LIBRARY.decode(stored) == state


def test_the_applications_stored_events_decode_as_the_library_decodes_them() -> None:
    journeys = RecoveryJourneys(env=store_env("memory://"))
    assert isinstance(journeys.mapper.transcoder, FastDecodingJSONTranscoder)
    with acting_as(ALICE):
        person = register(journeys)
        goal = identify(journeys, person, target_date=date.today() + timedelta(days=30))
        value = journeys.record_value(person, "other_identity", "Family", True, "visual").id
        journeys.link_goal(goal, [value])
        step = plan(journeys, goal, due=date.today() + timedelta(days=3))
        journeys.start_step(step)
        journeys.revise_goal(goal, target_date=date.today() + timedelta(days=60))
    stored = journeys.recorder.select_notifications(start=1, limit=100)
    assert len(stored) == 7
    for notification in stored:
        plain = journeys.mapper.open(notification.state)
        assert FAST.decode(plain) == LIBRARY.decode(plain)
        event = journeys.mapper.to_domain_event(notification)
        assert isinstance(event.timestamp, datetime)


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        # orjson would answer a float for an integer beyond 64 bits, losing digits.
        (b'{"big":123456789012345678901234567890}', {"big": 123456789012345678901234567890}),
        (
            b'{"deep":[{"big":-123456789012345678901234567890}]}',
            {"deep": [{"big": -123456789012345678901234567890}]},
        ),
        (b'{"x":NaN}', None),  # orjson refuses NaN; the library reads it
        (
            b'{"when":{"_type_":"date_iso","_data_":"2026-01-31"},"f":1.5}',
            {"when": date(2026, 1, 31), "f": 1.5},
        ),
    ],
)
def test_what_orjson_reads_otherwise_is_decoded_the_librarys_way(stored: bytes, expected: Any) -> None:
    decoded = FAST.decode(stored)
    assert repr(decoded) == repr(LIBRARY.decode(stored))
    if expected is not None:
        assert decoded == expected


def test_an_unknown_typed_value_is_refused_as_the_library_refuses_it() -> None:
    stored = b'{"x":{"_type_":"no_such_type","_data_":"1"}}'
    with pytest.raises(TranscodingNotRegisteredError):
        LIBRARY.decode(stored)
    with pytest.raises(TranscodingNotRegisteredError):
        FAST.decode(stored)


def test_ids_decode_to_one_shared_uuid_each_and_encode_as_the_librarys() -> None:
    journeys = RecoveryJourneys(env=store_env("memory://"))
    transcoder = journeys.mapper.transcoder
    assert isinstance(transcoder, FastDecodingJSONTranscoder)
    assert isinstance(transcoder.names["uuid_hex"], RememberedUUIDAsHex)
    an_id = UUID("1eb38cd1-6eed-47b5-bf35-d4c1e4354a08")
    stored = transcoder.encode({"a": an_id, "b": [an_id]})
    assert stored == LIBRARY.encode({"a": an_id, "b": [an_id]})
    first, again = transcoder.decode(stored), transcoder.decode(stored)
    assert first == {"a": an_id, "b": [an_id]}
    assert first["a"] is first["b"][0] is again["a"]  # immutable, so shared


def test_an_id_stored_as_anything_but_text_is_refused() -> None:
    with pytest.raises(TypeError, match="uuid_hex"):
        FAST.decode(b'{"x":{"_type_":"uuid_hex","_data_":12}}')
