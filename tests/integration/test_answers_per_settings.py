"""Answers are stored under the settings they were worked out with: processes with different
settings on one store each find their own, and opening the store again recomputes nothing
(issue 10). Each set of answers is the one a store with only those settings would give."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from outreach.engine import Engine, glance
from outreach.projections.settings import Playbook

from .test_readmodels import NOW, pipeline

SLOWER = Playbook(busy_follow_up=5, follow_up_after=9)  # ada's and bob's answers move
LATER = NOW + timedelta(hours=1)
LATEST = NOW + timedelta(hours=2)


def engine_at(url: str, now: datetime, settings: Playbook | None = None) -> Engine:
    return Engine.open(url, recruiter="sam", clock=lambda: now, settings=settings)


def answers(engine: Engine) -> dict[str, Any]:
    return {
        "agenda": engine.agenda(),
        "next": engine.next_actions(),
        "violations": engine.violations(),
        "find": engine.find(["python"]),
    }


def worked_out_after(engine: Engine, moment: datetime) -> int:
    """How many of this engine's stored answers were worked out after ``moment``."""
    with engine.readmodel.db.transaction(commit=False) as tx:
        row = tx.one(
            "SELECT COUNT(*) AS n FROM {p}actions WHERE settings = ? AND computed > ?",
            (engine.readmodel.key, moment.timestamp()),
        )
    return int(row["n"])


def alone(tmp_path: Path, now: datetime, settings: Playbook | None, name: str) -> dict[str, Any]:
    """The answers at ``now`` of a store that only ever saw these settings, the same events
    recorded."""
    with engine_at(f"sqlite:///{tmp_path / name}", now, settings) as engine:
        pipeline(engine)
        engine.record("ada", "replied", at=NOW - timedelta(days=1))
        return answers(engine)


def test_each_settings_finds_its_own_answers_without_recomputing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with engine_at(url, NOW) as engine:
        pipeline(engine)
        before = answers(engine)
    with engine_at(url, NOW, SLOWER) as engine:
        slower = answers(engine)
    assert slower != before  # the settings give other answers

    # Opened again, later: each finds its answers stored, none worked out again at opening.
    for settings, expected in ((None, before), (SLOWER, slower)):
        with engine_at(url, LATER, settings) as engine:
            assert worked_out_after(engine, NOW) == 0
            assert answers(engine)["next"] == expected["next"]

    # One records: the other's answers for that person are worked out when it next reads.
    with engine_at(url, NOW) as engine:
        engine.record("ada", "replied", at=NOW - timedelta(days=1))
        default_now = answers(engine)
    with engine_at(url, LATEST, SLOWER) as engine:
        slower_now = answers(engine)
        assert worked_out_after(engine, LATER) == 1  # ada's alone
    assert default_now == alone(tmp_path, NOW, None, "default.db")
    assert slower_now == alone(tmp_path, LATEST, SLOWER, "slower.db")


def test_the_quick_read_answers_only_from_its_own_settings_when_current(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with engine_at(url, NOW) as engine:
        pipeline(engine)
        engine.agenda()
    assert glance.agenda(url, NOW, SLOWER) is None  # never worked out under these
    with engine_at(url, NOW, SLOWER) as engine:
        expected = engine.agenda()
    assert glance.agenda(url, NOW, SLOWER) == [glance.as_stored(a) for a in expected]
    assert glance.agenda(url, NOW, Playbook()) is not None  # the first settings' still hold

    with engine_at(url, NOW) as engine:
        engine.record("ada", "replied", at=NOW - timedelta(days=1))
    assert glance.agenda(url, NOW, SLOWER) is None  # behind: the engine works ada's out
    with engine_at(url, NOW, SLOWER) as engine:
        expected = engine.agenda()
    assert glance.agenda(url, NOW, SLOWER) == [glance.as_stored(a) for a in expected]


def test_a_rebuild_under_some_settings_leaves_the_others_to_work_theirs_out(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with engine_at(url, NOW) as engine:
        pipeline(engine)
        before = answers(engine)
    with engine_at(url, NOW, SLOWER) as engine:
        slower = answers(engine)
        engine.rebuild()
        assert answers(engine) == slower
    with engine_at(url, NOW) as engine:
        assert answers(engine) == before
