"""The nonces events are sealed with (engine.nonces): drawn in blocks, yet never one twice,
not across threads, not between a process and a child forked from it."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from outreach.engine import nonces
from outreach.engine.nonces import nonce


def test_nonces_are_twelve_bytes_and_never_repeat() -> None:
    drawn = [nonce() for _ in range(5 * nonces.AT_ONCE)]
    assert {len(n) for n in drawn} == {12}
    assert len(set(drawn)) == len(drawn)


def test_threads_drawing_at_once_never_get_the_same_nonce() -> None:
    found: list[list[bytes]] = [[] for _ in range(4)]

    def draw(into: list[bytes]) -> None:
        for _ in range(3 * nonces.AT_ONCE):
            into.append(nonce())

    threads = [threading.Thread(target=draw, args=(into,)) for into in found]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [n for into in found for n in into]
    assert len(set(every)) == len(every) == 12 * nonces.AT_ONCE


@pytest.mark.skipif(sys.platform == "win32", reason="no fork")
def test_a_forked_child_draws_none_of_the_nonces_its_parent_drew_before_the_fork() -> None:
    nonce()  # the parent now holds nonces drawn but not used yet
    assert len(nonces._drawn) > 0
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child only reports its nonces
        try:
            os.write(write, b"".join(nonce() for _ in range(20)))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        theirs = pipe.read()
    os.waitpid(child, 0)
    ours = b"".join(nonce() for _ in range(20))
    assert len(theirs) == len(ours) == 240
    their_nonces = {theirs[n : n + 12] for n in range(0, 240, 12)}
    our_nonces = {ours[n : n + 12] for n in range(0, 240, 12)}
    assert their_nonces.isdisjoint(our_nonces)
