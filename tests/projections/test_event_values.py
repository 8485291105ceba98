"""Times and values as the views store them: fixed-width UTC text, ids as text, lists as lists."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from projections.events import iso_time, jsonable


def test_times_are_fixed_width_utc_even_on_a_whole_second() -> None:
    assert iso_time(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2026-01-02T03:04:05.000000Z"
    assert iso_time(datetime(2026, 1, 2, 3, 4, 5, 7, tzinfo=UTC)) == "2026-01-02T03:04:05.000007Z"


def test_a_time_in_another_zone_is_written_in_utc() -> None:
    two_hours_ahead = timezone(timedelta(hours=2))
    assert iso_time(datetime(2026, 1, 2, 3, 4, 5, 7, tzinfo=two_hours_ahead)) == "2026-01-02T01:04:05.000007Z"


@given(st.datetimes(timezones=st.just(UTC)))
def test_every_time_is_27_characters_and_reads_back_as_itself(moment: datetime) -> None:
    text = iso_time(moment)
    assert len(text) == 27 and text.endswith("Z")
    assert datetime.fromisoformat(text[:-1] + "+00:00") == moment


def test_values_become_json_ready_inside_lists_tuples_and_dicts() -> None:
    an_id = UUID("1eb38cd1-6eed-47b5-bf35-d4c1e4354a08")
    value = {"ids": (an_id,), "people": ["sister", 2], "on": date(2026, 1, 31), "none": None}
    assert jsonable(value) == {
        "ids": [str(an_id)],
        "people": ["sister", 2],
        "on": "2026-01-31",
        "none": None,
    }
