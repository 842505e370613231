"""Figures: a median of several runs with its min and max, and the machine they ran on."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version


@dataclass
class Figure:
    """One measured quantity over several runs (higher is better for rates)."""

    name: str
    unit: str
    samples: list[float] = field(default_factory=list)
    note: str = ""
    target: float | None = None
    floor: bool | None = None  # the target is a floor (rates, ratios); None: rates only

    @property
    def is_floor(self) -> bool:
        return self.unit.endswith("/s") if self.floor is None else self.floor

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def verdict(self) -> str:
        if self.target is None or not self.samples:
            return ""
        if self.is_floor:
            return "met" if self.median >= self.target else "MISSED"
        return "met" if self.median < self.target else "MISSED"

    def goal(self) -> str:
        if self.target is None:
            return ""
        sign = ">=" if self.is_floor else "<"
        return f"{sign} {fmt(self.target)} {self.unit}".rstrip()

    def cells(self) -> tuple[str, str, str]:
        if not self.samples:
            return ("-", "-", "-")
        return (fmt(self.median), fmt(min(self.samples)), fmt(max(self.samples)))


def fmt(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def clock() -> float:
    return time.perf_counter()


def rate(count: int, work: Callable[[], object]) -> float:
    """``count`` things done by ``work``, per second of wall clock."""
    start = clock()
    work()
    return count / (clock() - start)


def millis(work: Callable[[], object]) -> float:
    start = clock()
    work()
    return (clock() - start) * 1000


def load() -> str:
    """The load average (1, 5, 15 minutes): other engineers share this machine."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def machine(postgres_version: str | None) -> list[tuple[str, str]]:
    memory = ""
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages * size / 2**30:.1f} GiB"
    except (ValueError, OSError):
        pass
    return [
        ("cores", str(os.cpu_count())),
        ("CPU", cpu_model()),
        ("memory", memory),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("PostgreSQL", postgres_version or "not measured"),
        ("eventsourcing", version("eventsourcing")),
        ("pydantic", version("pydantic")),
        ("commit", git_commit()),
    ]
