"""``outreach export ics``: agreed callbacks as calendar events in the candidate's time zone,
due actions as to-dos (RFC 5545, written by the icalendar package, which escapes the text)."""

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
from outreach.cli.output import say

if TYPE_CHECKING:
    from icalendar import Calendar
    from outreach.engine import Engine
    from outreach.projections.model import NextAction

CALL_LENGTH = timedelta(minutes=15)
PRODUCT = "-//outreach//next best actions//EN"


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
@global_options
def ics(output: Path | None) -> None:
    """Agreed callbacks as events and due actions as to-dos, for a calendar.

    Example: outreach export ics -o outreach.ics
    """
    chosen = session()
    engine = chosen.engine()
    callbacks = [a for a in engine.next_actions() if a.kind == "callback"]
    todos = [a for a in engine.agenda() if a.kind != "callback"]
    zones = {a.handle: zone_of(engine, a.handle) for a in (*callbacks, *todos)}
    data = calendar(callbacks, todos, zones, chosen.clock()).to_ical()
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    _write(output, data)
    say(f"wrote {len(callbacks)} callbacks and {len(todos)} to-dos to {output}")


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
        component.add("summary", action.text)
        component.add("description", f"{action.because}\n\nRule: {', '.join(action.rules)}")
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
