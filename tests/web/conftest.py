from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from unknot.config import load_settings
from unknot.services.app import Services
from unknot.web.app import create_app
from unknot.web.security import allowed_for

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def services() -> Iterator[Services]:
    opened = Services.open(load_settings())
    yield opened
    opened.close()


def make_client(services: Services, token: str = "") -> TestClient:
    guard = replace(allowed_for("127.0.0.1", 8000, https=False), token=token)
    return TestClient(create_app(services, guard), base_url=BASE)


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with make_client(services) as c:
        yield c


def csrf(client: TestClient) -> dict[str, str]:
    token = client.get("/api/v1/csrf").json()["token"]
    return {"X-CSRF-Token": token, "Origin": BASE}
