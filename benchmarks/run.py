"""The benchmarks, one command: ``python -m benchmarks.run [--quick]`` from the repository.

Full (about ten minutes on two cores): stores of 1k, 10k and 100k people; figures to
benchmarks/RESULTS.md. Quick (1k only, for CI, asserting nothing about time): figures to
benchmarks/.stores/QUICK.md unless ``--out`` says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks import record
from benchmarks.postgres import schemas, server_version
from benchmarks.queries import query_figures
from benchmarks.report import Report, Section
from benchmarks.startup import cli_figures
from benchmarks.stores import (
    ROOT,
    cache_dir,
    cached_store,
    fresh_store,
    opened,
    populate,
    sqlite_url,
)
from benchmarks.timing import Figure, clock, fmt, machine

STORES = ROOT / "benchmarks" / ".stores"


@dataclass(frozen=True)
class Plan:
    sizes: tuple[int, ...]
    import_runs: dict[int, int]  # fresh stores per size (the largest is cached instead)
    record_people: int
    record_runs: int
    query_runs: int
    cli_runs: int
    postgres_people: int


FULL = Plan((1_000, 10_000, 100_000), {1_000: 5, 10_000: 3}, 50, 5, 30, 10, 10_000)
QUICK = Plan((1_000,), {1_000: 2}, 10, 2, 10, 3, 1_000)


def label(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 else str(size)


def record_section(plan: Plan, folder: Path) -> Section:
    section = Section("Record: one command per event, SQLite file")
    group = record.people(plan.record_people)
    record.sqlite_round(folder, group[:3])  # warm-up: imports, holiday tables, file cache
    engine = Figure("engine (Engine.add / Engine.record)", "events/s")
    bare = Figure("bare eventsourcing Application", "events/s")
    raw = Figure("raw sqlite3 inserts of the same rows", "events/s")
    for _ in range(plan.record_runs):
        figures = record.sqlite_round(folder, group)
        for figure, key in ((engine, "engine"), (bare, "bare"), (raw, "raw")):
            figure.samples.append(figures[key])
    ratio = Figure("ratio engine / bare Application", "", target=0.6, floor=True)
    ratio.samples = [e / b for e, b in zip(engine.samples, bare.samples, strict=True)]
    section.figures += [engine, bare, raw, ratio]
    section.notes.append(
        f"{record.events_in(group)} events per run ({plan.record_people} people added, then"
        " each event recorded), a fresh file per run; the three run one after the other."
    )
    section.notes.append(
        f"engine / raw sqlite3: {engine.median / raw.median:.2f}; bare / raw:"
        f" {bare.median / raw.median:.2f} (raw is one transaction per row: the disk's limit)."
    )
    return section


def import_section(plan: Plan, folder: Path, fresh: bool) -> tuple[Section, dict[int, Path]]:
    section = Section("Import and catch-up: stores generated with the bulk import")
    paths: dict[int, Path] = {}
    for size in plan.sizes:
        imports = Figure(f"import, {label(size)} people", "events/s", target=30_000)
        catch_up = Figure(f"catch-up from empty, {label(size)}", "events/s", target=30_000)
        import_cpu = Figure(f"import, {label(size)}, per CPU second", "events/s")
        catch_up_cpu = Figure(f"catch-up, {label(size)}, per CPU second", "events/s")
        pairs = ((imports, "import_rate"), (catch_up, "catch_up_rate"))
        pairs += ((import_cpu, "import_cpu_rate"), (catch_up_cpu, "catch_up_cpu_rate"))
        if size in plan.import_runs:
            paths[size] = cache_dir(folder) / f"pipeline-{size}.db"
            runs = [fresh_store(paths[size], size) for _ in range(plan.import_runs[size])]
        else:
            paths[size], meta = cached_store(folder, size, fresh=fresh)
            runs = [meta]
            if meta["cached"]:
                for figure, _ in pairs:
                    figure.note = f"measured when the cached store was made, {meta['made']}"
        for figure, key in pairs:
            figure.samples += [run[key] for run in runs if key in run]
        events = int(runs[-1]["events"])
        section.figures += [imports, catch_up, import_cpu, catch_up_cpu]
        section.notes.append(
            f"{label(size)} store: {events:,} events ({events / size:.1f} a person)."
        )
    section.notes.append(
        "Import: Engine.import_relationships' batched saves (500 people a transaction), people"
        " generated beforehand. Catch-up: the read models from empty right after (Engine.catch_up)."
    )
    section.notes.append(
        "Per CPU second: the same work over the process's CPU time, which the other engineers'"
        " load on this machine does not lower (the target is on the wall-clock figure)."
    )
    return section, paths


def rebuild(path: Path) -> dict[str, float]:
    argv = [sys.executable, "-m", "benchmarks.rebuild_worker", sqlite_url(path)]
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def memory_section(plan: Plan, paths: dict[int, Path]) -> Section:
    section = Section("Rebuild: the read models from scratch, each in a process of its own")
    for size in plan.sizes[-2:]:
        figures = rebuild(paths[size])
        rate = Figure(f"rebuild, {label(size)}", "events/s", target=30_000)
        rate.samples.append(figures["events"] / figures["seconds"])
        cpu = Figure(f"rebuild, {label(size)}, per CPU second", "events/s")
        workers = figures.get("workers_peak_rss_mb", [])
        seconds = figures["cpu_seconds"] + figures.get("workers_cpu_seconds", 0.0)
        cpu.samples.append(figures["events"] / seconds)
        peak = Figure(f"peak memory (RSS) of the rebuild, {label(size)}", "MB", target=200)
        peak.samples.append(figures["peak_rss_mb"] + sum(workers))
        section.figures += [rate, cpu, peak]
        if workers:
            theirs = ", ".join(f"{w:.0f}" for w in workers)
            section.notes.append(
                f"{label(size)}: {len(workers)} worker process(es) shared the rebuild; peak RSS"
                f" {figures['peak_rss_mb']:.0f} MB here and {theirs} MB in the workers (summed in"
                " the figure); CPU seconds are all of theirs."
            )
    section.notes.append(
        "Peak RSS is each process's own high-water mark (VmHWM), imports included; with worker"
        " processes (outreach.engine.view.crew), the sum of theirs and the rebuild's own."
    )
    return section


def query_section(plan: Plan, paths: dict[int, Path]) -> Section:
    section = Section("Queries: the agenda and one person's next action")
    medians = {}
    for size in plan.sizes:
        figures = query_figures(sqlite_url(paths[size]), size, plan.query_runs, label(size))
        medians[size] = figures[0].median
        section.figures += figures
    if 10_000 in medians and 100_000 in medians:
        growth = medians[100_000] / medians[10_000]
        verdict = "flat" if growth < 1.5 else "NOT flat"
        section.notes.append(
            f"agenda 100k / 10k: {growth:.2f} ({verdict}: the target is under 1.5)."
        )
    section.notes.append(
        f"{plan.query_runs} calls each in one warm process, every call catching up and"
        " refreshing first as the engine always does; a different person for each next action."
    )
    return section


def cli_section(plan: Plan, paths: dict[int, Path], folder: Path) -> Section:
    section = Section("Command line: wall time of a whole process")
    size = plan.sizes[-1]
    figures, note = cli_figures(sqlite_url(paths[size]), size, plan.cli_runs, folder)
    section.figures += figures
    floor = figures[0].median if figures and figures[0].samples else None
    for figure in figures[1:]:
        if floor and figure.samples:
            section.notes.append(
                f"{figure.name}: {fmt(figure.median - floor)} ms above the floor"
                f" ({figure.median / floor:.1f}x)."
            )
    if note:
        section.notes.append(note)
    return section


def postgres_section(plan: Plan, base: str) -> Section:
    section = Section("PostgreSQL: the team case, on the local server")
    group = record.people(max(plan.record_people // 2, 5))
    engine = Figure("record, engine", "events/s")
    bare = Figure("record, bare eventsourcing Application", "events/s")
    with schemas(base) as make:
        for _ in range(max(plan.record_runs - 2, 2)):
            figures = record.postgres_round(make(), group)
            engine.samples.append(figures["engine"])
            bare.samples.append(figures["bare"])
        ratio = Figure("ratio engine / bare Application", "", target=0.5, floor=True)
        ratio.samples = [e / b for e, b in zip(engine.samples, bare.samples, strict=True)]
        section.figures += [engine, bare, ratio]
        url = make()
        with opened(url) as store:
            made = populate(store, plan.postgres_people)
        size = label(plan.postgres_people)
        imports = Figure(f"import, {size} people", "events/s")
        imports.samples.append(made["import_rate"])
        catch_up = Figure(f"catch-up from empty, {size}", "events/s")
        catch_up.samples.append(made["catch_up_rate"])
        section.figures += [imports, catch_up]
        section.figures += query_figures(url, plan.postgres_people, plan.query_runs, size)
    section.notes.append("Each run in a fresh schema of its own, dropped at the end.")
    return section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1k only: a smoke test for CI")
    parser.add_argument("--out", type=Path, help="where the figures go")
    parser.add_argument("--stores", type=Path, default=STORES, help="cache of generated stores")
    parser.add_argument("--fresh", action="store_true", help="regenerate the cached stores")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("OUTREACH_BENCH_POSTGRES"),
        help="a PostgreSQL server URL (else OUTREACH_BENCH_POSTGRES; else skipped)",
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    out = args.out or (
        args.stores / "QUICK.md" if args.quick else ROOT / "benchmarks" / "RESULTS.md"
    )
    for name in ("OUTREACH_KEY", "OUTREACH_KEY_FILE", "OUTREACH_DB"):
        os.environ.pop(name, None)  # the defaults: no master key, no store from the outside
    started = clock()
    pg_version = server_version(args.postgres) if args.postgres else None
    command = "python -m benchmarks.run" + (" --quick" if args.quick else "")
    command += " --postgres postgresql://..." if args.postgres else ""
    report = Report(command, machine(pg_version))
    folder = cache_dir(args.stores)
    report.sections.append(record_section(plan, folder))
    section, paths = import_section(plan, folder, args.fresh)
    report.sections.append(section)
    report.sections.append(memory_section(plan, paths))
    report.sections.append(query_section(plan, paths))
    report.sections.append(cli_section(plan, paths, folder))
    if args.postgres:
        report.sections.append(postgres_section(plan, args.postgres))
    else:
        report.sections.append(Section("PostgreSQL", notes=["skipped: no --postgres URL given"]))
    report.seconds = clock() - started
    report.write(out)
    print(f"figures written to {out} in {report.seconds / 60:.1f} minutes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
