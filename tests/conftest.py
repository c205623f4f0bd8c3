"""Shared fixtures: settings in a temporary folder, a database on SQLite or real PostgreSQL."""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import hypothesis
import pytest

from actors import open_actor

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "core"))

from clocks import Clock
from pg import Cluster, start_cluster
from small_disks import small_disk  # noqa: F401  (a fixture for every test: a real full disk)
from speedups import REAL_MIGRATE, cache_cli_commands, migrate_from_template
from stub_catalogue import write_catalogues

REQUIRE_POSTGRES = os.environ.get("UNKNOT_REQUIRE_POSTGRES") == "1"

# No per-example time limit: with the tests in parallel on two cores, an example that takes
# 30 ms alone can take 300 ms, and a deadline would fail a correct test for the machine's load.
hypothesis.settings.register_profile("unknot", deadline=None)
hypothesis.settings.load_profile("unknot")

# A safety net for fixtures that run before the per-test folders exist (session or module
# scope): nothing in the test run ever sees the real user's folders.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="unknot-tests-"))
os.environ["UNKNOT_DATA_DIR"] = str(_SESSION_HOME / "data")
os.environ["UNKNOT_CONFIG_DIR"] = str(_SESSION_HOME / "config")
os.environ.pop("UNKNOT_DATABASE_URL", None)
# pytest-xdist's workers set COLUMNS=80 and LINES=24; a terminal a test opens has a size of
# its own, and a test that wants a width says so.
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)
FIXED_NOW = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (pyproject's addopts): two test processes a core, at most eight. Much of a
    run waits rather than computes (the real-terminal sessions play in real time, PostgreSQL
    and the servers answer from other processes), so one a core leaves the cores idle."""
    return min(8, 2 * (os.cpu_count() or 1))


@pytest.fixture(scope="session", autouse=True)
def _shared_setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Expensive read-only setup, done once per run: the CLI's command tree, a migrated schema."""
    with pytest.MonkeyPatch.context() as patch:
        cache_cli_commands(patch)
        migrate_from_template(patch, tmp_path_factory.mktemp("schema") / "head.sqlite3")
        yield


@pytest.fixture(autouse=True)
def _real_migrations(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """``@pytest.mark.real_migrations``: every migration in the test runs Alembic itself."""
    if REAL_MIGRATE is not None and request.node.get_closest_marker("real_migrations"):
        from unknot.store import db

        monkeypatch.setattr(db, "migrate", REAL_MIGRATE)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever reads or writes the real user's folders."""
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("UNKNOT_DATABASE_URL", raising=False)
    monkeypatch.delenv("UNKNOT_LANGUAGE", raising=False)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        cluster = start_cluster()
    except RuntimeError as exc:
        message = f"PostgreSQL unavailable: {exc}"
        if REQUIRE_POSTGRES:
            pytest.fail(message + " (UNKNOT_REQUIRE_POSTGRES=1, so this is a failure)")
        pytest.skip(message)
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    admin = f"host=127.0.0.1 port={pg_cluster.port} user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_cluster.url_for(name)

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Run a storage test once on a SQLite file and once on a real PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app_clock(clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Every App the test opens without a clock (each CLI command's too) runs on ``clock``."""
    from unknot.services.app import App

    monkeypatch.setattr(App, "default_clock", staticmethod(clock))
    return clock


@pytest.fixture
def clocked_actor(db_url: str, clock: Clock) -> Iterator[Any]:
    """An Actor on the ``db_url`` database (SQLite, then PostgreSQL) with the test's clock."""
    from dataclasses import replace

    from unknot.config import load_settings

    opened = open_actor(replace(load_settings(), database_url=db_url), clock=clock)
    yield opened
    opened.app.close()


@pytest.fixture
def stub_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Point unknot at stub catalogues saying each given text as ``"(lang) text"``."""

    def make(*texts: str, languages: tuple[str, ...] = ("ko",)) -> Path:
        from unknot import i18n

        folder = write_catalogues(tmp_path / "locale", languages, texts)
        monkeypatch.setattr(i18n, "LOCALE_DIR", folder)
        return folder

    return make
