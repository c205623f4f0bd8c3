"""Setup the whole test run shares instead of repeating it in every test.

* The CLI's command tree: Typer builds it from every command's signature each time
  ``CliRunner.invoke`` is given the Typer app (about 0.1 s, more than most commands take).
  A real ``unknot`` process builds it once; the tests now do too.
* A migrated SQLite schema: a blank SQLite database that is brought to the head revision gets
  a copy of one database the real migrations built at the start of the run (SQLite's backup
  API, a millisecond) instead of running Alembic again. Anything else (an older revision, a
  downgrade, PostgreSQL, a test marked ``real_migrations``) runs the real migrations.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import typer.testing
from sqlalchemy import Engine, inspect

from unknot.store import db

REAL_MIGRATE = db.migrate


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


def _blank_sqlite(engine: Engine) -> bool:
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return False
    with engine.connect() as conn:
        return not inspect(conn).get_table_names()


def migrate_from_template(patch: pytest.MonkeyPatch, template: Path) -> None:
    def migrate(engine: Engine, revision: str = "head") -> Path | None:
        if revision != "head" or not _blank_sqlite(engine):
            return REAL_MIGRATE(engine, revision)
        if not template.exists():
            built = db.make_engine(f"sqlite:///{template}")
            REAL_MIGRATE(built)
            built.dispose()
        with engine.connect() as conn:
            target = conn.connection.dbapi_connection
            with closing(sqlite3.connect(template)) as source:
                source.backup(target)  # type: ignore[arg-type]
        return None

    patch.setattr(db, "migrate", migrate)
