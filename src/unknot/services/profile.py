"""Read and change the person's profile."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from unknot.core.profile import Profile, update_profile
from unknot.errors import Problem, ValidationError
from unknot.i18n import _
from unknot.services.app import Actor
from unknot.store import repo


def get_profile(actor: Actor) -> Profile:
    return actor.profile


def change_profile(actor: Actor, changes: Mapping[str, Any]) -> Profile:
    """Validate every change first; save all of them or none."""
    changes = dict(changes)
    problems: list[Problem] = []
    if changes.get("country") is not None:
        try:
            changes["country"] = country_code(changes["country"])
        except ValueError as exc:
            problems.append(Problem(str(exc), field="country"))
            del changes["country"]
    with actor.unit() as session:
        current = repo.load_profile(session, actor.person_id)
        try:
            profile = update_profile(current, changes)
        except ValidationError as exc:
            raise _not_changed(exc.problems + problems, other_fields=True) from None
        if problems:
            raise _not_changed(problems, other_fields=False)
        repo.save_profile(session, actor.person_id, profile, actor.clock())
    actor.profile_changed(profile)
    return profile


def _not_changed(problems: list[Problem], other_fields: bool) -> ValidationError:
    if not other_fields:
        hint = _("Run `unknot profile --countries` to list every country code.")
        web_hint = _("The Country field on the Profile page lists every country code.")
    elif any(p.field == "country" for p in problems):
        hint = _(
            "Run `unknot profile --help` to see the allowed values, and "
            "`unknot profile --countries` to list every country code."
        )
        web_hint = _(
            "The fields on the Profile page show the allowed values; the Country field lists "
            "every country code."
        )
    else:
        hint = _("Run `unknot profile --help` to see the allowed values.")
        web_hint = _("The fields on the Profile page show the allowed values.")
    return ValidationError(
        _("The profile was not changed: some values are not valid."),
        hint=hint,
        web_hint=web_hint,
        problems=problems,
    )


# ---- country codes (clinical-facts §8) --------------------------------------------------------


def country_names() -> dict[str, str]:
    """Every ISO 3166-1 alpha-2 code with its English name."""
    from unknot.content.countries_loader import load_iso_names

    return load_iso_names()


def countries_with_numbers() -> list[tuple[str, str]]:
    """(code, name) of the countries with numbers of their own, by name."""
    from unknot.content.countries_loader import NOT_ISO, load_listed

    iso = country_names()
    own = [code for code in load_listed() if code not in NOT_ISO]
    return sorted(((code, iso[code]) for code in own), key=lambda item: item[1])


def country_kinds() -> list[tuple[str, str, Literal["own", "eu", "fallback"]]]:
    """(code, name, whose numbers) for every ISO code: its own, the EU's, or the 112 fallback."""
    from unknot.content.countries_loader import load_countries

    own = dict(countries_with_numbers())
    records = load_countries()
    found: list[tuple[str, str, Literal["own", "eu", "fallback"]]] = []
    for code, name in country_names().items():
        found.append(
            (code, name, "own" if code in own else "eu" if code in records else "fallback")
        )
    return found


def country_code(raw: Any) -> str:
    """The code to store for what a person typed: upper case, ``UK`` → ``GB``, ``EL`` → ``GR``.

    Any ISO 3166-1 alpha-2 code is a country (and ``EU``, which has numbers of its own); any
    other text raises ValueError with words that say how to find the right code.
    """
    from unknot.content.countries_loader import load_aliases

    text = str(raw).strip()
    key = text.upper()
    key = load_aliases().get(key, key)
    if key in country_names() or key == "EU":
        return key
    raise ValueError(_bad_code_words(text))


def check_country(raw: Any) -> str:
    """:func:`country_code`, with a ValidationError (for the screening's country)."""
    try:
        return country_code(raw)
    except ValueError as exc:
        raise ValidationError(
            _("The country was not changed: the code is not valid."),
            hint=_("Run `unknot profile --countries` to list every country code."),
            web_hint=_("The Country field on the Profile page lists every country code."),
            problems=[Problem(str(exc), field="country")],
        ) from None


def _bad_code_words(text: str) -> str:
    by_name = {name.casefold(): code for code, name in country_names().items()}
    code = by_name.get(text.casefold())
    if code:
        return _("{value!r} is a country's name; its two-letter code is {code}.").format(
            value=text, code=code
        )
    own = ", ".join(f"{name} ({code})" for code, name in countries_with_numbers())
    return _(
        "{value!r} is not a country code. Use the two-letter code of the country you are in, "
        "such as GB for the United Kingdom. These have numbers of their own: {own}. "
        "Any other country's code is accepted too: EU members get the EU numbers (112), "
        "other countries 112 and the advice to call the local emergency number."
    ).format(value=text, own=own)


def country_label(code: str) -> str:
    """How to show a stored code: "Japan (JP)"; one that is no longer known, as it is."""
    from unknot.content.countries_loader import load_aliases, load_countries

    key = load_aliases().get(code, code)
    name = country_names().get(key) or (str(load_countries()["EU"].name) if key == "EU" else "")
    return f"{name} ({code})" if name else code
