"""The ``outreach`` fixture: the command line on a private SQLite file with a fixed clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import Outreach


@pytest.fixture
def outreach(tmp_path: Path) -> Outreach:
    return Outreach(tmp_path)
