"""What surprised a new user, each pinned: settings outside their table, ``playbook --example``,
``history --now``, ``find`` and opted-out people, the LinkedIn profile link, singular and
plural, answering "n" to ``erase``, notes on answers, ``export ics --days``, and correcting a
profile."""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from outreach.cli import admin
from outreach.engine import Engine
from outreach.projections.settings import Playbook, load_playbook

from .helpers import NOW, Outreach, refused

LINKEDIN = """\
First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace-1815/,,Engines,Analyst,10 Dec 2025
"""


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


def add_ada(outreach: Outreach) -> None:
    outreach.ok("add", "ada", "--name", "Ada Lovelace", "--skill", "python", "--at", "-30d")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("grace = 3\n", "grace"),
        ("grace = 3\n[playbook]\nmax_busy = 2\n", "grace"),
        ("[team]\ngrace = 3\n", "team.grace"),
    ],
)
def test_figures_outside_the_playbook_table_are_refused_naming_them(
    outreach: Outreach, tmp_path: Path, text: str, named: str
) -> None:
    settings = tmp_path / "team.toml"
    settings.write_text(text)
    refused(outreach("playbook", "--settings", str(settings)), 1, named, "[playbook]")


def test_other_tables_are_still_allowed(tmp_path: Path) -> None:
    settings = tmp_path / "team.toml"
    settings.write_text('[mail]\nserver = "imap.example.org"\n[playbook]\ngrace = 3\n')
    assert load_playbook(settings).grace == 3


def test_playbook_example_is_a_settings_file_with_every_figure(
    outreach: Outreach, tmp_path: Path
) -> None:
    example = outreach.ok("playbook", "--example").stdout
    figures = tomllib.loads(example)["playbook"]
    assert set(figures) == set(Playbook.model_fields)
    assert example.count("\n# ") >= len(figures)  # each figure says what it means
    settings = tmp_path / "outreach.toml"
    settings.write_text(example)
    assert load_playbook(settings) == Playbook()
    assert (
        f"settings from {settings}" in outreach.ok("playbook", "--settings", str(settings)).stdout
    )


def test_history_now_shows_what_had_happened_by_then(outreach: Outreach) -> None:
    add_ada(outreach)
    outreach.ok("record", "emailed", "ada", "--at", "-2d")
    assert [e["event"] for e in outreach.json("history", "ada")] == ["added", "emailed"]
    earlier = outreach.json("history", "ada", now=NOW - timedelta(days=5))
    assert [e["event"] for e in earlier] == ["added"]


def test_find_leaves_out_people_who_opted_out(outreach: Outreach) -> None:
    add_ada(outreach)
    outreach.ok("add", "zoe", "--name", "Zoe", "--skill", "python", "--at", "-30d")
    outreach.ok("record", "opted-out", "zoe", "--at", "-1d")
    assert [m["handle"] for m in outreach.json("find", "--skill", "python")] == ["ada"]


def test_linkedin_import_keeps_the_profile_link(outreach: Outreach, tmp_path: Path) -> None:
    file = tmp_path / "Connections.csv"
    file.write_text(LINKEDIN)
    assert "imported 1 person (1 event)" in outreach.ok("import", str(file)).stdout
    shown = outreach.json("show", "ada-lovelace-1815")
    assert shown["contact"] == {"url": "https://www.linkedin.com/in/ada-lovelace-1815/"}
    assert (
        "url: https://www.linkedin.com/in/ada-lovelace-1815/"
        in outreach.ok("show", "ada-lovelace-1815").stdout
    )
    assert "would import 0 people" in outreach.ok("import", str(file), "--dry-run").stdout


def test_answering_no_to_erase_says_nothing_was_erased(
    outreach: Outreach, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_ada(outreach)
    monkeypatch.setattr(admin, "interactive", lambda: True)
    result = outreach("erase", "ada", input="n\n")
    assert result.exit_code == 1
    assert "Nothing erased." in result.stderr and "stopped" not in result.stderr
    assert outreach.json("show", "ada")["name"] == "Ada Lovelace"


@pytest.mark.parametrize("kind", ["replied", "called", "declined", "declined-busy"])
def test_answers_and_calls_take_a_note(outreach: Outreach, kind: str) -> None:
    add_ada(outreach)
    said = outreach.ok("record", kind, "ada", "--note", "after the release", "--at", "-1d")
    assert "note: after the release" in said.stdout
    assert outreach.json("history", "ada")[-1]["note"] == "after the release"


def test_export_ics_takes_what_falls_due_within_days_with_short_titles(
    outreach: Outreach,
) -> None:
    with Engine.open(outreach.url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.add("ada", name="Ada Lovelace", at=at("2026-02-01T09:00"))
        engine.record("ada", "researched", at=at("2026-02-01T09:00"))
        engine.record("ada", "emailed", at=at("2026-03-05T09:00"))  # a call due on the 10th
        engine.add("bob", name="Bob Builder", at=at("2026-02-01T09:00"))  # research: due now
    todos = Calendar.from_ical(outreach.ok("export", "ics").stdout_bytes).walk("VTODO")
    titles = sorted(str(t["summary"]) for t in todos)
    assert titles == ["Call Ada Lovelace", "Research Bob Builder"]
    call = next(t for t in todos if str(t["summary"]) == "Call Ada Lovelace")
    assert str(call["description"]).startswith("Call Ada Lovelace at 10:00")
    assert "email-before-calling" in str(call["description"])
    today = Calendar.from_ical(outreach.ok("export", "ics", "--days", "0").stdout_bytes)
    assert [str(t["summary"]) for t in today.walk("VTODO")] == ["Research Bob Builder"]
    refused(outreach("export", "ics", "--days", "-1"), 2, "--days")


def test_singular_and_plural_in_what_export_wrote(outreach: Outreach, tmp_path: Path) -> None:
    with Engine.open(outreach.url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.add("bob", name="Bob Builder", at=at("2026-02-01T09:00"))
    said = outreach.ok("export", "ics", "-o", str(tmp_path / "a.ics")).stdout
    assert "wrote 0 callbacks and 1 to-do to" in said


def test_profile_updated_corrects_name_and_contact_points(outreach: Outreach) -> None:
    add_ada(outreach)
    outreach.ok(
        "record", "profile-updated", "ada", "--name", "Ada King", "--email", "ada@king.org",
        "--phone", "+44 2", "--url", "https://ada.example.org", "--tz", "europe/london",
    )  # fmt: skip
    shown = outreach.json("show", "ada")
    assert shown["name"] == "Ada King" and shown["tz"] == "Europe/London"
    assert shown["contact"] == {
        "email": "ada@king.org",
        "phone": "+44 2",
        "url": "https://ada.example.org",
    }
    assert [p["name"] for p in outreach.json("ls")] == ["Ada King"]
    assert "Ada King" in outreach.json("next", "ada")["text"]  # the sentences use it too
    assert [m["name"] for m in outreach.json("find", "--skill", "python")] == ["Ada King"]


def test_the_engine_takes_a_time_zone_in_any_case() -> None:
    with Engine.open("memory://", recruiter="sam", clock=lambda: NOW) as engine:
        added = engine.add("ada", name="Ada", tz="europe/london", at=at("2026-03-01T09:00"))
        assert getattr(added.event, "tz", None) == "Europe/London"


def test_an_update_that_changes_nothing_is_refused(outreach: Outreach) -> None:
    add_ada(outreach)
    before = outreach.events()
    refused(outreach("record", "profile-updated", "ada", "--skill", "Python"), 1,
            "nothing to update", "skills")  # fmt: skip
    refused(outreach("record", "profile-updated", "ada"), 1, "nothing to update")
    refused(outreach("record", "profile-updated", "ada", "--name", "Ada Lovelace"), 1,
            "nothing to update", "name")  # fmt: skip
    assert outreach.events() == before
    outreach.ok("record", "profile-updated", "ada", "--name", "Ada Lovelace", "--title", "CTO")
