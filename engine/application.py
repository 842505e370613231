"""The eventsourcing Application under the engine: our mapper, our transcoder, our store."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Mapper, Transcoder
from outreach.engine.mapper import OrjsonTranscoder, PydanticMapper


class OutreachApplication(Application[UUID]):
    name = "outreach"
    env: ClassVar[dict[str, str]] = {}

    def construct_transcoder(self) -> Transcoder:
        return OrjsonTranscoder()

    def construct_mapper(self) -> Mapper[UUID]:
        return PydanticMapper(transcoder=self.construct_transcoder())

    @property
    def datastore(self) -> Any:
        """The store's own connection pool, for read models kept in the same database."""
        return getattr(self.factory, "datastore")  # noqa: B009 - on SQL factories only
