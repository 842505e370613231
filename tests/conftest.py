"""Stores for tests: memory, a SQLite file, and the real PostgreSQL server when one is named."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# CI replays the same examples every run (a red run does not land, so it must not depend on
# luck); local runs draw new ones, to find what CI has not tried yet.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

POSTGRES_ENV = "OUTREACH_TEST_POSTGRES"
# Reliability and privacy tests write their figures here; RELIABILITY.md takes them from it.
REPORT = Path(__file__).parents[1] / "reports" / "reliability.json"


def postgres_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'outreach.db'}"


@pytest.fixture
def postgres_store() -> Iterator[str]:
    """A fresh schema on the PostgreSQL server named by OUTREACH_TEST_POSTGRES, dropped after."""
    base = postgres_url()
    if base is None:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV}=postgresql://USER@HOST:PORT/DB")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}?schema={schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each test using this runs on memory, a SQLite file, and real PostgreSQL."""
    if request.param == "memory":
        yield "memory://"
    elif request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'outreach.db'}"
    else:
        yield request.getfixturevalue("postgres_store")


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Iterator[Callable[..., None]]:
    """Record this test's figures (commands run, kills survived, events lost ...)."""
    found: dict[str, Any] = {}

    def record(**values: Any) -> None:
        found.update(values)

    yield record
    if found:
        REPORT.parent.mkdir(exist_ok=True)
        report = json.loads(REPORT.read_text()) if REPORT.exists() else {}
        report[request.node.name] = found
        REPORT.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
