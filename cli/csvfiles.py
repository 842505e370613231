"""Reading people to import from CSV files: LinkedIn's Connections.csv and our generic CSV.

A row that cannot be read is reported with its line number and the reason; the engine's own
checks (handle, name, time zone, kinds ...) report the rest, by the same line numbers.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import click
from outreach.cli.options import parse_moment
from outreach.engine import NewRelationship

LINKEDIN_HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position")
LINKEDIN_DATE = "%d %b %Y"  # "Connected On": 06 Mar 2026
GENERIC_COLUMNS = (
    "handle",
    "name",
    "email",
    "phone",
    "company",
    "title",
    "skills",
    "tz",
    "source",
    "added_on",
    "candidacy",
    "candidacy_on",
    "candidacy_role",
    "met_where",
    "met_on",
    "would_hire",
)
MAX_HANDLE = 40
# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "þ": "th"})
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"", "no", "n", "false", "0"}


class BadRow(ValueError):
    """A row that cannot be imported; the message says why."""


@dataclass
class Parsed:
    """What a file holds: people to import, and the rows that could not be read."""

    format: str
    items: list[NewRelationship] = field(default_factory=list)
    failed: list[tuple[int | None, str, str]] = field(default_factory=list)  # line, who, why


def make_handle(text: str) -> str | None:
    """A valid handle from a profile slug or a name: 'José Núñez' -> 'jose-nunez'."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    ascii_only = folded.encode("ascii", "ignore").decode()
    handle = re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9._-]+", "-", ascii_only))
    handle = handle.lstrip("._-")[:MAX_HANDLE].rstrip("._-")
    return handle or None


def handle_from_url(url: str) -> str | None:
    """The slug of a LinkedIn profile URL (https://www.linkedin.com/in/SLUG/), as a handle."""
    parts = [p for p in urlsplit(url.strip()).path.split("/") if p]
    if len(parts) >= 2 and parts[0] == "in":
        return make_handle(unquote(parts[1]))
    return None


def read(path: Path, wanted: str | None) -> Parsed:
    """The people in ``path``; ``wanted`` is "linkedin", "csv" or None (recognised)."""
    try:
        rows = list(_rows(path))
    except UnicodeDecodeError:
        raise click.ClickException(f"{path} is not UTF-8 text: save it as UTF-8 CSV") from None
    except csv.Error as error:
        raise click.ClickException(f"{path} is not a readable CSV file: {error}") from None
    header_at = next((i for i, (_, row) in enumerate(rows) if _is_linkedin(row)), None)
    if wanted == "linkedin" and header_at is None:
        raise click.ClickException(
            f"{path} has no LinkedIn header ({','.join(LINKEDIN_HEADER)},Connected On):"
            " export Connections.csv from LinkedIn, or give --format csv"
        )
    if header_at is not None and wanted != "csv":
        return _read(rows[header_at:], "linkedin", _linkedin)
    if not rows:
        raise click.ClickException(f"{path} is empty: expected a header line and rows")
    return _read(rows, "csv", _generic_reader(path, rows[0][1]))


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows with the line each starts on (a quoted cell may span lines)."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.reader(file)
        start = 1
        for row in reader:
            if any(cell.strip() for cell in row):
                yield start, row
            start = reader.line_num + 1


def _is_linkedin(row: list[str]) -> bool:
    return tuple(cell.strip() for cell in row[: len(LINKEDIN_HEADER)]) == LINKEDIN_HEADER


def _read(rows: list[tuple[int, list[str]]], kind: str, make: Any) -> Parsed:
    header = [cell.strip() for cell in rows[0][1]]
    parsed = Parsed(kind)
    for line, row in rows[1:]:
        cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
        try:
            parsed.items.append(make(cells, line))
        except BadRow as error:
            parsed.failed.append((line, _who(cells), str(error)))
    return parsed


def _who(cells: dict[str, str]) -> str:
    """The row's person as the file names them, for the error report."""
    name = " ".join(c for c in (cells.get("First Name"), cells.get("Last Name")) if c)
    return cells.get("handle") or cells.get("name") or name or cells.get("URL") or "(nobody)"


def _linkedin(cells: dict[str, str], line: int) -> NewRelationship:
    name = " ".join(n for n in (cells.get("First Name", ""), cells.get("Last Name", "")) if n)
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
    return NewRelationship(
        handle=handle,
        name=name,
        at=_date("Connected On", connected) if connected else None,
        fields={k: v for k, v in found.items() if v},
        line=line,
    )


def _generic_reader(path: Path, header: list[str]) -> Any:
    columns = [_column(cell) for cell in header]
    unknown = [c for c in columns if c not in GENERIC_COLUMNS]
    if unknown or "name" not in columns:
        problem = f"unknown columns {', '.join(unknown)}" if unknown else "no name column"
        raise click.ClickException(
            f"{path}: {problem}: the header names columns among {', '.join(GENERIC_COLUMNS)}"
            " (name is required; see README, Command line)"
        )

    def make(cells: dict[str, str], line: int) -> NewRelationship:
        return _generic({_column(k): v for k, v in cells.items()}, line)

    return make


def _column(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _generic(cells: dict[str, str], line: int) -> NewRelationship:
    name = cells.get("name", "")
    handle = cells.get("handle") or make_handle(name)
    if not handle:
        raise BadRow("no handle and no name to make one from")
    events: list[tuple[str, datetime | None, dict[str, Any]]] = []
    if cells.get("candidacy"):
        if not cells.get("candidacy_on"):
            raise BadRow("candidacy_on: give the date of the candidacy")
        role = cells.get("candidacy_role") or None
        on = _date("candidacy_on", cells["candidacy_on"])
        events.append(("past-candidacy", on, {"kind": cells["candidacy"], "role": role}))
    would_hire = _yes_no("would_hire", cells.get("would_hire", ""))
    if cells.get("met_where"):
        met_on = _date("met_on", cells["met_on"]) if cells.get("met_on") else None
        events.append(("met", met_on, {"where": cells["met_where"], "would_hire": would_hire}))
    elif would_hire:
        raise BadRow("would_hire: say where you met them in met_where")
    source = cells.get("source") or (
        "past" if cells.get("candidacy") else "met" if cells.get("met_where") else "import"
    )
    found = {k: cells.get(k) for k in ("email", "phone", "company", "title", "tz")}
    skills = [s for s in cells.get("skills", "").split(";") if s.strip()]
    dates = [at for _, at, _ in events if at is not None]
    added = _date("added_on", cells["added_on"]) if cells.get("added_on") else None
    return NewRelationship(
        handle=handle,
        name=name,
        at=added or (min(dates) if dates else None),
        fields={k: v for k, v in found.items() if v} | {"source": source, "skills": skills},
        events=tuple(events),
        line=line,
    )


def _date(column: str, text: str) -> datetime:
    with suppress(ValueError):  # if not LinkedIn's way of writing a date, then ISO 8601
        text = datetime.strptime(text.strip(), LINKEDIN_DATE).date().isoformat()
    try:
        return parse_moment(text)
    except ValueError:
        raise BadRow(f"{column}: {text!r} is not a date: use 2026-03-06 (or 06 Mar 2026)") from None


def _yes_no(column: str, text: str) -> bool:
    value = text.strip().lower()
    if value in _YES or value in _NO:
        return value in _YES
    raise BadRow(f"{column}: {text!r} is not yes or no")
