"""Import streams (issue 14, finding 7): the file is read a row at a time, one oversized cell
refuses its row and not the file, and endless input ends with a clear error."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from outreach.cli.moments import parse_moment
from outreach.sources.csv import read

from .helpers import Outreach, refused

LINKEDIN_NOTES = 'Notes:\n"When exporting your connection data, you may notice..."\n\n'
LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def connection(n: int) -> str:
    return (
        f"Person,Number{n},https://www.linkedin.com/in/person-{n},p{n}@example.com,"
        f"Firm {n % 97},Engineer,06 Mar 2026\n"
    )


def linkedin_file(path: Path, rows: int) -> Path:
    with path.open("w") as file:
        file.write(LINKEDIN_NOTES + LINKEDIN_HEADER)
        for n in range(rows):
            file.write(connection(n))
    return path


@pytest.fixture
def outreach(tmp_path: Path) -> Outreach:
    return Outreach(tmp_path)


def test_endless_input_ends_with_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    """Before: the whole file was parsed first, and /dev/zero grew without bound."""
    env = {**os.environ, "OUTREACH_DB": f"sqlite:///{tmp_path / 'z.db'}", "OUTREACH_TZ": "UTC"}
    done = subprocess.run(
        [sys.executable, "-c", "from outreach.cli import main; main()", "import", "/dev/zero"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done
    assert done.stderr.strip().splitlines() == [
        "error: /dev/zero holds NUL bytes: it is not a CSV text file"
    ]
    assert not (tmp_path / "z.db").exists() or "imported" not in done.stdout


def test_a_line_without_end_is_refused_whole(outreach: Outreach, tmp_path: Path) -> None:
    path = tmp_path / "run.csv"
    with path.open("w") as file:
        file.write("name\nAda\n")
        for _ in range(17):
            file.write("x" * 2**20)
    refused(outreach("import", str(path)), 1, "no line break", "not a CSV file of people")
    assert outreach.events() == 0


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("y" * 200_000, "cannot be read (field larger than field limit"),
        ("z" * 1_100_000, "a line longer than 1,048,576 characters"),
    ],
    ids=["a cell past csv's limit", "a line past a megabyte"],
)
def test_an_oversized_cell_refuses_its_row_not_the_file(
    outreach: Outreach, tmp_path: Path, cell: str, why: str
) -> None:
    path = tmp_path / "big.csv"
    path.write_text(f"name,skills\nAda Lovelace,python\nHuge Row,{cell}\nGrace Hopper,cobol\n")
    result = outreach("import", str(path))
    assert result.exit_code == 1
    assert "imported 2 people" in result.stdout
    assert f"line 3: (unreadable): {why}" in result.stderr, result.stderr
    assert sorted(outreach.json("find", "--skill", "python", "--skill", "cobol"), key=str)


def test_rows_are_read_as_they_are_imported_not_all_at_once(
    tmp_path: Path, figures: Callable[..., None]
) -> None:
    """Reading a 100k-row file holds a few rows at a time (it held every row before)."""
    path = linkedin_file(tmp_path / "Connections.csv", 100_000)
    tracemalloc.start()
    source = read(path, None, parse_moment)
    count = sum(1 for _ in source.items)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 100_000 and source.failed == [] and source.format == "linkedin"
    assert peak < 4 * 2**20, peak  # the file is 8 MB; its rows as objects were ~100 MB
    figures(rows_streamed=count, file_mb=round(path.stat().st_size / 2**20, 1),
            reading_peak_mb=round(peak / 2**20, 2))  # fmt: skip
