"""Pydantic models at the edge of the JSON API (requests and documented responses)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
)

from unknot.core import bounds
from unknot.core.journal import rating_problems


def _not_true_or_false(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not true or false")
    return value


# A whole number: 3 or "3" (a form's radio button sends text), never true or false (which
# pydantic would otherwise read as 1 or 0: "value": true must not be a pain of 1).
Whole = Annotated[int, BeforeValidator(_not_true_or_false)]


def _zero_to_ten(value: int) -> int:
    for problem in rating_problems(value, ""):
        raise ValueError(problem.message)
    return value


# A 0-10 rating, checked with the body's other fields: a wrong field beside it (one the body
# may not have) does not hide a rating out of range; the words are the journal's own.
Rating = Annotated[Whole, AfterValidator(_zero_to_ten)]


def _text_time(value: Any) -> Any:
    if value is not None and not isinstance(value, str):
        raise ValueError('must be a date and time as text, like "2026-03-02T18:30+00:00"')
    return value


# A time as ISO 8601 text only: a number such as 0 is not read as 1970-01-01.
TextTime = Annotated[datetime, BeforeValidator(_text_time)]


def _control_problem(value: Any) -> str | None:
    """The message for the first text in ``value`` (or in its lists and dicts) holding a
    control character other than tab and new line."""
    if isinstance(value, str):
        found = bounds.text_problem(value, "")
        return found.message if found is not None else None
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return next((m for m in map(_control_problem, items) if m is not None), None)


class Strict(BaseModel):
    """An input body: no field beyond those listed, and no control characters in any text."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        message = _control_problem(value)
        if message is not None:
            raise ValueError(message)
        return value


class FieldError(BaseModel):
    field: str
    message: str
    location: str = ""


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    hint: str = ""
    field_errors: list[FieldError] = []


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (400, "The request is malformed (for example, a body that is not valid JSON)"),
        (401, "Not logged in (when a web token is configured)"),
        (403, "Origin or CSRF check failed"),
        (404, "Not found"),
        (409, "The safety rules or the session state do not allow it"),
        (415, "The body is not JSON"),
        (422, "A value is not valid"),
        (503, "The database cannot be used: the server is down, or the file is damaged"),
        (507, "The disk is full: nothing was saved"),
    )
}


class CountryNumbersOut(BaseModel):
    """One country's help (clinical-facts §8), in the person's language.

    ``emergency_tel`` / ``same_day_tel`` are ``tel:`` links ready for an ``href``
    (``same_day_tel`` is null when the same-day advice has no single number).
    """

    code: str = Field(description="The record's code; ZZ is the 112 fallback")
    name: str
    emergency: str = Field(description="Digits only, e.g. 999")
    emergency_words: str
    emergency_tel: str | None
    same_day: str = Field(description="The same-day advice in words")
    same_day_number: str | None = Field(description='e.g. "111", "116 117", "#7119"')
    same_day_tel: str | None
    in_person: str = Field(description="Where to be seen in person today after an injury")
    note: str
    checked: str | None = Field(description="YYYY-MM-DD the row was checked, or null")

    @classmethod
    def of(cls, numbers: Any) -> CountryNumbersOut:
        """From a :class:`unknot.core.countries.CountryNumbers`."""
        return cls(**numbers.as_dict())


class CountryOut(BaseModel):
    code: str
    name: str
    numbers: Literal["own", "eu", "fallback"] = Field(
        description="own: numbers of its own; eu: the EU's; fallback: 112"
    )


class ProfileOut(BaseModel):
    painful_shoulder: str
    causes: list[str]
    minutes_available: int | None
    pressure: str
    country: str
    country_name: str = Field(description='e.g. "United Kingdom"; "" when not set or not known')
    numbers: CountryNumbersOut = Field(description="The help for this country (or the fallback)")
    timezone: str
    language: str


class ProfileIn(Strict):
    painful_shoulder: Literal["left", "right", "both"] | None = None
    causes: list[Literal["strain", "posture", "rotator_cuff", "tension"]] | None = None
    minutes_available: Whole | None = Field(None, ge=1, le=180)
    pressure: Literal["light", "medium", "firm"] | None = None
    country: str | None = Field(
        None,
        max_length=80,
        description="A two-letter ISO 3166-1 code (GB, US, KR; UK means GB); GET /countries",
    )
    timezone: str | None = Field(None, max_length=64, description="An IANA zone: Europe/London")
    language: Literal["en", "ko"] | None = None


class HipSurgeryIn(Strict):
    side: str
    approach: str
    operated_on: str = Field(description="YYYY-MM-DD")
    surgeon_cleared: StrictBool = False


class ScreeningIn(Strict):
    answers: dict[str, StrictBool]
    checked: list[str] = Field(
        default_factory=list,
        description="Yes answers a clinician has already checked (injury, see-a-clinician)",
    )
    hip_surgery: HipSurgeryIn | None = None
    country: str | None = None


class RoutineIn(Strict):
    state: Literal["booked", "seen"]


class QuestionOut(BaseModel):
    id: str
    group: str
    tier: str
    text: str
    help: str
    assessable: bool = False


class CallOut(BaseModel):
    """A number to tap: its words and its ``tel:`` link."""

    label: str
    href: str


class SafetyOut(BaseModel):
    screened_on: str | None
    tier: str | None
    due: bool
    can_start: bool
    blocked_today: bool
    waiting_for_assessment: bool
    conditions: list[str]
    emergency_number: str
    same_day: str
    emergency_tel: str | None = None
    same_day_tel: str | None = None
    in_person: bool = False
    in_person_place: str = ""
    advice: str = ""
    calls: list[CallOut] = Field(default_factory=list)
    can_confirm_check: bool = False
    rules_changed: bool = False
    rules_note: str = ""
    routine_advised: bool = False
    routine_status: str = ""
    routine_reasons: list[str] = Field(default_factory=list)


class ItemOut(BaseModel):
    question: str
    text: str


class ScreeningResultOut(BaseModel):
    tier: str
    session_allowed: bool
    headline: str
    reasons: list[ItemOut]
    checked: list[ItemOut]
    changes: list[ItemOut]
    advice: str
    calls: list[CallOut]
    conditions: list[str]
    actions: list[str]  # the reasons' texts, then the next step (older clients)
    safety: SafetyOut


class TechniqueOut(BaseModel):
    id: str
    name: str
    kind: str
    summary: str
    position: str
    equipment: list[str]
    laterality: str
    steps: list[str]
    pressure: str
    cautions: list[str]
    tags: list[str]
    evidence: str
    sources: list[dict[str, str]]
    illustration: str


class RoutineOut(BaseModel):
    id: str
    name: str
    description: str
    techniques: list[str]
    estimated_s: int
    builtin: bool


class CsrfOut(BaseModel):
    token: str


class LoginIn(Strict):
    token: str


class OkOut(BaseModel):
    ok: bool = True
