"""Histories for policy tests: a relationship's events, built in the order they are told."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from outreach.domain.events import (
    Added,
    Called,
    CareerMoveNoted,
    DeclinedBusy,
    DeclinedFirmly,
    Emailed,
    Erased,
    Event,
    Met,
    MotivationNoted,
    OpportunityPresented,
    OptedOut,
    PastCandidacy,
    ProfileUpdated,
    ReferralAsked,
    Replied,
    Rescheduled,
    Researched,
    Retracted,
    Snoozed,
    SpottedOnline,
)
from outreach.domain.values import group_key, relationship_id
from outreach.projections.model import GroupActivity, NextAction, Violation
from outreach.projections.policy import decide, find_violations
from outreach.projections.settings import Playbook

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday
DEFAULTS = Playbook()


def day(n: float, hour: int | None = None) -> datetime:
    """``n`` days after T0 (a Monday, 09:00 UTC), optionally at another hour (UTC)."""
    moment = T0 + timedelta(days=n)
    return moment if hour is None else moment.replace(hour=hour)


class Story:
    """One relationship's history: ``Story().researched(day(1)).emailed(day(2))``."""

    def __init__(
        self, at: datetime = T0, handle: str = "ada", by: str = "sam", **fields: Any
    ) -> None:
        self.handle = handle
        self.by = by
        self.events: list[Event] = []
        fields.setdefault("name", "Ada Lovelace")
        self.record(
            Added,
            at,
            handle=handle,
            originator_topic="outreach.relationship:Relationship",
            **fields,
        )

    def record(
        self, event_class: type[Event], at: datetime, by: str | None = None, **fields: Any
    ) -> Story:
        self.events.append(
            event_class(
                originator_id=relationship_id(self.handle),
                originator_version=len(self.events) + 1,
                timestamp=at,
                occurred_at=at,
                by=by or self.by,
                **fields,
            )
        )
        return self

    def researched(self, at: datetime, **fields: Any) -> Story:
        return self.record(Researched, at, **fields)

    def profile(self, at: datetime, **fields: Any) -> Story:
        return self.record(ProfileUpdated, at, **fields)

    def candidacy(self, at: datetime, kind: str = "interviewed", **fields: Any) -> Story:
        return self.record(PastCandidacy, at, kind=kind, **fields)

    def met(self, at: datetime, where: str = "PyCon", **fields: Any) -> Story:
        return self.record(Met, at, where=where, **fields)

    def spotted(self, at: datetime, group: str = "PyData Slack", **fields: Any) -> Story:
        return self.record(SpottedOnline, at, group=group, **fields)

    def motivation(self, at: datetime, kind: str = "growth") -> Story:
        return self.record(MotivationNoted, at, kind=kind)

    def career_move(self, at: datetime, kind: str = "gap", detail: str | None = None) -> Story:
        return self.record(CareerMoveNoted, at, kind=kind, detail=detail)

    def emailed(self, at: datetime, **fields: Any) -> Story:
        return self.record(Emailed, at, **fields)

    def called(self, at: datetime, outcome: str = "connected", **fields: Any) -> Story:
        return self.record(Called, at, outcome=outcome, **fields)

    def replied(self, at: datetime, **fields: Any) -> Story:
        return self.record(Replied, at, **fields)

    def busy(self, at: datetime, callback_at: datetime | None = None) -> Story:
        return self.record(DeclinedBusy, at, callback_at=callback_at)

    def rescheduled(self, at: datetime, to: datetime) -> Story:
        return self.record(Rescheduled, at, to=to)

    def declined(self, at: datetime) -> Story:
        return self.record(DeclinedFirmly, at)

    def asked_referral(self, at: datetime, skills: tuple[str, ...] = ()) -> Story:
        return self.record(ReferralAsked, at, skills=skills)

    def presented(self, at: datetime, role: str = "Staff engineer") -> Story:
        return self.record(OpportunityPresented, at, role=role)

    def opted_out(self, at: datetime) -> Story:
        return self.record(OptedOut, at)

    def erased(self, at: datetime) -> Story:
        return self.record(Erased, at)

    def retracted(self, at: datetime, version: int, reason: str | None = None) -> Story:
        return self.record(Retracted, at, retracted_version=version, reason=reason)

    def snoozed(self, at: datetime, until: datetime, reason: str | None = None) -> Story:
        return self.record(Snoozed, at, until=until, reason=reason)

    def ready_to_email(self, at: datetime = T0) -> Story:
        """Researched, so that the first email is the next action."""
        return self.researched(at, common_ground=("PyData meetups",))

    def decide(
        self,
        now: datetime,
        settings: Playbook = DEFAULTS,
        groups: Mapping[str, GroupActivity] | None = None,
    ) -> NextAction:
        return decide(self.handle, self.events, groups or {}, settings, now)

    def violations(
        self,
        now: datetime,
        settings: Playbook = DEFAULTS,
        groups: Mapping[str, GroupActivity] | None = None,
    ) -> list[Violation]:
        return find_violations(self.handle, self.events, groups or {}, settings, now)


def group(
    name: str = "PyData Slack",
    watched: datetime | None = None,
    spotted: datetime | None = None,
    contributed: tuple[datetime, ...] = (),
) -> dict[str, GroupActivity]:
    """The activity of one group, keyed as the policy expects."""
    activity = GroupActivity(
        name=name, first_watched=watched, first_spotted=spotted, contributed_at=contributed
    )
    return {group_key(name): activity}


def emailed_once() -> Story:
    """Researched on T0, emailed on day 2 (a Wednesday), no answer yet."""
    return Story().ready_to_email().emailed(day(2))


def in_conversation() -> Story:
    """Emailed on day 2, replied on day 3."""
    return emailed_once().replied(day(3))


def busy_times(n: int) -> Story:
    """Emailed, then ``n`` connected calls a week apart, each answered "busy" (day 3, 10 ...)."""
    story = emailed_once()
    for k in range(n):
        story.called(day(3 + 7 * k)).busy(day(3 + 7 * k, hour=10))
    return story


def someone_to_hire() -> Story:
    """Met and marked would-hire, in conversation, motivation known, asked for a referral."""
    story = Story(skills=["Rust"]).met(day(0), would_hire=True).ready_to_email()
    return (
        story.emailed(day(2)).replied(day(3)).motivation(day(4)).asked_referral(day(5), ("rust",))
    )
