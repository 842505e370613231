"""Stored events outlive the code: explicit topics survive moving the event module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from outreach.engine import Engine

from .samples import ADD, T0, at

ROOT = Path(__file__).parents[2]


def test_events_load_through_a_renamed_module(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'outreach.db'}"
    with Engine.open(url, recruiter="sam", clock=lambda: at(30)) as engine:
        engine.add("ada", at=T0, **ADD)
        engine.record("ada", "emailed", at=at(1), intent="networking", topic="PyCon")
        engine.record("ada", "declined-busy", at=at(2), callback_at=at(3))

    # The next version moves the events to another module; only the explicit topics remain.
    package = tmp_path / "nextversion"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for source, target in [
        ("domain/events.py", "moved_events.py"),
        ("domain/event.py", "moved_event.py"),
        ("domain/stored.py", "stored.py"),
        ("domain/group_events.py", "moved_group_events.py"),
        ("domain/touch_events.py", "moved_touch_events.py"),
        ("domain/values.py", "values.py"),
        ("domain/checks.py", "checks.py"),
        ("engine/mapper.py", "mapper.py"),
        ("domain/errors.py", "errors.py"),
    ]:
        text = (ROOT / source).read_text().replace("outreach.domain.values", "nextversion.values")
        text = text.replace("outreach.domain.errors", "nextversion.errors")
        text = text.replace("outreach.domain.checks", "nextversion.checks")
        text = text.replace("outreach.domain.stored", "nextversion.stored")
        text = text.replace("outreach.domain.events", "nextversion.moved_events")
        text = text.replace("outreach.domain.event", "nextversion.moved_event")
        text = text.replace("outreach.domain.group_events", "nextversion.moved_group_events")
        text = text.replace("outreach.domain.touch_events", "nextversion.moved_touch_events")
        (package / target).write_text(text)
    script = f"""
import sys
sys.path.insert(0, {str(tmp_path)!r})
sys.modules["outreach"] = None  # the old modules are gone
import nextversion.moved_events
from nextversion.mapper import OrjsonTranscoder, PydanticMapper
from eventsourcing.sqlite import SQLiteDatastore, SQLiteApplicationRecorder
recorder = SQLiteApplicationRecorder(SQLiteDatastore({str(tmp_path / "outreach.db")!r}))
mapper = PydanticMapper(transcoder=OrjsonTranscoder())
# Personal fields are sealed with the relationship's data key, kept in a table of its own.
import base64, sqlite3
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
db = sqlite3.connect({str(tmp_path / "outreach.db")!r})
rows = db.execute("SELECT id, key FROM outreach_keys")
keys = {{kid: AESGCM(base64.b64decode(key[3:])) for kid, key in rows if kid != "~master"}}
class Keys:
    def key(self, rid): return keys.get(rid.hex)
    def forget(self, rid): pass
    def shredded(self, rid): return False  # asked of an event with nothing personal given
mapper.privacy = Keys()
for n in recorder.select_notifications(1, 10):
    event = mapper.to_domain_event(n)
    print(type(event).__module__, type(event).__name__, getattr(event, "topic", ""))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == [
        "nextversion.moved_events Added ",
        "nextversion.moved_touch_events Emailed PyCon",
        "nextversion.moved_touch_events DeclinedBusy ",
    ]
