"""``outreach calendar import``: meetings with known people from an .ics file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from icalendar import Calendar, Event, vCalAddress

from .conftest import Outreach
from .mailmaker import ADA, SAM

ME = ("--me", SAM)


def _event(uid: str, start: datetime, end: datetime, *who: str, **fields: object) -> Event:
    event = Event()
    event.add("UID", uid)
    event.add("DTSTAMP", datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    event.add("DTSTART", start)
    event.add("DTEND", end)
    event.add("ORGANIZER", vCalAddress(f"mailto:{SAM}"))
    for address in who:
        event.add("ATTENDEE", vCalAddress(f"mailto:{address}"))
    for name, value in fields.items():
        event.add(name.replace("_", "-"), value)
    return event


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=UTC)


def _calendar(path: Path, *events: Event) -> Path:
    calendar = Calendar()
    calendar.add("PRODID", "-//tests//outreach//EN")
    calendar.add("VERSION", "2.0")
    for event in events:
        calendar.add_component(event)
    path.write_bytes(calendar.to_ical())
    return path


def _week(path: Path) -> Path:
    return _calendar(
        path,
        _event("coffee", _at(3, 9), _at(3, 10), ADA.upper(), LOCATION="Cafe on Dean Street"),
        _event("call", _at(10, 15), _at(10, 16), ADA, SUMMARY="Chat with Ada"),
        _event("lunch", _at(4, 12), _at(4, 13), ADA, STATUS="CANCELLED", SUMMARY="Lunch"),
        _event("board", _at(4, 14), _at(4, 15), "someone@unknown.example", SUMMARY="Board"),
    )


def test_a_past_meeting_is_met_and_one_to_come_an_agreed_time(
    outreach: Outreach, tmp_path: Path
) -> None:
    summary = outreach.json("calendar", "import", str(_week(tmp_path / "week.ics")), *ME)
    assert summary["read"] == 4 and summary["matched"] == 2
    assert summary["recorded"] == {"met": 1, "rescheduled": 1}
    assert summary["skipped"] == {"cancelled": 1, "no known person in it": 1}
    met, agreed = outreach.history()[1:]
    assert met["event"] == "met" and met["where"] == "Cafe on Dean Street"
    assert met["occurred_at"].startswith("2026-03-03T09:00")
    assert agreed["event"] == "rescheduled" and agreed["to"].startswith("2026-03-10T15:00")
    outreach.ok("record", "emailed", "ada", "--at", "2026-03-02T10:00Z")
    assert outreach.json("next", "ada")["action"] == "callback"
    assert b"someone@unknown.example" not in outreach.path.read_bytes()


def test_importing_again_adds_nothing_until_the_meeting_has_happened(
    outreach: Outreach, tmp_path: Path
) -> None:
    path = _week(tmp_path / "week.ics")
    outreach.ok("calendar", "import", str(path), *ME)
    events = outreach.events()
    assert outreach.json("calendar", "import", str(path), *ME)["already_recorded"] == 2
    assert outreach.events() == events
    later = outreach.json("calendar", "import", str(path), *ME, now=_at(11, 9))
    assert later["recorded"] == {"met": 1} and later["already_recorded"] == 1
    # history as of the later import: the meeting had happened by then (history honours --now)
    assert outreach.json("history", "ada", now=_at(11, 9))[-1]["where"] == "Chat with Ada"


def test_each_occurrence_of_a_recurring_meeting_is_its_own(
    outreach: Outreach, tmp_path: Path
) -> None:
    first = _event("weekly", _at(2, 9), _at(2, 10), ADA, SUMMARY="Weekly sync")
    moved = _event(
        "weekly", _at(5, 9), _at(5, 10), ADA, SUMMARY="Weekly sync", RECURRENCE_ID=_at(4, 9)
    )
    path = _calendar(tmp_path / "weekly.ics", first, moved)
    assert outreach.json("calendar", "import", str(path), *ME)["recorded"] == {"met": 2}
    assert outreach.json("calendar", "import", str(path), *ME)["already_recorded"] == 2


def test_a_file_that_is_not_a_calendar_is_refused(outreach: Outreach, tmp_path: Path) -> None:
    path = tmp_path / "notes.ics"
    path.write_text("this is not a calendar\n")
    result = outreach("calendar", "import", str(path), *ME)
    assert result.exit_code == 1 and "not an iCalendar file" in result.stderr
