"""Seeing your people: ``ls`` (everyone, a line each) and ``show HANDLE`` (one person whole)."""

from __future__ import annotations

import click
from outreach.cli import vocabulary as words
from outreach.cli import who
from outreach.cli.options import HANDLE, global_options, json_option, session
from outreach.cli.output import fields, print_json, table


@click.command("ls")
@click.option("--overdue", is_flag=True, help="Only those whose next action is overdue.")
@click.option("--would-hire", is_flag=True, help="Only people you would hire.")
@click.option("--snoozed", is_flag=True, help="Only those put aside for now.")
@click.option("--source", type=click.Choice(words.SOURCES), help="Only those from SOURCE.")
@click.option("--skill", metavar="SKILL", help="Only those with SKILL.")
@click.option("--search", metavar="TEXT", help="Only those whose name, company or title has TEXT.")
@click.option(
    "--sort",
    type=click.Choice(("due", "name", "last-touch")),
    default="due",
    show_default=True,
    help="due: soonest first; last-touch: the longest untouched first.",
)
@json_option
@global_options
def ls(as_json: bool, **filters: object) -> None:
    """Your people, a line each: the last touch, the next action and when it is due.

    Marks: would hire, key contributor, snoozed (until when), opted out.

    Example: outreach ls --overdue --sort last-touch
    """
    chosen = session()
    found = chosen.engine().people(now=chosen.now, **filters)
    if as_json:
        print_json([who.person_json(p, chosen.clock()) for p in found])
        return
    rows = [who.person_row(p, chosen.clock()) for p in found]
    filtered = any(v for k, v in filters.items() if k != "sort")
    empty = "nobody matches" if filtered else "nobody here yet: outreach add HANDLE ..."
    table(who.PERSON_COLUMNS, rows, empty=empty, optional=who.PERSON_OPTIONAL)


@click.command()
@HANDLE
@json_option
@global_options
def show(handle: str, as_json: bool) -> None:
    """One person whole: profile, contact points, motivations, groups, the last touches, the
    next action and why, and their violations.

    Example: outreach show ada
    """
    chosen = session()
    profile = chosen.engine().person(handle, now=chosen.now)
    if as_json:
        print_json(who.profile_json(profile))
    else:
        fields(who.profile_fields(profile), title=profile.person.name)
