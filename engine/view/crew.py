"""A large catch-up shared with worker processes, on the machine's other cores.

Started once per large catch-up (spawned: never forked from a process that holds database
connections), each worker opens its own connection to the store and works out the rows of
its share of every batch (``outreach.engine.view.shares``): every event of the relationships
whose id falls to it, decoded with the data keys it reads itself. It sends back plain rows (a
changed group's members' a page at a time, each written as it comes); this process does the
rest as a catch-up in one process does: the groups' own events and the sightings in groups
first (few, told apart by their topic), a share of its own, then the writing, the position's
move and the commit, in one transaction per batch. Workers write nothing: a worker or this
process killed at any point loses nothing, and the next catch-up resumes from the position;
a worker that fails or dies ends the crew: the batch is done again in this process."""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache, partial
from typing import Any, BinaryIO
from uuid import UUID

from outreach.domain.events import SpottedOnline
from outreach.engine.view import shares
from outreach.engine.view.groups import GROUP_EVENTS, BatchGroups
from outreach.engine.view.notes import Note, uuid_of
from outreach.engine.view.shares import decode, share_rows
from outreach.engine.view.sharing import Reopening
from outreach.engine.view.sql import Tx
from outreach.engine.view.writes import Writes

GROUP_TOPICS = frozenset(cls.TOPIC for cls in GROUP_EVENTS)
SPOTTED = SpottedOnline.TOPIC
# A relationship falls in one of SLOTS slots by its id; this process takes the first ``own``
# (its writing and reading are the rest of its share), the workers the others; ``own`` moves
# after each batch so that this process and the workers finish together.
SLOTS = 32
MIX = 2**61 - 1  # a prime: an id's slot depends on all its bits (time-ordered ids too)


class WorkerLost(Exception):
    """A worker failed or is gone: the batch is done again without the crew."""


class Crew:
    """Worker processes for one catch-up (a context manager: they end with it). Each is
    ``python -m outreach.engine.view.crew``, its pipes carrying pickled jobs and rows: started
    afresh (nothing of this process copied), and without the multiprocessing module's import
    of the embedding program's main module."""

    python_options: tuple[str, ...] = ()  # e.g. a profiler's, for a benchmark

    def __init__(self, reopening: Reopening, playbook: str, size: int, own: int) -> None:
        self.processes: list[subprocess.Popen[bytes]] = []
        self.slots: list[int] = []
        self._share_out(own, size)
        try:
            for _ in range(size):
                process = subprocess.Popen(
                    [sys.executable, *self.python_options, "-m", __name__],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    close_fds=True,
                )
                self.processes.append(process)
                # The master key goes through the pipe, never the command line; the worker
                # pages a changed group's members as this process does.
                _send(process, (reopening, playbook, shares.PAGE))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Crew:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for process in self.processes:
            assert process.stdin is not None and process.stdout is not None
            # A worker ends at the end of its input; one still sending rows nobody will read
            # (another failed) finds its output closed, and ends too.
            with contextlib.suppress(OSError):
                process.stdin.close()
            process.stdout.close()
        for process in self.processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = []

    def apply(
        self,
        readmodel: Any,
        tx: Tx,
        batch: Sequence[Any],
        now: datetime,
        position: int,
        ahead: Callable[[], Sequence[Any]],
    ) -> Sequence[Any]:
        """Catch up ``batch`` in ``tx``: the groups here, the shares' rows from the workers
        and this process, written here. Returns the next batch (``ahead``), read while the
        workers work."""
        mapper = readmodel.mapper
        groups = BatchGroups(tx)
        notes: list[list[Note]] = [[] for _ in range(len(self.processes) + 1)]
        ids: dict[str, UUID] = {}
        for note in batch:
            _, hid, version, topic, state = note
            if topic in GROUP_TOPICS:
                groups.apply(mapper.read(hid, uuid_of(hid, ids), version, topic, state))
                continue
            if topic == SPOTTED:
                event = mapper.read(hid, uuid_of(hid, ids), version, topic, state)
                if event is not None:  # else an erased person's
                    groups.spotted(event, hid)
            notes[self.share(hid)].append(note)
        others: list[list[str]] = [[] for _ in notes]
        for member in groups.write():
            others[self.share(member)].append(member)
        context = (groups.activity, now, position)
        for n, process in enumerate(self.processes, start=1):
            _send(process, (notes[n], others[n], *context))
        begun = time.perf_counter()
        following = ahead()
        self.own_keys(readmodel, following)  # before the next batch's transaction
        mine_new, key = decode(mapper, notes[0]), readmodel.key
        written = partial(Writes.flush, tx=tx)  # a page of members at a time, as they come
        rows = share_rows(tx, key, readmodel.answer, mine_new, others[0], *context, flush=written)
        rows.flush(tx)
        mine, busiest = time.perf_counter() - begun, 0.0
        for process in self.processes:
            busiest = max(busiest, _receive(process, key, written))
        self._balance(mine, busiest)
        return following

    def _balance(self, mine: float, busiest: float) -> None:
        """Move slots between this process and the workers so that its work while they work
        (reading the next batch, its own share) takes as long as the busiest one's share: at
        the slots each did a second, the share that would have, halfway from the last one."""
        own, workers = self.slots.count(0), len(self.processes)
        if mine <= 0 or busiest <= 0 or not workers:
            return
        mine_rate, their_rate = own / mine, (SLOTS - own) / workers / busiest
        target = SLOTS * mine_rate / (mine_rate + workers * their_rate)
        self._share_out(round((own + target) / 2), workers)

    def _share_out(self, own: int, workers: int) -> None:
        own = min(max(own, 1), SLOTS - 1)
        self.slots = [0] * own + [1 + n % workers for n in range(SLOTS - own)]

    def share(self, hid: str) -> int:
        """Which share a relationship (its id in hex) goes to: 0 this process's, n worker n's."""
        return self.slots[slot_of(hid)]

    def own_keys(self, readmodel: Any, batch: Sequence[Any]) -> None:
        """Read the data keys this process needs for a batch (its share's, the sightings')
        before the batch's transaction; the workers read theirs."""
        readmodel.db.prefetch(
            hid for _, hid, _, topic, _ in batch if topic == SPOTTED or not self.share(hid)
        )


@lru_cache(maxsize=8192)
def slot_of(hid: str) -> int:
    """A relationship's slot, once for its ten or so events (parsed at each: 4 % of the CPU)."""
    return int(hid, 16) % MIX % SLOTS


def _send(process: subprocess.Popen[bytes], message: Any) -> None:
    assert process.stdin is not None
    try:
        pickle.dump(message, process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        process.stdin.flush()
    except OSError as error:
        raise WorkerLost(f"a catch-up worker ended: {error!r}") from None


def _receive(process: subprocess.Popen[bytes], key: str, write: Callable[[Writes], None]) -> float:
    """A worker's rows, written a page at a time as they come; returns how long it worked."""
    assert process.stdout is not None
    while True:
        try:
            kind, payload, busy = pickle.load(process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError) as error:
            raise WorkerLost(f"a catch-up worker ended: {error!r}") from None
        if kind == "failed":
            raise WorkerLost(f"a catch-up worker failed: {payload}")
        assert isinstance(payload, Writes)
        if payload.key != key:
            raise ValueError(f"a share's rows are for other settings: {payload.key!r}")
        write(payload)
        if kind == "rows":  # its last
            return float(busy)


def serve(inbox: BinaryIO, outbox: BinaryIO) -> None:  # pragma: no cover
    """A worker: opens the store, then works out the rows of each share it is sent until its
    input ends (the tests check the rows it sends)."""
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

    try:
        while True:
            try:
                notes, others, activity, now, position = pickle.load(inbox)
            except EOFError:
                return  # the catch-up is over (or its process is gone)
            begun, sending[0] = time.perf_counter(), 0.0
            try:
                db.prefetch(n[1] for n in notes)
                with db.transaction(commit=False) as tx:
                    new = decode(app.mapper, notes)
                    rows = share_rows(
                        tx, key, answer, new, others, activity, now, position, flush=page
                    )
                reply(("rows", rows, time.perf_counter() - begun - sending[0]))
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
