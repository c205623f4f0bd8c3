"""One length for a routine everywhere: the library, Today, the plan and ``unknot routines``
give the length of the plan the person would play today, and say why it is not the profile's
minutes (issue 15)."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from unknot.core.profile import Profile
from unknot.services.app import Actor
from unknot.services.plan import build_plan, length_note
from unknot.services.profile import change_profile


def _minutes(actor: Actor, routine: str) -> int:
    return round(build_plan(actor, routine).plan.total_s / 60)


def test_library_and_today_give_the_plans_length(client: TestClient, services: Actor) -> None:
    change_profile(services, {"minutes_available": 30})
    library = html.unescape(client.get("/library").text)
    cards = dict(re.findall(r"<h3>([^<]+)</h3><p class=\"meta\">About (\d+) minutes", library))
    assert int(cards["Hip routine (full)"]) == _minutes(services, "hip-full")
    assert int(cards["Hip routine (short)"]) == _minutes(services, "hip-short")
    assert int(cards["Shoulder exercises (comparison)"]) == _minutes(services, "shoulder")
    assert "doses start low and lengthen as you tolerate them" in library
    today = html.unescape(client.get("/").text)
    assert f"About {_minutes(services, 'hip-full')} minutes," in today
    assert "It fits in the 30 minutes you have: doses start low" in today


def test_the_note_says_why_the_length_is_not_the_profiles_minutes() -> None:
    assert length_note(17 * 60, Profile()) == ""  # no minutes given: nothing to explain
    fits = length_note(17 * 60, Profile(minutes_available=20))
    assert fits.startswith("It fits in the 20 minutes you have")
    longer = length_note(23 * 60, Profile(minutes_available=20))
    assert "more than the 20 minutes you have" in longer and "short routine" in longer
