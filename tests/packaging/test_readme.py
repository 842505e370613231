"""The README's embedding example runs as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_the_embedding_example_runs_and_runs_again(tmp_path: Path) -> None:
    text = (ROOT / "README.md").read_text()
    (example,) = re.findall(r"## Embedding\n\n```python\n(.+?)\n```", text, flags=re.S)
    outputs = []
    for _ in range(2):  # a reader tries it, then tries it again on the same file
        result = subprocess.run(
            [sys.executable, "-c", example], cwd=tmp_path, capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert "know-the-person" in outputs[0]
    assert outputs[1] == outputs[0]  # nothing recorded twice
    assert (tmp_path / "pipeline.db").exists()
