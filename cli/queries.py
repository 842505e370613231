"""Reading: ``next``, ``agenda``, ``history``, ``violations``, ``find``, ``playbook``, ``where``.

Every one takes ``--json`` and then prints JSON alone on stdout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click
from outreach.cli import views
from outreach.cli.options import HANDLE, complete_handles, global_options, json_option, session
from outreach.cli.output import fields, print_json, say, table


@click.command("next")
@click.argument("handle", required=False, shell_complete=complete_handles)
@json_option
@global_options
def next_action(handle: str | None, as_json: bool) -> None:
    """The next best action, and why.

    With HANDLE, that person's; without, everyone's: what is due now in the agenda's order,
    then what comes later, soonest first.

    Example: outreach next ada
    """
    chosen = session()
    now = chosen.clock()
    if handle is not None:
        from outreach.engine import glance  # here: 'outreach --help' imports no SQLite

        action: views.Action | None = glance.next_action(chosen.db, handle, now, chosen.figures())
        if action is None:
            action = chosen.engine().next_action(handle)
        if as_json:
            print_json(views.action_json(action))
        else:
            fields(views.action_fields(action, now))
        return
    actions = chosen.engine().next_actions()
    if as_json:
        print_json([views.action_json(a) for a in actions])
    else:
        rows = [views.action_row(a, now) for a in actions]
        empty = "no relationships yet: outreach add HANDLE ..."
        table(views.ACTION_COLUMNS, rows, empty=empty, optional=views.ACTION_OPTIONAL)


@click.command()
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N actions.")
@click.option("--recruiter", metavar="NAME", help="Only relationships NAME recorded on.")
@click.option("--priority", is_flag=True, help="Show the parts of each action's rank.")
@json_option
@global_options
def agenda(limit: int | None, recruiter: str | None, priority: bool, as_json: bool) -> None:
    """Every action due now, most pressing first.

    Agreed callbacks first, by time; then by kind of action; then people you would hire and
    key contributors; then the most overdue.

    Example: outreach agenda --limit 10
    """
    chosen = session()
    now = chosen.clock()
    from outreach.engine import glance  # here: 'outreach --help' imports no SQLite

    actions: Sequence[views.Action] | None = glance.agenda(
        chosen.db, now, chosen.figures(), recruiter, limit
    )
    if actions is None:
        actions = chosen.engine().agenda(limit=limit, recruiter=recruiter)
    if as_json:
        print_json([views.action_json(a) for a in actions])
        return
    columns: tuple[str, ...] = views.ACTION_COLUMNS
    rows = [views.action_row(a, now) for a in actions]
    if priority:
        columns += ("priority",)
        rows = [[*row, views.priority_text(a, now)] for row, a in zip(rows, actions, strict=True)]
    empty = "nothing due: you are up to date"
    table(columns, rows, empty=empty, optional=views.ACTION_OPTIONAL)


@click.command()
@HANDLE
@json_option
@global_options
def history(handle: str, as_json: bool) -> None:
    """Everything recorded about someone, as it happened (with --now, what had happened by
    then). Each event shows its version (for 'outreach retract'); a retracted one is marked,
    with who retracted it and why.

    Example: outreach history ada
    """
    from outreach.domain.corrections import withdrawn

    chosen = session()
    engine = chosen.engine()
    # A retraction withdraws its event whatever the moment: marked as of any --now.
    gone = withdrawn(engine.history(handle))
    events = engine.history(handle, now=chosen.now)
    if as_json:
        print_json([views.event_json(e, gone.get(e.originator_version)) for e in events])
    else:
        rows = [views.event_row(e, gone.get(e.originator_version)) for e in events]
        table(views.EVENT_COLUMNS, rows)


@click.command()
@click.argument("handle", required=False, shell_complete=complete_handles)
@click.option("--recruiter", metavar="NAME", help="Only what NAME recorded.")
@json_option
@global_options
def violations(handle: str | None, recruiter: str | None, as_json: bool) -> None:
    """The coaching report: every broken don't or skipped do.

    Each names its rule, the events and who recorded them. Reported: a cold call; outreach
    before research; a pitch before a reply; opening as a recruiter; a pitch with no
    motivation known; contact before listening in a group; an availability ask (no skills);
    a dropped busy answer; a missed agreed callback; chasing (a touch with max_unanswered
    already unanswered); contact during the pause after a firm no; contact after closing; an
    ignored reply (nothing within grace business days); and, as of now, someone you'd hire,
    a key contributor or someone in conversation left waiting past grace business days.

    Example: outreach violations --recruiter sam
    """
    found = session().engine().violations(handle=handle, recruiter=recruiter)
    if as_json:
        print_json([views.violation_json(v) for v in found])
    else:
        rows = [views.violation_row(v) for v in found]
        table(views.VIOLATION_COLUMNS, rows, empty="no violations: by the playbook")


@click.command()
@click.option(
    "--skill", "skills", multiple=True, required=True, metavar="SKILL", help="Repeatable."
)
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N people.")
@json_option
@global_options
def find(skills: tuple[str, ...], limit: int | None, as_json: bool) -> None:
    """People with these skills, never by who is looking.

    Most skills matched first, then the strongest relationships.

    Example: outreach find --skill rust --skill compilers
    """
    matches = session().engine().find(skills, limit=limit)
    if as_json:
        print_json([views.match_json(m) for m in matches])
    else:
        table(views.MATCH_COLUMNS, [views.match_row(m) for m in matches], empty="nobody found")


@click.command()
@click.option("--example", is_flag=True, help="Print a settings file with every figure.")
@json_option
@global_options
def playbook(example: bool, as_json: bool) -> None:
    """The rules, and the settings in force.

    Settings come from --settings, else OUTREACH_SETTINGS, else outreach.toml in the user's
    config directory, else the defaults. --example prints a commented settings file to start
    from.

    Example: outreach playbook --example > outreach.toml
    """
    from outreach.projections.rules import RULES

    if example:
        click.echo(views.settings_example(), nl=False)
        return
    chosen = session()
    source = chosen.settings_file()
    settings = chosen.playbook().describe()
    if as_json:
        print_json(
            {
                "rules": [rule.model_dump() | {"because": rule.because} for rule in RULES.values()],
                "settings": {f.key: f.value for f in settings},
                "settings_file": str(source) if source is not None else None,
            }
        )
        return
    rules = [[r.id, r.seed, r.title, r.because] for r in RULES.values()]
    table(("rule", "seed", "title", "because"), rules, title="Rules")
    rows = [[f.key, str(f.value), f.unit, f.meaning] for f in settings]
    table(("setting", "value", "unit", "meaning"), rows, title="Settings")
    say(f"settings from {source}" if source is not None else "settings: the defaults")


@click.command()
@json_option
@global_options
def where(as_json: bool) -> None:
    """Which store the commands use.

    --db, else OUTREACH_DB, else outreach.db in the user's data directory.

    Example: outreach where
    """
    from outreach.engine.store import parse, redact

    store = parse(session().db)
    found: dict[str, Any] = {
        "url": redact(store.url),
        "kind": store.kind,
        "description": store.describe(),
        "path": str(store.path) if store.path is not None else None,
        "exists": store.path.exists() if store.path is not None else None,
    }
    if as_json:
        print_json(found)
    elif store.path is not None and not store.path.exists():
        say(f"{store.describe()} (not created yet)")
    else:
        say(store.describe())
