"""The read models' SQL, written once for SQLite and PostgreSQL (same database as the events):
its dialect, its transactions, and the read models' position in the event log."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from outreach.engine.view.schema import Schema

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


class Database(Schema):
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
    def reading(self) -> Iterator[Tx]:
        """A connection to read from, outside any transaction: each statement sees what was
        committed when it began (one pool checkout; on SQLite no BEGIN and ROLLBACK)."""
        if self.postgres:  # reads are outside a transaction there already
            with self.transaction(commit=False) as tx:
                yield tx
            return
        with self.datastore.get_connection(commit=False) as connection, connection.cursor() as c:
            yield Tx(c, self.prefix, self.postgres, self.sealer)

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


# Where the read models are in the event log, in the table of eventsourcing's own tracking
# recorder (one per dialect: it makes the table, and reads the position), moved in the
# transaction of the rows it accounts for. A catch-up batch moves the position only from where
# the batch found it, under the row's lock, so that no event is applied twice (a group's
# contributions would count twice).
NAME = "outreach"  # the read models' row in the tracking table


class Position:
    """The read models' position, on top of a dialect's tracking recorder (listed after this
    class in each subclass: its ``create_table`` and ``max_tracking_id``)."""

    table: str
    datastore: Any
    create_table: Any
    max_tracking_id: Any

    def create(self) -> None:
        self.create_table()
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                self.sql("INSERT INTO {t} VALUES (?, 0) ON CONFLICT DO NOTHING"), (NAME,)
            )

    def position(self) -> int:
        return self.max_tracking_id(NAME) or 0

    def position_in(self, cursor: Any) -> int:
        """The position, read in the caller's transaction."""
        read = "SELECT notification_id FROM {t} WHERE application_name = ?"
        cursor.execute(self.sql(read), (NAME,))
        row = cursor.fetchone()
        return int(row["notification_id"]) if row is not None else 0

    def move(self, cursor: Any, start: int, end: int) -> bool:
        """Move the position from ``start`` to ``end`` in the caller's transaction; False,
        with nothing moved, if another process moved it first. One statement: the update
        takes the row's lock, and finds nothing to update if another transaction moved it
        first (a round trip, where reading the row under lock and then writing it took two)."""
        move = "UPDATE {t} SET notification_id = ? WHERE application_name = ?"
        move += " AND notification_id = ? RETURNING notification_id"
        cursor.execute(self.sql(move), (end, NAME, start))
        return cursor.fetchone() is not None

    def move_in_batch(self, cursor: Any, start: int, end: int) -> bool:
        """``move`` among statements sent together and not waited on one by one (a recorded
        event's rows and its COMMIT, engine.recorders_pg). On SQLite, ``move``."""
        return self.move(cursor, start, end)

    def reset(self, cursor: Any) -> None:
        """Back to the first event, for a rebuild (the library only moves forward)."""
        reset = "UPDATE {t} SET notification_id = 0 WHERE application_name = ?"
        cursor.execute(self.sql(reset), (NAME,))

    def sql(self, statement: str) -> str:
        return statement.replace("{t}", self.table)


def tracking_for(datastore: Any, postgres: bool) -> Position:
    # Each dialect's with its recorder: not imported by a read that never opens the store.
    if not postgres:
        from outreach.engine.recorders_sqlite import SQLiteTracking

        return SQLiteTracking(datastore)
    from outreach.engine.recorders_pg import PostgresTracking  # loads psycopg

    return PostgresTracking(datastore, tracking_table_name="outreach_position")
