"""Erasure on request, done whole or not at all, and its physical clean-up (issue 14, findings
4 and 5).

The ``erased`` event, the shredding of the data key, the removal of the handle's index row
and the purge of the read models commit in one transaction, on the events' own connection:
a process killed at any moment leaves the person either wholly there or wholly erased.

On a SQLite file, deleted rows are overwritten (``secure_delete``), but the write-ahead log
still holds earlier images of those pages until it is checkpointed and truncated, and a reader
in another process holds it. Erasing waits a bounded time for readers; if they are still
there, it says the clean-up is pending and why, and leaves a mark in the store that makes any
later command finish it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any
from uuid import UUID

from outreach.engine.handles import HandleIndex
from outreach.engine.privacy import PENDING_ID, Privacy
from outreach.engine.view.sql import Tx

WAIT_FOR_READERS = 5.0  # seconds an erasure waits for other processes' readers


def erasing(
    handles: HandleIndex, purge: Callable[[Tx, str], None], rid: UUID, mark: bool
) -> Callable[[Any], None]:
    """What an erasure writes in the transaction of its ``erased`` event (``save(also=)``):
    the key's deletion, the handle's index row's, the read models' purge and, on a SQLite
    file, the mark that its clean-up is pending until done."""

    def write(cursor: Any) -> None:
        tx = handles.tx(cursor)
        Privacy.shred_in(tx, rid)
        handles.remove(tx, rid)
        purge(tx, rid.hex)
        if mark:  # cleared once the write-ahead log is empty
            tx.run(
                "INSERT INTO {p}keys (id, key) VALUES (?, 'pending')"
                " ON CONFLICT (id) DO UPDATE SET key = 'pending'",
                (PENDING_ID,),
            )

    return write


def clean_up(path: Path, wait: float | None = None) -> str | None:
    """Fold the write-ahead log into the file and truncate it, waiting up to ``wait`` seconds
    (``WAIT_FOR_READERS``) for other processes' readers; then clear the pending mark. Returns
    None when done, else why it is still pending."""
    wait = WAIT_FOR_READERS if wait is None else wait
    deadline = time.monotonic() + wait
    reason = "another process holds the store open in a read"
    try:
        # Short tries: a checkpoint that truncates holds other writers off while it waits.
        with closing(sqlite3.connect(path, timeout=0.1)) as connection:
            connection.execute("PRAGMA secure_delete = ON")
            while True:
                busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if not busy:
                    break
                if time.monotonic() >= deadline:
                    return reason
                time.sleep(0.05)
            # Clearing the mark writes to the log again, but only this small page: the
            # images of the erased rows are gone from it for good.
            connection.execute("PRAGMA busy_timeout = 10000")
            connection.execute(f"DELETE FROM outreach_keys WHERE id = '{PENDING_ID}'")
            connection.commit()
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as error:
        return f"the store could not be checkpointed ({error})"
    return None


def try_again(pending: str | None, path: Path | None) -> str | None:
    """After a command of an engine kept open: one quick try at a clean-up still pending (no
    waiting: a reader still there means another try at the next command). Returns why it is
    still pending, or None."""
    if pending is None or path is None:
        return pending
    return clean_up(path, wait=0)


def pending(tx: Tx) -> bool:
    return tx.one("SELECT key FROM {p}keys WHERE id = ?", (PENDING_ID,)) is not None


def finish_pending(privacy: Privacy, path: Path | None) -> str | None:
    """At opening: finish a clean-up an earlier erasure left pending (briefly: a reader still
    there is waited for by the next command). Returns why it is still pending, or None."""
    if path is None:
        return None
    with privacy.db.transaction(commit=False) as tx:
        if not pending(tx):
            return None
    return clean_up(path, wait=0.5)
