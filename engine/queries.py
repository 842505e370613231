"""The engine's answers: next actions, the agenda, violations, skills search, read from the
read models (``ReadModel``) after catching them up."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from outreach.domain.errors import InvalidInput, OutreachError
from outreach.domain.values import normalise_skills
from outreach.engine.view.answers import MAX_LIMIT, load_action, load_violation, sort_key, valid
from outreach.engine.view.readmodel import ReadModel
from outreach.projections.model import NextAction, Violation
from outreach.projections.state import load_history


@dataclass(frozen=True)
class Match:
    """Someone found by skills: how many of the asked skills they have, and how strong the
    relationship is (never whether they are looking)."""

    handle: str
    name: str
    skills: tuple[str, ...]
    matched: tuple[str, ...]
    strength: float


@dataclass(frozen=True)
class Moment:
    """When a query asks about: ``present`` when it is now, the only moment whose answers
    are stored (a past or future ``--now`` is worked out in memory and forgotten)."""

    at: datetime
    present: bool
    # Asked for (``ready(now, lazy=True)``) at the present: nothing caught up or refreshed
    # yet. The query reads its answer with the checks that there is nothing to do first
    # (``Reading.current``), and asks ``ready(now)`` when there is.
    pending: bool = False


def everyone_key(action: NextAction, now: datetime) -> tuple[int, tuple[Any, ...]]:
    if action.kind is None or action.due is None:
        return (2, ())
    if action.due <= now:
        return (0, sort_key(action))
    return (1, (action.due.timestamp(), action.handle))


class Queries:
    """What the engine answers. ``ready`` catches the read models up and says which moment
    is asked about; ``id_of`` and ``not_found`` come from the application."""

    def __init__(
        self,
        readmodel: ReadModel,
        ready: Callable[..., Moment],
        id_of: Callable[[str], UUID],
        not_found: Callable[[str], OutreachError],
        keyed: Callable[[str], str | None] = lambda _: None,
    ) -> None:
        self.readmodel = readmodel
        self.ready = ready  # (now, lazy=False)
        self.id_of = id_of
        self.not_found = not_found
        self.keyed = keyed  # a handle's key in the handle index; None if not a good handle

    def next_action(self, handle: str, *, now: datetime | None = None) -> NextAction:
        moment = self.ready(now, lazy=True)
        if moment.pending:
            key = self.keyed(handle)
            found = None if key is None else self.readmodel.current_action(key, moment.at)
            if found is not None:
                return load_action(found)
            moment = self.ready(now)
        rid = self.id_of(handle).hex
        row = self.readmodel.answer_row(rid)
        if row is None:
            raise self.not_found(handle)
        if valid(row, moment.at):
            return load_action(row["payload"])
        return self._fresh(row, moment.at)[0]

    def next_actions(self, *, now: datetime | None = None) -> list[NextAction]:
        """Every relationship's next action: those due now in agenda order, then those due
        later by their time, then those with none."""
        moment = self.ready(now)
        actions = [a for a, _ in self._all(moment.at)]
        return sorted(actions, key=lambda a: everyone_key(a, moment.at))

    def agenda(
        self, *, now: datetime | None = None, recruiter: str | None = None, limit: int | None = None
    ) -> list[NextAction]:
        moment = self.ready(now, lazy=True)
        if limit is not None and not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput("the agenda", {"limit": f"must be 1 to {MAX_LIMIT}"})
        if moment.pending:
            current = self.readmodel.current_agenda(moment.at, recruiter, limit)
            if current is not None:
                return sorted(map(load_action, current), key=sort_key)
            moment = self.ready(now)
        # A later moment: the answers that change by then are worked out in memory.
        changed = [] if moment.present else self.readmodel.stale(moment.at, recruiter)
        more = None if limit is None else limit + len(changed)
        stored = self.readmodel.agenda(moment.at, recruiter, more)
        if stored is None:  # some answers were worked out after the moment asked about
            every = [a for a, _ in self._all(moment.at, recruiter)]
            return _due(every, moment.at)[:limit]
        fresh = [self._fresh(row, moment.at)[0] for row in changed]
        gone = {row["handle"] for row in changed}
        kept = [a for a in map(load_action, stored) if a.handle not in gone]
        return sorted(kept + _due(fresh, moment.at), key=sort_key)[:limit]

    def violations(
        self,
        *,
        now: datetime | None = None,
        handle: str | None = None,
        recruiter: str | None = None,
    ) -> list[Violation]:
        moment = self.ready(now)
        rid = self.id_of(handle).hex if handle is not None else None
        stored = None
        if moment.present or not self.readmodel.stale(moment.at, recruiter, 1, rid):
            stored = self.readmodel.violations(moment.at, recruiter, rid)
        if stored is not None:
            found = [load_violation(p) for p in stored]
        else:
            found = [v for _, vs in self._all(moment.at, recruiter, rid) for v in vs]
            found.sort(key=lambda v: (v.occurred_at, v.handle, v.kind))
        # The store finds the relationships a recruiter worked on; each violation names
        # the recruiters who broke the rule.
        return [v for v in found if recruiter is None or recruiter in v.by]

    def find(self, skills: Iterable[str], *, limit: int | None = None) -> list[Match]:
        """People with these skills, most skills matched first, then the strongest
        relationships; never those who opted out. Never ranked by availability."""
        self.ready(None)
        try:
            wanted: tuple[str, ...] = normalise_skills(list(skills))
        except ValueError as error:
            raise InvalidInput("the search", {"skill": str(error)}) from None
        if not wanted:
            raise InvalidInput("the search", {"skill": "name at least one skill"})
        found: dict[str, dict[str, Any]] = {}
        for row in self.readmodel.with_skills(wanted):
            if row["kind"] is None and load_action(row["payload"]).line == "1":
                continue  # opted out (line 1): never to be contacted, so never found
            entry = found.setdefault(row["id"], {"row": row, "matched": []})
            entry["matched"].append(row["skill"])
        every = self.readmodel.skills_of(list(found))
        matches = [
            Match(
                handle=e["row"]["handle"],
                name=e["row"]["name"],
                skills=tuple(every.get(rid, ())),
                matched=tuple(s for s in wanted if s in e["matched"]),
                strength=float(e["row"]["strength"]),
            )
            for rid, e in found.items()
        ]
        matches.sort(key=lambda m: (-len(m.matched), -m.strength, m.handle))
        return matches[:limit]

    def handles(self) -> list[str]:
        self.ready(None)
        return self.readmodel.handles()

    def _all(
        self, moment: datetime, recruiter: str | None = None, rid: str | None = None
    ) -> list[tuple[NextAction, list[Violation]]]:
        answers = []
        for row in self.readmodel.answer_rows(recruiter, rid):
            if valid(row, moment):
                stored = self.readmodel.stored_violations(row["id"])
                answers.append((load_action(row["payload"]), stored))
            else:
                answers.append(self._fresh(row, moment))
        return answers

    def _fresh(self, row: Any, now: datetime) -> tuple[NextAction, list[Violation]]:
        """Work an answer out in memory, without storing it."""
        history = load_history(row["state"], UUID(row["id"]))
        groups = self.readmodel.groups_for(history)
        return self.readmodel.answer(row["handle"], history, groups, now)


def _due(actions: list[NextAction], moment: datetime) -> list[NextAction]:
    due = [a for a in actions if a.kind is not None and a.due is not None and a.due <= moment]
    return sorted(due, key=sort_key)
