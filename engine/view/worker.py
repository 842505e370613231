"""A catch-up's worker process (``outreach.engine.view.crew``): opens the store, then, until
its input ends, reads and decodes each share of a batch it is told of, and works out its rows
when told to go on with it; and how the catch-up reads what it sends (``Inbox``).

    python -m outreach.engine.view.worker

Its input is pickled messages: first the store to reopen, the playbook and the page sizes,
then ``("share", first, count, positions)`` (the events at these positions, among the
``count`` from position ``first``, are its share of the next batch) and ``("go", others,
activity, now, position)`` (work out the rows of the last share told: the batch before is
committed). A share told and not gone on with (the catch-up read that batch again, or
stopped) is dropped for the next. Its output: the rows, a page at a time (``STREAM``
relationships, or a changed group's ``shares.PAGE`` members), then the last of them with how
long it was busy on the batch; each message pickled after its length."""

from __future__ import annotations

import os
import pickle
import select
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, BinaryIO

from outreach.engine.view import shares
from outreach.engine.view.notes import Notes
from outreach.engine.view.shares import decode, share_rows
from outreach.engine.view.writes import Writes

# Relationships worked out between writes in a shared catch-up on SQLite: the workers' rows
# are sent and written as they come, the catch-up's own page by page, so that its writing of
# theirs overlaps their work (written after its own share, it waited on them, then they on
# it). Not on PostgreSQL, where each page written is a round trip a statement.
STREAM = 25
PIPE = 1 << 20  # a worker's pipes, bytes: its pages of rows wait there, not in the worker


class WorkerLost(Exception):
    """A worker failed or is gone: the batch is done again without the crew."""


class Inbox:
    """A worker's output, read as it comes: each message pickled, after its length (8 bytes),
    read whole before it is unpickled, so that this process can take what has come between
    its own pages without waiting for more."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self.fd = process.stdout.fileno()
        self.data = bytearray()
        self.waited = 0.0  # in the batch: how long this process waited for its rows
        self.busy = 0.0  # how long the worker worked on the batch, as it says

    def written(self, key: str, write: Callable[[Writes], None], *, wait: bool) -> bool:
        """Write the rows that have come (``wait``: until the last of the batch's); True once
        the last has."""
        while True:
            message = self._take(wait)
            if message is None:
                return False
            kind, payload, busy = message
            if kind == "failed":
                raise WorkerLost(f"a catch-up worker failed: {payload}")
            assert isinstance(payload, Writes)
            if payload.key != key:
                raise ValueError(f"a share's rows are for other settings: {payload.key!r}")
            write(payload)
            if kind == "rows":  # its last
                self.busy = float(busy)
                return True

    def _take(self, wait: bool) -> Any:
        """The next message, or None if none has come whole and not ``wait``."""
        data = self.data
        while True:
            if len(data) >= 8:
                size = int.from_bytes(data[:8], "little")
                if len(data) >= 8 + size:
                    whole = bytes(data[8 : 8 + size])
                    del data[: 8 + size]
                    try:
                        return pickle.loads(whole)
                    except (pickle.UnpicklingError, EOFError) as error:
                        raise WorkerLost(f"a catch-up worker garbled: {error!r}") from None
            try:
                if not wait and not select.select([self.fd], [], [], 0)[0]:
                    return None
                begun = time.perf_counter()
                chunk = os.read(self.fd, PIPE)
                self.waited += time.perf_counter() - begun
            except OSError as error:
                raise WorkerLost(f"a catch-up worker ended: {error!r}") from None
            if not chunk:
                raise WorkerLost("a catch-up worker ended")
            data += chunk


def serve(inbox: BinaryIO, outbox: BinaryIO) -> None:  # pragma: no cover
    """A worker: the tests check the rows it sends (tests/integration/test_shared_catch_up)."""
    from outreach.engine.application import OutreachApplication
    from outreach.engine.privacy import Privacy
    from outreach.engine.view.answers import settings_key
    from outreach.engine.view.sql import Database
    from outreach.projections.policy import assess
    from outreach.projections.settings import Playbook

    reopening, playbook, shares.PAGE, stream = pickle.load(inbox)
    settings = Playbook.model_validate_json(playbook)
    key = settings_key(playbook)
    app = OutreachApplication(env={**reopening.env, "CREATE_TABLE": "n"})
    keys = Privacy(Database(app.datastore, reopening.postgres), reopening.master)
    app.mapper.privacy = keys  # type: ignore[attr-defined]
    db = Database(app.datastore, reopening.postgres, sealer=keys)
    notes = Notes(app.recorder, reopening.postgres)
    shares.collect_less()  # as the catch-up's own process does while it runs

    def answer(handle: str, history: Any, groups: Any, now: datetime) -> Any:
        return assess(handle, history, groups, settings, now)

    def reply(message: Any) -> float:
        """Sends a message; returns how long that took (the catch-up reads a page of rows
        between pages of its own share: until then, a full pipe holds the worker)."""
        begun = time.perf_counter()
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        outbox.write(len(data).to_bytes(8, "little"))  # crew.Inbox reads it whole
        outbox.write(data)
        outbox.flush()
        return time.perf_counter() - begun

    sending = [0.0]  # how long the batch's pages took to send

    def page(rows: Writes) -> None:  # a page of rows, written by the catch-up as it reads them
        sending[0] += reply(("page", rows, 0.0))

    def read(first: int, count: int, positions: list[int]) -> dict[str, list[Any]]:
        """A share's events, decoded: read with the batch they are in (one statement)."""
        wanted = set(positions)
        mine = [note for note in notes(first, count) if note[0] in wanted]
        if len(mine) != len(wanted):  # never: the events recorded are never changed
            raise LookupError(f"{len(wanted) - len(mine)} of a share's events not found")
        db.prefetch(n[1] for n in mine)
        return decode(app.mapper, mine)

    told: dict[str, list[Any]] | Exception = LookupError("no share told")
    reading = 0.0  # how long reading and decoding the share took
    try:
        while True:
            try:
                message = pickle.load(inbox)
            except EOFError:
                return  # the catch-up is over (or its process is gone)
            begun = time.perf_counter()
            if message[0] == "share":
                try:
                    told = read(*message[1:])
                except Exception as error:  # told to the catch-up when it says go
                    told = error
                reading = time.perf_counter() - begun
                continue
            others, activity, now, position = message[1:]
            sending[0] = 0.0
            try:
                if isinstance(told, Exception):
                    raise told
                new, told = told, LookupError("no share told")
                with db.transaction(commit=False) as tx:
                    rows = share_rows(
                        tx,
                        key,
                        answer,
                        new,
                        others,
                        activity,
                        now,
                        position,
                        flush=page,
                        stream=stream,
                    )
                del new
                busy = reading + time.perf_counter() - begun - sending[0]
                reply(("rows", rows, busy))
            except Exception as error:  # told to the catch-up, which does the batch itself
                reply(("failed", repr(error), 0.0))
    except BrokenPipeError:
        return  # the catch-up stopped listening: it goes on without this worker
    finally:
        app.close()


if __name__ == "__main__":  # pragma: no cover
    # The rows go out on what was standard output; anything printed goes to standard error.
    rows_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    serve(sys.stdin.buffer, rows_out)
