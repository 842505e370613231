"""``outreach import FILE``: many people at once, idempotent, bad rows reported by line. The
file is read as a stream by outreach.sources.csv; this module only calls it and prints."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Generator, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from outreach.cli.options import global_options, session
from outreach.cli.output import is_terminal, plural, say, warn

if TYPE_CHECKING:
    from outreach.engine import Engine, ImportReport, NewRelationship
    from outreach.sources.csv import Source

PROGRESS_FROM = 200  # rows: smaller files import before a bar would be worth drawing
# People saved in one transaction: each costs a flush to disk, and a kill loses at most the
# batch under way (whole rows only; importing again completes it).
BATCH = 2000
# Rows from which a second process catches the read models up beside the import: below it,
# starting one costs more than it saves.
FOLLOW_FROM = 20_000


class ExistingFile(click.Path):
    """An existing file; a name the system cannot even look up is bad usage, not a crash."""

    def convert(
        self,
        value: str | os.PathLike[str],
        param: click.Parameter | None,
        ctx: click.Context | None,
    ) -> str | bytes | os.PathLike[str]:
        try:
            return super().convert(value, param, ctx)
        except ValueError as error:  # os.stat refuses a NUL byte in a name
            self.fail(f"{value!r} is not a usable file name ({error})", param, ctx)


@click.command("import")
@click.argument("file", type=ExistingFile(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["linkedin", "csv"]),
    help="LinkedIn's Connections.csv or the generic CSV (default: recognised by its header).",
)
@click.option("--dry-run", is_flag=True, help="Check the file and say what would happen.")
@global_options
def import_file(file: Path, file_format: str | None, dry_run: bool) -> None:
    """Import people from a CSV file.

    LinkedIn's Connections.csv or the generic CSV (see README). Importing the same file twice
    adds nothing. Bad rows are reported with their line number and the good ones imported;
    the exit code is 1 if any row failed.

    Example: outreach import Connections.csv
    """
    from outreach.cli.moments import parse_moment
    from outreach.sources.csv import read

    parsed = read(file, file_format, parse_moment)
    report = _check(parsed) if dry_run else _import(parsed)
    failed = sorted(parsed.failed + report.failed, key=lambda f: (f[0] or 0, f[1]))
    rows = plural(len(failed), "row") + " failed"
    people = plural(report.people_added, "person", "people")
    if dry_run:
        say(
            f"dry run of {file} ({parsed.format}): would import {people};"
            f" {report.people_skipped} already there or repeated; {rows}; nothing was written"
        )
    else:
        say(
            f"imported {people} ({plural(report.events, 'event')}) from {file}"
            f" ({parsed.format}); {report.people_skipped} already there or repeated; {rows}"
        )
    for line, who, why in failed:
        warn(f"line {line}: {who}: {why}")
    if failed:
        click.get_current_context().exit(1)


def _import(parsed: Source) -> ImportReport:
    from outreach.engine.bulk import fewer_collections

    engine = session().engine()
    items = _followed(engine, parsed.items, parsed.rows)
    with _progress(parsed.rows) as advance, fewer_collections(freeze=True), closing(items):
        # Counts, not every handle: the command prints how many (a million rows, 80 MB less).
        return engine.import_relationships(
            items, batch_size=BATCH, progress=advance, keep_handles=False
        )


def _followed(
    engine: Engine, items: Iterator[NewRelationship], rows: int
) -> Generator[NewRelationship, None, None]:
    """The items, read while a second process catches the read models up with the batches
    already saved (outreach.engine.follow), for a large file on a machine of more than one
    core; the follower is done once the items are (the import's own catch-up does the last
    batch)."""
    reopening = engine.readmodel.sharing.reopening
    if rows < FOLLOW_FROM or reopening is None or _cores() < 2:
        yield from items
        return
    from outreach.engine.follow import Follower

    try:
        follower = Follower(reopening, engine.readmodel.playbook, engine.clock())
    except OSError:  # no process to be had: the import catches up after itself
        yield from items
        return
    with follower:
        for n, item in enumerate(items, start=1):
            yield item
            if n % BATCH == 0:
                follower.tell(engine.clock())
    engine.readmodel.db.create()  # the query indexes the follower dropped, had it not made them


def _check(parsed: Source) -> ImportReport:
    """What an import would do: the same checks on a throwaway store, and the handles the
    real store already has (a store that does not exist yet is not created)."""
    from outreach.engine import Engine, parse

    chosen = session()
    trial = Engine.open(
        "memory://", recruiter=chosen.recruiter, clock=chosen.clock, settings=chosen.playbook()
    )
    try:
        report = trial.import_relationships(parsed.items)
    finally:
        trial.close()
    store = parse(chosen.db)
    if store.path is not None and not store.path.exists():
        return report
    there = set(chosen.engine().handles())
    report.skipped += [h for h in report.added if h in there]
    report.added = [h for h in report.added if h not in there]
    return report


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):  # those this process may run on (Linux)
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr when it is a terminal and the file is large."""
    if total < PROGRESS_FROM or not is_terminal(sys.stderr):
        yield None
        return
    from outreach.cli.output import console
    from rich.progress import Progress

    with Progress(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("importing", total=total)
        yield lambda n: bar.advance(task, n)
