from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from actors import open_actor
from unknot.config import load_settings
from unknot.services.app import Actor
from webclient import make_client


@pytest.fixture
def services() -> Iterator[Actor]:
    opened = open_actor(load_settings())
    yield opened
    opened.app.close()


@pytest.fixture
def client(services: Actor) -> Iterator[TestClient]:
    with make_client(services) as c:
        yield c
