"""Run in a process of its own: rebuild a store's read models, report time and peak memory.

    python -m benchmarks.rebuild_worker STORE_URL
prints one JSON line: events, seconds, peak_rss_mb (the process's maximum resident set).
"""

from __future__ import annotations

import json
import resource
import sys
import time

from benchmarks.stores import opened
from benchmarks.timing import clock


def main(url: str) -> None:
    with opened(url) as engine:
        begin, begin_cpu = clock(), time.process_time()
        events = engine.rebuild()
        seconds, cpu = clock() - begin, time.process_time() - begin_cpu
    figures = {"events": events, "seconds": seconds, "cpu_seconds": cpu}
    print(json.dumps({**figures, "peak_rss_mb": peak_rss_mb()}))


def peak_rss_mb() -> float:
    """This process's peak resident set: VmHWM, which starts afresh at exec (getrusage's
    ru_maxrss keeps the parent's high-water mark across fork and exec)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


if __name__ == "__main__":
    main(sys.argv[1])
