"""Setup the whole test run shares instead of repeating it in every test.

* The CLI's command tree: Typer builds it from every command's signature each time
  ``CliRunner.invoke`` is given the Typer app (about 0.1 s, more than most commands take).
  A real ``unknot`` process builds it once; the tests now do too.
* A migrated schema: a blank database that is brought to the head revision becomes a copy
  of one the real migrations built once in the run, instead of running Alembic again. On
  SQLite the copy is made with SQLite's backup API (a millisecond); on PostgreSQL the blank
  database is made again from a migrated template database (``CREATE DATABASE ... TEMPLATE``,
  about 0.03 s against 0.1-0.3 s for the migrations). Anything else (an older revision, a
  downgrade, a database with tables, a test marked ``real_migrations``) runs Alembic itself.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import typer.testing
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import OperationalError

from unknot.store import db

# The store's own migration function (if a later change renames it, nothing is patched and
# every test simply runs the migrations).
REAL_MIGRATE: Any = getattr(db, "migrate", None)


def _shape(app: typer.Typer) -> tuple[object, ...]:
    """What the command tree is built from: a new command or group builds it again."""
    groups = tuple(_shape(group.typer_instance) for group in app.registered_groups)
    return (len(app.registered_commands), app.registered_callback is not None, groups)


def cache_cli_commands(patch: pytest.MonkeyPatch) -> None:
    build = typer.testing._get_command
    built: dict[int, tuple[typer.Typer, tuple[object, ...], Any]] = {}

    def cached(app: typer.Typer) -> Any:
        shape = _shape(app)
        known = built.get(id(app))
        if known is None or known[0] is not app or known[1] != shape:
            known = (app, shape, build(app))
            built[id(app)] = known
        return known[2]

    patch.setattr(typer.testing, "_get_command", cached)


def _blank(engine: Engine) -> bool:
    """A database with no tables yet (one that cannot be reached is left to the migrations,
    which say so in their own words)."""
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return False
    try:
        with engine.connect() as conn:
            return not inspect(conn).get_table_names()
    except OperationalError:
        return False


def _copy_sqlite(engine: Engine, template: Path) -> None:
    if not template.exists():
        built = db.make_engine(f"sqlite:///{template}")
        REAL_MIGRATE(built)
        built.dispose()
    with engine.connect() as conn:
        target = conn.connection.dbapi_connection
        with closing(sqlite3.connect(template)) as source:
            source.backup(target)  # type: ignore[arg-type]


_PG_TEMPLATE = "t_schema_head"
_MAINTENANCE = {"postgres", "template0", "template1"}  # the server's own: migrate them for real


def _remake_postgres(engine: Engine, made: set[tuple[object, object]]) -> None:
    import psycopg

    url = engine.url
    cluster = (url.host, url.port)
    admin = f"host={url.host} port={url.port} user={url.username} dbname=postgres"
    if cluster not in made:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{_PG_TEMPLATE}"')
            conn.execute(f'CREATE DATABASE "{_PG_TEMPLATE}"')
        built = db.make_engine(url.set(database=_PG_TEMPLATE).render_as_string(False))
        REAL_MIGRATE(built)
        built.dispose()
        made.add(cluster)
    engine.dispose()  # the engine connects again, to the remade database, when next used
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{url.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{url.database}" TEMPLATE "{_PG_TEMPLATE}"')


def migrate_from_template(patch: pytest.MonkeyPatch, template: Path) -> None:
    if REAL_MIGRATE is None:
        return
    made: set[tuple[object, object]] = set()

    def migrate(engine: Engine, revision: str = "head") -> Path | None:
        if revision != "head" or engine.dialect.name not in ("sqlite", "postgresql"):
            return REAL_MIGRATE(engine, revision)
        if not _blank(engine):
            return REAL_MIGRATE(engine, revision)
        if engine.dialect.name == "sqlite":
            _copy_sqlite(engine, template)
        elif engine.url.database in _MAINTENANCE:  # cannot be dropped while connected to
            return REAL_MIGRATE(engine, revision)
        else:
            _remake_postgres(engine, made)
        return None

    patch.setattr(db, "migrate", migrate)
