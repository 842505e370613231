"""A large import's read models caught up beside it by a second process (outreach.engine.follow):
the same rows as an import caught up after it, whichever of the two processes is killed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from integration.tables import snapshot
from outreach.cli import importing
from outreach.engine import Engine
from outreach.engine.follow import Follower
from outreach.engine.view.schema import QUERY_INDEXES

from .helpers import NOW, Outreach
from .test_import_streams import linkedin_file

ROWS, BATCH = 3_000, 200


def in_the_file(url: str) -> tuple[int, bool]:
    """The read models' position and whether every query index is there, read from the file
    itself (opening the engine would make missing indexes again)."""
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db:
        (position,) = db.execute(
            "SELECT notification_id FROM tracking WHERE application_name = 'outreach'"
        ).fetchone()
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    return position, {f"outreach_{name}" for name in QUERY_INDEXES} <= names


def caught_up_whole(url: str) -> None:
    """Every event caught up once: the read models are those a rebuild in one process makes,
    and the query indexes a follower drops while it catches up are there again."""
    assert in_the_file(url)[1], "the query indexes are missing"
    with Engine.open(url, clock=lambda: NOW) as engine:
        assert engine.readmodel.position() == engine.app.recorder.max_notification_id()
        followed = snapshot(engine)
        assert len(followed["relationships"]) == ROWS
        engine.rebuild()
        assert snapshot(engine) == followed


@pytest.fixture
def followed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Imports of any size followed; the read models' position each time a follower ended."""
    monkeypatch.setattr(importing, "BATCH", BATCH)
    monkeypatch.setattr(importing, "FOLLOW_FROM", 0)
    monkeypatch.setattr(importing, "_cores", lambda: 2)
    positions: list[int] = []
    close = Follower.close

    def ending(follower: Follower, finish: bool = True) -> None:
        close(follower, finish)
        position, indexed = in_the_file(os.environ["OUTREACH_DB"])
        positions.append(position)
        assert indexed or not finish, "a follower that ends makes the query indexes again"

    monkeypatch.setattr(Follower, "close", ending)
    return positions


def test_a_followed_import_writes_the_rows_of_one_caught_up_after_it(
    tmp_path: Path, followed: list[int]
) -> None:
    outreach = Outreach(tmp_path)
    result = outreach.ok("import", str(linkedin_file(tmp_path / "Connections.csv", ROWS)))
    assert "imported 3000 people" in result.stdout
    # The follower caught up every batch saved before the rows ran out (all but the last).
    assert followed[0] >= ROWS - BATCH
    caught_up_whole(outreach.url)


def test_a_follower_killed_leaves_the_import_its_catch_up(
    tmp_path: Path, followed: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    told = Follower.tell

    def killing(follower: Follower, message: Any) -> None:
        told(follower, message)
        if follower.process is not None:  # killed at its first news of a saved batch
            os.kill(follower.process.pid, signal.SIGKILL)

    monkeypatch.setattr(Follower, "tell", killing)
    outreach = Outreach(tmp_path)
    outreach.ok("import", str(linkedin_file(tmp_path / "Connections.csv", ROWS)))
    caught_up_whole(outreach.url)


IMPORTING = (
    "import sys; from outreach.cli import importing; importing.FOLLOW_FROM = 0;"
    f" importing.BATCH = {BATCH}; importing._cores = lambda: 2;"
    " from outreach.cli import main; main()"
)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the follower in /proc")
def test_an_import_killed_beside_its_follower_is_completed_by_importing_again(
    tmp_path: Path,
) -> None:
    outreach = Outreach(tmp_path)
    csv = linkedin_file(tmp_path / "Connections.csv", ROWS)
    env = {k: v for k, v in {**os.environ, **outreach.env}.items() if v is not None}
    command = [sys.executable, "-c", IMPORTING, "--now", NOW.isoformat(), "import", str(csv)]
    importer = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    follower = _follower_of(importer)
    _until(lambda: _position(outreach.url) >= 2 * BATCH)
    importer.kill()
    importer.wait()
    _until(lambda: not _alive(follower))  # its input gone, it ends after its batch
    assert outreach.ok("import", str(csv)).exit_code == 0
    caught_up_whole(outreach.url)


def _follower_of(importer: subprocess.Popen[bytes]) -> int:
    children = Path(f"/proc/{importer.pid}/task/{importer.pid}/children")
    found: list[str] = []
    _until(lambda: bool(found.extend(children.read_text().split()) or found))
    return int(found[0])


def _position(url: str) -> int:
    if not Path(url.removeprefix("sqlite:///")).exists():
        return 0
    try:
        with Engine.open(url) as engine:
            return engine.readmodel.position()
    except Exception:  # being made by the import
        return 0


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _until(done: Any, seconds: float = 60) -> None:
    give_up = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < give_up, "waited too long"
        time.sleep(0.01)
