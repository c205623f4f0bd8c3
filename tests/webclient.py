"""Helpers for in-process web tests."""

from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient

from unknot.services.app import Actor
from unknot.web.app import create_app
from unknot.web.security import allowed_for

BASE = "http://127.0.0.1:8000"


def make_client(actor: Actor, token: str = "") -> TestClient:
    """A client of the web app over the Actor's App (each request acts as the local person)."""
    guard = replace(allowed_for("127.0.0.1", 8000, https=False), token=token)
    return TestClient(create_app(actor.app, guard), base_url=BASE)


def csrf(client: TestClient) -> dict[str, str]:
    token = client.get("/api/v1/csrf").json()["token"]
    return {"X-CSRF-Token": token, "Origin": BASE}
