"""Engines, sessions and migrations for SQLite (default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from unknot.errors import StoreError
from unknot.i18n import _

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration. Checking it with plain SQL spares every command the import of Alembic
# when the schema is already current; a test keeps it equal to Alembic's own head.
SCHEMA_HEAD = "0006"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file gets its folder and its PRAGMAs."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            _("The database URL {url!r} is not valid.").format(url=url),
            hint=_("Use sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/NAME."),
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


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
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_sqlite(engine: Engine, suffix: str) -> Path | None:
    """Copy a SQLite file consistently (online backup API) next to itself."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    source = Path(database)
    if not source.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = source.with_name(f"{source.stem}-{suffix}-{stamp}{source.suffix}")
    import sqlite3

    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the database, read without Alembic (None when empty)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if value is None else str(value)


def migrate(engine: Engine, revision: str = "head") -> Path | None:
    """Bring the schema to ``revision``; a SQLite file with data is backed up first."""
    try:
        if revision == "head" and stored_revision(engine) == SCHEMA_HEAD:
            return None
        from alembic import command

        current = current_revision(engine)
        if current == head_revision(engine) and revision == "head":
            return None
        backup = None
        if current is not None:
            backup = backup_sqlite(engine, f"before-migration-{current}")
        config = _alembic_config(engine)
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
        return backup
    except OperationalError as exc:
        raise StoreError(
            _("Cannot open the database at {url}: {error}").format(
                url=engine.url.render_as_string(hide_password=True), error=exc.orig
            ),
            hint=_("Check UNKNOT_DATABASE_URL or UNKNOT_DATA_DIR, and that the server is up."),
        ) from exc


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    config = _alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on any error."""
    with factory() as session, session.begin():
        yield session
