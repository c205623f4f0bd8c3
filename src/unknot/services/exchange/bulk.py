"""What export, import and the demo share above the store: the plan book, counts in words.

The rows themselves are read and written by :class:`unknot.store.person_rows.PersonRows`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from unknot.i18n import _, ngettext
from unknot.services.app import Actor
from unknot.store.person_rows import SHARED, PersonRows

__all__ = ["SHARED", "PlanBook", "counts", "counts_in_words", "plan_key"]


def plan_key(plan: Any) -> str:
    text = json.dumps(plan, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


class PlanBook:
    """Plans seen while reading sessions: raw stored text -> key, key -> plan."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}
        self.plans: dict[str, Any] = {}

    def key(self, raw: str) -> str:
        found = self.keys.get(raw)
        if found is None:
            plan = json.loads(raw)
            found = self.keys[raw] = plan_key(plan)
            self.plans[found] = plan
        return found

    def sorted(self) -> dict[str, Any]:
        return dict(sorted(self.plans.items()))


def counts(actor: Actor) -> dict[str, int]:
    """How many rows the person has in each table (only tables with any)."""
    with actor.unit() as session:
        return PersonRows(session, actor).counts()


def counts_in_words(found: dict[str, int]) -> str:
    """What a file or store holds, in words: "120 check-ins, 236 sessions" (empty tables left
    out; "nothing" when all are empty)."""
    shown = [record_words(name, n) for name, n in found.items() if n]
    return ", ".join(shown) or _("nothing")


def record_words(table: str, n: int) -> str:
    """``n`` records of ``table`` in words."""
    words = {
        "profile": ngettext("{n} profile", "{n} profiles", n),
        "screening": ngettext("{n} safety screening", "{n} safety screenings", n),
        "session": ngettext("{n} session", "{n} sessions", n),
        "session_step": ngettext("{n} session step", "{n} session steps", n),
        "pain_rating": ngettext("{n} pain rating", "{n} pain ratings", n),
        "stop_event": ngettext("{n} safety stop", "{n} safety stops", n),
        "progression": ngettext("{n} dose change", "{n} dose changes", n),
        "checkin": ngettext("{n} check-in", "{n} check-ins", n),
        "spadi": ngettext("{n} SPADI questionnaire", "{n} SPADI questionnaires", n),
        "note": ngettext("{n} note", "{n} notes", n),
        "trial": ngettext("{n} personal trial", "{n} personal trials", n),
        "trial_event": ngettext("{n} trial change", "{n} trial changes", n),
    }
    return words.get(table, "{n} " + table).format(n=n)
