"""Printing: a rich table on a terminal, tab-separated plain text in a pipe, JSON on request.

rich is imported only when stdout is a terminal, so scripts and pipes start quickly. rich itself
honours ``NO_COLOR``; ``TTY_COMPATIBLE=1`` (or ``0``) overrides the terminal check, as in rich.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

import click
from outreach.cli.moments import local

if TYPE_CHECKING:
    from rich.console import Console


# Columns of sentences, wrapped on a terminal; the others (times, handles, ids) stay whole.
PROSE = frozenset(
    {"what to do", "what happened", "because", "details", "meaning", "skills", "priority"}
)
MIN_PROSE = 32  # a sentence squeezed narrower than this is no longer readable


def is_terminal(stream: IO[str] | None = None) -> bool:
    forced = os.environ.get("TTY_COMPATIBLE", "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, force_terminal=True, highlight=False, soft_wrap=False)


def when(moment: datetime | None) -> str:
    """A moment on the recruiter's clock, to the minute, with its offset (ISO 8601)."""
    if moment is None:
        return ""
    return local(moment).isoformat(sep=" ", timespec="minutes")


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 callback``, ``2 callbacks``, ``1 person``, ``3 people``."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def print_json(value: Any) -> None:
    def default(item: Any) -> Any:
        if isinstance(item, datetime):
            return item.isoformat()
        if isinstance(item, tuple | set | frozenset):
            return list(item)
        raise TypeError(f"cannot show {type(item).__name__} as JSON")

    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=default))


def table(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    empty: str = "nothing to show",
    optional: Sequence[str] = (),
) -> None:
    """Rows under headed columns on a terminal; tab-separated lines (no header) in a pipe.
    On a terminal too narrow to leave the sentences readable, the ``optional`` columns are
    left out, in that order, until they are."""
    if not is_terminal():
        for row in rows:
            click.echo("\t".join(_one_line(cell) for cell in row))
        return
    screen = console()
    if not rows:
        screen.print(empty, style="dim")
        return
    from rich.table import Table
    from rich.text import Text

    shown = list(range(len(columns)))
    for name in optional:
        if _fits(columns, rows, shown, screen.width):
            break
        if name in columns:
            shown.remove(columns.index(name))
    view = Table(title=title, title_justify="left", header_style="bold")
    for i in shown:
        view.add_column(columns[i], overflow="fold", no_wrap=columns[i] not in PROSE)
    for row in rows:
        # Text: brackets in names are not markup
        view.add_row(*(Text(row[i]) for i in shown))
    screen.print(view)


def _fits(
    columns: Sequence[str], rows: Sequence[Sequence[str]], shown: Sequence[int], width: int
) -> bool:
    """Do these columns leave each sentence column MIN_PROSE characters at this width?"""
    needed = 1 + 3 * len(shown)  # rich's borders and padding
    for i in shown:
        if columns[i] in PROSE:
            needed += MIN_PROSE
        else:
            needed += max(len(columns[i]), *(len(row[i]) for row in rows))
    return needed <= width


def fields(pairs: Sequence[tuple[str, str]], *, title: str | None = None) -> None:
    """Named values: a two-column table on a terminal, ``name: value`` lines in a pipe."""
    if not is_terminal():
        if title:
            click.echo(title)
        for name, value in pairs:
            click.echo(f"{name}: {_one_line(value)}")
        return
    from rich.table import Table
    from rich.text import Text

    view = Table(title=title, title_justify="left", show_header=False, box=None)
    view.add_column(style="bold")
    view.add_column(overflow="fold")
    for name, value in pairs:
        view.add_row(name, Text(value))
    console().print(view)


def say(text: str, *, style: str | None = None) -> None:
    """A sentence on stdout (styled on a terminal)."""
    if is_terminal():
        console().print(text, style=style, markup=False)
    else:
        click.echo(text)


def warn(text: str) -> None:
    """A warning on stderr (never in the JSON on stdout)."""
    stream = sys.stderr
    if is_terminal(stream):
        console(stderr=True).print(text, style="yellow", markup=False)
    else:
        click.echo(text, err=True)


def _one_line(value: str) -> str:
    return " ".join(str(value).split()) if ("\n" in value or "\t" in value) else value
