"""Decisions are data: which line of the table applied, what to do, when, and the facts the
sentence names. The wording module (``outreach.projections.wording``) writes the sentence.

The records made for every answer (``Facts``, ``Found``, ``Decision``) are not frozen, though
nothing changes one once made (``dataclasses.replace`` makes another): a frozen dataclass sets
each field through ``object.__setattr__``, and ``Facts``' nineteen cost more than the line that
named them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from outreach.domain.events import Event
from outreach.projections.model import ActionKind


@dataclass(frozen=True, slots=True)
class Waiting:
    """A group someone was spotted in, not yet listened to long enough (line 5)."""

    group: str
    listen_until: datetime | None  # the end of the listening window, if still ahead
    contribute: bool  # no contribution of the recruiter's yet


@dataclass(frozen=True, slots=True)
class Candidacy:
    kind: str  # placed / interviewed / applied
    role: str | None
    when: datetime


@dataclass(slots=True)
class Facts:
    """What a decision names, never how it is said. Only the facts of the line that applied are
    set; the rest keep their empty defaults."""

    name: str
    tz: ZoneInfo
    erased: bool = False
    topic: str = ""  # what to talk about: common ground, their work, their industry
    since: datetime | None = None  # the moment the sentence dates (an opt-out, a no, an email)
    agreed: datetime | None = None  # an agreed time (line 2)
    count: int = 0  # firm noes, busy answers in a row, unanswered touches
    days: int = 0  # the playbook figure the line waits (back-off, pause, keep in touch)
    by_email: bool = False  # line 3: nothing sent this round, so the offer goes by email
    backing_off: bool = False  # line 3: max_busy busy answers in a row
    waiting: tuple[Waiting, ...] = ()  # line 5
    candidacy: Candidacy | None = None  # lines 6 and 8
    met_at: str | None = None  # line 8: where you met
    email_topic: str | None = None  # line 9: the unanswered email's topic (never a pitch's)
    career_move: tuple[str, str | None] | None = None  # line 11: kind and detail
    skills: tuple[str, ...] = ()  # line 12: the skills to ask about
    best: bool = False  # line 13: someone you would hire
    met: bool = False  # they were met (DO 2's "because you've met" fits them)
    limit: int = 0  # line 10: max_unanswered


@dataclass(slots=True)
class Found:
    """A line applies: the facts it names, the events that led to it, and, for lines 3 and 4
    once they hand over (PLAYBOOK: "line 13 once ..."), the line that answers instead."""

    facts: Facts
    evidence: tuple[Event, ...]
    base: datetime | None = None  # what the due time counts from
    rules: tuple[str, ...] = ()  # rules cited besides the row's own
    instead: str | None = None
    every: str = ""  # line 13: which keep-in-touch figure


@dataclass(slots=True)
class Decision:
    """The first line of the table that applies, as data."""

    line: str
    kind: ActionKind | None
    rules: tuple[str, ...]  # primary first
    due: datetime | None
    facts: Facts
    evidence: tuple[Event, ...] = field(default=())
    snoozed_until: datetime | None = None
