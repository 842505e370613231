"""``outreach export ics``: agreed callbacks as calendar events in the candidate's time zone,
actions due now or within ``--days`` as to-dos (RFC 5545, written by the icalendar package,
which escapes the text). Titles are short ("Call Ada Lovelace"); the sentence, the reason and
the rule go in the description."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click
from outreach.cli.options import global_options, session
from outreach.cli.output import plural, say

if TYPE_CHECKING:
    from icalendar import Calendar
    from outreach.engine import Engine
    from outreach.projections.model import NextAction

CALL_LENGTH = timedelta(minutes=15)
PRODUCT = "-//outreach//next best actions//EN"
TITLES = {
    "callback": "Call {} back",
    "offer-time": "Offer {} a better time",
    "call": "Call {}",
    "email": "Email {}",
    "ask-motivation": "Ask {} what would make a move worthwhile",
    "ask-referral": "Ask {} for a referral",
    "check-in": "Check in with {}",
    "refresh-profile": "See what {} is doing now",
    "research": "Research {}",
    "listen": "Listen before contacting {}",
    "keep-in-touch": "Keep in touch with {}",
}


@click.group()
@global_options
def export() -> None:
    """Export what to do next to other tools.

    Example: outreach export ics -o outreach.ics
    """


@export.command("ics")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of stdout.",
)
@click.option(
    "--days",
    type=click.IntRange(min=0, max=3660),
    default=14,
    show_default=True,
    metavar="N",
    help="Also what falls due within the next N days.",
)
@global_options
def ics(output: Path | None, days: int) -> None:
    """Agreed callbacks as events, and actions due now or within N days as to-dos.

    Titles are short ("Call Ada Lovelace"); the sentence and the reason are in the description.

    Example: outreach export ics --days 7 -o outreach.ics
    """
    chosen = session()
    engine = chosen.engine()
    horizon = chosen.clock() + timedelta(days=days)
    actions = [a for a in engine.next_actions() if a.kind is not None and a.due is not None]
    # An agreed callback is an appointment: in the calendar however far off it is.
    callbacks = [a for a in actions if a.kind == "callback"]
    todos = [a for a in actions if a.kind != "callback" and a.due and a.due <= horizon]
    due = callbacks + todos
    names = {p.handle: p.name for p in engine.people()}
    zones = {a.handle: zone_of(engine, a.handle) for a in due}
    data = calendar(callbacks, todos, zones, chosen.clock(), names).to_ical()
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    _write(output, data)
    events, to_dos = plural(len(callbacks), "callback"), plural(len(todos), "to-do")
    say(f"wrote {events} and {to_dos} to {output}")


def zone_of(engine: Engine, handle: str) -> str:
    """The candidate's time zone on record (the latest given), else the recruiter's setting."""
    zone = engine.settings.recruiter_tz
    for event in engine.history(handle):
        zone = getattr(event, "tz", None) or zone
    return zone


def calendar(
    callbacks: Iterable[NextAction],
    todos: Iterable[NextAction],
    zones: Mapping[str, str],
    stamp: datetime,
    names: Mapping[str, str] | None = None,
) -> Calendar:
    """The calendar: one VEVENT per agreed callback, one VTODO per due action. UIDs are stable,
    so importing a later export updates the same entries instead of doubling them."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, Todo

    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    for action, component in [(a, Event()) for a in callbacks] + [(a, Todo()) for a in todos]:
        assert action.due is not None and action.kind is not None
        due = action.due.astimezone(ZoneInfo(zones.get(action.handle, "UTC")))
        component.add("uid", f"{action.handle}.{action.kind.value}.{_utc(action.due)}@outreach")
        component.add("dtstamp", stamp)
        name = (names or {}).get(action.handle, action.handle)
        component.add("summary", TITLES.get(action.kind.value, "{}").format(name))
        rules = ", ".join(action.rules)
        component.add("description", f"{action.text}\n\n{action.because}\n\nRule: {rules}")
        component.add("categories", list(action.rules))
        if isinstance(component, Event):
            component.add("dtstart", due)
            component.add("duration", CALL_LENGTH)
        else:
            component.add("due", due)
            component.add("status", "NEEDS-ACTION")
            rank = action.priority.kind_rank if action.priority is not None else 8
            component.add("priority", min(9, 1 + rank))
        cal.add_component(component)
    cal.add_missing_timezones()
    return cal


def _utc(moment: datetime) -> str:
    from datetime import UTC

    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: a calendar app may be watching the file."""
    temporary: str | None = None
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from None
