"""One URL picks the store: memory://, sqlite:///PATH (the default) or postgresql://..."""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import uuid4

from outreach.domain.errors import StoreError
from outreach.engine.access import make_private

ENV_VAR = "OUTREACH_DB"


def default_path() -> Path:
    """outreach.db in the user's data directory (XDG_DATA_HOME on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("outreach", appauthor=False) / "outreach.db"


def default_url() -> str:
    return os.environ.get(ENV_VAR) or f"sqlite:///{default_path()}"


@dataclass(frozen=True)
class Store:
    """A parsed store URL and the eventsourcing settings it stands for."""

    url: str
    kind: str  # "memory", "sqlite" or "postgresql"
    env: dict[str, str]
    path: Path | None = None

    def describe(self) -> str:
        if self.kind == "sqlite":
            return f"SQLite file {self.path}"
        if self.kind == "memory":
            return "in memory (nothing is kept when the process ends)"
        return f"PostgreSQL {redact(self.url)}"


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def parse(url: str | None = None) -> Store:
    """Translate a store URL into eventsourcing's settings; a bad URL says what is expected."""
    url = (url or default_url()).strip()
    scheme, _, rest = url.partition("://")
    if scheme == "memory":
        name = f"file:outreach-{uuid4().hex}?mode=memory&cache=shared"
        return Store(url, "memory", _sqlite_env(name))
    if scheme == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise StoreError(_usage(url))
        if "\x00" in unquote(rest):
            raise StoreError(f"cannot use store {url!r}: a file name cannot hold a NUL byte")
        path = Path(unquote(rest[1:])).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        return Store(url, "sqlite", _sqlite_env(str(path)), path)
    if scheme in ("postgresql", "postgres"):
        parts = urlsplit(url)
        database = parts.path.lstrip("/")
        if not parts.hostname or not database:
            raise StoreError(_usage(url))
        query = parse_qs(parts.query)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(database),
            "POSTGRES_HOST": parts.hostname,
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_SCHEMA": query.get("schema", ["public"])[0],
            "POSTGRES_POOL_SIZE": "2",
            "POSTGRES_MAX_OVERFLOW": "4",
        }
        return Store(url, "postgresql", env)
    raise StoreError(_usage(url))


def _sqlite_env(name: str) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": name,
        "SQLITE_LOCK_TIMEOUT": "10",
    }


def _usage(url: str) -> str:
    return (
        f"cannot use store {redact(url)!r}: expected memory://, sqlite:///PATH"
        " or postgresql://USER@HOST:PORT/DATABASE"
    )


def prepare_sqlite_file(path: Path) -> bool:
    """Create the file readable by its owner alone before SQLite opens it. Returns whether
    this made it (a refused command then leaves no new store behind: access.discard_if_empty)."""
    made = False
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            os.close(fd)
            made = True
    except FileExistsError:  # another process made it first: theirs
        pass
    except OSError as error:
        raise StoreError(f"cannot create the store file {path}: {error.strerror}") from None
    make_private(path)
    use_wal(path)
    return made


def use_wal(path: Path) -> None:
    """Put the file in WAL mode once, waiting for other processes that open it at the same
    moment (switching modes needs the file to itself; the library would fail at once)."""
    for tries in range(100):
        try:
            connection = sqlite3.connect(path, timeout=30)
            try:
                if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    connection.execute("PRAGMA journal_mode=WAL")
                return
            finally:
                connection.close()
        except sqlite3.OperationalError as error:
            # Changing the journal mode does not always wait on SQLite's busy timeout.
            if "locked" not in str(error) or tries == 99:
                raise StoreError(f"cannot open the store file {path}: {error}") from None
            time.sleep(0.05)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open the store file {path}: {error}") from None
