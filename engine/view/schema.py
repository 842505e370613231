"""What the read models are: their tables and indexes, written once for SQLite and
PostgreSQL (engine.view.sql runs them), and the version that says when they change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from outreach.engine.view.sql import Tx

# Raised when the tables change: a store whose read models were made for another version
# rebuilds them from the event log when it is opened (the events and keys are not touched);
# version 3's tables are migrated instead (engine.view.migration).
SCHEMA_VERSION = "4"
# The indexes only the queries read (the catch-up's writes find rows by their keys): a large
# catch-up on SQLite (ReadModel.catch_up; the CSV's follower, engine.follow) drops them and
# makes them again when it ends. Kept up row by row, their pages, all over the file, were
# most of what a rebuild wrote: 26 GB at 100k people, 7.5 without them (benchmarks/RESULTS.md,
# "session 7 (lead)").
QUERY_INDEXES = (
    "relationships_position",
    "actions_agenda",
    "actions_recheck",
    "actions_computed",
    "violations_occurred",
)

TABLES = (
    "relationships",
    "actions",
    "violations",
    "skills",
    "groups",
    "members",
    "recruiters",
    "tracking",  # the position of version 2 and before (now in eventsourcing's table)
    "meta",
    "answered",
)

# What a rebuild keeps on SQLite, if of this schema (ReadModel.clear): dropped, their pages were
# zeroed (secure_delete; 96 and 89 MB at 100k people). The rebuild writes every row again in
# place, or deletes it (with its relationship; past the end of its violations: Tx.answers_held),
# secure_delete zeroing what it held; other settings' rows are worked out again by their
# processes (their ``answered`` marks go).
KEPT = ("actions", "violations")

SCHEMA = """
CREATE TABLE IF NOT EXISTS {p}relationships (
    id TEXT PRIMARY KEY, handle TEXT NOT NULL UNIQUE, name TEXT NOT NULL, state TEXT NOT NULL,
    recruiters TEXT NOT NULL, would_hire INTEGER NOT NULL, key_contributor INTEGER NOT NULL,
    strength DOUBLE PRECISION NOT NULL, version INTEGER NOT NULL,
    position BIGINT NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS {p}relationships_position ON {p}relationships (position);
CREATE TABLE IF NOT EXISTS {p}actions (
    settings TEXT NOT NULL, id TEXT NOT NULL, handle TEXT NOT NULL, kind TEXT,
    payload TEXT NOT NULL, s_tier INTEGER NOT NULL, s_rank INTEGER NOT NULL,
    s_best INTEGER NOT NULL, due DOUBLE PRECISION, recheck DOUBLE PRECISION,
    computed DOUBLE PRECISION NOT NULL, recruiters TEXT NOT NULL, PRIMARY KEY (settings, id));
CREATE INDEX IF NOT EXISTS {p}actions_agenda
    ON {p}actions (settings, s_tier, s_rank, s_best, due);
CREATE INDEX IF NOT EXISTS {p}actions_recheck ON {p}actions (settings, recheck);
CREATE INDEX IF NOT EXISTS {p}actions_computed ON {p}actions (settings, computed);
CREATE INDEX IF NOT EXISTS {p}actions_id ON {p}actions (id);
CREATE TABLE IF NOT EXISTS {p}violations (
    settings TEXT NOT NULL, id TEXT NOT NULL, n INTEGER NOT NULL, handle TEXT NOT NULL,
    kind TEXT NOT NULL, rule TEXT NOT NULL, occurred DOUBLE PRECISION NOT NULL, by TEXT NOT NULL,
    payload TEXT NOT NULL, PRIMARY KEY (settings, id, n));
CREATE INDEX IF NOT EXISTS {p}violations_occurred ON {p}violations (settings, occurred);
CREATE INDEX IF NOT EXISTS {p}violations_id ON {p}violations (id);
CREATE TABLE IF NOT EXISTS {p}skills (
    skill TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (skill, id));
CREATE INDEX IF NOT EXISTS {p}skills_id ON {p}skills (id);
CREATE TABLE IF NOT EXISTS {p}groups (
    key TEXT PRIMARY KEY, gid TEXT NOT NULL UNIQUE, name TEXT NOT NULL, first_watched TEXT,
    first_spotted TEXT, contributed TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {p}members (
    key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (key, id));
CREATE INDEX IF NOT EXISTS {p}members_id ON {p}members (id);
CREATE TABLE IF NOT EXISTS {p}recruiters (
    recruiter TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (recruiter, id));
CREATE INDEX IF NOT EXISTS {p}recruiters_id ON {p}recruiters (id);
CREATE TABLE IF NOT EXISTS {p}meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {p}answered (
    settings TEXT PRIMARY KEY, position BIGINT NOT NULL, playbook TEXT NOT NULL)
"""


class Schema:
    """Making and dropping the read models' tables, for ``engine.view.sql.Database``."""

    postgres: bool
    unindexed: bool  # the query indexes dropped (drop_query_indexes)
    transaction: Any

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
