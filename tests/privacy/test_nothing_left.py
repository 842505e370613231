"""After erasure nothing but each event's kind, times, version and recorder can be read, and
nothing leads from a handle to them (issue 14, finding 3; issue 11, the handle index)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from outreach.domain import HandleTaken, UnknownHandle
from outreach.domain.values import relationship_id
from outreach.engine import Engine
from outreach.engine.mapper import ENVELOPE, SEALED_FIELDS

from .people import NOW, T0, at, found, store_bytes

KEY = base64.b64encode(bytes(range(32))).decode()
CALLBACK = datetime(2026, 3, 20, 15, 47, tzinfo=UTC)
# Every value given to Zed's events that a thief could look for, skills and group included.
ZED_VALUES = [
    "zed-quokkason",
    "Zebediah Quokkason",
    "zed@quokka.example",
    "+61 8 5550 1234",
    "Quokkaworks Pty",
    "Head of Marsupials",
    "zetalang",
    "quokkascript",
    "Pacific/Chatham",
    "Rottnest Island Meetup",
    "Quokka Fanciers Guild",  # a group only Zed was seen in
    "posted a quokka selfie",
    "likes islands",
    "quokka conservation",
    "a sabbatical on Rottnest",
    "Chief Quokka Officer",
    "Regional Quokka Lead",
    "2026-03-20T15:47",  # the callback agreed
    "2026-03-25T09:13",  # the reschedule
    "went to Rottnest",
    "wants a shorter ferry",
]


def populate_zed(engine: Engine) -> None:
    """One of every event a recruiter records, each holding a value found nowhere else."""
    z = "zed-quokkason"
    engine.add(
        z,
        name="Zebediah Quokkason",
        email="zed@quokka.example",
        phone="+61 8 5550 1234",
        company="Quokkaworks Pty",
        title="Head of Marsupials",
        skills=["zetalang"],
        tz="Pacific/Chatham",
        at=T0,
    )
    engine.record(z, "met", at=at(1), where="Rottnest Island Meetup", would_hire=True)
    engine.record(z, "spotted-online", at=at(1.5), group="Quokka Fanciers Guild",
                  said="posted a quokka selfie", key_contributor=True)  # fmt: skip
    engine.record(z, "researched", at=at(2), note="likes islands",
                  common_ground=["quokka conservation"])  # fmt: skip
    engine.record(z, "emailed", at=at(3), topic="a sabbatical on Rottnest", intent="networking")
    engine.record(z, "replied", at=at(3.5))
    engine.record(z, "called", at=at(4), outcome="voicemail")
    engine.record(z, "motivation", at=at(4.2), kind="commute", detail="wants a shorter ferry")
    engine.record(z, "career-move", at=at(4.4), kind="gap", detail="went to Rottnest")
    engine.record(z, "declined-busy", at=at(5), callback_at=CALLBACK)
    engine.record(z, "rescheduled", at=at(6), to=datetime(2026, 3, 25, 9, 13, tzinfo=UTC))
    engine.record(z, "opportunity-presented", at=at(7), role="Chief Quokka Officer")
    engine.record(z, "past-candidacy", at=at(7.5), kind="interviewed",
                  role="Regional Quokka Lead")  # fmt: skip
    engine.record(z, "profile-updated", at=at(8), skills=["quokkascript"], tz="Pacific/Chatham")
    engine.record(z, "referral-asked", at=at(9), skills=["zetalang"])
    engine.add("other", name="Otto Other", skills=["python"], at=T0)
    engine.record("other", "spotted-online", at=at(1), group="Python Forum")


def raw_states(path: Path, rid: str) -> list[dict[str, Any]]:
    import sqlite3

    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT state FROM stored_events WHERE originator_id = ? ORDER BY originator_version",
            (rid,),
        ).fetchall()
    return [orjson.loads(row[0]) for row in rows]


@pytest.mark.parametrize("master", [None, KEY], ids=["no master key", "master key"])
def test_after_erasure_the_file_holds_none_of_the_values_given_to_their_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, master: str | None
) -> None:
    if master:
        monkeypatch.setenv("OUTREACH_KEY", master)
    path = tmp_path / "outreach.db"
    with Engine.open(f"sqlite:///{path}", recruiter="sam", clock=lambda: NOW) as engine:
        populate_zed(engine)
        engine.agenda(now=NOW)
        rid = engine.app.id_of("zed-quokkason")
        assert found(store_bytes(path), ["Zebediah", "Quokka Fanciers Guild"]) != []
        engine.erase("zed-quokkason")
        left = found(store_bytes(path), ZED_VALUES)
        states = raw_states(path, rid.hex)
    assert left == []
    assert found(store_bytes(path), ZED_VALUES) == []
    readable = {name for state in states for name in state}
    assert readable <= ENVELOPE | {SEALED_FIELDS, "class_version"}, readable - ENVELOPE
    assert len(states) == 16  # fifteen and the erasure, all of them still in the log


@pytest.mark.parametrize("master", [None, KEY], ids=["no master key", "master key"])
def test_rebuilt_read_models_leave_nothing_of_the_erased_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, master: str | None
) -> None:
    """A rebuild drops the read models' tables, keeps some (schema.KEPT) and writes
    every row again: neither what it dropped nor what it wrote over may outlive an erasure."""
    if master:
        monkeypatch.setenv("OUTREACH_KEY", master)
    path = tmp_path / "outreach.db"
    with Engine.open(f"sqlite:///{path}", recruiter="sam", clock=lambda: NOW) as engine:
        populate_zed(engine)
        engine.agenda(now=NOW)
        engine.rebuild()
        engine.agenda(now=NOW)
        assert engine.next_action("zed-quokkason", now=NOW).kind is not None
        engine.erase("zed-quokkason")
    assert found(store_bytes(path), ZED_VALUES) == []


def test_nothing_leads_from_a_handle_to_the_erased_and_the_handle_can_be_added_again(
    store_url: str,
) -> None:
    with Engine.open(store_url, recruiter="sam", clock=lambda: NOW) as engine:
        populate_zed(engine)
        rid = engine.app.id_of("zed-quokkason")
        assert rid != relationship_id("zed-quokkason")  # ids are random now
        engine.erase("zed-quokkason")
        for ask in (engine.history, engine.next_action, engine.erase):
            with pytest.raises(UnknownHandle):
                ask("zed-quokkason")
        with engine.readmodel.db.transaction(commit=False) as tx:
            assert tx.one("SELECT id FROM {p}handles WHERE id = ?", (rid.hex,)) is None
            groups = [row["name"] for row in tx.rows("SELECT name FROM {p}groups")]
        assert groups == ["Python Forum"]  # the group only Zed was seen in is gone

        engine.add("zed-quokkason", name="Zed Again", at=at(20))  # a new relationship
        again = engine.app.id_of("zed-quokkason")
        assert again != rid
        assert [type(e).KIND for e in engine.history("zed-quokkason")] == ["added"]
        assert engine.next_action("zed-quokkason", now=NOW).kind is not None
        with pytest.raises(HandleTaken):
            engine.add("zed-quokkason", name="Zed Thrice")
        engine.rebuild()
        assert sorted(engine.handles()) == ["other", "zed-quokkason"]
        assert engine.history("zed-quokkason")[0].name == "Zed Again"  # type: ignore[attr-defined]


def test_a_store_written_by_the_current_release_keeps_working(sqlite_url: str) -> None:
    """0.1 derived ids from handles and sealed only PERSONAL fields; such a store opens, its
    people are found by handle, their events load, and erasing them still works."""
    write_release_one(sqlite_url)
    with Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as engine:
        history = engine.history("old-ada")
        assert history[0].name == "Ada Oldfield"  # type: ignore[attr-defined]
        assert history[0].skills == ("cobol",)  # type: ignore[attr-defined]
        assert history[1].where == "PyCon 2019"  # type: ignore[attr-defined]
        assert history[1].would_hire is True  # type: ignore[attr-defined]
        with pytest.raises(HandleTaken):
            engine.add("old-ada", name="Someone Else")
        engine.record("old-ada", "emailed", at=at(3), topic="cobol revival")
        assert engine.app.id_of("old-ada") == relationship_id("old-ada")
        assert engine.next_action("old-ada", now=NOW).kind is not None
        engine.erase("old-ada")
        with pytest.raises(UnknownHandle):
            engine.history("old-ada")
        engine.add("old-ada", name="A New Ada", at=at(4))
        assert engine.history("old-ada")[0].name == "A New Ada"  # type: ignore[attr-defined]
        engine.rebuild()
        assert engine.handles() == ["old-ada"]


def write_release_one(url: str) -> None:
    """Two events as 0.1 stored them: id uuid5 of the handle, PERSONAL fields sealed, the rest
    (skills, would-hire) in the clear, a data key in the keys table."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from eventsourcing.persistence import StoredEvent

    with Engine.open(url, recruiter="sam", clock=lambda: NOW):
        pass  # the tables
    rid = relationship_id("old-ada")
    key = AESGCM.generate_key(bit_length=256)
    envelope = {"timestamp": NOW.isoformat(), "occurred_at": T0.isoformat(), "by": "sam"}
    added = {
        **envelope,
        "originator_topic": "outreach.relationship:Relationship",
        "skills": ["cobol"],
        "tz": None,
        "source": None,
        "email": None,
        "phone": None,
        "company": None,
        "title": None,
    }
    met = {**envelope, "occurred_at": at(1).isoformat(), "would_hire": True}

    def sealed(state: dict[str, Any], personal: dict[str, Any], version: int) -> bytes:
        nonce = b"\x01" * 12
        blob = AESGCM(key).encrypt(nonce, orjson.dumps(personal), f"{rid.hex}:{version}".encode())
        return orjson.dumps({**state, SEALED_FIELDS: base64.b64encode(nonce + blob).decode()})

    events = [
        StoredEvent(rid, 1, "outreach.relationship:Added",
                    sealed(added, {"handle": "old-ada", "name": "Ada Oldfield"}, 1)),
        StoredEvent(rid, 2, "outreach.relationship:Met", sealed(met, {"where": "PyCon 2019"}, 2)),
    ]  # fmt: skip
    with Engine.open(url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.app.recorder.insert_events(events)
        with engine.readmodel.db.transaction(commit=True) as tx:
            tx.run(
                "INSERT INTO {p}keys (id, key) VALUES (?, ?)",
                (rid.hex, "k1:" + base64.b64encode(key).decode()),
            )
    json.dumps(added)  # the state is plain JSON, as 0.1 wrote it
