"""The command line's wall time, process start to exit, against ``python -c pass``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from benchmarks.generate import NOW, handle
from benchmarks.timing import Figure, clock


def outreach_command() -> Path:
    return Path(sys.executable).with_name("outreach")


def wall_ms(argv: list[str], env: dict[str, str]) -> float:
    begin = clock()
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = (clock() - begin) * 1000
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {result.returncode}: {result.stderr[-500:]}")
    return elapsed


def cli_figures(url: str, people: int, runs: int, folder: Path) -> tuple[list[Figure], str]:
    """``python -c pass`` (the floor), ``outreach --help``, ``outreach next HANDLE`` and
    ``outreach agenda --limit 20`` on the store at ``url``; returns the figures and a note (why
    some are missing)."""
    env = {**os.environ, "OUTREACH_DB": url, "NO_COLOR": "1", "OUTREACH_RECRUITER": "sam"}
    # As installed: with compiled bytecode (pip writes it), kept here, out of the sources.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    floor = Figure("python -c pass (the floor)", "ms")
    help_ = Figure("outreach --help", "ms", target=150)
    label = f"{people // 1000}k" if people >= 1000 else str(people)
    next_ = Figure(f"outreach next HANDLE ({label} store)", "ms", target=150)
    agenda = Figure(f"outreach agenda --limit 20 ({label} store)", "ms", target=150)
    command = outreach_command()
    if not command.exists():
        return [floor], f"no `outreach` command beside {sys.executable}: the CLI is not installed"
    who = handle(people // 2)
    # --now pins the clock to the store's: the answers stored at NOW hold, as they would for a
    # store in daily use (a months-old store refreshes its stale answers once, then is as fast).
    argvs = [
        (floor, [sys.executable, "-c", "pass"]),
        (help_, [str(command), "--help"]),
        (next_, [str(command), "next", who, "--now", NOW.isoformat()]),
        (agenda, [str(command), "agenda", "--limit", "20", "--now", NOW.isoformat()]),
    ]
    try:
        for _, argv in argvs:
            wall_ms(argv, env)  # warm the file cache
        for _ in range(runs):
            for figure, argv in argvs:  # interleaved, so load hits all alike
                figure.samples.append(wall_ms(argv, env))
    except (RuntimeError, OSError) as error:
        return [f for f, _ in argvs if f.samples], f"the CLI failed: {error}"
    return [f for f, _ in argvs], ""
