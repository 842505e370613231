"""Online groups in the read models: what a catch-up batch does to a group's activity (first
watched, first spotted, contributions), and the activity of the groups someone was spotted in.

A group's events carry the group's id; its key (the normalised name) comes with the first of
them (``GroupNoted``), and later ones find it in the groups table.

A retracted sighting never happened (PLAYBOOK.md, Words: "retracted"): the group's first
sighting is then the earliest still in effect among its members, and someone with none left
there is no member of it. Worked out again from the members' stored histories, only for a
batch (or a command) that retracts a sighting: retractions are rare."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from outreach.domain.corrections import in_effect
from outreach.domain.events import (
    Contributed,
    Event,
    GroupNoted,
    Retracted,
    SpottedOnline,
    Watched,
)
from outreach.domain.values import group_id, group_key
from outreach.engine.view.notes import histories
from outreach.engine.view.sql import Tx
from outreach.projections.model import GroupActivity
from outreach.projections.state import dump_group, earliest, load_group, merge

GROUP_EVENTS = (GroupNoted, Watched, Contributed)
# Some groups' activity, by their keys, in chunks (Tx.chunks).
GROUPS = "SELECT * FROM {p}groups WHERE key IN ({in})"
GROUP_KINDS = frozenset(GROUP_EVENTS)  # exact classes: none is subclassed
# What a batch's groups are told of: the groups' own events, and someone's sighting or
# retraction (it may withdraw a sighting). One look an event tells them from the rest.
TOLD: frozenset[type[Event]] = frozenset((*GROUP_EVENTS, SpottedOnline, Retracted))

UPSERT_GROUP = (
    "INSERT INTO {p}groups (key, gid, name, first_watched, first_spotted,"
    " contributed) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
    " name = excluded.name, first_watched = excluded.first_watched,"
    " first_spotted = excluded.first_spotted, contributed = excluded.contributed"
)


class BatchGroups:
    """The groups one catch-up batch reads and changes, in its transaction."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.activity: dict[str, GroupActivity] = {}
        self.stored: dict[str, GroupActivity | None] = {}  # each group as the batch found it
        self.keys: dict[Any, str] = {}
        self.members: list[tuple[str, str]] = []  # (group key, id) of those spotted
        self.sightings: list[SpottedOnline] = []  # the batch's, should one be retracted
        self.retractions: list[Retracted] = []

    def apply(self, event: Event) -> None:
        """A group's own event: watched, contributed to, or noted."""
        key = self._key_of(event)
        self.activity[key] = group_after(self._group(key, event), event)

    def spotted(self, event: SpottedOnline, rid: str) -> None:
        """Someone spotted in a group: a member, and maybe the group's first sighting."""
        key = group_key(event.group)
        before = self._group(key, event)
        first = earliest(before.first_spotted, event.occurred_at)
        if first != before.first_spotted:
            self.activity[key] = before.model_copy(update={"first_spotted": first})
        self.members.append((key, rid))  # written with the groups, in one statement
        self.sightings.append(event)

    def noted(self, event: Event, rid: str) -> None:
        """Someone's sighting (``spotted``), or a retraction: should it withdraw a sighting,
        ``write`` works the group out again."""
        if type(event) is SpottedOnline:
            self.spotted(event, rid)
        elif type(event) is Retracted:
            self.retractions.append(event)

    def write(self) -> list[str]:
        """Write the groups whose activity changed; their members' ids, whose answers move.
        Recomputing every member of every group seen in the batch made catch-up quadratic in
        the store's size."""
        self.tx.many(
            "INSERT INTO {p}members (key, id) VALUES (?, ?) ON CONFLICT (key, id) DO NOTHING",
            self.members,
        )
        if self.retractions:  # rare: most batches have none
            self._withdraw()
        touched = sorted(key for key, now in self.activity.items() if now != self.stored[key])
        for key in touched:
            group = self.activity[key]
            self.tx.run(UPSERT_GROUP, (key, group_id(key).hex, group.name, *dump_group(group)))
        members = self.tx.chunks("SELECT id FROM {p}members WHERE key IN ({in})", touched)
        return [row["id"] for row in members]

    def _withdraw(self) -> None:
        """The groups whose sightings the batch's retractions withdraw: their first sighting
        and their members worked out again (``sightings_left``), from the members' stored
        histories and the batch's sightings and retractions."""
        batch: dict[str, list[Event]] = {}
        for event in (*self.sightings, *self.retractions):
            batch.setdefault(event.originator_id.hex, []).append(event)
        retracting = sorted({event.originator_id.hex for event in self.retractions})
        withdrawn = withdrawn_sightings(histories(self.tx, retracting), batch)
        for key, sighting in sorted(withdrawn.items()):
            first, gone = sightings_left(self.tx, key, batch)
            before = self._group(key, sighting)
            self.activity[key] = before.model_copy(update={"first_spotted": first})
            self.tx.many(
                "DELETE FROM {p}members WHERE key = ? AND id = ?", [(key, g) for g in gone]
            )

    def _key_of(self, event: Event) -> str:
        gid = event.originator_id
        if gid not in self.keys:
            if isinstance(event, GroupNoted):
                self.keys[gid] = group_key(event.name)
            else:
                row = self.tx.one("SELECT key FROM {p}groups WHERE gid = ?", (gid.hex,))
                self.keys[gid] = str(row["key"])
        return self.keys[gid]

    def _group(self, key: str, event: Event) -> GroupActivity:
        if key not in self.activity:
            row = self.tx.one("SELECT * FROM {p}groups WHERE key = ?", (key,))
            self.stored[key] = load_group(row) if row else None
            self.activity[key] = self.stored[key] or GroupActivity(
                name=getattr(event, "name", None) or getattr(event, "group", key),
                first_watched=None,
                first_spotted=None,
                contributed_at=(),
            )
        return self.activity[key]


def group_after(before: GroupActivity, event: Event) -> GroupActivity:
    if isinstance(event, GroupNoted):
        return before.model_copy(update={"name": event.name})
    if isinstance(event, Watched):
        return before.model_copy(
            update={"first_watched": earliest(before.first_watched, event.occurred_at)}
        )
    if isinstance(event, Contributed):
        times = tuple(sorted((*before.contributed_at, event.occurred_at)))
        return before.model_copy(update={"contributed_at": times})
    return before


def groups_of(
    tx: Tx, keys: Iterable[str], cache: dict[str, GroupActivity]
) -> dict[str, GroupActivity]:
    """The activity of these groups, read once per transaction (``cache``)."""
    missing = [k for k in keys if k not in cache]
    for row in tx.chunks(GROUPS, missing):
        cache[row["key"]] = load_group(row)
    return {k: cache[k] for k in keys if k in cache}


def withdrawn_sightings(
    stored: Mapping[str, Sequence[Event]], new: Mapping[str, Sequence[Event]]
) -> dict[str, SpottedOnline]:
    """The sightings the retractions among ``new`` events withdraw, by group key (one each);
    ``stored``: the histories held before them (each event once: ``merge``)."""
    found: dict[str, SpottedOnline] = {}
    for rid, events in new.items():
        gone = {e.retracted_version for e in events if type(e) is Retracted}
        if not gone:
            continue
        for event in merge(stored.get(rid, []), events):
            if type(event) is SpottedOnline and event.originator_version in gone:
                found.setdefault(group_key(event.group), event)
    return found


def sightings_left(
    tx: Tx, key: str, new: Mapping[str, Sequence[Event]], also: Iterable[str] = ()
) -> tuple[datetime | None, list[str]]:
    """A group's first sighting still in effect (None if none), and those of its members
    (the members table's, and ``also``) with no sighting left there. Their histories are as
    their rows hold them, with their ``new`` events (not written yet) added."""
    rows = tx.rows("SELECT id FROM {p}members WHERE key = ?", (key,))
    ids = sorted({row["id"] for row in rows} | set(also))
    stored = histories(tx, ids)
    first: datetime | None = None
    gone: list[str] = []
    for rid in ids:
        history = merge(stored.get(rid, []), new.get(rid, []))
        times = [
            e.occurred_at
            for e in in_effect(history)
            if type(e) is SpottedOnline and group_key(e.group) == key
        ]
        if times:
            first = earliest(first, min(times))
        else:
            gone.append(rid)
    return first, gone


def withdrawing(history: Sequence[Event], new: int) -> dict[str, SpottedOnline]:
    """The sightings a command's ``new`` events (they end ``history``) withdraw, by group key:
    none unless it records a retraction (rare)."""
    added = history[len(history) - new :]
    if Retracted not in map(type, added):
        return {}
    rid = history[0].originator_id.hex
    return withdrawn_sightings({rid: history[: len(history) - new]}, {rid: added})


def as_left(
    tx: Tx,
    groups: dict[str, GroupActivity],
    withdrawn: Mapping[str, SpottedOnline],
    history: Sequence[Event],
) -> None:
    """The groups whose sightings a command withdraws (``withdrawing``), as they will be once
    it is saved (``sightings_left``), for the answers worked out before the save."""
    rid = history[0].originator_id.hex
    for key in withdrawn.keys() & groups.keys():
        first, _ = sightings_left(tx, key, {rid: history}, also=(rid,))
        groups[key] = groups[key].model_copy(update={"first_spotted": first})
