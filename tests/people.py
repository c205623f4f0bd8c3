"""Tom and Mina of issue 12, as command lines that set them up, and what their plans rule out.

Tom: left shoulder painful, a blood thinner, an anterior hip replacement on the left five
months ago. Mina: right shoulder painful, posture and stress, 20 minutes in the evening.
"""

from __future__ import annotations

from datetime import date, timedelta

from plan_texts import Person

TOM_PROFILE = ("profile", "--shoulder", "left", "--country", "GB")
MINA_PROFILE = (
    "profile",
    "--shoulder",
    "right",
    "--cause",
    "posture",
    "--cause",
    "tension",
    "--minutes",
    "20",
    "--country",
    "GB",
)


def tom_screen() -> tuple[str, ...]:
    operated = (date.today() - timedelta(days=150)).isoformat()
    return (
        "screen",
        "--batch",
        "--yes",
        "blood_thinner",
        "--yes",
        "hip_surgery",
        "--hip-side",
        "left",
        "--hip-approach",
        "anterior",
        "--hip-date",
        operated,
        "--country",
        "GB",
    )


MINA_SCREEN = ("screen", "--batch", "--country", "GB")

TOM = Person("left", frozenset({"anticoagulant", "hip_replacement_anterior"}), "left")
MINA = Person("right")

PEOPLE = {"tom": (TOM_PROFILE, tom_screen, TOM), "mina": (MINA_PROFILE, lambda: MINA_SCREEN, MINA)}
