"""The master key's file (issue 14, finding 1): anything that is not a valid key kept from
others is refused with a named error, never taken for "no key" (a store in the clear), and a
new key is made atomically, so processes racing to make it all read the winner's key."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .people import store_bytes

KEY = base64.b64encode(bytes(range(32))).decode()
FIRST_USE = """
import sys, time, base64
from outreach.domain import StoreError
from outreach.engine.keyfile import master_key
while time.time() < float(sys.argv[2]):
    time.sleep(0.001)
try:
    key = master_key({"OUTREACH_KEY_FILE": sys.argv[1]})
    print(base64.b64encode(key).decode() if key else "no key")
except StoreError as error:
    print("refused:", error)
"""
FULL_DISK = """
import resource, signal, sys
from outreach.domain import StoreError
from outreach.engine.keyfile import master_key
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
try:
    print(master_key({"OUTREACH_KEY_FILE": sys.argv[1]}))
except StoreError as error:
    print("refused:", error)
"""


def outreach(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from outreach.cli import main; main()", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _key_file(tmp_path: Path, content: bytes, mode: int = 0o600) -> Path:
    path = tmp_path / "outreach.key"
    path.write_bytes(content)
    os.chmod(path, mode)
    return path


BAD_KEY_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty": (lambda d: _key_file(d, b""), "it is empty"),
    "blank": (lambda d: _key_file(d, b" \n"), "it is empty"),
    "short": (lambda d: _key_file(d, base64.b64encode(b"x" * 16)), "it holds 16 bytes"),
    "binary": (lambda d: _key_file(d, bytes(range(200, 244))), "it holds binary data"),
    "not base64": (lambda d: _key_file(d, b"!" * 44), "it is not base64"),
    "readable by others": (
        lambda d: _key_file(d, KEY.encode(), 0o644),
        "can be read or changed by others",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_KEY_FILES))
def test_a_key_file_that_is_not_a_valid_private_key_is_refused_and_nothing_is_written(
    case: str, tmp_path: Path
) -> None:
    make, why = BAD_KEY_FILES[case]
    key_file = make(tmp_path)
    store = tmp_path / "outreach.db"
    done = outreach(
        "--db",
        f"sqlite:///{store}",
        "add",
        "p",
        "--name",
        "Secretia Plainfield",
        env={"OUTREACH_KEY_FILE": str(key_file)},
    )
    assert done.returncode == 1, done
    assert done.stderr.startswith("error: ") and why in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1 and "unexpected" not in done.stderr
    assert b"Secretia" not in (store_bytes(store) if store.exists() else b"")


def test_processes_making_the_key_file_at_once_all_read_the_winners_key(
    tmp_path: Path, figures: Callable[..., None]
) -> None:
    rounds, processes = 12, 24
    outcomes: list[str] = []
    for n in range(rounds):
        path = tmp_path / f"round{n}" / "outreach.key"
        start = time.time() + 2.0  # every child is up and waiting by then
        children = [
            subprocess.Popen(
                [sys.executable, "-c", FIRST_USE, str(path), str(start)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(processes)
        ]
        answers = [child.communicate(timeout=120)[0].strip() for child in children]
        outcomes += answers
        written = base64.b64encode(base64.b64decode(path.read_text())).decode()
        assert answers == [written] * processes, answers
        assert path.stat().st_mode & 0o777 == 0o600
        assert sorted(p.name for p in path.parent.iterdir()) == ["outreach.key"]  # no leftovers
    figures(key_files_made=rounds, first_uses=len(outcomes), saw_no_key=outcomes.count("no key"))


def test_a_full_disk_while_making_the_key_leaves_no_key_file(tmp_path: Path) -> None:
    path = tmp_path / "outreach.key"
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.startswith("refused: cannot use the key file"), done
    assert list(tmp_path.iterdir()) == []  # neither the key nor a temporary file is left
    assert _first_use(path) != "no key"  # and the next use makes a whole one


def _first_use(path: Path) -> Any:
    done = subprocess.run(
        [sys.executable, "-c", FIRST_USE, str(path), "0"], capture_output=True, text=True
    )
    return done.stdout.strip()
