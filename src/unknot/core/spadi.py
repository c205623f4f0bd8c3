"""SPADI, the Shoulder Pain and Disability Index: item ids and scoring (F7).

The instrument is Roach KE, Budiman-Mak E, Songsiridej N, Lertratanakul Y. "Development of a
shoulder pain and disability index." Arthritis Care Res 1991;4(4):143-9, in its 0-10
numeric-rating version (Williams et al., J Rheumatol 1995). The item wording lives with the
other content in ``unknot/content/spadi.yaml``; this module only knows the ids and the sums.

Scoring (higher is worse, 0-100), the rule unknot documents in ``docs/journal.md``:

* pain subscale = sum of answered pain items / (10 x pain items answered) x 100;
* disability subscale = the same over the answered disability items;
* total = sum of all answered items / (10 x items answered) x 100 (the "/130" form whose
  denominator shrinks by 10 for each unanswered item).

A subscale with more than two unanswered items has no score, and then neither has the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from unknot.errors import Problem, ValidationError
from unknot.i18n import _

PAIN_ITEMS = tuple(f"pain_{n}" for n in range(1, 6))
DISABILITY_ITEMS = tuple(f"disability_{n}" for n in range(1, 9))
ITEMS = PAIN_ITEMS + DISABILITY_ITEMS

# Minimum detectable change at 90 % confidence, in points of the 0-100 total
# (clinical-facts.md section 3.2, from the published scoring form): a tenth of people whose
# shoulder has not changed still move by more than this. Other studies put the MDC near 18
# (Roy, MacDermid, Woodhouse, Arthritis Care Res 2009;61(5):623-32), so a change between the
# two is worded as uncertain.
MDC = 13
MDC_HIGH = 18

MAX_MISSING_PER_SUBSCALE = 2
FORMULA = "sum of answered items / (10 x items answered) x 100"


@dataclass(frozen=True)
class SpadiScore:
    pain: float | None
    disability: float | None
    total: float | None
    answered: int


def score(answers: Sequence[int | None]) -> SpadiScore:
    """Score 13 answers, pain items first; ``None`` marks an item left unanswered."""
    check_answers(answers)
    pain = _percent(answers[: len(PAIN_ITEMS)])
    disability = _percent(answers[len(PAIN_ITEMS) :])
    total = _percent(answers, limit=None) if pain is not None and disability is not None else None
    answered = sum(1 for a in answers if a is not None)
    return SpadiScore(pain=pain, disability=disability, total=total, answered=answered)


def check_answers(answers: Sequence[int | None]) -> None:
    """Raise one ValidationError naming every answer that is not a whole number 0-10."""
    if len(answers) != len(ITEMS):
        raise ValidationError(
            _("SPADI needs {expected} answers (None for a missing one), not {got}.").format(
                expected=len(ITEMS), got=len(answers)
            ),
            problems=[
                Problem(
                    _("{got} answers given, {expected} needed").format(
                        got=len(answers), expected=len(ITEMS)
                    ),
                    field="answers",
                )
            ],
        )
    problems = [
        Problem(_("{value!r} is not a whole number from 0 to 10").format(value=a), field=item)
        for item, a in zip(ITEMS, answers, strict=True)
        if a is not None and not _is_valid(a)
    ]
    if problems:
        raise ValidationError(
            _("Some SPADI answers are not valid: {items}.").format(
                items=", ".join(p.field for p in problems)
            ),
            hint=_("Each item is answered with a whole number from 0 to 10."),
            problems=problems,
        )


def _is_valid(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10


def _percent(
    answers: Sequence[int | None], limit: int | None = MAX_MISSING_PER_SUBSCALE
) -> float | None:
    given = [a for a in answers if a is not None]
    missing = len(answers) - len(given)
    if not given or (limit is not None and missing > limit):
        return None
    return sum(given) / (10 * len(given)) * 100
