"""The engine's answers as JSON objects and as table rows (one shape per kind of answer)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from outreach.cli.output import iso, when

if TYPE_CHECKING:
    from outreach.domain.events import Event
    from outreach.engine.queries import Match
    from outreach.projections.model import Evidence, NextAction, Violation

# The event's envelope, shown under its own names rather than among its fields.
ENVELOPE = frozenset(
    {"originator_id", "originator_version", "timestamp", "originator_topic", "occurred_at", "by"}
)
ACTION_COLUMNS = ("due", "handle", "action", "what to do", "rule")
VIOLATION_COLUMNS = ("when", "handle", "rule", "what happened", "by")
EVENT_COLUMNS = ("when", "what", "details", "by")
MATCH_COLUMNS = ("handle", "name", "matched", "skills", "strength")


def evidence_json(evidence: tuple[Evidence, ...]) -> list[dict[str, Any]]:
    return [
        {"version": e.version, "kind": e.kind, "occurred_at": iso(e.occurred_at), "by": e.by}
        for e in evidence
    ]


def action_json(action: NextAction) -> dict[str, Any]:
    """``next --json``'s object: the contract of the command line."""
    return {
        "handle": action.handle,
        "action": action.kind.value if action.kind is not None else None,
        "text": action.text,
        "due": iso(action.due),
        "rule": action.rule,
        "rules": list(action.rules),
        "because": action.because,
        "line": action.line,
        "priority": action.priority.model_dump() if action.priority is not None else None,
        "evidence": evidence_json(action.evidence),
        "recheck_at": iso(action.recheck_at),
    }


def action_row(action: NextAction) -> list[str]:
    kind = action.kind.value if action.kind is not None else "none"
    return [when(action.due), action.handle, kind, action.text, action.rule]


def priority_text(action: NextAction) -> str:
    """The parts of an action's rank in the agenda, as a task list shows its urgency."""
    p = action.priority
    if p is None:
        return ""
    parts = ["agreed callback" if p.agreed else f"kind #{p.kind_rank}"]
    if p.would_hire:
        parts.append("would hire")
    if p.key_contributor:
        parts.append("key contributor")
    return ", ".join(parts)


def action_fields(action: NextAction) -> list[tuple[str, str]]:
    rules = action.rule + "".join(f", {r}" for r in action.rules if r != action.rule)
    pairs = [
        ("handle", action.handle),
        ("action", action.kind.value if action.kind is not None else "none"),
        ("what to do" if action.kind is not None else "why none", action.text),
    ]
    if action.due is not None:
        pairs.append(("due", when(action.due)))
    pairs += [("rule", rules), ("because", action.because), ("playbook line", action.line)]
    if action.priority is not None:
        pairs.append(("priority", priority_text(action)))
    if action.evidence:
        pairs.append(
            ("from", ", ".join(f"{e.kind} {when(e.occurred_at)}" for e in action.evidence))
        )
    return pairs


def violation_json(violation: Violation) -> dict[str, Any]:
    return {
        "handle": violation.handle,
        "kind": violation.kind,
        "rule": violation.rule,
        "text": violation.text,
        "occurred_at": iso(violation.occurred_at),
        "by": list(violation.by),
        "evidence": evidence_json(violation.evidence),
    }


def violation_row(violation: Violation) -> list[str]:
    return [
        when(violation.occurred_at),
        violation.handle,
        violation.rule,
        violation.text,
        ", ".join(violation.by),
    ]


def event_fields(event: Event) -> dict[str, Any]:
    """The event's own fields (what happened), without its envelope."""
    return {k: v for k, v in event.model_dump().items() if k not in ENVELOPE}


def event_json(event: Event) -> dict[str, Any]:
    return {
        "version": event.originator_version,
        "event": type(event).KIND,  # not "kind": some events have a field of that name
        "occurred_at": iso(event.occurred_at),
        "recorded_at": iso(event.timestamp),
        "by": event.by,
        **{k: _plain(v) for k, v in event_fields(event).items()},
    }


def event_row(event: Event) -> list[str]:
    return [when(event.occurred_at), type(event).KIND, details(event), event.by]


def details(event: Event) -> str:
    """``where: PyCon UK; would hire``: the fields that say something, in words."""
    parts = []
    for key, value in event_fields(event).items():
        label = key.replace("_", " ")
        if value is None or value == () or value is False or key == "handle":
            continue
        if value is True:
            parts.append(label)
        elif isinstance(value, datetime):
            parts.append(f"{label}: {when(value)}")
        elif isinstance(value, tuple | list):
            parts.append(f"{label}: {', '.join(str(v) for v in value)}")
        else:
            parts.append(f"{label}: {_plain(value)}")
    return "; ".join(parts)


def match_json(match: Match) -> dict[str, Any]:
    return {
        "handle": match.handle,
        "name": match.name,
        "skills": list(match.skills),
        "matched": list(match.matched),
        "strength": match.strength,
    }


def match_row(match: Match) -> list[str]:
    return [
        match.handle,
        match.name,
        ", ".join(match.matched),
        ", ".join(match.skills),
        f"{match.strength:g}",
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
