"""Looking after the store: ``erase`` someone on request, ``rebuild`` the read models."""

from __future__ import annotations

import sys

import click
from outreach.cli.options import HANDLE, global_options, session
from outreach.cli.output import say, warn


def interactive() -> bool:
    """Is there a person at a terminal to answer a question?"""
    return sys.stdin.isatty()


@click.command()
@HANDLE
@click.option("--yes", is_flag=True, help="Do not ask: erasing cannot be undone.")
@global_options
def erase(handle: str, yes: bool) -> None:
    """Erase someone's personal data on request.

    Their data becomes unreadable; the log keeps that events happened. Asks first on a
    terminal; in a script, give --yes.

    Example: outreach erase ada --yes
    """
    engine = session().engine()
    engine.history(handle)  # an unknown handle is refused before anything is asked
    if not yes:
        if not interactive():
            raise click.ClickException(
                f"erasing {handle!r} cannot be undone and there is no terminal to confirm on:"
                " add --yes to erase; nothing was erased"
            )
        if not click.confirm(f"Erase {handle}'s personal data for good?", err=True):
            click.echo("Nothing erased.", err=True)
            click.get_current_context().exit(1)
    engine.erase(handle)
    say(f"erased {handle}: their personal data is unreadable; the log stays whole")
    if engine.clean_up_pending:
        warn(
            f"the store file still holds their sealed data and key until its clean-up is done,"
            f" which is pending: {engine.clean_up_pending}; the next command finishes it"
        )


@click.command()
@global_options
def rebuild() -> None:
    """Rebuild the read models from the event log.

    Next actions, the agenda and violations are worked out again from every event.

    Example: outreach rebuild
    """
    processed = session().engine().rebuild()
    say(f"rebuilt the read models from {processed} events")
