"""LinkedIn's Connections.csv export: a few note lines, then its header and one connection a
row. Read as a stream by ``outreach.sources.csv``; this module knows the columns."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import unquote, urlsplit

from outreach.engine import NewRelationship
from outreach.sources.cells import BadRow, DateParser, date, make_handle

HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position")
# A profile link as LinkedIn exports it, whose slug is a handle already (lower case, letters
# or digits at both ends, no two of '.', '_' and '-' in a row, at most 40 characters): what
# make_handle would make of it. Its length is checked before the pattern is matched: on a
# long cell, a pattern that fails at its end tries every split of the runs before it.
PROFILE = "https://www.linkedin.com/in/"
_PLAIN_SLUG = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*")


def is_header(row: list[str]) -> bool:
    return tuple(cell.strip() for cell in row[: len(HEADER)]) == HEADER


def handle_from_url(url: str) -> str | None:
    """The slug of a LinkedIn profile URL (https://www.linkedin.com/in/SLUG/), as a handle."""
    url = url.strip()
    if url.startswith(PROFILE):  # the usual case, read without urlsplit and make_handle
        slug = url[len(PROFILE) : -1 if url.endswith("/") else None]
        if len(slug) <= 40 and _PLAIN_SLUG.fullmatch(slug):
            return slug
    parts = [p for p in urlsplit(url).path.split("/") if p]
    if len(parts) >= 2 and parts[0] == "in":
        return make_handle(unquote(parts[1]))
    return None


def person(cells: dict[str, str], line: int, parse_date: DateParser) -> NewRelationship:
    """One connection: the handle from the profile URL, else from the name."""
    name = " ".join(filter(None, (cells.get("First Name", ""), cells.get("Last Name", ""))))
    if not name:
        raise BadRow("no name: First Name and Last Name are both empty")
    handle = handle_from_url(cells.get("URL", "")) or make_handle(name)
    if handle is None:
        raise BadRow("cannot make a handle from the URL or the name: use the generic CSV")
    connected = cells.get("Connected On", "")
    found = {
        "email": cells.get("Email Address"),
        "url": cells.get("URL"),  # the profile: a contact point `show` lists
        "company": cells.get("Company"),
        "title": cells.get("Position"),
        "source": "import",
    }
    at: datetime | None = date("Connected On", connected, parse_date) if connected else None
    return NewRelationship.read(handle, name, at, {k: v for k, v in found.items() if v}, line)
