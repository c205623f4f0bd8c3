"""Fixtures of the export/import tests: one database per backend and module, emptied per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from exchange_factories import BACKENDS, empty_store, shared_database
from unknot.services.app import Actor


@pytest.fixture(scope="module", params=BACKENDS)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with shared_database(request, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def store(database: str) -> Iterator[Actor]:
    """An empty store on the module's database (a module may define its own)."""
    with empty_store(database) as opened:
        yield opened
