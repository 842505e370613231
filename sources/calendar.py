"""A calendar file (.ics, read with icalendar) as the engine's events: a meeting with a known
person among its attendees is ``met`` once it has ended, and an agreed time (``rescheduled``
to its start) while it is to come.

What it decides, where the issue left a choice:

- ``met`` happened at the event's start; where: its LOCATION, else its SUMMARY.
- An agreed time was agreed when the event was made (CREATED; DTSTAMP is often when the file
  was written), else now. A meeting that moves is a new agreed time; one under way is left
  for the next import.
- An event is recognised by its UID and RECURRENCE-ID (each occurrence the file lists on its
  own); a recurring event's rule is not expanded: its first occurrence stands for it.
- A date with no time is that day's start, and a time with no zone is on the recruiter's
  clock (``recruiter_tz``).
- Cancelled events are skipped and counted; so are events with no UID or start.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from outreach.domain.errors import OutreachError
from outreach.domain.events import Event
from outreach.engine import Engine
from outreach.sources.ledger import Ledger
from outreach.sources.recording import NO_KNOWN_PERSON, Recorder, Summary, Touch

MAX_WHERE = 2000


class NotACalendar(OutreachError):
    """The file is not an iCalendar file."""


class CalendarReader:
    """One run over a calendar file."""

    def __init__(
        self, engine: Engine, me: Iterable[str], *, source: str, dry_run: bool = False
    ) -> None:
        self.engine = engine
        self.me = frozenset(a.strip().lower() for a in me)
        self.ledger = Ledger(engine, dry=dry_run)
        self.ledger.catch_up()
        self.summary = Summary(source, dry_run=dry_run)
        self.now = engine.clock()
        self.zone = ZoneInfo(engine.settings.recruiter_tz)

    def read(self, data: bytes) -> Summary:
        from icalendar import Calendar

        try:
            calendar = Calendar.from_ical(data)
        except (ValueError, KeyError, IndexError) as error:
            raise NotACalendar(f"{self.summary.source} is not an iCalendar file: {error}") from None
        touches: list[Touch] = []
        for event in calendar.walk("VEVENT"):
            self.summary.read += 1
            try:
                touches += self._touches(event)
            except Skipped as skipped:
                self.summary.skip(skipped.reason)
        Recorder(self.engine, self.ledger, self.summary, _fields).record_all(touches)
        return self.summary

    def _touches(self, event: Any) -> list[Touch]:
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            raise Skipped("cancelled")
        uid = str(event.get("UID", "")).strip()
        if not uid or event.get("DTSTART") is None:
            raise Skipped("no UID or no start")
        start = self._moment(event.get("DTSTART").dt)
        end = self._end(event, start)
        people = {rid for address in self._attendees(event) for rid in self.ledger.known(address)}
        if not people:
            raise Skipped(NO_KNOWN_PERSON)
        self.summary.matched += 1
        recurrence = event.get("RECURRENCE-ID")
        occurrence = f"{uid}\x00{self._moment(recurrence.dt).isoformat() if recurrence else ''}"
        if end <= self.now:
            where = " ".join(str(event.get("LOCATION") or event.get("SUMMARY") or "").split())
            details = {"where": where[:MAX_WHERE] or "a meeting"}
            return [Touch(start, rid, "met", occurrence, details) for rid in people]
        if start <= self.now:
            raise Skipped("under way")
        made = event.get("CREATED")
        agreed = min(self._moment(made.dt), self.now) if made is not None else self.now
        identity = f"{occurrence}\x00{start.isoformat()}"
        return [Touch(agreed, rid, "rescheduled", identity, {"to": start}) for rid in people]

    def _moment(self, value: date | datetime) -> datetime:
        if not isinstance(value, datetime):
            value = datetime.combine(value, time(0, 0))
        return value if value.tzinfo is not None else value.replace(tzinfo=self.zone)

    def _end(self, event: Any, start: datetime) -> datetime:
        if event.get("DTEND") is not None:
            return self._moment(event.get("DTEND").dt)
        if event.get("DURATION") is not None:
            lasting: timedelta = event.get("DURATION").dt
            return start + lasting
        all_day = not isinstance(event.get("DTSTART").dt, datetime)
        return start + (timedelta(days=1) if all_day else timedelta(0))

    def _attendees(self, event: Any) -> list[str]:
        found = []
        for name in ("ATTENDEE", "ORGANIZER"):
            values = event.get(name) or []
            for value in values if isinstance(values, list) else [values]:
                address = str(value).strip().lower().removeprefix("mailto:")
                if "@" in address and address not in self.me:
                    found.append(address)
        return found


class Skipped(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


def _fields(touch: Touch, _: list[Event]) -> dict[str, Any]:
    return dict(touch.details)
