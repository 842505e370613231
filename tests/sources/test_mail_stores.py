"""Reading mail from a program that embeds the engine, on every kind of store."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from outreach.engine import Engine
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
