"""The aggregates: a relationship with one candidate, and an online group the recruiter follows.

Only the hard rules live here (they refuse, and nothing is written). The playbook's soft rules
never refuse: history is history, and the projections judge it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import BaseAggregate, ProgrammingError
from outreach.domain.corrections import NEVER_RETRACTED
from outreach.domain.errors import CannotRetract, ErasedError, InvalidInput, OptedOutError
from outreach.domain.events import (
    Added,
    Contributed,
    Erased,
    Event,
    GroupNoted,
    OptedOut,
    ProfileUpdated,
    Retracted,
    Watched,
)
from outreach.domain.values import check_handle, group_id, new_id, normalise_handle
from pydantic import ValidationError

FIELD_NAMES = {"occurred_at": "at", "originator_id": "handle"}
PROFILE = ("name", "email", "phone", "url", "company", "title", "skills", "tz")


def _problems(error: ValidationError) -> dict[str, str]:
    problems: dict[str, str] = {}
    for item in error.errors():
        loc = ".".join(str(part) for part in item["loc"]) or "time"
        loc = FIELD_NAMES.get(loc, loc)
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "enum":
            expected = item.get("ctx", {}).get("expected", "")
            message = f"{item['input']!r} is not one of {expected}"
        elif item["type"] == "extra_forbidden":
            message = "is not a field of this event"
        problems.setdefault(loc, message)
    return problems


def build(make: Any, event_class: type[Event], what: str, **kwargs: Any) -> Any:
    """Run an aggregate constructor or trigger, turning validation into a named error."""
    try:
        return make(event_class, **kwargs)
    except ValidationError as error:
        raise InvalidInput(what, _problems(error)) from None


def _made(event_class: type[Event], **fields: Any) -> Event:
    # As event_class(**fields) validates it, without BaseModel.__init__'s frame.
    return event_class.__pydantic_validator__.validate_python(fields)  # type: ignore[no-any-return]


# The events that change a relationship's state beyond its versions' kinds; the classes met
# that are none of them (asked once each, not five times an event).
_CHANGING = (Retracted, Added, ProfileUpdated, OptedOut, Erased)
_FILED_ONLY: set[type] = set()


class Relationship(BaseAggregate[UUID]):
    """One recruiter-candidate relationship. Its id is random (``new_id``): nothing but the
    store's handle index leads from a handle to it (ids of relationships added before 0.2
    were derived from the handle: ``values.relationship_id``; the first added by 0.2 have
    plain random version 4 UUIDs: all kinds keep working, ids are only compared)."""

    TOPIC: ClassVar[str] = "outreach.relationship:Relationship"

    def __init__(self, **_: Any) -> None:
        self.handle = ""
        self.name = ""
        self.opted_out_at: datetime | None = None
        self.erased = False
        self.kinds: dict[int, type[Event]] = {}  # each version's event class
        self.profiles: list[Event] = []  # added and profile updates, to tell what changes
        self.retracted: set[int] = set()

    @classmethod
    def add(cls, handle: str, **fields: Any) -> Relationship:
        """Start a relationship (the ``added`` event)."""
        try:
            check_handle(normalise_handle(handle))
        except ValueError as error:
            raise InvalidInput("added", {"handle": str(error)}) from None
        if fields.get("timestamp") is None:
            fields["timestamp"] = Added.create_timestamp()
        added = build(
            _made,
            Added,
            "added",
            originator_id=new_id(),
            originator_version=cls.INITIAL_VERSION,
            originator_topic=cls.TOPIC,
            handle=handle,
            **fields,
        )
        return cls.started(added)

    @classmethod
    def started(cls, added: Added) -> Relationship:
        """The relationship its ``added`` event starts, as the library's ``_create`` makes it
        without resolving the topic and inspecting ``__init__`` again for each (a bulk import
        starts a hundred thousand)."""
        agg = cls.__new__(cls)
        agg.__base_init__(added.originator_id, added.originator_version, added.timestamp)
        Relationship.__init__(agg)
        added.apply(agg)
        agg._pending_events.append(added)
        return agg

    def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None:
        """As the library's, less what it checks again for every event: that the class's
        topic is registered (our event classes register theirs when defined: this asks only
        that it has one) and that the event it has just made is the next version."""
        self._take(self._next(event_class, **kwargs))

    def _next(self, event_class: type[Any], **kwargs: Any) -> Any:
        """The next event of this relationship, made (validated) and not yet taken."""
        if not event_class.__dict__.get("TOPIC"):
            raise ProgrammingError(f"{event_class.__name__} has no TOPIC of its own")
        if kwargs.get("timestamp") is None:
            kwargs["timestamp"] = event_class.create_timestamp()
        if "originator_id" in kwargs or "originator_version" in kwargs:
            raise TypeError("an event's id and version are the relationship's to give")
        kwargs["originator_id"], kwargs["originator_version"] = self._id, self._version + 1
        # As event_class(**kwargs) validates it, without BaseModel.__init__'s frame.
        return event_class.__pydantic_validator__.validate_python(kwargs)

    def _take(self, event: Any) -> None:
        """Apply the event made by ``_next`` and keep it to be saved."""
        event.apply(self)
        self._version = event.originator_version  # the library's setters, without their frames
        self._modified_on = event.timestamp
        self._pending_events.append(event)

    def collect_events(self) -> list[Any]:
        """The events to save, taken: as the library's, without its ``pop(0)`` an event."""
        collected, self._pending_events = self._pending_events, []
        return collected

    def record(self, event_class: type[Event], **fields: Any) -> Event:
        """Record what happened; refuses only what the hard rules forbid."""
        if self.erased:
            raise ErasedError(self.handle)
        occurred_at = fields.get("occurred_at")
        if (
            event_class.OUTBOUND
            and self.opted_out_at is not None
            and isinstance(occurred_at, datetime)
            and occurred_at.tzinfo is not None
            and occurred_at >= self.opted_out_at
        ):
            raise OptedOutError(self.handle, self.opted_out_at.isoformat(), event_class.KIND)
        if event_class is Retracted:
            self.check_retractable(fields.get("retracted_version"))
        try:
            event: Event = self._next(event_class, **fields)
        except ValidationError as error:
            raise InvalidInput(event_class.KIND, _problems(error)) from None
        if event_class is ProfileUpdated:  # validated once, then checked against the profile
            self._check_changes(event)  # type: ignore[arg-type]
        self._take(event)
        return event

    def check_retractable(self, version: object) -> None:
        """Only an event on record, not yet retracted, and neither founding nor final."""
        if not isinstance(version, int) or isinstance(version, bool):
            return  # not a version at all: validation names the field
        kind = self.kinds.get(version)
        if kind is None:
            last = max(self.kinds, default=0)
            raise CannotRetract(self.handle, version, f"there is no such event (1 to {last})")
        if version in self.retracted:
            raise CannotRetract(self.handle, version, "it was retracted already")
        if kind in NEVER_RETRACTED:
            raise CannotRetract(
                self.handle,
                version,
                f"{kind.KIND!r} cannot be retracted (added, opted-out, erased and retractions"
                " stand for good)",
            )

    def profile(self) -> dict[str, Any]:
        """Name, contact points, company, title, skills and zone as on record now (the latest
        given of each; retracted updates left out)."""
        found: dict[str, Any] = dict.fromkeys(PROFILE)
        for event in self.profiles:
            if event.originator_version in self.retracted:
                continue
            for key in PROFILE:
                value = getattr(event, key, None)
                if value:
                    found[key] = frozenset(value) if key == "skills" else value
        return found

    def _check_changes(self, update: ProfileUpdated) -> None:
        """A profile update must change something: refused, naming what is already so."""
        now = self.profile()
        given = {
            key: frozenset(value) if key == "skills" else value
            for key in PROFILE
            if (value := getattr(update, key))
        }
        if all(now[key] == value for key, value in given.items()):
            same = f"{', '.join(given)} already as on record; " if given else ""
            raise InvalidInput(
                "profile-updated",
                {
                    "profile": f"nothing to update: {same}give what changed (name, email,"
                    " phone, url, company, title, skills, tz)"
                },
            )

    def apply_event(self, event: Event) -> None:
        kind = type(event)
        self.kinds[event.originator_version] = kind
        if kind in _FILED_ONLY:  # most events: a touch or a note
            return
        if not issubclass(kind, _CHANGING):
            _FILED_ONLY.add(kind)
            return
        if isinstance(event, Retracted):
            self.retracted.add(event.retracted_version)
        if isinstance(event, Added | ProfileUpdated):
            self.profiles.append(event)
            self.name = getattr(event, "name", None) or self.name
        if isinstance(event, Added):
            self.handle = event.handle
        elif isinstance(event, OptedOut):
            if self.opted_out_at is None or event.occurred_at < self.opted_out_at:
                self.opted_out_at = event.occurred_at
        elif isinstance(event, Erased):
            self.erased = True


class Group(BaseAggregate[UUID]):
    """An online community (forum, LinkedIn group, Slack, meetup) the recruiter follows."""

    TOPIC: ClassVar[str] = "outreach.group:Group"

    def __init__(self, **_: Any) -> None:
        self.name = ""
        self.watched_since: datetime | None = None
        self.contributions = 0

    @classmethod
    def note(cls, name: str, **fields: Any) -> Group:
        agg: Group = build(
            lambda ec, **kw: cls._create(ec, id=group_id(name), **kw),
            GroupNoted,
            "group",
            name=name,
            **fields,
        )
        return agg

    def record(self, event_class: type[Watched] | type[Contributed], **fields: Any) -> Event:
        build(self.trigger_event, event_class, f"group {event_class.KIND}", **fields)
        return self.pending_events[-1]  # type: ignore[return-value]

    def apply_event(self, event: Event) -> None:
        if isinstance(event, GroupNoted):
            self.name = event.name
        elif isinstance(event, Watched):
            if self.watched_since is None or event.occurred_at < self.watched_since:
                self.watched_since = event.occurred_at
        elif isinstance(event, Contributed):
            self.contributions += 1
