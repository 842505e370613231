"""A pipeline whose figures are known by construction, for stats, whatif and the report.

All 67 people are added on Monday 5 January 2026 (the six cold-called ones on Monday 2 February)
and researched the day after; sam records everything except the twenty pitches, which alex
sends. As of Friday 6 March 2026:

- 40 rounds open with a networking email (Wednesday 7 January, 10:00). 12 are answered: 5
  replies and 3 busy answers a day later (24 hours), and 4 connected calls of the 10 calls made
  after the unanswered email on Monday 12 January (120 hours): median 24 hours. Of the busy
  answers one is followed up the next day (kept), two are never followed up (dropped).
  Of the repliers, 4 had their motivation noted, 2 were presented an opportunity, 1 referred
  someone.
- 20 rounds open with a pitch (an opportunity email, by alex): 1 answered two days later.
- 6 rounds open with a cold call (Tuesday 3 February, by sam), 2 connected.
- 1 more person went through a networking email and a reply, then was erased: counted in the
  funnel, nowhere else.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from outreach.engine import Engine, NewRelationship

NOW = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)
ADDED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
EMAILED = datetime(2026, 1, 7, 10, 0, tzinfo=UTC)
CALLED = datetime(2026, 1, 12, 10, 0, tzinfo=UTC)
COLD_ADDED = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
COLD_CALLED = datetime(2026, 2, 3, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)
Step = tuple[str, datetime | None, dict[str, Any]]


def _networking(k: int) -> list[Step]:
    steps: list[Step] = [
        ("researched", ADDED + DAY, {"common_ground": ["observability"]}),
        ("emailed", EMAILED, {"intent": "networking", "topic": "observability"}),
    ]
    if k < 5:
        steps.append(("replied", EMAILED + DAY, {}))
        if k < 4:
            steps.append(("motivation", EMAILED + 2 * DAY, {"kind": "growth"}))
        if k < 2:
            steps.append(("opportunity-presented", EMAILED + 3 * DAY, {"role": "SRE lead"}))
        if k < 1:
            steps.append(("referral-received", EMAILED + 4 * DAY, {"who": "someone-good"}))
    elif k < 8:
        steps.append(("declined-busy", EMAILED + DAY, {}))
        if k == 5:
            steps.append(("emailed", EMAILED + 2 * DAY, {"intent": "follow-up"}))
    elif k < 18:
        outcome = "connected" if k < 12 else "voicemail"
        steps.append(("called", CALLED, {"outcome": outcome}))
    return steps


def _pitched(k: int) -> list[Step]:
    steps: list[Step] = [("researched", ADDED + DAY, {})]
    return steps + ([("replied", EMAILED + 2 * DAY, {})] if k == 0 else [])


def _cold(k: int) -> list[Step]:
    outcome = "connected" if k < 2 else "no-answer"
    return [
        ("researched", COLD_ADDED, {}),
        ("called", COLD_CALLED, {"outcome": outcome}),
    ]


def people() -> list[NewRelationship]:
    found = [
        NewRelationship(f"net-{k:02d}", f"Net {k}", ADDED, {}, tuple(_networking(k)))
        for k in range(40)
    ]
    found += [
        NewRelationship(f"pitch-{k:02d}", f"Pitch {k}", ADDED, {}, tuple(_pitched(k)))
        for k in range(20)
    ]
    found += [
        NewRelationship(f"cold-{k}", f"Cold {k}", COLD_ADDED, {}, tuple(_cold(k))) for k in range(6)
    ]
    gone = [
        ("researched", ADDED + DAY, {}),
        ("emailed", EMAILED, {"intent": "networking"}),
        ("replied", EMAILED + DAY, {}),
    ]
    return [*found, NewRelationship("gone", "Gone Person", ADDED, {}, tuple(gone))]


def write(url: str) -> None:
    """Write the pipeline to the store at ``url``."""
    with Engine.open(url, recruiter="sam", clock=lambda: NOW) as engine:
        fill(engine)


def fill(engine: Engine) -> None:
    """Write the pipeline through an open engine (whose clock is ``NOW``)."""
    report = engine.import_relationships(people())
    assert not report.failed, report.failed
    for k in range(20):
        # alex's pitches, recorded in between the research and the one reply
        engine.record(
            f"pitch-{k:02d}", "emailed", intent="opportunity", topic="a role", at=EMAILED,
            by="alex",
        )  # fmt: skip
    engine.erase("gone")
