"""erase, rebuild, demo, shell completion, and what every command shares (help, errors)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from outreach.cli import admin, queries
from outreach.cli.app import cli
from outreach.engine import Engine
from outreach.projections.rules import RULES

from .helpers import Outreach, refused


def add_ada(outreach: Outreach) -> None:
    outreach.ok("add", "ada", "--name", "Ada Lovelace", "--at", "2026-03-01")


def test_erase_with_yes_erases_and_nothing_more_can_be_recorded(outreach: Outreach) -> None:
    add_ada(outreach)
    assert outreach.ok("erase", "ada", "--yes").stdout.startswith("erased ada")
    # The handle names nobody now (issue 11): refused as unknown, not as "erased".
    refused(outreach("record", "emailed", "ada"), 1, "no relationship with handle 'ada'")


def test_erase_without_a_terminal_or_yes_refuses(outreach: Outreach) -> None:
    add_ada(outreach)
    before = outreach.events()
    refused(outreach("erase", "ada"), 1, "--yes", "nothing was erased")
    assert outreach.events() == before


@pytest.mark.parametrize(("answer", "erased"), [("n\n", False), ("y\n", True)])
def test_erase_asks_on_a_terminal(
    outreach: Outreach, monkeypatch: pytest.MonkeyPatch, answer: str, erased: bool
) -> None:
    add_ada(outreach)
    before = outreach.events()
    monkeypatch.setattr(admin, "interactive", lambda: True)
    result = outreach("erase", "ada", input=answer)
    assert "Erase ada's personal data for good?" in result.stderr
    assert result.exit_code == (0 if erased else 1)
    assert outreach.events() == before + erased


def test_erase_of_an_unknown_handle_is_refused_before_asking(outreach: Outreach) -> None:
    refused(outreach("erase", "nobody", "--yes"), 1, "'nobody'")


def test_rebuild_gives_the_same_answers(outreach: Outreach) -> None:
    add_ada(outreach)
    outreach.ok("record", "called", "ada", "--at", "2026-03-02")
    before = (outreach.json("next"), outreach.json("violations"))
    assert outreach.ok("rebuild").stdout == "rebuilt the read models from 2 events\n"
    assert (outreach.json("next"), outreach.json("violations")) == before


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 3, 6, 11, 0, tzinfo=UTC),  # a Friday morning
        datetime(2026, 3, 9, 6, 30, tzinfo=UTC),  # early on a Monday
        datetime(2026, 7, 6, 23, 45, tzinfo=UTC),  # late, after a US holiday weekend
    ],
)
def test_the_demo_brings_every_rule_into_play(
    outreach: Outreach, tmp_path: Path, now: datetime
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = outreach.ok("demo", "--db", url, now=now)
    assert "wrote a sample pipeline of 17 people" in result.stdout
    with Engine.open(url, clock=lambda: now) as engine:
        actions, found = engine.next_actions(), engine.violations()
        assert len(engine.handles()) >= 12
        assert len(engine.agenda()) >= 10
    assert {a.rule for a in actions} | {v.rule for v in found} == set(RULES)
    assert len({v.kind for v in found}) >= 6 and len({by for v in found for by in v.by}) == 2


def test_the_demo_refuses_a_store_that_holds_events(outreach: Outreach) -> None:
    add_ada(outreach)
    refused(outreach("demo", "--db", outreach.url), 1, "already holds", "leave out --db")


def test_the_demo_defaults_to_a_fresh_temporary_file(
    outreach: Outreach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = outreach.ok("demo")
    (made,) = tmp_path.glob("outreach-demo-*/demo.db")
    assert f"--db sqlite:///{made}" in result.stdout
    assert outreach.events() == 0  # OUTREACH_DB is left alone


def complete(outreach: Outreach, line: str) -> list[str]:
    env = {**outreach.env, "_OUTREACH_COMPLETE": "bash_complete", "COMP_WORDS": line}
    env["COMP_CWORD"] = str(len(line.split()) - (0 if line.endswith(" ") else 1))
    result = CliRunner().invoke(cli, [], env=env, prog_name="outreach")
    return [row.split(",", 1)[1] for row in result.stdout.splitlines() if row]


def test_shell_completion_offers_commands_events_and_handles(outreach: Outreach) -> None:
    assert complete(outreach, "outreach ne") == ["next"]
    assert complete(outreach, "outreach next a") == []  # no store yet: none made for it
    assert outreach.json("where")["exists"] is False
    add_ada(outreach)
    outreach.ok("add", "alan", "--name", "Alan Turing")
    outreach.ok("add", "bob", "--name", "Bob")
    assert complete(outreach, "outreach next a") == ["ada", "alan"]
    assert complete(outreach, "outreach record emailed b") == ["bob"]
    assert "declined-busy" in complete(outreach, "outreach record decl")


def all_commands(group: click.Group, path: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += all_commands(command, f"{path}{name} ")
        else:
            found.append((f"{path}{name}", command))
    return found


def test_every_command_has_help_with_an_example_and_the_global_options(
    outreach: Outreach,
) -> None:
    commands = all_commands(cli)
    assert len(commands) >= 30
    for path, _ in commands:
        shown = outreach.ok(*path.split(), "--help").stdout
        assert "Example: outreach " in shown, path
        assert all(option in shown for option in ("--db", "--now", "--as", "--settings")), path


def test_every_read_command_takes_json(outreach: Outreach) -> None:
    for path in ("next", "agenda", "history", "violations", "find", "playbook", "where"):
        assert "--json" in outreach.ok(path, "--help").stdout, path


def test_version(outreach: Outreach) -> None:
    assert outreach.ok("--version").stdout.startswith("outreach ")


def test_an_unexpected_failure_is_one_line_not_a_traceback(
    outreach: Outreach, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(queries.views, "action_json", broken)
    add_ada(outreach)
    refused(outreach("next", "ada", "--json"), 1, "unexpected failure", "boom", "OUTREACH_DEBUG")
    debugging = outreach("next", "ada", "--json", OUTREACH_DEBUG="1")
    assert isinstance(debugging.exception, RuntimeError)


def test_a_store_that_cannot_be_opened_is_one_line(outreach: Outreach) -> None:
    refused(outreach("next", "--db", "mysql://x"), 1, "expected memory://")
    refused(outreach("agenda", "--db", "sqlite:////proc/no/such/dir/x.db"), 1, "cannot")


@pytest.mark.parametrize("args", [[], ["record"], ["group"], ["export"]])
def test_a_group_alone_shows_its_help(outreach: Outreach, args: list[str]) -> None:
    shown = outreach.ok(*args, now=None).stdout
    assert shown.startswith(f"Usage: outreach {' '.join(args)}".rstrip() + " [OPTIONS] COMMAND")
