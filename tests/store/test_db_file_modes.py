"""The data folder is 0700; the database, its -wal and -shm and every copy 0600, umask 022."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from actors import open_actor
from unknot.config import load_settings
from unknot.services import database
from unknot.services.exchange.transfer import backup
from unknot.services.journal.write import log_pain
from unknot.store import db


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def _umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_store_is_private_while_in_use(tmp_path: Path) -> None:
    data = tmp_path / "home" / "data"
    actor = open_actor(load_settings({"data_dir": data}))
    log_pain(actor, 3)
    with actor.unit():  # a connection is open: the -wal and -shm files exist
        files = {p.name: mode(p) for p in data.iterdir()}
    assert mode(data) == 0o700
    assert files == {
        "unknot.sqlite3": 0o600,
        "unknot.sqlite3-wal": 0o600,
        "unknot.sqlite3-shm": 0o600,
    }
    made = backup(actor)
    assert "unknot-backup-" in made.name and mode(made) == 0o600
    actor.app.close()


def test_an_older_public_store_is_made_private_when_opened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_actor(load_settings({"data_dir": data})).app.close()
    os.chmod(data, 0o755)
    os.chmod(data / "unknot.sqlite3", 0o644)
    (data / "unknot.sqlite3-wal").touch(0o644)
    actor = open_actor(load_settings({"data_dir": data}))
    assert mode(data) == 0o700
    assert mode(data / "unknot.sqlite3") == 0o600 and mode(data / "unknot.sqlite3-wal") == 0o600
    actor.app.close()


def test_a_database_in_a_folder_of_its_own_leaves_the_folder_alone(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    settings = replace(load_settings(), database_url=f"sqlite:///{shared / 'u.sqlite3'}")
    open_actor(settings).app.close()
    assert mode(shared) == 0o755 and mode(shared / "u.sqlite3") == 0o600


def test_the_copies_of_an_upgrade_and_a_restore_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    engine = db.make_engine(f"sqlite:///{data / 'unknot.sqlite3'}")
    db.migrate(engine, "0004")
    engine.dispose()
    settings = load_settings({"data_dir": data})
    done = database.upgrade(settings)
    assert done.backup is not None and mode(done.backup) == 0o600
    restored = database.restore(settings, done.backup)
    assert restored.kept is not None and mode(restored.kept) == 0o600
    assert mode(data / "unknot.sqlite3") == 0o600
    assert {mode(p) for p in data.iterdir()} == {0o600}
