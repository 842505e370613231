"""Recording, A/B: two (or more) source trees of the project, each with its own ``.venv``,
measured in one run, one round each in turn (the order alternates), on fresh stores.

    python -m benchmarks.record_ab sqlite 50 6 old=/tmp/old new=/tmp/new
    python -m benchmarks.record_ab postgres 25 6 old=/tmp/old new=/tmp/new --server URL

A round (``--round``, run with each tree's own Python) records one command per event through
the engine and then through the bare eventsourcing Application (as benchmarks.record), and
reports both rates, their ratio, the CPU milliseconds per event of each (on PostgreSQL, the
server's backends' too, read from /proc: the server must run on this machine) and, on SQLite,
the statements and transactions per event each sent (counted by sqlite3's trace hook)."""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

SERVER = "postgresql://postgres@127.0.0.1:5432/test"
SENT: Counter[str] = Counter()


def _counting() -> None:
    """Every sqlite3 connection made from now on counts the statements it runs."""
    connect = sqlite3.connect

    def counted(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = connect(*args, **kwargs)
        connection.set_trace_callback(_sent)
        return connection

    sqlite3.connect = counted  # type: ignore[assignment]


def _sent(statement: str) -> None:
    SENT["statements"] += 1
    SENT["transactions"] += statement.lstrip().upper().startswith("BEGIN")


def one_round(kind: str, count: int, server: str) -> dict[str, float]:
    _counting()
    from outreach.engine import parse

    from benchmarks import record
    from benchmarks.stores import opened, remove, sqlite_url

    group = record.people(count)
    folder = Path(tempfile.mkdtemp())
    record.sqlite_round(folder, group[:3])  # warm-up: imports, holiday tables
    events = record.events_in(group)

    served = Served(server if kind == "postgres" else None)

    def engine(url: str) -> tuple[float, float]:
        served.start("engine")
        with opened(url) as engine:
            SENT.clear()
            served.mark()
            cpu, wall = time.process_time(), time.perf_counter()
            for p in group:
                engine.add(p.handle, name=p.name, at=p.at, **p.fields)
                for kind_, at, fields in p.events:
                    engine.record(p.handle, kind_, at=at, **fields)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            served.took("engine")
        return events / wall, cpu / events * 1000

    def bare(env: dict[str, str]) -> tuple[float, float]:
        served.start("bare")
        close = record.Bare.close

        def closing(app: Any) -> None:
            record.Bare.close = close  # type: ignore[method-assign]
            served.took("bare")
            close(app)

        record.Bare.close = closing  # type: ignore[method-assign]
        cpu = time.process_time()
        rate = record.bare_rate(env, group)
        return rate, (time.process_time() - cpu) / events * 1000

    if kind == "sqlite":
        mine, theirs = folder / "engine.db", folder / "bare.db"
        rate, cpu = engine(sqlite_url(mine))
        sent = {k: v / events for k, v in SENT.items()}
        SENT.clear()
        bare_rate, bare_cpu = bare(parse(sqlite_url(theirs)).env)
        sent |= {f"bare {k}": v / events for k, v in SENT.items()}
        remove(mine)
        remove(theirs)
    else:
        from benchmarks.postgres import schemas

        with schemas(server) as make:
            rate, cpu = engine(make())
            sent = {}
            bare_rate, bare_cpu = bare(parse(make()).env)
    figures = {"engine": rate, "bare": bare_rate, "ratio": rate / bare_rate}
    server_ms = {f"{k} server_ms": v / events * 1000 for k, v in served.seconds.items()}
    return {**figures, "cpu_ms": cpu, "bare_cpu_ms": bare_cpu, **server_ms, **sent}


class Served:
    """The CPU time the PostgreSQL server's backends spent on one run's connections (named
    with PGAPPNAME; read from /proc, the server being on this machine)."""

    def __init__(self, server: str | None) -> None:
        self.server = server
        self.seconds: dict[str, float] = {}
        self.at_start: dict[int, float] = {}

    def start(self, name: str) -> None:
        if self.server is not None:
            os.environ["PGAPPNAME"] = f"record-ab-{os.getpid()}-{name}"
            self.at_start = {}

    def mark(self) -> None:
        """The backends open now: their CPU so far (opening the store) does not count."""
        if self.server is not None:
            self.at_start = self._backends()

    def took(self, name: str) -> None:
        if self.server is not None:
            now = self._backends()
            spent = sum(cpu - self.at_start.get(pid, 0.0) for pid, cpu in now.items())
            self.seconds[name] = spent

    def _backends(self) -> dict[int, float]:
        import psycopg

        with psycopg.connect(self.server or "", autocommit=True) as connection:
            rows = connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                (os.environ["PGAPPNAME"],),
            ).fetchall()
        found = {}
        for (pid,) in rows:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return found


def main(argv: list[str]) -> None:
    if argv[0] == "--round":
        print(json.dumps(one_round(argv[1], int(argv[2]), argv[3])))
        return
    server = argv[argv.index("--server") + 1] if "--server" in argv else SERVER
    argv = [a for a in argv if a not in ("--server", server)]
    kind, count, runs = argv[0], argv[1], int(argv[2])
    trees = dict(tree.split("=", 1) for tree in argv[3:])
    got: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for n in range(runs):
        for name in list(trees) if n % 2 == 0 else list(reversed(trees)):
            tree = trees[name]
            # This file, run by the tree's Python in the tree (which need not have it).
            args = ["record_ab", "--round", kind, count, server]
            code = f"import runpy, sys; sys.argv = {args!r}; runpy.run_path({__file__!r})"
            command = [f"{tree}/.venv/bin/python", "-c", code]
            done = subprocess.run(command, cwd=tree, capture_output=True, text=True, check=True)
            got[name].append(json.loads(done.stdout.splitlines()[-1]))
            print(n, name, {k: round(v, 3) for k, v in got[name][-1].items()}, flush=True)
    for name, rounds in got.items():
        for key in rounds[0]:
            values = [r[key] for r in rounds]
            low, high = min(values), max(values)
            print(f"{name} {key}: {statistics.median(values):.3f} ({low:.3f} to {high:.3f})")


if __name__ in ("__main__", "<run_path>"):
    main(sys.argv[1:])
