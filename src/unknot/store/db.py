"""Engines, sessions and the schema's revision for SQLite (default) and PostgreSQL.

Opening a store reads the revision it records with plain SQL and compares it with
:data:`SCHEMA_HEAD`: Alembic is imported only when an upgrade really runs (:func:`migrate`).
A database at an unknown revision was written by a newer unknot and is refused before anything
is copied or changed. Every SQLite file and copy unknot makes is private to its owner (0600,
its folder 0700), whatever the umask.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from unknot.errors import StoreError
from unknot.i18n import _
from unknot.store.failures import translated, where

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration. Checking it with plain SQL spares every command the import of Alembic
# when the schema is already current; a test keeps it equal to Alembic's own head.
SCHEMA_HEAD = "0009"
PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file gets its private folder, its mode and its PRAGMAs.

    ``hide_parameters``: an error never shows the values of a statement (health data).
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            _("The database URL {url!r} is not valid.").format(url=url),
            hint=_("Use sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/NAME."),
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            private_database_file(Path(parsed.database))
        engine = create_engine(url, connect_args={"timeout": 10}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def sqlite_path(url: str) -> Path | None:
    """The file a SQLite URL names; None for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return None if parsed.database == ":memory:" else Path(parsed.database)


def private_folder(folder: Path) -> None:
    """Make ``folder`` (and any missing parents) if it is missing; the folder itself is 0700."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, PRIVATE_FOLDER)


def keep_private(path: Path, mode: int) -> None:
    """Take away group and other access from an existing file or folder of unknot's."""
    try:
        if path.stat().st_mode & 0o077:
            os.chmod(path, mode)
    except FileNotFoundError:
        pass
    except PermissionError:  # not ours to change; SQLite will say so if it cannot use it
        pass


def private_database_file(path: Path) -> None:
    """The database file exists, 0600, before SQLite opens it: its -wal and -shm files take
    their mode from it. An older 0644 file (and its -wal and -shm) is made 0600."""
    try:
        private_folder(path.parent)
        # Only a missing file is created. Opening and closing an existing one would drop the
        # POSIX locks that SQLite connections of this process hold on it (closing any
        # descriptor of a file releases them all), and SQLite could then delete a WAL another
        # connection still uses: committed writes were lost that way.
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass  # another process made it first
    except OSError as exc:
        raise StoreError(
            _("Cannot create the database file {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            ),
            hint=_(
                "Check that you may write to its folder (UNKNOT_DATA_DIR or UNKNOT_DATABASE_URL)."
            ),
        ) from exc
    for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        keep_private(each, PRIVATE_FILE)


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def head_revision(engine: Engine) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database records (what Alembic would say), read without Alembic."""
    return stored_revision(engine)


def known_revisions() -> frozenset[str]:
    """Every revision this unknot's migrations know, from their file names (``0003_….py``),
    without importing Alembic; a test keeps it equal to Alembic's own list."""
    return frozenset(
        path.name.split("_", 1)[0] for path in (MIGRATIONS / "versions").glob("[0-9]*_*.py")
    )


def backup_sqlite(engine: Engine, suffix: str) -> Path | None:
    """Copy a SQLite file consistently (online backup API) next to itself, private (0600)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    source = Path(database)
    if not source.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    import sqlite3

    with translated(engine.url):
        target = new_private_file(
            source.with_name(f"{source.stem}-{suffix}-{stamp}"), source.suffix
        )
        try:
            with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
                src.backup(dst)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    return target


def new_private_file(base: Path, suffix: str) -> Path:
    """A new empty 0600 file ``base`` + ``suffix`` (``base-1`` + ``suffix`` … when taken)."""
    for n in range(1000):
        path = Path(f"{base}{f'-{n}' if n else ''}{suffix}")
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        except FileExistsError:
            continue
        os.chmod(path, PRIVATE_FILE)
        return path
    raise FileExistsError(base)


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the database, read without Alembic (None when empty)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if value is None else str(value)


def open_schema(engine: Engine, upgrade: bool) -> Path | None:
    """Check the schema when a store opens; bring it to the head when ``upgrade`` says so.

    At the head nothing else runs (no Alembic). A newer unknot's database is refused; an older
    or empty one is upgraded (a SQLite file with data is backed up first) or, without
    ``upgrade``, refused with the command that upgrades it. Returns the backup made, if any.
    """
    with translated(engine.url):
        stored = stored_revision(engine)
        if stored == SCHEMA_HEAD:
            return None
        refuse_unknown(engine, stored)
        if not upgrade:
            raise not_at_head(engine, stored)
        return migrate(engine)


def not_at_head(engine: Engine, stored: str | None) -> StoreError:
    if stored is None:
        message = _("The database at {where} is empty: unknot's tables are not made yet.")
    else:
        message = _("The database at {where} has schema {stored}; this unknot needs {head}.")
    return StoreError(
        message.format(where=where(engine.url), stored=stored, head=SCHEMA_HEAD),
        hint=_(
            "Run `unknot db upgrade` once, with the same UNKNOT_DATABASE_URL, then start "
            "unknot again."
        ),
    )


def refuse_unknown(engine: Engine, stored: str | None) -> None:
    """Refuse a newer unknot's database, and a SQLite file of someone else's tables."""
    if stored is not None and stored not in known_revisions():
        raise StoreError(
            _(
                "The database at {where} was written by a newer unknot (schema {stored}; this "
                "one knows up to {head}). Nothing was changed."
            ).format(where=where(engine.url), stored=stored, head=SCHEMA_HEAD),
            hint=_("Upgrade unknot to the version that wrote it, or a newer one, then try again."),
        )
    if stored is None and engine.dialect.name == "sqlite" and _tables_besides_alembic(engine):
        raise StoreError(
            _("The file {where} is a SQLite database, but not unknot's.").format(
                where=where(engine.url)
            ),
            hint=_("Point UNKNOT_DATABASE_URL or UNKNOT_DATA_DIR at unknot's own database."),
        )


def migrate(engine: Engine, revision: str = "head") -> Path | None:
    """Bring the schema to ``revision``; a SQLite file with data is backed up first.

    Nothing is copied or run when it is there already, or for a newer unknot's database.
    """
    with translated(engine.url):
        stored = stored_revision(engine)
        refuse_unknown(engine, stored)
        if stored == (SCHEMA_HEAD if revision == "head" else revision):
            return None
        from alembic import command

        backup = None
        if stored is not None:
            backup = backup_sqlite(engine, f"before-migration-{stored}")
        config = _alembic_config(engine)
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
        return backup


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    config = _alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def _tables_besides_alembic(engine: Engine) -> bool:
    return bool(set(table_names(engine)) - {"alembic_version"})


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on any error.

    A full disk, a damaged file or a server that went away is raised as a clear StoreError.
    """
    engine = factory.kw["bind"]
    with translated(engine.url), factory() as session, session.begin():
        yield session
