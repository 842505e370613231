"""The read models' catch-up beside a long import, on the machine's other core.

An import saves its people in batches; the read models then have every one of them to catch
up (their next actions, violations, state), which cost more than the import itself. A
``Follower`` is a second process that catches up each batch while the import builds and saves
the next, so that the import ends with little left to catch up (issue 14, finding 7).

It is an ordinary catch-up: one transaction per batch, the tracking position moved in it, so
two processes catching up at once never apply an event twice (the one that finds the position
moved reads it again), and a catch-up killed at any point loses nothing. The follower writes
nothing else. Told the import is over, it finishes what is saved and ends; its input gone
without that word (the import killed), it ends after the batch under way. Started afresh
(``python -m outreach.engine.follow``: nothing of this process is copied), the master key
through its pipe, as the catch-up's workers are (engine.view.crew)."""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import subprocess
import sys
from datetime import datetime
from typing import IO, Any

from outreach.domain.events import Retracted, SpottedOnline
from outreach.engine.view.crew import GROUP_TOPICS
from outreach.engine.view.readmodel import BATCH, ReadModel
from outreach.engine.view.shares import decode, share_rows
from outreach.engine.view.sharing import Reopening

POLL = 0.02  # seconds between looks at the log while the import has saved nothing new
OVER = "over"  # the import is over: catch up what it saved, then end
# Events that change group rows: a retraction may withdraw a sighting (engine.view.groups).
_GROUPS_MOVED = GROUP_TOPICS | {SpottedOnline.TOPIC, Retracted.TOPIC}


class Follower:
    """The catch-up process beside an import (a context manager: it ends with it)."""

    def __init__(self, reopening: Reopening, playbook: str, now: datetime) -> None:
        self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            close_fds=True,
        )
        self.tell((reopening, playbook, now))

    def __enter__(self) -> Follower:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(finish=exc == (None, None, None))

    def tell(self, message: Any) -> None:
        """Send ``message`` (the time now, as the import's clock says); a follower that is
        gone is let be: the import's own catch-up does what it left."""
        if self.process is None or self.process.stdin is None:
            return
        try:
            _send(self.process.stdin, message)
        except OSError:
            self.close(finish=False)

    def close(self, finish: bool = True) -> None:
        """End the follower: with ``finish``, once it has caught up what is saved (the
        import's own catch-up after it then finds little or nothing to do)."""
        process, self.process = self.process, None
        if process is None:
            return
        assert process.stdin is not None
        with contextlib.suppress(OSError):
            if finish:
                _send(process.stdin, OVER)
            process.stdin.close()
        try:
            process.wait()
        except BaseException:
            process.kill()
            process.wait()
            raise


def _send(pipe: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(len(data).to_bytes(4, "big") + data)
    pipe.flush()


def _receive(inbox: int) -> Any:
    """The next message on the file descriptor ``inbox``, read unbuffered (so that select
    sees what is left); EOFError at its end."""
    size = int.from_bytes(_exactly(inbox, 4), "big")
    return pickle.loads(_exactly(inbox, size))


def _exactly(inbox: int, size: int) -> bytes:
    data = b""
    while len(data) < size:
        more = os.read(inbox, size - len(data))
        if not more:
            raise EOFError
        data += more
    return data


def caught_up_aside(readmodel: ReadModel, now: datetime) -> int:
    """One batch caught up, its rows worked out before the store's write lock is taken: the
    import waits for that lock to save each batch, and a catch-up holds it from the position's
    move to its commit (about as long as the import takes to build and save a batch). Only
    the position's move, the rows and the commit hold it here: what the rows were worked out
    from (the batch's events, the stored histories of its people, their groups' activity)
    is written only by a catch-up, which moves the position, so the move finding it moved
    (another process caught up first) means nothing is written and the batch is read again.
    A batch with groups' events, sightings or retractions (which change group rows as they
    are worked out) is caught up the usual way. Returns how many events were caught up."""
    while True:
        start = readmodel.position()
        batch = readmodel.notes(start + 1, BATCH)
        if not batch:
            return 0
        if any(topic in _GROUPS_MOVED for _, _, _, topic, _ in batch):
            return readmodel.catch_up(now, limit=BATCH)
        end = batch[-1][0]
        readmodel.db.prefetch(n[1] for n in batch)
        with readmodel.db.transaction(commit=False) as tx:
            new = decode(readmodel.mapper, batch)  # an erased person's left out
            rows = share_rows(tx, readmodel.key, readmodel.answer, new, [], {}, now, end)
        with readmodel.db.transaction(commit=True, durable=False) as tx:
            moved = readmodel.tracking.move(tx.cursor, start, end)
            if moved:
                if not readmodel.db.unindexed:  # made again when this process ends
                    readmodel.db.drop_query_indexes(tx)
                rows.flush(tx)
                readmodel._answered(tx, start, end)
        if moved:  # else another process caught these up first: read the position again
            readmodel.settle(now, end)
            return len(batch)


def follow(inbox: int) -> None:  # pragma: no cover - runs in a process of its own
    """Catch up a batch at a time while the import saves, until told it is over (then the
    rest) or the input ends (then nothing more)."""
    from outreach.engine.application import OutreachApplication
    from outreach.engine.privacy import Privacy
    from outreach.engine.view.sql import Database, tracking_for
    from outreach.projections.settings import Playbook

    reopening, playbook, now = _receive(inbox)
    app = OutreachApplication(env={**reopening.env, "CREATE_TABLE": "n"})
    keys = Privacy(Database(app.datastore, reopening.postgres), reopening.master)
    app.mapper.privacy = keys  # type: ignore[attr-defined]
    database = Database(app.datastore, reopening.postgres, sealer=keys)
    tracking = tracking_for(app.datastore, reopening.postgres)
    settings = Playbook.model_validate_json(playbook)
    readmodel = ReadModel(database, app.recorder, app.mapper, settings, tracking)
    gc.set_threshold(50_000, *gc.get_threshold()[1:])
    over = False
    try:
        while True:
            done = caught_up_aside(readmodel, now)
            if over and done < BATCH:
                return
            ready, _, _ = select.select([inbox], [], [], 0 if done else POLL)
            while ready:
                try:
                    message = _receive(inbox)
                except EOFError:
                    if not over:
                        return  # the import is gone: the next catch-up does the rest
                    break
                if message == OVER:
                    over = True
                else:
                    now = message
                ready, _, _ = select.select([inbox], [], [], 0)
    except Exception:  # the import's own catch-up does what is left (and says what went
        return  # wrong, should it go wrong again)
    finally:
        with contextlib.suppress(Exception):  # else the import makes them (cli.importing)
            readmodel.db.index_again()
        app.close()


if __name__ == "__main__":  # pragma: no cover
    # Ctrl-C reaches the whole process group: the import stops, and this ends with its input.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    follow(sys.stdin.fileno())
