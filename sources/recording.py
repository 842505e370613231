"""Recording what mail and calendars tell, once each, in the order it happened, with the
summary a reader prints: what was read, matched, recorded by kind and skipped by reason."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from outreach.domain.errors import ErasedError, InvalidInput, OptedOutError, UnknownHandle
from outreach.domain.events import Event, OptedOut
from outreach.engine import Engine
from outreach.sources.ledger import Ledger

NO_KNOWN_PERSON = "no known person in it"


@dataclass(frozen=True, slots=True)
class Touch:
    """Something that happened with a known person, waiting to be recorded."""

    at: datetime
    rid: UUID
    kind: str  # the engine's word: emailed, replied, met, rescheduled
    identity: str  # what makes it the same message or meeting when read again
    details: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass
class Summary:
    """What one run read and did; ``as_json`` is what ``--json`` prints."""

    source: str
    dry_run: bool = False
    read: int = 0
    matched: int = 0
    recorded: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    already: int = 0
    after_opt_out: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "read": self.read,
            "matched": self.matched,
            "recorded": dict(sorted(self.recorded.items())),
            "already_recorded": self.already,
            "skipped": dict(sorted(self.skipped.items())),
            "sent_after_opt_out": self.after_opt_out,
            "warnings": self.warnings,
        }


Fields = Callable[[Touch, list[Event]], dict[str, Any]]


class Recorder:
    """Records touches through the engine: a touch already recorded (its keyed hash is in the
    ledger, or the person's history holds the same kind of event at the same moment) adds
    nothing; one at or after the person's opt-out is named, never recorded."""

    def __init__(self, engine: Engine, ledger: Ledger, summary: Summary, fields: Fields) -> None:
        self.engine = engine
        self.ledger = ledger
        self.summary = summary
        self.fields = fields
        self._handles: dict[UUID, str] = {}
        self._histories: dict[UUID, list[Event]] = {}

    def record_all(self, touches: Iterable[Touch]) -> None:
        for touch in sorted(touches, key=lambda t: (t.at, t.kind, t.identity)):
            self.record(touch)

    def record(self, touch: Touch) -> None:
        fingerprint = self.ledger.hash("touch", touch.kind, touch.identity, touch.rid.hex)
        if self.ledger.seen(fingerprint):
            self.summary.already += 1
            return
        try:
            handle = self.handle(touch.rid)
            history = self._histories.get(touch.rid) or self.engine.history(handle)
            if any(touch.kind == e.KIND and e.occurred_at == touch.at for e in history):
                # On record already: by hand, or by a run that stopped before its mark was kept.
                self.summary.already += 1
                self.ledger.mark(fingerprint)
                return
            opted = [e.occurred_at for e in history if isinstance(e, OptedOut)]
            if opted and touch.at >= min(opted):
                raise OptedOutError(handle, min(opted).isoformat(), touch.kind)
            fields = self.fields(touch, history)
            if not self.ledger.dry:
                # The fingerprint as the command's key: a second reader of the same mail at the
                # same time (another process, between its look at the history and its save)
                # records nothing twice.
                recorded = self.engine.record(
                    handle, touch.kind, at=touch.at, idempotency_key=fingerprint, **fields
                )
                if recorded.again:
                    self.summary.already += 1
                    self.ledger.mark(fingerprint)
                    return
                self.summary.warnings += [f"{handle}: {v.text}" for v in recorded.warnings]
                # What was just recorded, added to what was loaded: no reload per message.
                self._histories[touch.rid] = [*history, *recorded.events]
        except OptedOutError:
            day = touch.at.date().isoformat()
            self.summary.after_opt_out.append(f"{handle}: {touch.kind} on {day}")
            return
        except (ErasedError, UnknownHandle):  # erased since the address index caught up
            self.summary.skip(NO_KNOWN_PERSON)
            return
        except InvalidInput as error:
            self.summary.skip(f"refused: {error}")
            return
        self.ledger.mark(fingerprint)
        self.summary.recorded[touch.kind] += 1

    def handle(self, rid: UUID) -> str:
        if rid not in self._handles:
            self._handles[rid] = str(self.engine.app.repository.get(rid).handle)
        return self._handles[rid]
