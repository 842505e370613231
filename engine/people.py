"""Seeing your people: everyone in the pipeline a line each (``people``), one person whole
(``person``). The engine's methods of the same names delegate here.

What is shown is worked out from the relationship's history as of ``now``, the way every answer
is: an event that happened later is not there yet, and a retracted event was never recorded.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from outreach.domain.corrections import in_effect
from outreach.domain.errors import InvalidInput
from outreach.domain.events import Added, Event, OptedOut, ProfileUpdated, Snoozed, SpottedOnline
from outreach.domain.values import normalise_skill
from outreach.projections.history import is_touch
from outreach.projections.model import NextAction, Violation
from outreach.projections.state import load_history

if TYPE_CHECKING:
    from outreach.engine.engine import Engine

SORTS = ("due", "name", "last-touch")
LAST_TOUCHES = 5
CONTACT_POINTS = ("email", "phone", "url")


@dataclass(frozen=True)
class Person:
    """One person as ``outreach ls`` lists them."""

    handle: str
    name: str
    company: str | None
    title: str | None
    source: str | None
    skills: tuple[str, ...]
    tz: str | None
    added_at: datetime
    last_touch: datetime | None
    action: NextAction
    would_hire: bool
    key_contributor: bool
    opted_out: bool
    snoozed_until: datetime | None

    def overdue(self, now: datetime) -> bool:
        due = self.action.due
        return self.action.kind is not None and due is not None and due < now


@dataclass(frozen=True)
class Profile:
    """One person whole, as ``outreach show`` shows them."""

    person: Person
    now: datetime
    contact: tuple[tuple[str, str], ...]  # ("email", "ada@example.com"), ("url", ...)
    motivations: tuple[tuple[str, str | None], ...]  # kind, in their words
    career_moves: tuple[tuple[str, str | None], ...]
    groups: tuple[str, ...]
    touches: tuple[Event, ...]  # the last few, latest first
    violations: tuple[Violation, ...]
    local_now: datetime | None = field(default=None)  # their wall clock now, if zone known


def people(
    engine: Engine,
    *,
    now: datetime | None = None,
    overdue: bool = False,
    would_hire: bool = False,
    snoozed: bool = False,
    source: str | None = None,
    skill: str | None = None,
    search: str | None = None,
    sort: str = "due",
) -> list[Person]:
    """Everyone in the pipeline (erased people are gone), filtered and sorted: ``due`` (the
    soonest due first, those with nothing to do last), ``name``, or ``last-touch`` (the
    longest untouched first, never touched before all)."""
    if sort not in SORTS:
        raise InvalidInput("the list", {"sort": f"{sort!r} is not one of {', '.join(SORTS)}"})
    wanted_skill = _skill(skill)
    actions = {a.handle: a for a in engine.next_actions(now=now)}
    moment = now if now is not None else engine.clock()
    found = []
    for handle, history in _histories(engine, moment):
        if handle not in actions or not any(isinstance(e, Added) for e in history):
            continue  # added after now, or after the answers were read
        one = summary(handle, history, actions[handle], moment)
        if overdue and not one.overdue(moment):
            continue
        if (would_hire and not one.would_hire) or (snoozed and one.snoozed_until is None):
            continue
        if source is not None and one.source != source.strip().lower():
            continue
        if wanted_skill is not None and wanted_skill not in one.skills:
            continue
        if search and not _matches(search, one):
            continue
        found.append(one)
    return sorted(found, key=_SORT_KEYS[sort])


def person(engine: Engine, handle: str, *, now: datetime | None = None) -> Profile:
    """One person whole: profile, contact points, motivations, groups, the last touches, the
    next action and why, and their violations."""
    action = engine.next_action(handle, now=now)  # refuses an unknown or erased handle
    moment = now if now is not None else engine.clock()
    history = effective(engine.history(handle), moment)
    one = summary(action.handle, history, action, moment)
    facts = _latest(history)
    contact = tuple((key, str(facts[key])) for key in CONTACT_POINTS if facts.get(key))
    local_now = None
    if one.tz:
        from zoneinfo import ZoneInfo

        local_now = moment.astimezone(ZoneInfo(one.tz))
    return Profile(
        person=one,
        now=moment,
        contact=contact,
        motivations=_notes(history, "motivation"),
        career_moves=_notes(history, "career-move"),
        groups=tuple(dict.fromkeys(e.group for e in history if isinstance(e, SpottedOnline))),
        touches=tuple(reversed([e for e in history if is_touch(e)][-LAST_TOUCHES:])),
        violations=tuple(engine.violations(handle=handle, now=now)),
        local_now=local_now,
    )


def time_zone(engine: Engine, handle: str) -> str | None:
    """The candidate's time zone on record (the latest given), or None."""
    zone: str | None = _latest(effective(engine.history(handle)))["tz"]
    return zone


def summary(handle: str, history: Sequence[Event], action: NextAction, now: datetime) -> Person:
    """One person's line from their history as of ``now`` and their next action."""
    facts = _latest(history)
    touches = [e.occurred_at for e in history if is_touch(e)]
    return Person(
        handle=handle,
        name=facts["name"] or handle,
        company=facts["company"],
        title=facts["title"],
        source=facts["source"],
        skills=facts["skills"],
        tz=facts["tz"],
        added_at=next((e.occurred_at for e in history if isinstance(e, Added)), now),
        last_touch=max(touches) if touches else None,
        action=action,
        would_hire=any(getattr(e, "would_hire", False) for e in history),
        key_contributor=any(getattr(e, "key_contributor", False) for e in history),
        opted_out=any(isinstance(e, OptedOut) for e in history),
        snoozed_until=snoozed_until(history, now),
    )


def effective(history: Sequence[Event], now: datetime | None = None) -> list[Event]:
    """The history as every answer reads it: what is in effect (retracted events and the
    retractions left out), as of ``now``, in the order it happened."""
    kept = [e for e in in_effect(history) if now is None or e.occurred_at <= now]
    return sorted(kept, key=lambda e: (e.occurred_at, e.originator_version))


def snoozed_until(history: Sequence[Event], now: datetime) -> datetime | None:
    """Until when the relationship is put aside: the latest snooze, unless its time has come
    or a touch came after it (PLAYBOOK Words, "snoozed")."""
    snoozes = [e for e in history if isinstance(e, Snoozed)]
    if not snoozes:
        return None
    last = snoozes[-1]
    touched = any(is_touch(e) and e.occurred_at > last.occurred_at for e in history)
    return last.until if last.until > now and not touched else None


def _latest(history: Sequence[Event]) -> dict[str, Any]:
    """The profile as the latest event that gave each part says it. Skills: the last set given
    (a profile update says what they do now), else every skill given when added."""
    facts: dict[str, Any] = dict.fromkeys(
        ("name", "company", "title", "source", "tz", *CONTACT_POINTS)
    )
    facts["skills"] = ()
    for event in history:
        if not isinstance(event, Added | ProfileUpdated):
            continue
        for key in facts:
            value = getattr(event, key, None)
            if value:
                facts[key] = value.value if key == "source" else value
    return facts


def _notes(history: Sequence[Event], kind: str) -> tuple[tuple[str, str | None], ...]:
    return tuple(
        (str(getattr(e, "kind")), getattr(e, "detail", None))  # noqa: B009
        for e in history
        if kind == type(e).KIND
    )


def _histories(engine: Engine, moment: datetime) -> list[tuple[str, list[Event]]]:
    """Every relationship's stored history, from the read model (no replay of the log)."""
    rows = engine.readmodel.states()
    return [
        (row["handle"], effective(load_history(row["state"], UUID(row["id"])), moment))
        for row in rows
    ]


def _skill(skill: str | None) -> str | None:
    if skill is None:
        return None
    try:
        wanted = normalise_skill(skill)
    except ValueError as error:
        raise InvalidInput("the list", {"skill": str(error)}) from None
    return wanted or None


def _fold(text: str) -> str:
    """Lower case without accents: 'Núñez' is found by 'nunez'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _matches(search: str, one: Person) -> bool:
    wanted = _fold(search.strip())
    return any(wanted in _fold(part or "") for part in (one.name, one.company, one.title))


_NEVER = float("-inf")
_SORT_KEYS: dict[str, Any] = {
    "due": lambda p: (
        p.action.kind is None,
        p.action.due.timestamp() if p.action.due else 0.0,
        p.handle,
    ),
    "name": lambda p: (_fold(p.name), p.handle),
    "last-touch": lambda p: (p.last_touch.timestamp() if p.last_touch else _NEVER, p.handle),
}
