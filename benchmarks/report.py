"""RESULTS.md: the machine, the command, and each section's figures against their targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from benchmarks.timing import Figure, load


@dataclass
class Section:
    title: str
    load: str = field(default_factory=load)  # the load average as the section began
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    command: str
    machine: list[tuple[str, str]]
    sections: list[Section] = field(default_factory=list)
    started: datetime = field(default_factory=datetime.now)
    seconds: float = 0.0

    def markdown(self) -> str:
        lines = [
            f"Run on {self.started:%Y-%m-%d %H:%M}, {self.seconds / 60:.1f} minutes in all, with:",
            "",
            "```sh",
            self.command,
            "```",
            "",
            "| machine | |",
            "|---|---|",
            *(f"| {key} | {value} |" for key, value in self.machine),
            "",
            "Each figure is the median of its runs, with the fastest and slowest run. The machine",
            "is shared with other engineers' test runs: the load average (1, 5, 15 minutes) is",
            "given as each section began.",
            "",
        ]
        for section in self.sections:
            lines += [f"## {section.title}", "", f"Load average: {section.load}.", ""]
            if section.figures:
                lines += [
                    "| figure | median | min | max | unit | target | |",
                    "|---|---:|---:|---:|---|---|---|",
                ]
                for f in section.figures:
                    median, low, high = f.cells()
                    name = f.name + (f" ({f.note})" if f.note else "")
                    row = f"| {name} | {median} | {low} | {high} | {f.unit} | {f.goal()} |"
                    lines.append(f"{row} {f.verdict} |")
                lines.append("")
            lines += [f"- {note}" for note in section.notes]
            if section.notes:
                lines.append("")
        return "\n".join(lines)

    def write(self, path: Path) -> None:
        """Write the figures; in an existing file, only between the markers, so that the
        analysis written around them (profiles, before and after) stays."""
        head, tail = "# Benchmark results\n\n", "\n"
        if path.exists():
            old = path.read_text()
            if BEGIN in old and END in old:
                head, rest = old.split(BEGIN, 1)
                tail = rest.split(END, 1)[1]
        text = f"{head}{BEGIN}\n{self.markdown()}\n{END}{tail}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


BEGIN = "<!-- figures: written by python -m benchmarks.run -->"
END = "<!-- end of figures -->"
