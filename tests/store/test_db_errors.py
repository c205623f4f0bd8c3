"""Database failures said plainly, with no health data in them: a file that is not a database,
a damaged file, a full disk (SQLite's own limit, and a real full tmpfs), PostgreSQL stopped."""

from __future__ import annotations

import os
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError

from actors import open_actor
from small_disks import fill_disk
from unknot.config import load_settings
from unknot.errors import DamagedStoreError, DiskFullError, StoreError
from unknot.services.app import Actor, App
from unknot.services.journal.write import add_note, log_pain
from unknot.store import db
from unknot.web.app import create_app
from unknot.web.security import allowed_for

SECRET = "shoulder-note-7f3a"  # a value that must never appear in an error


def web(actor: Actor) -> TestClient:
    guard = allowed_for("127.0.0.1", 8000, https=False)
    return TestClient(
        create_app(actor.app, guard),
        base_url="http://127.0.0.1:8000",
        raise_server_exceptions=False,
    )


def csrf(client: TestClient) -> dict[str, str]:
    token = client.get("/api/v1/csrf").json()["token"]
    return {"X-CSRF-Token": token, "Origin": "http://127.0.0.1:8000"}


def count(actor: Actor, table: str) -> int:
    with actor.unit() as session:
        return int(session.execute(text(f"select count(*) from {table}")).scalar_one())


def test_statement_values_never_appear_in_an_error(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine)
    with pytest.raises(DBAPIError) as raised, engine.connect() as conn:
        conn.execute(text("select no_such_column, :note"), {"note": SECRET})
    assert SECRET not in str(raised.value) and "parameters hidden" in str(raised.value)
    with pytest.raises(DBAPIError) as raised, engine.begin() as conn:
        conn.execute(
            text(
                "insert into note (id, person_id, taken_at, timezone, text, created_at) "
                "values (:id, :person, :at, '', :text, :at)"
            ),
            {
                "id": uuid.uuid4().hex,
                "person": uuid.uuid4().hex,
                "at": "2026-01-01",
                "text": SECRET,
            },
        )
    assert SECRET not in str(raised.value)
    engine.dispose()


def test_a_file_of_random_bytes_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "unknot.sqlite3").write_bytes(os.urandom(40000))
    with pytest.raises(DamagedStoreError) as raised:
        App.open(load_settings({"data_dir": tmp_path}))
    assert "is not a database" in raised.value.message and "unknot restore" in raised.value.hint


def damage(path: Path) -> None:
    """Garble every page after the first: the header still says SQLite."""
    data = bytearray(path.read_bytes())
    for i in range(4096, len(data)):
        data[i] = (data[i] * 7 + 13) % 256
    path.write_bytes(bytes(data))


def closed_store(folder: Path) -> Path:
    """A store with one rating, every connection to it closed (its WAL folded in)."""
    actor = open_actor(load_settings({"data_dir": folder}))
    log_pain(actor, 3)
    actor.app.close()
    return folder / "unknot.sqlite3"


def test_a_damaged_or_truncated_file_is_said_to_be_damaged(tmp_path: Path) -> None:
    path = closed_store(tmp_path / "a")
    damage(path)
    with pytest.raises(DamagedStoreError, match="is damaged"):
        App.open(load_settings({"data_dir": tmp_path / "a"}))
    path = closed_store(tmp_path / "b")
    with path.open("r+b") as handle:
        handle.truncate(3 * 4096)
    with pytest.raises(DamagedStoreError, match="is damaged"):
        App.open(load_settings({"data_dir": tmp_path / "b"}))


def test_the_web_says_a_damaged_database_is_damaged_not_a_generic_500(tmp_path: Path) -> None:
    actor = open_actor(load_settings({"data_dir": tmp_path}))
    log_pain(actor, 3)
    actor.app.engine.dispose()
    damage(tmp_path / "unknot.sqlite3")
    with web(actor) as client:
        response = client.get("/api/v1/journal")
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["code"] == "database_damaged" and "is damaged" in body["message"]
    assert "unknot restore" not in body["hint"] and "copies unknot keeps" in body["hint"]
    actor.app.close()


def sqlite_limit_reached(actor: Actor) -> None:
    """SQLite's own full-disk answer, injected at the write: the file may not grow any more."""

    def cap(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    with actor.app.engine.connect() as conn:  # no free pages left inside the file either
        conn.exec_driver_sql("VACUUM")
    actor.app.engine.dispose()
    event.listen(actor.app.engine, "connect", cap)


def test_a_full_disk_is_said_and_nothing_of_the_change_is_saved(tmp_path: Path) -> None:
    actor = open_actor(load_settings({"data_dir": tmp_path}))
    add_note(actor, "first")
    sqlite_limit_reached(actor)
    with pytest.raises(DiskFullError) as raised:
        add_note(actor, SECRET * 600)
    assert raised.value.message.startswith("The disk is full")
    assert "nothing of this change was saved" in raised.value.message
    assert SECRET not in str(raised.value) and SECRET not in str(raised.value.__cause__)
    assert count(actor, "note") == 1
    with web(actor) as client:
        response = client.post("/api/v1/notes", json={"text": "x" * 9000}, headers=csrf(client))
    assert response.status_code == 507 and response.json()["code"] == "disk_full"
    assert "The disk is full" in response.json()["message"]
    assert count(actor, "note") == 1
    actor.app.close()


def test_a_really_full_disk_is_said_and_nothing_is_saved(small_disk: Path) -> None:
    actor = open_actor(load_settings({"data_dir": small_disk / "data"}))
    log_pain(actor, 3)
    fill_disk(small_disk)
    filler = small_disk / "filler"
    with pytest.raises(DiskFullError, match="The disk is full"):
        for _ in range(200):  # the WAL has some room left in its last pages
            add_note(actor, "n" * 4000)
    saved = count(actor, "note")
    filler.unlink()
    assert count(actor, "note") == saved and count(actor, "pain_rating") == 1
    add_note(actor, "room again")
    assert count(actor, "note") == saved + 1
    actor.app.close()


@pytest.mark.postgres
def test_postgresql_stopped_is_said_in_the_services_the_web_and_at_open() -> None:
    from pg import start_cluster

    try:
        cluster = start_cluster()
    except RuntimeError as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    try:
        settings = replace(load_settings(), database_url=cluster.url)
        actor = open_actor(settings)
        log_pain(actor, 3)
        cluster.stop()
        with pytest.raises(StoreError) as raised:
            log_pain(actor, 4, note=SECRET)
        assert "Cannot reach the database server at postgresql+psycopg://" in raised.value.message
        assert "PostgreSQL is running" in raised.value.hint
        assert SECRET not in str(raised.value.__cause__)
        with web(actor) as client:
            response = client.get("/api/v1/journal")
        assert response.status_code == 503, response.text
        assert response.json()["code"] == "store_unavailable"
        assert "Cannot reach the database server" in response.json()["message"]
        assert "start it" in response.json()["hint"]
        actor.app.close()
        with pytest.raises(StoreError, match="Cannot reach the database server"):
            App.open(settings)
    finally:
        cluster.stop()
