"""Read models of schema 3, the release before answers were kept per settings, made schema 4
in place when the store is opened: rebuilding them from the events took minutes at 100k
people, and their answers are right as they are. They were worked out under the settings
the meta row names, up to the read models' position; schema 4 only files them under those
settings and marks each relationship's row as written at position 0."""

from __future__ import annotations

from outreach.engine.view.answers import settings_key
from outreach.engine.view.schema import KEPT, SCHEMA_VERSION
from outreach.engine.view.sql import Database, Position, Tx
from outreach.projections.state import layout

PREVIOUS = "3"
COLUMNS = {
    "actions": "id, handle, kind, payload, s_tier, s_rank, s_best, due, recheck, computed,"
    " recruiters",
    "violations": "id, n, handle, kind, rule, occurred, by, payload",
}


def migrate(db: Database, tracking: Position) -> bool:
    """Schema 3's tables made schema 4's in one transaction, before the tables are made (the
    new indexes need the new columns). False when they are neither (a new store, or one whose
    answers do not say which settings they were worked out with): they are made, or rebuilt."""
    with db.transaction(commit=True) as tx:
        # The writer's lock first: two processes opening the store at once migrate it once.
        if db.postgres:
            tx.run("SELECT pg_advisory_xact_lock(7420113)")  # as Database.create_in takes it
        tx.run("CREATE TABLE IF NOT EXISTS {p}meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        tx.run("UPDATE {p}meta SET value = value WHERE key = 'schema'")
        meta = {row["key"]: row["value"] for row in tx.rows("SELECT key, value FROM {p}meta")}
        held_layout(tx, meta)
        if meta.get("schema") != PREVIOUS or "playbook" not in meta:
            return meta.get("schema") == SCHEMA_VERSION
        key = settings_key(meta["playbook"])
        for table in COLUMNS:  # the key joins the primary key: the tables are made again
            tx.run(f"CREATE TABLE {{p}}{table}_3 AS SELECT * FROM {{p}}{table}")
            tx.run(f"DROP TABLE {{p}}{table}")
        tx.run("ALTER TABLE {p}relationships ADD COLUMN position BIGINT NOT NULL DEFAULT 0")
        db.create_in(tx)
        # Marks this release left before an older one rebuilt the store (it knows no such
        # table, and dropped every answer): the answers they vouch for are gone.
        tx.run("DELETE FROM {p}answered")
        for table, columns in COLUMNS.items():
            tx.run(
                f"INSERT INTO {{p}}{table} (settings, {columns})"
                f" SELECT ?, {columns} FROM {{p}}{table}_3",
                (key,),
            )
            tx.run(f"DROP TABLE {{p}}{table}_3")
        tx.run(
            "INSERT INTO {p}answered (settings, position, playbook) VALUES (?, ?, ?)",
            (key, tracking.position_in(tx.cursor), meta["playbook"]),
        )
        tx.run("UPDATE {p}meta SET value = ? WHERE key = 'schema'", (SCHEMA_VERSION,))
    return True


def held_layout(tx: Tx, meta: dict[str, str]) -> None:
    """The layout of the histories the read models hold (projections.state.Layout), marked
    in ``meta``. The releases before it spelled each event out, which is read as it is: their
    store is marked with this layout. A store marked with another (its event classes have
    changed since) has its schema mark taken away, and opening it makes its read models
    again (engine.opening)."""
    tag = layout().tag
    held = meta.get("layout")
    if held == tag:
        return
    if held is not None:
        tx.run("DELETE FROM {p}meta WHERE key = 'schema'")
        meta.pop("schema", None)
    tx.run(
        "INSERT INTO {p}meta (key, value) VALUES ('layout', ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (tag,),
    )
    meta["layout"] = tag


def emptied(db: Database, tx: Tx, last: int) -> None:
    """The read models' tables made empty in ``tx``, as at the first event: dropped (on
    SQLite, those in KEPT of this schema kept, their rows held up to ``last``, the log's
    last event: ``hold``) and made again."""
    tables = kept(db, tx)
    db.drop_in(tx, tables)
    db.create_in(tx)
    if tables:
        hold(tx, last)


def kept(db: Database, tx: Tx) -> tuple[str, ...]:
    """The tables a rebuild keeps (KEPT): on SQLite, of this schema."""
    schema = tx.one("SELECT value FROM {p}meta WHERE key = 'schema'")
    same = schema is not None and schema["value"] == SCHEMA_VERSION
    return KEPT if same and not db.postgres else ()


def hold(tx: Tx, position: int) -> None:
    """Rows kept by a rebuild may belong to the relationships of events up to ``position``:
    until the catch-up passes it, its writes treat every relationship as holding answers."""
    tx.run("INSERT INTO {p}meta (key, value) VALUES ('held', ?)", (str(position),))


def held(db: Database) -> int | None:
    """The position ``hold`` marked, if the catch-up has not passed it yet."""
    with db.transaction(commit=False) as tx:
        row = tx.one("SELECT value FROM {p}meta WHERE key = 'held'")
    return None if row is None else int(row["value"])


def release(db: Database) -> None:
    with db.transaction(commit=True) as tx:
        tx.run("DELETE FROM {p}meta WHERE key = 'held'")
