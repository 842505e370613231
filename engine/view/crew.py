"""A large catch-up shared with worker processes, on the machine's other cores.

Started once per large catch-up (spawned: never forked from a process that holds database
connections), each worker (``outreach.engine.view.worker``) opens its own connection to the
store and works out the rows of its share of every batch (``outreach.engine.view.shares``):
every event of the relationships whose id falls to it, read and decoded by itself with the
data keys it reads itself. It sends back plain rows (a changed group's members' a page at a
time, each written as it comes); this process does the rest as a catch-up in one process
does: the groups' own events, the sightings in groups and the retractions first (few, told
apart by their topic), a share of its own, then the writing, the position's move and the
commit, in one transaction per batch. Workers write nothing: a worker or this process
killed at any point loses nothing, and the next catch-up resumes from the position; a worker
that fails or dies ends the crew: the batch is done again in this process.

The batches overlap: a worker is told which events of the next batch are its share as soon
as this process has read that batch, and reads and decodes them (nothing of the read models:
the events and their keys only) while this process writes and commits the current one. It
reads the read models for a batch only once told to go on with it, after the one before is
committed."""

from __future__ import annotations

import contextlib
import fcntl
import pickle
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache, partial
from itertools import chain
from typing import Any
from uuid import UUID

from outreach.engine.view import shares
from outreach.engine.view.groups import GROUP_EVENTS, TOLD, BatchGroups
from outreach.engine.view.notes import Note, uuid_of
from outreach.engine.view.shares import decode, share_rows
from outreach.engine.view.sharing import Reopening
from outreach.engine.view.sql import Tx
from outreach.engine.view.worker import PIPE, STREAM, Inbox, WorkerLost
from outreach.engine.view.writes import Writes

GROUP_TOPICS = frozenset(cls.TOPIC for cls in GROUP_EVENTS)
# Read here (groups.TOLD), a sighting or a retraction also in its share.
TOLD_TOPICS = frozenset(cls.TOPIC for cls in TOLD)
NOTED = TOLD_TOPICS - GROUP_TOPICS
# A relationship falls in one of SLOTS slots by its id; this process takes the first ``own``
# (its writing and reading are the rest of its share), the workers the others; ``own`` moves
# after each batch so that this process and the workers are busy alike.
SLOTS = 32
MIX = 2**61 - 1  # a prime: an id's slot depends on all its bits (time-ordered ids too)


@dataclass
class Split:
    """A batch's events by share: told apart once, by the slots of the moment it was read
    (its groups' members go by the same slots: a relationship's rows are worked out in one
    share)."""

    batch: Sequence[Note]
    slots: list[int]
    mine: list[Note] = field(default_factory=list)  # this process's share
    groups: list[Note] = field(default_factory=list)  # groups' events, sightings, retractions


class Crew:
    """Worker processes for one catch-up (a context manager: they end with it). Each is
    ``python -m outreach.engine.view.worker``, its pipes carrying pickled jobs and rows:
    started afresh (nothing of this process copied), and without the multiprocessing
    module's import of the embedding program's main module."""

    python_options: tuple[str, ...] = ()  # e.g. a profiler's, for a benchmark

    def __init__(self, reopening: Reopening, playbook: str, size: int, own: int) -> None:
        self.processes: list[subprocess.Popen[bytes]] = []
        self.inboxes: list[Inbox] = []
        self.slots: list[int] = []
        # On PostgreSQL a page written is a round trip a statement: not streamed (STREAM).
        self.stream = 0 if reopening.postgres else STREAM
        self.split: Split | None = None  # the batch the workers were last told their shares of
        self.cycle = time.perf_counter()  # when this process's last batch ended
        self._share_out(own, size)
        try:
            for _ in range(size):
                process = subprocess.Popen(
                    [sys.executable, *self.python_options, "-m", "outreach.engine.view.worker"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    close_fds=True,
                )
                self.processes.append(process)
                self.inboxes.append(Inbox(process))
                for pipe in (process.stdin, process.stdout):
                    with contextlib.suppress(OSError, AttributeError):  # Linux's; else as is
                        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE)  # type: ignore[arg-type]
                # The master key goes through the pipe, never the command line; the worker
                # pages a changed group's members, and streams its rows, as this process does.
                _send(process, (reopening, playbook, shares.PAGE, self.stream))
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
        workers work, and its shares sent them."""
        mapper = readmodel.mapper
        split = self.split if self.split and self.split.batch is batch else self.tell(batch)
        groups = BatchGroups(tx)
        ids: dict[str, UUID] = {}
        for _, hid, version, topic, state in split.groups:
            event = mapper.read(hid, uuid_of(hid, ids), version, topic, state)
            if topic in GROUP_TOPICS:
                groups.apply(event)
            elif event is not None:  # else an erased person's
                groups.noted(event, hid)
        others: list[list[str]] = [[] for _ in range(len(self.processes) + 1)]
        for member in groups.write():
            others[split.slots[slot_of(member)]].append(member)
        context = (groups.activity, now, position)
        for n, process in enumerate(self.processes, start=1):
            _send(process, ("go", others[n], *context))
        following = ahead()
        if following:  # its shares, read and decoded by the workers once done with this one
            self.own_keys(readmodel, following)
        mine_new, key = decode(mapper, split.mine), readmodel.key
        left = list(self.inboxes)  # the workers whose last rows of the batch have not come
        written = partial(Writes.flush, tx=tx)

        def flushed(rows: Writes) -> None:  # a page of this process's, then theirs come so far
            rows.flush(tx)
            left[:] = [inbox for inbox in left if not inbox.written(key, written, wait=False)]

        answer, mine_others = readmodel.answer, others[0]
        rows = share_rows(
            tx, key, answer, mine_new, mine_others, *context, flush=flushed, stream=self.stream
        )
        rows.flush(tx)
        for inbox in left:
            inbox.written(key, written, wait=True)
        ended = time.perf_counter()
        waited = sum(inbox.waited for inbox in self.inboxes)
        busiest = max(inbox.busy for inbox in self.inboxes)
        self._balance(ended - self.cycle - waited, busiest)
        self.cycle = ended
        for inbox in self.inboxes:
            inbox.waited = 0.0
        return following

    def _balance(self, mine: float, busiest: float) -> None:
        """Move slots between this process and the workers so that its work in a batch's
        time (its share, the writing, the commit, the next batch's reading and groups) takes
        as long as the busiest worker's (its share's reading, decoding and working out): at
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

    def tell(self, batch: Sequence[Note]) -> Split:
        """Split a batch by the slots of the moment, and tell each worker its share (the
        positions of its events): it reads and decodes them while this process works."""
        slots = self.slots
        split = Split(batch, slots)
        theirs: list[list[int]] = [[] for _ in range(len(self.processes) + 1)]
        for note in batch:
            topic = note[3]
            if topic in TOLD_TOPICS:  # few: most notes take this one look
                split.groups.append(note)
                if topic in GROUP_TOPICS:
                    continue
            share = slots[slot_of(note[1])]
            if share:
                theirs[share].append(note[0])
            else:
                split.mine.append(note)
        first, count = batch[0][0], len(batch)
        for n, process in enumerate(self.processes, start=1):
            _send(process, ("share", first, count, theirs[n]))
        self.split = split
        return split

    def own_keys(self, readmodel: Any, batch: Sequence[Any]) -> None:
        """Tell the workers their shares of a batch, and read the data keys this process
        needs for it (its share's, the sightings') before the batch's transaction; the
        workers read theirs."""
        split = self.tell(batch)
        spotted = (n[1] for n in split.groups if n[3] in NOTED)
        readmodel.db.prefetch(chain((n[1] for n in split.mine), spotted))


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
