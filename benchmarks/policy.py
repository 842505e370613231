"""The pure policy alone: ``assess`` over the histories a rebuild feeds it, timed, and its answers
written out to compare two versions of the policy byte for byte.

    python -m benchmarks.policy collect STORE.db CASES.pickle   # rebuild a copy, keep the inputs
    python benchmarks/policy.py time CASES.pickle [ROUNDS]      # CPU seconds of assess, per round
    python benchmarks/policy.py dump CASES.pickle ANSWERS.jsonl # every answer, as JSON lines

``time`` and ``dump`` import nothing of ``benchmarks``: run them by path with another checkout's
interpreter to compare its policy with this one on the same inputs (an A/B in one run).
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

Case = tuple[str, list[Any], dict[str, Any], Any, datetime]  # handle, events, groups, settings, now


def collect(store: Path, out: Path) -> int:
    """Rebuild a copy of ``store`` and keep what the read model asked the policy."""
    from outreach.engine.view.readmodel import ReadModel

    from benchmarks.stores import copy_store, opened, sqlite_url

    cases: list[Case] = []
    answer = ReadModel.answer

    def keep(self: ReadModel, handle: str, history: Sequence[Any], groups: Any, now: Any) -> Any:
        cases.append((handle, list(history), dict(groups), self.settings, now))
        return answer(self, handle, history, groups, now)

    ReadModel.answer = keep  # type: ignore[method-assign]
    target = Path(f"{store}.policy-copy")
    copy_store(store, target)
    try:
        with opened(sqlite_url(target)) as engine:
            engine.rebuild()
    finally:
        ReadModel.answer = answer  # type: ignore[method-assign]
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    out.write_bytes(pickle.dumps(cases, protocol=pickle.HIGHEST_PROTOCOL))
    return len(cases)


def load(path: Path) -> list[Case]:
    cases: list[Case] = pickle.loads(path.read_bytes())
    return cases


def answers(cases: list[Case]) -> Iterator[str]:
    """One JSON line a case: the answer and the violations, every field."""
    from outreach.projections.policy import assess

    for handle, events, groups, settings, now in cases:
        action, violations = assess(handle, events, groups, settings, now)
        yield json.dumps(
            {
                "action": action.model_dump(mode="json"),
                "violations": [v.model_dump(mode="json") for v in violations],
            },
            ensure_ascii=False,
            sort_keys=True,
        )


def timed(cases: list[Case], rounds: int) -> list[float]:
    """CPU seconds of ``assess`` over every case, once per round."""
    from outreach.projections.policy import assess

    for handle, events, groups, settings, now in cases[:50]:  # warm the caches
        assess(handle, events, groups, settings, now)
    seconds = []
    for _ in range(rounds):
        begin = time.process_time()
        for handle, events, groups, settings, now in cases:
            assess(handle, events, groups, settings, now)
        seconds.append(time.process_time() - begin)
    return seconds


def main(argv: list[str]) -> None:
    command, path = argv[0], Path(argv[1])
    if command == "collect":
        print(json.dumps({"cases": collect(path, Path(argv[2]))}))
    elif command == "dump":
        with open(argv[2], "w", encoding="utf-8") as out:
            out.writelines(line + "\n" for line in answers(load(path)))
    elif command == "time":
        cases = load(path)
        seconds = timed(cases, int(argv[2]) if len(argv) > 2 else 3)
        per_case = min(seconds) / len(cases) * 1e3
        figures = {"cases": len(cases), "cpu_seconds": seconds, "ms_per_case": per_case}
        print(json.dumps({**figures, "load": os.getloadavg()[0]}))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
