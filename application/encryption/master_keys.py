"""The master key ring: the keys that wrap each person's data key and seal the read models.

A ring is newest first: new writes use the first key, and every key in it still opens
what it sealed, so a rotation adds a key without making anything unreadable
(docs/decisions/0016-encryption-at-rest.md). It comes from ``REFOCUS_ENCRYPTION_KEY``
(``id:base64key`` entries, comma-separated, newest first) or from a key file generated
once into the data directory, ``0600`` like the signing key.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from application.storage.files import PRIVATE_FILE, private_directory

KEY_FILE = "encryption-keys"
KEY_BYTES = 32
#: The id of a key given in the environment without one.
UNNAMED_KEY_ID = "env"
_KEY_ID = re.compile(r"[A-Za-z0-9._-]{1,32}")


class KeyRingError(ValueError):
    """Raised when a key ring is malformed; the message names the setting, never a key."""


@dataclass(frozen=True)
class MasterKey:
    key_id: str
    secret: bytes

    def __post_init__(self) -> None:
        if not _KEY_ID.fullmatch(self.key_id):
            raise KeyRingError("a master key id is 1 to 32 letters, digits, '.', '_' or '-'")
        if len(self.secret) != KEY_BYTES:
            raise KeyRingError(f"a master key is {KEY_BYTES} bytes (base64 of 32 random bytes)")

    @property
    def cipher(self) -> AESGCM:
        return AESGCM(self.secret)

    def text(self) -> str:
        return f"{self.key_id}:{base64.b64encode(self.secret).decode('ascii')}"


class MasterKeyRing:
    """Master keys by id, the first one current."""

    def __init__(self, keys: list[MasterKey]) -> None:
        if not keys:
            raise KeyRingError("a key ring holds at least one key")
        ids = [key.key_id for key in keys]
        if len(set(ids)) != len(ids):
            raise KeyRingError("each master key in a ring has an id of its own")
        self.keys = list(keys)
        self.current = keys[0]
        self._ciphers = {key.key_id: key.cipher for key in keys}

    def cipher(self, key_id: str) -> AESGCM:
        try:
            return self._ciphers[key_id]
        except KeyError:
            raise KeyRingError(f"master key {key_id!r} is not in the key ring") from None

    @property
    def ids(self) -> list[str]:
        return [key.key_id for key in self.keys]


def parse_ring(text: str, setting: str = "REFOCUS_ENCRYPTION_KEY") -> MasterKeyRing:
    """``id:base64key[,id:base64key...]``, newest first; a lone key without an id is ``env``."""
    keys = []
    for entry in (part.strip() for part in text.replace("\n", ",").split(",")):
        if not entry:
            continue
        key_id, _, encoded = entry.rpartition(":")
        try:
            secret = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise KeyRingError(f"{setting}: each key is base64 of {KEY_BYTES} random bytes") from None
        try:
            keys.append(MasterKey(key_id or UNNAMED_KEY_ID, secret))
        except KeyRingError as error:
            raise KeyRingError(f"{setting}: {error}") from None
    if not keys:
        raise KeyRingError(f"{setting} holds no key")
    return MasterKeyRing(keys)


def new_master_key(key_id: str) -> MasterKey:
    return MasterKey(key_id, secrets.token_bytes(KEY_BYTES))


def key_file_ring(path: Path) -> MasterKeyRing:
    """The ring in ``path``, generating it (one key, ``0600``) if it does not exist yet.

    Written whole to a file beside it and linked into place, so processes starting together
    (``refocus serve --workers N``) all read the one ring that won, never a half-written one."""
    if path.exists():
        return parse_ring(path.read_text(), path.name)
    private_directory(path.parent)
    temporary = _write_private(path, MasterKeyRing([new_master_key("k1")]))
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
    return parse_ring(path.read_text(), path.name)


def add_key_to_file(path: Path) -> MasterKeyRing:
    """Put a new key at the front of the ring in ``path``: written to a ``0600`` file beside it
    and renamed over it, so a crash leaves the old ring or the new one, never half of one."""
    ring = key_file_ring(path)
    number = 1 + max((int(key_id[1:]) for key_id in ring.ids if re.fullmatch(r"k\d+", key_id)), default=0)
    rotated = MasterKeyRing([new_master_key(f"k{number}"), *ring.keys])
    write_key_file(path, rotated)
    return rotated


def write_key_file(path: Path, ring: MasterKeyRing) -> None:
    os.replace(_write_private(path, ring), path)


def _write_private(path: Path, ring: MasterKeyRing) -> Path:
    """``ring`` in a new ``0600`` file beside ``path``, flushed to disk; its path."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.fchmod(fd, PRIVATE_FILE)  # whatever the umask
    with os.fdopen(fd, "w") as key_file:
        key_file.write("".join(key.text() + "\n" for key in ring.keys))
        key_file.flush()
        os.fsync(key_file.fileno())
    return temporary
