"""Recording what happened: ``add`` and ``record EVENT HANDLE``
(the groups one listens in: ``outreach.cli.groups``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click
from outreach.cli import vocabulary as words
from outreach.cli.moments import DATETIME, ZONE_HELP, Zone
from outreach.cli.options import (
    HANDLE,
    at_option,
    complete_handles,
    global_options,
    session,
)
from outreach.cli.output import say, warn, when
from outreach.cli.views import details

if TYPE_CHECKING:
    from outreach.cli.dates import Typed
    from outreach.engine import Recorded

Decorator = Callable[[Any], Any]


@click.command()
@click.argument("handle")
@click.option("--name", required=True, help="Their full name.")
@click.option("--email", help="Email address.")
@click.option("--phone", help="Phone number.")
@click.option("--url", help="A profile link (LinkedIn, a personal site).")
@click.option("--skill", "skills", multiple=True, metavar="SKILL", help="A skill (repeatable).")
@click.option("--tz", type=Zone(), metavar="ZONE", help=ZONE_HELP)
@click.option("--source", type=click.Choice(words.SOURCES), help="Where they came from.")
@click.option("--company", help="Where they work now.")
@click.option("--title", help="Their job title.")
@at_option
@global_options
def add(handle: str, name: str, at: Typed | None, **fields: Any) -> None:
    """Start a relationship with someone.

    Example: outreach add ada --name "Ada Lovelace" --skill python --tz Europe/London
    """
    chosen = session()
    when_ = chosen.moment(at, tz=fields.get("tz"))
    recorded = chosen.engine().add(handle, name=name, at=when_, **_given(fields))
    added = str(getattr(recorded.event, "handle", handle))
    say(f"added {added} ({name}), {when(recorded.event.occurred_at)}")
    warn_of(recorded)
    next_step(recorded)


@click.group()
@global_options
def record() -> None:
    """Record what happened with someone.

    outreach record EVENT HANDLE [options]: one EVENT per event of the playbook.

    Example: outreach record emailed ada --topic "type checkers" --at "2026-03-06 11:00"
    """


def _recorder(kind: str, summary: str, example: str, *params: Decorator, at: bool = True) -> None:
    """Make ``record KIND HANDLE``: options named as the event's fields, passed on as they are."""

    def callback(handle: str, at: Typed | None = None, **fields: Any) -> None:
        chosen = session()
        # A date alone (--on, --callback ...) is that day where the candidate lives.
        typed = {k: chosen.moment(v, handle) for k, v in _given(fields).items() if _typed(v)}
        recorded = chosen.engine().record(
            handle, kind, at=chosen.moment(at, handle), **{**_given(fields), **typed}
        )
        event = recorded.event
        said = details(event)
        what = f"{kind} ({said})" if said else kind
        say(f"recorded {what} with {handle.strip().lower()}, {when(event.occurred_at)}")
        warn_of(recorded)
        next_step(recorded)

    decorated: Any = callback
    for param in reversed([HANDLE, *params, *([at_option] if at else []), global_options]):
        decorated = param(decorated)
    record.add_command(click.command(kind, help=f"{summary}\n\nExample: {example}")(decorated))


def _given(fields: dict[str, Any]) -> dict[str, Any]:
    """Only what was given: the event's defaults stand for the rest."""
    return {k: v for k, v in fields.items() if v is not None and v != ()}


def _typed(value: Any) -> bool:
    from outreach.cli.dates import Typed

    return isinstance(value, Typed)


def warn_of(recorded: Recorded) -> None:
    for violation in recorded.warnings:
        warn(f"warning: {violation.text} ({violation.rule})")
    for note in recorded.notes:
        warn(f"warning: {note}")


def next_step(recorded: Recorded) -> None:
    """The next action worked out from what was just saved (none for someone erased)."""
    if recorded.next_action is not None:
        say(f"next: {recorded.next_action.text}", style="bold")


def _text(name: str, help: str, required: bool = False) -> Decorator:
    return click.option(f"--{name}", required=required, help=help)


def _flag(name: str, help: str) -> Decorator:
    return click.option(f"--{name}", is_flag=True, default=False, help=help)


def _skills(help: str) -> Decorator:
    return click.option("--skill", "skills", multiple=True, metavar="SKILL", help=help)


_recorder(
    "met",
    "You met them.\n\nAt a conference, a meetup, or you worked together.",
    'outreach record met ada --where "PyCon UK" --would-hire',
    _text("where", "Where you met.", required=True),
    _flag("would-hire", "You thought: I would hire this person."),
)
_recorder(
    "researched",
    "You learned about them.\n\nTheir company, industry, interests, and what you have in common.",
    'outreach record researched ada --common-ground "PyCon talks" --note "leads a Rust team"',
    _text("note", "What you found."),
    click.option(
        "--common-ground", multiple=True, metavar="TEXT", help="Something in common (repeatable)."
    ),
)
_recorder(
    "spotted-online",
    "You noticed them in an online group.\n\nA forum, LinkedIn group, Slack or meetup.",
    'outreach record spotted-online ada --group "Rust Users Forum" --key-contributor',
    _text("group", "The group's name.", required=True),
    _text("said", "What they said."),
    _flag("key-contributor", "They are a key contributor there."),
)
_recorder(
    "motivation",
    "What would make a move worthwhile for them.\n\n" + words.MOTIVATION_HELP,
    'outreach record motivation ada pay --detail "paid below the market"',
    click.argument("kind", type=click.Choice(words.MOTIVATIONS), metavar="KIND"),
    _text("detail", "In their words."),
)
_recorder(
    "career-move",
    "A turn in their career worth asking about.\n\nA gap in work, or a change of industry.",
    'outreach record career-move ada --kind industry-change --detail "from banking"',
    click.option("--kind", type=click.Choice(words.CAREER_MOVES), required=True, help="Which."),
    _text("detail", "What happened."),
)
_recorder(
    "emailed",
    "You emailed them.\n\nA networking email unless said otherwise.",
    'outreach record emailed ada --topic "type checkers"',
    click.option("--intent", type=click.Choice(words.INTENTS), help="What it set out to do."),
    _text("topic", "The topic or common ground it led with."),
)
_recorder(
    "called",
    "You called them.\n\nConnected unless said otherwise.",
    "outreach record called ada --outcome voicemail",
    click.option("--outcome", type=click.Choice(words.OUTCOMES), help="How it went."),
    _text("note", "What was said."),
)
_recorder(
    "replied",
    "They answered.",
    'outreach record replied ada --note "happy to talk after the release"',
    _text("note", "What they said."),
)
_recorder(
    "declined-busy",
    '"Busy" or "bad day": not a no.\n\nGive the callback time if one was agreed.',
    'outreach record declined-busy ada --callback "2026-03-10 15:00"',
    click.option(
        "--callback", "callback_at", type=DATETIME, metavar="DATETIME", help="The agreed time."
    ),
    _text("note", "What they said."),
)
_recorder(
    "rescheduled",
    "They moved the conversation to another time.",
    'outreach record rescheduled ada --to "2026-03-12 09:30"',
    click.option("--to", type=DATETIME, metavar="DATETIME", required=True, help="The new time."),
)
_recorder(
    "declined",
    'A firm "not interested".',
    'outreach record declined ada --note "happy where she is"',
    _text("note", "What they said."),
)
_recorder(
    "referral-asked",
    'You asked who they know with some skills.\n\nName the skills: never "who is looking?".',
    "outreach record referral-asked ada --skill rust --skill compilers",
    _skills("A skill you asked about (repeatable)."),
)
_recorder(
    "referral-received",
    "They referred someone to you.",
    "outreach record referral-received ada --who grace",
    click.option("--who", required=True, shell_complete=complete_handles, help="Their handle."),
)
_recorder(
    "connection-offered",
    "You offered them a connection of yours.\n\nAs a resource to them, not a pitch.",
    'outreach record connection-offered ada --note "intro to our compiler team"',
    _text("note", "Whom you offered."),
)
_recorder(
    "opportunity-presented",
    "You presented an opportunity.\n\nOnly once they are in conversation, their motivations known.",
    'outreach record opportunity-presented ada --role "Staff engineer"',
    _text("role", "The role.", required=True),
)
_recorder(
    "past-candidacy",
    "An earlier candidacy.\n\nPlaced, interviewed or applied, and when.",
    'outreach record past-candidacy ada --kind interviewed --on 2023-05-02 --role "Data engineer"',
    click.option("--kind", type=click.Choice(words.CANDIDACIES), required=True, help="How far."),
    click.option(
        "--on", "--at", "at", type=DATETIME, metavar="DATE", required=True, help="When it was."
    ),
    _text("role", "For what role."),
    at=False,
)
_recorder(
    "profile-updated",
    "What they do now, or a correction.\n\nName, contact points, company, title, skills, time"
    " zone: what is left out stays as it was; an update that changes nothing is refused.",
    'outreach record profile-updated ada --company "Engines Ltd" --skill rust',
    _text("name", "Their name, corrected."),
    _text("email", "Their email address."),
    _text("phone", "Their phone number."),
    _text("url", "A profile link (LinkedIn, a personal site)."),
    _text("company", "Where they work now."),
    _text("title", "Their job title now."),
    _skills("A skill (repeatable)."),
    click.option("--tz", type=Zone(), metavar="ZONE", help=ZONE_HELP),
)
_recorder(
    "retracted",
    "Withdraw an event recorded by mistake.\n\nVERSION as 'outreach history' shows it; every"
    " answer then treats it as never recorded. Added, opted-out, erased and retractions stand.",
    'outreach record retracted ada 4 --reason "logged on the wrong person"',
    click.argument("retracted_version", type=click.IntRange(min=1), metavar="VERSION"),
    _text("reason", "Why it was a mistake."),
)
_recorder(
    "snoozed",
    "Put the relationship aside until a time.\n\nNothing is due before then, unless they answer"
    " or a callback was agreed.",
    'outreach record snoozed ada --until 2026-04-01 --reason "on parental leave"',
    click.option("--until", type=DATETIME, metavar="DATETIME", required=True, help="Until when."),
    _text("reason", "Why."),
)
_recorder(
    "opted-out",
    '"Do not contact me": final.\n\nNo outbound touch can be recorded after it.',
    "outreach record opted-out ada",
)
