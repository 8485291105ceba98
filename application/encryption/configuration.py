"""Where an application's master key ring comes from, and whether it seals at all.

``REFOCUS_ENCRYPTION_KEY`` (a ring, ``id:base64key`` entries newest first) wins; else the key
file ``REFOCUS_ENCRYPTION_KEY_FILE`` (the runtime names one in its data directory), generated
once; else, for a SQLite file, a key file beside the database; an in-memory store gets a key
of its own that lives as long as it does. ``REFOCUS_ENCRYPTION=off`` stores new events and
views in plain text: for side-by-side benchmarks only, never in production.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from application.encryption.master_keys import (
    KEY_FILE,
    MasterKeyRing,
    key_file_ring,
    new_master_key,
    parse_ring,
)

_OFF = ("off", "no", "false", "0")
_ON = ("on", "yes", "true", "1", "")


def sealing_enabled(env: Mapping[str, str]) -> bool:
    setting = (env.get("REFOCUS_ENCRYPTION") or "").lower()
    if setting not in _OFF + _ON:
        raise ValueError(f"REFOCUS_ENCRYPTION must be on or off, not {setting!r}")
    return setting not in _OFF


def key_file_of(env: Mapping[str, str]) -> Path | None:
    named = env.get("REFOCUS_ENCRYPTION_KEY_FILE")
    if named:
        return Path(named)
    database = env.get("SQLITE_DBNAME")
    if database and not database.startswith("file:") and database != ":memory:":
        return Path(database).parent / KEY_FILE
    return None


def master_key_ring(env: Mapping[str, str]) -> MasterKeyRing:
    given = env.get("REFOCUS_ENCRYPTION_KEY")
    if given:
        return parse_ring(given)
    path = key_file_of(env)
    if path is not None:
        return key_file_ring(path)
    if "popo" in (env.get("PERSISTENCE_MODULE") or "popo").lower():
        return MasterKeyRing([new_master_key("memory")])
    raise ValueError(
        "encryption at rest needs a master key: set REFOCUS_ENCRYPTION_KEY, or a data directory"
        " for a generated key file (REFOCUS_ENCRYPTION_KEY_FILE)"
    )
