"""One cell of an imported file: a handle made from a name or a profile link, a date as
LinkedIn or ISO 8601 writes it, yes or no. A cell that cannot be read raises ``BadRow``, which
refuses its row, not the file."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from functools import lru_cache
from typing import Protocol

MAX_HANDLE = 40
# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "þ": "th"})
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"", "no", "n", "false", "0"}
LINKEDIN_DATE = "%d %b %Y"  # "Connected On": 06 Mar 2026
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # a date alone


class DateParser(Protocol):
    """Turns a cell's ISO 8601 date into a moment: a date alone is that day's start in
    ``zone`` (the candidate's, PLAYBOOK Words), else on the importer's clock."""

    def __call__(self, text: str, zone: str | None = None, /) -> datetime: ...


class BadRow(ValueError):
    """A row that cannot be imported; the message says why."""


def make_handle(text: str) -> str | None:
    """A valid handle from a profile slug or a name: 'José Núñez' -> 'jose-nunez'."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    ascii_only = folded.encode("ascii", "ignore").decode()
    handle = re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9._-]+", "-", ascii_only))
    handle = handle.lstrip("._-")[:MAX_HANDLE].rstrip("._-")
    return handle or None


def date(column: str, text: str, parse_date: DateParser, zone: str | None = None) -> datetime:
    """A date as LinkedIn writes it (06 Mar 2026) or ISO 8601 (2026-03-06); a date alone is
    that day where the candidate lives (``zone``, their time zone cell), if it is known."""
    text = _linkedin_day(text.strip()) or text  # if not LinkedIn's way, then ISO 8601
    try:
        return parse_date(text, zone)
    except ValueError:
        raise BadRow(f"{column}: {text!r} is not a date: use 2026-03-06 (or 06 Mar 2026)") from None


@lru_cache(maxsize=4096)
def _linkedin_day(text: str) -> str | None:
    """LinkedIn's way of writing a day (06 Mar 2026) as ISO 8601, else None."""
    try:
        return datetime.strptime(text, LINKEDIN_DATE).date().isoformat()
    except ValueError:
        return None


def days_once(parse_date: DateParser) -> DateParser:
    """``parse_date``, working out each date alone once for the file being read: a day is the
    same moment all through it (in one zone), a file's days repeat, and working one out cost
    more than the rest of its row."""
    seen: dict[tuple[str, str | None], datetime] = {}

    def parse(text: str, zone: str | None = None, /) -> datetime:
        found = seen.get((text, zone))  # only days alone are kept: known, it is one
        if found is not None:
            return found
        if not _ISO_DAY.fullmatch(text):
            return parse_date(text, zone)
        if len(seen) >= 4096:
            seen.clear()
        found = seen[(text, zone)] = parse_date(text, zone)
        return found

    return parse


def yes_no(column: str, text: str) -> bool:
    value = text.strip().lower()
    if value in _YES or value in _NO:
        return value in _YES
    raise BadRow(f"{column}: {text!r} is not yes or no")
