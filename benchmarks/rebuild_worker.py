"""Run in a process of its own: rebuild a store's read models, report time and peak memory.

    python -m benchmarks.rebuild_worker STORE_URL
prints one JSON line: events, seconds, peak_rss_mb (the process's maximum resident set).
"""

from __future__ import annotations

import json
import resource
import sys

from benchmarks.stores import opened
from benchmarks.timing import clock


def main(url: str) -> None:
    with opened(url) as engine:
        begin = clock()
        events = engine.rebuild()
        seconds = clock() - begin
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(json.dumps({"events": events, "seconds": seconds, "peak_rss_mb": peak_kb / 1024}))


if __name__ == "__main__":
    main(sys.argv[1])
