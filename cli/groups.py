"""The online groups a recruiter listens in: ``group watch`` and ``group contributed``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from outreach.cli.options import at_option, global_options, session
from outreach.cli.output import say, when

if TYPE_CHECKING:
    from outreach.cli.dates import Typed


@click.group()
@global_options
def group() -> None:
    """Online groups you listen in.

    Forums, LinkedIn groups, Slack, meetups: listen before contacting anyone spotted there.

    Example: outreach group watch "Rust Users Forum"
    """


@group.command()
@click.argument("name", metavar="GROUP")
@at_option
@global_options
def watch(name: str, at: Typed | None) -> None:
    """Start listening in a group before contacting anyone spotted there.

    Example: outreach group watch "Rust Users Forum"
    """
    chosen = session()
    recorded = chosen.engine().watch_group(name, at=chosen.moment(at))
    say(f"watching {name}, {when(recorded.event.occurred_at)}")


@group.command()
@click.argument("name", metavar="GROUP")
@click.option("--note", help="What you contributed.")
@at_option
@global_options
def contributed(name: str, note: str | None, at: Typed | None) -> None:
    """You contributed to a group's conversation.

    Example: outreach group contributed "Rust Users Forum" --note "answered an async question"
    """
    chosen = session()
    recorded = chosen.engine().contributed_to_group(name, note=note, at=chosen.moment(at))
    say(f"recorded a contribution to {name}, {when(recorded.event.occurred_at)}")
