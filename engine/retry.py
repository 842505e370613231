"""One way to try again: what another process is doing to the store (a concurrent write, a
locked SQLite file, tables being created) passes; anything else is reported at once."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

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


def retrying(
    attempt: Callable[[], T],
    where: str,
    *,
    opening: bool = False,
    first: Callable[[], T] | None = None,
) -> T:
    """Run ``attempt`` (a command on a fresh copy, or the creation of tables) until it is not
    disturbed by another process, a bounded number of times; then fail clearly.

    A stale save (``IntegrityError``: someone else wrote the same aggregate first) and a busy
    store are tried again after a random, growing pause; any other store failure is a
    ``StoreError`` at once. ``opening`` also passes the races of creating tables. ``first``,
    when given, is the first try (a command on the history its process kept): a failure
    that may have written something is never tried again, whichever try it was."""
    transient = OPENING if opening else BUSY
    for tries in range(ATTEMPTS):
        try:
            return (first if first is not None and tries == 0 else attempt)()
        except OutreachError:
            raise
        except PersistenceError as error:
            stale = isinstance(error, IntegrityError) and not opening
            if not stale and not any(word in str(error) for word in transient):
                if opening:
                    raise StoreError(f"cannot open {where}: {error}") from None
                raise StoreError(f"the store failed: {error}{_disk_hint(error)}") from None
        time.sleep(random.uniform(0, 0.005 * 2 ** min(tries, 6)))
    if opening:
        raise StoreError(f"cannot open {where}: other processes kept it busy; try again")
    raise StoreBusy(
        f"other writers kept {where} busy through {ATTEMPTS} attempts:"
        " nothing was recorded; try again"
    )


def _disk_hint(error: Exception) -> str:
    """What to do when the disk refused a write (issue 14, finding 6: rebuild on a full disk)."""
    words = ("disk is full", "disk I/O error", "No space left", "could not extend file")
    if any(word in str(error) for word in words):
        return (
            ": the disk is full or failing; free some space and run the command again"
            " ('outreach rebuild' mends the read models)"
        )
    return ""
