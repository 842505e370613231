"""The read models kept current for the engine: after a command, its answers written from
the history it just saved (a catch-up when other events came first); before a query, a
catch-up and a refresh of the answers that time alone changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from outreach.domain.errors import InvalidInput, StoreBusy, StoreError
from outreach.domain.events import Erased, Event, SpottedOnline, moment
from outreach.engine.queries import Moment
from outreach.engine.retry import retrying
from outreach.engine.saving import Saved
from outreach.projections.model import NextAction, Violation
from outreach.projections.policy import assess

if TYPE_CHECKING:
    from outreach.engine.engine import Engine


@dataclass(frozen=True)
class Recorded:
    """What a command wrote; the playbook warnings it raised (history is never refused) and
    the next action, both worked out from the history just saved; and ``notes``: what went
    wrong after the events were saved (the command succeeded all the same)."""

    events: tuple[Event, ...]
    warnings: tuple[Violation, ...] = field(default=())
    next_action: NextAction | None = None
    notes: tuple[str, ...] = ()
    again: bool = False  # given again with the same idempotency key: nothing new was saved

    @property
    def event(self) -> Event:
        return self.events[-1]


def after_command(engine: Engine, saved: Saved) -> Recorded:
    """One catch-up after a command; its answers worked out from the saved history. Once
    the events are saved the command has succeeded: a failure of the read models is a
    note, and the next command or query catches them up."""
    now = engine.clock()
    answer = _answer(engine, saved, now)
    spotted = any(isinstance(e, SpottedOnline) for e in saved.events)
    readmodel, where = engine.readmodel, engine.store.describe()
    try:
        # Someone spotted in a group moves the group's rows too: the full catch-up does.
        fast = (
            answer is not None
            and not spotted
            and retrying(lambda: readmodel.write_saved(saved, *answer, now), where)
        )
        if not fast:
            caught_up(engine, strict=True)
    except (StoreBusy, StoreError) as error:
        note = f"recorded, but the read models are behind ({error}); the next command"
        return Recorded(saved.events, notes=(note + " catches them up",), again=saved.again)
    if answer is None:
        return Recorded(saved.events, again=saved.again)
    versions = {e.originator_version for e in saved.events}
    action, violations = answer
    warnings = tuple(v for v in violations if any(e.version in versions for e in v.evidence))
    return Recorded(saved.events, warnings, action, again=saved.again)


def _answer(
    engine: Engine, saved: Saved, now: datetime
) -> tuple[NextAction, list[Violation]] | None:
    """The next action and violations of the relationship a command saved."""
    if saved.handle is None or any(isinstance(e, Erased) for e in saved.history):
        return None
    groups = engine.readmodel.groups_for(saved.history)
    return assess(saved.handle, saved.history, groups, engine.settings, now)


def before_query(engine: Engine, now: datetime | None) -> Moment:
    """Catch up, and refresh the answers time alone changed, for the present only."""
    try:
        at = moment(engine.clock() if now is None else now)
    except ValueError as error:
        raise InvalidInput("the query", {"now": str(error)}) from None
    engine.catch_up()
    present = now is None
    if present:
        retrying(lambda: engine.readmodel.refresh(at), engine.store.describe())
    return Moment(at, present)


def caught_up(engine: Engine, strict: bool = False) -> None:
    """Catch up; a busy store is let pass (the next query catches up) unless ``strict``."""
    try:
        engine.catch_up()
    except StoreBusy:
        if strict:
            raise
