"""Installed, everything lives under the one namespace ``outreach``."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_the_wheel_holds_only_the_outreach_namespace(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("outreach-*.whl")
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert tops == {"outreach", wheel.name.split("-py3")[0] + ".dist-info"}
    names = zipfile.ZipFile(wheel).namelist()
    for package in ("domain", "engine", "projections", "cli", "sources"):
        assert f"outreach/{package}/__init__.py" in names
    assert "outreach/__init__.py" not in names, "outreach stays a namespace package"
    sources = {
        f"outreach/{path.relative_to(ROOT).as_posix()}"
        for package in ("domain", "engine", "projections", "cli", "sources")
        for path in (ROOT / package).rglob("*.py")
    }
    missing = sorted(sources - set(names))
    assert not missing, f"modules left out of the wheel (list them in pyproject): {missing}"


def test_a_bare_import_from_the_repository_root_says_what_to_import() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import domain"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "import outreach.domain" in result.stderr
