"""``outreach whatif`` on the known pipeline: what a changed figure would do, as of now."""

from __future__ import annotations

from outreach.engine import Engine

from .conftest import Known


def test_an_earlier_call_moves_every_call_waiting_on_an_unanswered_email(known: Known) -> None:
    found = known.json("whatif", "--set", "call_after_email=1")
    # Never called after the networking email: net-18 .. net-39; the pitches never answered.
    waiting = {f"net-{k:02d}" for k in range(18, 40)} | {f"pitch-{k:02d}" for k in range(1, 20)}
    assert {a["handle"] for a in found["actions"]} == waiting
    assert found["changed"] == {"call_after_email": [3, 1]}
    assert found["actions_by_kind"] == [{"before": "call", "after": "call", "count": 41}]
    one = next(a for a in found["actions"] if a["handle"] == "net-18")
    # Emailed on Wednesday 7 January: three business days later, or one.
    assert one["before"]["due"] == "2026-01-12T10:00:00Z"
    assert one["after"]["due"] == "2026-01-08T10:00:00Z"
    assert found["violations"] == [] and found["people"] == 66  # the erased one left out


def test_a_longer_busy_follow_up_moves_the_dropped_busy_answers(known: Known) -> None:
    found = known.json("whatif", "--set", "busy_follow_up=10")
    assert {a["handle"] for a in found["actions"]} == {"net-05", "net-06", "net-07"}
    assert found["appearing"] == {"dropped-busy-answer": 2}
    assert found["disappearing"] == {"dropped-busy-answer": 2}
    moved = sorted((c["violation"]["handle"], c["change"]) for c in found["violations"])
    assert moved == [
        ("net-06", "appears"),
        ("net-06", "disappears"),
        ("net-07", "appears"),
        ("net-07", "disappears"),
    ]


def test_the_text_lists_each_differing_action_with_both_due_times(known: Known) -> None:
    text = known.ok("whatif", "--set", "busy_follow_up=10")
    assert "3 next actions differ, 2 violations would appear, 2 would disappear" in text
    line = next(line for line in text.splitlines() if line.strip().startswith("net-06"))
    # Playbook v2: people with no zone are in UTC, which names no country: weekends only, so
    # 19 January (a US holiday) is a business day.
    assert "offer-time due 2026-01-12 10:00" in line and "offer-time due 2026-01-22 10:00" in line


def test_unknown_keys_and_bad_values_are_refused_as_in_the_settings_file(known: Known) -> None:
    for pair, words in [
        ("grce=3", ("grce", "not a playbook setting", "grace")),
        ("grace=-1", ("grace", "greater than or equal to 0")),
        ("grace=soon", ("grace", "valid integer", "whole number of business days")),
        ("holiday_country=XX", ("holiday_country", "XX")),
        ("grace", ("KEY=VALUE",)),
    ]:
        result = known("whatif", "--set", pair)
        assert result.exit_code == 1 and not result.stdout, (pair, result.stdout)
        for word in words:
            assert word in result.stderr, (pair, result.stderr)


def test_nothing_is_written(known: Known) -> None:
    with Engine.open(known.url) as engine:
        before = (engine.event_count(), engine.readmodel.meta("playbook"))
    known.ok("whatif", "--set", "max_unanswered=1", "--set", "grace=0")
    with Engine.open(known.url) as engine:
        assert (engine.event_count(), engine.readmodel.meta("playbook")) == before


def test_worker_processes_answer_exactly_as_one_process(known: Known) -> None:
    from outreach.engine.insight import proposed, what_if

    from .known import NOW

    with Engine.open(known.url, clock=lambda: NOW) as engine:
        changed = proposed(engine.settings, ["busy_follow_up=10", "call_after_email=1"])
        alone = what_if(engine, changed, workers=1)
        shared = what_if(engine, changed, workers=3)
    assert len(alone.actions) == 44 and len(alone.violations) == 4
    assert shared == alone
