from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unknot.core.spadi import DISABILITY_ITEMS, ITEMS, MDC, PAIN_ITEMS, SpadiScore, score
from unknot.errors import ValidationError


def answers(pain: list[int | None], disability: list[int | None]) -> list[int | None]:
    assert len(pain) == 5 and len(disability) == 8
    return [*pain, *disability]


def test_spadi_items_are_five_pain_then_eight_disability() -> None:
    assert len(PAIN_ITEMS) == 5 and len(DISABILITY_ITEMS) == 8 and len(ITEMS) == 13
    assert ITEMS[0] == "pain_1" and ITEMS[4] == "pain_5"
    assert ITEMS[5] == "disability_1" and ITEMS[12] == "disability_8"
    assert MDC == 13


def test_spadi_worked_example_30_of_50_and_20_of_80() -> None:
    # clinical-facts §3.2: pain 30/50, disability 20/80 -> the /130 total 50/130 = 38.5
    result = score(answers([6] * 5, [4, 4, 4, 4, 4, 0, 0, 0]))
    assert result.pain == pytest.approx(60.0)
    assert result.disability == pytest.approx(25.0)
    assert result.total == pytest.approx(50 / 130 * 100)
    assert round(result.total or 0, 1) == 38.5
    assert result.answered == 13


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (answers([0] * 5, [0] * 8), SpadiScore(0.0, 0.0, 0.0, 13)),
        (answers([10] * 5, [10] * 8), SpadiScore(100.0, 100.0, 100.0, 13)),
        # one pain item missing: pain 20/40, disability 40/80, total 60/120
        (answers([None, 5, 5, 5, 5], [5] * 8), SpadiScore(50.0, 50.0, 50.0, 12)),
        # two pain items missing is still scored: 9/30 -> 30; 16/80 -> 20; total (9 + 16)/110
        (answers([None, None, 3, 3, 3], [2] * 8), SpadiScore(30.0, 20.0, 25 / 110 * 100, 11)),
        # three pain items missing: no pain score and so no total
        (answers([None, None, None, 4, 6], [1] * 8), SpadiScore(None, 10.0, None, 10)),
        # two disability items missing: 48/60 -> 80; total (10 + 48)/110
        (
            answers([2] * 5, [8, 8, 8, 8, 8, 8, None, None]),
            SpadiScore(20.0, 80.0, 58 / 110 * 100, 11),
        ),
        # three disability items missing: no disability score and no total
        (answers([2] * 5, [8, 8, 8, 8, 8, None, None, None]), SpadiScore(20.0, None, None, 10)),
        (answers([None] * 5, [None] * 8), SpadiScore(None, None, None, 0)),
    ],
)
def test_spadi_scores_worked_examples_with_missing_items(
    given: list[int | None], expected: SpadiScore
) -> None:
    result = score(given)
    assert result.answered == expected.answered
    for name in ("pain", "disability", "total"):
        got, want = getattr(result, name), getattr(expected, name)
        assert (got is None) == (want is None), name
        if want is not None:
            assert got == pytest.approx(want), name


@pytest.mark.parametrize(
    ("index", "value", "item"),
    [(0, 11, "pain_1"), (4, -1, "pain_5"), (5, 3.5, "disability_1"), (12, True, "disability_8")],
)
def test_spadi_rejects_a_bad_answer_naming_the_item(index: int, value: object, item: str) -> None:
    given: list[object] = [5] * 13
    given[index] = value
    with pytest.raises(ValidationError) as err:
        score(given)  # type: ignore[arg-type]
    assert [p.field for p in err.value.problems] == [item]
    assert item in err.value.message


def test_spadi_lists_every_bad_answer_at_once() -> None:
    with pytest.raises(ValidationError) as err:
        score([11, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 42])
    assert [p.field for p in err.value.problems] == ["pain_1", "disability_8"]
    assert "12" not in err.value.message


@pytest.mark.parametrize("count", [0, 12, 14])
def test_spadi_needs_exactly_thirteen_answers(count: int) -> None:
    with pytest.raises(ValidationError, match=f"needs 13 answers.*not {count}"):
        score([1] * count)


@given(st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=13, max_size=13))
def test_spadi_scores_stay_within_0_to_100_and_total_lies_between_subscales(
    given: list[int | None],
) -> None:
    result = score(given)
    for value in (result.pain, result.disability, result.total):
        assert value is None or 0 <= value <= 100
    if result.total is not None:
        assert result.pain is not None and result.disability is not None
        low, high = sorted((result.pain, result.disability))
        assert low - 1e-9 <= result.total <= high + 1e-9


def test_spadi_and_journal_records_import_no_framework_or_storage() -> None:
    probe = "import unknot.core.spadi, unknot.core.journal, sys; print(' '.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    loaded = {name.split(".")[0] for name in out.split()}
    assert not loaded & {"sqlalchemy", "typer", "rich", "yaml", "pydantic", "fastapi"}
