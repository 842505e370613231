"""Reading mail from a program that embeds the engine, on every kind of store."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from outreach.engine import Engine
from outreach.sources.ledger import Ledger
from outreach.sources.mail import MailReader
from outreach.sources.mailboxes import open_mail

from .mailmaker import ADA, SAM, conversation, write_mbox

NOW = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)


def _read(engine: Engine, path: Path) -> dict[str, object]:
    reader = MailReader(engine, [SAM], source=str(path))
    reader.read(open_mail(path).pieces)
    return reader.finish().as_json()


def test_mail_is_recorded_once_on_every_store(store_url: str, tmp_path: Path) -> None:
    path = write_mbox(tmp_path / "m.mbox", conversation())
    with Engine.open(store_url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.add("ada", name="Ada Lovelace", email=ADA, at=datetime(2026, 3, 1, tzinfo=UTC))
        first = _read(engine, path)
        assert first["recorded"] == {"emailed": 1, "replied": 1}
        assert _read(engine, path)["already_recorded"] == 2
        kinds = [e.KIND for e in engine.history("ada")]
        assert kinds == ["added", "emailed", "replied"]


def test_two_readers_of_the_same_mail_at_once_record_it_once(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race: reader B looks at Ada's history, then reader A (another process) records the
    # same messages, then B records. B's look saw nothing, and its ledger had no mark yet.
    if store_url == "memory://":
        pytest.skip("two engines opened on memory:// are two stores: nothing is shared")
    path = write_mbox(tmp_path / "m.mbox", conversation())
    with (
        Engine.open(store_url, recruiter="sam", clock=lambda: NOW) as one,
        Engine.open(store_url, recruiter="sam", clock=lambda: NOW) as other,
    ):
        one.add("ada", name="Ada Lovelace", email=ADA, at=datetime(2026, 3, 1, tzinfo=UTC))
        other.catch_up()
        looked = other.history

        def look_then_let_the_other_record(handle: str, **options: object) -> object:
            seen = looked(handle, **options)  # type: ignore[arg-type]
            if not getattr(look_then_let_the_other_record, "done", False):
                look_then_let_the_other_record.done = True  # type: ignore[attr-defined]
                assert _read(one, path)["recorded"] == {"emailed": 1, "replied": 1}
            return seen

        monkeypatch.setattr(other, "history", look_then_let_the_other_record)
        monkeypatch.setattr(Ledger, "seen", lambda self, fingerprint: False)
        second = _read(other, path)
        assert second["recorded"] == {}, second
        assert second["already_recorded"] == 2
        kinds = [e.KIND for e in one.history("ada")]
        assert kinds == ["added", "emailed", "replied"]
