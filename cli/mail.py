"""``outreach mail import|sync``: what the mailbox says happened, recorded on known people."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from outreach.cli.importing import ExistingFile
from outreach.cli.options import global_options, json_option, session
from outreach.cli.output import is_terminal, print_json, table, warn

if TYPE_CHECKING:
    from outreach.engine import Engine
    from outreach.sources.recording import Summary

PROGRESS_FROM = 200  # messages: fewer are read before a bar would be worth drawing
INTENTS = ["networking", "follow-up", "connection-offer", "opportunity", "recruiter-intro"]


def me_option(command: Any) -> Any:
    return click.option(
        "--me",
        multiple=True,
        metavar="ADDRESS",
        help="Your own address (repeatable; else [mail] me = [...] in the settings file).",
    )(command)


def dry_run_option(command: Any) -> Any:
    return click.option(
        "--dry-run", is_flag=True, help="Say what would be recorded; write nothing."
    )(command)


@click.group()
@global_options
def mail() -> None:
    """Record what your mail says happened with the people in your pipeline.

    Example: outreach mail import ~/Takeout/Mail/All.mbox --me sam@agency.example
    """


@mail.command("import")
@click.argument("path", type=ExistingFile(exists=True, path_type=Path))
@me_option
@click.option("--intent", type=click.Choice(INTENTS), help="The intent of a single email.")
@dry_run_option
@json_option
@global_options
def import_mail(
    path: Path, me: tuple[str, ...], intent: str | None, dry_run: bool, as_json: bool
) -> None:
    """Read an mbox file, a Maildir or .eml files: your emails to known people are recorded
    as emailed, theirs to you as replied; the rest is counted, never kept.

    Example: outreach mail import Sent.mbox --me sam@agency.example
    """
    from outreach.sources.mailboxes import open_mail

    box = open_mail(path)
    if intent is not None and box.total != 1:
        raise click.BadParameter("is for one .eml file only", param_hint="--intent")
    reader = mail_reader(f"{box.kind} {path}", me, dry_run, intent=intent)
    with progress(box.total) as advance:
        reader.read(box.pieces, advance)
    show(reader.finish(), as_json)


@mail.command("sync")
@click.option("--imap", "url", required=True, metavar="URL", help="imaps://USER@HOST[:PORT]")
@click.option("--folder", "folders", multiple=True, metavar="NAME", help="Your sent folder.")
@me_option
@dry_run_option
@json_option
@global_options
def sync(
    url: str, folders: tuple[str, ...], me: tuple[str, ...], dry_run: bool, as_json: bool
) -> None:
    """Read what is new in INBOX and your sent folder on an IMAP server (over TLS), and record
    it as mail import does. The password comes from OUTREACH_IMAP_PASSWORD, else a prompt.

    Example: outreach mail sync --imap imaps://sam@imap.agency.example --me sam@agency.example
    """
    from outreach.sources.imap import parse_account
    from outreach.sources.imap import sync as read_server

    account = parse_account(url)
    reader = mail_reader(account.describe(), me, dry_run)
    with progress(None) as advance:
        read_server(reader, account, password(account.describe()), folders, advance)
    show(reader.summary, as_json)


def password(where: str) -> str:
    """OUTREACH_IMAP_PASSWORD, else asked on a terminal (never echoed)."""
    from outreach.sources.imap import PASSWORD_ENV, ImapError

    found = os.environ.get(PASSWORD_ENV)
    if found:
        return found
    if not sys.stdin.isatty():
        raise ImapError(f"no password for {where}: set {PASSWORD_ENV}, or run on a terminal")
    return str(click.prompt(f"password for {where}", hide_input=True, err=True))


@click.group()
@global_options
def calendar() -> None:
    """Record the meetings in your calendar with the people in your pipeline.

    Example: outreach calendar import work.ics --me sam@agency.example
    """


@calendar.command("import")
@click.argument("file", type=ExistingFile(exists=True, dir_okay=False, path_type=Path))
@me_option
@dry_run_option
@json_option
@global_options
def import_calendar(file: Path, me: tuple[str, ...], dry_run: bool, as_json: bool) -> None:
    """Read an .ics file: a meeting with a known person that has ended is recorded as met
    (where: its location, else its title), one to come as an agreed time.

    Example: outreach calendar import work.ics --me sam@agency.example
    """
    from outreach.sources.calendar import CalendarReader
    from outreach.sources.mail import load_mail_settings

    mine = me or load_mail_settings(session().settings_file()).me
    reader = CalendarReader(store(dry_run), mine, source=str(file), dry_run=dry_run)
    show(reader.read(file.read_bytes()), as_json, unit="events")


def mail_reader(source: str, me: tuple[str, ...], dry_run: bool, **options: Any) -> Any:
    from outreach.sources.mail import MailReader, load_mail_settings

    chosen = session()
    settings = load_mail_settings(chosen.settings_file())
    engine = store(dry_run)
    return MailReader(
        engine,
        me or settings.me,
        source=source,
        pitch_words=settings.pitch_words,
        dry_run=dry_run,
        **options,
    )


def store(dry_run: bool) -> Engine:
    """The store; a dry run on a store that does not exist yet does not create it."""
    from outreach.engine import Engine, parse

    chosen = session()
    found = parse(chosen.db)
    if dry_run and found.path is not None and not found.path.exists():
        return Engine.open(
            "memory://", recruiter=chosen.recruiter, clock=chosen.clock, settings=chosen.playbook()
        )
    return chosen.engine()


@contextmanager
def progress(total: int | None) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr when it is a terminal and there is much to read."""
    if (total is not None and total < PROGRESS_FROM) or not is_terminal(sys.stderr):
        yield None
        return
    from outreach.cli.output import console
    from rich.progress import Progress

    with Progress(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("reading", total=total)
        yield lambda n: bar.advance(task, n)


def show(summary: Summary, as_json: bool, unit: str = "messages") -> None:
    """The summary: read, matched, recorded by kind, skipped by reason."""
    if as_json:
        print_json(summary.as_json())
        return
    verb = "would record" if summary.dry_run else "recorded"
    rows = [["read", str(summary.read)], ["with a known person", str(summary.matched)]]
    rows += [[f"{verb}: {kind}", str(n)] for kind, n in sorted(summary.recorded.items())]
    rows += [["already recorded", str(summary.already)]] if summary.already else []
    rows += [[f"skipped: {why}", str(n)] for why, n in sorted(summary.skipped.items())]
    if summary.after_opt_out:
        rows.append(["not recorded: sent after the opt-out", str(len(summary.after_opt_out))])
    title = f"{summary.source}{' (dry run: nothing was written)' if summary.dry_run else ''}"
    table(["what", unit], rows, title=title)
    for line in summary.after_opt_out:
        warn(f"sent after the opt-out, not recorded: {line}")
    for line in summary.warnings:
        warn(f"warning: {line}")
