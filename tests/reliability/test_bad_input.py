"""Hostile input: random and malicious arguments to every command, random CSV files to import.
Never a traceback; exit codes as documented (0 done, 1 refused, 2 usage); a refused command
leaves the store as it was; text from outside is written back out safely."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, example, given, settings
from outreach.cli.app import cli
from outreach.engine import Engine

from .hostile import NOW, csv_files, invocations


class Store:
    """A small store the hostile commands run against, and its state to compare."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.url = f"sqlite:///{root / 'store.db'}"
        with Engine.open(self.url, recruiter="sam", clock=lambda: NOW) as engine:
            engine.add("ada", name="Ada Lovelace", skills=["python"], tz="Europe/London")
            engine.record("ada", "met", where="PyCon", would_hire=True)
            engine.add("bob", name="Bob Page", email="bob@example.org")
            engine.record("bob", "declined-busy")

    def state(self) -> tuple[int, list[str]]:
        with Engine.open(self.url, recruiter="sam", clock=lambda: NOW) as engine:
            return engine.event_count(), sorted(engine.handles())

    def run(self, argv: list[str]) -> Result:
        env = {
            "OUTREACH_DB": self.url,
            "OUTREACH_RECRUITER": "sam",
            "OUTREACH_TZ": "UTC",
            "OUTREACH_SETTINGS": None,
            "OUTREACH_DEBUG": None,
            "OUTREACH_KEY": None,
            "OUTREACH_KEY_FILE": None,
            "XDG_CONFIG_HOME": str(self.root / "config"),
        }
        return CliRunner().invoke(cli, ["--now", NOW.isoformat(), *argv], env=env)


def assert_handled(result: Result) -> None:
    """Exit 0, 1 or 2 with one line for people: no traceback, no 'unexpected failure'."""
    output = result.stdout + result.stderr
    assert result.exit_code in (0, 1, 2), output
    assert isinstance(result.exception, SystemExit | None), repr(result.exception)
    assert "Traceback" not in output
    assert "unexpected failure" not in output, output


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.chdir(tmp_path)  # whatever a command writes stays in here
    return Store(tmp_path)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(argv=invocations())
# Found by this test in CI: a NUL byte as the mailbox's or the calendar's file name.
@example(argv=["mail", "import", "\x00", "ada", "--dry-run", "--json", "--as", "ada"])
@example(argv=["calendar", "import", "\x00", "--me", "sam@agency.example"])
def test_hostile_arguments_never_crash_and_refusals_change_nothing(
    store: Store, argv: list[str], figures: Any
) -> None:
    before = store.state()
    result = store.run(argv)
    assert_handled(result)
    if result.exit_code != 0 and argv[0] != "import":
        assert store.state() == before, (argv, result.stderr)
    tally(figures, "invocations", f"exit_{result.exit_code}")


SEEN: dict[str, dict[str, int]] = {}


def tally(figures: Any, what: str, outcome: str) -> None:
    """Count the inputs tried and how each ended, for RELIABILITY.md."""
    counts = SEEN.setdefault(what, {})
    counts["tried"] = counts.get("tried", 0) + 1
    counts[outcome] = counts.get(outcome, 0) + 1
    figures(**{what: dict(counts)})


def test_a_time_zone_naming_a_region_is_refused_for_people(store: Store) -> None:
    result = store.run(["add", "zed", "--name", "Zed", "--tz", "Europe"])
    assert result.exit_code == 1, result.stderr
    assert "unexpected failure" not in result.stderr


def test_a_file_name_with_a_nul_byte_is_refused_for_people(store: Store) -> None:
    result = store.run(["import", "bad\x00name.csv"])
    assert result.exit_code == 2, result.stderr
    assert_handled(result)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=csv_files())
def test_random_csv_files_import_or_are_refused_cleanly(
    store: Store, data: bytes, figures: Any
) -> None:
    path = store.root / "people.csv"
    path.write_bytes(data)
    before = store.state()
    checked = store.run(["import", str(path), "--dry-run"])
    assert_handled(checked)
    assert store.state() == before  # a dry run writes nothing
    imported = store.run(["import", str(path)])
    assert_handled(imported)
    assert imported.exit_code in (0, 1)
    after = store.state()
    again = store.run(["import", str(path)])
    assert_handled(again)
    assert store.state() == after  # importing the same file twice adds nothing
    exported = store.run(["export", "ics", "-o", str(store.root / "out.ics")])
    assert_handled(exported)
    assert exported.exit_code == 0, exported.stderr
    assert_calendar_is_well_formed((store.root / "out.ics").read_bytes())
    added = after[0] > before[0]
    tally(figures, "csv_files", f"exit_{imported.exit_code}" + ("_added" if added else ""))


def assert_calendar_is_well_formed(data: bytes) -> None:
    """Text from outside (names, notes) cannot break out of its property: every unfolded
    line is one property, and the components are exactly those the file declares."""
    from icalendar import Calendar

    text = data.decode("utf-8")
    assert "\r\n" in text
    lines = text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")
    assert all(line == "" or ":" in line for line in lines)
    assert all("\n" not in line and "\r" not in line for line in lines)
    calendar = Calendar.from_ical(data)
    parsed = [c.name for c in calendar.walk() if c.name in ("VEVENT", "VTODO")]
    declared = [line[len("BEGIN:") :] for line in lines if line in ("BEGIN:VEVENT", "BEGIN:VTODO")]
    assert parsed == declared


def test_hostile_names_are_escaped_in_the_calendar(store: Store) -> None:
    nasty = "Eve\nBEGIN:VEVENT\nSUMMARY:injected; x=y, z\\"
    with Engine.open(store.url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.add("eve", name=nasty, email='=HYPERLINK("http://evil.example")')
    result = store.run(["export", "ics", "-o", str(store.root / "out.ics")])
    assert result.exit_code == 0, result.stderr
    data = (store.root / "out.ics").read_bytes()
    assert_calendar_is_well_formed(data)
    from icalendar import Calendar

    summaries = [str(c["summary"]) for c in Calendar.from_ical(data).walk() if "summary" in c]
    assert any(nasty in s for s in summaries)  # the name comes back exactly as typed
