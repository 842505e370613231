"""A relationship's stored state: its history, kept in the read model so that settings changes
and time passing recompute answers without replaying the event log."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from itertools import islice
from operator import attrgetter, itemgetter, lt
from typing import Any

import orjson
from eventsourcing.utils import get_topic, resolve_topic
from outreach.domain.corrections import in_effect
from outreach.domain.errors import StoreError
from outreach.domain.events import (
    Added,
    Called,
    Event,
    Met,
    ProfileUpdated,
    Replied,
    Retracted,
    SpottedOnline,
)
from outreach.domain.stored import row_builder
from outreach.domain.values import group_key
from outreach.projections.model import GroupActivity, NextAction
from outreach.projections.touches import ANSWERS, is_connected_call

_ID = "originator_id"  # the row's own id: not repeated in each event


class Layout:
    """How a history is stored: each event as its class's number here and its fields'
    values in the class's order, ``[tag, [code, value, ...], ...]``, not as
    ``{"t": topic, "s": {field: value}}``: the topics and field names spelled out in every
    event were more than half of a stored history (2.2 KB a person at 10k people, 1.0 KB
    without), and a history of 2.2 KB took a page of SQLite's to itself, where three of
    1.0 KB share one. ``tag`` names this layout (the domain's event classes, their versions
    and fields): a history stored under another layout cannot be read by position, and the
    read models of a store whose layout changed are made again (engine.view.migration).
    An event of a class outside the domain (none in the engine) is stored as before."""

    def __init__(self) -> None:
        classes = sorted(_domain_events(Event), key=attrgetter("TOPIC"))
        self.fields = [tuple(n for n in cls.model_fields if n != _ID) for cls in classes]
        self.classes = classes
        # Each class's event from its row and id, in one function (no dict of its fields).
        self.builders = [row_builder(*each) for each in zip(classes, self.fields, strict=True)]
        self.codes = {
            cls: (code, itemgetter(*names))
            for code, (cls, names) in enumerate(zip(classes, self.fields, strict=True))
        }
        described = [
            (cls.TOPIC, getattr(cls, "class_version", 1), names)
            for cls, names in zip(classes, self.fields, strict=True)
        ]
        self.tag = "h" + hashlib.sha256(repr(described).encode()).hexdigest()[:8]


def _domain_events(base: type[Event]) -> set[type[Event]]:
    found = set()
    for cls in base.__subclasses__():
        if cls.__dict__.get("TOPIC") and cls.__module__.startswith("outreach.domain."):
            found.add(cls)
        found |= _domain_events(cls)
    return found


@cache
def layout() -> Layout:
    """The layout of this code's event classes (made once, all of them imported by then)."""
    return Layout()


def dump_history(events: Iterable[Event]) -> str:
    """The events as ``Layout`` says, each value as pydantic's ``model_dump(mode="json")``
    writes it, but written by orjson straight from the event's values: an event's fields are
    only of types the two write alike (text, numbers, flags, moments with "Z" for UTC, kinds,
    tuples; see ``Event.from_stored``), a third of the time pydantic's dump took."""
    known = layout()
    codes = known.codes
    items: list[Any] = [known.tag]
    for event in events:
        fields = vars(event)
        code = codes.get(type(event))
        if code is None:
            spelled = fields.copy()
            spelled.pop(_ID, None)
            items.append({"t": get_topic(type(event)), "s": spelled})
        else:
            items.append((code[0], *code[1](fields)))
    return orjson.dumps(items, option=orjson.OPT_UTC_Z).decode()


def load_history(data: str, originator_id: Any) -> list[Event]:
    """A history as ``dump_history`` stores it, or as releases before it did (a list of
    ``{"t": topic, "s": fields}``: read as it is, never rewritten until the person's next
    event)."""
    items = orjson.loads(data)
    events: list[Event] = []
    if not items:
        return events
    known = layout()
    if type(items[0]) is str:
        if items[0] != known.tag:
            raise StoreError(
                "the read models were written for other event classes: run `outreach rebuild`"
            )
        del items[0]
    builders = known.builders
    for item in items:
        if type(item) is dict:
            state = item["s"]
            state[_ID] = originator_id
            events.append(resolve_topic(item["t"]).from_stored(state))
        else:
            events.append(builders[item[0]](item, originator_id))
    return events


def merge(history: Sequence[Event], new: Sequence[Event]) -> list[Event]:
    """Add newly caught-up events, once each (by version), in recording order."""
    if not history and _in_order(new):
        return list(new)  # someone new (most of a rebuild, all of an import's): as read
    by_version = {e.originator_version: e for e in history}
    for event in new:
        by_version.setdefault(event.originator_version, event)
    return [by_version[v] for v in sorted(by_version)]


def _in_order(events: Sequence[Event]) -> bool:
    """Whether the events' versions rise strictly (no version twice)."""
    versions = list(map(_version, events))
    return all(map(lt, versions, islice(versions, 1, None)))  # pairwise, compared in C


def profile(history: Sequence[Event]) -> dict[str, Any]:
    """Name, skills and flags for the relationship row and the skills index."""
    if len(history) == 1 and type(history[0]) is Added:
        return _just_added(history[0])
    return profile_walked(history)


def profile_walked(history: Sequence[Event]) -> dict[str, Any]:
    """``profile`` of any history, by a walk over it."""
    would_hire = key_contributor = False
    answers = 0
    groups = set[str]()
    named: list[Event] = []  # what says who they are: read in the order it happened
    # What was retracted counts for nothing (rare: looked for first). Told apart by exact
    # class (no event class is subclassed): isinstance against a pydantic model class was most
    # of this function's time. Only the name and skills depend on the order things happened:
    # the rest is walked as stored, and the few events that name them are sorted (sorting
    # them all was most of an eighth of this function's time).
    # (``in`` over the classes compares them in C, by identity first: 212 ns a history of ten
    # events, against 318 for a generator resumed at each event.)
    kept = in_effect(history) if Retracted in map(type, history) else history
    recruiters = {event.by for event in kept}
    for event in kept:
        kind = type(event)
        if kind is Added or kind is ProfileUpdated:
            named.append(event)
        elif type(event) is Met:  # (mypy narrows by type(event), not by kind)
            would_hire = would_hire or event.would_hire
        elif type(event) is SpottedOnline:
            key_contributor = key_contributor or event.key_contributor
            groups.add(group_key(event.group))
        # is_answer, or a reply: asked inline, no call an event (-11 % of this walk's instructions)
        if kind in _ANSWERED or (kind is Called and is_connected_call(event)):
            answers += 1
    name, skills = "", list[str]()
    for event in sorted(named, key=_happened) if len(named) > 1 else named:
        # A profile update naming skills says what they do now: the set replaces the one before
        # (playbook v2), so find, the referral ask and show use the same skills.
        if type(event) is Added:
            name = event.name
            skills = list(event.skills)
        elif type(event) is ProfileUpdated:
            skills = list(event.skills) or skills
            name = event.name or name  # a corrected name (PLAYBOOK v2, change 6)
    names = sorted(recruiters)
    return {
        "name": name,
        "skills": list(dict.fromkeys(skills)),
        "would_hire": would_hire,
        "key_contributor": key_contributor,
        "strength": strength(would_hire, key_contributor, answers),
        "recruiters": "|" + "|".join(names) + "|",
        "recruiter_names": names,
        "groups": sorted(groups),
    }


def _just_added(added: Added) -> dict[str, Any]:
    """``profile`` of a history of one ``added`` event (each of an import's people), without
    the sort and the walk."""
    return {
        "name": added.name,
        "skills": list(dict.fromkeys(added.skills)),
        "would_hire": False,
        "key_contributor": False,
        "strength": strength(False, False, 0),
        "recruiters": f"|{added.by}|",
        "recruiter_names": [added.by],
        "groups": [],
    }


_ANSWERED = ANSWERS | {Replied}  # what counts towards the strength (is_answer, or a reply)
_happened = attrgetter("occurred_at", "originator_version")
_version = attrgetter("originator_version")


def strength(would_hire: bool, key_contributor: bool, answers: int) -> float:
    """How strong the relationship is: people you'd hire, key contributors, and how often they
    have answered. Availability plays no part (skills, not availability)."""
    return 3.0 * would_hire + 2.0 * key_contributor + min(answers, 5) * 0.5


def dump_group(row: GroupActivity) -> tuple[str | None, str | None, str]:
    return (
        row.first_watched.isoformat() if row.first_watched else None,
        row.first_spotted.isoformat() if row.first_spotted else None,
        orjson.dumps([t.isoformat() for t in row.contributed_at]).decode(),
    )


def load_group(row: Any) -> GroupActivity:
    return GroupActivity(
        name=row["name"],
        first_watched=_when(row["first_watched"]),
        first_spotted=_when(row["first_spotted"]),
        contributed_at=tuple(datetime.fromisoformat(t) for t in orjson.loads(row["contributed"])),
    )


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def valid_until(action: NextAction, history: Sequence[Event], now: datetime) -> datetime | None:
    """An answer holds until its recheck time, or until the first event that happened after
    ``now`` (recorded earlier with a later clock) comes into view."""
    later = [e.occurred_at for e in history if e.occurred_at > now]
    return earliest(action.recheck_at, min(later) if later else None)
