"""What every command shares: the session (store, clock, recruiter, settings), the global
options, the DATETIME parameter and shell completion of handles.

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

if TYPE_CHECKING:
    from outreach.engine import Engine
    from outreach.projections.settings import Playbook

F = TypeVar("F", bound=Callable[..., Any])
TZ_ENV = "OUTREACH_TZ"
SETTINGS_ENV = "OUTREACH_SETTINGS"
SETTINGS_FILE = "outreach.toml"


def recruiter_zone() -> tzinfo | None:
    """The recruiter's time zone: ``OUTREACH_TZ``, else None (the system's)."""
    name = os.environ.get(TZ_ENV, "").strip()
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{TZ_ENV}={name!r} is not a time zone: use an IANA name such as 'Europe/Paris'"
        ) from None


def local(moment: datetime) -> datetime:
    """A moment on the recruiter's clock, for display."""
    try:
        zone = recruiter_zone()
    except ValueError:
        zone = None  # a bad OUTREACH_TZ is refused where times are typed, not where shown
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def parse_moment(text: str | datetime) -> datetime:
    """ISO 8601 (``2026-03-06T11:00``, ``2026-03-06 11:00+01:00``, a date alone). A time with no
    offset is on the recruiter's clock (``OUTREACH_TZ``, else the system's). Used as a click
    parameter type, its ValueError becomes a usage error naming the option."""
    if isinstance(text, datetime):
        return text
    try:
        value = datetime.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date and time: use ISO 8601 such as 2026-03-06T11:00,"
            " '2026-03-06 11:00+01:00' or 2026-03-06"
        ) from None
    if value.tzinfo is None:
        zone = recruiter_zone()
        # astimezone() on a naive value reads it as the system's local time, daylight saving
        # included.
        value = value.replace(tzinfo=zone) if zone is not None else value.astimezone()
    from outreach.domain.values import check_moment  # here: --help stays free of pydantic

    return check_moment(value)


if TYPE_CHECKING:
    _ParamType = click.ParamType[datetime]
else:
    _ParamType = click.ParamType  # generic only in newer click


class DateTime(_ParamType):
    """ISO 8601 date and time; with no offset, on the recruiter's clock."""

    name = "datetime"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return parse_moment(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


DATETIME = DateTime()


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

    def engine(self, url: str | None = None) -> Engine:
        """The engine over the chosen store (``url`` overrides ``--db`` and ``OUTREACH_DB``)."""
        if self._engine is None:
            from outreach.engine import Engine

            options: dict[str, Any] = {"recruiter": self.recruiter, "settings": self.playbook()}
            if self.now is not None:
                fixed = self.now
                options["clock"] = lambda: fixed
            self._engine = Engine.open(url or self.db, **options)
        return self._engine

    def clock(self) -> datetime:
        """Now, as the engine sees it (``--now``, else the real time)."""
        if self.now is not None:
            return self.now
        from datetime import UTC

        return datetime.now(UTC)

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
    """Store a global option on the session; given again on the subcommand, the later wins."""

    def callback(ctx: click.Context, _: click.Parameter, value: Any) -> None:
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
            help="The clock: a past time answers 'as of' then.",
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
        help="When it happened (default: now).",
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


def complete_zones(_: click.Context, __: click.Parameter, incomplete: str) -> list[CompletionItem]:
    from zoneinfo import available_timezones

    return [CompletionItem(z) for z in sorted(available_timezones()) if z.startswith(incomplete)]


HANDLE = click.argument("handle", shell_complete=complete_handles)
