"""Rotation of the master key: everything it wraps or seals, again under the ring's newest key.

Each person's data key is unwrapped with whichever ring key wrapped it and wrapped again with
the current one, and the stored idempotency fingerprints are sealed again; events are never
rewritten, as no event is sealed by a master key. The read models are sealed again by
rebuilding them (``refocus keys rotate`` does all three). Once it has run, with every process
restarted on the new ring, the older keys may leave the ring.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from application.encryption.columns import SealedText
from application.storage.key_rows import reseal_fingerprints


@dataclass(frozen=True)
class Rewrapped:
    data_keys: int
    fingerprints: int
    key_id: str


def rewrap_under_current_key(journeys: Any) -> Rewrapped:
    """Wrap every data key, and seal every fingerprint, with ``journeys``' current master key."""
    data_keys = journeys.data_keys
    seal = SealedText(data_keys.ring)
    fingerprints = reseal_fingerprints(journeys.recorder, lambda text: seal.seal(_opened(seal, text)))
    return Rewrapped(data_keys.rewrap(), fingerprints, data_keys.ring.current.key_id)


def _opened(seal: SealedText, text: str) -> str:
    # A fingerprint written with encryption switched off is plain (hex, no key id).
    return seal.open(text) if ":" in text else text
