"""What reading mail keeps: nothing about strangers, no bodies, nothing of the erased; and
malformed mail never stops a run."""

from __future__ import annotations

import base64
import os
import sqlite3
from pathlib import Path

from .conftest import Outreach
from .mailmaker import ADA, SAM, conversation, days, message, write_eml, write_mbox

ME = ("--me", SAM)


def _stored_bytes(outreach: Outreach) -> bytes:
    """Every byte of the store's files (the database, its write-ahead log)."""
    folder = outreach.path.parent
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith("mail.db"))


def test_nothing_about_a_stranger_nor_any_body_is_stored(
    outreach: Outreach, tmp_path: Path
) -> None:
    path = write_mbox(tmp_path / "m", conversation())
    outreach.ok("mail", "import", str(path), *ME)
    outreach.ok("mail", "import", str(path), *ME)
    stored = _stored_bytes(outreach).lower()
    for secret in (
        "stranger@unknown.example",  # an unknown sender's address
        "a phrase only the stranger wrote",  # a body phrase of unknown mail
        "thanks, sam!",  # the body of a known person's reply
        "i loved your talk",  # the body of the recruiter's own email
        "@mail.example",  # Message-IDs: kept as keyed hashes only
    ):
        assert secret.encode() not in stored, secret


def test_an_erased_person_s_address_no_longer_matches(outreach: Outreach, tmp_path: Path) -> None:
    outreach.ok("mail", "import", str(write_mbox(tmp_path / "a", conversation()[:1])), *ME)
    outreach.ok("erase", "ada", "--yes")
    later = write_mbox(tmp_path / "b", [message(ADA, SAM, "Re: hello", at=days(2))])
    summary = outreach.json("mail", "import", str(later), *ME)
    assert summary["skipped"] == {"no known person in it": 1} and summary["matched"] == 0
    with sqlite3.connect(outreach.path) as db:
        assert db.execute("SELECT COUNT(*) FROM outreach_mail_addresses").fetchone() == (0,)


def test_with_a_master_key_the_subject_is_sealed_and_the_hash_key_wrapped(
    outreach: Outreach, tmp_path: Path
) -> None:
    fresh = Outreach(tmp_path / "keyed")
    key = base64.b64encode(os.urandom(32)).decode()
    fresh.env["OUTREACH_KEY"] = key
    fresh.ok("add", "ada", "--name", "Ada Lovelace", "--email", ADA)
    fresh.ok("mail", "import", str(write_mbox(tmp_path / "m", conversation())), *ME)
    with sqlite3.connect(fresh.path) as db:
        (stored,) = db.execute("SELECT key FROM outreach_keys WHERE id = '~mail'").fetchone()
    assert stored.startswith("w1:")
    assert b"compilers talk" not in _stored_bytes(fresh)


def _raw(subject: bytes, *, date: bytes = b"Mon, 02 Mar 2026 12:00:00 +0000") -> bytes:
    headers = b"From: Ada <ada@example.org>\nTo: sam@agency.example\n"
    dated = b"Date: " + date + b"\n" if date else b""
    return headers + dated + b"Subject: " + subject + b"\n\nHello Sam\n"


def test_malformed_mail_is_skipped_with_its_reason_and_the_run_goes_on(
    outreach: Outreach, tmp_path: Path
) -> None:
    big = message(ADA, SAM, "The slides", at=days(1))
    big.add_attachment(b"\0" * (20 * 1024 * 1024), maintype="application", subtype="pdf")
    folder = write_eml(
        tmp_path / "eml",
        [
            _raw(b"No date", date=b""),
            _raw(b"Bad date", date=b"someday"),
            _raw(b"=?x-no-such-charset?B?SGVsbG8=?="),
            _raw(b"=?utf-8?B?/w==?="),  # not UTF-8
            _raw(b"caf\xe9 in Latin-1, undeclared"),
            _raw(b"=?utf-8?q?Hello=0D=0ABcc:_everyone@example.org?="),  # header injection
            big,
            message(ADA, SAM, "Re: hello", at=days(2)),
        ],
    )
    summary = outreach.json("mail", "import", str(folder), *ME)
    assert summary["read"] == 8
    assert summary["recorded"] == {"replied": 1}
    assert summary["skipped"] == {
        "no Date": 1,
        "unreadable Date": 1,
        "bad encoding in Subject": 3,
        "header injection in Subject": 1,
        "larger than 10 MB": 1,
    }


def test_a_run_that_stopped_before_keeping_its_marks_records_nothing_twice(
    outreach: Outreach, tmp_path: Path
) -> None:
    path = write_mbox(tmp_path / "m", conversation())
    outreach.ok("mail", "import", str(path), *ME)
    events = outreach.events()
    with sqlite3.connect(outreach.path) as db:
        db.execute("DELETE FROM outreach_mail_seen")  # as if the process died after recording
    assert outreach.json("mail", "import", str(path), *ME)["already_recorded"] == 2
    assert outreach.events() == events


def test_a_huge_message_in_an_mbox_is_skipped_unread(outreach: Outreach, tmp_path: Path) -> None:
    big = message(ADA, SAM, "The slides", at=days(1))
    big.add_attachment(b"\0" * (20 * 1024 * 1024), maintype="application", subtype="pdf")
    path = write_mbox(tmp_path / "m", [big, message(ADA, SAM, "Re: hello", at=days(2))])
    summary = outreach.json("mail", "import", str(path), *ME)
    assert summary["skipped"] == {"larger than 10 MB": 1} and summary["recorded"] == {"replied": 1}
