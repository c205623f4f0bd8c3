"""``unknot restore`` and ``unknot db upgrade``, end to end through the CLI."""

from __future__ import annotations

import gc
import os
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unknot.cli import app as cli_app
from unknot.config import load_settings
from unknot.services.app import App
from unknot.store import db

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return Path(os.environ["UNKNOT_DATA_DIR"])


def run(*args: str, answer: str | None = None) -> tuple[int, str]:
    result = runner.invoke(cli_app.app, list(args), input=answer)
    return result.exit_code, " ".join(result.output.split())


def ratings(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("select count(*) from pain_rating").fetchone()[0])


def settle(path: Path) -> None:
    """The connections the commands run in this process leave behind closed, and the WAL
    folded into the file: as after a real command, whose process ends."""
    gc.collect()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def copy_named(data: Path, name: str) -> Path:
    """A consistent copy of the current database under a copy's name."""
    target = data / name
    source = data / "unknot.sqlite3"
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


def test_the_list_names_each_copy_newest_first_with_its_date_and_size(data: Path) -> None:
    assert run("log", "pain", "3")[0] == 0
    assert run("backup")[0] == 0
    copy_named(data, "unknot-backup-20250101T080000Z.sqlite3")
    copy_named(data, "unknot-before-migration-0004-20250601T120000Z.sqlite3")
    (data / "unknot-notes.sqlite3").write_text("not a copy")
    code, out = run("restore")
    assert code == 0, out
    size = (data / "unknot-backup-20250101T080000Z.sqlite3").stat().st_size // 1024
    assert f"unknot-backup-20250101T080000Z.sqlite3 2025-01-01 08:00 UTC {size} KB" in out
    first = out.index("unknot-backup-2026")  # made just now by `unknot backup`
    middle = out.index("unknot-before-migration-0004-20250601T120000Z.sqlite3 2025-06-01 12:00")
    assert first < middle < out.index("unknot-backup-20250101T080000Z")
    assert "unknot-notes" not in out
    assert "Restore one with: unknot restore NAME (or unknot restore --newest)." in out


def test_a_copy_is_restored_by_name_after_a_yes_and_the_replaced_file_kept(data: Path) -> None:
    run("log", "pain", "3")
    copy = copy_named(data, "unknot-backup-20250101T080000Z.sqlite3")
    run("log", "pain", "7")
    code, out = run("restore", copy.name, answer="n\n")
    assert code == 1 and "Nothing was changed." in out
    assert ratings(data / "unknot.sqlite3") == 2
    assert not list(data.glob("*before-restore*"))
    code, out = run("restore", copy.name, answer="y\n")
    assert code == 0, out
    assert f"with the copy {copy.name} (schema {db.SCHEMA_HEAD})?" in out
    (kept,) = data.glob("unknot-before-restore-*.sqlite3")
    assert f"Restored {copy.name}" in out and f"kept at {kept}" in out
    assert ratings(data / "unknot.sqlite3") == 1 and ratings(kept) == 2
    code, out = run("journal")
    assert code == 0 and "7/10" not in out


def test_newest_restores_the_newest_copy(data: Path) -> None:
    run("log", "pain", "3")
    copy_named(data, "unknot-backup-20250101T080000Z.sqlite3")
    run("log", "pain", "4")
    copy_named(data, "unknot-backup-20250301T080000Z.sqlite3")
    run("log", "pain", "5")
    code, out = run("restore", "--newest", "--yes")
    assert code == 0 and "Restored unknot-backup-20250301T080000Z.sqlite3" in out
    assert ratings(data / "unknot.sqlite3") == 2


def test_a_file_that_is_no_unknot_database_is_refused_and_nothing_changes(data: Path) -> None:
    run("log", "pain", "3")
    noise = data / "unknot-backup-20250101T080000Z.sqlite3"
    noise.write_bytes(os.urandom(8192))
    other = data / "recipes.sqlite3"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("create table recipes (name text)")
    newer = copy_named(data, "unknot-backup-20250201T080000Z.sqlite3")
    with closing(sqlite3.connect(newer)) as conn, conn:
        conn.execute("update alembic_version set version_num = '0999'")
    before = (data / "unknot.sqlite3").read_bytes()
    code, out = run("restore", noise.name, "--yes")
    assert code == 1 and "is not an unknot database: it is not an SQLite file" in out
    code, out = run("restore", str(other), "--yes")
    assert code == 1 and "is an SQLite file, but not an unknot database" in out
    code, out = run("restore", newer.name, "--yes")
    assert code == 1 and "written by a newer unknot (schema 0999" in out
    code, out = run("restore", "unknot-backup-19990101T000000Z.sqlite3", "--yes")
    assert code == 1 and "There is no copy called" in out
    assert "Traceback" not in out
    assert (data / "unknot.sqlite3").read_bytes() == before
    assert not list(data.glob("*before-restore*"))


def test_a_damaged_database_is_replaced_and_its_bytes_kept(data: Path) -> None:
    run("log", "pain", "3")
    copy = copy_named(data, "unknot-backup-20250101T080000Z.sqlite3")
    garbage = os.urandom(20000)
    settle(data / "unknot.sqlite3")
    for extra in ("-wal", "-shm"):
        (data / f"unknot.sqlite3{extra}").unlink(missing_ok=True)
    (data / "unknot.sqlite3").write_bytes(garbage)
    code, out = run("log", "pain", "4")
    assert code == 1 and "is not a database" in out and "unknot restore" in out
    code, out = run("restore", copy.name, "--yes")
    assert code == 0, out
    (kept,) = data.glob("unknot-before-restore-*.sqlite3")
    assert kept.read_bytes() == garbage
    assert run("log", "pain", "4")[0] == 0
    assert ratings(data / "unknot.sqlite3") == 2


@pytest.mark.postgres
def test_restore_on_postgresql_points_to_pg_restore(pg_url: str) -> None:
    code, out = run("--database-url", pg_url, "restore")
    assert code == 1 and "restore puts back SQLite copies only" in out and "pg_restore" in out


def test_db_upgrade_upgrades_an_older_sqlite_file_with_a_backup_then_says_it_is_current(
    data: Path,
) -> None:
    engine = db.make_engine(f"sqlite:///{data / 'unknot.sqlite3'}")
    db.migrate(engine, "0004")
    engine.dispose()
    code, out = run("db", "upgrade")
    assert code == 0, out
    (backup,) = data.glob("unknot-before-migration-0004-*.sqlite3")
    assert f"from schema 0004 to {db.SCHEMA_HEAD}" in out and f"kept at {backup}" in out
    code, out = run("db", "upgrade")
    assert code == 0 and f"is up to date (schema {db.SCHEMA_HEAD})" in out
    assert len(list(data.glob("unknot-*.sqlite3"))) == 1


@pytest.mark.postgres
def test_db_upgrade_makes_the_tables_postgresql_needs(pg_url: str) -> None:
    code, out = run("--database-url", pg_url, "log", "pain", "3")
    assert code == 1 and "Run `unknot db upgrade` once" in out and "Traceback" not in out
    code, out = run("--database-url", pg_url, "db", "upgrade")
    assert code == 0 and "Made unknot's tables in" in out and "postgresql" in out
    App.open(replace(load_settings(), database_url=pg_url)).close()


def test_a_newer_unknots_database_stops_every_command_before_any_copy(data: Path) -> None:
    run("log", "pain", "3")
    path = data / "unknot.sqlite3"
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("update alembic_version set version_num = '0999'")
    settle(path)
    before = path.read_bytes()
    for command in (("log", "pain", "4"), ("journal",), ("db", "upgrade"), ()):
        code, out = run(*command)
        assert code == 1 and "was written by a newer unknot (schema 0999" in out, command
        assert "Upgrade unknot" in out and "Traceback" not in out
    settle(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in data.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "unknot.sqlite3"
    ]
