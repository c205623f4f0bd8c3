"""What a person tells unknot about themselves; the plan compiler reads it (F4)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from unknot.errors import Problem, ValidationError
from unknot.i18n import N_, SUPPORTED, _


class Shoulder(StrEnum):
    UNKNOWN = ""
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"

    def includes(self, side: str) -> bool:
        return self is Shoulder.BOTH or self.value == side


class Pressure(StrEnum):
    LIGHT = "light"
    MEDIUM = "medium"
    FIRM = "firm"


CAUSES = ("strain", "posture", "rotator_cuff", "tension")
_CAUSE_LABELS = {
    "strain": N_("strain or overuse"),
    "posture": N_("posture"),
    "rotator_cuff": N_("rotator cuff"),
    "tension": N_("tension or stress"),
}


def cause_label(cause: str) -> str:
    """A likely cause in the reader's words ("rotator cuff", not its stored name)."""
    return _(_CAUSE_LABELS[cause]) if cause in _CAUSE_LABELS else cause.replace("_", " ")


@dataclass(frozen=True)
class Profile:
    painful_shoulder: Shoulder = Shoulder.UNKNOWN
    causes: tuple[str, ...] = ()
    minutes_available: int | None = None
    pressure: Pressure = Pressure.LIGHT
    country: str = ""
    timezone: str = ""
    language: str = ""


MINUTES_RANGE = (1, 180)


def update_profile(profile: Profile, changes: Mapping[str, Any]) -> Profile:
    """Apply the changes a person asked for, or raise one error listing every bad value."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for name, raw in changes.items():
        if raw is None:
            continue
        checker = _CHECKS.get(name)
        if checker is None:
            problems.append(Problem(_("is not a profile setting"), field=name))
            continue
        try:
            values[name] = checker(raw)
        except ValueError as exc:
            problems.append(Problem(str(exc), field=name))
    if problems:
        raise ValidationError(
            _("The profile was not changed: some values are not valid."),
            hint=_("Run `unknot profile --help` to see the allowed values."),
            web_hint=_("The fields on the Profile page show the allowed values."),
            problems=problems,
        )
    return replace(profile, **values)


def _shoulder(raw: Any) -> Shoulder:
    text = str(raw).strip().lower()
    if text not in ("left", "right", "both"):
        raise ValueError(_("{value!r} is not left, right or both").format(value=raw))
    return Shoulder(text)


# Other words people use for a cause; the seed article names "tension/stress" as one.
_CAUSE_WORDS = {"stress": "tension", "tension/stress": "tension", "stress/tension": "tension"}


def _cause(text: str) -> str:
    word = " ".join(str(text).strip().lower().replace("-", " ").replace("_", " ").split())
    word = _CAUSE_WORDS.get(word, word)
    return word.replace(" ", "_")


def _causes(raw: Any) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(_cause(c) for c in raw))
    unknown = [c for c in values if c not in CAUSES]
    if unknown:
        raise ValueError(
            _("{values} not known; choose from {choices}").format(
                values=", ".join(repr(u) for u in unknown),
                choices=_("strain, posture, rotator-cuff or tension (stress)"),
            )
        )
    return values


def _minutes(raw: Any) -> int:
    low, high = MINUTES_RANGE
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValueError(
            _("{value!r} is not a whole number of minutes").format(value=raw)
        ) from None
    if not low <= value <= high:
        raise ValueError(
            _("{value} is outside {low}-{high} minutes").format(value=value, low=low, high=high)
        )
    return value


def _pressure(raw: Any) -> Pressure:
    text = str(raw).strip().lower()
    if text not in {p.value for p in Pressure}:
        raise ValueError(_("{value!r} is not light, medium or firm").format(value=raw))
    return Pressure(text)


def _country(raw: Any) -> str:
    text = str(raw).strip().upper()
    if len(text) != 2 or not text.isalpha():
        raise ValueError(
            _("{value!r} is not a two-letter country code such as GB, US or KR").format(value=raw)
        )
    return text


def _timezone(raw: Any) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    text = str(raw).strip()
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            _("{value!r} is not a known time zone such as Europe/London").format(value=raw)
        ) from None
    return text


def _language(raw: Any) -> str:
    text = str(raw).strip().lower()
    if text not in SUPPORTED:
        raise ValueError(
            _("{value!r} is not available; choose {choices}").format(
                value=raw, choices=", ".join(SUPPORTED)
            )
        )
    return text


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "painful_shoulder": _shoulder,
    "causes": _causes,
    "minutes_available": _minutes,
    "pressure": _pressure,
    "country": _country,
    "timezone": _timezone,
    "language": _language,
}


def country_from_locale(locale_name: str) -> str:
    """The country part of a locale name such as ``en_GB.UTF-8`` (``""`` when there is none)."""
    base = locale_name.split(".")[0].split("@")[0]
    parts = base.replace("-", "_").split("_")
    if len(parts) >= 2 and len(parts[1]) == 2 and parts[1].isalpha():
        return parts[1].upper()
    return ""
