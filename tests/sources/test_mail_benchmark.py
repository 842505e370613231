"""The mail benchmark runs end to end on a small mbox (figures belong in RESULTS.md, not here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_the_mail_benchmark_runs_and_writes_its_section(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    out.write_text("# Benchmark results\n\nWritten by hand.\n")
    argv = [sys.executable, "-m", "benchmarks.mail", "--messages", "500", "--out", str(out)]
    result = subprocess.run(
        [*argv, "--stores", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = out.read_text()
    assert report.startswith("# Benchmark results\n\nWritten by hand.")
    assert "## Mail import" in report and '"read": 500' in report
