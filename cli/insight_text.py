"""``stats`` and ``whatif`` as plain text: headed, aligned sections, the same on a terminal and
in a pipe (the figures are read by people; scripts take ``--json``)."""

from __future__ import annotations

from collections.abc import Sequence

from outreach.cli.output import when
from outreach.projections.figures import Rate, Stats
from outreach.projections.whatif import Comparison, Side


def percent(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.0f}%"


def hours(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f} hours" if value < 48 else f"{value / 24:.1f} days"


def section(title: str, head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A title, then columns: the first left-aligned, the others right-aligned."""
    widths = [max(len(str(r[k])) for r in [head, *rows]) for k in range(len(head))]

    def line(row: Sequence[str]) -> str:
        cells = [str(c).ljust(w) if k == 0 else str(c).rjust(w) for k, (c, w) in
                 enumerate(zip(row, widths, strict=True))]  # fmt: skip
        return ("  " + "   ".join(cells)).rstrip()

    return ["", title, line(head), *(line(r) for r in rows)]


def rate_cells(rate: Rate) -> list[str]:
    mark = f"{percent(rate.share)}, too few to compare" if rate.too_few else percent(rate.share)
    return [rate.kind, str(rate.count), str(rate.hits), mark if rate.count else "-"]


def stats_text(found: Stats) -> str:
    period = f"from {when(found.since)} " if found.since else ""
    who = f", what {found.recruiter} did" if found.recruiter else ""
    lines = [f"Pipeline {period}up to {when(found.until)}{who}: {found.people} people"]
    if found.erased:
        lines.append(
            f"({found.erased} of them erased: counted here and in the funnel, nowhere else)"
        )
    lines += section(
        "Funnel (people added in the period, as far as they got)",
        ("step", "people", "of the step before"),
        [[s.step, str(s.people), percent(s.share_of_previous)] for s in found.funnel],
    )
    lines += section(
        "Reply rate by the first touch of a round",
        ("first touch", "rounds", "answered", "rate", "median time to answer"),
        [[*rate_cells(r), hours(r.median_hours_to_answer)] for r in found.first_touch],
    )
    lines += section(
        "Calls: connected",
        ("call", "calls", "connected", "rate"),
        [rate_cells(r) for r in found.calls],
    )
    b = found.busy
    few = ", too few to compare" if b.too_few and b.answers else ""
    lines += [
        "",
        f"Busy answers: {b.answers}; followed up {b.kept} ({percent(b.kept_share)}),"
        f" dropped {b.dropped} ({percent(b.dropped_share)}), still open {b.open}{few}",
    ]
    if not found.violations_by_rule:
        return "\n".join([*lines, "", "Violations: none in the period"])
    lines += section(
        "Violations by rule", ("rule", "violations"),
        [[c.rule, str(c.count)] for c in found.violations_by_rule],
    )  # fmt: skip
    lines += section(
        "Violations by recruiter", ("recruiter", "rule", "violations"),
        [[c.recruiter, c.rule, str(c.count)] for c in found.violations_by_recruiter],
    )  # fmt: skip
    lines += section(
        "Violations per month", ("month", "rule", "recruiter", "violations"),
        [[c.month, c.rule, c.recruiter, str(c.count)] for c in found.violations_by_month],
    )  # fmt: skip
    return "\n".join(lines)


def _side(s: Side) -> str:
    if s.kind is None:
        return "nothing to do"
    return f"{s.kind} due {when(s.due)}" if s.due else s.kind


def whatif_text(found: Comparison) -> str:
    figures = ", ".join(f"{k} {a!r} -> {b!r}" for k, (a, b) in found.changed.items())
    lines = [
        f"As of {when(found.now)}, {found.people} people, with {figures or 'no figure changed'}:"
        f" {len(found.actions)} next actions differ,"
        f" {sum(found.appearing.values())} violations would appear,"
        f" {sum(found.disappearing.values())} would disappear"
    ]
    if found.actions_by_kind:
        lines += section(
            "Next actions by kind", ("now", "would be", "people"),
            [[c.before, c.after, str(c.count)] for c in found.actions_by_kind],
        )  # fmt: skip
        lines += section(
            "Next actions that differ", ("handle", "now", "would be"),
            [[a.handle, _side(a.before), _side(a.after)] for a in found.actions],
        )  # fmt: skip
    if found.violations:
        lines += section(
            "Violations", ("handle", "would", "kind", "when"),
            [[c.violation.handle, c.change, c.violation.kind, when(c.violation.occurred_at)]
             for c in found.violations],
        )  # fmt: skip
    return "\n".join(lines)
