"""The benchmark command runs end to end in quick mode (1k people), as CI runs it.

Nothing about time is asserted here: figures belong in benchmarks/RESULTS.md, not in tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
SECTIONS = ("Record", "Import and catch-up", "Rebuild", "Queries", "Command line", "PostgreSQL")


def test_quick_benchmarks_run_and_report_every_section(tmp_path: Path) -> None:
    out = tmp_path / "QUICK.md"
    argv = [sys.executable, "-m", "benchmarks.run", "--quick", "--out", str(out)]
    argv += ["--stores", str(tmp_path / "stores")]
    postgres = os.environ.get("OUTREACH_TEST_POSTGRES")
    if postgres:  # the team case too, in schemas of its own that it drops
        argv += ["--postgres", postgres]
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    report = out.read_text()
    for title in SECTIONS:
        assert f"## {title}" in report
    assert "| engine (Engine.add / Engine.record) |" in report
    assert "| agenda, first 50 lines, 1k (50 lines) |" in report
    # The whole-process figures of issue 10 (a row only when the command ran and answered).
    assert "| outreach next HANDLE (1k store) |" in report
    assert "| outreach agenda --limit 20 (1k store) |" in report


def test_the_path_of_a_command_to_sql_is_counted(tmp_path: Path) -> None:
    """benchmarks.path names the project's modules on the way to a command's statements."""
    from outreach.engine import Engine

    db = f"sqlite:///{tmp_path / 's.db'}"
    with Engine.open(db) as engine:
        engine.add("ada", name="Ada Lovelace")
    argv = [sys.executable, "-m", "benchmarks.path", "--", "--db", db, "record", "called", "ada"]
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "of the project's modules on the way to the command's" in result.stderr
    assert "  cli/record.py: " in result.stderr
    assert "  engine/view/writes.py: " in result.stderr  # the read models' rows, written
