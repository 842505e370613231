"""People as the command line shows them: ``ls`` rows and JSON, ``show`` fields and JSON."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from outreach.cli.output import iso, when
from outreach.cli.views import action_json, details, due_words, event_json, violation_json

if TYPE_CHECKING:
    from outreach.engine.people import Person, Profile

PERSON_COLUMNS = ("handle", "name", "company", "last touch", "next", "due", "marks")
PERSON_OPTIONAL = ("company", "last touch")


def marks(person: Person) -> list[str]:
    """What sets someone apart, in words."""
    found = []
    if person.would_hire:
        found.append("would hire")
    if person.key_contributor:
        found.append("key contributor")
    if person.snoozed_until is not None:
        found.append(f"snoozed until {when(person.snoozed_until)}")
    if person.opted_out:
        found.append("opted out")
    return found


def person_row(person: Person, now: datetime) -> list[str]:
    action = person.action
    return [
        person.handle,
        person.name,
        person.company or "",
        when(person.last_touch)[:10] if person.last_touch else "never",
        action.kind.value if action.kind is not None else "none",
        due_words(action.due, now) if action.kind is not None else "",
        ", ".join(marks(person)),
    ]


def person_json(person: Person, now: datetime) -> dict[str, Any]:
    action = person.action
    return {
        "handle": person.handle,
        "name": person.name,
        "company": person.company,
        "title": person.title,
        "source": person.source,
        "skills": list(person.skills),
        "tz": person.tz,
        "added_at": iso(person.added_at),
        "last_touch": iso(person.last_touch),
        "action": action.kind.value if action.kind is not None else None,
        "due": iso(action.due),
        "overdue": person.overdue(now),
        "would_hire": person.would_hire,
        "key_contributor": person.key_contributor,
        "snoozed_until": iso(person.snoozed_until),
        "opted_out": person.opted_out,
    }


def profile_json(profile: Profile) -> dict[str, Any]:
    return {
        **person_json(profile.person, profile.now),
        "contact": dict(profile.contact),
        "local_time": iso(profile.local_now),
        "motivations": [{"kind": k, "detail": d} for k, d in profile.motivations],
        "career_moves": [{"kind": k, "detail": d} for k, d in profile.career_moves],
        "groups": list(profile.groups),
        "last_touches": [event_json(e) for e in profile.touches],
        "next": action_json(profile.person.action),
        "violations": [violation_json(v) for v in profile.violations],
    }


def profile_fields(profile: Profile) -> list[tuple[str, str]]:
    """``show``: a name and a value a line, the sentences in full."""
    person, action = profile.person, profile.person.action
    pairs = [("handle", person.handle), ("name", person.name)]
    work = " at ".join(part for part in (person.title, person.company) if part)
    if work:
        pairs.append(("works as", work))
    pairs += [(key, value) for key, value in profile.contact]
    if person.skills:
        pairs.append(("skills", ", ".join(person.skills)))
    if person.tz and profile.local_now is not None:
        clock = profile.local_now.strftime("%a %d %b %H:%M")
        pairs.append(("time zone", f"{person.tz} (their time now: {clock})"))
    if person.source:
        pairs.append(("source", person.source))
    if marks(person):
        pairs.append(("marks", ", ".join(marks(person))))
    for kind, detail in profile.motivations:
        pairs.append(("motivation", f"{kind}: {detail}" if detail else kind))
    for kind, detail in profile.career_moves:
        pairs.append(("career move", f"{kind}: {detail}" if detail else kind))
    if profile.groups:
        pairs.append(("groups", ", ".join(profile.groups)))
    for event in profile.touches:
        said = details(event)
        pairs.append(("touch", f"{when(event.occurred_at)} {type(event).KIND} {said}".strip()))
    if not profile.touches:
        pairs.append(("touch", "never"))
    pairs.append(("next", action.text if action.kind is not None else f"none: {action.text}"))
    if action.kind is not None and action.due is not None:
        pairs.append(("due", f"{when(action.due)} ({due_words(action.due, profile.now)})"))
    pairs += [("why", f"{action.because} ({action.rule}, playbook line {action.line})")]
    for violation in profile.violations:
        pairs.append(("violation", f"{when(violation.occurred_at)} {violation.text}"))
    return pairs
