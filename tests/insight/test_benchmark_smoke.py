"""``python -m benchmarks.insight --quick`` runs end to end (300 people). Nothing about time is
asserted: the figures belong in benchmarks/RESULTS.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_the_insight_benchmark_runs_and_reports_each_figure(tmp_path: Path) -> None:
    out = tmp_path / "INSIGHT.md"
    argv = [sys.executable, "-m", "benchmarks.insight", "--quick", "--out", str(out)]
    argv += ["--stores", str(tmp_path / "stores")]
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    text = out.read_text()
    assert "| whatif --set call_after_email=2, 300 " in text
    assert "| stats, 300 |" in text and "| outreach whatif --set grace=2 as a process" in text
