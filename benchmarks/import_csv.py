"""The import of a LinkedIn-format Connections.csv through the command line (issue 14,
finding 7): wall-clock time and the process's peak memory (its own high-water mark, from
wait4), for a file of N rows into a new SQLite store.

    python -m benchmarks.import_csv 100000 1000000

Targets: 100k rows in under 10 s and under 200 MB; 1M rows under 200 MB.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOTES = 'Notes:\n"When exporting your connection data, you may notice that some of the"\n\n'
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def connections(path: Path, rows: int, seed: int = 14) -> Path:
    """A LinkedIn export of ``rows`` connections (a fixed seed); some rows have no email."""
    chance = random.Random(seed)
    with path.open("w") as file:
        file.write(NOTES + HEADER)
        for n in range(rows):
            first, last = chance.choice(FIRST), chance.choice(LAST)
            email = f"{first.lower()}.{last.lower()}{n}@example.com" if n % 3 else ""
            day = (
                f"{chance.randint(1, 28):02d} {chance.choice(MONTHS)} {chance.randint(2015, 2025)}"
            )
            file.write(
                f"{first},{last},https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{n},"
                f"{email},Firm {n % 997},Engineer,{day}\n"
            )
    return path


def run(store: Path, *args: str) -> tuple[float, float, float, float, str]:
    """Seconds, CPU seconds (its reaped children's included) and peak MB of ``outreach ARGS``
    in a process of its own; and the peaks of it and its children summed (an import's
    catch-up runs beside it in a second process: wait4 gives the larger peak, not the sum)."""
    outreach = shutil.which("outreach", path=str(Path(sys.executable).parent))
    argv = [outreach] if outreach else [sys.executable, "-m", "outreach.cli"]
    env = {**os.environ, "OUTREACH_DB": f"sqlite:///{store}", "OUTREACH_TZ": "UTC"}
    started = time.perf_counter()
    child = subprocess.Popen(
        [*argv, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    peaks: dict[int, int] = {}
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        for each in _tree(child.pid):
            peaks[each] = max(peaks.get(each, 0), _high_water_kb(each))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    out = (child.stdout.read() if child.stdout else b"").decode().strip()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{args} failed: {out} {child.stderr.read() if child.stderr else ''}")
    cpu = usage.ru_utime + usage.ru_stime
    peak = usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux
    summed = max(peak, (sum(peaks.values()) - peaks.get(child.pid, 0)) / 1024 + peak)
    return seconds, cpu, peak, summed, out


def _tree(pid: int) -> list[int]:
    """The process and its children (Linux's /proc; the process alone elsewhere)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *(int(c) for c in children)]


def _high_water_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = [line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")]
    return int(found[0]) if found else 0


def main(sizes: list[int]) -> None:
    print(
        "| rows | file MB | command | seconds | CPU seconds | peak MB | peaks summed MB | rows/s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for rows in sizes:
        with tempfile.TemporaryDirectory() as folder:
            csv = connections(Path(folder) / "Connections.csv", rows)
            size = csv.stat().st_size / 2**20
            store = Path(folder) / "outreach.db"
            # The agenda after the import shows what the first query costs on the new store.
            for command in (["import", str(csv)], ["agenda", "--limit", "1"]):
                seconds, cpu, peak, summed, out = run(store, *command)
                print(
                    f"| {rows:,} | {size:.1f} | {command[0]} | {seconds:.1f} | {cpu:.1f}"
                    f" | {peak:.0f} | {summed:.0f} | {rows / seconds:,.0f} |",
                    flush=True,
                )
                print(f"<!-- {out[:200]} -->", file=sys.stderr)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000])
