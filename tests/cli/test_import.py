"""``outreach import``: LinkedIn's Connections.csv and the generic CSV, idempotent, bad rows
reported by line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from outreach.cli import importing
from outreach.sources.csv import make_handle
from outreach.sources.linkedin import handle_from_url

from .helpers import Outreach, refused

# As LinkedIn exports it: note lines above the header; quoted commas; a cell over two lines.
CONNECTIONS = """\
Notes:
"When exporting your connection data, you may notice that some of the email addresses are \
missing. You will only see email addresses for connections who have allowed it, see \
https://www.linkedin.com/psettings/privacy/email"

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace-1815/,ada@example.org,"Babbage, Lovelace & Co",Analyst,10 Dec 2025
José,Núñez,https://www.linkedin.com/in/jos%C3%A9-n%C3%BA%C3%B1ez,,"Acme, Inc.","Engineer, Platform",02 Jan 2026
Zoë,Łukasiewicz,,,Warsaw Labs,"Logician
and teacher",15 Feb 2026
,,https://www.linkedin.com/in/nobody,,,,01 Jan 2026
Grace,Hopper,https://www.linkedin.com/in/grace-hopper,,Navy,Admiral,31 Foo 2026
李,雷,https://www.linkedin.com/in/li-lei-88,,,,03 Mar 2026
"""  # noqa: E501

GENERIC = """\
handle,name,email,skills,source,candidacy,candidacy_on,candidacy_role,met_where,met_on,would_hire,tz
,Grace Hopper,grace@example.org,cobol;compilers,,placed,2019-05-01,COBOL lead,,,,America/New_York
ada,Ada Lovelace,,python,,,,,PyCon UK,2026-02-01,yes,Europe/London
zed,Zed Zone,,,,,,,,,,Mars/Base
cand,Can Didate,,,,hired,2020-01-01,,,,,
nodate,No Date,,,,placed,,,,,,
maybe,May Be,,,,,,,Meetup,,perhaps,
"""


def write(tmp_path: Path, text: str, name: str = "Connections.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def snapshot(outreach: Outreach, handles: list[str]) -> dict[str, object]:
    return {h: outreach.json("history", h) for h in handles}


IMPORTED = ["ada-lovelace-1815", "jose-nunez", "zoe-lukasiewicz", "li-lei-88"]


def test_a_linkedin_export_imports_its_good_rows_and_reports_the_bad_by_line(
    outreach: Outreach, tmp_path: Path
) -> None:
    result = outreach("import", write(tmp_path, CONNECTIONS))
    assert result.exit_code == 1
    assert "imported 4 people" in result.stdout and "(linkedin)" in result.stdout
    errors = result.stderr.splitlines()
    assert errors[0].startswith("line 9: https://www.linkedin.com/in/nobody: no name")
    assert errors[1].startswith("line 10: Grace Hopper: ") and "Connected On" in errors[1]
    assert len(errors) == 2
    jose = outreach.json("history", "jose-nunez")[0]
    assert jose["name"] == "José Núñez" and jose["email"] is None
    assert jose["company"] == "Acme, Inc." and jose["title"] == "Engineer, Platform"
    assert jose["source"] == "import" and jose["occurred_at"].startswith("2026-01-02T00:00")
    assert outreach.json("history", "zoe-lukasiewicz")[0]["title"] == "Logician\nand teacher"
    assert outreach.json("history", "li-lei-88")[0]["name"] == "李 雷"


def test_importing_twice_leaves_the_same_store(outreach: Outreach, tmp_path: Path) -> None:
    path = write(tmp_path, CONNECTIONS)
    outreach("import", path)
    before, events = snapshot(outreach, IMPORTED), outreach.events()
    again = outreach("import", path)
    assert again.exit_code == 1 and "imported 0 people" in again.stdout
    assert "4 already there" in again.stdout
    assert outreach.events() == events and snapshot(outreach, IMPORTED) == before


def test_a_dry_run_writes_nothing_and_says_what_would_happen(
    outreach: Outreach, tmp_path: Path
) -> None:
    path = write(tmp_path, CONNECTIONS)
    result = outreach("import", path, "--dry-run")
    assert result.exit_code == 1 and "would import 4 people" in result.stdout
    assert "nothing was written" in result.stdout and len(result.stderr.splitlines()) == 2
    assert outreach.json("where")["exists"] is False
    outreach("import", path)
    events = outreach.events()
    assert "would import 0 people; 4 already there" in outreach("import", path, "--dry-run").stdout
    assert outreach.events() == events


def test_the_generic_csv_brings_candidacies_and_meetings(
    outreach: Outreach, tmp_path: Path
) -> None:
    result = outreach("import", write(tmp_path, GENERIC, "people.csv"))
    assert result.exit_code == 1 and "imported 2 people" in result.stdout
    assert "(csv)" in result.stdout
    errors = result.stderr.splitlines()
    assert [e.split(":")[0] for e in errors] == ["line 4", "line 5", "line 6", "line 7"]
    assert "time zone" in errors[0] and "hired" in errors[1]
    assert "candidacy_on" in errors[2] and "yes or no" in errors[3]
    grace = outreach.json("history", "grace-hopper")
    assert [e["event"] for e in grace] == ["added", "past-candidacy"]
    assert grace[0]["source"] == "past" and grace[0]["skills"] == ["cobol", "compilers"]
    assert grace[1]["kind"] == "placed" and grace[1]["role"] == "COBOL lead"
    assert grace[0]["occurred_at"] == grace[1]["occurred_at"]  # added when first known
    assert outreach.json("next", "grace-hopper")["action"] == "refresh-profile"
    met = outreach.json("history", "ada")[-1]
    assert met["event"] == "met" and met["where"] == "PyCon UK" and met["would_hire"] is True


@pytest.mark.parametrize(
    ("text", "options", "words"),
    [
        ("name,nickname\nAda,Countess\n", [], ["unknown columns nickname"]),
        ("handle,email\nada,a@b.c\n", [], ["no name column"]),
        ("name\nAda\n", ["--format", "linkedin"], ["no LinkedIn header"]),
        ("", [], ["empty"]),
    ],
)
def test_an_unusable_file_is_refused_whole(
    outreach: Outreach, tmp_path: Path, text: str, options: list[str], words: list[str]
) -> None:
    refused(outreach("import", write(tmp_path, text, "f.csv"), *options), 1, *words)
    assert outreach.events() == 0


def test_a_file_that_is_not_utf8_is_refused(outreach: Outreach, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("name\nJosé\n".encode("latin-1"))
    refused(outreach("import", str(path)), 1, "UTF-8")
    refused(outreach("import", str(tmp_path / "missing.csv")), 2, "missing.csv")


def test_a_progress_bar_on_a_terminal_for_large_files(
    outreach: Outreach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "PROGRESS_FROM", 2)
    result = outreach("import", write(tmp_path, CONNECTIONS), TTY_COMPATIBLE="1")
    assert "importing" in result.stderr
    assert "importing" not in outreach("import", write(tmp_path, CONNECTIONS)).stderr


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("José Núñez", "jose-nunez"),
        ("  Zoë  Łukasiewicz ", "zoe-lukasiewicz"),
        ("O'Brien, Jr.", "o-brien-jr"),
        ("李雷", None),
        ("x" * 60, "x" * 40),
    ],
)
def test_handles_are_made_valid_from_names(text: str, handle: str | None) -> None:
    assert make_handle(text) == handle


def test_handles_come_from_the_profile_slug() -> None:
    assert handle_from_url("https://www.linkedin.com/in/Ada-Lovelace-1815/?x=1") == (
        "ada-lovelace-1815"
    )
    assert handle_from_url("https://www.linkedin.com/company/acme") is None
    assert handle_from_url("") is None


def test_a_date_alone_is_that_day_where_the_candidate_lives(
    outreach: Outreach, tmp_path: Path
) -> None:
    # PLAYBOOK, Words: "a date with no time (... a CSV date) means the start (00:00) of that day
    # in the candidate's time zone". Tokyo is nine hours ahead of the recruiter's UTC.
    csv = "handle,name,met_where,met_on,tz\nkenji,Kenji Sato,PyCon JP,2026-02-01,asia/tokyo\n"
    outreach.ok("import", write(tmp_path, csv, "people.csv"), OUTREACH_TZ="UTC")
    met = [e for e in outreach.json("history", "kenji") if e["event"] == "met"]
    assert datetime.fromisoformat(met[0]["occurred_at"]) == datetime(2026, 1, 31, 15, tzinfo=UTC)
