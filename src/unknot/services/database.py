"""The database itself: upgrading its schema, and the copies of a SQLite file put back.

These work on the settings, not on an Actor: they must run when the store cannot be opened
(a schema to upgrade on PostgreSQL, a damaged file to replace).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from unknot.config import Settings
from unknot.errors import ValidationError
from unknot.i18n import _
from unknot.store import copies, db


@dataclass(frozen=True)
class Upgraded:
    where: str
    before: str | None  # None: the database was empty
    after: str
    backup: Path | None

    @property
    def ran(self) -> bool:
        return self.before != self.after


def upgrade(settings: Settings) -> Upgraded:
    """Bring the database to this unknot's schema (a SQLite file with data is backed up first)."""
    from unknot.store.failures import translated, where

    engine = db.make_engine(settings.effective_database_url)
    try:
        with translated(engine.url):
            before = db.stored_revision(engine)
            backup = db.migrate(engine)
            return Upgraded(where(engine.url), before, db.SCHEMA_HEAD, backup)
    finally:
        engine.dispose()


def sqlite_file(settings: Settings) -> Path:
    """The SQLite database file; PostgreSQL keeps no copies for unknot to restore."""
    path = db.sqlite_path(settings.effective_database_url)
    if path is None:
        raise ValidationError(
            _("The database is not a SQLite file; unknot restore puts back SQLite copies only."),
            hint=_("On PostgreSQL, restore a dump with pg_restore (see the README)."),
        )
    return path


def list_copies(settings: Settings) -> list[copies.Copy]:
    """The copies kept beside the SQLite database, newest first."""
    return copies.copies(sqlite_file(settings))


def chosen_copy(settings: Settings, name: str | None) -> tuple[Path, str]:
    """The copy to restore (by name or path; the newest without one) and its schema revision,
    checked: a file that is not an unknot database is refused here, before any question."""
    path = copies.choose(sqlite_file(settings), name)
    return path, copies.check(path)


def restore(settings: Settings, copy: Path) -> copies.Restored:
    """Put ``copy`` in the database's place; the file it replaces is kept as a copy first."""
    return copies.restore(sqlite_file(settings), copy)
