"""Seeing your people: ``ls`` a line each, ``show`` one person whole, and how due things are
said in ``agenda`` and ``next``."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from outreach.engine import Engine

from .helpers import NOW, Outreach, refused


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


@pytest.fixture
def team(outreach: Outreach) -> Outreach:
    """ada (would hire, in conversation, motivated by training); grace (a key contributor,
    emailed on Monday); bob (added in January, never touched); zoe (opted out)."""
    with Engine.open(outreach.url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.add(
            "ada", name="Ada Lovelace", skills=["python"], tz="Europe/London", source="met",
            email="ada@example.org", company="Engines Ltd", title="Compiler engineer",
            at=at("2026-02-01T09:00"),
        )  # fmt: skip
        engine.record("ada", "met", where="PyCon UK", would_hire=True, at=at("2026-02-02T09:00"))
        engine.record("ada", "researched", at=at("2026-02-03T09:00"))
        engine.record("ada", "emailed", at=at("2026-02-04T09:00"))
        engine.record("ada", "replied", at=at("2026-02-05T09:00"))
        engine.record("ada", "motivation", kind="training", detail="a Rust course",
                      at=at("2026-02-05T09:30"))  # fmt: skip
        engine.add("grace", name="Grace Hopper", skills=["cobol"], company="Navy",
                   source="online", at=at("2026-02-20T09:00"))  # fmt: skip
        engine.record("grace", "spotted-online", group="COBOL Forum", key_contributor=True,
                      at=at("2026-02-20T09:00"))  # fmt: skip
        engine.add("bob", name="Bob Núñez", company="Builders", at=at("2026-01-01T09:00"))
        engine.add("zoe", name="Zoe Quiet", skills=["python"], at=at("2026-01-01T09:00"))
        engine.record("zoe", "opted-out", at=at("2026-01-02T09:00"))
    return outreach


def handles(outreach: Outreach, *args: str, **options: Any) -> list[str]:
    return [p["handle"] for p in outreach.json("ls", *args, **options)]


def test_ls_lists_everyone_soonest_due_first_with_what_is_next(team: Outreach) -> None:
    people = {p["handle"]: p for p in team.json("ls")}
    assert set(people) == {"ada", "grace", "bob", "zoe"}
    assert handles(team)[-1] == "zoe"  # nothing to do: last
    ada = people["ada"]
    assert (ada["name"], ada["company"], ada["action"]) == (
        "Ada Lovelace",
        "Engines Ltd",
        "ask-referral",
    )
    assert ada["last_touch"] == "2026-02-05T09:00:00+00:00" and ada["would_hire"] is True
    assert people["bob"]["last_touch"] is None and people["bob"]["overdue"] is True
    assert people["grace"]["key_contributor"] is True
    assert people["zoe"]["opted_out"] is True and people["zoe"]["action"] is None


def test_ls_lines_say_how_due_and_mark_people(team: Outreach) -> None:
    lines = {line.split("\t")[0]: line.split("\t") for line in team.ok("ls").stdout.splitlines()}
    assert lines["bob"][1:5] == ["Bob Núñez", "Builders", "never", "research"]
    assert lines["bob"][5] == "overdue 64d"  # added on 1 January, due since
    assert lines["ada"][6] == "would hire" and lines["grace"][6] == "key contributor"
    assert lines["zoe"][4:] == ["none", "", "opted out"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--would-hire",), ["ada"]),
        (("--source", "online"), ["grace"]),
        (("--skill", "Python"), ["ada", "zoe"]),
        (("--search", "nunez"), ["bob"]),  # accents aside
        (("--search", "navy"), ["grace"]),  # the company
        (("--search", "compiler"), ["ada"]),  # the title
        (("--overdue",), ["bob", "ada", "grace"]),
        (("--snoozed",), []),
        (("--sort", "name"), ["ada", "bob", "grace", "zoe"]),
        (("--sort", "last-touch"), ["bob", "grace", "zoe", "ada"]),
    ],
)
def test_ls_filters_and_sorts(team: Outreach, args: tuple[str, ...], expected: list[str]) -> None:
    assert handles(team, *args) == expected


def test_ls_is_as_of_now(team: Outreach) -> None:
    assert handles(team, now=at("2026-01-15T00:00")) == ["bob", "zoe"]


def test_ls_refuses_what_it_cannot_sort_or_filter_by(team: Outreach) -> None:
    refused(team("ls", "--sort", "age"), 2, "--sort")
    refused(team("ls", "--source", "mars"), 2, "--source")


def test_an_empty_pipeline_says_so(outreach: Outreach) -> None:
    assert "nobody here yet" in outreach.ok("ls", TTY_COMPATIBLE="1").stdout
    assert outreach.json("ls") == []


def test_show_has_the_whole_person(team: Outreach) -> None:
    shown = team.json("show", "ada")
    assert shown["contact"] == {"email": "ada@example.org"}
    assert shown["tz"] == "Europe/London"
    assert shown["local_time"] == "2026-03-06T11:00:00+00:00"
    assert shown["motivations"] == [{"kind": "training", "detail": "a Rust course"}]
    assert [t["event"] for t in shown["last_touches"]] == ["replied", "emailed", "met"]
    assert shown["next"]["action"] == "ask-referral" and shown["next"]["because"]
    assert shown["groups"] == [] and team.json("show", "grace")["groups"] == ["COBOL Forum"]
    text = team.ok("show", "ada").stdout
    for words in ("works as: Compiler engineer at Engines Ltd", "email: ada@example.org",
                  "their time now: Fri 06 Mar 11:00", "motivation: training: a Rust course",
                  "next: Ask Ada Lovelace", "why: ", "skills-not-availability"):  # fmt: skip
        assert words in text, words


def test_show_lists_their_violations(team: Outreach) -> None:
    with Engine.open(team.url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.record("bob", "called", at=at("2026-03-02T09:00"))  # a cold call
    shown = team.json("show", "bob")
    assert {v["kind"] for v in shown["violations"]} >= {"cold-call"}
    assert "violation: " in team.ok("show", "bob").stdout


def test_show_refuses_an_unknown_handle(team: Outreach) -> None:
    refused(team("show", "adaa"), 1, "'adaa'", "'ada'")


def test_agenda_and_next_say_how_overdue(team: Outreach) -> None:
    rows = {r.split("\t")[2]: r.split("\t") for r in team.ok("agenda").stdout.splitlines()}
    assert rows["bob"][1:4] == ["overdue 64d", "bob", "research"]
    assert "due: 2026-01-01 09:00+00:00 (overdue 64d)" in team.ok("next", "bob").stdout


def test_priority_is_explained_in_words(team: Outreach) -> None:
    rows = {
        r.split("\t")[2]: r.split("\t")[-1]
        for r in team.ok("agenda", "--priority").stdout.splitlines()
    }
    assert rows["ada"] == "ask-referral: 5th of 10 kinds of action; someone you'd hire; overdue 29d"
    assert "#" not in "".join(rows.values())


def test_next_for_everyone_puts_what_is_due_now_first(team: Outreach) -> None:
    with Engine.open(team.url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.add("cy", name="Cy", at=at("2026-03-01T09:00"))
        engine.record("cy", "researched", at=at("2026-03-01T09:00"))
        engine.record("cy", "emailed", at=at("2026-03-05T09:00"))  # a call due next week
    actions = team.json("next")
    due = [a["handle"] for a in actions if a["due"] and datetime.fromisoformat(a["due"]) <= NOW]
    assert (
        [a["handle"] for a in actions][: len(due)]
        == due
        == [a["handle"] for a in team.json("agenda")]
    )
    assert [a["handle"] for a in actions][len(due) :] == ["cy", "zoe"]


def test_agenda_is_readable_at_80_columns(team: Outreach) -> None:
    shown = team.ok("agenda", TTY_COMPATIBLE="1", NO_COLOR="1", COLUMNS="80").stdout
    shown = re.sub(r"\x1b\[[0-9;]*m", "", shown)  # bold headers
    assert max(len(line) for line in shown.splitlines()) <= 80
    assert "what to do" in shown and "rule" not in shown  # the rule column goes first
    header = next(line for line in shown.splitlines() if "what to do" in line)
    assert len(header.split("┃")[-2]) >= 32  # room for a sentence, not ten letters
    assert "Research Bob Núñez before" in shown


def test_ls_and_show_through_a_real_process(team: Outreach, tmp_path: object) -> None:
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    command = Path(sys.executable).with_name("outreach")
    env = {**os.environ, **{k: v for k, v in team.env.items() if v is not None}}
    now = ["--now", (NOW + timedelta(minutes=1)).isoformat()]
    listed = subprocess.run([command, "ls", "--json", *now], env=env, capture_output=True,
                            text=True, check=True)  # fmt: skip
    assert {p["handle"] for p in json.loads(listed.stdout)} == {"ada", "grace", "bob", "zoe"}
    shown = subprocess.run([command, "show", "ada", *now], env=env, capture_output=True, text=True)
    assert shown.returncode == 0 and "name: Ada Lovelace" in shown.stdout


def test_ls_keeps_someone_researched_before_they_were_added(outreach: Outreach) -> None:
    # Found by trying it: research done yesterday, recorded after adding them today, made the
    # research the first thing in their history and dropped them from ls.
    with Engine.open(outreach.url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.add("ada", name="Ada Lovelace", at=NOW - timedelta(hours=1))
        engine.record("ada", "researched", at=NOW - timedelta(days=1))
    listed = outreach.json("ls")
    assert [p["handle"] for p in listed] == ["ada"]
