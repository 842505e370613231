"""mypy --strict and ruff pass on the code (CI runs them through this test)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
PACKAGES = ("domain", "engine", "projections", "cli", "sources")


def test_mypy_strict_passes(tmp_path: Path) -> None:
    # The folders install as outreach.<name>; a tree of links lets mypy see them so.
    tree = tmp_path / "outreach"
    tree.mkdir()
    present = [p for p in PACKAGES if (ROOT / p / "__init__.py").exists()]
    for package in present:
        (tree / package).symlink_to(ROOT / package)
    args = [arg for p in present for arg in ("-p", f"outreach.{p}")]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "cache"),
            *args,
        ],
        cwd=tmp_path,
        env={"MYPYPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_passes() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        pytest.skip("ruff is not installed beside this Python")
    result = subprocess.run(
        [ruff, "check", *PACKAGES, "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
