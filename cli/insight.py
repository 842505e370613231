"""Insight: ``stats`` (does the playbook work for this team?) and ``whatif`` (what would a
change to its figures do?). Both read every relationship and write nothing."""

from __future__ import annotations

from datetime import datetime

import click
from outreach.cli import insight_text
from outreach.cli.options import DATETIME, global_options, json_option, session
from outreach.cli.output import print_json


@click.command()
@click.option("--since", type=DATETIME, metavar="WHEN", help="From this moment (default: all).")
@click.option("--until", type=DATETIME, metavar="WHEN", help="Up to this moment (default: now).")
@click.option("--recruiter", metavar="NAME", help="Only what NAME did.")
@json_option
@global_options
def stats(
    since: datetime | None, until: datetime | None, recruiter: str | None, as_json: bool
) -> None:
    """The playbook's own evidence: the funnel, reply rates by first touch, calls after an
    email against cold calls, busy answers kept or dropped, violations per month.

    A rate over fewer than 10 rounds is shown with its count and marked too few to compare.

    Example: outreach stats --since 2026-01-01 --recruiter sam
    """
    from outreach.engine.insight import pipeline_stats

    found = pipeline_stats(session().engine(), since=since, until=until, recruiter=recruiter)
    if as_json:
        print_json(found.model_dump(mode="json"))
    else:
        click.echo(insight_text.stats_text(found))


@click.command()
@click.option(
    "--set", "pairs", multiple=True, required=True, metavar="KEY=VALUE",
    help="A playbook figure to try (repeatable), as in the settings file.",
)  # fmt: skip
@json_option
@global_options
def whatif(pairs: tuple[str, ...], as_json: bool) -> None:
    """What changing playbook figures would change now: each next action that differs,
    the violations that would appear or disappear. Nothing is written.

    Example: outreach whatif --set call_after_email=2 --set grace=3
    """
    from outreach.engine.insight import proposed, what_if

    engine = session().engine()
    found = what_if(engine, proposed(engine.settings, list(pairs)))
    if as_json:
        print_json(found.model_dump(mode="json"))
    else:
        click.echo(insight_text.whatif_text(found))
