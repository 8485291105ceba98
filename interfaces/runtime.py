"""The composition root: one application, its views and their projector."""

from __future__ import annotations

from uuid import uuid4

from eventsourcing.sqlite import SQLiteDatastore

from application.journeys import RecoveryJourneys
from application.storage.urls import store_env
from interfaces.erasure import ErasedPeople
from interfaces.settings import Settings, encryption_env
from projections.access_log import AccessLog
from projections.history import JourneyHistory
from projections.projector import Projector
from projections.queries import JourneyViews
from projections.store import ViewStore


class Runtime:
    """Everything a process needs to serve commands and queries; close it when done."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.journeys = RecoveryJourneys(env=store_env(settings.store_url) | encryption_env(settings))
        datastore = getattr(self.journeys.recorder, "datastore", None)
        self._own_datastore = None
        if datastore is None:
            # The in-memory event store has no database: keep its views in a private
            # in-memory SQLite database (shared cache, so every thread sees the same one).
            datastore = self._own_datastore = SQLiteDatastore(
                f"file:refocus-views-{uuid4().hex}?mode=memory&cache=shared"
            )
        self.view_store = ViewStore(datastore, self.journeys.text_seal)
        self.view_store.create_tables()
        self.projector = Projector(self.journeys, self.view_store)
        self.history = JourneyHistory(self.journeys, self.view_store)
        self.views = JourneyViews(self.view_store, self.history)
        self.access_log = AccessLog(self.view_store)
        self.access_log.create_table()
        self.erasures = ErasedPeople(self)
        # A store restored from a backup taken before an erasure is erased again.
        self.erasures.apply_ledger()

    @property
    def store_kind(self) -> str:
        # The library's persistence module (eventsourcing.sqlite, .postgres, .popo), not our subclass.
        library = next(
            kind.__module__
            for kind in type(self.journeys.factory).__mro__
            if kind.__module__.startswith("eventsourcing.")
        )
        return library.rsplit(".", 1)[-1]

    def close(self) -> None:
        self.access_log.close()
        self.journeys.close()
        if self._own_datastore is not None:
            self._own_datastore.close()

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
