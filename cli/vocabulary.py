"""The closed sets of words the command line offers as choices.

They mirror the domain's enums (outreach.domain.values); a test keeps the two equal. They are
spelled out here so that ``outreach --help`` need not import the domain (pydantic, eventsourcing).
"""

from __future__ import annotations

SOURCES = ("met", "past", "online", "referral", "import")
CANDIDACIES = ("placed", "interviewed", "applied")
INTENTS = ("networking", "follow-up", "connection-offer", "opportunity", "recruiter-intro")
OUTCOMES = ("connected", "voicemail", "no-answer")
MOTIVATIONS = (
    "training",
    "commute",
    "location",
    "schedule",
    "flexibility",
    "compensation",
    "growth",
    "culture",
    "mission",
    "stability",
    "other",
)
CAREER_MOVES = ("gap", "industry-change", "other")
