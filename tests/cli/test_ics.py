"""``outreach export ics``: callbacks as events in the candidate's zone, due actions as to-dos."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar
from outreach.engine import Engine

from .helpers import NOW, Outreach

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def pipeline(outreach: Outreach) -> None:
    """Grace (London) agreed a callback in summer time; Ada (New York) is due a call; Bob
    (no zone) is due research."""
    with Engine.open(outreach.url, recruiter="sam", clock=lambda: NOW) as engine:
        day = NOW - timedelta(days=20)
        engine.add("grace", name='Hopper, Grace; "Amazing"', tz="Europe/London", at=day)
        engine.record("grace", "researched", at=day)
        engine.record("grace", "emailed", at=day)
        engine.record("grace", "called", at=day + timedelta(days=5))
        agreed = datetime(2026, 4, 10, 15, 0, tzinfo=LONDON)
        engine.record("grace", "declined-busy", callback_at=agreed, at=day + timedelta(days=5))
        engine.add("ada", name="Ada Lovelace", tz="America/New_York", at=day)
        engine.record("ada", "researched", at=day)
        engine.record("ada", "emailed", at=day + timedelta(days=1))
        engine.add("bob", name="Bob", at=day)


def test_the_calendar_parses_back_with_times_in_the_right_zones(
    outreach: Outreach, tmp_path: Path
) -> None:
    pipeline(outreach)
    target = tmp_path / "outreach.ics"
    result = outreach.ok("export", "ics", "-o", str(target))
    assert "wrote 1 callback and 2 to-dos" in result.stdout  # singular: issue 11
    calendar = Calendar.from_ical(target.read_bytes())
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == datetime(2026, 4, 10, 15, 0, tzinfo=LONDON)
    assert str(start.tzinfo) == "Europe/London" and start.utcoffset() == timedelta(hours=1)
    assert str(event["summary"]).startswith('Call Hopper, Grace; "Amazing" back')
    assert event.decoded("duration") == timedelta(minutes=15)
    todos = {str(t["summary"]).split(":")[0]: t for t in calendar.walk("VTODO")}
    call = next(t for s, t in todos.items() if s.startswith("Call Ada Lovelace"))
    due = call.decoded("due")
    assert str(due.tzinfo) == "America/New_York" and due.hour == 10  # a call at 10:00 there
    research = next(t for s, t in todos.items() if s.startswith("Research Bob"))
    assert str(research.decoded("due").tzinfo) == "UTC"  # no zone on record: the setting's
    assert {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")} >= {"Europe/London"}


def test_text_from_outside_is_escaped(outreach: Outreach) -> None:
    pipeline(outreach)
    raw = outreach.ok("export", "ics").stdout_bytes.decode()
    assert raw.startswith("BEGIN:VCALENDAR") and "VERSION:2.0" in raw
    assert "Hopper\\, Grace\\; " in raw.replace("\r\n ", "")


def test_exporting_twice_keeps_the_same_uids(outreach: Outreach) -> None:
    pipeline(outreach)
    first = Calendar.from_ical(outreach.ok("export", "ics").stdout_bytes)
    second = Calendar.from_ical(outreach.ok("export", "ics").stdout_bytes)
    uids = [str(c["uid"]) for c in first.walk() if "uid" in c]
    assert uids == [str(c["uid"]) for c in second.walk() if "uid" in c] and len(set(uids)) == 3


def test_an_empty_pipeline_is_a_valid_empty_calendar(outreach: Outreach) -> None:
    calendar = Calendar.from_ical(outreach.ok("export", "ics").stdout_bytes)
    assert calendar.walk("VEVENT") == [] and calendar.walk("VTODO") == []
