"""The installed ``outreach`` command in a real process, against a SQLite file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from enum import StrEnum
from pathlib import Path

import pytest
from outreach.cli import vocabulary
from outreach.domain import values


def command() -> list[str]:
    found = shutil.which("outreach", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-c", "from outreach.cli import main; main()"]


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "OUTREACH_DB": f"sqlite:///{tmp_path / 'real.db'}",
        "OUTREACH_RECRUITER": "sam",
        "OUTREACH_TZ": "UTC",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "TMPDIR": str(tmp_path),
    }
    for name in ("OUTREACH_SETTINGS", "OUTREACH_DEBUG", "TTY_COMPATIBLE", "FORCE_COLOR"):
        env.pop(name, None)
    return subprocess.run(
        [*command(), *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_record_then_ask_in_separate_processes(tmp_path: Path) -> None:
    assert (
        run(tmp_path, "add", "ada", "--name", "Ada Lovelace", "--at", "2026-03-01").returncode == 0
    )
    called = run(tmp_path, "record", "called", "ada", "--at", "2026-03-02")
    assert called.returncode == 0 and "(email-before-calling)" in called.stderr
    action = json.loads(run(tmp_path, "next", "ada", "--json").stdout)
    assert action["handle"] == "ada" and action["action"] is not None
    assert (tmp_path / "real.db").stat().st_mode & 0o077 == 0  # readable by its owner alone
    listed = run(tmp_path, "history", "ada")
    assert listed.stdout.count("\n") == 2 and "\x1b" not in listed.stdout  # plain in a pipe


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["next", "nobody"], 1),
        (["record", "emailed", "ada", "--at", "soon"], 2),
        (["frobnicate"], 2),
        (["agenda", "--db", "oracle://x"], 1),
    ],
)
def test_errors_are_one_line_with_the_exit_code_and_never_a_traceback(
    tmp_path: Path, args: list[str], code: int
) -> None:
    result = run(tmp_path, *args)
    assert result.returncode == code
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_the_readme_demo_runs_on_a_fresh_machine(tmp_path: Path) -> None:
    result = run(tmp_path, "demo")
    assert result.returncode == 0, result.stderr
    assert "wrote a sample pipeline of 17 people" in result.stdout
    assert list(tmp_path.glob("outreach-demo-*/demo.db"))


def test_help_starts_without_importing_the_engine() -> None:
    heavy = ("pydantic", "eventsourcing", "rich", "icalendar", "outreach.engine", "outreach.domain")
    probe = (
        "import sys; from outreach.cli.app import cli;"
        f" print([m for m in {heavy!r} if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("words", "enum"),
    [
        (vocabulary.SOURCES, values.Source),
        (vocabulary.CANDIDACIES, values.CandidacyKind),
        (vocabulary.INTENTS, values.EmailIntent),
        (vocabulary.OUTCOMES, values.CallOutcome),
        (vocabulary.CAREER_MOVES, values.CareerMoveKind),
    ],
)
def test_the_choices_offered_are_the_domains(words: tuple[str, ...], enum: type[StrEnum]) -> None:
    assert words == tuple(member.value for member in enum)


def test_every_motivation_word_the_domain_accepts_is_offered() -> None:
    # Playbook v2: the kinds and the words that name them (pay is compensation).
    assert tuple(values.MOTIVATION_WORDS) == vocabulary.MOTIVATIONS
