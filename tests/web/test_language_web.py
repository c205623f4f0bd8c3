"""Each request speaks the profile's language; a choice on the Profile page is saved there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from unknot.config import load_settings
from unknot.i18n import current_language
from unknot.services.app import Actor
from webclient import csrf, make_client

HTML = {"Accept": "text/html"}
NOT_CHANGED = "The profile was not changed: some values are not valid."


@pytest.fixture(autouse=True)
def _stub(stub_locale: Callable[..., Path]) -> None:
    stub_locale("Your profile", "Today", "Language", NOT_CHANGED)


def test_the_language_chosen_on_the_profile_page_applies_to_the_next_page(
    client: TestClient,
) -> None:
    page = client.get("/profile", headers=HTML).text
    assert '<html lang="en">' in page and "(ko)" not in page
    assert '<select id="language" name="language">' in page
    assert '<option value="en" selected>English</option>' in page
    saved = client.patch("/api/v1/profile", json={"language": "ko"}, headers=csrf(client))
    assert saved.status_code == 200 and saved.json()["language"] == "ko"
    page = client.get("/profile", headers=HTML).text
    assert '<html lang="ko">' in page and "(ko) Your profile" in page and "(ko) Today" in page
    assert '<option value="ko" selected>' in page
    refused = client.patch(
        "/api/v1/profile", json={"timezone": "Nowhere/Land"}, headers=csrf(client)
    )
    assert refused.status_code == 422 and refused.json()["message"] == f"(ko) {NOT_CHANGED}"
    client.patch("/api/v1/profile", json={"language": "en"}, headers=csrf(client))
    assert "(ko)" not in client.get("/profile", headers=HTML).text
    assert current_language() == "en"  # the requests' language never leaked here


def test_without_a_profile_language_the_settings_language_applies(services: Actor) -> None:
    korean = replace(services.app, settings=replace(load_settings(), language="ko"))
    with make_client(replace(services, app=korean)) as c:
        assert "(ko) Your profile" in c.get("/profile", headers=HTML).text
