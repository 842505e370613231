"""What reached "unexpected failure" in the red-team pass (issue 14, finding 6) is a named
error now: one line on stderr saying what was wrong, exit 1, nothing written."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import Outreach, refused

LIMIT_PAST_SQLITE = str(2**63)


@pytest.fixture
def outreach(tmp_path: Path) -> Outreach:
    run = Outreach(tmp_path)
    run.ok("add", "ada", "--name", "Ada Lovelace", "--at", "2026-01-05")
    run.ok("record", "past-candidacy", "ada", "--kind", "interviewed", "--on", "2023-05-02")
    return run


def _settings(tmp_path: Path, line: str) -> str:
    path = tmp_path / "outreach.toml"
    path.write_text(f"[playbook]\n{line}\n")
    return str(path)


def test_a_region_as_the_recruiters_time_zone_is_refused(outreach: Outreach) -> None:
    before = outreach.events()
    result = outreach("record", "emailed", "ada", "--at", "2026-03-02 10:00", OUTREACH_TZ="Europe")
    refused(result, 1, "OUTREACH_TZ='Europe' is not a time zone")
    assert outreach.events() == before


def test_a_region_as_recruiter_tz_in_the_settings_is_refused(
    outreach: Outreach, tmp_path: Path
) -> None:
    settings = _settings(tmp_path, 'recruiter_tz = "Europe"')
    refused(outreach("agenda", "--settings", settings), 1, "recruiter_tz", "not a time zone")


def test_a_figure_too_large_to_count_with_is_refused(outreach: Outreach, tmp_path: Path) -> None:
    settings = _settings(tmp_path, "dormant_after = 99999999999999999999")
    refused(outreach("agenda", "--settings", settings), 1, "dormant_after", "at most")


def test_an_agenda_limit_past_what_the_store_counts_is_refused(outreach: Outreach) -> None:
    refused(outreach("agenda", "--limit", LIMIT_PAST_SQLITE), 1, "limit")


def test_a_nul_byte_in_the_store_path_is_refused(tmp_path: Path) -> None:
    run = Outreach(tmp_path)
    url = f"sqlite:///{tmp_path}/a%00b.db"
    refused(run("add", "ada", "--name", "Ada", "--db", url), 1, "NUL")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_binary_key_file_is_refused(outreach: Outreach, tmp_path: Path) -> None:
    key = tmp_path / "binary.key"
    key.write_bytes(bytes(range(200, 244)))
    os.chmod(key, 0o600)
    refused(outreach("agenda", OUTREACH_KEY_FILE=str(key)), 1, "binary data")


REBUILD_ON_A_FULL_DISK = """
import resource, signal, sys
from outreach.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails as on a full disk
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.argv = ["outreach", "rebuild"]
main()
"""


def test_rebuild_on_a_full_disk_is_a_named_error_and_the_next_rebuild_mends_it(
    tmp_path: Path,
) -> None:
    """The full disk is simulated with RLIMIT_FSIZE: the rebuild's process may not grow any
    file past a few pages, so SQLite's writes fail as they do when the disk is full."""
    url = f"sqlite:///{tmp_path / 'full.db'}"
    from outreach.engine import Engine, NewRelationship

    with Engine.open(url, recruiter="sam") as engine:
        people = [
            NewRelationship(f"p{n}", f"Person {n} " + base64.b16encode(os.urandom(40)).decode())
            for n in range(300)
        ]
        engine.import_relationships(people)
        agenda = engine.agenda()
    env = {**os.environ, "OUTREACH_DB": url, "OUTREACH_RECRUITER": "sam"}
    done = subprocess.run(
        [sys.executable, "-c", REBUILD_ON_A_FULL_DISK, str(64 * 1024)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done
    lines = done.stderr.strip().splitlines()
    assert (
        len(lines) == 1
        and "the disk is full or failing" in lines[0]
        and "unexpected" not in lines[0]
    ), lines
    with Engine.open(url, recruiter="sam") as engine:
        engine.rebuild()
        assert engine.agenda() == agenda


def test_a_store_file_others_can_read_is_made_private(tmp_path: Path) -> None:
    """Issue 14, finding 9: a store copied in with a umask of 022 was left readable by all."""
    run = Outreach(tmp_path)
    run.ok("add", "ada", "--name", "Ada Lovelace")
    store = tmp_path / "cli.db"
    os.chmod(store, 0o644)
    run.ok("agenda")
    assert store.stat().st_mode & 0o777 == 0o600


def test_a_postgresql_url_naming_a_missing_database_says_so(tmp_path: Path) -> None:
    """Issue 14, finding 9: it said "couldn't get a connection after 5.00 sec"."""
    from tests.conftest import postgres_url

    base = postgres_url()
    if base is None:
        pytest.skip("needs OUTREACH_TEST_POSTGRES")
    from urllib.parse import urlsplit

    missing = urlsplit(base)._replace(path="/no_such_database_h14").geturl()
    result = Outreach(tmp_path)("agenda", "--db", missing)
    refused(result, 1, "the database 'no_such_database_h14' does not exist", "createdb")
