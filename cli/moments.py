"""Moments and time zones as the command line takes them: the recruiter's zone
(``OUTREACH_TZ``), the DATETIME and zone parameters, and placing a typed date on the clock.

Only click and the standard library are imported here: ``outreach --help`` must start quickly.
"""

from __future__ import annotations

import os
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

import click
from click.shell_completion import CompletionItem

if TYPE_CHECKING:
    from outreach.cli.dates import Typed

TZ_ENV = "OUTREACH_TZ"


class BadZone(click.ClickException):
    """OUTREACH_TZ names no time zone: the environment is wrong, not the command (exit 1)."""


def recruiter_zone() -> tzinfo | None:
    """The recruiter's time zone: ``OUTREACH_TZ`` (in any case), else None (the system's)."""
    name = os.environ.get(TZ_ENV, "").strip()
    if not name:
        return None
    from outreach.cli.dates import zone_name

    found = zone_name(name)
    if found is None:
        raise BadZone(
            f"{TZ_ENV}={name!r} is not a time zone: use an IANA name such as 'Europe/Paris'"
        )
    from zoneinfo import ZoneInfo

    return ZoneInfo(found)


def local(moment: datetime) -> datetime:
    """A moment on the recruiter's clock, for display."""
    try:
        zone = recruiter_zone()
    except BadZone:
        zone = None  # a bad OUTREACH_TZ is refused where times are typed, not where shown
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def real_now() -> datetime:
    from datetime import UTC

    return datetime.now(UTC)


def resolve(value: Typed | datetime, now: datetime, day_zone: tzinfo | None = None) -> datetime:
    """A typed date and time placed on the clock: wall times on the recruiter's, a date alone
    at the start of that day in ``day_zone`` (the candidate's) if given. Checked as the engine
    checks every moment (aware, in the years it can count in)."""
    moment = (
        value if isinstance(value, datetime) else value.resolve(now, recruiter_zone(), day_zone)
    )
    from outreach.domain.checks import check_moment  # here: --help imports no domain

    return check_moment(moment)


def parse_moment(text: str | datetime, zone: str | None = None, /) -> datetime:
    """ISO 8601 (``2026-03-06T11:00``, ``2026-03-06 11:00+01:00``, a date alone), as files
    write dates. A time with no offset is on the recruiter's clock (``OUTREACH_TZ``, else the
    system's); a date alone is that day's start in ``zone`` (the candidate's) when it names a
    time zone, else on the recruiter's clock too."""
    if isinstance(text, datetime):
        return text
    from outreach.cli.dates import parse_iso, zone_name

    day_zone: tzinfo | None = None
    found = zone_name(zone) if zone else None
    if found is not None:
        from zoneinfo import ZoneInfo

        day_zone = ZoneInfo(found)
    return resolve(parse_iso(str(text)), real_now(), day_zone)


if TYPE_CHECKING:
    _ParamType = click.ParamType[Typed]
else:
    _ParamType = click.ParamType  # generic only in newer click


class DateTime(_ParamType):
    """A date and time as people type it (``outreach.cli.dates``): placed on the clock by the
    command, which knows ``--now`` and whose time zone a date alone is in."""

    name = "datetime"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        # Imported here, not at start-up: 'outreach --help' parses no date.
        from outreach.cli.dates import Typed, parse

        if isinstance(value, Typed | datetime):
            return value
        try:
            recruiter_zone()  # a bad OUTREACH_TZ is refused here, where a time is typed
            return parse(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


DATETIME = DateTime()
if TYPE_CHECKING:
    _ZoneType = click.ParamType[str]
else:
    _ZoneType = click.ParamType
ZONE_HELP = "IANA time zone, in any case (Europe/London, europe/london)."


class Zone(_ZoneType):
    """An IANA time zone in any case, given back as spelled in the database; an unknown one is
    passed on for the engine to refuse with its own message."""

    name = "zone"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from outreach.cli.dates import zone_name

        return zone_name(str(value)) or value

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        return complete_zones(ctx, param, incomplete)


def complete_zones(_: click.Context, __: click.Parameter, incomplete: str) -> list[CompletionItem]:
    from zoneinfo import available_timezones

    return [CompletionItem(z) for z in sorted(available_timezones()) if z.startswith(incomplete)]
