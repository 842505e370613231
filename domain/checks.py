"""The plain checks of what people give: a handle, a text, skills, a time zone, a moment.

Only the standard library: a read command that finds its answer stored checks the handle and
the moment it is asked about without importing pydantic (``outreach.domain.values`` builds the
validated types of the events from these same checks)."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

HANDLE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
MAX_TEXT = 2000


def normalise_handle(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().lower()
    return value


def check_handle(value: str) -> str:
    if not HANDLE_PATTERN.match(value):
        raise ValueError(
            "a handle is 1 to 40 characters: lower-case letters, digits, '.', '_' or '-',"
            " starting with a letter or digit (for example 'ada-lovelace')"
        )
    return value


def good_handle(value: Any) -> str | None:
    """A handle as it is kept (trimmed, lower-case), or None when it is not a good one: for
    lookups, which say themselves what is wrong (no such person, or a suggestion)."""
    value = normalise_handle(value)
    return value if isinstance(value, str) and HANDLE_PATTERN.match(value) else None


def check_text(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise ValueError(f"text is limited to {MAX_TEXT} characters, got {len(value)}")
    if value.isprintable():
        return value  # no control character at all: the usual case, checked in C
    for ch in value:
        if ch not in "\n\t" and unicodedata.category(ch) == "Cc":
            raise ValueError(f"control character {ch!r} is not allowed in text")
    return value


def check_required_text(value: str) -> str:
    value = check_text(value)
    if not value:
        raise ValueError("must not be empty")
    return value


def normalise_skill(value: str) -> str:
    """One skill as stored and searched: trimmed, lower case, single spaces."""
    return " ".join(check_text(value).lower().split())


def normalise_skills(value: Any) -> Any:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple | set | frozenset):
        return value
    seen: dict[str, None] = {}
    for item in value:
        if not isinstance(item, str):
            raise ValueError(f"a skill is text, got {item!r}")
        skill = normalise_skill(item)
        if skill:
            seen.setdefault(skill, None)
    return tuple(seen)


def check_time_zone(value: str) -> str:
    """The one check of a time zone name: an IANA zone, typed in any case ('europe/london' is
    'Europe/London') or "UTC", never a region folder ("Europe") or a path; a ValueError
    saying what to give instead."""
    value = value.strip()
    # Checked against the list first: ZoneInfo() on a region folder ("Europe") or a path
    # raises OS errors rather than saying the zone is unknown.
    found = zone_named(value)
    if found is None:
        raise ValueError(f"{value!r} is not a time zone: use an IANA name such as 'Europe/Paris'")
    try:
        ZoneInfo(found)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"{found!r} is not a time zone: use an IANA name such as 'Europe/Paris'"
        ) from None
    return found


def zone_named(text: str) -> str | None:
    """The IANA name of the zone ``text`` names in any case ('europe/london' is
    'Europe/London', 'utc' is 'UTC'), or None. A name spelled as the tz database spells it is
    found in tzdata's list of zones (one small file), without walking the zone folders for
    every name in any case (25 to 40 ms, once a process)."""
    name = text.strip()
    if name in _listed():
        return name
    return _zones_by_case().get(name.lower())


_ZONES: set[str] = set()
_BY_CASE: dict[str, str] = {}
_LISTED: set[str] = set()


def _listed() -> set[str]:
    """tzdata's own list of its zones ("UTC" too); empty without tzdata (then every name is
    looked up in the full list)."""
    if not _LISTED:
        from importlib.resources import files

        try:
            text = files("tzdata").joinpath("zones").read_text(encoding="utf-8")
        except (ImportError, OSError):
            return _LISTED
        _LISTED.update(text.split())
        _LISTED.add("UTC")
    return _LISTED


def _zones_by_case() -> dict[str, str]:
    if not _BY_CASE:
        _BY_CASE.update({name.lower(): name for name in _zones()})
    return _BY_CASE


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
        _ZONES.add("UTC")
    return _ZONES


# The playbook counts months and years ahead of "now"; far-off years would overflow dates.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)


def check_moment(value: datetime) -> datetime:
    """A moment the engine can reason about: tz-aware, in the years 1900 to 2999."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{value.isoformat()} has no time zone: give an offset or a zone")
    # A year strictly inside the range is inside it whatever the offset (less than a day):
    # only the first and last years are compared as moments (each comparison asks the zone).
    if not 1900 < value.year < 2999 and not EARLIEST <= value < LATEST:
        raise ValueError(f"{value.isoformat()} is not in the years 1900 to 2999")
    return value
