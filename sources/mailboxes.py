"""Mail on disk, one message at a time: an mbox file (Gmail Takeout, Thunderbird), a Maildir,
a directory of ``.eml`` files or one ``.eml`` file, through the standard library's
``mailbox``. Nothing is loaded whole: each message is read when its turn comes, and one
larger than ``MAX_SIZE`` is not read at all."""

from __future__ import annotations

import mailbox
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from outreach.domain.errors import OutreachError
from outreach.sources.letters import MAX_SIZE

BLOCK = 1 << 20
SEPARATOR = b"\nFrom "


class NotMail(OutreachError):
    """The path is none of the kinds of mail the reader knows."""


@dataclass(frozen=True, slots=True)
class Piece:
    """One message waiting to be read: its size, and how to read it (its headers at least);
    ``whole`` reads all of it when ``load`` gives the headers only (IMAP)."""

    size: int
    load: Callable[[], bytes]
    whole: Callable[[], bytes] | None = None


@dataclass(frozen=True)
class Mail:
    """Messages in one place, and how many (for a progress bar)."""

    kind: str
    total: int
    pieces: Iterator[Piece]


def open_mail(path: Path) -> Mail:
    """The messages at ``path``; a path that holds none of the known kinds is refused."""
    if path.is_dir():
        if all((path / sub).is_dir() for sub in ("cur", "new")):
            box = mailbox.Maildir(path, factory=None, create=False)
            keys = list(box.iterkeys())
            return Mail("Maildir", len(keys), (_piece(box, key) for key in keys))
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".eml" and p.is_file())
        if not files:
            raise NotMail(f"{path} holds no .eml files and is not a Maildir (no cur/ and new/)")
        return Mail(".eml files", len(files), (_file(p) for p in files))
    if not path.is_file():
        raise NotMail(f"{path} does not exist: give an mbox file, a Maildir or .eml files")
    if path.suffix.lower() == ".eml":
        return Mail(".eml file", 1, iter([_file(path)]))
    with path.open("rb") as file:
        start = file.read(5)
    if start and start != b"From ":
        raise NotMail(
            f"{path} is not an mbox file (it does not start with 'From '): give an mbox file,"
            " a Maildir, or .eml files"
        )
    mbox = Mbox(path, factory=None, create=False)
    keys = list(mbox.iterkeys())  # one pass over the file, keeping where each message starts
    return Mail("mbox", len(keys), (mbox.piece(key) for key in keys))


class Mbox(mailbox.mbox):
    """``mailbox.mbox``, its table of contents found by searching the file in blocks of a
    megabyte rather than line by line: the same messages, several times faster on a large
    file (a third of the time of reading 100,000 messages went there). A message's end is the
    next one's "From " line; the blank line before it is left in, which the header reader
    never sees."""

    def _generate_toc(self) -> None:
        starts: list[int] = []
        file = self._file  # type: ignore[attr-defined]
        file.seek(0)
        tail, read = b"\n", 0  # the file's start counts as the start of a line
        while block := file.read(BLOCK):
            data, offset = tail + block, read - len(tail)
            found = data.find(SEPARATOR)
            while found >= 0:
                starts.append(offset + found + 1)
                found = data.find(SEPARATOR, found + 1)
            tail, read = data[-(len(SEPARATOR) - 1) :], read + len(block)
        stops = [*starts[1:], read]
        self._toc = dict(enumerate(zip(starts, stops, strict=True)))
        self._next_key = len(self._toc)
        self._file_length = read

    def piece(self, key: int | str) -> Piece:
        """The message at ``key`` without its "From " line; its size is known from the table
        of contents, so one too large is never read."""
        start, stop = self._toc[int(key)]
        size = stop - start
        if size > MAX_SIZE:
            return Piece(size, lambda: b"")
        file = self._file  # type: ignore[attr-defined]
        file.seek(start)
        data: bytes = file.read(size)
        return Piece(size, lambda: data[data.find(b"\n") + 1 :])


def _bounded(open_file: Callable[[], IO[bytes] | Any]) -> Piece:
    """A piece whose size is found by reading at most one byte past the limit."""
    handle = open_file()
    try:
        data = handle.read(MAX_SIZE + 1)
    finally:
        handle.close()
    if len(data) > MAX_SIZE:
        return Piece(len(data), lambda: b"")
    return Piece(len(data), lambda: data)


def _piece(box: mailbox.Mailbox[Any], key: str) -> Piece:
    return _bounded(lambda: box.get_file(key))


def _file(path: Path) -> Piece:
    size = path.stat().st_size
    if size > MAX_SIZE:
        return Piece(size, lambda: b"")
    return Piece(size, path.read_bytes)
