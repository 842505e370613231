"""``outreach mail import`` of a large mbox: ``python -m benchmarks.mail`` from the repository.

Generates an mbox of 100,000 messages (a fixed seed; 1% to or from the 500 people in a fresh
SQLite store, the rest strangers, automatic replies and bounces among them; cached in
benchmarks/.stores/), then runs the real command in a child process, once or ``--runs`` times,
and writes wall-clock time, CPU time and the child's peak memory (VmHWM, from getrusage) to
its own section of benchmarks/RESULTS.md (``--out`` elsewhere). Targets: under 30 s, under
200 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from benchmarks.timing import clock, git_commit, load, machine

ROOT = Path(__file__).resolve().parents[1]
STORES = ROOT / "benchmarks" / ".stores"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
BEGIN, END = (
    "<!-- mail figures: written by python -m benchmarks.mail -->",
    "<!-- end of mail figures -->",
)
ME = "sam@agency.example"
KNOWN = 500
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
BODY = (
    "Hello,\n\nThanks for the notes from the meetup last week. The slides are attached in the"
    " shared folder; the part on build caches is worth a second look.\n\nBest,\n" * 3
)


def known(i: int) -> str:
    return f"person{i}@known.example"


def generate(path: Path, messages: int, seed: int = 7) -> None:
    """An mbox of ``messages`` messages, 1% to or from known people, written as it goes."""
    chance = random.Random(seed)
    with path.open("w", encoding="ascii") as out:
        for n in range(messages):
            at = START + timedelta(minutes=5 * n)
            if chance.random() < 0.01:
                person = known(chance.randrange(KNOWN))
                sender, to = (ME, person) if chance.random() < 0.5 else (person, ME)
            else:
                stranger = f"stranger{chance.randrange(50_000)}@elsewhere.example"
                sender, to = (stranger, ME) if chance.random() < 0.7 else (ME, stranger)
            extra = ""
            if n % 97 == 0:
                extra = "Auto-Submitted: auto-replied\n"
            elif n % 211 == 0:
                sender, extra = "MAILER-DAEMON@mx.example", "Content-Type: multipart/report\n"
            out.write(
                f"From {sender} {at:%a %b %d %H:%M:%S %Y}\nFrom: {sender}\nTo: {to}\n"
                f"Subject: Notes {n}\nDate: {format_datetime(at)}\n"
                f"Message-ID: <{n}.{seed}@bench.example>\n{extra}\n{BODY}\n"
            )


def prepare(folder: Path) -> str:
    """A fresh SQLite store with the known people in it."""
    from outreach.engine import Engine, NewRelationship

    url = f"sqlite:///{folder / 'mail.db'}"
    people = [
        NewRelationship(
            f"person{i}", f"Person {i}", START - timedelta(days=30), {"email": known(i)}
        )
        for i in range(KNOWN)
    ]
    with Engine.open(url, recruiter="sam") as engine:
        engine.import_relationships(people)
    return url


def run_once(url: str, mbox: Path) -> dict[str, object]:
    command = [sys.executable, "-c", "from outreach.cli import main; main()"]
    command += ["mail", "import", str(mbox), "--me", ME]
    env = {"OUTREACH_DB": url, "OUTREACH_RECRUITER": "sam", "PATH": "/usr/bin:/bin"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = clock()
    done = subprocess.run([*command, "--json"], capture_output=True, text=True, env=env)
    wall = clock() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"mail import failed: {done.stderr}")
    summary = json.loads(done.stdout)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of the children is the largest of any child so far: one child per run here.
    return {"wall": wall, "cpu": cpu, "peak_mb": after.ru_maxrss / 1024, "summary": summary}


def report(messages: int, runs: list[dict[str, object]], loads: list[str]) -> str:
    lines = [
        BEGIN,
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {git_commit()}, with:",
        "",
        "```sh",
        f"python -m benchmarks.mail --messages {messages} --runs {len(runs)}",
        "```",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in machine(None) if k != "PostgreSQL"),
        "",
        "| run | load (1, 5, 15 min) before | wall s | CPU s | peak MB | messages/s (wall) |",
        "|---|---|---|---|---|---|",
    ]
    for n, (run, before) in enumerate(zip(runs, loads, strict=True), 1):
        wall, cpu, peak = float(run["wall"]), float(run["cpu"]), float(run["peak_mb"])  # type: ignore[arg-type]
        lines.append(
            f"| {n} | {before} | {wall:.1f} | {cpu:.1f} | {peak:.0f} | {messages / wall:,.0f} |"
        )
    summary = runs[0]["summary"]
    lines += ["", "What the first run did (its `--json` summary, abridged):", "", "```json"]
    lines += [json.dumps({k: v for k, v in summary.items() if k != "warnings"}, indent=1)]  # type: ignore[union-attr]
    lines += ["```", END]
    return "\n".join(lines)


def write(text: str, out: Path) -> None:
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        new = head + text + rest.split(END, 1)[1]
    else:
        new = old.rstrip() + "\n\n## Mail import\n\n" + text + "\n"
    out.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--stores", type=Path, default=STORES)
    options = parser.parse_args(argv)
    options.stores.mkdir(parents=True, exist_ok=True)
    mbox = options.stores / f"mail-{options.messages}.mbox"
    if not mbox.exists():
        generate(mbox, options.messages)
    runs, loads = [], []
    for _ in range(options.runs):
        with tempfile.TemporaryDirectory(dir=options.stores) as folder:
            url = prepare(Path(folder))
            loads.append(load())
            runs.append(run_once(url, mbox))
            print(f"mail import of {options.messages} messages: {runs[-1]['wall']:.1f} s")
    write(report(options.messages, runs, loads), options.out)


if __name__ == "__main__":
    main()
