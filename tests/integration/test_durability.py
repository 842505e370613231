"""Nothing recorded is lost: across processes, concurrent writers, and reopening."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from outreach.engine import Engine

WRITER = Path(__file__).with_name("writer.py")


def topics(engine: Engine, handle: str) -> list[str]:
    return [e.topic for e in engine.history(handle) if type(e).KIND == "emailed"]  # type: ignore[attr-defined]


def run_writers(url: str, count: int) -> None:
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), url, name, str(count)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("kim", "lee")
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert out.strip() == "done"


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_two_processes_writing_500_events_each_lose_none(
    kind: str, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    url = sqlite_url if kind == "sqlite" else request.getfixturevalue("postgres_store")
    run_writers(url, 500)
    with Engine.open(url) as engine:
        shared = Counter(t.split("-")[0] for t in topics(engine, "shared"))
        assert shared == {"kim": 250, "lee": 250}
        assert len(topics(engine, "kim")) == 250
        assert len(topics(engine, "lee")) == 250
        assert engine.event_count() == 3 + 1000


def test_two_writers_racing_on_one_relationship_both_succeed(store_url: str) -> None:
    if store_url == "memory://":
        pytest.skip("two engines cannot share one in-memory store")
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with Engine.open(store_url) as setup:
        setup.add("ada", name="Ada", at=start)
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def write(me: str) -> None:
        try:
            with Engine.open(store_url, recruiter=me) as engine:
                barrier.wait(timeout=60)
                for n in range(40):
                    engine.record("ada", "replied", at=start + timedelta(hours=n))
        except BaseException as error:  # reported below
            failures.append(error)
            barrier.abort()

    threads = [threading.Thread(target=write, args=(me,)) for me in ("kim", "lee")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with Engine.open(store_url) as engine:
        history = engine.history("ada")
    assert Counter(e.by for e in history if type(e).KIND == "replied") == {"kim": 40, "lee": 40}
    assert sorted(e.originator_version for e in history) == list(range(1, 82))


def test_a_store_reopened_in_a_new_process_has_everything(sqlite_url: str) -> None:
    run_writers(sqlite_url, 10)
    script = (
        "import sys; from outreach.engine import Engine\n"
        "e = Engine.open(sys.argv[1])\n"
        "print(len(e.history('shared')), len(e.history('kim')), e.event_count())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, sqlite_url], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["11", "6", "23"]


def test_the_sqlite_file_is_readable_by_its_owner_alone(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "outreach.db"
    with Engine.open(f"sqlite:///{path}") as engine:
        engine.add("ada", name="Ada")
    assert path.stat().st_mode & 0o777 == 0o600
    for sibling in path.parent.glob("outreach.db-*"):
        assert sibling.stat().st_mode & 0o077 == 0, sibling
