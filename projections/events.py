"""What every view needs to know about an event, whatever its type.

Every event of a rebuild passes here, so ids and times are turned into text once and
plain fields without a call (docs/decisions/0014-remembered-ids-and-times-in-view-rows.md).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from domain.base import JourneyAggregate
from domain.person import Person
from domain.supervision import SupervisionNote

_ENVELOPE = {
    "originator_id",
    "originator_version",
    "timestamp",
    "originator_topic",
    "actor_subject",
    "actor_role",
}


def is_journey_event(event: Any) -> bool:
    """Supervision notes sit beside the journey: never in its document, timeline or caseload."""
    return not isinstance(event, SupervisionNote.Event)


def event_type(event: Any) -> str:
    return type(event).__name__


def person_id_of(event: JourneyAggregate.Event) -> UUID:
    if isinstance(event, Person.Event):
        return event.originator_id
    person_id: UUID = event.person_id  # type: ignore[attr-defined]
    return person_id


def goal_id_of(event: JourneyAggregate.Event) -> UUID | None:
    if isinstance(event, Person.Event):
        return None
    goal_id = getattr(event, "goal_id", None)
    return goal_id if goal_id is not None else event.originator_id


def step_id_of(event: JourneyAggregate.Event) -> UUID | None:
    return event.originator_id if hasattr(event, "goal_id") else None


def iso_time(moment: datetime) -> str:
    """UTC, fixed width, so stored times sort as text: ``2025-01-31T09:00:00.000000Z``."""
    # The last answer is kept: the fold, the timeline row and the replay frame each ask in turn
    # for the same event's time (one tuple, replaced whole, so threads never see half of it).
    global _last_time
    last = _last_time
    if last[0] is moment:
        return last[1]
    # isoformat rather than strftime, which is several times slower; the "+00:00" an aware UTC
    # time ends with is cut off rather than copying the time without its zone.
    text = moment.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"
    _last_time = (moment, text)
    return text


_last_time: tuple[datetime | None, str] = (None, "")


def uuid_text(value: UUID) -> str:
    """``str(value)``, remembered: a rebuild formats each id many times, and ``UUID.__str__``
    runs Python code. Keyed by the id's integer, whose hash and equality run none."""
    key = value.int
    text = _UUID_TEXTS.get(key)
    if text is None:
        if len(_UUID_TEXTS) >= _UUID_TEXTS_MAX:
            _UUID_TEXTS.clear()
        text = _UUID_TEXTS[key] = str(value)
    return text


_UUID_TEXTS: dict[int, str] = {}
_UUID_TEXTS_MAX = 100_000
#: Values that are JSON as they are: checked by exact type first, because nearly every field
#: of an event is one, and a rebuild converts every field of every event.
_PLAIN = frozenset({str, int, float, bool, type(None)})


def jsonable(value: Any) -> Any:
    """``value`` with ids, times and days as text and tuples as lists, however deep."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list or kind is tuple:
        return [v if type(v) in _PLAIN else jsonable(v) for v in value]
    if isinstance(value, UUID):
        return uuid_text(value)
    if isinstance(value, datetime):
        return iso_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def event_data(event: Any) -> dict[str, Any]:
    """The event's own fields (not its envelope), as JSON-ready values."""
    names = _OWN_FIELDS.get(type(event))
    if names is None:
        names = _OWN_FIELDS[type(event)] = tuple(
            f.name for f in dataclasses.fields(event) if f.name not in _ENVELOPE
        )
    data = {}
    for name in names:
        value = getattr(event, name)
        kind = type(value)
        # Plain values and ids, nearly every field, are converted here without a call.
        if kind in _PLAIN:
            data[name] = value
        elif kind is UUID:
            data[name] = uuid_text(value)
        else:
            data[name] = jsonable(value)
    return data


#: Each event class's own field names, looked up once: ``dataclasses.fields`` is slow.
_OWN_FIELDS: dict[type[Any], tuple[str, ...]] = {}
