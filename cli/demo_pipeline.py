"""The demo's sample pipeline, as data: seventeen people whose histories, between them, bring
every rule of the playbook into play (as a next action or as a violation in the coaching report).

Times are relative to now (days ago), so the demo looks the same whenever it runs; demo.py
writes them through the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

COLLEAGUE = "alex"  # a second recruiter, so the coaching report has more than one name


@dataclass(frozen=True)
class Local:
    """A wall-clock time in the candidate's zone, ``days`` from today (an agreed time)."""

    days: int
    hour: int


@dataclass(frozen=True)
class Person:
    handle: str
    name: str
    added: float  # days ago
    fields: dict[str, Any]
    steps: tuple[tuple[float, str, dict[str, Any]], ...]  # days ago, event, its fields
    by: str | None = None  # None: the recruiter running the demo


def _p(handle: str, name: str, added: float, tz: str, skills: str, **fields: Any) -> Any:
    def steps(*items: tuple[float, str, dict[str, Any]], by: str | None = None) -> Person:
        added_fields = {"tz": tz, "skills": skills.split(", "), **fields}
        return Person(handle, name, added, added_fields, items, by)

    return steps


PEOPLE: tuple[Person, ...] = (
    _p(
        "amara-okafor",
        "Amara Okafor",
        125,
        "Europe/London",
        "python, kafka, data engineering",
        source="met",
        company="Brightwave Analytics",
        title="Staff Data Engineer",
    )(
        (120, "met", {"where": "PyData London", "would_hire": True}),
        (
            118,
            "researched",
            {
                "note": "Leads the streaming platform team",
                "common_ground": ["her PyData talk on streaming joins"],
            },
        ),
        (117, "emailed", {"topic": "streaming joins, after her PyData talk"}),
        (114, "replied", {}),
        (100, "called", {}),
        (100, "motivation", {"kind": "growth", "detail": "wants to lead a platform group"}),
        (95, "referral-asked", {"skills": ["kafka", "data engineering"]}),
    ),
    _p(
        "bastien-moreau",
        "Bastien Moreau",
        42,
        "Europe/Paris",
        "rust, embedded",
        source="met",
        company="Voltaire Robotics",
        title="Firmware Lead",
    )(
        (40, "met", {"where": "RustConf", "would_hire": True}),
        (38, "researched", {"common_ground": ["RustConf embedded workshop"]}),
        (37, "emailed", {"topic": "no_std drivers, from the RustConf workshop"}),
        (35, "replied", {}),
        (30, "motivation", {"kind": "flexibility", "detail": "school runs: needs a 4-day week"}),
    ),
    _p(
        "chen-wei",
        "Chen Wei",
        22,
        "Asia/Singapore",
        "go, kubernetes",
        source="referral",
        company="Lionsgate Cloud",
        title="Platform Engineer",
    )(
        (20, "researched", {"common_ground": ["KubeCon Singapore"]}),
        (18, "emailed", {"topic": "operators at KubeCon Singapore"}),
        (15, "replied", {}),
        (2, "referral-received", {"who": "kavya-nair"}),
    ),
    _p(
        "dalia-haddad",
        "Dalia Haddad",
        32,
        "Asia/Dubai",
        "product design, design systems",
        company="Oasis Fintech",
        title="Senior Product Designer",
    )(
        (30, "researched", {"common_ground": ["design systems meetup"]}),
        (28, "emailed", {"topic": "design tokens"}),
        (25, "replied", {}),
        (20, "opportunity-presented", {"role": "Lead Product Designer"}),
    ),
    _p("eitan-levi", "Eitan Levi", 11, "Asia/Jerusalem", "kubernetes, sre", source="online")(
        (
            10,
            "spotted-online",
            {
                "group": "Kubernetes Slack",
                "key_contributor": True,
                "said": "Answers every etcd question in #sig-scalability",
            },
        ),
        (9, "researched", {"common_ground": ["etcd tuning"]}),
        (8, "emailed", {"topic": "etcd tuning at scale"}),
    ),
    _p(
        "fatima-benali",
        "Fatima Zahra Benali",
        16,
        "Africa/Casablanca",
        "java, payments",
        company="Atlas Pay",
        title="Backend Engineer",
    )(
        (14, "researched", {"common_ground": ["Devoxx Morocco"]}),
        (12, "emailed", {"topic": "idempotent payment APIs"}),
        (8, "called", {}),
        (8, "declined-busy", {"callback_at": Local(days=1, hour=15)}),
    ),
    _p(
        "gustavo-pereira",
        "Gustavo Pereira",
        800,
        "America/Sao_Paulo",
        "sql, data warehousing",
        source="past",
    )(
        (800, "past-candidacy", {"kind": "interviewed", "role": "Senior Data Engineer"}),
    ),
    _p("hana-kobayashi", "Hana Kobayashi", 5, "Asia/Tokyo", "rust, webassembly", source="online")(
        (
            5,
            "spotted-online",
            {
                "group": "Rust Users Forum",
                "key_contributor": True,
                "said": "Wrote the forum's guide to async Rust",
            },
        ),
    ),
    _p(
        "ingrid-johansson",
        "Ingrid Johansson",
        12,
        "Europe/Stockholm",
        "machine learning, computer vision",
    )(
        (10, "researched", {"note": "Computer vision at a logistics start-up"}),
        (9, "emailed", {"intent": "opportunity", "topic": "our Head of ML role"}),
    ),
    _p(
        "jamal-carter",
        "Jamal Carter",
        62,
        "America/Chicago",
        "devops, terraform",
        source="met",
        company="Prairie Freight",
        title="DevOps Engineer",
    )(
        (60, "met", {"where": "DevOpsDays Austin"}),
        (40, "researched", {"common_ground": ["DevOpsDays Austin open spaces"]}),
        (35, "emailed", {"topic": "the terraform open space"}),
        (30, "called", {}),
        (30, "referral-asked", {}),
        (20, "called", {}),
        (20, "declined-busy", {}),
    ),
    _p("kavya-nair", "Kavya Nair", 2, "Asia/Kolkata", "android, kotlin", source="referral")(),
    _p(
        "lena-schmidt",
        "Lena Schmidt",
        14,
        "Europe/Berlin",
        "typescript, react",
        company="Spree Commerce",
        title="Frontend Lead",
    )(
        (12, "researched", {"common_ground": ["we both spoke at JSConf EU"]}),
        (10, "emailed", {"topic": "JSConf EU talks on hydration"}),
    ),
    _p("mateo-rossi", "Mateo Rossi", 8, "Europe/Rome", "c++, game engines")(
        (6, "called", {"outcome": "no-answer"}), by=COLLEAGUE
    ),
    _p(
        "noor-rahman",
        "Noor Rahman",
        4,
        "Asia/Karachi",
        "security, penetration testing",
        source="met",
    )(
        (4, "met", {"where": "BSides London", "would_hire": True}),
        (3, "researched", {"common_ground": ["the BSides London CTF"]}),
    ),
    _p("oskar-nowak", "Oskar Nowak", 52, "Europe/Warsaw", "scala, spark")(
        (50, "researched", {"common_ground": ["Scala Days"]}),
        (48, "emailed", {"topic": "Spark tuning at Scala Days"}),
        (45, "replied", {}),
        (45, "opted-out", {}),
    ),
    _p(
        "priya-shah",
        "Priya Shah",
        262,
        "America/New_York",
        "product management, b2b saas",
        company="Hudson Metrics",
        title="Group Product Manager",
    )(
        (260, "researched", {"common_ground": ["Mind the Product New York"]}),
        (258, "emailed", {"topic": "pricing experiments"}),
        (250, "called", {}),
        (250, "declined", {}),
    ),
    _p(
        "quentin-dubois",
        "Quentin Dubois",
        17,
        "America/Toronto",
        "ruby, rails",
        company="Maple Ledger",
        title="Rails Developer",
    )(
        (15, "researched", {"common_ground": ["RailsConf"]}),
        (13, "emailed", {"topic": "Rails upgrades"}),
        (11, "replied", {}),
        (11, "rescheduled", {"to": Local(days=-4, hour=11)}),
        by=COLLEAGUE,
    ),
)

# (days ago, group, contribution note or None for starting to watch)
GROUPS: tuple[tuple[float, str, str | None], ...] = (
    (10, "Kubernetes Slack", None),
    (5, "Rust Users Forum", None),
)
