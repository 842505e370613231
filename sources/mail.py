"""Mail as the engine's events: a recruiter's email to a known person is ``emailed``, a known
person's email to the recruiter ``replied``.

What it decides, where the issue left a choice:

- The recruiter's own addresses (``me``) tell the direction: from one of them, outbound (one
  ``emailed`` for each known person among To, Cc and Bcc); from anyone else, inbound (a
  ``replied`` when the sender is known). Addresses compare in lower case.
- An outbound email's intent is ``opportunity`` when its subject or text names a pitch word
  (whole words, singular or plural), else ``networking`` for the round's first outbound touch
  and ``follow-up`` after it, as the person's history stood at the email's Date. The event
  says that the intent was inferred (``intent_inferred``).
- Messages are recorded in the order they were sent, whatever the order in the mailbox.
- Not recorded, and counted: automatic replies, bounces, mail between the recruiter's own
  addresses, mail with no known person in it, malformed mail (with its reason), and mail
  dated more than a few minutes in the future. Only From, To, Cc, Bcc and the headers that
  mark machines are read of every message: one with no known person in it is counted as
  such, whatever else may be wrong with it, and nothing more of it is read.
- No body is stored, ever: the text is read only to look for pitch words; the subject
  becomes the email's topic (personal, sealed, shredded on erasure).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from outreach.domain.events import Event
from outreach.domain.values import EmailIntent
from outreach.engine import Engine
from outreach.projections.history import build_history
from outreach.projections.settings import SettingsError
from outreach.sources.ledger import Ledger
from outreach.sources.letters import MAX_SIZE, Letter, Malformed, body_text, pitch_pattern, read
from outreach.sources.mailboxes import Piece
from outreach.sources.recording import NO_KNOWN_PERSON, Recorder, Summary, Touch

PITCH_WORDS = (
    "role",
    "position",
    "opening",
    "opportunity",
    "vacancy",
    "job",
    "hiring",
    "salary",
    "compensation",
    "offer",
)
CLOCK_SKEW = timedelta(minutes=5)
TOO_LARGE = f"larger than {MAX_SIZE // (1024 * 1024)} MB"


@dataclass(frozen=True)
class MailSettings:
    """The ``[mail]`` table of the settings file: the recruiter's addresses and the team's
    pitch words."""

    me: tuple[str, ...] = ()
    pitch_words: tuple[str, ...] = PITCH_WORDS


def load_mail_settings(path: Path | None) -> MailSettings:
    """``[mail] me = [...]`` and ``pitch_words = [...]`` from the settings file, if any."""
    if path is None or not path.is_file():
        return MailSettings()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("mail", {})
    except (OSError, UnicodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"cannot read settings file {str(path)!r}: {error}") from None
    words: dict[str, tuple[str, ...]] = {}
    for key in ("me", "pitch_words"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise SettingsError(
                f"in {str(path)!r}, [mail] {key} must be a list of words, such as"
                ' ["sam@agency.example"], got ' + repr(value)
            )
        words[key] = tuple(value)
    unknown = sorted(set(table) - set(words))
    if unknown:
        raise SettingsError(f"in {str(path)!r}, [mail] {unknown[0]} is not a mail setting")
    return MailSettings(words["me"], words["pitch_words"] or PITCH_WORDS)


class MailReader:
    """One run over some mail: read every message's headers, record what concerns known
    people, count the rest by reason."""

    def __init__(
        self,
        engine: Engine,
        me: Iterable[str],
        *,
        source: str,
        pitch_words: tuple[str, ...] = PITCH_WORDS,
        dry_run: bool = False,
        intent: str | None = None,
    ) -> None:
        self.engine = engine
        self.me = frozenset(a.strip().lower() for a in me)
        if not self.me:
            raise SettingsError(
                "say which addresses are yours: --me sam@agency.example (repeatable), or"
                ' [mail] me = ["sam@agency.example"] in the settings file'
            )
        self.pitch = pitch_pattern(pitch_words)
        self.intent = EmailIntent(intent) if intent else None
        self.ledger = Ledger(engine, dry=dry_run)
        self.ledger.catch_up()
        self.summary = Summary(source, dry_run=dry_run)
        self.touches: list[Touch] = []
        self.now = engine.clock()

    def read(self, pieces: Iterable[Piece], progress: Callable[[int], None] | None = None) -> None:
        """Read messages; those with known people wait for ``finish``."""
        for piece in pieces:
            self.summary.read += 1
            try:
                self._read(piece)
            except Malformed as error:
                self.summary.skip(error.reason)
            if progress is not None:
                progress(1)

    def finish(self) -> Summary:
        """Record what was read, in the order it was sent."""
        Recorder(self.engine, self.ledger, self.summary, self._fields).record_all(self.touches)
        self.touches = []
        return self.summary

    def _read(self, piece: Piece) -> None:
        if piece.size > MAX_SIZE:
            raise Malformed(TOO_LARGE)
        envelope = read(piece.load())
        if envelope.machine is not None:
            raise Malformed(envelope.machine)
        outbound = envelope.sender in self.me
        if outbound:
            others = [r for r in envelope.recipients if r not in self.me]
            if not others:
                raise Malformed("between your own addresses")
            people = {rid for address in others for rid in self.ledger.known(address)}
        else:
            people = self.ledger.known(envelope.sender)
        if not people:
            raise Malformed(NO_KNOWN_PERSON)
        letter = envelope.letter()
        if letter.sent_at > self.now + CLOCK_SKEW:
            raise Malformed("dated in the future")
        self.summary.matched += 1
        pitch = outbound and self.intent is None and self._pitches(piece, letter)
        kind = "emailed" if outbound else "replied"
        details = {"subject": letter.subject, "pitch": pitch}
        self.touches += [
            Touch(letter.sent_at, rid, kind, letter.identity, details) for rid in people
        ]

    def _pitches(self, piece: Piece, letter: Letter) -> bool:
        if self.pitch.search(letter.subject):
            return True
        raw = piece.whole() if piece.whole is not None else piece.load()
        return self.pitch.search(body_text(raw)) is not None

    def _fields(self, touch: Touch, history: list[Event]) -> dict[str, Any]:
        if touch.kind != "emailed":
            return {}
        subject = touch.details["subject"] or None
        if self.intent is not None:
            return {"intent": self.intent, "topic": subject}
        if touch.details["pitch"]:
            intent = EmailIntent.OPPORTUNITY
        else:
            past = build_history("", history, {}, self.engine.settings, touch.at)
            intent = EmailIntent.FOLLOW_UP if past.current.outbound else EmailIntent.NETWORKING
        return {"intent": intent, "topic": subject, "intent_inferred": True}
