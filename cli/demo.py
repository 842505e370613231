"""``outreach demo``: a realistic sample pipeline written to a store, and its agenda."""

from __future__ import annotations

import shlex
import tempfile
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import click
from outreach.cli import views
from outreach.cli.options import global_options, session
from outreach.cli.output import say, table

if TYPE_CHECKING:
    from outreach.engine import Engine, NewRelationship


@click.command()
@global_options
def demo() -> None:
    """Write a sample pipeline and show its agenda.

    Seventeen people whose histories bring every rule of the playbook into play. It goes to
    --db if given (an empty store), else to a fresh temporary file; OUTREACH_DB is left alone,
    so the demo never mixes with a real pipeline.

    Example: outreach demo
    """
    chosen = session()
    url = chosen.db or f"sqlite:///{tempfile.mkdtemp(prefix='outreach-demo-')}/demo.db"
    engine = chosen.engine(url)
    held = engine.event_count()
    if held:
        raise click.ClickException(
            f"{engine.store.describe()} already holds {held} events: the demo writes to an"
            " empty store; leave out --db for a fresh temporary file"
        )
    people = write_pipeline(engine, chosen.clock())
    say(f"wrote a sample pipeline of {people} people to {engine.store.describe()}")
    due = engine.agenda()
    rows = [views.action_row(a, chosen.clock()) for a in due]
    table(views.ACTION_COLUMNS, rows, title="Agenda", optional=views.ACTION_OPTIONAL)
    found = len(engine.violations())
    say(f"{len(due)} actions due; {found} violations in the coaching report.")
    if engine.store.kind != "memory":  # a memory store is gone when the demo ends
        say(
            "Explore it:"
            f"\n  outreach --db {shlex.quote(url)} next amara-okafor"
            f"\n  outreach --db {shlex.quote(url)} violations"
            f"\n  outreach --db {shlex.quote(url)} playbook"
        )


def write_pipeline(engine: Engine, now: datetime) -> int:
    """Write the sample pipeline through ``engine``; returns how many people."""
    from outreach.cli.demo_pipeline import GROUPS, PEOPLE
    from outreach.engine import NewRelationship

    now = now.replace(second=0, microsecond=0)  # round times read better in the demo
    for days, name, note in GROUPS:
        if note is None:
            engine.watch_group(name, at=_ago(now, days))
        else:
            engine.contributed_to_group(name, note=note, at=_ago(now, days))
    for recruiter in sorted({p.by or "" for p in PEOPLE}):
        items: list[NewRelationship] = [
            NewRelationship(
                handle=p.handle,
                name=p.name,
                at=_ago(now, p.added),
                fields=p.fields,
                events=tuple(
                    (kind, _ago(now, days), _resolve(fields, now, p.fields["tz"]))
                    for days, kind, fields in p.steps
                ),
            )
            for p in PEOPLE
            if (p.by or "") == recruiter
        ]
        report = engine.import_relationships(items, by=recruiter or None)
        if report.failed:  # the sample is ours: a failure here is a bug in it
            raise AssertionError(f"the demo pipeline does not import: {report.failed}")
    return len(PEOPLE)


def _ago(now: datetime, days: float) -> datetime:
    return now - timedelta(days=days)


def _resolve(fields: dict[str, Any], now: datetime, tz: str) -> dict[str, Any]:
    """Agreed times at a round hour on the candidate's clock, relative to today there."""
    from zoneinfo import ZoneInfo

    from outreach.cli.demo_pipeline import Local

    def value(item: Any) -> Any:
        if not isinstance(item, Local):
            return item
        today = now.astimezone(ZoneInfo(tz))
        day = today + timedelta(days=item.days)
        return day.replace(hour=item.hour, minute=0, second=0, microsecond=0)

    return {k: value(v) for k, v in fields.items()}
