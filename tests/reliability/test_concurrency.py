"""Four processes writing to one store at once, some on the same relationships: no event lost,
none twice, every command done or reported failed, read models equal to a rebuild."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from integration.tables import snapshot
from outreach.domain.values import group_id
from outreach.engine import Engine

from .conftest import all_events
from .worker import EXPECTED, NOW

WORKER = Path(__file__).with_name("worker.py")
PROCESSES = 4
MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="


def run_workers(url: str, count: int, tmp_path: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    go = tmp_path / "go"
    workers = []
    for i in range(PROCESSES):
        ledger = tmp_path / f"w{i}.jsonl"
        workers.append(
            (
                ledger,
                subprocess.Popen(
                    [sys.executable, str(WORKER), url, f"w{i}", str(count), str(ledger), str(go)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=env,
                ),
            )
        )
    go.touch()
    entries = []
    for ledger, worker in workers:
        out, err = worker.communicate(timeout=1800)
        assert worker.returncode == 0, err
        assert out.strip() == "done"
        entries += [json.loads(line) for line in ledger.read_text().splitlines()]
    return entries


def check(engine: Engine, entries: list[dict[str, Any]]) -> dict[str, int]:
    """Compare the log with what the workers say they did; returns the figures."""
    assert len(entries) == len({(e["me"], e["n"]) for e in entries})
    unexpected = [e for e in entries if not e["ok"] and e["error"] not in EXPECTED]
    assert unexpected == []
    done = [e for e in entries if e["ok"]]
    failed = [e for e in entries if not e["ok"]]
    events = all_events(engine)

    tags = Counter(
        t
        for e in events
        for t in [*getattr(e, "skills", ()), getattr(e, "note", None)]
        if type(e).KIND in ("referral-asked", "contributed") and t
    )
    tagged = [e["tag"] for e in done if "tag" in e]
    # Each command done exactly once, none reported failed. A referral ask on someone erased
    # since is sealed away (issue 14): it is counted, not read.
    unreadable = sum(type(e).KIND == "referral-asked" and not e.skills for e in events)  # type: ignore[attr-defined]
    assert set(tags.values()) <= {1} and set(tags) <= set(tagged)
    assert sum(tags.values()) + unreadable == len(tagged)
    assert not {e["tag"] for e in failed if "tag" in e} & set(tags)

    def by_aggregate(kind: str) -> Counter[Any]:
        return Counter(e.originator_id for e in events if kind == type(e).KIND)

    # Ids are random since issue 11 (an erased handle can be added again): count each
    # relationship's start and erasure instead of deriving ids from handles.
    added, erased = by_aggregate("added"), by_aggregate("erased")
    assert sum(added.values()) == sum(e["cmd"] == "add" for e in done)
    assert sum(erased.values()) == sum(e["cmd"] == "erase" for e in done)
    assert set(added.values()) | set(erased.values()) <= {1} and set(erased) <= set(added)
    assert len(set(engine.handles())) == len(added) - len(erased)
    groups = {e["group"] for e in done if e["cmd"] in ("watch", "contributed")}
    assert set(by_aggregate("group-noted")) == {group_id(g) for g in groups}

    versions: dict[Any, list[int]] = {}
    for event in events:
        versions.setdefault(event.originator_id, []).append(event.originator_version)
    assert all(v == list(range(1, len(v) + 1)) for v in versions.values())  # no gap, no twin
    expected = len(done) + len(groups)
    assert len(events) == engine.event_count() == expected
    return {
        "commands": len(entries),
        "done": len(done),
        "reported_failed": len(failed),
        "events": len(events),
        "events_lost": expected - len(events),
        "duplicates": sum(n - 1 for n in tags.values()),
        **{f"failed_{k}": v for k, v in Counter(e["error"] for e in failed).items()},
    }


def soak(url: str, count: int, tmp_path: Path, figures: Any, sealed: bool) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTREACH_KEY")}
    if sealed:
        env["OUTREACH_KEY"] = MASTER_KEY
    entries = run_workers(url, count, tmp_path, env)
    with pytest.MonkeyPatch.context() as patch:
        if sealed:
            patch.setenv("OUTREACH_KEY", MASTER_KEY)
        with Engine.open(url, recruiter="check", clock=lambda: NOW) as engine:
            found = check(engine, entries)
            engine.catch_up()
            incremental = snapshot(engine)
            assert engine.rebuild() == engine.event_count()
            assert snapshot(engine) == incremental
    figures(processes=PROCESSES, commands_each=count, master_key=sealed, **found)


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_four_processes_at_once_lose_nothing(
    kind: str, sqlite_url: str, tmp_path: Path, request: pytest.FixtureRequest, figures: Any
) -> None:
    url = sqlite_url if kind == "sqlite" else request.getfixturevalue("postgres_store")
    soak(url, 250, tmp_path, figures, sealed=kind == "postgres")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_soak_four_processes_1000_commands_each(
    kind: str, sqlite_url: str, tmp_path: Path, request: pytest.FixtureRequest, figures: Any
) -> None:
    url = sqlite_url if kind == "sqlite" else request.getfixturevalue("postgres_store")
    soak(url, 1000, tmp_path, figures, sealed=kind == "sqlite")
