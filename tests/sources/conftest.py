"""The command line on a private SQLite file with a fixed clock, and Ada in the pipeline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from outreach.cli.app import cli
from outreach.engine import Engine

from .imapserver import Server, running_server
from .mailmaker import ADA

NOW = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)  # a Friday


class Outreach:
    """``outreach ARGS`` with ``--now``, on a private store and no settings file."""

    def __init__(self, tmp_path: Path) -> None:
        self.path = tmp_path / "mail.db"
        self.url = f"sqlite:///{self.path}"
        self.env: dict[str, str | None] = {
            "OUTREACH_DB": self.url,
            "OUTREACH_RECRUITER": "sam",
            "OUTREACH_TZ": "UTC",
            "OUTREACH_SETTINGS": None,
            "OUTREACH_KEY": None,
            "OUTREACH_KEY_FILE": None,
            "OUTREACH_IMAP_PASSWORD": None,
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "TTY_COMPATIBLE": None,
        }

    def __call__(self, *args: str, now: datetime = NOW, **env: str | None) -> Result:
        return CliRunner().invoke(cli, ["--now", now.isoformat(), *args], env={**self.env, **env})

    def ok(self, *args: str, **options: Any) -> Result:
        result = self(*args, **options)
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        return result

    def json(self, *args: str, **options: Any) -> Any:
        return json.loads(self.ok(*args, "--json", **options).stdout)

    def events(self) -> int:
        with Engine.open(self.url) as engine:
            return engine.event_count()

    def history(self, handle: str = "ada") -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.json("history", handle)
        return found


@pytest.fixture
def outreach(tmp_path: Path) -> Outreach:
    cli = Outreach(tmp_path)
    cli.ok("add", "ada", "--name", "Ada Lovelace", "--email", ADA, "--at", "2026-03-01T09:00Z")
    return cli


@pytest.fixture
def server() -> Iterator[Server]:
    with running_server() as running:
        yield running
