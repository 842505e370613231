"""Insight: ``stats`` (does the playbook work for this team?) and ``whatif`` (what would a
change to its figures do?). Both read every relationship and write nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from outreach.cli.moments import DATETIME
from outreach.cli.options import global_options, json_option, session
from outreach.cli.output import print_json

if TYPE_CHECKING:
    from outreach.cli.dates import Typed


@click.command()
@click.option("--since", type=DATETIME, metavar="WHEN", help="From this moment (default: all).")
@click.option("--until", type=DATETIME, metavar="WHEN", help="Up to this moment (default: now).")
@click.option("--recruiter", metavar="NAME", help="Only what NAME did.")
@json_option
@global_options
def stats(since: Typed | None, until: Typed | None, recruiter: str | None, as_json: bool) -> None:
    """Does the playbook work for this team? Its figures.

    The funnel of the people added in the period; reply rates by the first touch of a round
    (rounds counted, median time to the first answer); calls after an unanswered email against
    cold calls; busy answers followed up or dropped; violations by rule, recruiter and month.

    A rate over fewer than 10 rounds is shown with its count and marked too few to compare.

    Example: outreach stats --since 2026-01-01 --recruiter sam
    """
    from outreach.engine.insight import pipeline_stats

    chosen = session()
    start, end = chosen.moment(since), chosen.moment(until)  # typed dates, on the clock
    found = pipeline_stats(chosen.engine(), since=start, until=end, recruiter=recruiter)
    if as_json:
        print_json(found.model_dump(mode="json"))
    else:
        from outreach.cli.insight_text import stats_text

        click.echo(stats_text(found))


@click.command()
@click.option(
    "--set", "pairs", multiple=True, required=True, metavar="KEY=VALUE",
    help="A playbook figure to try (repeatable), as in the settings file.",
)  # fmt: skip
@json_option
@global_options
def whatif(pairs: tuple[str, ...], as_json: bool) -> None:
    """What changing playbook figures would change now. Nothing is written.

    Every relationship is replayed as of now under the changed figures: each next action that
    differs (before and after, with due times), the violations that would appear or disappear,
    counted by kind. KEY is any setting of 'outreach playbook', judged as the settings file is.

    Example: outreach whatif --set call_after_email=2 --set grace=3
    """
    from outreach.engine.insight import proposed, what_if

    engine = session().engine()
    found = what_if(engine, proposed(engine.settings, list(pairs)))
    if as_json:
        print_json(found.model_dump(mode="json"))
    else:
        from outreach.cli.insight_text import whatif_text

        click.echo(whatif_text(found))


@click.command()
@click.option(
    "-o", "--output", "path", required=True, metavar="FILE.html",
    type=click.Path(dir_okay=False, writable=True), help="Where to write the page.",
)  # fmt: skip
@click.option("--since", type=DATETIME, metavar="WHEN", help="From this moment (default: all).")
@global_options
def report(path: str, since: Typed | None) -> None:
    """Write the figures as one HTML page, with charts.

    Charts of the funnel, reply rates by first touch, violations per rule over time and the
    agenda's size over time, then the stats as tables. Nothing in it is fetched: it opens
    anywhere, offline.

    Example: outreach report -o report.html --since 2026-01-01
    """
    from outreach.cli.report_page import page
    from outreach.engine.insight import report_figures

    chosen = session()
    html = page(report_figures(chosen.engine(), since=chosen.moment(since)))
    try:
        with open(path, "w", encoding="utf-8") as file:
            file.write(html)
    except OSError as error:
        raise click.ClickException(
            f"cannot write the report to {path!r} ({error.strerror}): name a file in a folder"
            " that exists and that you may write to"
        ) from None
    click.echo(f"report written to {path}")
