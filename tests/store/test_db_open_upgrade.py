"""Opening a store: no Alembic at the head, an upgrade (with a backup) only when one runs, a
newer unknot's database refused before anything is copied, PostgreSQL refused until upgraded."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from unknot.config import load_settings
from unknot.errors import StoreError
from unknot.services.app import App
from unknot.store import db, repo

NOW = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'unknot.sqlite3'}"


def at_revision(url: str, revision: str) -> None:
    """A store at ``revision`` holding its local person."""
    engine = db.make_engine(url)
    db.migrate(engine, revision)
    with db.transaction(db.session_factory(engine)) as session:
        repo.local_person(session, NOW)
    engine.dispose()


def stored(url: str) -> str | None:
    engine = db.make_engine(url)
    try:
        return db.stored_revision(engine)
    finally:
        engine.dispose()


def set_stored(url: str, revision: str) -> None:
    engine = db.make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def test_the_revisions_read_from_file_names_are_alembics() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db._alembic_config(db.make_engine("sqlite://")))
    assert db.known_revisions() == {each.revision for each in script.walk_revisions()}
    assert db.SCHEMA_HEAD in db.known_revisions()


def test_opening_a_current_store_does_not_import_alembic(tmp_path: Path) -> None:
    at_revision(sqlite_url(tmp_path), "head")
    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from unknot.config import load_settings\n"
        "from unknot.services.app import App\n"
        f"app = App.open(load_settings({{'data_dir': Path({str(tmp_path)!r})}}))\n"
        "app.close()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []


def test_an_older_sqlite_store_is_upgraded_at_open_with_a_backup(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    at_revision(url, "0004")
    app = App.open(load_settings({"data_dir": tmp_path}))
    app.close()
    assert stored(url) == db.SCHEMA_HEAD
    (backup,) = tmp_path.glob("unknot-before-migration-0004-*.sqlite3")
    with closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("select version_num from alembic_version").fetchone() == ("0004",)
        assert conn.execute("select count(*) from person").fetchone() == (1,)
    App.open(load_settings({"data_dir": tmp_path})).close()
    assert list(tmp_path.glob("unknot-*.sqlite3")) == [backup]  # at the head: no second copy


def test_a_new_sqlite_file_gets_its_tables_and_no_backup(tmp_path: Path) -> None:
    App.open(load_settings({"data_dir": tmp_path})).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unknot.sqlite3"]
    assert stored(sqlite_url(tmp_path)) == db.SCHEMA_HEAD


def test_a_newer_unknots_sqlite_database_is_refused_before_any_copy(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    at_revision(url, "head")
    set_stored(url, "0999")
    before = (tmp_path / "unknot.sqlite3").read_bytes()
    with pytest.raises(StoreError) as raised:
        App.open(load_settings({"data_dir": tmp_path}))
    assert "written by a newer unknot" in raised.value.message
    assert "0999" in raised.value.message and "Upgrade unknot" in raised.value.hint
    engine = db.make_engine(url)
    with pytest.raises(StoreError, match="newer unknot"):
        db.migrate(engine)  # `unknot db upgrade` refuses it too
    engine.dispose()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unknot.sqlite3"]
    assert (tmp_path / "unknot.sqlite3").read_bytes() == before


def test_a_sqlite_file_of_other_tables_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "unknot.sqlite3"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("create table recipes (name text)")
    with pytest.raises(StoreError, match="not unknot's"):
        App.open(load_settings({"data_dir": tmp_path}))
    with closing(sqlite3.connect(path)) as conn:
        names = [row[0] for row in conn.execute("select name from sqlite_master")]
    assert names == ["recipes"]


@pytest.mark.postgres
def test_postgresql_is_refused_until_upgraded_and_says_how(pg_url: str) -> None:
    settings = replace(load_settings(), database_url=pg_url)
    with pytest.raises(StoreError) as raised:
        App.open(settings)
    assert "is empty" in raised.value.message and "unknot db upgrade" in raised.value.hint
    engine = db.make_engine(pg_url)
    assert db.table_names(engine) == []  # opening made nothing
    db.migrate(engine, "0004")
    with pytest.raises(StoreError) as raised:
        App.open(settings)
    assert "has schema 0004; this unknot needs " + db.SCHEMA_HEAD in raised.value.message
    assert "unknot db upgrade" in raised.value.hint
    assert db.stored_revision(engine) == "0004"
    db.migrate(engine)
    App.open(settings).close()
    engine.dispose()


@pytest.mark.postgres
def test_a_newer_unknots_postgresql_database_is_refused(pg_url: str) -> None:
    engine = db.make_engine(pg_url)
    db.migrate(engine)
    engine.dispose()
    set_stored(pg_url, "0999")
    with pytest.raises(StoreError, match="written by a newer unknot"):
        App.open(replace(load_settings(), database_url=pg_url))
