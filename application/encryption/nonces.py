"""AES-GCM nonces: a random field per process and a counter, never one repeated under a key.

NIST SP 800-38D's deterministic construction: 8 random bytes drawn when the process starts
(and again should the counter ever run out) and a 4-byte count of the nonces drawn since.
Two processes repeat a nonce only if they draw the same 8 random bytes, which for any
plausible number of processes is far less likely than a 96-bit random nonce repeating over
as many messages; and a draw costs no system call, where ``os.urandom`` costs one per value
sealed, as much as the encryption of a short text.
"""

from __future__ import annotations

import itertools
import os
import threading

NONCE_BYTES = 12
_COUNTER_LIMIT = 1 << 32


class Nonces:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reseed()

    def _reseed(self) -> None:
        self._field = os.urandom(NONCE_BYTES - 4)
        # itertools.count's next() is one step under the GIL: no two threads get one value.
        self._count = itertools.count()

    def next(self) -> bytes:
        count = next(self._count)
        if count >= _COUNTER_LIMIT:
            with self._lock:
                if next(self._count) >= _COUNTER_LIMIT:
                    self._reseed()
            return self.next()
        return self._field + count.to_bytes(4, "big")


#: This process's nonces, for every key: a nonce is never drawn twice, whichever key uses it.
NONCES = Nonces()
