"""Query latency on a store: the agenda's first lines and one person's next action."""

from __future__ import annotations

import random

from benchmarks.generate import handle
from benchmarks.stores import opened
from benchmarks.timing import Figure, millis


def query_figures(url: str, people: int, runs: int, label: str) -> list[Figure]:
    """Medians over ``runs`` calls in one warm process (the store opened, caught up and
    refreshed once before timing, as a long-running embedding would be)."""
    agenda = Figure(f"agenda, first 50 lines, {label}", "ms", target=2)
    action = Figure(f"next action of one person, {label}", "ms", target=1)
    picks = random.Random(people).sample(range(people), min(runs, people))
    with opened(url) as engine:
        lines = engine.agenda(limit=50)
        engine.next_action(handle(picks[0]))
        for _ in range(runs):
            agenda.samples.append(millis(lambda: engine.agenda(limit=50)))
        for n in picks:
            action.samples.append(millis(lambda n=n: engine.next_action(handle(n))))
    agenda.note = f"{len(lines)} lines"
    return [agenda, action]
