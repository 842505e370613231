"""One scenario's world: a recruiter, a clock the scenario moves, people, and the engine.

The engine opens on a ``memory://`` store the first time a step needs it, with the team's
figures as the scenario set them. What happened is recorded as it is told: an event told for a
later moment moves the clock on to it (time passes as the story goes), an event told for an
earlier moment is backdated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from outreach.domain.errors import OutreachError
from outreach.engine import Engine
from outreach.engine.engine import Recorded
from outreach.projections.model import NextAction, Violation
from outreach.projections.settings import Playbook

from .words import read_moment


@dataclass
class Seen:
    """What the engine answered to the Then-steps: the policy lines and violation kinds."""

    lines: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)


@dataclass
class Scene:
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    recruiter: str = "sam"
    now: datetime | None = None
    figures: dict[str, Any] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)  # first name -> handle
    names: dict[str, str] = field(default_factory=dict)  # first name -> full name
    action: NextAction | None = None  # the last next step a Then-step asked for
    phase: str = "given"
    last: Recorded | None = None
    error: OutreachError | None = None
    events_before: int = 0
    seen: Seen = field(default_factory=Seen)
    pending: list[tuple[datetime | None, str, tuple[Any, ...], dict[str, Any]]] = field(
        default_factory=list
    )
    _engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """The engine, opened with the team's figures once the story is told: what the Given
        steps told is recorded then, each as of its own moment."""
        if self._engine is None:
            told, self.pending, now = self.pending, [], self.now
            self.now = told[0][0] if told else now
            settings = Playbook(recruiter_tz=self.zone.key, **self.figures)
            self._engine = Engine.open(
                "memory://", recruiter=self.recruiter, clock=self.clock, settings=settings
            )
            for at, command, args, kw in told:
                self.now = at
                getattr(self._engine, command)(*args, **kw)
            self.now = now
        return self._engine

    def clock(self) -> datetime:
        if self.now is None:
            raise AssertionError("the scenario never said what time it is")
        return self.now

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()

    def set_figures(self, figures: dict[str, Any]) -> None:
        if self._engine is not None:
            raise AssertionError("state the team's figures before asking anything")
        self.figures.update(figures)

    def moment(self, text: str) -> datetime:
        """A moment written with its time of day."""
        written = read_moment(text, self.zone)
        if not written.exact:
            raise AssertionError(f"say at what time: {text!r}")
        return written.at

    def handle(self, first_name: str) -> str:
        try:
            return self.people[first_name]
        except KeyError:
            raise AssertionError(f"{first_name} was never added to the pipeline") from None

    def happened(self, when: datetime | None) -> None:
        if when is not None and (self.now is None or when > self.now):
            self.now = when

    def attempt(self, command: str, *args: Any, when: datetime | None = None, **kw: Any) -> None:
        """Run the engine's ``command`` as of ``when``. In a When-step a refusal is kept for the
        Then-steps to check; in a Given-step it fails the scenario at once."""
        self.happened(when)
        if self._engine is None and self.phase == "given":
            self.pending.append((self.now, command, args, kw))
            return
        self.events_before = self.engine.event_count()
        try:
            self.last = getattr(self.engine, command)(*args, **kw)
        except OutreachError as error:
            if self.phase != "when":
                raise
            self.error, self.last = error, None

    def record(
        self, name: str, event: str, when: datetime, by: str | None = None, **kw: Any
    ) -> None:
        by = (by or self.recruiter).lower()
        self.attempt("record", self.handle(name), event, when=when, at=when, by=by, **kw)

    def next_action(self, name: str) -> NextAction:
        action = self.engine.next_action(self.handle(name))
        self.seen.lines.add(action.line)
        return action

    def violations(self, name: str | None = None) -> list[Violation]:
        return self.engine.violations(handle=self.handle(name) if name else None)

    def unclaimed(self) -> OutreachError | None:
        error, self.error = self.error, None
        return error
