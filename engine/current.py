"""The read models kept current for the engine: after a command, what it answers (its
answers are worked out from its aggregate before the save and their rows written after its
events, in their transaction: engine.view.writes.Answers), and a catch-up when other events
came first; before a query, a catch-up and a refresh of the answers that time alone changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from outreach.domain.checks import good_handle
from outreach.domain.errors import InvalidInput, StoreBusy, StoreError
from outreach.domain.events import Event, moment
from outreach.engine.persistence import Saved
from outreach.engine.queries import Moment
from outreach.engine.retry import retrying
from outreach.projections.model import NextAction, Violation

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
    """What a command answers: its warnings and the next action, from the answers worked out
    before the save. Once the events are saved the command has succeeded: a failure of the
    read models is a note, and the next command or query catches them up."""
    found = saved.answers
    if found is None and saved.again and saved.handle is not None:
        # Given again with its key: nothing saved now, the answers all the same.
        found = engine.app.answers_of(saved.handle, saved.history, len(saved.events))
    try:
        if found is None or not found.written:
            caught_up(engine, strict=True)
    except (StoreBusy, StoreError) as error:
        note = f"recorded, but the read models are behind ({error}); the next command"
        return Recorded(saved.events, notes=(note + " catches them up",), again=saved.again)
    if found is None:
        return Recorded(saved.events, again=saved.again)
    versions = {e.originator_version for e in saved.events}
    warnings = tuple(v for v in found.violations if any(e.version in versions for e in v.evidence))
    return Recorded(saved.events, warnings, found.action, again=saved.again)


def before_query(engine: Engine, now: datetime | None, lazy: bool = False) -> Moment:
    """Catch up, and refresh the answers time alone changed, for the present only. ``lazy``:
    for the present, nothing yet (``Moment.pending``): the caller reads with the checks that
    there is nothing to do, and asks again without ``lazy`` when there is."""
    try:
        at = moment(engine.clock() if now is None else now)
    except ValueError as error:
        raise InvalidInput("the query", {"now": str(error)}) from None
    present = now is None
    if present and lazy:
        return Moment(at, present, pending=True)
    engine.catch_up()
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


def handle_key(engine: Engine, handle: str) -> str | None:
    """What the handle index holds for a handle (engine.handles); None when it is not a good
    handle (the engine's lookup says what is wrong)."""
    wanted, index = good_handle(handle), engine.app.handles
    return None if wanted is None or index is None else index.key(wanted)
