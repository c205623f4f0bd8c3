"""The people of issue 12's screening table: answers and country -> what they must be told.

One table, played through the core (tests/core/test_screening_people.py), the terminal
(tests/cli/test_screening_people_cli.py) and the web API (tests/web/test_screening_people_web.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    who: str
    country: str
    yes: tuple[str, ...]
    tier: str
    allowed: bool
    advice_has: tuple[str, ...]  # words the next step must contain (the number or place)
    conditions: tuple[str, ...] = ()
    checked: tuple[str, ...] = ()


PEOPLE = [
    Person(
        "62, breathless on exertion, GB", "GB", ("exertion_pattern",), "same_day", False, ("111",)
    ),
    Person(
        "62, breathless on exertion, JP", "JP", ("exertion_pattern",), "same_day", False, ("#7119",)
    ),
    Person(
        "62, exertion pain now, not easing, NZ",
        "NZ",
        ("exertion_now",),
        "emergency",
        False,
        ("111",),
    ),
    Person("chest pain with arm pain, NO", "NO", ("heart_symptoms",), "emergency", False, ("113",)),
    Person(
        "35, three months of desk ache, GB",
        "GB",
        ("not_improving",),
        "routine",
        True,
        ("GP", "physiotherapist"),
    ),
    Person(
        "long-standing stiffness, NO",
        "NO",
        ("very_hard_to_move",),
        "routine",
        True,
        ("routine appointment",),
    ),
    Person(
        "70, fell yesterday, cannot lift the arm, GB",
        "GB",
        ("recent_injury", "injury_cannot_lift", "injury_weak_arm"),
        "same_day",
        False,
        ("in person today", "urgent treatment centre", "minor injuries unit", "A&E"),
    ),
    Person(
        "fell last week, cannot lift the arm, NZ",
        "NZ",
        ("injury_cannot_lift",),
        "same_day",
        False,
        ("in person today", "emergency department"),
    ),
    Person(
        "fell last week, A&E checked it, GB",
        "GB",
        ("recent_injury",),
        "clear",
        True,
        ("Nothing",),
        checked=("recent_injury",),
    ),
    Person("a fall years ago, none recent, GB", "GB", (), "clear", True, ("Nothing",)),
    Person("sudden loss of sight, JP", "JP", ("sudden_vision_loss",), "emergency", False, ("119",)),
    Person(
        "calf swollen and warm, GB",
        "GB",
        ("leg_clot_signs",),
        "same_day",
        False,
        ("111",),
        ("dvt",),
    ),
    Person(
        "calf swollen and breathless, NO",
        "NO",
        ("leg_clot_signs", "breathless_chest_pain"),
        "emergency",
        False,
        ("113",),
        ("dvt",),
    ),
    Person(
        "Tom: blood thinner, hip replacement, GB",
        "GB",
        ("blood_thinner", "hip_surgery"),
        "clear",
        True,
        ("Nothing",),
        (
            "anticoagulant",
            "hip_replacement_anterior",
            "hip_replacement_posterior",
            "hip_surgery_recent",
        ),
    ),
    Person(
        "knee replacement, NZ",
        "NZ",
        ("kneeling_pain",),
        "clear",
        True,
        ("Nothing",),
        ("kneeling_pain",),
    ),
    Person("new lump, JP", "JP", ("new_lump",), "soon", False, ("next few days",)),
    Person(
        "new lump, checked by the GP, NO",
        "NO",
        ("new_lump",),
        "clear",
        True,
        ("Nothing",),
        checked=("new_lump",),
    ),
    Person(
        "sudden bad pain this week, NZ",
        "NZ",
        ("sudden_or_very_bad_pain",),
        "same_day",
        False,
        ("Healthline", "0800 611 116"),
    ),
    Person(
        "routine and a blood thinner, JP",
        "JP",
        ("not_improving", "blood_thinner"),
        "routine",
        True,
        ("routine appointment",),
        ("anticoagulant",),
    ),
]
