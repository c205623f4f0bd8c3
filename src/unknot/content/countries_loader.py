"""Load the country records (``countries.yaml``) and the ISO 3166 code list (``iso_countries.tsv``).

Both files are ours and ship with unknot, so validation is strict and all-or-nothing: every
problem is collected and raised together as one :class:`ContentError` naming the file and the
field (a failure here is a bug in unknot, caught by the tests).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from unknot.content.builtin_file import Check, read_builtin
from unknot.core.countries import (
    FALLBACK_CODE,
    LAST_RESORT,
    CountryNumbers,
    tel_href,
)
from unknot.core.text import Text
from unknot.errors import ContentError

CONTENT_DIR = Path(__file__).parent
COUNTRIES_FILE = CONTENT_DIR / "countries.yaml"
ISO_FILE = CONTENT_DIR / "iso_countries.tsv"

# Codes with a record that are not ISO 3166-1 country codes of their own.
NOT_ISO = frozenset({"EU", FALLBACK_CODE})
_CODE = re.compile(r"^[A-Z]{2}$")
_REQUIRED = {
    "name",
    "emergency",
    "emergency_words",
    "same_day_number",
    "same_day",
    "in_person",
    "note",
    "checked",
}


# ---- ISO 3166-1 codes -----------------------------------------------------------------------


@lru_cache(maxsize=4)
def load_iso_names(path: Path = ISO_FILE) -> dict[str, str]:
    """Every ISO 3166-1 alpha-2 code with its English name, e.g. ``{"BR": "Brazil", ...}``."""
    check = Check(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ContentError(
            f"The built-in file {path.name} cannot be read: {exc}",
            hint="Reinstall unknot; if that does not help, please report it.",
        ) from exc
    names: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        code, _tab, name = line.partition("\t")
        if not _CODE.match(code) or not name.strip():
            check.fail(f"line {number}", "must be a two-letter code, a tab and a name")
        elif code in names:
            check.fail(f"line {number}", f"code {code!r} is listed more than once")
        else:
            names[code] = name.strip()
    check.raise_if_any("country code")
    return names


# ---- country records ------------------------------------------------------------------------


@lru_cache(maxsize=8)
def load_countries(path: Path = COUNTRIES_FILE) -> dict[str, CountryNumbers]:
    """Records by code: each row, every EU member without a row, the aliases, and ``ZZ``."""
    return dict(_load(path)[0])


@lru_cache(maxsize=8)
def load_aliases(path: Path = COUNTRIES_FILE) -> dict[str, str]:
    """Other codes people use for a country: ``{"UK": "GB", "EL": "GR"}``."""
    return dict(_load(path)[1])


@lru_cache(maxsize=8)
def load_listed(path: Path = COUNTRIES_FILE) -> tuple[str, ...]:
    """The codes with a row of their own (EU and ZZ included), in the file's order."""
    return _load(path)[2]


@lru_cache(maxsize=8)
def _load(path: Path) -> tuple[dict[str, CountryNumbers], dict[str, str], tuple[str, ...]]:
    check = Check(path)
    data = read_builtin(path)
    for key in sorted(set(data) - {"source", "aliases", "countries"}):
        check.fail(key, "is not a known field")
    iso = load_iso_names()
    rows = data.get("countries")
    if not isinstance(rows, dict):
        check.fail("countries", "must be a mapping of country codes")
        rows = {}
    found: dict[str, CountryNumbers] = {}
    for code, raw in rows.items():
        for key, entry in _records(str(code), raw, check).items():
            if key in found:
                check.fail(f"countries.{code}", f"country code {key!r} is listed more than once")
            if key not in iso and key not in NOT_ISO:
                check.fail(f"countries.{code}", f"{key!r} is not an ISO 3166-1 country code")
            found[key] = entry
    aliases = _aliases(data.get("aliases"), iso, check)
    for alias, target in aliases.items():
        if alias in found:
            check.fail(f"aliases.{alias}", "is also a country of its own")
        else:
            found[alias] = found.get(target) or found.get(FALLBACK_CODE) or _placeholder(target)
    if FALLBACK_CODE not in found:
        check.fail("countries", f"the fallback entry {FALLBACK_CODE} (unknown country) is missing")
    check.raise_if_any("country numbers")
    return found, aliases, tuple(str(code) for code in rows)


def _aliases(raw: Any, iso: dict[str, str], check: Check) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        check.fail("aliases", "must be a mapping such as {UK: GB}")
        return {}
    aliases: dict[str, str] = {}
    for alias, target in raw.items():
        if not _CODE.match(str(alias)):
            check.fail(f"aliases.{alias}", "must be a two-letter upper-case code")
        if str(target) not in iso:
            check.fail(f"aliases.{alias}", f"{target!r} is not an ISO 3166-1 country code")
        aliases[str(alias)] = str(target)
    return aliases


def _records(code: str, item: Any, check: Check) -> dict[str, CountryNumbers]:
    """The record of one row, and a copy for each of its EU members (their own name and code)."""
    field = f"countries.{code}"
    if not isinstance(item, dict):
        check.fail(field, "must be a mapping")
        return {}
    for key in sorted(_REQUIRED - set(item)):
        check.fail(f"{field}.{key}", "is missing")
    for key in sorted(set(item) - _REQUIRED - {"members"}):
        check.fail(f"{field}.{key}", "is not a known field")
    if not _CODE.match(code):
        check.fail(field, "the key must be a two-letter upper-case country code")
    entry = CountryNumbers(
        code=code,
        name=check.text(item.get("name"), f"{field}.name"),
        emergency=_emergency(item.get("emergency"), f"{field}.emergency", check),
        same_day=check.text(item.get("same_day"), f"{field}.same_day"),
        note=check.text(item.get("note"), f"{field}.note", allow_empty=True),
        emergency_words=check.text(item.get("emergency_words"), f"{field}.emergency_words"),
        same_day_number=_same_day_number(item.get("same_day_number"), field, check),
        in_person=check.text(item.get("in_person"), f"{field}.in_person"),
        checked=_checked(item.get("checked"), f"{field}.checked", check),
    )
    if entry.same_day_number and entry.same_day_number not in entry.same_day.en:
        check.fail(f"{field}.same_day", "must contain the same_day_number")
    found = {code: entry}
    members = item.get("members", {})
    if not isinstance(members, dict):
        check.fail(f"{field}.members", "must be a mapping of codes to names")
        members = {}
    for member, name in members.items():
        member_name = check.text(name, f"{field}.members.{member}")
        found[str(member)] = _copy(entry, str(member), member_name)
    return found


def _copy(entry: CountryNumbers, code: str, name: Text) -> CountryNumbers:
    return replace(entry, code=code, name=name)


def _placeholder(code: str) -> CountryNumbers:
    return _copy(LAST_RESORT, code, LAST_RESORT.name)


def _emergency(value: Any, field: str, check: Check) -> str:
    if isinstance(value, str) and value.isdigit():
        return value
    check.fail(field, f"must be a quoted string of digits, got {value!r}")
    return ""


def _same_day_number(value: Any, field: str, check: Check) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or tel_href(value) is None:
        check.fail(f"{field}.same_day_number", f"must be a phone number or null, got {value!r}")
        return None
    return value.strip()


def _checked(value: Any, field: str, check: Check) -> date | None:
    if value is None or isinstance(value, date):
        return value
    check.fail(field, f"must be the date the row was checked (YYYY-MM-DD) or null, got {value!r}")
    return None
