"""Correcting the record and putting people aside: ``retract``, ``undo`` and ``snooze``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from outreach.cli import admin
from outreach.cli.moments import DATETIME
from outreach.cli.options import HANDLE, at_option, global_options, session
from outreach.cli.output import say, when
from outreach.cli.record import next_step, warn_of
from outreach.cli.views import details

if TYPE_CHECKING:
    from outreach.cli.dates import Typed
    from outreach.domain.events import Event

REASON = click.option("--reason", metavar="TEXT", help="Why (kept in the history).")


@click.command()
@HANDLE
@click.argument("version", type=click.IntRange(min=1), metavar="VERSION")
@REASON
@at_option
@global_options
def retract(handle: str, version: int, reason: str | None, at: Typed | None) -> None:
    """Withdraw an event recorded by mistake.

    VERSION as 'outreach history HANDLE' shows it. Every answer then treats it as never
    recorded; history still shows it, marked retracted. Added, opted-out, erased and
    retractions cannot be retracted.

    Example: outreach retract ada 4 --reason "logged on the wrong person"
    """
    chosen = session()
    engine = chosen.engine()
    recorded = engine.retract(handle, version, reason=reason, at=chosen.moment(at, handle))
    withdrawn = next(e for e in engine.history(handle) if e.originator_version == version)
    say(f"retracted {_described(withdrawn)} with {handle.strip().lower()}")
    warn_of(recorded)
    next_step(recorded)


@click.command()
@HANDLE
@click.option("--yes", is_flag=True, help="Do not ask.")
@REASON
@global_options
def undo(handle: str, yes: bool, reason: str | None) -> None:
    """Retract the latest event that can be retracted, after showing it.

    Asks on a terminal; in a script, give --yes.

    Example: outreach undo ada --reason "meant grace"
    """
    engine = session().engine()
    event = engine.retractable(handle)
    if event is None:
        engine.undo(handle)  # refuses, saying why there is nothing to undo
        return
    described = _described(event)
    if not yes:
        if not admin.interactive():
            raise click.ClickException(
                f"undo would retract {described} and there is no terminal to confirm on:"
                " add --yes to retract it; nothing was retracted"
            )
        if not click.confirm(f"Retract {described} with {handle}?", err=True):
            click.echo("Nothing retracted.", err=True)
            click.get_current_context().exit(1)
    recorded = engine.retract(handle, event.originator_version, reason=reason)
    say(f"retracted {described} with {handle.strip().lower()}")
    warn_of(recorded)
    next_step(recorded)


@click.command()
@HANDLE
@click.option("--until", type=DATETIME, metavar="DATETIME", required=True, help="Until when.")
@REASON
@at_option
@global_options
def snooze(handle: str, until: Typed, reason: str | None, at: Typed | None) -> None:
    """Put someone aside until a time.

    Nothing is due for them before then (the agenda leaves them out), unless they answer or
    a callback was agreed: a callback is never put aside.

    Example: outreach snooze ada --until "monday 9:00" --reason "on holiday"
    """
    chosen = session()
    end = chosen.moment(until, handle)
    assert end is not None
    recorded = chosen.engine().snooze(handle, end, reason=reason, at=chosen.moment(at, handle))
    say(f"snoozed {handle.strip().lower()} until {when(end)}")
    warn_of(recorded)
    next_step(recorded)


def _described(event: Event) -> str:
    said = details(event)
    what = f"{type(event).KIND} ({said})" if said else type(event).KIND
    return f"event {event.originator_version}, {what} of {when(event.occurred_at)}"
