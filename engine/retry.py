"""One way to try again: what another process is doing to the store (a concurrent write, a
locked SQLite file, tables being created) passes; anything else is reported at once."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from eventsourcing.persistence import IntegrityError, PersistenceError
from outreach.domain.errors import OutreachError, StoreBusy, StoreError

T = TypeVar("T")
ATTEMPTS = 40
# What a process meets while another writes: SQLite's lock, PostgreSQL's serialisation.
BUSY = ("locked", "busy")
# What a process opening a store meets while another creates the same tables (the last is
# eventsourcing's tracking table, made with a first row).
OPENING = (
    "already exists",
    "locked",
    "duplicate key",
    "deadlock",
    "concurrently updated",
    "Failed to record tracking",
)


class Attempt:
    """One try of ``attempts``: its ``with`` block lets pass (to be tried again) what another
    process does to the store, and turns any other failure of the store into a clear
    ``StoreError``; the command's own errors go through as they are."""

    def __init__(self, number: int, where: str, opening: bool) -> None:
        self.number, self.where, self.opening = number, where, opening
        self.done = False

    @property
    def first(self) -> bool:
        return self.number == 0

    def __enter__(self) -> Attempt:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _: Any
    ) -> bool:
        if error is None:
            self.done = True
            return False
        if not isinstance(error, PersistenceError) or isinstance(error, OutreachError):
            return False
        stale = isinstance(error, IntegrityError) and not self.opening
        transient = OPENING if self.opening else BUSY
        if stale or any(word in str(error) for word in transient):
            return True  # tried again
        if self.opening:
            raise StoreError(f"cannot open {self.where}: {error}") from None
        raise StoreError(f"the store failed: {error}{_disk_hint(error)}") from None


def attempts(where: str, *, opening: bool = False) -> Iterator[Attempt]:
    """Tries of a command (on a fresh copy) or of the creation of tables, until one is not
    disturbed by another process, a bounded number of times; then a clear failure::

        for attempt in attempts("the store"):
            with attempt:
                ...  # load, act, save
                break

    A stale save (``IntegrityError``: someone else wrote the same aggregate first) and a busy
    store are tried again after a random, growing pause; any other store failure is a
    ``StoreError`` at once. ``opening`` also passes the races of creating tables. The body
    runs in the caller's own frame: a reader follows a command from its method to SQL."""
    for number in range(ATTEMPTS):
        attempt = Attempt(number, where, opening)
        yield attempt
        if attempt.done:
            return
        time.sleep(random.uniform(0, 0.005 * 2 ** min(number, 6)))
    if opening:
        raise StoreError(f"cannot open {where}: other processes kept it busy; try again")
    raise StoreBusy(
        f"other writers kept {where} busy through {ATTEMPTS} attempts:"
        " nothing was recorded; try again"
    )


def retrying(attempt: Callable[[], T], where: str, *, opening: bool = False) -> T:
    """``attempt()`` run through ``attempts``: its answer."""
    for each in attempts(where, opening=opening):
        with each:
            return attempt()
    raise AssertionError("attempts ends with an error")  # pragma: no cover


def _disk_hint(error: Exception) -> str:
    """What to do when the disk refused a write (issue 14, finding 6: rebuild on a full disk)."""
    words = ("disk is full", "disk I/O error", "No space left", "could not extend file")
    if any(word in str(error) for word in words):
        return (
            ": the disk is full or failing; free some space and run the command again"
            " ('outreach rebuild' mends the read models)"
        )
    return ""
