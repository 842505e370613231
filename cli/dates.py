"""Dates and times as people type them, for every DATETIME option.

ISO 8601 (``2026-03-06T11:00``, ``"2026-03-06 11:00+01:00"``, ``2026-03-06``), or words counted
from the clock (``--now``): ``now``, ``today``, ``yesterday``, ``tomorrow``, a weekday
(``monday`` is the next one, never today; ``last friday`` the previous one, never today),
``+3d``, ``-2w``, ``+4h``. A day may be followed by a time (``tomorrow 15:00``, ``monday 9am``)
and anything with a wall time by a time zone name, in any case (``15:00 europe/london``).

Words name days, offsets count from now: ``tomorrow`` is a day, ``+1d`` is this time tomorrow.
A day with no time is "a date alone": the start of that day where the candidate lives (PLAYBOOK
Words), which only the command knows; so parsing gives a ``Typed`` value, and the command
resolves it with the clock, the recruiter's zone and, for a date alone, the candidate's.

Only the standard library: ``outreach --help`` must start quickly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SHORT = ("mon", "tue tues", "wed", "thu thur thurs", "fri", "sat", "sun")
_WEEKDAY = {name: i for i, name in enumerate(WEEKDAYS)} | {
    short: i for i, shorts in enumerate(_SHORT) for short in shorts.split()
}
_DAY_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_OFFSET = re.compile(r"^([+-])(\d{1,5})([hdw])$")
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?(am|pm)?$")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}

FORMS = (
    "ISO 8601 (2026-03-06T11:00, '2026-03-06 11:00+01:00', 2026-03-06), now, today,"
    " yesterday, tomorrow, a weekday (monday: the next one; 'last friday'), +3d, -2w, +4h;"
    " a day may be followed by a time ('tomorrow 15:00') and a time by a zone"
    " ('monday 10:00 europe/london')"
)


class NotADate(ValueError):
    """What was typed is not a date and time; the message lists the forms."""

    def __init__(self, text: str, why: str = "") -> None:
        reason = f" ({why})" if why else ""
        super().__init__(f"{text!r} is not a date and time{reason}: use {FORMS}")


@dataclass(frozen=True)
class Typed:
    """A date and time as typed, not yet placed on the clock.

    ``days`` counts from today (or ``on`` is a calendar day, or ``weekday`` the next/last one);
    ``shift`` counts from now; ``clock`` is a wall time; ``zone`` a zone typed with it (an
    offset or a name). ``exact`` is an ISO moment with its offset, needing nothing else."""

    text: str
    exact: datetime | None = None
    on: date | None = None
    days: int | None = None
    weekday: int | None = None
    previous: bool = False
    shift: timedelta | None = None
    clock: time | None = None
    zone: tzinfo | None = None

    @property
    def date_alone(self) -> bool:
        """A day with no time: its start where the candidate lives."""
        return self.exact is None and self.shift is None and self.clock is None

    def resolve(
        self, now: datetime, zone: tzinfo | None, day_zone: tzinfo | None = None
    ) -> datetime:
        """The moment meant, with ``now`` as the clock, ``zone`` the recruiter's (wall times
        and "today"; None: the system's) and ``day_zone`` the candidate's (a date alone; else
        the recruiter's)."""
        if self.exact is not None:
            return self.exact
        wall = self.zone or zone
        if self.shift is not None:
            moment = now + self.shift
            if self.clock is None:
                return moment
            return _at(moment.astimezone(wall).date(), self.clock, wall)
        day = self._day(now.astimezone(zone).date())
        if self.clock is None:
            return _at(day, time(0, 0), self.zone or day_zone or zone)
        return _at(day, self.clock, wall)

    def _day(self, today: date) -> date:
        if self.on is not None:
            return self.on
        if self.days is not None:
            return today + timedelta(days=self.days)
        assert self.weekday is not None
        ahead = (self.weekday - today.weekday()) % 7
        if self.previous:
            return today - timedelta(days=(today.weekday() - self.weekday) % 7 or 7)
        return today + timedelta(days=ahead or 7)


def parse(text: str) -> Typed:
    """What was typed, checked and taken apart; ``NotADate`` if it is none of the forms."""
    raw = " ".join(str(text).split())
    if not raw:
        raise NotADate(str(text), "empty")
    exact = _iso(raw)
    if exact is not None:
        return exact
    words = raw.lower().split(" ")
    zone = _zone(words[-1]) if len(words) > 1 else None
    if zone is not None:
        words = words[:-1]
    iso = _iso(" ".join(words), zone, raw) if zone is not None else None
    if iso is not None:
        return iso
    clock = _clock(words[-1])
    if clock is not None:
        words = words[:-1] or ["today"]  # a time alone is today's
    return _relative(raw, words, clock, zone)


def parse_iso(text: str) -> Typed:
    """ISO 8601 alone (files, where words counted from today would mean nothing)."""
    found = _iso(" ".join(str(text).split()))
    if found is None:
        raise NotADate(str(text))
    return found


def _relative(raw: str, words: list[str], clock: time | None, zone: tzinfo | None) -> Typed:
    phrase = " ".join(words)
    if phrase == "now":
        if clock is not None:
            raise NotADate(raw, "'now' takes no time")
        return Typed(raw, shift=timedelta(0), zone=zone)
    if phrase in _DAY_WORDS:
        return Typed(raw, days=_DAY_WORDS[phrase], clock=clock, zone=zone)
    offset = _OFFSET.match(phrase)
    if offset is not None:
        sign, count, unit = offset.groups()
        if unit == "h" and clock is not None:
            raise NotADate(raw, "an offset in hours takes no time")
        shift = _UNITS[unit] * int(count) * (-1 if sign == "-" else 1)
        return Typed(raw, shift=shift, clock=clock, zone=zone)
    previous = words[0] == "last" and len(words) == 2
    if words[0] in ("last", "next") and len(words) == 2:
        words = words[1:]
    if len(words) == 1 and words[0] in _WEEKDAY:
        return Typed(raw, weekday=_WEEKDAY[words[0]], previous=previous, clock=clock, zone=zone)
    raise NotADate(raw)


def _iso(text: str, zone: tzinfo | None = None, raw: str | None = None) -> Typed | None:
    """ISO 8601, as the standard library reads it (``T`` or a space, ``Z``); None if not."""
    raw = raw or text
    try:
        return Typed(raw, on=date.fromisoformat(text), zone=zone)  # a date alone
    except ValueError:
        pass
    try:
        value = datetime.fromisoformat(text.upper())
    except ValueError:
        return None
    if value.tzinfo is None:
        return Typed(raw, on=value.date(), clock=value.time(), zone=zone)
    if zone is not None:
        raise NotADate(raw, "give an offset or a zone name, not both")
    return Typed(raw, exact=value)


def _clock(word: str) -> time | None:
    found = _CLOCK.match(word)
    if found is None:
        return None
    hours, minutes, seconds, half = found.groups()
    if minutes is None and half is None:
        return None  # "15" alone is not a time
    hour = int(hours)
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    try:
        return time(hour, int(minutes or 0), int(seconds or 0))
    except ValueError:
        return None


def _zone(word: str) -> tzinfo | None:
    """A time zone named in any case (``europe/london``); None if the word names none."""
    name = zone_name(word)
    if name is None:
        return None
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def zone_name(text: str) -> str | None:
    """The IANA name of a zone typed in any case (``europe/london`` -> ``Europe/London``)."""
    from outreach.domain.checks import zone_named  # the one list of zones

    return zone_named(text)


def _at(day: date, clock: time, zone: tzinfo | None) -> datetime:
    if zone is None:  # the system's zone: astimezone() reads a naive time as local, DST and all
        return datetime.combine(day, clock).astimezone()
    return datetime.combine(day, clock, tzinfo=zone)
