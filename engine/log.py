"""What the event log itself says, read without the read models: someone's history, a
group's, how many events the store holds, and why a handle names no one."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from outreach.domain.errors import ErasedError, OutreachError, UnknownHandle
from outreach.domain.events import Erased, Event
from outreach.domain.values import group_id, normalise_handle
from outreach.engine import current

if TYPE_CHECKING:
    from outreach.engine.engine import Engine


def history(engine: Engine, handle: str, now: datetime | None = None) -> list[Event]:
    """Everything recorded about someone, in the order it happened; with ``now``, what had
    happened by then."""
    events = engine.app.history_of(engine.app.id_of(handle))
    if not events:
        raise UnknownHandle(normalise_handle(handle), engine.suggest(handle))
    if now is not None:
        as_of = current.before_query(engine, now).at
        events = [e for e in events if e.occurred_at <= as_of]
    return _in_order(events)


def group_history(engine: Engine, group: str) -> list[Event]:
    return _in_order(engine.app.history_of(group_id(group)))


def _in_order(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.occurred_at, e.originator_version))


def event_count(engine: Engine) -> int:
    """How many events the store holds (all aggregates)."""
    table: str = getattr(engine.app.recorder, "events_table_name")  # noqa: B009
    if engine.store.kind == "postgresql":
        table = f'"{engine.app.datastore.schema}"."{table}"'
    with engine.app.datastore.transaction(commit=False) as cursor:
        cursor.execute(f"SELECT COUNT(*) AS n FROM {table}")
        row = cursor.fetchone()
    return int(row["n"])


def not_found(engine: Engine, handle: str) -> OutreachError:
    """Someone the read models do not know: erased on request, or never added."""
    last = engine.app.recorder.select_events(engine.app.id_of(handle), desc=True, limit=1)
    if last and last[0].topic == Erased.TOPIC:
        return ErasedError(normalise_handle(handle))
    return UnknownHandle(normalise_handle(handle), engine.suggest(handle))
