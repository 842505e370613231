"""The insight commands at size: ``python -m benchmarks.insight [--quick]`` from the repository.

Full: a store of 10k people (the benchmark generator's pipeline, cached in benchmarks/.stores/),
``whatif`` under three changed figures (target: under 10 s each), ``stats`` and the report's
figures, in process, then ``outreach whatif`` as a whole process. The figures go to their own
section of benchmarks/RESULTS.md, between markers of their own. Quick (300 people, for the
smoke test) writes to benchmarks/.stores/INSIGHT-QUICK.md unless ``--out`` says otherwise.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from outreach.engine.insight import pipeline_stats, proposed, report_figures, what_if

from benchmarks.generate import NOW
from benchmarks.report import Section
from benchmarks.stores import ROOT, cache_dir, fresh_store, opened, remove, sqlite_url
from benchmarks.timing import Figure, clock, machine

STORES = ROOT / "benchmarks" / ".stores"
BEGIN = "<!-- insight figures: written by python -m benchmarks.insight -->"
END = "<!-- end of insight figures -->"
CHANGES = (("call_after_email=2",), ("grace=2", "busy_follow_up=4"), ("dormant_after=200",))


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (whatif's worker processes)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def store(size: int, folder: Path) -> Path:
    """The cached store of ``size`` people, made whole before it takes its name (a run stopped
    while making it leaves no half store to be measured next time)."""
    path = cache_dir(folder) / f"insight-{size}.db"
    if not path.exists():
        making = path.with_name(f"making-{path.name}")
        fresh_store(making, size)
        remove(path)
        os.replace(making, path)
        remove(making)
    return path


def measure(size: int, runs: int, folder: Path) -> Section:
    path = store(size, folder)
    label = f"{size // 1000}k" if size >= 1000 else str(size)
    section = Section(f"Insight: whatif, stats and the report's figures, {label} people")
    with opened(sqlite_url(path)) as engine:
        engine.catch_up()
        for pairs in CHANGES:
            figure = Figure(f"whatif --set {' --set '.join(pairs)}, {label}", "s", target=10)
            cpu = Figure(f"the same, CPU time of all its processes, {label}", "s")
            for _ in range(runs):
                start, start_cpu = clock(), cpu_seconds()
                found = what_if(engine, proposed(engine.settings, list(pairs)))
                figure.samples.append(clock() - start)
                cpu.samples.append(cpu_seconds() - start_cpu)
            figure.note = f"{len(found.actions)} actions and {len(found.violations)} violations"
            section.figures += [figure, cpu]
        for name, work in (
            ("stats", lambda: pipeline_stats(engine)),
            ("report figures (stats, agenda over time)", lambda: report_figures(engine)),
        ):
            figure = Figure(f"{name}, {label}", "s")
            for _ in range(runs):
                start = clock()
                work()
                figure.samples.append(clock() - start)
            section.figures.append(figure)
    process = Figure(f"outreach whatif --set grace=2 as a process, {label}", "s", target=10)
    env = {**os.environ, "OUTREACH_DB": sqlite_url(path), "OUTREACH_SETTINGS": ""}
    argv = [str(Path(sys.executable).parent / "outreach"), "--now", NOW.isoformat()]
    for _ in range(runs):
        start = clock()
        subprocess.run([*argv, "whatif", "--set", "grace=2"], env=env, check=True,
                       capture_output=True, cwd=ROOT)  # fmt: skip
        process.samples.append(clock() - start)
    section.figures.append(process)
    section.notes.append(
        "whatif replays every relationship through projections.policy.assess twice (the"
        " settings in force and the changed ones) as of the store's clock, reading each stored"
        " history back, in one worker process per core from 2,000 people on; nothing is"
        " written. On an idle machine its wall time is about its CPU time over the cores."
    )
    return section


def write(section: Section, path: Path, seconds: float) -> None:
    lines = [
        f"Run on {time.strftime('%Y-%m-%d %H:%M')}, {seconds / 60:.1f} minutes, with"
        " `python -m benchmarks.insight`, on:",
        "",
        *(f"- {key}: {value}" for key, value in machine(None)),
        "",
        f"### {section.title}",
        "",
        f"Load average: {section.load}.",
        "",
        "| figure | median | min | max | unit | target | |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for f in section.figures:
        median, low, high = f.cells()
        name = f.name + (f" ({f.note})" if f.note else "")
        cells = (name, median, low, high, f.unit, f.goal(), f.verdict)
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", *(f"- {note}" for note in section.notes)]
    text = "\n".join(lines)
    old = path.read_text() if path.exists() else "# Benchmark results\n"
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        new = f"{head}{BEGIN}\n{text}\n{END}{rest.split(END, 1)[1]}"
    else:
        title = "\n## Insight (outreach stats, report, whatif)\n\n"
        new = f"{old.rstrip()}\n{title}{BEGIN}\n{text}\n{END}\n"
    path.write_text(new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.insight")
    parser.add_argument("--quick", action="store_true", help="300 people, for the smoke test")
    parser.add_argument("--out", type=Path, help="where to write the figures")
    parser.add_argument("--stores", type=Path, default=STORES, help="the store cache")
    args = parser.parse_args(argv)
    started = clock()
    size, runs = (300, 1) if args.quick else (10_000, 3)
    section = measure(size, runs, args.stores)
    default = STORES / "INSIGHT-QUICK.md" if args.quick else ROOT / "benchmarks" / "RESULTS.md"
    out = args.out or default
    write(section, out, clock() - started)
    print(f"figures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
