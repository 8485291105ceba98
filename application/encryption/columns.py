"""Text sealed under the master key ring, for the read models' columns and the idempotency
keys' fingerprints: ``key id:base64 of nonce, ciphertext and tag``.

The key id in clear lets any key of the ring open it; ``refocus keys rotate`` writes them all
again under the current key (``application.encryption.rotation``).
"""

from __future__ import annotations

import base64

from application.encryption.master_keys import MasterKeyRing
from application.encryption.nonces import NONCE_BYTES, NONCES


class SealedText:
    """Seals and opens text with the ring's keys (``projections.sealed.TextSeal``)."""

    sealing = True

    def __init__(self, ring: MasterKeyRing) -> None:
        self._ring = ring
        self._prefix = ring.current.key_id + ":"
        self._cipher = ring.cipher(ring.current.key_id)

    def seal(self, text: str) -> str:
        nonce = NONCES.next()
        sealed = nonce + self._cipher.encrypt(nonce, text.encode(), None)
        return self._prefix + base64.b64encode(sealed).decode("ascii")

    def open(self, text: str) -> str:
        key_id, _, body = text.partition(":")
        sealed = base64.b64decode(body)
        return self._ring.cipher(key_id).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], None).decode()


class PlainText:
    """Text as it is: encryption switched off, for side-by-side benchmarks only."""

    sealing = False

    def seal(self, text: str) -> str:
        return text

    def open(self, text: str) -> str:
        return text
