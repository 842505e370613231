"""Opening a store: its file, the application over it, the data keys, the read models, and
what an older store needs before it answers (sealing, a new read-model schema, settings)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from outreach.domain.errors import StoreError
from outreach.engine.access import Presence, be_present, discard_if_empty, why_not_opened
from outreach.engine.application import OutreachApplication
from outreach.engine.erasure import clean_up, finish_pending
from outreach.engine.handles import HandleIndex
from outreach.engine.keyfile import master_key
from outreach.engine.privacy import Privacy
from outreach.engine.retry import retrying
from outreach.engine.store import Store, prepare_sqlite_file
from outreach.engine.view.readmodel import ReadModel
from outreach.engine.view.schema import SCHEMA_VERSION
from outreach.engine.view.sharing import Reopening
from outreach.engine.view.sql import Database, tracking_for
from outreach.engine.view.writes import Answers
from outreach.projections.settings import Playbook


def open_store(
    store: Store, settings: Playbook, clock: Callable[[], datetime], recruiter: str
) -> tuple[OutreachApplication, ReadModel]:
    """The application and its read models over ``store``, ready for commands and queries."""
    where = store.describe()
    master = master_key()  # a bad key is refused before the store file is made
    made, presence = _claimed(store)
    try:
        app = retrying(lambda: OutreachApplication(env=store.env), where, opening=True)
    except StoreError as error:
        _discard(store, made, presence)
        raise why_not_opened(store, error) from None
    except OSError as error:
        _discard(store, made, presence)
        raise StoreError(f"cannot open {where}: {error}") from None
    app.clock, app.recruiter, app.where = clock, recruiter, where
    app.made_file, app.presence = made, presence
    try:
        readmodel = _read_models(app, store, settings, clock, master)
    except BaseException:
        app.close()
        _discard(store, made, presence)
        raise
    return app, readmodel


def _claimed(store: Store) -> tuple[bool, Presence | None]:
    """A SQLite store's file, made if missing (whether this made it), and this process's
    claim on it, so that no other process's discard removes it while it is open."""
    if store.path is None:
        return False, None
    while True:
        made = prepare_sqlite_file(store.path)
        presence = be_present(store.path)
        if presence is not None:
            return made, presence
        # Discarded by the process that made it, between the two: make it again.


def _discard(store: Store, made: bool, presence: Presence | None) -> None:
    """A store file made by an opening that failed is not left behind (issue 14, finding 9),
    unless another process has put its master key on it meanwhile."""
    if presence is not None:
        presence.release()
    if made and store.path is not None:
        discard_if_empty(store.path, keys_too=True)


def _read_models(
    app: OutreachApplication,
    store: Store,
    settings: Playbook,
    clock: Callable[[], datetime],
    master: bytes | None,
) -> ReadModel:
    where = store.describe()
    postgres = store.kind == "postgresql"
    privacy = Privacy(Database(app.datastore, postgres), master)
    handles = HandleIndex(Database(app.datastore, postgres), app.recorder, master)
    sealed_now = retrying(privacy.create, where, opening=True)
    retrying(handles.create, where, opening=True)
    app.use_privacy(privacy, handles)
    database = Database(app.datastore, postgres, sealer=privacy)
    tracking = tracking_for(app.datastore, postgres)
    readmodel = ReadModel(database, app.recorder, app.mapper, settings, tracking)
    retrying(readmodel.create, where, opening=True)
    if store.kind != "memory":  # a large catch-up may share its work with worker processes
        readmodel.sharing.reopening = Reopening(store.env, postgres, master)
    app.forget, app.scrubbing = readmodel.forget, store.path is not None
    # A command's answers, worked out before its save and written in its transaction.
    app.answering = partial(Answers, readmodel, clock)
    # An erasure's clean-up of the file that a reader held off: finished now if it can be.
    app.clean_up_pending = finish_pending(privacy, store.path)
    schema = readmodel.meta("schema")
    made_before = schema != SCHEMA_VERSION and app.recorder.max_notification_id()
    if sealed_now or made_before:
        # A master key put on an old store seals its read models; a new schema remakes them.
        retrying(lambda: readmodel.rebuild(clock()), where)
        if sealed_now and store.path is not None:
            clean_up(store.path)
        return readmodel
    if schema != SCHEMA_VERSION:  # read models not made yet: made with this schema
        retrying(lambda: readmodel.set_meta("schema", SCHEMA_VERSION), where)
    if readmodel.meta("playbook") != readmodel.playbook:  # the settings last opened with
        retrying(lambda: readmodel.set_meta("playbook", readmodel.playbook), where)
    # Answers are kept per settings: new settings work theirs out once, from the stored
    # state (no replay); settings seen before bring theirs up to date, if others wrote since.
    retrying(lambda: readmodel.settle(clock()), where)
    return readmodel
