"""What a group records: a group (forum, LinkedIn group, Slack, meetup) the recruiter follows,
watches and contributes to. Explicit topics, as every event (see ``outreach.domain.events``)."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import CanInitAggregate
from outreach.domain.event import Event
from outreach.domain.values import RequiredText, Text


class GroupNoted(Event, CanInitAggregate[UUID]):
    """A group (forum, LinkedIn group, Slack, meetup) the recruiter follows."""

    TOPIC: ClassVar[str] = "outreach.group:Noted"
    KIND: ClassVar[str] = "group-noted"

    originator_topic: str
    name: RequiredText


class Watched(Event):
    TOPIC: ClassVar[str] = "outreach.group:Watched"
    KIND: ClassVar[str] = "watch"


class Contributed(Event):
    TOPIC: ClassVar[str] = "outreach.group:Contributed"
    KIND: ClassVar[str] = "contributed"

    note: Text | None = None


GroupEvent = GroupNoted | Watched | Contributed
