"""One of several processes writing to one store at once; used by test_concurrency.py.

Each command is logged as done or failed (with the error's class) to a ledger, one JSON line
each, so the test can check that every command done is in the log exactly once and every
command reported failed left nothing behind.
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from outreach.domain import OutreachError
from outreach.engine import Engine

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SHARED = 8  # relationships every worker writes to
GROUPS = 3
# Failures a command may report when others write at once: anything else fails the test.
EXPECTED = {"HandleTaken", "UnknownHandle", "ErasedError", "StoreBusy"}


def plan(me: str, n: int, rng: random.Random, own: list[str]) -> dict[str, Any]:
    """The n-th command of this worker: some on its own relationships, some on those every
    worker shares (so that they race), some on groups, now and then an erasure."""
    tag = f"{me}-{n}"
    roll = rng.random()
    shared = f"shared-{rng.randrange(SHARED)}"
    group = f"Forum {rng.randrange(GROUPS)}"
    if roll < 0.08 or not own:
        return {"cmd": "add", "handle": tag}
    if roll < 0.14:
        return {"cmd": "add", "handle": shared}
    if roll < 0.80:
        # The tag goes in the skills asked about: sealed, so unreadable once they are erased
        # (the check counts those apart).
        handle = shared if roll < 0.55 else rng.choice(own)
        return {"cmd": "record", "handle": handle, "tag": tag}
    if roll < 0.90:
        return {"cmd": "contributed", "group": group, "tag": tag}
    if roll < 0.96:
        return {"cmd": "watch", "group": group}
    return {"cmd": "erase", "handle": rng.choice([*own, shared])}


def run(engine: Engine, entry: dict[str, Any], n: int) -> None:
    at = NOW - timedelta(days=30) + timedelta(minutes=n)
    cmd = entry["cmd"]
    if cmd == "add":
        handle = entry["handle"]
        engine.add(handle, name=f"Person {handle}", email=f"{handle}@example.org", at=at)
    elif cmd == "record":
        engine.record(entry["handle"], "referral-asked", at=at, skills=[entry["tag"]])
    elif cmd == "contributed":
        engine.contributed_to_group(entry["group"], note=entry["tag"], at=at)
    elif cmd == "watch":
        engine.watch_group(entry["group"], at=at)
    else:
        engine.erase(entry["handle"])


def main(url: str, me: str, count: int, ledger: Path, go: Path) -> None:
    rng = random.Random(me)
    own: list[str] = []
    with Engine.open(url, recruiter=me, clock=lambda: NOW) as engine, ledger.open("w") as out:
        while not go.exists():  # every worker starts writing at once
            time.sleep(0.01)
        for n in range(count):
            entry = plan(me, n, rng, own)
            try:
                run(engine, entry, n)
            except OutreachError as error:
                entry.update(ok=False, error=type(error).__name__, why=str(error))
            else:
                entry["ok"] = True
                if entry["cmd"] == "add" and entry["handle"].startswith(me):
                    own.append(entry["handle"])
            out.write(json.dumps({"n": n, "me": me, **entry}) + "\n")
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5]))
