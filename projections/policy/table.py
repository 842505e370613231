"""The next best action: PLAYBOOK.md's table, one row per line, the first line that applies wins.

Hold PLAYBOOK.md's "Next best action" beside it: each row names its line, its primary rule, its
action kind, when it applies and when it is due, in that order. What a line needs to know is
in ``before`` (lines 1 to 8) and ``after`` (9 to 13); a decision is data (``Decision``), and its
sentence is written by ``outreach.projections.wording``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from outreach.projections.history import History
from outreach.projections.model import ActionKind as K
from outreach.projections.policy.after import (
    call_due,
    email_unanswered,
    follow_up_due,
    keep_in_touch_due,
    no_motivation_known,
    otherwise,
    referral_not_asked,
    still_unanswered,
)
from outreach.projections.policy.before import (
    agreed_time_pending,
    busy_answer_last,
    closed_by_firm_noes,
    firm_no_last,
    group_not_listened_to,
    no_fresh_research,
    nothing_sent_this_round,
    offer_time_due,
    opted_out_or_erased,
    past_candidate_gone_quiet,
)
from outreach.projections.policy.decision import Decision, Found

Applies = Callable[[History], Found | None]
Due = Callable[[History, Found], datetime | None]


def never(h: History, found: Found) -> datetime | None:
    """No action, so no due time."""
    return None


def first_applied(h: History, found: Found) -> datetime | None:
    """Due when the line first applied (worked out with the facts: the start of the round, or
    when they were added, spotted, researched, answered; an agreed time exactly as agreed)."""
    return found.base


@dataclass(frozen=True, slots=True)
class Row:
    line: str
    rule: str  # the primary rule
    kind: K | None  # None: no action, with the reason
    applies: Applies
    due: Due


NO = "dont-take-no-for-an-answer"
TABLE: tuple[Row, ...] = (
    Row("1", "respect-opt-out", None, opted_out_or_erased, never),
    Row("1b", NO, None, closed_by_firm_noes, never),
    Row("2", NO, K.CALLBACK, agreed_time_pending, first_applied),
    Row("3", NO, K.OFFER_TIME, busy_answer_last, offer_time_due),
    Row("4", NO, K.CHECK_IN, firm_no_last, first_applied),
    Row("5", "monitor-online", K.LISTEN, group_not_listened_to, first_applied),
    Row("6", "use-your-contacts", K.REFRESH_PROFILE, past_candidate_gone_quiet, first_applied),
    Row("7", "know-the-person", K.RESEARCH, no_fresh_research, first_applied),
    Row("8", "email-before-calling", K.EMAIL, nothing_sent_this_round, first_applied),
    Row("9", "email-before-calling", K.CALL, email_unanswered, call_due),
    Row("10", "email-before-calling", K.EMAIL, still_unanswered, follow_up_due),
    Row("11", "listen-to-motivations", K.ASK_MOTIVATION, no_motivation_known, first_applied),
    Row("12", "skills-not-availability", K.ASK_REFERRAL, referral_not_asked, first_applied),
    Row("13", "build-relationships", K.KEEP_IN_TOUCH, otherwise, keep_in_touch_due),
)  # fmt: skip
ROWS = {row.line: row for row in TABLE}


def decision(h: History) -> Decision:
    """The first row that applies, as a decision (line 13 always does)."""
    for row in TABLE:
        found = row.applies(h)
        if found is None:
            continue
        if found.instead is not None:  # lines 3 and 4 hand over to line 13
            row, found = ROWS[found.instead], otherwise(h, found)
        rules = (
            (row.rule, *(r for r in found.rules if r != row.rule)) if found.rules else (row.rule,)
        )
        due = row.due(h, found)
        return Decision(row.line, row.kind, rules, due, found.facts, found.evidence)
    raise AssertionError("line 13 applies otherwise")  # pragma: no cover
