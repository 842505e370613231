"""Bulk import: many relationships at once, saved in batches (one transaction each).

Idempotent: a handle already in the store is skipped, so importing a file twice adds nothing,
and re-running an import that was interrupted completes it exactly.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from eventsourcing.persistence import IntegrityError
from outreach.domain.errors import ErasedError, OutreachError
from outreach.domain.events import RECORDABLE
from outreach.domain.relationship import Relationship


@dataclass(frozen=True)
class NewRelationship:
    """One person to import: the ``added`` fields and what already happened with them."""

    handle: str
    name: str
    at: datetime | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    # (event kind, when it happened or None for the import time, its fields)
    events: tuple[tuple[str, datetime | None, dict[str, Any]], ...] = ()
    line: int | None = None  # where it came from, for error reports

    @classmethod
    def read(
        cls,
        handle: str,
        name: str,
        at: datetime | None,
        fields: dict[str, Any],
        line: int,
        events: tuple[tuple[str, datetime | None, dict[str, Any]], ...] = (),
    ) -> NewRelationship:
        """One read from a file: as ``NewRelationship(...)`` makes it, at once (a frozen
        class's ``__init__`` sets its fields one ``object.__setattr__`` at a time, which cost
        more than reading the row's cells)."""
        item = _new(cls)
        values: dict[str, Any] = {"handle": handle, "name": name, "at": at, "fields": fields}
        values.update(events=events, line=line)  # in the fields' order, as __init__ sets them
        _set(item, "__dict__", values)
        return item


_new, _set = object.__new__, object.__setattr__


@dataclass
class ImportReport:
    """What an import did: the handles added, those skipped (already in the store, or repeated
    in the file), the items that failed (line, handle, why) and how many events were saved.
    With ``keep_handles`` False only how many were added and skipped is kept, not who: a file
    of a million rows then holds no list of a million handles (about 80 bytes a row)."""

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already in the store
    failed: list[tuple[int | None, str, str]] = field(default_factory=list)  # line, handle, why
    keep_handles: bool = True

    @property
    def events(self) -> int:
        return self._events

    @property
    def people_added(self) -> int:
        return len(self.added) if self.keep_handles else self._added

    @property
    def people_skipped(self) -> int:
        return len(self.skipped) if self.keep_handles else self._skipped

    def note_added(self, handles: list[str]) -> None:
        self._added += len(handles)
        if self.keep_handles:
            self.added += handles

    def note_skipped(self, handle: str) -> None:
        self._skipped += 1
        if self.keep_handles:
            self.skipped.append(handle)

    _events: int = 0
    _added: int = 0
    _skipped: int = 0


def build(
    item: NewRelationship, envelope: Callable[[datetime | None], dict[str, Any]]
) -> Relationship:
    """The relationship with its whole imported history, validated; nothing is saved."""
    relationship = Relationship.add(item.handle, name=item.name, **envelope(item.at), **item.fields)
    for kind, at, fields in item.events:
        event_class = RECORDABLE.get(kind)
        if event_class is None:
            raise OutreachError(f"unknown event {kind!r}")
        relationship.record(event_class, **envelope(at), **fields)
    return relationship


def save_batch(
    app: Any, batch: list[tuple[NewRelationship, Relationship]], report: ImportReport
) -> None:
    """Save new relationships in one transaction. Should some be in the store already (an
    import run again, or another writer racing), that fails as a whole: then those are
    skipped and the rest saved in one transaction again, or one by one if still racing."""
    # Each one's pending events, kept should the save fail: saving takes the list whole
    # (``Relationship.collect_events``) and leaves it as it is.
    pending = [rel.pending_events for _, rel in batch]
    # Given whole aggregates, the save costs less than given their events: eventsourcing tests
    # each object it is given against a runtime protocol, about 11 us for an event.
    if _saved(app, [rel for _, rel in batch]):
        report.note_added([rel.handle for _, rel in batch])
        report._events += sum(map(len, pending))
        return
    fresh = []
    for (item, rel), events in zip(batch, pending, strict=True):
        if _exists(app, rel):
            report.note_skipped(item.handle)
        else:
            fresh.append((item, rel, events))
    if _saved(app, [e for _, _, events in fresh for e in events]):
        report.note_added([rel.handle for _, rel, _ in fresh])
        report._events += sum(len(events) for _, _, events in fresh)
        return
    for item, rel, events in fresh:  # another writer added some of these meanwhile
        if _saved(app, events):
            report.note_added([rel.handle])
            report._events += len(events)
        else:
            report.note_skipped(item.handle)


def _saved(app: Any, events: Sequence[Any]) -> bool:
    """Saved in one transaction; False when someone's first event is in the store already
    (or they were erased: their data key is gone)."""
    try:
        if events:
            app.save(*events, recorded=False)  # an import reads none of the Recordings
    except (IntegrityError, ErasedError):
        return False
    return True


def _exists(app: Any, relationship: Relationship) -> bool:
    """Someone with this handle is in the store already (ids are random: ask the index)."""
    return app.handles is not None and app.handles.find(relationship.handle) is not None


def import_relationships(
    app: Any,
    items: Iterable[NewRelationship],
    envelope: Callable[[datetime | None], dict[str, Any]],
    *,
    batch_size: int = 500,
    progress: Callable[[int], None] | None = None,
    keep_handles: bool = True,
) -> ImportReport:
    with fewer_collections():
        return _import(app, items, envelope, batch_size, progress, keep_handles)


@contextmanager
def fewer_collections(*, freeze: bool = False) -> Iterator[None]:
    """Python's cycle collector runs every 700 new objects and walks the young ones each
    time: an import makes millions (cells, events, aggregates, stored rows) that reference
    counting frees anyway, and those walks were a fifth of its CPU. While importing it runs
    every 50,000 (peak memory unchanged at 100k rows); put back after. ``freeze``: what is
    loaded so far (modules, the store) is also set aside from its walks (``gc.freeze``), for
    a process that only imports (``outreach import``). A process that runs the collector
    itself (threshold 0) is left alone."""
    threshold = gc.get_threshold()
    if freeze:
        gc.freeze()
    if 0 < threshold[0] < 50_000:
        gc.set_threshold(50_000, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if freeze:
            gc.unfreeze()


def _import(
    app: Any,
    items: Iterable[NewRelationship],
    envelope: Callable[[datetime | None], dict[str, Any]],
    batch_size: int,
    progress: Callable[[int], None] | None,
    keep_handles: bool,
) -> ImportReport:
    report = ImportReport(keep_handles=keep_handles)
    batch: list[tuple[NewRelationship, Relationship]] = []
    # Handles of this batch only: memory stays flat on a file of a million rows, and a person
    # repeated in a later batch is found in the store (the handle index) and skipped there.
    seen: set[str] = set()
    for item in items:
        try:
            relationship = build(item, envelope)
        except OutreachError as error:
            report.failed.append((item.line, item.handle, str(error)))
            continue
        if relationship.handle in seen:  # the same person twice in one file
            report.note_skipped(relationship.handle)
            continue
        seen.add(relationship.handle)
        batch.append((item, relationship))
        if len(batch) >= batch_size:
            save_batch(app, batch, report)
            batch, seen = [], set()
        if progress is not None:
            progress(1)
    if batch:
        save_batch(app, batch, report)
    return report
