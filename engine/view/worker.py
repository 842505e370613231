"""A catch-up's worker process (``outreach.engine.view.crew``): opens the store, then, until
its input ends, reads and decodes each share of a batch it is told of, and works out its rows
when told to go on with it.

    python -m outreach.engine.view.worker

Its input is pickled messages: first the store to reopen, the playbook and the page size,
then ``("share", first, count, positions)`` (the events at these positions, among the
``count`` from position ``first``, are its share of the next batch) and ``("go", others,
activity, now, position)`` (work out the rows of the last share told: the batch before is
committed). A share told and not gone on with (the catch-up read that batch again, or
stopped) is dropped for the next. Its output: the rows, a page at a time, then the last of
them with how long it was busy on the batch."""

from __future__ import annotations

import os
import pickle
import sys
import time
from datetime import datetime
from typing import Any, BinaryIO

from outreach.engine.view import shares
from outreach.engine.view.notes import Notes
from outreach.engine.view.shares import decode, share_rows
from outreach.engine.view.writes import Writes


def serve(inbox: BinaryIO, outbox: BinaryIO) -> None:  # pragma: no cover
    """A worker: the tests check the rows it sends (tests/integration/test_shared_catch_up)."""
    from outreach.engine.application import OutreachApplication
    from outreach.engine.privacy import Privacy
    from outreach.engine.view.answers import settings_key
    from outreach.engine.view.sql import Database
    from outreach.projections.policy import assess
    from outreach.projections.settings import Playbook

    reopening, playbook, shares.PAGE = pickle.load(inbox)
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
        only once its own share is done: until then, a full pipe holds the worker)."""
        begun = time.perf_counter()
        pickle.dump(message, outbox, protocol=pickle.HIGHEST_PROTOCOL)
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
                        tx, key, answer, new, others, activity, now, position, flush=page
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
