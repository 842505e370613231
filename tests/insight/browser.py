"""Headless Chromium (Debian's ``chromium``, installed by .ci/run when missing): the page as the
browser built it after its scripts ran, and a screenshot."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio")


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed (.ci/run installs it: apt-get install chromium)")
    return found


def _run(*args: str) -> str:
    result = subprocess.run(
        [chromium(), *FLAGS, *args], capture_output=True, text=True, timeout=180, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def dump_dom(page: Path) -> str:
    """The DOM after the page's scripts ran, as Chromium serialises it."""
    return _run("--dump-dom", page.resolve().as_uri())


def screenshot(page: Path, png: Path, size: str = "1280,2400") -> Path:
    _run(f"--window-size={size}", f"--screenshot={png.resolve()}", page.resolve().as_uri())
    assert png.stat().st_size > 10_000, "the screenshot is (nearly) empty"
    return png
