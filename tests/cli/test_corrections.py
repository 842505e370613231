"""Correcting the record and putting people aside from the command line: ``retract``, ``undo``
and ``snooze``, with their refusals; ``history`` marks what was retracted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from outreach.cli import admin
from outreach.domain.errors import CannotRetract, NothingToUndo
from outreach.engine import Engine

from .helpers import NOW, Outreach, refused


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


@pytest.fixture
def ada(outreach: Outreach) -> Outreach:
    """ada: added (1), researched (2), emailed (3), a call logged by mistake (4)."""
    with Engine.open(outreach.url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.add("ada", name="Ada Lovelace", tz="Europe/London", at=at("2026-03-02T09:00"))
        engine.record("ada", "researched", at=at("2026-03-02T10:00"))
        engine.record("ada", "emailed", at=at("2026-03-02T11:00"))
        engine.record("ada", "called", outcome="no-answer", at=at("2026-03-03T09:30"))
    return outreach


def versions(outreach: Outreach) -> dict[int, dict[str, object]]:
    return {e["version"]: e for e in outreach.json("history", "ada")}


def test_retract_withdraws_the_event_and_history_marks_it(ada: Outreach) -> None:
    assert ada.json("next", "ada")["action"] == "email"  # the call made a follow-up due
    said = ada.ok("retract", "ada", "4", "--reason", "it was Grace I called", "--as", "alex")
    assert said.stdout.startswith("retracted event 4, called (outcome: no-answer) of 2026-03-03")
    assert ada.json("next", "ada")["action"] == "call"  # as if the call never happened
    history = versions(ada)
    assert history[4]["retracted"] == {
        "version": 5,
        "by": "alex",
        "occurred_at": NOW.isoformat(),
        "reason": "it was Grace I called",
    }
    assert history[3]["retracted"] is None and history[5]["event"] == "retracted"
    row = next(
        r.split("\t") for r in ada.ok("history", "ada").stdout.splitlines() if "(retracted)" in r
    )
    assert row[1] == "called (retracted)" and row[-1] == "4"
    assert "retracted by alex, " in row[2] and row[2].endswith(": it was Grace I called")


def test_what_stands_for_good_cannot_be_retracted(ada: Outreach) -> None:
    ada.ok("record", "opted-out", "ada", "--at", "2026-03-04T09:00")
    before = ada.events()
    for version, words in [("1", "'added'"), ("5", "'opted-out'"), ("9", "no such event")]:
        refused(ada("retract", "ada", version), 1, "cannot retract", words)
    ada.ok("retract", "ada", "4")
    refused(ada("retract", "ada", "4"), 1, "retracted already")
    refused(ada("retract", "ada", "6"), 1, "'retracted'")
    assert ada.events() == before + 1
    refused(ada("retract", "ada", "zero"), 2, "VERSION")
    refused(ada("retract", "nobody", "2"), 1, "'nobody'")


def test_undo_shows_the_latest_and_retracts_it_with_yes(ada: Outreach) -> None:
    said = ada.ok("undo", "ada", "--yes", "--reason", "wrong person").stdout
    assert "retracted event 4, called" in said
    assert versions(ada)[4]["retracted"]["reason"] == "wrong person"  # type: ignore[index]
    ada.ok("undo", "ada", "--yes")  # then the email
    assert versions(ada)[3]["retracted"] is not None


def test_undo_asks_on_a_terminal_and_no_means_nothing(
    ada: Outreach, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = ada.events()
    refused(ada("undo", "ada"), 1, "--yes", "called")  # no terminal: nothing asked, nothing done
    monkeypatch.setattr(admin, "interactive", lambda: True)
    answer = ada("undo", "ada", input="n\n")
    assert answer.exit_code == 1 and "Nothing retracted." in answer.stderr
    assert "event 4, called" in answer.stderr  # what it would retract was shown
    assert ada.events() == before
    assert ada("undo", "ada", input="y\n").exit_code == 0
    assert ada.events() == before + 1


def test_nothing_to_undo_is_said(outreach: Outreach) -> None:
    outreach.ok("add", "ada", "--name", "Ada", "--at", "-1d")
    refused(outreach("undo", "ada", "--yes"), 1, "nothing to undo")


def test_snooze_keeps_them_off_the_agenda_and_ls_says_until_when(ada: Outreach) -> None:
    week_on = at("2026-03-12T09:00")  # the follow-up email is due by then
    assert "ada" in [a["handle"] for a in ada.json("agenda", now=week_on)]
    said = ada.ok("snooze", "ada", "--until", "2026-03-16 09:00", "--reason", "moving house")
    assert said.stdout.startswith("snoozed ada until 2026-03-16 09:00")
    assert "ada" not in [a["handle"] for a in ada.json("agenda", now=week_on)]
    (line,) = ada.json("ls", "--snoozed", now=week_on)
    assert line["snoozed_until"] == "2026-03-16T09:00:00+00:00"
    assert "snoozed until 2026-03-16 09:00" in ada.ok("ls", now=week_on).stdout
    assert "marks: snoozed until 2026-03-16 09:00" in ada.ok("show", "ada").stdout
    assert "moving house" in ada.ok("history", "ada").stdout
    later = at("2026-03-16T09:00") + timedelta(minutes=1)
    assert "ada" in [a["handle"] for a in ada.json("agenda", now=later)]
    assert ada.json("ls", "--snoozed", now=later) == []


def test_snooze_takes_the_typed_forms_and_refuses_the_past(ada: Outreach) -> None:
    ada.ok("snooze", "ada", "--until", "monday")  # a date alone: Monday 00:00 in London
    assert ada.json("show", "ada")["snoozed_until"] == "2026-03-09T00:00:00+00:00"
    refused(ada("snooze", "ada", "--until", "yesterday"), 1, "later time")
    refused(ada("snooze", "ada"), 2, "--until")
    refused(ada("snooze", "ada", "--until", "soonish"), 2, "--until")


def test_an_answer_ends_the_snooze(ada: Outreach) -> None:
    ada.ok("snooze", "ada", "--until", "+2w", "--at", "-1d")
    ada.ok("record", "replied", "ada", "--at", "-1h")
    assert ada.json("ls", "--snoozed") == []


def test_the_engine_api_says_what_the_cli_does(tmp_path: Path) -> None:
    with Engine.open("memory://", recruiter="sam", clock=lambda: NOW) as engine:
        engine.add("ada", name="Ada Lovelace", at=at("2026-03-02T09:00"))
        with pytest.raises(NothingToUndo):
            engine.undo("ada")
        engine.record("ada", "emailed", at=at("2026-03-02T11:00"))
        latest = engine.retractable("ada")
        assert latest is not None and latest.originator_version == 2
        engine.undo("ada", reason="not sent")
        assert engine.retractable("ada") is None
        with pytest.raises(CannotRetract):
            engine.retract("ada", 1)
        engine.snooze("ada", at("2026-04-01T09:00"), reason="holiday")
        (person,) = engine.people(snoozed=True)
        assert person.snoozed_until == at("2026-04-01T09:00")


def test_retract_undo_and_snooze_through_a_real_process(ada: Outreach) -> None:
    command = Path(sys.executable).with_name("outreach")
    env = {**os.environ, **{k: v for k, v in ada.env.items() if v is not None}}
    now = ["--now", (NOW + timedelta(minutes=1)).isoformat()]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([command, *args, *now], env=env, capture_output=True, text=True)

    assert run("retract", "ada", "4", "--reason", "mistake").returncode == 0
    assert run("undo", "ada").returncode == 1  # no terminal, no --yes: nothing done
    assert run("undo", "ada", "--yes").returncode == 0
    assert run("snooze", "ada", "--until", "+3d").returncode == 0
    listed = json.loads(run("ls", "--json").stdout)
    assert listed[0]["snoozed_until"] is not None
    refusal = run("retract", "ada", "1")
    assert refusal.returncode == 1 and refusal.stderr.startswith("error: cannot retract event 1")
