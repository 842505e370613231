"""The ``outreach`` command: its commands, and errors as one line for people.

Exit codes: 0 done; 1 refused or failed (nothing written), or an import with bad rows; 2 bad
usage (an unknown command or option, a missing or malformed value).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, MutableMapping
from importlib import import_module
from typing import Any, NoReturn

import click
from outreach.cli.options import MADE_FILES, global_options, session

DEBUG_ENV = "OUTREACH_DEBUG"
# A group given no command (click 8.2 on); older click prints the help itself.
_NO_ARGS: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())
USAGE = 2
FAILED = 1


class Outreach(click.Group):
    """A group whose errors never show a traceback: one line on stderr, and an exit code."""

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> NoReturn:
        MADE_FILES.clear()
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NO_ARGS as error:  # "outreach" or "outreach record" alone: the help, as asked
            click.echo(error.format_message())
            sys.exit(0)
        except click.UsageError as error:
            where = f" (see '{error.ctx.command_path} --help')" if error.ctx is not None else ""
            _fail(error.format_message() + where, USAGE)
        except click.ClickException as error:
            _fail(error.format_message(), error.exit_code)
        except click.Abort:
            _fail("stopped: nothing more was written", FAILED)
        except Exception as error:
            if _is_ours(error):
                _fail(str(error), FAILED)
            if _disk_failed(error):
                _fail(
                    f"the store could not be written ({error}): the disk is full or failing;"
                    " free some space and run the command again ('outreach rebuild' mends the"
                    " read models)",
                    FAILED,
                )
            if os.environ.get(DEBUG_ENV):
                raise
            _fail(
                f"unexpected failure ({type(error).__name__}: {error});"
                f" run again with {DEBUG_ENV}=1 for the details and report it",
                FAILED,
            )
        code = result if isinstance(result, int) else 0
        if code:
            _discard_made_files()
        sys.exit(code)


def _is_ours(error: Exception) -> bool:
    """An error the engine raises on purpose (its message is for people). The domain is
    imported only by commands that use it, so an error can be ours only if it was loaded."""
    errors = sys.modules.get("outreach.domain.errors")
    return errors is not None and isinstance(error, errors.OutreachError)


def _disk_failed(error: Exception) -> bool:
    """The store's disk refused a write (full, or over a size limit): SQLite says "database or
    disk is full" or "disk I/O error"; PostgreSQL "No space left on device"."""
    module = type(error).__module__.split(".")[0]
    words = ("disk is full", "disk I/O error", "No space left", "could not extend file")
    return module in ("eventsourcing", "sqlite3", "psycopg") and any(w in str(error) for w in words)


def _fail(message: str, code: int) -> NoReturn:
    _discard_made_files()
    click.echo(f"error: {' '.join(message.split())}", err=True)
    sys.exit(code)


def _discard_made_files() -> None:
    """A refused command leaves no new store behind (the session closed it already)."""
    if MADE_FILES:
        from outreach.engine.access import discard_if_empty

        for path in MADE_FILES:
            discard_if_empty(path)
        MADE_FILES.clear()


@click.group("outreach", cls=Outreach, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="outreach", message="outreach %(version)s")
@global_options
def cli() -> None:
    """Tells a recruiter the next best action with each passive candidate, and why.

    Start with the sample pipeline: outreach demo

    A DATETIME (--at, --now, --on, --callback, --to, --until) is ISO 8601 (2026-03-06T11:00,
    '2026-03-06 11:00+01:00', 2026-03-06) or words counted from --now: now, today, yesterday,
    tomorrow, monday (the next one), 'last friday' (the previous one), +3d, -2w, +4h. A day
    may take a time ('tomorrow 15:00', 'monday 9:30am'), a time a zone in any case ('monday
    10:00 europe/london'). A date alone is the start of that day where the candidate lives.
    """
    session()  # the session outlives subcommands and closes the store at the end


class Commands(MutableMapping[str, click.Command]):
    """The commands by name, each imported from its module when first wanted: ``outreach
    next`` imports the reading commands alone, ``outreach --help`` every one (for its line)."""

    def __init__(self, where: dict[str, str]) -> None:
        self._where = dict(where)  # name: "module:function" in outreach.cli
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, function = self._where[name].split(":")
            self._loaded[name] = getattr(import_module(f"outreach.cli.{module}"), function)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._where.setdefault(name, "")
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._where[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


cli.commands = Commands(
    {
        "add": "record:add",
        "record": "record:record",
        "group": "groups:group",
        "ls": "people:ls",
        "show": "people:show",
        "retract": "correcting:retract",
        "undo": "correcting:undo",
        "snooze": "correcting:snooze",
        "next": "queries:next_action",
        "agenda": "queries:agenda",
        "history": "queries:history",
        "violations": "queries:violations",
        "find": "queries:find",
        "playbook": "queries:playbook",
        "where": "queries:where",
        "import": "importing:import_file",
        "mail": "mail:mail",
        "calendar": "mail:calendar",
        "export": "ics:export",
        "erase": "admin:erase",
        "rebuild": "admin:rebuild",
        "demo": "demo:demo",
        "stats": "insight:stats",
        "whatif": "insight:whatif",
        "report": "insight:report",
    }
)
