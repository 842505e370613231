"""A sighting recorded by mistake and retracted never happened (PLAYBOOK.md, Words:
"retracted"): the group's first sighting, from which listening counts (line 5, DO 5
``monitor-online``), is the earliest still in effect among its members, and someone whose only
sightings there were retracted is no longer its member. The same in every path that writes
the read models: a command's own catch-up, a rebuild in one process, a rebuild shared with
workers, ``outreach rebuild``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from outreach.domain.corrections import in_effect
from outreach.domain.events import Retracted
from outreach.domain.values import group_key
from outreach.engine import Engine, NewRelationship
from outreach.engine.follow import caught_up_aside
from outreach.engine.view import readmodel, shares

from tests.cli.helpers import Outreach

from .tables import snapshot
from .test_shared_catch_up import NOW, file_store, people, share

FORUM = "Rust Forum"
KEY = FORUM.lower()
__all__ = ["file_store"]  # the fixture, a SQLite file or PostgreSQL


def story(engine: Engine, *, watched: bool = False) -> None:
    """Grace spotted in the forum long ago (by mistake), Ada three days ago, and a
    contribution since; with ``watched``, the forum watched five days ago."""
    engine.add("grace", name="Grace Hopper", at=NOW - timedelta(days=90))
    engine.record("grace", "spotted-online", at=NOW - timedelta(days=60), group=FORUM)
    engine.add("ada", name="Ada Lovelace", at=NOW - timedelta(days=10))
    engine.record("ada", "spotted-online", at=NOW - timedelta(days=3), group=FORUM)
    if watched:
        engine.watch_group(FORUM, at=NOW - timedelta(days=5))
    engine.contributed_to_group(FORUM, at=NOW - timedelta(days=2))


def sighting(engine: Engine, handle: str, at: datetime) -> int:
    (version,) = [
        e.originator_version
        for e in engine.history(handle)
        if e.KIND == "spotted-online" and e.occurred_at == at
    ]
    return version


def retract_grace(engine: Engine) -> None:
    version = sighting(engine, "grace", NOW - timedelta(days=60))
    engine.retract("grace", version, reason="it was someone else")


def group_rows(engine: Engine) -> tuple[Any, list[str]]:
    """The forum's first sighting as stored, and the handles of its members."""
    with engine.readmodel.db.transaction(commit=False) as tx:
        group = tx.one("SELECT first_spotted FROM {p}groups WHERE key = ?", (KEY,))
        members = tx.rows(
            "SELECT r.handle FROM {p}members m JOIN {p}relationships r ON r.id = m.id"
            " WHERE m.key = ?",
            (KEY,),
        )
    first = group["first_spotted"]
    return (datetime.fromisoformat(first) if first else None), sorted(m["handle"] for m in members)


def listens_until(engine: Engine, handle: str, ready: datetime) -> None:
    """``handle`` is told to keep listening until ``ready``, and to research from then on."""
    for now in (NOW, ready - timedelta(minutes=1)):
        action = engine.next_action(handle, now=now)
        assert action.kind == "listen", (now, action.kind, action.text)
    assert engine.next_action(handle, now=ready).kind == "research"


def test_a_retracted_first_sighting_no_longer_starts_the_listening(store_url: str) -> None:
    with Engine.open(store_url, recruiter="sam", clock=lambda: NOW) as engine:
        story(engine)
        # Listening counted from Grace's sighting, 60 days ago: Ada may be researched.
        assert engine.next_action("ada").kind == "research"
        retract_grace(engine)
        # Ada's own sighting, 3 days ago, is the first in effect: 14 days from then.
        listens_until(engine, "ada", NOW + timedelta(days=11))
        assert group_rows(engine) == (NOW - timedelta(days=3), ["ada"])
        assert engine.next_action("grace").kind == "research"  # no group of hers to listen in
        live = snapshot(engine)
        assert engine.rebuild() == engine.event_count()
        assert snapshot(engine) == live
        listens_until(engine, "ada", NOW + timedelta(days=11))


def test_watching_still_starts_the_listening(store_url: str) -> None:
    with Engine.open(store_url, recruiter="sam", clock=lambda: NOW) as engine:
        story(engine, watched=True)
        retract_grace(engine)
        listens_until(engine, "ada", NOW + timedelta(days=9))  # watched 5 days ago
        live = snapshot(engine)
        engine.rebuild()
        assert snapshot(engine) == live


def test_with_every_sighting_retracted_the_group_has_none(store_url: str) -> None:
    with Engine.open(store_url, recruiter="sam", clock=lambda: NOW) as engine:
        story(engine)
        retract_grace(engine)
        engine.retract("ada", sighting(engine, "ada", NOW - timedelta(days=3)))
        assert group_rows(engine) == (None, [])
        assert engine.next_action("ada").kind == "research"
        live = snapshot(engine)
        engine.rebuild()
        assert snapshot(engine) == live


def test_someone_spotted_again_stays_a_member_and_is_told_so_at_once(store_url: str) -> None:
    """Grace spotted twice: the first retracted, she is still a member, the group's first
    sighting is Ada's; the retraction's own answer is the one the read models hold."""
    with Engine.open(store_url, recruiter="sam", clock=lambda: NOW) as engine:
        story(engine)
        engine.record("grace", "spotted-online", at=NOW - timedelta(days=1), group=FORUM)
        version = sighting(engine, "grace", NOW - timedelta(days=60))
        recorded = engine.retract("grace", version)
        assert group_rows(engine) == (NOW - timedelta(days=3), ["ada", "grace"])
        assert recorded.next_action == engine.next_action("grace")
        listens_until(engine, "grace", NOW + timedelta(days=11))
        listens_until(engine, "ada", NOW + timedelta(days=11))


def test_a_retraction_caught_up_beside_an_import_moves_the_group(store_url: str) -> None:
    """The catch-up beside a large import (engine.follow) catches up whatever the log holds,
    a retraction recorded meanwhile by someone else too."""
    with Engine.open(store_url, recruiter="sam", clock=lambda: NOW) as engine:
        story(engine)
        version = sighting(engine, "grace", NOW - timedelta(days=60))
        engine.app.record("grace", Retracted, retracted_version=version)  # not caught up
        assert caught_up_aside(engine.readmodel, NOW) == 1
        assert group_rows(engine) == (NOW - timedelta(days=3), ["ada"])
        listens_until(engine, "ada", NOW + timedelta(days=11))


def more(count: int) -> Iterator[NewRelationship]:
    """Others, each spotted in the forum half a day after being added (to be retracted);
    some were spotted in it again (``people``'s own sightings)."""
    for person in people(count, seed=11, prefix="m"):
        assert person.at is not None
        mistaken = ("spotted-online", person.at + timedelta(hours=12), {"group": FORUM})
        yield replace(person, events=(mistaken, *person.events))


def in_effect_by_history(engine: Engine) -> tuple[datetime | None, list[str]]:
    """The forum's first sighting and members, from everyone's history (not the groups'
    rows): the sightings in effect."""
    first: datetime | None = None
    members = []
    for person in engine.people():
        times = [
            e.occurred_at
            for e in in_effect(engine.history(person.handle))
            if e.KIND == "spotted-online" and group_key(e.group) == KEY
        ]
        if times:
            members.append(person.handle)
            first = min(times) if first is None else min(first, *times)
    return first, sorted(members)


@pytest.mark.parametrize("sealed", [False, True], ids=["plain", "sealed"])
def test_a_shared_rebuild_leaves_out_what_was_retracted(
    file_store: str, sealed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Retractions of sightings in batches after theirs, and in the same batch, in a rebuild
    shared with one or two workers: the rows of the live catch-up, and of one process."""
    monkeypatch.setattr(readmodel, "BATCH", 97)
    monkeypatch.setattr(shares, "PAGE", 7)
    if sealed:
        monkeypatch.setenv("OUTREACH_KEY", "q" * 43 + "=")
    with Engine.open(file_store, recruiter="sam", clock=lambda: NOW) as engine:
        imported = list(more(120))
        engine.import_relationships(imported, batch_size=40)
        story(engine)
        for person in imported:
            assert person.at is not None
            at = person.at + timedelta(hours=12)
            engine.retract(person.handle, sighting(engine, person.handle, at))
        before = group_rows(engine)
        retract_grace(engine)
        expected = in_effect_by_history(engine)
        assert group_rows(engine) == expected != before
        assert any(m.startswith("m") for m in expected[1])  # spotted there again
        assert len(expected[1]) < 60  # and most dropped
        live = snapshot(engine)
        for workers in (0, 1, 2):
            share(engine, workers)
            assert engine.rebuild() == engine.event_count()
            assert snapshot(engine) == live, workers


def test_outreach_rebuild_keeps_the_retraction(tmp_path: Path) -> None:
    outreach = Outreach(tmp_path)
    outreach.ok("add", "grace", "--name", "Grace Hopper", "--at", "2025-12-01")
    outreach.ok("record", "spotted-online", "grace", "--group", FORUM, "--at", "2026-01-05")
    outreach.ok("add", "ada", "--name", "Ada Lovelace", "--at", "2026-02-24")
    outreach.ok("record", "spotted-online", "ada", "--group", FORUM, "--at", "2026-03-03")
    outreach.ok("group", "contributed", FORUM, "--at", "2026-03-04")
    assert kind_of(outreach, "ada") == "research"
    outreach.ok("retract", "grace", "2", "--reason", "not her")
    assert kind_of(outreach, "ada") == "listen"
    assert outreach.ok("rebuild").stdout.startswith("rebuilt the read models")
    assert kind_of(outreach, "ada") == "listen"
    assert (
        kind_of(outreach, "ada", now=datetime(2026, 3, 17, 0, 0, tzinfo=NOW.tzinfo)) == "research"
    )


def kind_of(outreach: Outreach, handle: str, **options: Any) -> str:
    (found,) = [a for a in outreach.json("next", **options) if a["handle"] == handle]
    return str(found["action"])
