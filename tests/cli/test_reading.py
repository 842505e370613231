"""Reading from the command line: next, agenda, history, violations, find, playbook, where;
the JSON shapes, and tables on a terminal versus plain text in a pipe."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from outreach.engine import Engine
from outreach.projections.rules import RULES

from .helpers import NOW, Outreach, refused

ACTION_KEYS = {
    "handle",
    "action",
    "text",
    "due",
    "rule",
    "rules",
    "because",
    "priority",
    "evidence",
}
COLOR = re.compile(r"\x1b\[(3[0-7]|9[0-7]|38;)")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


@pytest.fixture
def pipeline(outreach: Outreach) -> Outreach:
    """ada in conversation; grace with a callback agreed for this morning; bob cold-called by
    alex; cy emailed on Monday with no answer yet."""
    with Engine.open(outreach.url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.add("ada", name="Ada Lovelace", skills=["python"], at=at("2026-02-01T09:00"))
        engine.record("ada", "met", where="PyCon UK", would_hire=True, at=at("2026-02-02T09:00"))
        engine.record("ada", "researched", common_ground=["PyCon"], at=at("2026-02-03T09:00"))
        engine.record("ada", "emailed", topic="typing", at=at("2026-02-20T09:00"))
        engine.record("ada", "replied", at=at("2026-02-23T09:00"))
        engine.add("grace", name="Grace Hopper", skills=["cobol", "python"], tz="Europe/London")
        engine.record("grace", "researched", at=at("2026-02-24T09:00"))
        engine.record("grace", "emailed", at=at("2026-02-25T09:00"))
        engine.record("grace", "called", at=at("2026-03-02T09:00"))
        agreed = at("2026-03-06T10:00")
        engine.record("grace", "declined-busy", callback_at=agreed, at=at("2026-03-02T09:05"))
        engine.add("bob", name="Bob Builder", at=at("2026-03-01T09:00"))
        engine.record("bob", "called", by="alex", at=at("2026-03-03T09:00"))
        engine.add("cy", name="Cy Young", tz="Europe/London", at=at("2026-02-26T09:00"))
        engine.record("cy", "researched", at=at("2026-02-27T09:00"))
        engine.record("cy", "emailed", at=at("2026-03-02T09:00"))
    return outreach


def test_next_handle_json_is_one_action_with_the_reason(pipeline: Outreach) -> None:
    action = pipeline.json("next", "ada")
    assert set(action) >= ACTION_KEYS
    assert action["handle"] == "ada" and action["action"] == "ask-motivation"
    assert action["rule"] == "listen-to-motivations" and action["rules"][0] == action["rule"]
    assert action["because"] in RULES["listen-to-motivations"].because
    assert datetime.fromisoformat(action["due"]).utcoffset() is not None
    assert set(action["priority"]) == {"agreed", "kind_rank", "would_hire", "key_contributor"}
    assert action["priority"]["would_hire"] is True
    assert [e["kind"] for e in action["evidence"]] == ["replied"]
    assert set(action["evidence"][0]) == {"version", "kind", "occurred_at", "by"}


def test_next_without_a_handle_lists_everyone(pipeline: Outreach) -> None:
    actions = pipeline.json("next")
    assert sorted(a["handle"] for a in actions) == ["ada", "bob", "cy", "grace"]
    assert all(set(a) >= ACTION_KEYS for a in actions)


def test_next_for_an_opted_out_person_is_none_with_the_reason(pipeline: Outreach) -> None:
    pipeline.ok("record", "opted-out", "bob")
    action = pipeline.json("next", "bob")
    assert action["action"] is None and action["due"] is None
    assert action["rule"] == "respect-opt-out" and action["text"]
    assert "action: none" in pipeline.ok("next", "bob").stdout


def test_agenda_puts_the_agreed_callback_first(pipeline: Outreach) -> None:
    agenda = pipeline.json("agenda")
    assert agenda[0]["handle"] == "grace" and agenda[0]["action"] == "callback"
    assert agenda[0]["priority"]["agreed"] is True
    assert all(datetime.fromisoformat(a["due"]) <= NOW for a in agenda)
    assert [a["handle"] for a in pipeline.json("agenda", "--limit", "1")] == ["grace"]


def test_agenda_in_a_pipe_is_tab_separated_with_no_colour(pipeline: Outreach) -> None:
    result = pipeline.ok("agenda", "--priority")
    lines = result.stdout.splitlines()
    assert len(lines) == len(pipeline.json("agenda"))
    first = lines[0].split("\t")
    assert first[1:4] == ["overdue 1h", "grace", "callback"]
    assert first[-1] == "an agreed callback: these come first, by their time; overdue 1h"
    assert "\x1b" not in result.stdout and "┃" not in result.stdout


def test_agenda_filtered_by_recruiter(pipeline: Outreach) -> None:
    assert {a["handle"] for a in pipeline.json("agenda", "--recruiter", "alex")} <= {"bob"}


def test_as_of_a_past_now_ignores_what_happened_after(pipeline: Outreach) -> None:
    assert pipeline.json("next", "ada", now=at("2026-02-21T09:00"))["action"] == "call"
    assert pipeline.json("next", "ada")["action"] == "ask-motivation"


def test_history_lists_the_events_in_the_order_they_happened(pipeline: Outreach) -> None:
    history = pipeline.json("history", "ada")
    assert [e["event"] for e in history] == ["added", "met", "researched", "emailed", "replied"]
    assert history[1]["where"] == "PyCon UK" and history[1]["would_hire"] is True
    assert {"version", "occurred_at", "recorded_at", "by"} <= set(history[0])
    lines = pipeline.ok("history", "ada").stdout.splitlines()
    # the last column is the version, as 'outreach retract' takes it
    assert lines[1].split("\t")[1:] == ["met", "where: PyCon UK; would hire", "sam", "2"]


def test_violations_cite_their_rule_and_who(pipeline: Outreach) -> None:
    found = pipeline.json("violations")
    cold = next(v for v in found if v["kind"] == "cold-call")
    assert cold["handle"] == "bob" and cold["rule"] == "email-before-calling"
    assert cold["by"] == ["alex"] and cold["evidence"][0]["kind"] == "called"
    assert {v["handle"] for v in pipeline.json("violations", "--recruiter", "alex")} == {"bob"}
    # Playbook v2: ada's reply of 23 Feb is still unanswered, and she is someone you'd hire.
    kinds = {v["kind"] for v in pipeline.json("violations", "ada")}
    assert kinds == {"ignored-reply", "left-waiting"}


def test_find_goes_by_skills(pipeline: Outreach) -> None:
    found = pipeline.json("find", "--skill", "Python")
    assert {m["handle"] for m in found} == {"ada", "grace"}
    assert set(found[0]) == {"handle", "name", "skills", "matched", "strength"}
    assert pipeline.json("find", "--skill", "cobol", "--skill", "python")[0]["handle"] == "grace"
    assert pipeline.json("find", "--skill", "haskell") == []
    refused(pipeline("find"), 2, "--skill")


def test_unknown_handle_suggests_close_ones(pipeline: Outreach) -> None:
    refused(pipeline("next", "adaa"), 1, "'adaa'", "'ada'")
    refused(pipeline("history", "nobody"), 1, "'nobody'")


def test_playbook_shows_every_rule_and_the_default_settings(outreach: Outreach) -> None:
    shown = outreach.json("playbook")
    assert [r["id"] for r in shown["rules"]] == list(RULES)
    assert shown["settings"]["follow_up_after"] == 5 and shown["settings_file"] is None
    text = outreach.ok("playbook").stdout
    assert all(rule in text for rule in RULES) and "settings: the defaults" in text
    assert outreach.events() == 0  # reading the playbook opens no store


def settings_file(tmp_path: Path, body: str, name: str = "team.toml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body)
    return path


def test_settings_come_from_the_option_the_variable_or_the_config_file(
    outreach: Outreach, tmp_path: Path
) -> None:
    option = settings_file(tmp_path, "[playbook]\nfollow_up_after = 7\n")
    shown = outreach.json("playbook", "--settings", str(option))
    assert shown["settings"]["follow_up_after"] == 7 and shown["settings_file"] == str(option)
    variable = settings_file(tmp_path, "[playbook]\nmax_busy = 2\n", "env.toml")
    assert outreach.json("playbook", OUTREACH_SETTINGS=str(variable))["settings"]["max_busy"] == 2
    settings_file(tmp_path / "config" / "outreach", "[playbook]\ngrace = 9\n", "outreach.toml")
    assert outreach.json("playbook")["settings"]["grace"] == 9


def test_settings_in_force_change_the_next_action(pipeline: Outreach, tmp_path: Path) -> None:
    quick = settings_file(tmp_path, "[playbook]\ncall_after_email = 1\n")
    usual = pipeline.json("next", "cy", now=at("2026-03-03T12:00"))
    sooner = pipeline.json("next", "cy", "--settings", str(quick), now=at("2026-03-03T12:00"))
    assert usual["action"] == sooner["action"] == "call"
    assert sooner["due"] < usual["due"]


@pytest.mark.parametrize(
    ("body", "words"),
    [("[playbook]\nfollow_up_after = -1\n", ["follow_up_after"]), ("not toml [", ["TOML"])],
)
def test_bad_settings_are_refused_in_one_line(
    outreach: Outreach, tmp_path: Path, body: str, words: list[str]
) -> None:
    bad = settings_file(tmp_path, body)
    refused(outreach("next", "--settings", str(bad)), 1, *words)
    refused(outreach("playbook", "--settings", str(tmp_path / "missing.toml")), 1, "exist")


def test_where_names_the_store_without_creating_it(outreach: Outreach) -> None:
    found = outreach.json("where")
    assert found["kind"] == "sqlite" and found["url"] == outreach.url
    assert found["exists"] is False and "not created yet" in outreach.ok("where").stdout
    assert outreach.json("where", "--db", "memory://")["kind"] == "memory"
    assert outreach.events() == 0


def test_a_terminal_gets_a_rich_table_and_json_stays_plain(pipeline: Outreach) -> None:
    table = pipeline.ok("agenda", TTY_COMPATIBLE="1").stdout
    assert "┃" in table and "grace" in table and "due" in table
    data: Any = json.loads(pipeline.ok("agenda", "--json", TTY_COMPATIBLE="1").stdout)
    assert data[0]["handle"] == "grace"


def test_no_color_is_honoured_on_a_terminal(pipeline: Outreach) -> None:
    pipeline.ok("add", "dee", "--name", "Dee", "--at", "2026-03-01")
    pipeline.ok("add", "eve", "--name", "Eve", "--at", "2026-03-01")
    coloured = pipeline.ok("record", "called", "dee", TTY_COMPATIBLE="1")
    assert COLOR.search(coloured.stderr), "a warning is coloured on a terminal"
    plain = pipeline.ok("record", "called", "eve", TTY_COMPATIBLE="1", NO_COLOR="1")
    assert "warning:" in plain.stderr and not COLOR.search(plain.stderr + plain.stdout)


def test_the_command_line_on_a_team_store(outreach: Outreach, postgres_store: str) -> None:
    outreach.ok(
        "--db", postgres_store, "add", "ada", "--name", "Ada Lovelace", "--at", "2026-03-01"
    )
    outreach.ok("record", "called", "ada", "--db", postgres_store, "--at", "2026-03-02")
    assert outreach.json("where", "--db", postgres_store)["kind"] == "postgresql"
    assert outreach.json("next", "ada", "--db", postgres_store)["handle"] == "ada"
    found = outreach.json("violations", "--db", postgres_store)
    assert {v["kind"] for v in found} >= {"cold-call"}
    assert outreach.events() == 0  # nothing went to the default file


def test_text_from_outside_is_shown_as_typed_on_a_terminal(outreach: Outreach) -> None:
    outreach.ok("add", "ada", "--name", "[bold]Ada[/] Lovelace", "--at", "2026-03-01")
    shown = outreach.ok("next", "ada", TTY_COMPATIBLE="1", NO_COLOR="1").stdout
    assert "[bold]Ada[/] Lovelace" in shown
    assert "[bold]Ada[/] Lovelace" in outreach.ok("next", TTY_COMPATIBLE="1").stdout
