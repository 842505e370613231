"""How many of the project's modules a command passes through on its way to SQL (issue 10: "a
reader can follow ``outreach next`` and ``outreach record`` from the click command to SQL in
at most eight of the project's modules each").

    python -m benchmarks.path --db sqlite:///s.db -- record emailed ada --topic "a paper"

runs the command in this process and, at every statement it sends to SQLite or PostgreSQL,
notes which of the project's modules are on the call stack; prints those modules with how
many statements each was on the way to. Opening the store (engine.opening: tables, keys,
settings, done by every command that opens the engine) is counted apart, as it is not the
command's own path; a read that the glance answers (engine.glance) never opens it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import Any

import outreach.engine

ROOT = Path(outreach.engine.__file__).resolve().parent.parent
PACKAGES = ("cli", "domain", "engine", "projections", "sources")
SENDS = frozenset({"execute", "executemany", "executescript"})
OPENING = "engine/opening.py"


def modules_on(frame: FrameType | None) -> set[str]:
    """The project's modules with a frame on this stack, as paths from the repository."""
    found = set()
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        if path.is_absolute() and path.is_relative_to(ROOT):
            relative = path.relative_to(ROOT)
            if relative.parts[0] in PACKAGES:
                found.add(relative.as_posix())
        frame = frame.f_back
    return found


def _psycopg(frame: FrameType) -> bool:
    return str(frame.f_globals.get("__name__", "")).startswith("psycopg")


def trace(arguments: list[str]) -> tuple[Counter[str], int, int]:
    """Each module with how many of the command's statements it was on the way to; then how
    many statements the command sent, and how many opening the store sent."""
    from outreach.cli.app import cli

    seen: Counter[str] = Counter()
    sent = [0, 0]

    def watch(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call":  # psycopg's cursors are Python: the statement is sent from its caller
            if frame.f_code.co_name not in SENDS or not _psycopg(frame):
                return
            if frame.f_back is None or _psycopg(frame.f_back):
                return  # within psycopg (executemany, say): counted once, where it was called
            frame = frame.f_back
        else:
            owner = type(getattr(arg, "__self__", None)).__module__
            sends = event == "c_call" and getattr(arg, "__name__", "") in SENDS
            if not sends or not owner.startswith("sqlite3"):
                return
        modules = modules_on(frame)
        if OPENING in modules:
            sent[1] += 1
            return
        sent[0] += 1
        seen.update(modules)

    sys.setprofile(watch)
    try:
        cli.main(arguments, prog_name="outreach", standalone_mode=False)
    except SystemExit as done:  # a command that ends with its exit status
        if done.code not in (0, None):
            raise
    finally:
        sys.setprofile(None)
    return seen, sent[0], sent[1]


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs=argparse.REMAINDER, help="outreach's arguments")
    arguments = parser.parse_args(argv).command
    if arguments[:1] == ["--"]:
        arguments = arguments[1:]
    seen, sent, opening = trace(arguments)
    print(
        f"\n{len(seen)} of the project's modules on the way to the command's {sent} statements"
        f" (opening the store: {opening} more)",
        file=sys.stderr,
    )
    for module, count in sorted(seen.items()):
        print(f"  {module}: {count}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
