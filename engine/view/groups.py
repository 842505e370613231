"""Online groups in the read models: what a catch-up batch does to a group's activity (first
watched, first spotted, contributions), and the activity of the groups someone was spotted in.

A group's events carry the group's id; its key (the normalised name) comes with the first of
them (``GroupNoted``), and later ones find it in the groups table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from outreach.domain.events import Contributed, Event, GroupNoted, SpottedOnline, Watched
from outreach.domain.values import group_id, group_key
from outreach.engine.view.sql import Tx
from outreach.projections.model import GroupActivity
from outreach.projections.state import dump_group, earliest, load_group

GROUP_EVENTS = (GroupNoted, Watched, Contributed)
# Some groups' activity, by their keys, in chunks (Tx.chunks).
GROUPS = "SELECT * FROM {p}groups WHERE key IN ({in})"
GROUP_KINDS = frozenset(GROUP_EVENTS)  # exact classes: none is subclassed

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

    def write(self) -> list[str]:
        """Write the groups whose activity changed; their members' ids, whose answers move.
        Recomputing every member of every group seen in the batch made catch-up quadratic in
        the store's size."""
        self.tx.many(
            "INSERT INTO {p}members (key, id) VALUES (?, ?) ON CONFLICT (key, id) DO NOTHING",
            self.members,
        )
        touched = sorted(key for key, now in self.activity.items() if now != self.stored[key])
        for key in touched:
            group = self.activity[key]
            self.tx.run(UPSERT_GROUP, (key, group_id(key).hex, group.name, *dump_group(group)))
        members = self.tx.chunks("SELECT id FROM {p}members WHERE key IN ({in})", touched)
        return [row["id"] for row in members]

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
