"""Deterministic pipelines that look like a recruiter's: the playbook's situations, mixed.

Every relationship is one of the archetypes below (about ten events each, ``added`` included),
spread over the two years before ``NOW``, the clock of every benchmark store.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from outreach.engine import NewRelationship

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
SEED = 20260601
GROUPS = ("Python Forum", "Rust Users", "Data Eng Slack", "Kubernetes Meetup", "ML Papers")
SKILLS = (
    "python", "rust", "go", "kubernetes", "postgres", "react", "typescript", "ml", "spark",
    "terraform", "java", "kotlin", "swift", "security", "sre", "data engineering",
)  # fmt: skip
ZONES = ("Europe/London", "Europe/Paris", "America/New_York", "America/Chicago", "Asia/Tokyo")
FIRST = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances")
LAST = ("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson")
PLACES = ("PyCon", "RustConf", "KubeCon", "a meetup", "a hackathon", "a client dinner")
MOTIVES = ("training", "commute", "schedule", "compensation", "growth", "culture", "mission")

Step = tuple[str, dict[str, Any]]  # an event kind and its fields; a timedelta field is relative
GAP = ("gap", {})  # more than a year of silence: the next touch starts a new round


def _skills(rng: random.Random, n: int) -> list[str]:
    return rng.sample(SKILLS, n)


def met_would_hire(rng: random.Random) -> list[Step]:
    place = rng.choice(PLACES)
    return [
        ("met", {"where": place, "would_hire": True}),
        ("researched", {"note": "talk on their blog", "common_ground": [place]}),
        ("emailed", {"intent": "networking", "topic": "their talk"}),
        ("replied", {}),
        ("motivation", {"kind": rng.choice(MOTIVES), "detail": "said over coffee"}),
        ("called", {"outcome": "connected"}),
        ("referral-asked", {"skills": _skills(rng, 2)}),
        ("emailed", {"intent": "follow-up"}),
        ("replied", {}),
    ]


def past_candidate(rng: random.Random) -> list[Step]:
    return [
        ("past-candidacy", {"kind": rng.choice(("placed", "interviewed", "applied"))}),
        GAP,
        ("profile-updated", {"company": "Initech", "title": "Staff engineer"}),
        ("researched", {"common_ground": ["the earlier interview"]}),
        ("emailed", {"intent": "networking", "topic": "what they built since"}),
        ("called", {"outcome": "no-answer"}),
        ("emailed", {"intent": "follow-up"}),
        ("replied", {}),
        ("declined-busy", {"callback_at": timedelta(days=rng.choice((2, 3, 20, 40)))}),
    ]


def spotted_online(rng: random.Random) -> list[Step]:
    group = rng.choice(GROUPS)
    return [
        ("spotted-online", {"group": group, "key_contributor": rng.random() < 0.3}),
        ("researched", {"common_ground": [group]}),
        ("emailed", {"intent": "connection-offer", "topic": f"a thread in {group}"}),
        ("replied", {}),
        ("career-move", {"kind": rng.choice(("gap", "industry-change", "other"))}),
        ("motivation", {"kind": rng.choice(MOTIVES)}),
        ("called", {"outcome": "connected"}),
        ("replied", {}),
        ("opportunity-presented", {"role": "Platform lead"}),
    ]


def busy(rng: random.Random) -> list[Step]:
    return [
        ("researched", {"note": "changed teams in March"}),
        ("emailed", {"intent": "networking", "topic": "observability"}),
        ("called", {"outcome": "voicemail"}),
        ("emailed", {"intent": "follow-up"}),
        ("replied", {}),
        ("declined-busy", {}),
        ("emailed", {"intent": "follow-up", "topic": "a better time"}),
        ("declined-busy", {"callback_at": timedelta(days=5)}),
        ("rescheduled", {"to": timedelta(days=rng.choice((3, 9, 30)))}),
    ]


def firm_no(rng: random.Random) -> list[Step]:
    return [
        ("researched", {}),
        ("emailed", {"intent": "networking", "topic": "their open-source work"}),
        ("replied", {}),
        ("declined", {}),
        GAP,
        ("researched", {"note": "promoted since"}),
        ("emailed", {"intent": "networking", "topic": "checking in"}),
        ("called", {"outcome": "no-answer"}),
        ("emailed", {"intent": "follow-up"}),
    ]


def opted_out(rng: random.Random) -> list[Step]:
    return [
        ("researched", {}),
        ("emailed", {"intent": "networking"}),
        ("called", {"outcome": "no-answer"}),
        ("emailed", {"intent": "follow-up"}),
        ("replied", {}),
        ("opted-out", {}),
    ]


def referral(rng: random.Random) -> list[Step]:
    return [
        ("researched", {"common_ground": ["a shared former colleague"]}),
        ("emailed", {"intent": "networking", "topic": "data contracts"}),
        ("replied", {}),
        ("met", {"where": rng.choice(PLACES)}),
        ("motivation", {"kind": rng.choice(MOTIVES)}),
        ("referral-asked", {"skills": _skills(rng, 2)}),
        ("referral-received", {"who": f"ref-{rng.randrange(10**6):06d}"}),
        ("connection-offered", {"note": "an intro to a maintainer"}),
        ("replied", {}),
    ]


def careless(rng: random.Random) -> list[Step]:
    """What the coaching report is for: a cold call, a pitch, an availability ask."""
    return [
        ("called", {"outcome": "connected"}),
        ("emailed", {"intent": "opportunity", "topic": "a role"}),
        ("referral-asked", {}),
        ("researched", {}),
        ("replied", {}),
        ("opportunity-presented", {"role": "Senior engineer"}),
        ("declined", {}),
    ]


def new_lead(rng: random.Random) -> list[Step]:
    steps: list[Step] = [("researched", {"note": "found on a conference programme"})]
    if rng.random() < 0.5:
        steps.append(("emailed", {"intent": "networking", "topic": "their paper"}))
    if rng.random() < 0.5:
        steps.append(("motivation", {"kind": rng.choice(MOTIVES)}))
    return steps


ARCHETYPES: tuple[tuple[Callable[[random.Random], list[Step]], str, float], ...] = (
    (met_would_hire, "met", 0.16),
    (past_candidate, "past", 0.16),
    (spotted_online, "online", 0.14),
    (busy, "import", 0.14),
    (firm_no, "import", 0.10),
    (referral, "referral", 0.12),
    (opted_out, "import", 0.05),
    (careless, "import", 0.05),
    (new_lead, "import", 0.08),
)


def handle(n: int, prefix: str = "p") -> str:
    return f"{prefix}{n:06d}"


def person(n: int, rng: random.Random, prefix: str = "p") -> NewRelationship:
    """The n-th person of a pipeline: an archetype's steps, dated between two years ago and NOW."""
    make, source, _ = rng.choices(ARCHETYPES, weights=[w for *_, w in ARCHETYPES])[0]
    steps = make(rng)
    if rng.random() < 0.7:  # most profiles get refreshed along the way
        steps.insert(0, ("profile-updated", {"skills": _skills(rng, 1), "title": "Engineer"}))
    gaps = [
        timedelta(days=400) if s is GAP else timedelta(hours=rng.uniform(6, 24 * 12)) for s in steps
    ]
    span = sum(gaps, timedelta())
    latest = NOW - timedelta(hours=rng.uniform(1, 24 * 90))
    start = latest - span - timedelta(days=rng.uniform(0, 200))
    when, events = start, []
    for (kind, fields), gap in zip(steps, gaps, strict=True):
        when += gap
        if kind == "gap":
            continue
        resolved = {k: when + v if isinstance(v, timedelta) else v for k, v in fields.items()}
        events.append((kind, when, resolved))
    first = FIRST[n % len(FIRST)]
    last = LAST[(n // len(FIRST)) % len(LAST)]
    return NewRelationship(
        handle=handle(n, prefix),
        name=f"{first} {last} {n}",
        at=start,
        fields={
            "email": f"{handle(n, prefix)}@example.org",
            "skills": _skills(rng, rng.randint(2, 4)),
            "tz": rng.choice(ZONES),
            "source": source,
            "company": f"Company {n % 997}",
            "title": "Engineer",
        },
        events=tuple(events),
    )


def pipeline(count: int, *, seed: int = SEED, prefix: str = "p") -> Iterator[NewRelationship]:
    rng = random.Random(seed)
    for n in range(count):
        yield person(n, rng, prefix)


def group_activity(seed: int = SEED) -> list[tuple[str, str, datetime]]:
    """The recruiter's own listening: (``watch`` or ``contributed``, group, when)."""
    rng = random.Random(seed)
    activity: list[tuple[str, str, datetime]] = []
    for group in GROUPS[:-1]:  # one group never watched: its people stay on "listen"
        watched = NOW - timedelta(days=rng.uniform(300, 800))
        activity.append(("watch", group, watched))
        for _ in range(3):
            activity.append(("contributed", group, watched + timedelta(days=rng.uniform(1, 200))))
    return sorted(activity, key=lambda a: a[2])
