"""Offline on the phone (issue 15): the player opened online once today can start offline
whatever pain is picked (today's plan is kept for each pain band); a plan of another day is
never used; a page never opened shows an offline page, one opened before its last view."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest
from test_player import _screened_server, wait_js

from browser_tools import axe_violations, shot

pytestmark = pytest.mark.slow
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with _screened_server(tmp_path_factory.mktemp("offline")) as url:
        yield url


def _online_once(browser: Any, base: str, path: str = "/player?routine=test-two") -> Any:
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.goto(base + path)
    wait_js(page, "navigator.serviceWorker.controller !== null")
    # the first visit only: the worker keeps the page it started under, and its plans
    wait_js(  # both pain bands of today's plan are kept
        page,
        "caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys()))))"
        ".then(all => all.flat().filter(r => r.url.includes('band=')).length >= 2)",
    )
    return context, page


def _pick(page: Any, pain: int) -> None:
    page.locator('[data-scale="before"]').get_by_role("button", name=str(pain), exact=True).click()


def test_offline_the_player_starts_with_any_pain_picked(browser: Any, base: str) -> None:
    context, page = _online_once(browser, base)
    context.set_offline(True)
    for pain in (8, 3):  # neither was picked online
        page.reload()
        _pick(page, pain)
        wait_js(page, "!document.getElementById('start').disabled")
        assert page.locator("#pre-error").is_hidden()
    page.get_by_role("button", name="Start", exact=True).click()
    page.get_by_role("timer").wait_for()
    context.close()


def test_the_high_pain_plan_is_one_plan_for_six_to_ten(base: str) -> None:
    plans = [httpx.get(base + "/api/v1/plan", params={"pain": p}).json() for p in (0, 5, 6, 10)]
    assert plans[0] == plans[1] and plans[2] == plans[3] and plans[1] != plans[2]


def test_offline_a_plan_of_another_day_is_not_used(browser: Any, base: str) -> None:
    context, page = _online_once(browser, base)
    # make every kept plan yesterday's, as it would be on the morning after
    page.evaluate(
        """async () => {
          for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
              if (!request.url.includes('/api/v1/plan')) continue;
              const old = await cache.match(request);
              const headers = new Headers(old.headers);
              headers.set('Date', new Date(Date.now() - 86400000).toUTCString());
              await cache.put(request, new Response(await old.text(), {headers}));
            }
          }
        }"""
    )
    context.set_offline(True)
    page.reload()
    _pick(page, 2)
    page.get_by_text("today's plan has not been loaded on this phone yet").wait_for()
    assert page.get_by_role("button", name="Start", exact=True).is_disabled()
    shot(page, "offline_no_plan_today")
    context.close()


def test_offline_pages_show_the_last_view_or_say_they_are_offline(browser: Any, base: str) -> None:
    context, page = _online_once(browser, base)
    page.goto(base + "/insights")  # seen once online
    page.get_by_role("heading", name="Insights").wait_for()
    context.set_offline(True)
    page.goto(base + "/insights")
    page.get_by_role("heading", name="Insights").wait_for()
    page.goto(base + "/journal/spadi")  # never opened on this phone
    page.get_by_role("heading", name="You are offline").wait_for()
    assert axe_violations(page) == []
    shot(page, "offline_page")
    page.get_by_role("link", name="Open the player").click()
    page.locator('[data-scale="before"]').wait_for()
    context.close()
