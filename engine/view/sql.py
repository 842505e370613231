"""The read models' SQL, written once for SQLite and PostgreSQL (same database as the events)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from outreach.engine.view.schema import QUERY_INDEXES, SCHEMA, TABLES

CACHE_KB = 8 * 1024  # SQLite's page cache for the connection that writes the read models


class Sealer(Protocol):
    """Seals a relationship's personal read-model text with its own key (engine.privacy)."""

    sealing: bool

    def seal(self, tx: Tx, rid: str, text: str) -> str: ...

    def open(self, tx: Tx, text: str) -> str | None: ...

    def prefetch(self, hids: Iterable[str]) -> None: ...


class Tx:
    """A cursor in one transaction; SQL is written with ``?`` and ``{p}`` (the table prefix)."""

    def __init__(
        self, cursor: Any, prefix: str, postgres: bool, sealer: Sealer | None = None
    ) -> None:
        # eventsourcing wraps sqlite3's cursor; the raw one has rowcount.
        self.cursor = getattr(cursor, "sqlite_cursor", cursor)
        self.prefix = prefix
        self.postgres = postgres
        self.sealer = sealer if sealer is not None and sealer.sealing else None
        self.answers_held = False  # kept rows may lie past a relationship's end (migration)

    def seal(self, rid: str, text: str) -> str:
        """Personal text (a name, a history) as it may be written in the read models."""
        return self.sealer.seal(self, rid, text) if self.sealer else text

    def _opened(self, row: Any) -> Any:
        """The row with its sealed text opened; None if it cannot be (an erased person's row,
        not purged yet: it is treated as gone already)."""
        assert self.sealer is not None
        opened = {}
        for column, value in dict(row).items():
            if isinstance(value, str):
                value = self.sealer.open(self, value)
                if value is None:
                    return None
            opened[column] = value
        return opened

    def sql(self, statement: str) -> str:
        statement = statement.replace("{p}", self.prefix)
        return statement.replace("?", "%s") if self.postgres else statement

    def run(self, statement: str, params: Sequence[Any] = ()) -> int:
        self.cursor.execute(self.sql(statement), params)
        return int(self.cursor.rowcount)

    def many(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.cursor.executemany(self.sql(statement), rows)

    def _reading(self) -> Any:
        """A cursor for a read: on PostgreSQL its own, as in a pipeline a write's late result
        can reach a shared cursor after the read was sent, and be fetched as the read's."""
        return self.cursor.connection.cursor() if self.postgres else self.cursor

    def rows(
        self,
        statement: str,
        params: Sequence[Any] = (),
        *,
        prepare: bool = False,
        opening: bool = True,
    ) -> list[Any]:
        """``prepare``: on PostgreSQL, a statement run on every query, prepared on each
        connection the first time (else psycopg prepares it the sixth, and parses and plans
        it anew every time before). ``opening`` false: the rows as stored (``opened`` opens
        them)."""
        cursor = self._reading()
        if prepare and self.postgres:
            cursor.execute(self.sql(statement), params, prepare=True)
        else:
            cursor.execute(self.sql(statement), params)
        rows = list(cursor.fetchall())
        return self.opened(rows) if opening else rows

    def opened(self, rows: list[Any]) -> list[Any]:
        """The rows with their sealed text opened, less those that cannot be opened."""
        if self.sealer is None:
            return rows
        return [row for row in map(self._opened, rows) if row is not None]

    def one(self, statement: str, params: Sequence[Any] = ()) -> Any:
        cursor = self._reading()
        cursor.execute(self.sql(statement), params)
        row = cursor.fetchone()
        return self._opened(row) if self.sealer and row is not None else row

    def chunks(
        self,
        statement: str,
        keys: Sequence[Any],
        size: int = 500,
        first: Sequence[Any] = (),
        *,
        opening: bool = True,
    ) -> list[Any]:
        """Run ``statement`` (with ``IN ({in})``) over ``keys`` in chunks; ``first``: the
        parameters before the ``IN``; ``opening`` as for ``rows``."""
        found: list[Any] = []
        for start in range(0, len(keys), size):
            part = keys[start : start + size]
            sql = statement.replace("{in}", ",".join("?" * len(part)))
            found += self.rows(sql, (*first, *part), opening=opening)
        return found


class Database:
    """The store's own connection pool, used for the read-model tables."""

    def __init__(self, datastore: Any, postgres: bool, sealer: Sealer | None = None) -> None:
        self.datastore = datastore
        self.postgres = postgres
        self.sealer = sealer
        self.prefix = f'"{datastore.schema}".outreach_' if postgres else "outreach_"
        self.unindexed = False  # the query indexes dropped (drop_query_indexes)

    def prefetch(self, hids: Iterable[str]) -> None:
        """Read these relationships' keys (ids in hex) ahead of a transaction that needs them."""
        if self.sealer is not None:
            self.sealer.prefetch(hids)

    @contextmanager
    def transaction(self, *, commit: bool, durable: bool = True) -> Iterator[Tx]:
        """One transaction. ``durable=False`` is for the read models alone: their commit is
        not flushed to disk at once (the next flushed commit, an event's, carries it). A crash
        may lose it, never corrupt it: the tracking position goes back with the rows, and the
        next catch-up works them out again. It halves the disk flushes of a recorded event."""
        if not commit and self.postgres:
            # Reading needs no transaction here: at PostgreSQL's READ COMMITTED each statement
            # sees a snapshot of its own in a transaction as out of one, and BEGIN and ROLLBACK
            # were two round trips of three for reading one row.
            with self.datastore.get_connection() as connection:
                yield Tx(connection.cursor(), self.prefix, self.postgres, self.sealer)
            return
        if commit and not durable:
            with self._lazy(commit) as cursor:
                yield Tx(cursor, self.prefix, self.postgres, self.sealer)
            return
        with self.datastore.transaction(commit=commit) as cursor:
            yield Tx(cursor, self.prefix, self.postgres, self.sealer)

    @contextmanager
    def _lazy(self, commit: bool) -> Iterator[Any]:
        if self.postgres:
            # In a pipeline, statements whose result is not read go with the next that is
            # read (or with the commit): a recorded event's rows took a dozen round trips.
            with (
                self.datastore.get_connection() as connection,
                connection.pipeline(),
                connection.transaction(force_rollback=not commit),
            ):
                cursor = connection.cursor()
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
                yield cursor
            return
        pool = getattr(self.datastore, "pool", None)
        if getattr(pool, "is_sqlite_memory_mode", True):
            with self.datastore.transaction(commit=commit) as cursor:
                yield cursor
            return
        # SQLite takes the safety level only outside a transaction: set it around this one.
        with self.datastore.get_connection(commit=commit) as connection:
            raw = connection._sqlite_conn
            # The read models' upserts land all over tables of hundreds of MB: a page cache
            # larger than SQLite's 2 MB holds a batch's pages. 8 MB, not 32: at 100k people
            # the 32 MB filled, a quarter of the rebuild's peak, for no CPU saved (57.0
            # against 59.1 s, same run). Put back after: the pool hands its connections out
            # in turn, and left set, every one of them came to hold the pages.
            cache = raw.execute("PRAGMA cache_size").fetchone()[0]
            raw.execute(f"PRAGMA cache_size = -{CACHE_KB}")
            level = raw.execute("PRAGMA synchronous").fetchone()[0]
            raw.execute("PRAGMA synchronous = NORMAL")
            try:
                with connection.transaction(commit=commit) as cursor:
                    yield cursor
            finally:
                raw.execute(f"PRAGMA synchronous = {int(level)}")
                raw.execute(f"PRAGMA cache_size = {int(cache)}")

    def create(self) -> None:
        with self.transaction(commit=True) as tx:
            self.create_in(tx)

    def create_in(self, tx: Tx) -> None:
        if self.postgres:
            # Processes opening a new store at once take turns creating its tables.
            tx.run("SELECT pg_advisory_xact_lock(7420113)")
        for statement in SCHEMA.split(";"):
            if self.postgres:  # an index's name takes no schema: it lives in its table's
                statement = statement.replace(
                    "INDEX IF NOT EXISTS {p}", "INDEX IF NOT EXISTS outreach_"
                )
            tx.run(statement)

    def drop(self) -> None:
        with self.transaction(commit=True) as tx:
            self.drop_in(tx)

    def drop_in(self, tx: Tx, kept: Sequence[str] = ()) -> None:
        for table in TABLES:
            if table not in kept:
                tx.run(f"DROP TABLE IF EXISTS {{p}}{table}")

    def drop_query_indexes(self, tx: Tx) -> None:
        """On SQLite, until ``index_again`` (or ``create``, as opening the store does) makes
        them again; they stay as they are on PostgreSQL, whose writers would wait on the
        drop's lock."""
        if not self.postgres:
            for name in QUERY_INDEXES:
                tx.run(f"DROP INDEX IF EXISTS {{p}}{name}")
            self.unindexed = True

    def index_again(self) -> None:
        """The query indexes, if this process dropped them."""
        if self.unindexed:
            self.create()
            self.unindexed = False
