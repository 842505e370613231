"""One message read from its headers: who wrote to whom, when, about what, and whether it was
written by a machine. Malformed mail raises ``Malformed`` with the reason it is skipped.

Only the headers are parsed for every message (fast, and nothing of the body is kept); the
body is read, and then only its text, for the pitch words of a recruiter's own email.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.parser import BytesParser
from email.policy import compat32
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

MAX_SIZE = 10 * 1024 * 1024  # bytes: past this a message is skipped unread
MAX_SUBJECT = 2000  # the longest text the engine keeps
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FOLDING = re.compile(r"\r?\n[ \t]")
LINE = re.compile(r"\r?\n")
FIELD = re.compile(r"([!-9;-~]+):[ \t]*(.*)", re.DOTALL)
# An address in angle brackets, else a bare one, in a list with no quoted names or comments.
ADDRESS = re.compile(r"<([^<>@\s]+@[^<>\s]+)>|([^\s<>,;:@]+@[^\s<>,;:]+)")
AUTOMATIC_SUBJECTS = (
    "automatic reply",
    "auto-reply",
    "autoreply",
    "out of office",
    "out of the office",
)
MACHINE_SENDERS = ("mailer-daemon", "postmaster")
AUTOMATIC_PRECEDENCE = ("auto_reply", "bulk", "list", "junk")
_PARSER = BytesParser(policy=compat32)


class Malformed(ValueError):
    """A message that cannot be read as it is: skipped, and counted under ``reason``."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


Headers = dict[str, list[str]]


@dataclass(frozen=True, slots=True)
class Letter:
    """What is recorded of a message with a known person in it."""

    sent_at: datetime
    subject: str
    identity: str  # the Message-ID, else its Date, From, To and Subject


@dataclass(frozen=True, slots=True)
class Envelope:
    """Who wrote to whom, and whether a machine did: all it takes to tell whether a message
    concerns a known person. The rest is read only for those that do (most mail does not)."""

    headers: Headers
    sender: str
    recipients: tuple[str, ...]
    machine: str | None  # "automatic reply" or "bounce" when no person wrote it

    def letter(self) -> Letter:
        subject = _text(self.headers, "subject")
        if CONTROL.search(subject):
            raise Malformed("header injection in Subject")
        if subject.strip().lower().startswith(AUTOMATIC_SUBJECTS):
            raise Malformed("automatic reply")
        return Letter(_date(self.headers), subject.strip()[:MAX_SUBJECT], _identity(self.headers))


def read(raw: bytes) -> Envelope:
    """The envelope of the message ``raw`` (its headers at least)."""
    headers = _headers(raw)
    sender = _address(_text(headers, "from"))
    recipients = tuple(
        address.lower()
        for h in ("to", "cc", "bcc")
        for address in _addresses(_text(headers, h))
        if "@" in address
    )
    return Envelope(headers, sender, recipients, _machine(headers, sender))


def _headers(raw: bytes) -> Headers:
    """The raw header values by lower-case name, folded lines kept (only the header block is
    looked at; undeclared 8-bit bytes are kept as surrogates, to be judged when decoded)."""
    ends = [i for i in (raw.find(b"\n\n"), raw.find(b"\r\n\r\n")) if i >= 0]
    block = raw[: min(ends)] if ends else raw
    found: Headers = {}
    last: list[str] | None = None
    for line in LINE.split(block.decode("ascii", "surrogateescape")):
        if line[:1] in (" ", "\t") and last is not None:
            last[-1] += "\n" + line
            continue
        named = FIELD.match(line)
        if named is None:
            last = None  # not a header line (a stray "From " line, a defect): left out
            continue
        last = found.setdefault(named[1].lower(), [])
        last.append(named[2])
    return found


def _text(headers: Headers, name: str) -> str:
    """A header's text, its encoded words decoded; bad encodings are malformed."""
    values = headers.get(name, [])
    title = name.title()
    if len(values) > 1 and name in ("subject", "from", "date"):
        raise Malformed(f"header injection in {title}")
    value = FOLDING.sub(" ", ", ".join(values)).strip()
    if "\r" in value or "\n" in value:
        raise Malformed(f"header injection in {title}")
    try:
        # Raw 8-bit bytes (kept as surrogates) must be UTF-8 to be text.
        value = value.encode("utf-8", "surrogateescape").decode("utf-8")
        return str(make_header(decode_header(value))) if "=?" in value else value
    except (UnicodeError, LookupError, ValueError):
        raise Malformed(f"bad encoding in {title}") from None
    except Exception:  # the email package raises its own kinds on broken encoded words
        raise Malformed(f"bad encoding in {title}") from None


def _addresses(value: str) -> list[str]:
    """The addresses in a To or Cc header. Plain lists are read with a regular expression;
    quoted names and comments (where an "@" may hide) by the email package."""
    if not value:
        return []
    if '"' in value or "(" in value:
        return [address for _, address in getaddresses([value])]
    return [bracketed or bare for bracketed, bare in ADDRESS.findall(value)]


def _address(value: str) -> str:
    found = _addresses(value)
    address = found[0].strip().lower() if len(found) == 1 else parseaddr(value)[1].lower()
    if "@" not in address:
        raise Malformed("no sender address")
    return address


def _date(headers: Headers) -> datetime:
    value = _text(headers, "date")
    if not value:
        raise Malformed("no Date")
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        raise Malformed("unreadable Date") from None
    if moment.tzinfo is None:  # "-0000": the time is UTC, the zone unknown
        moment = moment.replace(tzinfo=UTC)
    if not 1900 <= moment.year <= 2999:
        raise Malformed("unreadable Date")
    return moment


def _one(headers: Headers, name: str) -> str:
    # Whitespace collapsed: a server may fold a header differently from the file it came in.
    return " ".join(" ".join(headers.get(name, [])).split())


def _identity(headers: Headers) -> str:
    found = re.search(r"<([^<>\s]+)>", _one(headers, "message-id"))
    if found:
        return "id:" + found[1]
    return "headers:" + "\x00".join(_one(headers, h) for h in ("date", "from", "to", "subject"))


def _machine(headers: Headers, sender: str) -> str | None:
    """Why no person wrote this message, if its headers say (its subject is read later)."""
    kind = _one(headers, "content-type").lower()
    local = sender.partition("@")[0]
    if local in MACHINE_SENDERS or ("report" in kind and "delivery-status" in kind):
        return "bounce"
    auto = (_one(headers, "auto-submitted") or "no").split(";")[0].strip().lower()
    precedence = _one(headers, "precedence").lower()
    if (
        auto != "no"
        or "x-autoreply" in headers
        or "x-autorespond" in headers
        or precedence in AUTOMATIC_PRECEDENCE
    ):
        return "automatic reply"
    return None


def body_text(raw: bytes) -> str:
    """The text of a whole message (plain text parts, else HTML without its tags)."""
    message = _PARSER.parsebytes(raw)
    plain: list[str] = []
    html: list[str] = []
    for part in message.walk():
        kind = part.get_content_type()
        if kind not in ("text/plain", "text/html") or part.get_filename():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset() or "utf-8"
        try:
            text = payload.decode(charset, "replace")
        except LookupError:
            text = payload.decode("utf-8", "replace")
        (plain if kind == "text/plain" else html).append(text)
    if plain:
        return "\n".join(plain)
    return re.sub(r"<[^>]*>", " ", "\n".join(html))


def pitch_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the pitch words, as a whole word, singular or plural."""
    forms = []
    for word in words:
        stem = re.escape(word.strip().lower())
        forms.append(f"{stem[:-1]}(?:y|ies)" if word.endswith("y") else f"{stem}(?:e?s)?")
    return re.compile(r"\b(?:" + "|".join(forms) + r")\b", re.IGNORECASE)
