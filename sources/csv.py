"""People from CSV files, read a row at a time: our generic CSV, and LinkedIn's export
(``outreach.sources.linkedin``) recognised by its header.

The file is never held whole: it is checked once as a stream of bytes (UTF-8 text, no NUL
byte, no line past ``MAX_RUN``), then read again row by row, so memory stays flat whatever its
size, and ``outreach import /dev/zero`` ends at once with a clear error. A line longer than
``MAX_LINE``, or a cell longer than csv's field limit, refuses its row, not the file. A row
that cannot be read is reported with its line number and the reason; the engine's own checks
(handle, name, time zone, kinds ...) report the rest, by the same line numbers.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import Any

from outreach.domain.errors import OutreachError
from outreach.engine import NewRelationship
from outreach.sources.cells import BadRow as BadRow
from outreach.sources.cells import DateParser as DateParser
from outreach.sources.cells import date as date
from outreach.sources.cells import days_once, yes_no
from outreach.sources.cells import make_handle as make_handle

MAX_LINE = 1024 * 1024  # characters in one physical line before its row is refused
MAX_RUN = 16 * 1024 * 1024  # bytes with no line break: not a CSV file of people
CHUNK = 1024 * 1024
LOOKAHEAD = 50  # rows searched for LinkedIn's header (its export opens with a few notes)
OVERSIZED = "\x1f(line too long)"  # stands in for a line past MAX_LINE; text never holds it
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


Row = tuple[int, list[str] | None, str]  # line, cells (None: unreadable), why


class UnreadableFile(OutreachError):
    """The file as a whole cannot be imported; the message says why and what to do."""


@dataclass
class Source:
    """What a file holds: ``items``, people to import (read as they are consumed), and
    ``failed``, the rows that could not be read (filled as ``items`` is consumed)."""

    format: str
    items: Iterator[NewRelationship]
    failed: list[tuple[int | None, str, str]] = field(default_factory=list)  # line, who, why
    rows: int = 0  # about how many (the file's lines), for a progress bar


def read(path: Path, wanted: str | None, parse_date: DateParser) -> Source:
    """The people in ``path``; ``wanted`` is "linkedin", "csv" or None (recognised).
    ``parse_date`` turns a cell's ISO 8601 date into a moment (the caller's clock)."""
    from outreach.sources import linkedin

    parse_date = days_once(parse_date)
    lines = check_text(path)
    rows = _rows(path)
    ahead: list[Row] = []
    for row in rows:
        ahead.append(row)
        if (row[1] is not None and linkedin.is_header(row[1])) or len(ahead) >= LOOKAHEAD:
            break
    header_at = next(
        (i for i, (_, cells, _) in enumerate(ahead) if cells and linkedin.is_header(cells)), None
    )
    if wanted == "linkedin" and header_at is None:
        raise UnreadableFile(
            f"{path} has no LinkedIn header ({','.join(linkedin.HEADER)},Connected On):"
            " export Connections.csv from LinkedIn, or give --format csv"
        )
    if header_at is not None and wanted != "csv":
        header, rest = ahead[header_at], ahead[header_at + 1 :]
        source = _source("linkedin", header, chain(rest, rows), linkedin.person, parse_date)
        source.rows = lines - ahead[header_at][0]
        return source
    if not ahead:
        raise UnreadableFile(f"{path} is empty: expected a header line and rows")
    if ahead[0][1] is None:
        raise UnreadableFile(f"{path}: its header line cannot be read: {ahead[0][2]}")
    make = _generic_reader(path, ahead[0][1])
    source = _source("csv", ahead[0], chain(ahead[1:], rows), make, parse_date)
    source.rows = lines - ahead[0][0]
    return source


def check_text(path: Path) -> int:
    """The whole file, streamed once: UTF-8 text with line breaks, else UnreadableFile.
    Returns how many lines it has."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, run = 1, 0
    try:
        with path.open("rb") as file:
            while chunk := file.read(CHUNK):
                if b"\x00" in chunk:
                    raise UnreadableFile(f"{path} holds NUL bytes: it is not a CSV text file")
                decoder.decode(chunk)
                breaks = chunk.count(b"\n")
                line += breaks
                run = len(chunk) - chunk.rfind(b"\n") - 1 if breaks else run + len(chunk)
                if run > MAX_RUN:
                    raise UnreadableFile(
                        f"{path}: line {line} runs past {MAX_RUN // 2**20} MB with no line"
                        " break: it is not a CSV file of people"
                    )
            decoder.decode(b"", final=True)
        return line
    except UnicodeDecodeError:
        raise UnreadableFile(
            f"{path} is not UTF-8 text (line {line}): save it as UTF-8 CSV"
        ) from None
    except OSError as error:
        raise UnreadableFile(f"cannot read {path}: {error.strerror}") from None


def _lines(path: Path) -> Iterator[str]:
    """Physical lines, each at most MAX_LINE characters: a longer one is skipped (read and
    dropped in pieces) and stands as OVERSIZED, so that its row alone is refused."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        while line := file.readline(MAX_LINE):
            if len(line) == MAX_LINE and not line.endswith(("\n", "\r")):
                while (more := file.readline(MAX_LINE)) and not more.endswith(("\n", "\r")):
                    pass
                line = OVERSIZED + "\n"
            yield line


def _rows(path: Path) -> Iterator[Row]:
    """Non-blank rows with the line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(_lines(path))
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # a cell past csv's field limit: this row only
            yield start, None, f"cannot be read ({error})"
        else:
            # The row's cells joined once, both checks in C and not a generator each; joined
            # by a line break, which the marker has not, so it is found only inside a cell.
            text = "\n".join(cells)
            if OVERSIZED in text:
                yield start, None, f"a line longer than {MAX_LINE:,} characters"
            elif text.strip():
                yield start, cells, ""
        start = reader.line_num + 1


def _source(
    kind: str, header_row: Row, rows: Iterator[Row], make: Any, parse_date: DateParser
) -> Source:
    assert header_row[1] is not None
    header = [cell.strip() for cell in header_row[1]]
    source = Source(kind, iter(()))

    def items() -> Iterator[NewRelationship]:
        for line, row, why in rows:
            if row is None:
                source.failed.append((line, "(unreadable)", why))
                continue
            cells = dict(zip(header, map(str.strip, row), strict=False))
            try:
                yield make(cells, line, parse_date)
            except BadRow as error:
                source.failed.append((line, who(cells), str(error)))

    source.items = items()
    return source


def who(cells: dict[str, str]) -> str:
    """The row's person as the file names them, for the error report."""
    name = " ".join(c for c in (cells.get("First Name"), cells.get("Last Name")) if c)
    return cells.get("handle") or cells.get("name") or name or cells.get("URL") or "(nobody)"


def _generic_reader(path: Path, header: list[str]) -> Any:
    columns = [_column(cell) for cell in header]
    unknown = [c for c in columns if c not in GENERIC_COLUMNS]
    if unknown or "name" not in columns:
        problem = f"unknown columns {', '.join(unknown)}" if unknown else "no name column"
        raise UnreadableFile(
            f"{path}: {problem}: the header names columns among {', '.join(GENERIC_COLUMNS)}"
            " (name is required; see README, Command line)"
        )

    def make(cells: dict[str, str], line: int, parse_date: DateParser) -> NewRelationship:
        return generic({_column(k): v for k, v in cells.items()}, line, parse_date)

    return make


def _column(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def generic(cells: dict[str, str], line: int, parse_date: DateParser) -> NewRelationship:
    """One row of the generic CSV (see README, Importing)."""
    name = cells.get("name", "")
    handle = cells.get("handle") or make_handle(name)
    if not handle:
        raise BadRow("no handle and no name to make one from")
    events: list[tuple[str, datetime | None, dict[str, Any]]] = []
    if cells.get("candidacy"):
        if not cells.get("candidacy_on"):
            raise BadRow("candidacy_on: give the date of the candidacy")
        role = cells.get("candidacy_role") or None
        on = date("candidacy_on", cells["candidacy_on"], parse_date, cells.get("tz"))
        events.append(("past-candidacy", on, {"kind": cells["candidacy"], "role": role}))
    would_hire = yes_no("would_hire", cells.get("would_hire", ""))
    if cells.get("met_where"):
        met_on = (
            date("met_on", cells["met_on"], parse_date, cells.get("tz"))
            if cells.get("met_on")
            else None
        )
        events.append(("met", met_on, {"where": cells["met_where"], "would_hire": would_hire}))
    elif would_hire:
        raise BadRow("would_hire: say where you met them in met_where")
    source = cells.get("source") or (
        "past" if cells.get("candidacy") else "met" if cells.get("met_where") else "import"
    )
    found = {k: cells.get(k) for k in ("email", "phone", "company", "title", "tz")}
    skills = [s for s in cells.get("skills", "").split(";") if s.strip()]
    dates = [at for _, at, _ in events if at is not None]
    added_on = cells.get("added_on")
    added = date("added_on", added_on, parse_date, cells.get("tz")) if added_on else None
    return NewRelationship.read(
        handle,
        name,
        added or (min(dates) if dates else None),
        {k: v for k, v in found.items() if v} | {"source": source, "skills": skills},
        line,
        tuple(events),
    )
