"""The engine's answers as JSON objects and as table rows (one shape per kind of answer)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from outreach.cli.output import iso, when

if TYPE_CHECKING:
    from outreach.domain.events import Event, Retracted
    from outreach.engine.glance import StoredAction, StoredEvidence, StoredPriority
    from outreach.engine.queries import Match
    from outreach.projections.model import Evidence, NextAction, Priority, Violation

    # An answer of the engine's, or as stored (read without the engine: outreach next, agenda).
    Action = NextAction | StoredAction

# The event's envelope, shown under its own names rather than among its fields.
ENVELOPE = frozenset(
    {"originator_id", "originator_version", "timestamp", "originator_topic", "occurred_at", "by"}
)
ACTION_COLUMNS = ("due", "when", "handle", "action", "what to do", "rule")
# Dropped, in this order, on a terminal too narrow for them beside the sentence.
ACTION_OPTIONAL = ("rule", "due")
VIOLATION_COLUMNS = ("when", "handle", "rule", "what happened", "by")
EVENT_COLUMNS = ("when", "what", "details", "by", "version")
MATCH_COLUMNS = ("handle", "name", "matched", "skills", "strength")


def evidence_json(
    evidence: tuple[Evidence, ...] | tuple[StoredEvidence, ...],
) -> list[dict[str, Any]]:
    return [
        {"version": e.version, "kind": e.kind, "occurred_at": iso(e.occurred_at), "by": e.by}
        for e in evidence
    ]


def action_json(action: Action) -> dict[str, Any]:
    """``next --json``'s object: the contract of the command line."""
    return {
        "handle": action.handle,
        "action": str(action.kind) if action.kind is not None else None,
        "text": action.text,
        "due": iso(action.due),
        "rule": action.rule,
        "rules": list(action.rules),
        "because": action.because,
        "line": action.line,
        "priority": priority_json(action.priority) if action.priority is not None else None,
        "evidence": evidence_json(action.evidence),
        "recheck_at": iso(action.recheck_at),
    }


def priority_json(p: Priority | StoredPriority) -> dict[str, Any]:
    return {
        "agreed": p.agreed,
        "kind_rank": p.kind_rank,
        "would_hire": p.would_hire,
        "key_contributor": p.key_contributor,
    }


def action_row(action: Action, now: datetime) -> list[str]:
    kind = str(action.kind) if action.kind is not None else "none"
    late = due_words(action.due, now) if action.kind is not None else ""
    return [when(action.due), late, action.handle, kind, action.text, action.rule]


def due_words(due: datetime | None, now: datetime) -> str:
    """How due something is, in words: "overdue 16d", "overdue 5h", "due now", "in 3d"."""
    if due is None:
        return ""
    seconds = (due - now).total_seconds()
    if abs(seconds) < 3600:
        return "due now"
    span = abs(seconds) / 3600
    amount = f"{int(span // 24)}d" if span >= 24 else f"{int(span)}h"
    return f"overdue {amount}" if seconds < 0 else f"in {amount}"


def priority_text(action: Action, now: datetime) -> str:
    """Why an action stands where it does in the agenda, in words, part by part: the kind of
    action (agreed callbacks first), the person, how overdue."""
    from outreach.projections.kinds import ActionKind

    p = action.priority
    if p is None or action.kind is None:
        return ""
    if p.agreed:
        parts = ["an agreed callback: these come first, by their time"]
    else:
        kinds = len(ActionKind) - 1  # after agreed callbacks
        parts = [f"{action.kind}: {_ordinal(p.kind_rank)} of {kinds} kinds of action"]
    if p.would_hire:
        parts.append("someone you'd hire")
    if p.key_contributor:
        parts.append("a key contributor")
    parts.append(due_words(action.due, now))
    return "; ".join(parts)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def action_fields(action: Action, now: datetime) -> list[tuple[str, str]]:
    rules = action.rule + "".join(f", {r}" for r in action.rules if r != action.rule)
    pairs = [
        ("handle", action.handle),
        ("action", str(action.kind) if action.kind is not None else "none"),
        ("what to do" if action.kind is not None else "why none", action.text),
    ]
    if action.due is not None:
        pairs.append(("due", f"{when(action.due)} ({due_words(action.due, now)})"))
    pairs += [("rule", rules), ("because", action.because), ("playbook line", action.line)]
    if action.priority is not None:
        pairs.append(("priority", priority_text(action, now)))
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


def event_json(event: Event, retraction: Retracted | None = None) -> dict[str, Any]:
    """An event as ``history --json`` lists it; ``retracted`` says who withdrew it, when and
    why (null if it stands)."""
    return {
        "version": event.originator_version,
        "event": type(event).KIND,  # not "kind": some events have a field of that name
        "occurred_at": iso(event.occurred_at),
        "recorded_at": iso(event.timestamp),
        "by": event.by,
        **{k: _plain(v) for k, v in event_fields(event).items()},
        "retracted": None
        if retraction is None
        else {
            "version": retraction.originator_version,
            "by": retraction.by,
            "occurred_at": iso(retraction.occurred_at),
            "reason": retraction.reason,
        },
    }


def event_row(event: Event, retraction: Retracted | None = None) -> list[str]:
    what, said = type(event).KIND, details(event)
    if retraction is not None:
        what += " (retracted)"
        why = f": {retraction.reason}" if retraction.reason else ""
        withdrawn = f"retracted by {retraction.by}, {when(retraction.occurred_at)}{why}"
        said = f"{said}; {withdrawn}" if said else withdrawn
    return [when(event.occurred_at), what, said, event.by, str(event.originator_version)]


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


def settings_example() -> str:
    """A settings file with every figure at its default, each with what it means."""
    import json

    from outreach.projections.settings import Playbook

    lines = [
        "# outreach playbook settings (TOML): the figures the rules use, at their defaults.",
        "# Change what your team does differently; a figure left out keeps its default.",
        "# Use it with --settings FILE, OUTREACH_SETTINGS, or as outreach.toml in the",
        "# config directory (~/.config/outreach/ on Linux).",
        "",
        "[playbook]",
    ]
    for figure in Playbook().describe():
        lines.append(f"# {figure.meaning} ({figure.unit})")
        lines.append(f"{figure.key} = {json.dumps(figure.value)}")
    return "\n".join(lines) + "\n"


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
