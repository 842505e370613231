"""Driving the ``outreach`` command in-process with click's CliRunner, on a SQLite file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from outreach.cli.app import cli
from outreach.engine import Engine

NOW = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)  # a Friday


class Outreach:
    """``outreach ARGS`` with a fixed clock (``--now``) and a private store and settings."""

    def __init__(self, tmp_path: Path) -> None:
        self.url = f"sqlite:///{tmp_path / 'cli.db'}"
        self.env: dict[str, str | None] = {
            "OUTREACH_DB": self.url,
            "OUTREACH_RECRUITER": "sam",
            "OUTREACH_TZ": "UTC",
            "OUTREACH_SETTINGS": None,
            "OUTREACH_DEBUG": None,
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "NO_COLOR": None,
            "TTY_COMPATIBLE": None,
            "COLUMNS": "200",
        }

    def __call__(
        self, *args: str, now: datetime | None = NOW, input: str | None = None, **env: str | None
    ) -> Result:
        argv = (["--now", now.isoformat()] if now is not None else []) + list(args)
        runner = CliRunner()
        return runner.invoke(cli, argv, input=input, env={**self.env, **env})

    def ok(self, *args: str, **options: Any) -> Result:
        result = self(*args, **options)
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        return result

    def json(self, *args: str, **options: Any) -> Any:
        return json.loads(self.ok(*args, "--json", **options).stdout)

    def events(self) -> int:
        """How many events the store holds (0 when it was never created)."""
        if not Path(self.url.removeprefix("sqlite:///")).exists():
            return 0
        with Engine.open(self.url) as engine:
            return engine.event_count()


def refused(result: Result, code: int, *words: str) -> str:
    """The error: exit ``code``, one line on stderr naming ``words``, nothing on stdout, and
    never a traceback."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]
