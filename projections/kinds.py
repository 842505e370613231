"""The kinds of next action, in agenda order: plain values (no pydantic), so that a read
command that finds its answers stored shows them without the answers' models
(``outreach.projections.model`` exports them too)."""

from __future__ import annotations

from enum import StrEnum


class ActionKind(StrEnum):
    """The next best action's kind. Listed in agenda order (after agreed callbacks)."""

    CALLBACK = "callback"
    OFFER_TIME = "offer-time"
    CALL = "call"
    EMAIL = "email"
    ASK_MOTIVATION = "ask-motivation"
    ASK_REFERRAL = "ask-referral"
    CHECK_IN = "check-in"
    REFRESH_PROFILE = "refresh-profile"
    RESEARCH = "research"
    LISTEN = "listen"
    KEEP_IN_TOUCH = "keep-in-touch"
