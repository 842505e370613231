"""The team case: recording and the agenda on a PostgreSQL server, in schemas of our own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def server_version(base: str) -> str:
    import psycopg

    with psycopg.connect(base, connect_timeout=5) as connection:
        row = connection.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "unknown"


@contextmanager
def schemas(base: str) -> Iterator[Any]:
    """Makes fresh schemas on demand (``make()`` returns a store URL); drops them all after."""
    import psycopg

    made: list[str] = []

    def make() -> str:
        name = f"bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(base, autocommit=True) as connection:
            connection.execute(f'CREATE SCHEMA "{name}"')
        made.append(name)
        separator = "&" if "?" in base else "?"
        return f"{base}{separator}schema={name}"

    try:
        yield make
    finally:
        with psycopg.connect(base, autocommit=True) as connection:
            for name in made:
                connection.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
