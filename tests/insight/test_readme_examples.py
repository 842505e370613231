"""The README's examples of ``stats`` and ``whatif`` are what the commands print on the
pipeline of tests/insight/known.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import Known

README = Path(__file__).parents[2] / "README.md"


@pytest.mark.parametrize("command", ["stats", "whatif --set busy_follow_up=10"])
def test_the_readme_shows_what_the_command_prints(known: Known, command: str) -> None:
    text = README.read_text(encoding="utf-8")
    (shown,) = re.findall(rf"\$ outreach {re.escape(command)}\n(.+?)\n```", text, flags=re.S)
    printed = known.ok(*command.split()).rstrip("\n")
    # A change to the playbook can change these figures: then paste what is printed now.
    assert printed == shown, f"README's '$ outreach {command}' now prints:\n{printed}"
