"""One store of the known pipeline per test session, and the command line on it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from outreach.cli.app import cli

from .known import NOW, write


class Known:
    """``outreach ARGS`` on the known pipeline, at its clock."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, *args: str) -> Result:
        env = {"OUTREACH_DB": self.url, "OUTREACH_TZ": "UTC", "OUTREACH_SETTINGS": None,
               "OUTREACH_RECRUITER": "sam", "COLUMNS": "200", "TTY_COMPATIBLE": None}  # fmt: skip
        return CliRunner().invoke(cli, ["--now", NOW.isoformat(), *args], env=env)

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        return result.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))


@pytest.fixture(scope="session")
def known_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('known') / 'known.db'}"
    write(url)
    return url


@pytest.fixture
def known(known_store: str) -> Known:
    return Known(known_store)


@pytest.fixture
def artifacts() -> Path:
    """Where pages and screenshots made by the tests are kept for people to look at."""
    folder = Path(__file__).parents[2] / "reports" / "tests"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
