"""Answers read without the engine (outreach.engine.glance) are the engine's own, and none is
given when the engine has something to do first."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from outreach.domain.events import Replied
from outreach.engine import Engine, glance
from outreach.engine.keyfile import MASTER_ENV, MASTER_FILE_ENV
from outreach.engine.privacy import CHECK_ID
from outreach.engine.view.sql import NAME
from outreach.projections.settings import Playbook

from .test_readmodels import NOW, pipeline

LATER = NOW + timedelta(days=1)


@pytest.fixture
def url(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    for name in (MASTER_ENV, MASTER_FILE_ENV):
        monkeypatch.delenv(name, raising=False)
    with Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as engine:
        pipeline(engine)
        engine.agenda()  # caught up and refreshed at NOW
    return sqlite_url


def engine_at(url: str, now: datetime, settings: Playbook | None = None) -> Engine:
    return Engine.open(url, recruiter="sam", clock=lambda: now, settings=settings)


def test_names_as_the_engine_does() -> None:
    assert glance.MASTER_ENVS == (MASTER_ENV, MASTER_FILE_ENV)
    assert (glance.MASTER_ROW, glance.POSITION) == (CHECK_ID, NAME)


def test_answers_what_the_engine_answers(url: str) -> None:
    settings = Playbook()
    for handle in ("ada", "bob", "cy", " Ada "):
        quick = glance.next_action(url, handle, NOW, settings)
        with engine_at(url, NOW) as engine:
            assert quick is not None and quick == glance.as_stored(engine.next_action(handle))
    for recruiter, limit in ((None, None), (None, 1), ("sam", 2), ("nobody", None)):
        quick_agenda = glance.agenda(url, NOW, settings, recruiter, limit)
        with engine_at(url, NOW) as engine:
            expected = engine.agenda(recruiter=recruiter, limit=limit)
            assert quick_agenda == [glance.as_stored(a) for a in expected]
    assert glance.agenda(url, NOW, settings)  # the pipeline has something due


def test_leaves_to_the_engine_what_it_cannot_answer(url: str) -> None:
    settings = Playbook()
    assert glance.next_action(url, "nobody", NOW, settings) is None  # the engine says why
    assert glance.next_action(url, "Not A Handle!", NOW, settings) is None
    assert glance.agenda(url, NOW, settings, limit=0) is None
    assert glance.next_action(url, "ada", NOW.replace(tzinfo=None), settings) is None
    earlier = NOW - timedelta(days=3)  # answers worked out after it: "as of"
    assert glance.agenda(url, earlier, settings) is None
    assert glance.agenda(url, NOW, Playbook(grace=2)) is None  # other settings: recomputed
    assert glance.next_action("memory://", "ada", NOW, settings) is None


def test_nothing_when_events_are_not_caught_up(url: str) -> None:
    with engine_at(url, NOW) as engine:
        engine.app.answering = lambda handle, history, new: None  # the events' rows alone
        engine.app.record("ada", Replied, at=NOW)  # saved, not caught up
    assert glance.next_action(url, "cy", NOW, Playbook()) is None
    with engine_at(url, NOW) as engine:
        engine.catch_up()
        expected = glance.as_stored(engine.next_action("ada"))
    assert glance.next_action(url, "ada", NOW, Playbook()) == expected


def test_nothing_when_an_answer_is_due_again(url: str) -> None:
    much_later = NOW + timedelta(days=400)  # dormant by then: answers change with time alone
    assert glance.agenda(url, much_later, Playbook()) is None
    with engine_at(url, much_later) as engine:
        expected = [glance.as_stored(a) for a in engine.agenda()]
    assert glance.agenda(url, much_later, Playbook()) == expected


def test_nothing_with_a_master_key(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MASTER_ENV, "A" * 43 + "=")
    assert glance.agenda(url, NOW, Playbook()) is None


def test_never_creates_a_store(tmp_path: Path) -> None:
    path = tmp_path / "absent.db"
    assert glance.agenda(f"sqlite:///{path}", NOW, Playbook()) is None
    assert not path.exists()


def test_nothing_when_the_file_is_not_private_yet(url: str) -> None:
    path = Path(url.removeprefix("sqlite:///"))
    path.chmod(0o644)
    assert glance.agenda(url, NOW, Playbook()) is None
    with engine_at(url, NOW) as engine:
        engine.agenda()
    assert path.stat().st_mode & 0o077 == 0
    assert glance.agenda(url, NOW, Playbook()) is not None


def test_a_read_command_on_a_current_store_imports_no_writing(url: str, tmp_path: Path) -> None:
    """``outreach next`` and ``agenda`` on a store with nothing new: no eventsourcing, no
    domain events, no policy, no cryptography, no pydantic (their start-up is most of the
    command)."""
    script = (
        "import sys\n"
        "from outreach.cli.app import cli\n"
        "try:\n"
        "    cli.main(sys.argv[1:], prog_name='outreach')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('eventsourcing', 'outreach.domain.events', 'outreach.projections.policy',"
        " 'cryptography', 'pydantic')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "OUTREACH_DB": url, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    for name in (MASTER_ENV, MASTER_FILE_ENV, "OUTREACH_SETTINGS"):
        env.pop(name, None)
    for args in (["next", "ada"], ["agenda", "--limit", "20"]):
        ran = subprocess.run(
            [sys.executable, "-c", script, *args, "--now", NOW.isoformat()],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert ran.stderr.strip().splitlines()[-1] == "[]", ran.stderr
        assert ran.stdout.strip()


def test_later_moment_is_the_present_of_another_process(url: str) -> None:
    with engine_at(url, LATER) as engine:
        expected = [glance.as_stored(a) for a in engine.agenda()]
    assert glance.agenda(url, LATER, Playbook()) == expected
