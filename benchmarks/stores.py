"""Benchmark stores: generated with the bulk import, kept in a cache folder between runs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from outreach.engine import Engine
from outreach.engine.bulk import import_relationships

from benchmarks.generate import NOW, group_activity, pipeline
from benchmarks.timing import clock

ROOT = Path(__file__).resolve().parents[1]
RECRUITER = "sam"
CHUNK = 10_000  # people generated at a time (outside the timed import)


def envelope(at: datetime | None) -> dict[str, Any]:
    """What the engine adds to every event it records (see Engine._envelope)."""
    return {"occurred_at": at or NOW, "by": RECRUITER, "timestamp": NOW}


@contextmanager
def opened(url: str) -> Iterator[Engine]:
    """The engine on ``url`` with the benchmark clock: every store is seen at NOW."""
    engine = Engine.open(url, recruiter=RECRUITER, clock=lambda: NOW)
    try:
        yield engine
    finally:
        engine.close()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


EVENT_CODE = ("domain/*.py", "engine/*.py", "benchmarks/generate.py", "benchmarks/stores.py")


def fingerprint() -> str:
    """What the stored events depend on (the read models are rebuilt in every full run)."""
    digest = hashlib.sha256()
    for path in sorted(p for pattern in EVENT_CODE for p in ROOT.glob(pattern)):
        if path.name != "queries.py":  # the engine's queries write nothing
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# generated benchmark stores, never committed\n*\n")
    return folder


def populate(engine: Engine, size: int) -> dict[str, float]:
    """Write a pipeline of ``size`` people: the bulk import (timed without generating the
    people), then the read models' catch-up from empty (timed)."""
    for kind, group, at in group_activity():
        if kind == "watch":
            engine.watch_group(group, at=at)
        else:
            engine.contributed_to_group(group, at=at)
    events, seconds, cpu = 0, 0.0, 0.0
    people = pipeline(size)
    for start in range(0, size, CHUNK):
        chunk = [next(people) for _ in range(min(CHUNK, size - start))]
        begin, begin_cpu = clock(), time.process_time()
        report = import_relationships(engine.app, chunk, envelope, batch_size=500)
        seconds += clock() - begin
        cpu += time.process_time() - begin_cpu
        events += report.events
        if report.failed:
            raise RuntimeError(f"the generator made people the engine refuses: {report.failed[:3]}")
    begin, begin_cpu = clock(), time.process_time()
    caught_up = engine.catch_up()
    catch_up_seconds, catch_up_cpu = clock() - begin, time.process_time() - begin_cpu
    return {
        "people": size,
        "events": events,
        "import_rate": events / seconds,
        "import_cpu_rate": events / cpu,
        "caught_up": caught_up,
        "catch_up_rate": caught_up / catch_up_seconds,
        "catch_up_cpu_rate": caught_up / catch_up_cpu,
    }


def fresh_store(path: Path, size: int) -> dict[str, float]:
    remove(path)
    with opened(sqlite_url(path)) as engine:
        return populate(engine, size)


def cached_store(folder: Path, size: int, *, fresh: bool) -> tuple[Path, dict[str, Any]]:
    """The store of ``size`` people in the cache, made anew when the code that writes events
    changed (or when asked). Returns its path and the figures of its generation."""
    path = cache_dir(folder) / f"pipeline-{size}.db"
    meta_path = path.with_suffix(".json")
    key = fingerprint()
    if not fresh and path.exists() and meta_path.exists():
        meta: dict[str, Any] = json.loads(meta_path.read_text())
        if meta.get("fingerprint") == key:
            meta["cached"] = True
            return path, meta
    meta_path.unlink(missing_ok=True)
    figures = fresh_store(path, size)
    meta = {**figures, "fingerprint": key, "made": datetime.now().isoformat(timespec="seconds")}
    meta_path.write_text(json.dumps(meta, indent=1))
    return path, {**meta, "cached": False}


def copy_store(source: Path, target: Path) -> None:
    remove(target)
    shutil.copyfile(source, target)
    for suffix in ("-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    os.chmod(target, 0o600)
