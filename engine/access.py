"""What opening a store checks for people (issue 14, finding 9): a store file others can read
is made private, and a PostgreSQL server that refuses says why (a missing database, a wrong
password), not "couldn't get a connection"."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from outreach.domain.errors import StoreError

if TYPE_CHECKING:
    from outreach.engine.store import Store

SIDE_FILES = ("", "-wal", "-shm", "-journal")


def make_private(path: Path) -> None:
    """A store file (and its log) readable or writable by others is made its owner's alone:
    it holds personal data. A file this user cannot change is refused with the reason."""
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        try:
            mode = stat.S_IMODE(side.stat().st_mode)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise StoreError(f"cannot use the store file {side}: {error.strerror}") from None
        if mode & 0o077:
            try:
                os.chmod(side, mode & 0o700)
            except OSError as error:
                raise StoreError(
                    f"the store file {side} can be read by others (mode {mode:o}) and cannot"
                    f" be made private ({error.strerror}): run chmod 600 {side} as its owner"
                ) from None


class Presence:
    """A process's claim on a SQLite store file it has open: a shared lock on the file
    (``flock``, apart from SQLite's own locks), held until the store is closed. A process
    discarding a file it made (``discard_if_empty``) needs the exclusive lock, so it never
    removes a store another process has opened and may be writing to."""

    def __init__(self, fd: int) -> None:
        self.fd: int | None = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def be_present(path: Path) -> Presence | None:
    """Claim the store file at ``path`` (waiting while a discard holds it); None when it was
    discarded meanwhile (the caller makes it again)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"cannot open the store file {path}: {error.strerror}") from None
    fcntl.flock(fd, fcntl.LOCK_SH)
    try:
        named = os.stat(path)
    except FileNotFoundError:
        named = None
    held = os.fstat(fd)
    if named is None or (named.st_dev, named.st_ino) != (held.st_dev, held.st_ino):
        os.close(fd)  # removed (and perhaps made again) between the open and the lock
        return None
    return Presence(fd)


def discard_if_empty(path: Path, *, keys_too: bool = False) -> bool:
    """Remove a store file this process made, with its log, if it holds no event: a refused
    command leaves no new store behind (issue 14, finding 9). This process's own claim is
    released first (the store closed). Removed only when no other process has the store open
    (the exclusive lock: see Presence) and under the writer's lock, so that a store another
    process has opened or written to meanwhile is kept. ``keys_too``: kept as well if it holds
    a key (an opening that failed wrote none: another process put its master key on the store
    and may since have closed it; removed, the next opening would take a key of its own).
    Returns whether removed."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # another process has it open: theirs now
        with closing(sqlite3.connect(path, timeout=1, isolation_level=None)) as connection:
            connection.execute("BEGIN IMMEDIATE")
            tables = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'stored_events'"
            ).fetchone()
            if tables and connection.execute("SELECT 1 FROM stored_events LIMIT 1").fetchone():
                return False
            if keys_too and _holds_keys(connection):
                return False
            for suffix in SIDE_FILES:
                path.with_name(path.name + suffix).unlink(missing_ok=True)
    except (sqlite3.Error, OSError):
        return False  # kept: an empty store is harmless, a store lost is not
    finally:
        os.close(fd)
    return True


def _holds_keys(connection: sqlite3.Connection) -> bool:
    keys = "SELECT 1 FROM sqlite_master WHERE name = 'outreach_keys'"
    if connection.execute(keys).fetchone() is None:
        return False
    return connection.execute("SELECT 1 FROM outreach_keys LIMIT 1").fetchone() is not None


def why_not_opened(store: Store, error: StoreError) -> StoreError:
    """The server's own reason when a PostgreSQL store did not open, else ``error``."""
    if store.kind != "postgresql":
        return error
    env = store.env
    try:
        import psycopg

        psycopg.connect(
            dbname=env["POSTGRES_DBNAME"],
            host=env["POSTGRES_HOST"],
            port=int(env["POSTGRES_PORT"]),
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"] or None,
            connect_timeout=5,
        ).close()
    except Exception as found:  # the server's answer, whatever its class
        reason = " ".join(str(found).split())
    else:
        return error
    where = f"{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}"
    database = env["POSTGRES_DBNAME"]
    if "does not exist" in reason and f'"{database}"' in reason:
        return StoreError(
            f"cannot open {store.describe()}: the database {database!r} does not exist on"
            f" {where}: create it (createdb -h {env['POSTGRES_HOST']} -p"
            f" {env['POSTGRES_PORT']} -U {env['POSTGRES_USER']} {database}) or name another"
        )
    return StoreError(f"cannot open {store.describe()}: {reason}")
