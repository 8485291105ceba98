"""Stored events sealed with AES-GCM: a person's under their own data key, the rest under the
service's data key (docs/decisions/0016-encryption-at-rest.md). Every data key is wrapped by
the master key ring, so a rotation re-wraps keys and never rewrites an event.

The envelope names its key in clear, so a reader finds the key without trying any::

    0x01 | person id (16 bytes) | nonce (12) | ciphertext and tag     a person's data key
    0x01 | 16 zero bytes        | nonce (12) | ciphertext and tag     the service's data key
    {...                                                               plain JSON

Plain JSON is what the store held before encryption at rest, or with it switched off for
benchmarking; it is still read, so an existing store keeps working and new writes are sealed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    EventStore,
    Mapper,
    MapperDeserialisationError,
    Recording,
    StoredEvent,
    Transcoder,
)
from eventsourcing.utils import get_topic, resolve_topic

from application.encryption.data_keys import SERVICE_KEY, DataKeys
from application.encryption.nonces import NONCE_BYTES, NONCES
from domain.goal import Goal
from domain.person import Person
from domain.step import Step
from domain.supervision import SupervisionNote

PERSON_SEALED = 1
PLAIN_JSON = ord("{")
_HEADER = 17  # format byte and person id

#: Events whose aggregate belongs to one person, sealed under that person's data key. Any other
#: aggregate's events (for instance a record that a person's data was erased) are sealed under
#: the service's own data key (:data:`SERVICE_KEY`), so they outlive the person's key.
_PERSON_EVENTS = (Person.Event, Goal.Event, Step.Event, SupervisionNote.Event)


def person_of(event: Any) -> UUID:
    """The person whose data key seals ``event``, or :data:`SERVICE_KEY`."""
    if isinstance(event, Person.Event):
        return event.originator_id
    if isinstance(event, _PERSON_EVENTS):
        return cast(UUID, getattr(event, "person_id"))  # noqa: B009 -- every such event but a person's has one
    return SERVICE_KEY


class SealingMapper(Mapper[UUID]):
    """The library's mapper, sealing each event's state (``sealing=False``: plain, for benchmarks)."""

    def __init__(self, transcoder: Transcoder, data_keys: DataKeys, *, sealing: bool = True) -> None:
        super().__init__(transcoder)
        self.data_keys = data_keys
        self.sealing = sealing
        # The class of each topic, and each class's person rule, found once.
        self._classes: dict[str, type[Any]] = {}

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        event_state = dict(vars(domain_event))
        originator_id = event_state.pop("originator_id")
        originator_version = event_state.pop("originator_version")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            event_state["class_version"] = class_version
        state = self.transcoder.encode(event_state)
        if self.sealing:
            state = self.seal(state, person_of(domain_event))
        return StoredEvent(originator_id, originator_version, get_topic(type(domain_event)), state)

    def seal(self, plain: bytes, person_id: UUID) -> bytes:
        nonce = NONCES.next()
        cipher = self.data_keys.for_writing(person_id)
        return b"\x01" + person_id.bytes + nonce + cipher.encrypt(nonce, plain, None)

    def open(self, state: bytes) -> bytes:
        """The plain JSON of a stored state; raises ``PersonDataErased`` for an erased person's."""
        kind = state[0]
        if kind == PLAIN_JSON:
            return state
        if kind == PERSON_SEALED:
            cipher = self.data_keys.for_reading(state[1:_HEADER])
            sealed = memoryview(state)  # slices without copying the ciphertext
            return cipher.decrypt(
                sealed[_HEADER : _HEADER + NONCE_BYTES], sealed[_HEADER + NONCE_BYTES :], None
            )
        raise ValueError(f"unknown stored event format {kind}")

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        topic = stored_event.topic
        cls = self._classes.get(topic)
        if cls is None:
            cls = self._classes[topic] = resolve_topic(topic)
        state = bytes(stored_event.state)
        plain = self.open(state)  # outside the try: an erased person's event is no damaged one
        try:
            event_state: dict[str, Any] = self.transcoder.decode(plain)
        except Exception as error:
            raise MapperDeserialisationError(
                f"Failed to deserialise state of stored event with topic '{topic}', originator_id"
                f" '{stored_event.originator_id}' and originator_version {stored_event.originator_version}"
            ) from error
        event_state["originator_id"] = stored_event.originator_id
        event_state["originator_version"] = stored_event.originator_version
        class_version = getattr(cls, "class_version", 1)
        from_version = event_state.pop("class_version", 1)
        while from_version < class_version:
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(event_state)
            from_version += 1
        domain_event = object.__new__(cls)
        object.__setattr__(domain_event, "__dict__", event_state)
        return cast(DomainEventProtocol[UUID], domain_event)


class SealingEventStore(EventStore[UUID]):
    """Stores each new person's data key in the same transaction as their first event."""

    mapper: SealingMapper

    def put(self, domain_events: Sequence[DomainEventProtocol[UUID]], **kwargs: Any) -> list[Recording[UUID]]:
        if self.mapper.sealing:
            new_keys = [
                self.mapper.data_keys.new_key(event.originator_id)
                for event in domain_events
                if isinstance(event, Person.Event)
                and event.originator_version == 1
                and not self.mapper.data_keys.knows(event.originator_id)
            ]
            if new_keys:
                kwargs["data_keys"] = new_keys
        return super().put(domain_events, **kwargs)
