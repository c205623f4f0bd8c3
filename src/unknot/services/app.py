"""The service container every face (CLI, web, API) opens: settings, database, person, clock."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from unknot.config import Settings
from unknot.store import db, repo

Clock = Callable[[], datetime]
_SQLITE_TURNS: dict[int, threading.RLock] = {}


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    person_id: uuid.UUID
    clock: Clock = utc_now

    @classmethod
    def open(cls, settings: Settings, clock: Clock = utc_now) -> Services:
        """Open (and migrate) the database and find the local person."""
        engine = db.make_engine(settings.effective_database_url)
        db.migrate(engine)
        sessions = db.session_factory(engine)
        with db.transaction(sessions) as session:
            person_id = repo.local_person(session, clock())
        return cls(settings, engine, sessions, person_id, clock)

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One transaction: everything in it is saved together or not at all.

        On SQLite the threads of one process (the web server's workers) take turns here, on a
        plain lock: waiting for SQLite's own file lock instead would mean sleeping in its busy
        handler, which under load costs far more than the transactions themselves.
        """
        with self._turn(), db.transaction(self.sessions) as session:
            yield session

    def _turn(self) -> AbstractContextManager[object]:
        if self.engine.dialect.name != "sqlite":
            return nullcontext()
        return _SQLITE_TURNS.setdefault(id(self.engine), threading.RLock())

    def close(self) -> None:
        self.engine.dispose()


def zone_of(name: str) -> tzinfo:
    """The person's time zone; the machine's own when none is set or it is unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    local = datetime.now().astimezone().tzinfo
    return local if local is not None else UTC


def local_now(services: Services) -> datetime:
    """Now, in the person's time zone: "today" follows their day, not UTC's."""
    with services.unit() as session:
        zone = repo.load_profile(session, services.person_id).timezone
    return services.clock().astimezone(zone_of(zone))
