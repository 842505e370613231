"""What the insight commands read from a store: every relationship's history and every group's
activity, in one ``Pipeline``; the figures themselves are worked out in the projections.

Histories come from the read model's stored state (no replay of the event log). Erased people
are purged from the read models, so their events are read from the log: they still say what
happened and when, with "erased" in place of everything personal.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from outreach.domain.errors import InvalidInput
from outreach.domain.events import Erased, moment
from outreach.engine.engine import Engine
from outreach.engine.replay import Row, replay
from outreach.projections.figures import Stats
from outreach.projections.model import Frozen, GroupActivity
from outreach.projections.pipeline import Person, Pipeline
from outreach.projections.settings import Playbook, playbook_from
from outreach.projections.state import load_group, load_history
from outreach.projections.stats import stats
from outreach.projections.timeline import AgendaPoint, agenda_sizes, moments
from outreach.projections.whatif import Comparison, overrides


def stored(engine: Engine) -> tuple[list[Row], dict[str, GroupActivity]]:
    """Every relationship's stored history (id, handle, state), in handle order, and every
    group's activity, as the read model holds them after catching up."""
    engine.catch_up()
    with engine.readmodel.db.transaction(commit=False) as tx:
        found = tx.rows("SELECT id, handle, state FROM {p}relationships ORDER BY handle")
        rows = [(r["id"], r["handle"], r["state"]) for r in found]
        groups = {r["key"]: load_group(r) for r in tx.rows("SELECT * FROM {p}groups")}
    return rows, groups


def pipeline(engine: Engine) -> Pipeline:
    """Everyone in the store, erased people included (marked), and every group's activity."""
    rows, groups = stored(engine)
    people = [Person(handle, load_history(state, UUID(rid))) for rid, handle, state in rows]
    for k, rid in enumerate(erased_ids(engine), start=1):
        people.append(Person(f"erased-{k}", engine.app.history_of(rid), erased=True))
    return Pipeline(people=people, groups=groups)


def when(engine: Engine, at: datetime | None) -> datetime:
    """A moment of the query (``at``, else the engine's clock), refused when it is not one."""
    try:
        return moment(engine.clock() if at is None else at)
    except ValueError as error:
        raise InvalidInput("the period", {"when": str(error)}) from None


def erased_ids(engine: Engine) -> list[UUID]:
    """The relationships erased on request, found by their ``erased`` event in the log."""
    table: str = getattr(engine.app.recorder, "events_table_name")  # noqa: B009
    if engine.store.kind == "postgresql":
        table = f'"{engine.app.datastore.schema}"."{table}"'
    with engine.app.datastore.transaction(commit=False) as cursor:
        cursor.execute(
            f"SELECT DISTINCT originator_id FROM {table} WHERE topic = %s"
            if engine.store.kind == "postgresql"
            else f"SELECT DISTINCT originator_id FROM {table} WHERE topic = ?",
            (Erased.TOPIC,),
        )
        found = [row["originator_id"] for row in cursor.fetchall()]
    return sorted(UUID(str(i)) if not isinstance(i, UUID) else i for i in found)


def pipeline_stats(
    engine: Engine,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    recruiter: str | None = None,
) -> Stats:
    """``outreach stats``: the funnel, reply rates, calls, busy answers and violations of the
    people and events in the period (``until`` defaults to now and cannot be later)."""
    now = when(engine, None)
    end = now if until is None else when(engine, until)
    if end > now:
        raise InvalidInput("the period", {"until": "is after now: no figure is known yet"})
    start = when(engine, since) if since is not None else None
    if start is not None and start > end:
        raise InvalidInput("the period", {"since": "is after its end: give an earlier date"})
    return stats(pipeline(engine), engine.settings, end, start, recruiter)


def what_if(engine: Engine, changed: Playbook, workers: int | None = None) -> Comparison:
    """``outreach whatif``: every relationship replayed as of now under ``changed`` settings,
    compared with the settings in force (erased people left out). Nothing is written."""
    rows, groups = stored(engine)
    return replay(rows, groups, engine.settings, changed, when(engine, None), workers)


def proposed(current: Playbook, pairs: list[str]) -> Playbook:
    """The settings in force with ``KEY=VALUE`` figures changed, judged as the settings file
    is (an unknown key or a bad value raises ``SettingsError`` naming it)."""
    table = {**current.model_dump(), **overrides(current, pairs)}
    return playbook_from(table, where="--set")


class ReportFigures(Frozen):
    """Everything ``outreach report`` draws: the stats and the agenda's size over time."""

    stats: Stats
    agenda: tuple[AgendaPoint, ...]


def report_figures(engine: Engine, *, since: datetime | None = None) -> ReportFigures:
    """The stats of the period and the agenda's size at up to 60 moments across it (from the
    first event recorded when no start is given)."""
    found = pipeline(engine)
    now = when(engine, None)
    start = when(engine, since) if since is not None else None
    if start is not None and start > now:
        raise InvalidInput("the period", {"since": "is after now: give an earlier date"})
    first = min((e.occurred_at for p in found.people for e in p.events), default=now)
    points = moments(start or min(first, now), now)
    return ReportFigures(
        stats=stats(found, engine.settings, now, start),
        agenda=agenda_sizes(found, engine.settings, points),
    )
