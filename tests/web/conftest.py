from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from unknot.config import load_settings
from unknot.services.app import Services
from webclient import make_client


@pytest.fixture
def services() -> Iterator[Services]:
    opened = Services.open(load_settings())
    yield opened
    opened.close()


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with make_client(services) as c:
        yield c
