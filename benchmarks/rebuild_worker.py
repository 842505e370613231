"""Run in a process of its own: rebuild a store's read models, report time and peak memory.

    python -m benchmarks.rebuild_worker STORE_URL [WORKERS]
prints one JSON line: events, seconds, cpu_seconds (this process's), peak_rss_mb (its maximum
resident set), and for the catch-up's worker processes (outreach.engine.view.crew; WORKERS
sets how many, 0 for none, -1 for one fewer than the usable cores; default as the engine
decides) their CPU seconds and each one's
peak resident set (workers_cpu_seconds, workers_peak_rss_mb: read from /proc every 20 ms
while they run; getrusage's figure for children would count this process's memory too, as
a child is forked from it before it runs Python anew).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from typing import Any

from benchmarks.stores import opened
from benchmarks.timing import clock


def main(url: str, workers: int | None = None) -> None:
    peaks: dict[int, float] = {}
    done = threading.Event()
    watcher = threading.Thread(target=watch_children, args=(peaks, done), daemon=True)
    watcher.start()
    with opened(url) as engine:
        if workers is not None:  # else as the engine decides
            sharing = engine.readmodel.sharing
            sharing.workers = sharing.rebuild_workers = None if workers < 0 else workers
        begin, begin_cpu = clock(), time.process_time()
        events = engine.rebuild()
        seconds, cpu = clock() - begin, time.process_time() - begin_cpu
    done.set()
    watcher.join()
    figures: dict[str, Any] = {"events": events, "seconds": seconds, "cpu_seconds": cpu}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, ended and waited
    figures["workers_cpu_seconds"] = children.ru_utime + children.ru_stime
    figures["workers_peak_rss_mb"] = sorted(peaks.values())
    print(json.dumps({**figures, "peak_rss_mb": peak_rss_mb()}))


def watch_children(peaks: dict[int, float], done: threading.Event) -> None:
    """Each child process's peak resident set (VmHWM), read until ``done``."""
    me = os.getpid()
    while not done.wait(0.02):
        try:
            with open(f"/proc/{me}/task/{me}/children") as listing:
                pids = [int(p) for p in listing.read().split()]
        except OSError:
            return
        for pid in pids:
            peaks[pid] = max(peaks.get(pid, 0.0), peak_rss_mb(f"/proc/{pid}/status"))


def peak_rss_mb(status_file: str = "/proc/self/status") -> float:
    """A process's peak resident set: VmHWM, which starts afresh at exec (getrusage's
    ru_maxrss keeps the parent's high-water mark across fork and exec)."""
    try:
        with open(status_file) as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    if status_file != "/proc/self/status":
        return 0.0  # gone
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


if __name__ == "__main__":
    count = int(sys.argv[2]) if len(sys.argv) > 2 else None
    main(sys.argv[1], count)
