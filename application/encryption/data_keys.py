"""Each person's data key: random, stored wrapped by the master key, destroyed on erasure.

A person's events are sealed with their own key, so destroying that one key (crypto-shredding)
makes every copy of their events unreadable, in the store and in its backups, without
rewriting any event. The wrapped keys live in ``refocus_data_keys`` beside the events;
a person's key is written in the same transaction as their first event.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from application.encryption.master_keys import MasterKeyRing
from application.encryption.nonces import NONCE_BYTES, NONCES
from application.errors import PersonDataErased

#: Unwrapped keys kept in memory per process; a miss costs one indexed read.
KEYS_REMEMBERED = 65_536
#: What a destroyed key's row holds instead of a key: the row stays so that no later write
#: makes the person a new key, and the key itself is gone.
DESTROYED = "destroyed"
#: The data key of events that belong to no person, wrapped and rotated like the people's.
SERVICE_KEY = UUID(int=0)

#: A stored key: (person, master key id, the data key wrapped by that master key).
DataKeyRow = tuple[UUID, str, bytes]


class DataKeyRows(Protocol):
    """Where the wrapped keys are kept: the event store's recorder (``application.storage.key_rows``)."""

    def select_data_key(self, person_id: UUID) -> tuple[str, bytes] | None: ...

    def insert_data_key(self, row: DataKeyRow) -> None:
        """Insert unless the person has a row already (then keep that one)."""

    def destroy_data_key(self, person_id: UUID) -> None: ...

    def select_data_keys(self) -> list[DataKeyRow]: ...

    def update_data_keys(self, rows: list[DataKeyRow]) -> None: ...


class MissingDataKeyError(RuntimeError):
    """A sealed event names a person whose key row the store lacks."""


class DataKeys:
    """Unwraps, caches, creates and destroys the people's data keys."""

    def __init__(self, ring: MasterKeyRing, rows: DataKeyRows | None = None) -> None:
        self.ring = ring
        self._rows: DataKeyRows = rows if rows is not None else _NoRows()
        # By the person's id as 16 bytes, as the sealed events name them.
        self._ciphers: dict[bytes, AESGCM] = {}
        self._lock = threading.Lock()

    def attach(self, rows: DataKeyRows) -> None:
        """Keep the keys in ``rows`` (the recorder, made after the mapper that needs this)."""
        self._rows = rows

    def for_reading(self, person: bytes) -> AESGCM:
        """The cipher of the person whose id is ``person`` (16 bytes); raises
        :class:`PersonDataErased` if their key was destroyed."""
        cipher = self._ciphers.get(person)
        if cipher is not None:
            return cipher
        person_id = UUID(bytes=person)
        stored = self._rows.select_data_key(person_id)
        if stored is None:
            # Not an erasure (that leaves a marker): a store whose keys did not come with its
            # events. Readers must stop here, never pass the person's events over as erased.
            raise MissingDataKeyError(f"no data key for {person_id} in this store")
        if stored[0] == DESTROYED:
            raise PersonDataErased(person_id)
        return self._remember(person, self._unwrap(person_id, *stored))

    def for_writing(self, person_id: UUID) -> AESGCM:
        """The person's cipher, making and storing their key first if they have none (a journey
        begun before encryption at rest): in its own transaction, kept if another process made
        one first."""
        person = person_id.bytes
        cipher = self._ciphers.get(person)
        if cipher is not None:
            return cipher
        with self._lock:
            stored = self._rows.select_data_key(person_id)
            if stored is None:
                self._rows.insert_data_key(self._wrapped(person_id, AESGCM.generate_key(256)))
                stored = self._rows.select_data_key(person_id)
                assert stored is not None
        if stored[0] == DESTROYED:
            raise PersonDataErased(person_id)
        return self._remember(person, self._unwrap(person_id, *stored))

    def new_key(self, person_id: UUID) -> DataKeyRow:
        """A key for a person who has none yet, remembered here; the caller stores the row with
        the person's first event."""
        key = AESGCM.generate_key(256)
        self._remember(person_id.bytes, AESGCM(key))
        return self._wrapped(person_id, key)

    def knows(self, person_id: UUID) -> bool:
        return person_id.bytes in self._ciphers

    def destroy(self, person_id: UUID) -> None:
        """Destroy the person's key: their events can no longer be read, here or anywhere.

        Other processes forget their copy when they restart; erasure also stops them serving
        the person's journey (their read models are purged)."""
        if person_id == SERVICE_KEY:
            raise ValueError("the service's own data key belongs to no person")
        self._rows.destroy_data_key(person_id)
        self._ciphers.pop(person_id.bytes, None)

    def rewrap(self) -> int:
        """Wrap every stored key with the ring's current master key; returns how many changed."""
        current = self.ring.current.key_id
        rewrapped = [
            self._wrapped(person_id, self._unwrap_key(person_id, key_id, wrapped))
            for person_id, key_id, wrapped in self._rows.select_data_keys()
            if key_id not in (current, DESTROYED)
        ]
        self._rows.update_data_keys(rewrapped)
        return len(rewrapped)

    def _remember(self, person: bytes, cipher: AESGCM) -> AESGCM:
        if len(self._ciphers) >= KEYS_REMEMBERED:
            self._ciphers.clear()  # rarely: cheaper than an LRU on every event
        self._ciphers[person] = cipher
        return cipher

    def _wrapped(self, person_id: UUID, key: bytes) -> DataKeyRow:
        master = self.ring.current
        nonce = NONCES.next()
        return person_id, master.key_id, nonce + master.cipher.encrypt(nonce, key, person_id.bytes)

    def _unwrap(self, person_id: UUID, key_id: str, wrapped: bytes) -> AESGCM:
        return AESGCM(self._unwrap_key(person_id, key_id, wrapped))

    def _unwrap_key(self, person_id: UUID, key_id: str, wrapped: bytes) -> bytes:
        wrapped = bytes(wrapped)
        try:
            return self.ring.cipher(key_id).decrypt(
                wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], person_id.bytes
            )
        except InvalidTag:
            raise ValueError(
                f"the data key of {person_id} does not open with master key {key_id!r}"
            ) from None


class _NoRows:
    def __getattr__(self, name: str) -> Any:
        raise RuntimeError("the data keys have no table yet: attach() the recorder first")
