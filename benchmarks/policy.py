"""The pure policy alone: ``assess`` over the histories a rebuild feeds it, timed, and its answers
written out to compare two versions of the policy byte for byte.

    python -m benchmarks.policy collect STORE.db CASES.pickle   # rebuild a copy, keep the inputs
    python benchmarks/policy.py time CASES.pickle [ROUNDS]      # CPU seconds of assess, per round
    python benchmarks/policy.py dump CASES.pickle ANSWERS.jsonl # every answer, as JSON lines
    python benchmarks/policy.py snapshot CASES.pickle FIXTURE.json  # tests/unit's pinned answers

``time``, ``dump`` and ``snapshot`` import nothing of ``benchmarks``: run them by path with
another checkout's interpreter to compare its policy with this one on the same inputs (an A/B
in one run), or to pin main's answers.
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
            engine.readmodel.sharing.rebuild_workers = 0  # every case in this process
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
    for case in cases:
        yield json.dumps(answer_of(case), ensure_ascii=False, sort_keys=True)


def answer_of(case: Case) -> dict[str, Any]:
    """A case's answer, every field, as JSON values."""
    from outreach.projections.policy import assess

    action, violations = assess(*case)
    return {
        "action": action.model_dump(mode="json"),
        "violations": [v.model_dump(mode="json") for v in violations],
    }


def snapshot(cases: list[Case], per_kind: int = 3) -> list[dict[str, Any]]:
    """A few cases of each kind of answer (its line, kind and kinds of violation), each with
    its inputs and its answer as JSON, for tests/unit/test_generated_answers.py."""
    from outreach.projections.settings import Playbook

    chosen: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    for case in cases:
        handle, events, groups, settings, now = case
        assert settings == Playbook(), "the pinned answers are the default playbook's"
        assert len({(e.originator_id, e.timestamp) for e in events}) == 1
        answer = answer_of(case)
        action = answer["action"]
        kinds = sorted({v["kind"] for v in answer["violations"]})
        key = (action["line"], *kinds, action["snoozed_until"] is not None)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > per_kind:
            continue
        chosen.append(
            {
                "handle": handle,
                "now": now.isoformat(),
                "id": str(events[0].originator_id),
                "recorded": events[0].timestamp.isoformat(),
                "events": [_compact(e) for e in events],
                "groups": {key: g.model_dump(mode="json") for key, g in groups.items()},
                **answer,
            }
        )
    return chosen


def _compact(event: Any) -> dict[str, Any]:
    """An event as JSON without what every event of the case shares (its relationship's id,
    the moment it was recorded) or what it leaves at the default."""
    state = event.model_dump(mode="json", exclude_defaults=True)
    del state["originator_id"], state["timestamp"]
    return {"type": event.TOPIC, **state}


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
    elif command == "snapshot":
        chosen = snapshot(load(path))
        lines = (json.dumps(case, ensure_ascii=False) for case in chosen)  # one case a line
        Path(argv[2]).write_text("\n".join(lines) + "\n")
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
