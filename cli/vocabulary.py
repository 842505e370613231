"""The closed sets of words the command line offers as choices.

They mirror the domain's enums (outreach.domain.values); a test keeps the two equal. They are
spelled out here so that ``outreach --help`` need not import the domain (pydantic, eventsourcing).
"""

from __future__ import annotations

SOURCES = ("met", "past", "online", "referral", "import")
CANDIDACIES = ("placed", "interviewed", "applied")
INTENTS = ("networking", "follow-up", "connection-offer", "opportunity", "recruiter-intro")
OUTCOMES = ("connected", "voicemail", "no-answer")
# The kinds of motivation, then the words that name one of them (outreach.domain.values).
MOTIVATIONS = (
    "training",
    "commute",
    "schedule",
    "compensation",
    "growth",
    "culture",
    "mission",
    "stability",
    "other",
    "location",
    "flexibility",
    "pay",
)
MOTIVATION_HELP = (
    "KIND is one of: training, commute (or location), schedule (or flexibility), compensation"
    " (or pay), growth, culture, mission, stability, other."
)
CAREER_MOVES = ("gap", "industry-change", "other")
