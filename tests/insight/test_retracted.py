"""A retracted event counts for nothing in the insight figures: the known pipeline, with one
networking reply withdrawn as recorded by mistake."""

from __future__ import annotations

from pathlib import Path

from outreach.engine import Engine
from outreach.engine.insight import pipeline_stats

from .known import NOW, write


def test_a_retracted_reply_leaves_the_rates_and_the_funnel(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'retracted.db'}"
    write(url)
    with Engine.open(url, recruiter="sam", clock=lambda: NOW) as engine:
        reply = next(e for e in engine.history("net-00") if e.KIND == "replied")
        version = reply.originator_version
        engine.record("net-00", "retracted", retracted_version=version, reason="someone else")
        found = pipeline_stats(engine)
    networking = next(r for r in found.first_touch if r.kind == "networking email")
    assert (networking.count, networking.hits) == (40, 11)  # 12 answered, less net-00's reply
    # net-00 was the one who went furthest: answered, talked, motivation, pitch, referral.
    assert [s.people for s in found.funnel] == [67, 67, 67, 15, 12, 3, 1, 0]
