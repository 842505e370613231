"""The eventsourcing Application under the engine: our mapper, our transcoder, our store."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import EventStore, InfrastructureFactory, Mapper, Transcoder
from eventsourcing.utils import Environment
from outreach.domain.errors import ErasedError
from outreach.engine.mapper import OrjsonTranscoder, PydanticMapper, personal_values
from outreach.engine.privacy import Privacy


class OutreachApplication(Application[UUID]):
    name = "outreach"
    env: ClassVar[dict[str, str]] = {}
    privacy: Privacy | None = None

    def construct_factory(self, env: Environment) -> InfrastructureFactory:
        factory = super().construct_factory(env)
        pool = getattr(getattr(factory, "datastore", None), "pool", None)
        if pool is not None and hasattr(pool, "is_sqlite_memory_mode"):
            _securely_deleting(pool)
        return factory

    def construct_transcoder(self) -> Transcoder:
        return OrjsonTranscoder()

    def construct_mapper(self) -> Mapper[UUID]:
        return PydanticMapper(transcoder=self.construct_transcoder())

    def construct_event_store(self) -> EventStore[UUID]:
        return FreshKeys(mapper=self.mapper, recorder=self.recorder)

    def use_privacy(self, privacy: Privacy) -> None:
        """Seal personal fields with each relationship's data key from now on."""
        self.privacy = privacy
        self.mapper.privacy = privacy  # type: ignore[attr-defined]

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Make the data keys of the relationships being written first, in one transaction
        before the events' own (a key always exists before the first event sealed with it)."""
        if self.privacy is not None:
            events = [e for obj in objs for e in getattr(obj, "pending_events", [obj])]
            owners = {e.originator_id: e for e in events if personal_values(e)}
            shredded = self.privacy.ensure(owners)
            if shredded:
                raise ErasedError(str(getattr(owners[shredded[0]], "handle", shredded[0].hex)))
        return super().save(*objs, **kwargs)

    @property
    def datastore(self) -> Any:
        """The store's own connection pool, for read models kept in the same database."""
        return getattr(self.factory, "datastore")  # noqa: B009 - on SQL factories only


class FreshKeys(EventStore[UUID]):
    """Reads the relationship's key afresh each time its events are loaded (one query per
    aggregate): another process may have erased them since this one last did."""

    def get(self, originator_id: UUID, *args: Any, **kwargs: Any) -> Any:
        privacy = getattr(self.mapper, "privacy", None)
        if privacy is not None:
            privacy.forget(originator_id)
        return super().get(originator_id, *args, **kwargs)


def _securely_deleting(pool: Any) -> None:
    """Every SQLite connection overwrites deleted content with zeros, so that a purged or
    shredded row leaves no trace in the file (erasure scans the file's bytes for it)."""
    create = pool._create_connection

    def create_securely() -> Any:
        connection = create()
        connection._sqlite_conn.execute("PRAGMA secure_delete = ON")
        return connection

    pool._create_connection = create_securely
