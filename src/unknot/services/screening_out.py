"""A screening's outcome and questions as plain data: the same for the CLI's JSON and the API.

The result names each reason (the answer that led to it) once, then the next step once; the
referral urgency is ``tier``, the massage contraindications are ``conditions`` (issue 12).
"""

from __future__ import annotations

from typing import Any

from unknot.core.countries import CountryNumbers, fill_numbers
from unknot.core.screening import Question, RuleHit, ScreeningResult, Tier
from unknot.i18n import _
from unknot.services.safety import advice_text, screening_data


def headline(key: str) -> str:
    """The result's title for an advice key (``ScreeningResult.advice_key``)."""
    words = {
        "emergency": _("Get emergency help now"),
        "in_person": _("Be seen in person today"),
        "same_day": _("Get medical advice today"),
        "soon": _("See a clinician in the next few days"),
        "routine": _("Book a routine appointment; self-care can go on"),
        "clear": _("Nothing in the screening stops a session"),
    }
    return words.get(key, key)


def result_headline(result: ScreeningResult) -> str:
    """The title of a result: a clear result that adapts the plan says so."""
    if result.tier is Tier.CLEAR and result.changes:
        return _("Self-care is fine, with changes for you")
    return headline(result.advice_key)


def calls(tier: Tier | None, numbers: CountryNumbers) -> list[dict[str, str]]:
    """The numbers to tap for an emergency or same-day outcome (none otherwise)."""
    out = []
    if tier is Tier.SAME_DAY and numbers.same_day_tel and numbers.same_day_number:
        label = _("Call {number} for advice today").format(number=numbers.same_day_number)
        out.append({"label": label, "href": numbers.same_day_tel})
    if tier in (Tier.EMERGENCY, Tier.SAME_DAY) and numbers.emergency_tel:
        label = (
            _("Call {number} now")
            if tier is Tier.EMERGENCY
            else _("Call {number} if it gets worse or you feel very unwell")
        ).format(number=numbers.emergency)
        out.append({"label": label, "href": numbers.emergency_tel})
    return out


def numbers_dict(numbers: CountryNumbers) -> dict[str, Any]:
    return {
        "country": numbers.code,
        "emergency": numbers.emergency,
        "emergency_tel": numbers.emergency_tel,
        "same_day": str(numbers.same_day),
        "same_day_tel": numbers.same_day_tel,
        "in_person": str(numbers.in_person),
    }


def _items(hits: tuple[RuleHit, ...], numbers: CountryNumbers) -> list[dict[str, str]]:
    return [{"question": h.rule_id, "text": fill_numbers(str(h.message), numbers)} for h in hits]


def outcome_dict(result: ScreeningResult, numbers: CountryNumbers) -> dict[str, Any]:
    """``tier``, ``session_allowed``, ``reasons``, ``conditions``, ``advice``, ``numbers`` …"""
    return {
        "tier": result.tier.value,
        "session_allowed": result.session_allowed,
        "in_person": result.in_person,
        "reasons": _items(result.reasons, numbers),
        "checked": checked_items(result, numbers),
        "changes": _items(result.changes, numbers),
        "conditions": sorted(result.conditions),
        "advice": advice_text(result.advice_key, numbers),
        "numbers": numbers_dict(numbers),
        "rules_version": screening_data().version,
    }


def checked_items(result: ScreeningResult, numbers: CountryNumbers) -> list[dict[str, str]]:
    """The yes answers a clinician had checked: the question as asked, and the note."""
    data = screening_data()
    out = []
    for hit in result.checked:
        question = data.question(hit.rule_id)
        asked = fill_numbers(str(question.text), numbers) if question else ""
        out.append({"question": hit.rule_id, "text": f"{asked} {data.checked_note}".strip()})
    return out


def question_dict(question: Question, numbers: CountryNumbers) -> dict[str, Any]:
    return {
        "id": question.id,
        "group": question.group,
        "tier": question.tier.value,
        "text": fill_numbers(str(question.text), numbers),
        "help": fill_numbers(str(question.help), numbers),
        "conditions": list(question.conditions),
        "assessable": question.assessable,
        "in_person": question.in_person,
        "sources": [{"label": s.label, "ref": s.ref} for s in question.sources],
        "source_note": str(question.source_note) if question.source_note else None,
    }


def questions_dict(numbers: CountryNumbers) -> dict[str, Any]:
    data = screening_data()
    return {
        "rules_version": data.version,
        "groups": [{"id": g.id, "title": str(g.title)} for g in data.groups],
        "questions": [question_dict(q, numbers) for q in data.questions],
    }
