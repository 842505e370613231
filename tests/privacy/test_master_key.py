"""Encryption at rest: with a master key, a copied database file alone reveals no personal
data, and a wrong or missing key is a clear error, never garbage."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from outreach.domain import StoreError
from outreach.engine import Engine

from .people import ADA_SECRETS, GRACE_SECRETS, NOW, found, populate, store_bytes, view

KEY = base64.b64encode(bytes(range(32))).decode()
OTHER_KEY = base64.b64encode(bytes(range(1, 33))).decode()


@pytest.fixture(autouse=True)
def no_master_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTREACH_KEY", raising=False)
    monkeypatch.delenv("OUTREACH_KEY_FILE", raising=False)


def opened(url: str) -> Engine:
    return Engine.open(url, recruiter="sam", clock=lambda: NOW)


def test_with_a_master_key_the_file_holds_no_personal_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "outreach.db"
    monkeypatch.setenv("OUTREACH_KEY", KEY)
    with opened(f"sqlite:///{path}") as engine:
        populate(engine)
        engine.agenda(now=NOW)
        assert found(store_bytes(path), ADA_SECRETS + GRACE_SECRETS) == []
    assert found(store_bytes(path), ADA_SECRETS + GRACE_SECRETS) == []


def test_answers_are_the_same_with_and_without_a_master_key(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with opened(f"sqlite:///{tmp_path / 'plain.db'}") as engine:
        populate(engine)
        plain = {h: view(engine, h) for h in ("augusta-l", "grace-h")}
        plain_agenda = engine.agenda(now=NOW)
    monkeypatch.setenv("OUTREACH_KEY", KEY)
    with opened(store_url) as engine:
        populate(engine)
        assert {h: view(engine, h) for h in ("augusta-l", "grace-h")} == plain
        assert engine.agenda(now=NOW) == plain_agenda
        assert [m.handle for m in engine.find(["cobol"])] == ["grace-h"]
        assert sorted(engine.handles()) == ["augusta-l", "grace-h"]
        engine.erase("augusta-l")
        assert engine.handles() == ["grace-h"]
        engine.rebuild()
        assert view(engine, "grace-h") == plain["grace-h"]


def test_a_missing_or_wrong_master_key_is_a_clear_error(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUTREACH_KEY", KEY)
    with opened(sqlite_url) as engine:
        populate(engine)
    monkeypatch.delenv("OUTREACH_KEY")
    with pytest.raises(StoreError, match="sealed with a master key: set OUTREACH_KEY"):
        opened(sqlite_url)
    monkeypatch.setenv("OUTREACH_KEY", OTHER_KEY)
    with pytest.raises(StoreError, match="does not open this store"):
        opened(sqlite_url)
    monkeypatch.setenv("OUTREACH_KEY", "not-a-key")
    with pytest.raises(StoreError, match="32 random bytes in base64"):
        opened(sqlite_url)
    monkeypatch.setenv("OUTREACH_KEY", KEY)
    with opened(sqlite_url) as engine:
        assert engine.history("grace-h")[0].name == "Grace Hopperfield"  # type: ignore[attr-defined]


def test_a_key_file_is_made_on_first_use_readable_by_its_owner_alone(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "keys" / "outreach.key"
    monkeypatch.setenv("OUTREACH_KEY_FILE", str(key_file))
    with opened(sqlite_url) as engine:
        populate(engine)
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(base64.b64decode(key_file.read_text())) == 32
    with opened(sqlite_url) as engine:  # the same file opens the store again
        assert sorted(engine.handles()) == ["augusta-l", "grace-h"]
    os.chmod(key_file, 0o600)
    key_file.write_text(OTHER_KEY + "\n")
    with pytest.raises(StoreError, match="does not open this store"):
        opened(sqlite_url)


def test_a_master_key_put_on_an_existing_store_seals_what_it_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "outreach.db"
    with opened(f"sqlite:///{path}") as engine:
        populate(engine)
        before = view(engine, "grace-h")
    assert found(store_bytes(path), GRACE_SECRETS) != []  # read models in the clear
    monkeypatch.setenv("OUTREACH_KEY", KEY)
    with opened(f"sqlite:///{path}") as engine:
        assert view(engine, "grace-h") == before
    assert found(store_bytes(path), [*ADA_SECRETS, *GRACE_SECRETS, "k1:"]) == []
    monkeypatch.delenv("OUTREACH_KEY")
    with pytest.raises(StoreError, match="sealed with a master key"):
        opened(f"sqlite:///{path}")


OPEN_WITH_KEY = """
import sys
from outreach.domain import StoreError
from outreach.engine import Engine
try:
    Engine.open(sys.argv[1]).close()
    print("opened")
except StoreError as error:
    print(error)
"""


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_processes_opening_a_new_store_with_different_keys_agree_on_the_first(
    kind: str, sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    import subprocess
    import sys

    url = sqlite_url if kind == "sqlite" else request.getfixturevalue("postgres_store")
    children = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_WITH_KEY, url],
            env={**os.environ, "OUTREACH_KEY": (KEY, OTHER_KEY)[n % 2]},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(6)
    ]
    answers = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        answers.append(out.strip())
    opened = [n % 2 for n, answer in enumerate(answers) if answer == "opened"]
    assert len(set(opened)) == 1 and len(opened) == 3, answers  # all of one key, none other
    assert all("does not open this store" in a for a in answers if a != "opened")
