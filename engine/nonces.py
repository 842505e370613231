"""Nonces for sealing events (AES-GCM, 96 bits each), drawn from the system's random source
a few hundred at a time: one ``os.urandom`` call per event was a twentieth of a bulk import's
sealing.

AES-GCM must never see one nonce twice under one key. Random nonces keep that promise only
if no two users of the store draw the same ones: the drawn nonces are taken one at a time
(``deque.popleft``, atomic: two threads never get the same one), and a forked child starts
with none (``os.register_at_fork``), else parent and child would both use the ones drawn
before the fork.
"""

from __future__ import annotations

import os
from collections import deque

SIZE = 12  # bytes: GCM's own nonce length
AT_ONCE = 340  # drawn per call (about 4 KB)

_drawn: deque[bytes] = deque()


def nonce() -> bytes:
    """A fresh random 96-bit nonce."""
    try:
        return _drawn.popleft()
    except IndexError:
        block = os.urandom(SIZE * AT_ONCE)
        _drawn.extend(block[n : n + SIZE] for n in range(SIZE, len(block), SIZE))
        return block[:SIZE]


def _forget_drawn() -> None:
    _drawn.clear()


os.register_at_fork(after_in_child=_forget_drawn)
