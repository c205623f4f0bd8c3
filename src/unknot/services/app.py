"""The process-long App (settings, database, clock) and the per-call Actor every service takes."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import ClassVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from unknot.config import Settings
from unknot.core.profile import Profile
from unknot.store import db, repo

Clock = Callable[[], datetime]
_SQLITE_TURNS: dict[int, threading.RLock] = {}


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class App:
    """What lives as long as the process: the settings, the database and the clock source.

    ``local_person`` is the one person of a single-user install, found when the App opens;
    :mod:`unknot.services.acting` builds every Actor from it until there are logins.
    """

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    local_person: uuid.UUID
    clock: Clock = utc_now
    default_clock: ClassVar[Clock] = staticmethod(utc_now)

    @classmethod
    def open(cls, settings: Settings, clock: Clock | None = None) -> App:
        """Open the database, check its schema and find the local person.

        A SQLite store is brought to the current schema here, with a backup first when it
        holds data (the single-user convenience); a PostgreSQL one must be at the head already
        (`unknot db upgrade`), so several servers never migrate it at once. Alembic is only
        imported when an upgrade runs. Without a ``clock`` the App runs on
        :attr:`default_clock` (the real time; tests set it to a hand-moved clock so that every
        App they open shares it).
        """
        clock = clock or cls.default_clock
        if not settings.database_url:  # unknot's own folder: nobody else's to read
            db.keep_private(settings.data_dir, db.PRIVATE_FOLDER)
        engine = db.make_engine(settings.effective_database_url)
        try:
            db.open_schema(engine, upgrade=engine.dialect.name == "sqlite")
            sessions = db.session_factory(engine)
            with db.transaction(sessions) as session:
                person_id = repo.local_person(session, clock())
        except BaseException:
            engine.dispose()
            raise
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


@dataclass
class Actor:
    """Who is acting in one call (a command, a request) and what they may see.

    ``people`` are the persons whose records this Actor may read or change: today just its
    own. The profile facts (time zone, locale, country) are loaded once, when first needed.
    """

    app: App
    person_id: uuid.UUID
    people: frozenset[uuid.UUID]
    clock: Clock
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    _profile: Profile | None = field(default=None, repr=False, compare=False)

    @property
    def settings(self) -> Settings:
        return self.app.settings

    @property
    def engine(self) -> Engine:
        return self.app.engine

    def unit(self) -> AbstractContextManager[Session]:
        return self.app.unit()

    @property
    def profile(self) -> Profile:
        """The person's profile, loaded the first time it is asked for."""
        if self._profile is None:
            with self.unit() as session:
                self._profile = repo.load_profile(session, self.person_id)
        return self._profile

    def profile_in(self, session: Session) -> Profile:
        """:attr:`profile`, loaded (if it is not yet) in a transaction already open."""
        if self._profile is None:
            self._profile = repo.load_profile(session, self.person_id)
        return self._profile

    @property
    def zone(self) -> tzinfo:
        return zone_of(self.profile.timezone)

    @property
    def locale(self) -> str:
        return self.profile.language

    @property
    def country(self) -> str:
        return self.profile.country

    def profile_changed(self, profile: Profile | None = None) -> None:
        """The profile was saved: remember the new one (or load it again when next needed)."""
        self._profile = profile

    def take_over(self, person_id: uuid.UUID) -> None:
        """The local person now has another id (an adopted backup, the demo): act as it."""
        self.app.local_person = person_id
        self.person_id = person_id
        self.people = frozenset({person_id})
        self._profile = None


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


def local_now(actor: Actor) -> datetime:
    """Now, in the person's time zone: "today" follows their day, not UTC's."""
    return actor.clock().astimezone(actor.zone)
