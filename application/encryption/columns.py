"""Text sealed under the master key ring, for the read models' columns and the idempotency
keys' fingerprints: ``key id:base64 of nonce, ciphertext and tag``.

The key id in clear lets any key of the ring open it; ``refocus keys rotate`` writes them all
again under the current key (``application.encryption.rotation``).
"""

from __future__ import annotations

from binascii import a2b_base64, b2a_base64

from application.encryption.master_keys import MasterKeyRing
from application.encryption.nonces import NONCE_BYTES, NONCES


class SealedText:
    """Seals and opens text with the ring's keys (``projections.sealed.TextSeal``)."""

    sealing = True

    def __init__(self, ring: MasterKeyRing) -> None:
        self._ring = ring
        self._prefix = ring.current.key_id + ":"
        # Bound once: a rebuild seals a value an event, and each lookup is a share of its cost.
        self._encrypt = ring.cipher(ring.current.key_id).encrypt
        self._next_nonce = NONCES.next

    def seal(self, text: str) -> str:
        nonce = self._next_nonce()
        return (
            self._prefix
            + b2a_base64(nonce + self._encrypt(nonce, text.encode(), None), newline=False).decode()
        )

    def open(self, text: str) -> str:
        key_id, _, body = text.partition(":")
        sealed = memoryview(a2b_base64(body))
        return self._ring.cipher(key_id).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], None).decode()


class PlainText:
    """Text as it is: encryption switched off, for side-by-side benchmarks only."""

    sealing = False

    def seal(self, text: str) -> str:
        return text

    def open(self, text: str) -> str:
        return text
