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


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.postgres URL [--quick]``: the PostgreSQL section of
    ``benchmarks.run`` alone, printed (RESULTS.md is not written)."""
    import argparse

    from benchmarks.report import Report
    from benchmarks.run import FULL, QUICK, postgres_section
    from benchmarks.timing import machine

    parser = argparse.ArgumentParser(prog="python -m benchmarks.postgres", description=__doc__)
    parser.add_argument("url", help="a PostgreSQL server URL")
    parser.add_argument("--quick", action="store_true", help="1k people, fewer runs")
    args = parser.parse_args(argv)
    report = Report("python -m benchmarks.postgres", machine(server_version(args.url)))
    report.sections.append(postgres_section(QUICK if args.quick else FULL, args.url))
    print(report.markdown())
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
