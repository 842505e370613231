"""What the mail and calendar readers keep in the store, in tables of their own.

- ``outreach_mail_addresses``: who is known by which email address, as a keyed hash of the
  address (lower case) and the relationship's id. It follows the event log (adds, imports and
  profile updates that carry an address; an erasure removes that person's rows), from a
  position kept in ``outreach_mail_position``, so it is never more than one catch-up behind.
- ``outreach_mail_seen``: a keyed hash of each message (or calendar entry) and person already
  recorded, so that reading the same mail twice adds nothing. Never the Message-ID itself.
- ``outreach_mail_folders``: per IMAP account and folder (a keyed hash of both), the
  UIDVALIDITY and the last UID read.

Nothing is written about mail with no known person in it. The hash key is a random key of the
store's own, kept beside the data keys and wrapped with the master key when one is set
(``Privacy.named_key``): with a master key, the database file alone does not give it, so the
hashes cannot be tested against guessed addresses.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from outreach.domain.events import Erased, Event
from outreach.engine import Engine
from outreach.engine.view.sql import Database

KEY_NAME = "mail"
BATCH = 500
MAX_LOOKUPS = 200_000  # addresses remembered in a run (about 30 MB at most)
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS {p}mail_addresses ("
    " address TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (address, id))",
    "CREATE INDEX IF NOT EXISTS {p}mail_addresses_id ON {p}mail_addresses (id)",
    "CREATE TABLE IF NOT EXISTS {p}mail_seen (fingerprint TEXT PRIMARY KEY)",
    "CREATE TABLE IF NOT EXISTS {p}mail_folders ("
    " folder TEXT PRIMARY KEY, uidvalidity BIGINT NOT NULL, last_uid BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS {p}mail_position (name TEXT PRIMARY KEY, position BIGINT NOT NULL)",
)


def _event_classes(base: type[Event] = Event) -> Iterable[type[Event]]:
    for cls in base.__subclasses__():
        yield cls
        yield from _event_classes(cls)


def addresses_of(event: Event) -> list[str]:
    """The email addresses an event records for its person, in lower case."""
    found: list[str] = []
    for name in ("email", "emails"):
        value = getattr(event, name, None)
        values = [value] if isinstance(value, str) else list(value or ())
        found += [v.strip().lower() for v in values if isinstance(v, str) and "@" in v]
    return found


def _address_topics() -> list[str]:
    """Topics of the events that can carry an address, and erasure's."""
    topics = {
        cls.TOPIC
        for cls in _event_classes()
        if cls.TOPIC and ({"email", "emails"} & set(cls.model_fields))
    }
    return sorted(topics | {Erased.TOPIC})


@dataclass
class Ledger:
    """The readers' tables in one store. ``dry`` keeps every change in memory."""

    engine: Engine
    dry: bool = False
    stored: bool = field(init=False, default=False)  # the tables exist
    key: bytes = field(init=False, default=b"")
    _index: dict[str, set[str]] = field(init=False, default_factory=dict)
    _loaded: bool = field(init=False, default=False)
    _lookups: dict[str, frozenset[UUID]] = field(init=False, default_factory=dict)
    _marked: set[str] = field(init=False, default_factory=set)  # a dry run's "recorded"

    def __post_init__(self) -> None:
        app = self.engine.app
        self.db = Database(app.datastore, self.engine.store.kind == "postgresql")
        privacy = self.engine.privacy
        if self.dry:
            # The key is made with the tables: without it, no reader has written here yet.
            key = privacy.named_key(KEY_NAME, create=False)
            self.stored = key is not None
            self.key = key if key is not None else secrets.token_bytes(32)
            return
        with self.db.transaction(commit=True) as tx:
            for statement in SCHEMA:
                if self.db.postgres:  # an index's name takes no schema
                    statement = statement.replace("EXISTS {p}mail_addresses_id", "EXISTS ma_id")
                tx.run(statement)
        self.stored = True
        self.key = privacy.named_key(KEY_NAME) or b""

    def hash(self, kind: str, *parts: str) -> str:
        """A keyed hash: the same text gives the same hash in this store only."""
        text = "\x00".join((kind, *parts)).encode("utf-8", "surrogateescape")
        # BLAKE2b in its keyed mode is a MAC of its own, and faster than HMAC per message.
        return hashlib.blake2b(text, key=self.key, digest_size=32).hexdigest()

    def catch_up(self) -> None:
        """Bring the address index up to every event recorded, by any process, and hold it
        in memory for this run (a lookup per message must not cost a query)."""
        recorder, mapper = self.engine.app.recorder, self.engine.app.mapper
        position = 0
        if self.stored:
            with self.db.transaction(commit=False) as tx:
                row = tx.one("SELECT position FROM {p}mail_position WHERE name = 'addresses'")
                rows = [] if self._loaded else tx.rows("SELECT address, id FROM {p}mail_addresses")
            position = int(row["position"]) if row else 0
            self._remember([(r["address"], r["id"]) for r in rows], [])
        self._loaded = True
        topics = _address_topics()
        while True:
            batch = recorder.select_notifications(position + 1, BATCH, topics=topics)
            if not batch:
                return
            added: list[tuple[str, str]] = []
            gone: list[str] = []
            for note in batch:
                event: Any = mapper.to_domain_event(note)
                rid = UUID(str(note.originator_id)).hex
                if isinstance(event, Erased):
                    gone.append(rid)
                    added = [pair for pair in added if pair[1] != rid]
                else:
                    added += [(self.hash("address", a), rid) for a in addresses_of(event)]
            position = batch[-1].id
            self._remember(added, gone)
            if not self.dry:
                self._save(added, gone, position)

    def _remember(self, added: list[tuple[str, str]], gone: list[str]) -> None:
        self._lookups.clear()
        for address, rid in added:
            self._index.setdefault(address, set()).add(rid)
        if gone:
            for rids in self._index.values():
                rids.difference_update(gone)

    def _save(self, added: list[tuple[str, str]], gone: list[str], position: int) -> None:
        with self.db.transaction(commit=True) as tx:
            tx.many(
                "INSERT INTO {p}mail_addresses (address, id) VALUES (?, ?)"
                " ON CONFLICT (address, id) DO NOTHING",
                added,
            )
            tx.many("DELETE FROM {p}mail_addresses WHERE id = ?", [(rid,) for rid in gone])
            tx.run(
                "INSERT INTO {p}mail_position (name, position) VALUES ('addresses', ?)"
                " ON CONFLICT (name) DO UPDATE SET position = excluded.position",
                (position,),
            )

    def known(self, address: str) -> set[UUID]:
        """The relationships known by this address (compared in lower case), as of the last
        catch-up."""
        address = address.strip().lower()
        if address not in self._lookups:
            if len(self._lookups) > MAX_LOOKUPS:  # a run over many strangers stays bounded
                self._lookups.clear()
            found = self._index.get(self.hash("address", address), ())
            self._lookups[address] = frozenset(UUID(rid) for rid in found)
        return set(self._lookups[address])

    def seen(self, fingerprint: str) -> bool:
        if fingerprint in self._marked:
            return True
        if not self.stored:
            return False
        with self.db.transaction(commit=False) as tx:
            row = tx.one("SELECT 1 AS n FROM {p}mail_seen WHERE fingerprint = ?", (fingerprint,))
        return row is not None

    def mark(self, fingerprint: str) -> None:
        if self.dry:
            self._marked.add(fingerprint)
            return
        # Not flushed to disk at once: the next event's commit carries it (a process that dies
        # keeps it; only a power cut right after the last message can lose that one mark).
        with self.db.transaction(commit=True, durable=False) as tx:
            tx.run(
                "INSERT INTO {p}mail_seen (fingerprint) VALUES (?)"
                " ON CONFLICT (fingerprint) DO NOTHING",
                (fingerprint,),
            )

    def folder(self, account: str, name: str) -> tuple[int, int] | None:
        """The UIDVALIDITY and last UID read of an IMAP folder, if it was read before."""
        if not self.stored:
            return None
        with self.db.transaction(commit=False) as tx:
            row = tx.one(
                "SELECT uidvalidity, last_uid FROM {p}mail_folders WHERE folder = ?",
                (self.hash("folder", account, name),),
            )
        return (int(row["uidvalidity"]), int(row["last_uid"])) if row else None

    def read_up_to(self, account: str, name: str, uidvalidity: int, last_uid: int) -> None:
        if self.dry:
            return
        with self.db.transaction(commit=True) as tx:
            tx.run(
                "INSERT INTO {p}mail_folders (folder, uidvalidity, last_uid) VALUES (?, ?, ?)"
                " ON CONFLICT (folder) DO UPDATE SET uidvalidity = excluded.uidvalidity,"
                " last_uid = excluded.last_uid",
                (self.hash("folder", account, name), uidvalidity, last_uid),
            )
