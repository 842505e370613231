"""Crypto-shredding: each relationship's personal data is sealed with a data key of its own.

The keys live in a table beside the events (``outreach_keys``), never in the event table, so
erasing someone is deleting one key: their events stay in the log, unreadable. With a master key
(``OUTREACH_KEY``, or a key file named by ``OUTREACH_KEY_FILE``), the data keys are themselves
wrapped, and the read models' personal columns are sealed too, so a copied database file alone
reveals no personal data.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any, Literal
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from outreach.domain.errors import StoreError
from outreach.engine.nonces import nonce
from outreach.engine.view.sql import Database, Tx

# Sealed read-model text starts with a control character, which text from outside never holds
# (domain.values refuses control characters), so sealed and plain text cannot be mistaken.
SEALED = "\x1e1:"
CHECK_ID = "~master"
PENDING_ID = "~clean-up"  # an erasure's clean-up of the SQLite file is pending (engine.erasure)
CHECK_TEXT = b"outreach master key check"
PLAIN, WRAPPED = "k1:", "w1:"
# Some relationships' keys (ids in hex), in chunks (Tx.chunks).
KEYS = "SELECT id, key FROM {p}keys WHERE id IN ({in})"
MAX_CACHED = 5_000  # data keys a process keeps: more than a batch holds (catch-up 200 people,
# import 500); 20,000 made a rebuild of 100k people hold 10,000 more keys than one of 10k

SCHEMA = "CREATE TABLE IF NOT EXISTS {p}keys (id TEXT PRIMARY KEY, key TEXT)"
# A row whose key is NULL is a shredded key: that person was erased, and no new key may be made.
_UNKNOWN: Any = object()  # a key not cached here


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode(), validate=True)


def _new_keys(count: int) -> list[bytes]:
    """``count`` random 256-bit data keys, drawn from the system in one call."""
    drawn = os.urandom(32 * count)
    return [drawn[n : n + 32] for n in range(0, len(drawn), 32)]


class Privacy:
    """The data keys of one store: made before a relationship's first personal event is saved,
    cached per process, shredded on erasure."""

    def __init__(self, db: Database, master: bytes | None) -> None:
        self.db = db
        self.master = AESGCM(master) if master is not None else None
        self.sealing = master is not None
        # Raw key bytes, not cipher objects: a rebuild meets every person once, and an AESGCM
        # object costs ~2.5 KB against 32 bytes (built again on use, in ~1.4 us).
        self._keys: dict[str, bytes | None] = {}  # None: shredded
        self._absent: set[str] = set()  # no key when last read (events from before sealing)
        self._last: tuple[bytes | None, AESGCM | None] = (None, None)  # the last cipher built

    # A fresh random nonce for sealing with a data key (drawn in blocks: engine.nonces).
    nonce = staticmethod(nonce)

    def create(self) -> bool:
        """Make the keys table and check the master key against the store. Returns True when
        this opening put a master key on a store that held people already (their keys are now
        wrapped, and the read models must be rebuilt to be sealed: do it while no other
        process uses the store)."""
        with self.db.transaction(commit=True) as tx:
            tx.run(SCHEMA)
            row = tx.one("SELECT key FROM {p}keys WHERE id = ?", (CHECK_ID,))
            if row is None and self.master is None:
                return False
            if row is not None:
                self._check(row["key"])
                return False
            check = self._wrap(CHECK_ID, CHECK_TEXT)
            tx.run(
                "INSERT INTO {p}keys (id, key) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                (CHECK_ID, check),
            )
            # Another process opening the new store at once may have put its key first.
            self._check(tx.one("SELECT key FROM {p}keys WHERE id = ?", (CHECK_ID,))["key"])
            rows = tx.rows("SELECT id, key FROM {p}keys WHERE key LIKE ?", (PLAIN + "%",))
            for old in rows:
                key = _unb64(old["key"][len(PLAIN) :])
                tx.run(
                    "UPDATE {p}keys SET key = ? WHERE id = ?",
                    (self._wrap(old["id"], key), old["id"]),
                )
            return bool(rows)  # a new store has nothing to seal again

    def _check(self, stored: str) -> None:
        if self.master is None:
            raise StoreError(
                "this store's personal data is sealed with a master key: set OUTREACH_KEY"
                " (or OUTREACH_KEY_FILE) to the key it was created with"
            )
        if self._unwrap(CHECK_ID, stored) != CHECK_TEXT:
            raise StoreError(self._wrong_key())

    @staticmethod
    def _wrong_key() -> str:
        return (
            "the master key does not open this store: it was sealed with another key; set"
            " OUTREACH_KEY (or OUTREACH_KEY_FILE) to the key it was created with"
        )

    def _wrap(self, kid: str, key: bytes) -> str:
        if self.master is None:
            return PLAIN + _b64(key)
        nonce = secrets.token_bytes(12)
        return WRAPPED + _b64(nonce + self.master.encrypt(nonce, key, kid.encode()))

    def _unwrap(self, kid: str, stored: str) -> bytes:
        if stored.startswith(PLAIN):
            return _unb64(stored[len(PLAIN) :])
        if self.master is None:
            raise StoreError(self._wrong_key())
        blob = _unb64(stored[len(WRAPPED) :])
        try:
            return self.master.decrypt(blob[:12], blob[12:], kid.encode())
        except InvalidTag:
            raise StoreError(self._wrong_key()) from None

    def _remember(self, rows: Iterable[Any]) -> None:
        for row in rows:
            self._absent.discard(row["id"])
            stored = row["key"]
            self._keys[row["id"]] = None if stored is None else self._unwrap(row["id"], stored)
        self._trim()

    def _trim(self) -> None:
        # The oldest go first (dicts keep their order), read again when needed; unbounded, a
        # catch-up of a million people held ~150 MB of keys. All at once: one at a time walks
        # the holes earlier deletions left (a tenth of ensure's time at 100k people).
        excess = len(self._keys) - MAX_CACHED
        if excess > 0:
            for hid in list(islice(self._keys, excess)):
                del self._keys[hid]
        if len(self._absent) > MAX_CACHED:
            self._absent.clear()

    def prefetch(self, hids: Iterable[str], tx: Tx | None = None) -> None:
        """Read these relationships' keys (ids in hex) afresh (one query; in ``tx`` if
        given), so that loading their events needs no other transaction and sees erasures
        made by other processes."""
        hexes = sorted(set(hids))  # a batch holds about ten events a person
        if not hexes:
            return
        if tx is None:
            with self.db.transaction(commit=False) as reading:
                return self.prefetch(hexes, reading)
        self.fetched(hexes, tx.chunks(KEYS, hexes))

    def fetched(self, hexes: Sequence[str], rows: Iterable[Any]) -> None:
        """The keys of these relationships as just read (``KEYS``): taken instead of any kept."""
        for hid in hexes:
            self._keys.pop(hid, None)
        self._remember(rows)
        self._absent.update(hid for hid in hexes if hid not in self._keys)

    def key(self, rid: UUID, tx: Tx | None = None) -> AESGCM | None:
        """The relationship's data key; None if it has none (yet) or it was shredded."""
        return self.key_of(rid.hex, tx)

    def key_of(self, hid: str, tx: Tx | None = None) -> AESGCM | None:
        """``key`` of a relationship's id in hex (the catch-up reads ids as hex)."""
        if hid not in self._keys:
            self.prefetch([hid], tx)
        return self.opener(hid) or None

    def opener(self, hid: str) -> AESGCM | Literal[False] | None:
        """For reading a relationship's events (id in hex), ``shredded_of`` and ``key_of`` in
        one look: False if it was erased, else its data key (None: it has none here)."""
        raw = self._keys.get(hid, _UNKNOWN)
        if raw is _UNKNOWN and hid not in self._absent:  # asked of the store
            with self.db.transaction(commit=False) as tx:
                self._remember(tx.rows("SELECT id, key FROM {p}keys WHERE id = ?", (hid,)))
            raw = self._keys.get(hid, _UNKNOWN)
        if raw is None or raw is _UNKNOWN:
            return None if raw is _UNKNOWN else False
        # A person's events are sealed (and opened) one after another: their cipher is built
        # once (an AESGCM costs ~1.4 us). Tied to the very bytes cached, never to a stale key.
        last_raw, last_cipher = self._last
        if raw is not last_raw:
            last_cipher = AESGCM(raw)
            self._last = (raw, last_cipher)
        return last_cipher

    def shredded(self, rid: UUID) -> bool:
        """Whether this relationship was erased (asked of the store unless known here)."""
        return self.shredded_of(rid.hex)

    def shredded_of(self, hid: str) -> bool:
        """``shredded`` of a relationship's id in hex."""
        return self.opener(hid) is False

    def ensure(self, ids: Iterable[UUID]) -> list[UUID]:
        """Make the data keys these relationships lack, in one transaction; returns those
        whose key was shredded (erased people: nothing personal may be sealed for them)."""
        wanted = sorted({h for i in ids if self._keys.get(h := i.hex) is None})
        if not wanted:
            return []
        made = dict(zip(wanted, _new_keys(len(wanted)), strict=True))
        # Not flushed to disk at once: the events sealed with these keys commit next, and
        # their flush carries this commit too (an SQLite WAL and PostgreSQL's log are
        # written in order). A crash before it loses keys that nothing uses yet.
        with self.db.transaction(commit=True, durable=False) as tx:
            tx.many(
                "INSERT INTO {p}keys (id, key) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                [(hid, self._wrap(hid, key)) for hid, key in made.items()],
            )
            # Every row ours (the usual case: new people): the keys are those just made, and
            # reading them back (a query of all, each unwrapped) would tell nothing new.
            ours = tx.cursor.rowcount == len(wanted)
            # A cursor of its own: in a pipeline the INSERT's late result was fetched as a read's.
            reading = Tx(tx.cursor.connection.cursor(), tx.prefix, tx.postgres, tx.sealer)
            if self.master is None and reading.one(
                "SELECT id FROM {p}keys WHERE id = ?", (CHECK_ID,)
            ):
                # Another process put a master key on the store since this one opened.
                self._check("")
            keys = "SELECT id, key FROM {p}keys WHERE id IN ({in})"
            rows = [] if ours else reading.chunks(keys, wanted)
        if ours:
            self._absent.difference_update(made)
            self._keys.update(made)
            self._trim()
        else:  # some were there already: made by another process meanwhile, or shredded
            self._remember(rows)
        return [UUID(hid) for hid in wanted if self._keys.get(hid) is None]

    def named_key(self, name: str, *, create: bool = True) -> bytes | None:
        """A random key of the store's own for one purpose (``~NAME`` beside the data keys),
        made on first use (None if absent and not ``create``). It is wrapped with the master
        key like the data keys (and wrapped when a master key is put on the store later), so
        with a master key set it cannot be read from the database file alone. Used for keyed
        hashes (outreach.sources.ledger)."""
        kid = "~" + name
        with self.db.transaction(commit=create) as tx:
            if create:
                tx.run(
                    "INSERT INTO {p}keys (id, key) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                    (kid, self._wrap(kid, secrets.token_bytes(32))),
                )
            row = tx.one("SELECT key FROM {p}keys WHERE id = ?", (kid,))
        return None if row is None else self._unwrap(kid, row["key"])

    @staticmethod
    def shred_in(tx: Tx, rid: UUID) -> None:
        """Delete the relationship's key for good (a NULL row stops a new one being made), in
        the transaction that records their erasure (engine.erasure)."""
        tx.run(
            "INSERT INTO {p}keys (id, key) VALUES (?, NULL)"
            " ON CONFLICT (id) DO UPDATE SET key = NULL",
            (rid.hex,),
        )

    def forget(self, rid: UUID) -> None:
        self._keys.pop(rid.hex, None)

    def seal(self, tx: Tx, rid: str, text: str) -> str:
        """Read-model text, sealed with the relationship's key when a master key is set."""
        if not self.sealing:
            return text
        key = self.key_of(rid, tx)
        if key is None:  # no key: a relationship from before encryption, or an erased one
            return text
        nonce = secrets.token_bytes(12)
        sealed = key.encrypt(nonce, text.encode(), b"rm:" + rid.encode())
        return f"{SEALED}{rid}:{_b64(nonce + sealed)}"

    def open(self, tx: Tx, text: str) -> str | None:
        """Sealed read-model text opened; None when the key is gone (the person was erased,
        and their rows are about to be purged)."""
        if not text.startswith(SEALED):
            return text
        rid, _, blob = text[len(SEALED) :].partition(":")
        key = self.key_of(rid, tx)
        if key is None:
            return None
        data = _unb64(blob)
        try:
            return key.decrypt(data[:12], data[12:], b"rm:" + rid.encode()).decode()
        except InvalidTag:
            raise StoreError(
                f"a read-model row of relationship {rid} is corrupt: rebuild"
            ) from None
