"""What every command shares: the session (store, clock, recruiter, settings), the global
options and shell completion of handles (moments and zones: ``outreach.cli.moments``).

Only click and the standard library are imported here: ``outreach --help`` must start quickly,
so the engine (eventsourcing, pydantic) is imported when a command first needs it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.shell_completion import CompletionItem
from outreach.cli.moments import DATETIME, real_now, resolve

if TYPE_CHECKING:
    from outreach.cli.dates import Typed
    from outreach.engine import Engine
    from outreach.projections.settings import Playbook

F = TypeVar("F", bound=Callable[..., Any])
SETTINGS_ENV = "OUTREACH_SETTINGS"
SETTINGS_FILE = "outreach.toml"
# Store files this invocation made: a command that ends refused removes them when they hold
# no event (issue 14, finding 9: a refused command does not create a store).
MADE_FILES: list[Path] = []


@dataclass
class Session:
    """One invocation's store, clock, recruiter and settings; the engine opens on first use."""

    db: str | None = None
    now: datetime | None = None
    recruiter: str | None = None
    settings_path: str | None = None
    _engine: Engine | None = field(default=None, repr=False)
    _playbook: Playbook | None = field(default=None, repr=False)

    def settings_file(self) -> Path | None:
        """``--settings``, else ``OUTREACH_SETTINGS``, else outreach.toml in the user's config
        directory if it exists, else none (the playbook's defaults)."""
        chosen = self.settings_path or os.environ.get(SETTINGS_ENV, "").strip()
        if chosen:
            return Path(chosen).expanduser()
        from platformdirs import user_config_path

        default = user_config_path("outreach", appauthor=False) / SETTINGS_FILE
        return default if default.is_file() else None

    def playbook(self) -> Playbook:
        if self._playbook is None:
            from outreach.projections.settings import load_playbook

            self._playbook = load_playbook(self.settings_file())
        return self._playbook

    def figures(self) -> dict[str, Any]:
        """The playbook's figures in force, as ``playbook().model_dump()`` gives them; read
        without the settings model when the settings file is plain (a read command's start-up:
        no pydantic), else from the model, which says what is wrong with the file."""
        if self._playbook is None:
            from outreach.projections.settings_file import plain_figures

            found = plain_figures(self.settings_file())
            if found is not None:
                return dict(found)
        return self.playbook().model_dump()

    def engine(self, url: str | None = None) -> Engine:
        """The engine over the chosen store (``url`` overrides ``--db`` and ``OUTREACH_DB``)."""
        if self._engine is None:
            from outreach.engine import Engine

            options: dict[str, Any] = {"recruiter": self.recruiter, "settings": self.playbook()}
            if self.now is not None:
                fixed = self.now
                options["clock"] = lambda: fixed
            self._engine = Engine.open(url or self.db, **options)
            if self._engine.made_file and self._engine.store.path is not None:
                MADE_FILES.append(self._engine.store.path)
        return self._engine

    def clock(self) -> datetime:
        """Now, as the engine sees it (``--now``, else the real time)."""
        return self.now if self.now is not None else real_now()

    def moment(
        self, value: Typed | datetime | None, handle: str | None = None, tz: str | None = None
    ) -> datetime | None:
        """A typed DATETIME on this session's clock. A date alone is that day's start where
        the candidate lives: ``tz`` if given, else the zone on record for ``handle``, else the
        recruiter's (PLAYBOOK Words: "a date with no time")."""
        if value is None or isinstance(value, datetime):
            return value
        zone: tzinfo | None = None
        if value.date_alone and (tz or handle):
            from zoneinfo import ZoneInfo

            from outreach.cli.dates import zone_name

            name = zone_name(tz) if tz else self.engine().time_zone(handle or "")
            zone = ZoneInfo(name) if name else None
        try:
            return resolve(value, self.clock(), zone)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None


def session(ctx: click.Context | None = None) -> Session:
    ctx = ctx or click.get_current_context()
    found = ctx.find_object(Session)
    if found is None:
        found = ctx.find_root().ensure_object(Session)
        ctx.find_root().call_on_close(found.close)
    return found


def _keep(attribute: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    """Store a global option on the session; given again on the subcommand, the later wins.
    ``--now`` is counted from the real clock (``--now yesterday``)."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if value is not None and not isinstance(value, str | datetime):  # a typed --now
            try:
                value = resolve(value, real_now())
            except ValueError as error:
                raise click.BadParameter(str(error), ctx, param) from None
        if value is not None:
            setattr(session(ctx), attribute, value)

    return callback


def global_options(command: F) -> F:
    """--db, --now, --as and --settings, accepted before or after the command name."""
    options = [
        click.option(
            "--db",
            metavar="URL",
            expose_value=False,
            callback=_keep("db"),
            help="The store: sqlite:///PATH, postgresql://USER@HOST:PORT/DB or memory://"
            " (else OUTREACH_DB, else the default file).",
        ),
        click.option(
            "--now",
            type=DATETIME,
            metavar="DATETIME",
            expose_value=False,
            callback=_keep("now"),
            help="The clock: a past time answers 'as of' then ('last friday 17:00').",
        ),
        click.option(
            "--as",
            "recruiter",
            metavar="NAME",
            expose_value=False,
            callback=_keep("recruiter"),
            help="Who is recording (else OUTREACH_RECRUITER, else the login name).",
        ),
        click.option(
            "--settings",
            metavar="PATH",
            expose_value=False,
            callback=_keep("settings_path"),
            help="Playbook settings (TOML; else OUTREACH_SETTINGS, else outreach.toml in the"
            " user's config directory).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def at_option(command: F) -> F:
    return click.option(
        "--at",
        type=DATETIME,
        metavar="DATETIME",
        help="When it happened (default: now): 2026-03-06T11:00, yesterday, 'monday 10:00',"
        " -2d ... (see outreach --help).",
    )(command)


def json_option(command: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON alone.")(command)


def complete_handles(
    ctx: click.Context, _: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Handles in the store that start with what was typed; nothing if the store is absent."""
    try:
        from outreach.engine import parse

        chosen = session(ctx)
        store = parse(chosen.db)
        if store.path is not None and not store.path.exists():
            return []  # completing must never create a store
        handles = chosen.engine().handles()
    except Exception:  # completion never breaks the shell
        return []
    prefix = incomplete.lower()
    return [CompletionItem(h) for h in sorted(handles) if h.startswith(prefix)]


HANDLE = click.argument("handle", shell_complete=complete_handles)
