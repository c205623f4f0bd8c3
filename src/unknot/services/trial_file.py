"""Read a personal-trial CSV file into the core data model, with errors by row and field.

Two layouts (``docs/nof1-analysis.md``):

* daily rows — ``day, arm, outcome`` plus ``pair`` or ``period`` (or neither: periods are then
  the runs of the same arm in day order, paired in turn), optional ``adherent``; a blank
  outcome is a missing day;
* per-pair differences — ``pair, diff`` with diff = mean(A) − mean(B).

Column names and the two arm labels can be mapped (:class:`ColumnMap`), so files from other
tools (e.g. the ``nof1ins`` examples with ``treat`` and ``y``) read without editing. Row numbers
in messages are the file's line numbers, the header being row 1, as a spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from unknot.core.nof1.data import (
    DailyTrial,
    Day,
    PairDifferences,
    daily_trial,
    pair_differences,
    period_to_pair,
    runs_as_periods,
)
from unknot.errors import NotFoundError, Problem, ValidationError

T = TypeVar("T")
MAX_BYTES = 5_000_000
_TRUE = {"1", "yes", "y", "true", "t"}
_FALSE = {"0", "no", "n", "false", "f"}
_HINT = (
    "Daily rows need the columns day, arm, outcome (and pair or period); pair differences need "
    "pair, diff. Map other names with --day-column, --arm-column, --outcome-column, "
    "--pair-column, --period-column and the labels with --a-label/--b-label."
)


@dataclass(frozen=True)
class ColumnMap:
    day: str = "day"
    arm: str = "arm"
    outcome: str = "outcome"
    pair: str = "pair"
    period: str = "period"
    adherent: str = "adherent"
    diff: str = "diff"
    a_label: str = "A"
    b_label: str | None = "B"  # None: the one other label found in the file


@dataclass(frozen=True)
class _Row:
    number: int
    values: dict[str, str]


def read_trial_file(path: Path, columns: ColumnMap | None = None) -> DailyTrial | PairDifferences:
    """Read and validate ``path``; raise ValidationError listing every problem found."""
    if not path.is_file():
        raise NotFoundError(f"The trial file {str(path)!r} does not exist.", hint="Check the path.")
    if path.stat().st_size > MAX_BYTES:
        raise ValidationError(f"{path.name} is larger than {MAX_BYTES // 1_000_000} MB.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            f"{path.name} is not UTF-8 text.", hint="Save it as CSV (UTF-8) and try again."
        ) from error
    return parse_trial_csv(text, path.name, columns or ColumnMap())


def parse_trial_csv(text: str, name: str, columns: ColumnMap) -> DailyTrial | PairDifferences:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    if not header:
        raise ValidationError(f"{name} is empty: it has no header row.", hint=_HINT)
    rows = [
        _Row(reader.line_num, {k.strip(): (v or "").strip() for k, v in raw.items() if k})
        for raw in reader
        if any((v or "").strip() for v in raw.values() if isinstance(v, str))
    ]
    if not rows:
        raise ValidationError(f"{name} has a header but no data rows.", hint=_HINT)
    if columns.diff in header and columns.arm not in header:
        return _pairs(rows, header, name, columns)
    return _daily(rows, header, name, columns)


def _require(header: list[str], needed: list[str], name: str) -> None:
    missing = [c for c in needed if c not in header]
    if missing:
        raise ValidationError(
            f"{name} lacks the column(s) {', '.join(missing)}; it has {', '.join(header)}.",
            hint=_HINT,
            problems=[Problem("column not found", f"{name}, row 1", c) for c in missing],
        )


def _pairs(rows: list[_Row], header: list[str], name: str, cols: ColumnMap) -> PairDifferences:
    _require(header, [cols.pair, cols.diff], name)
    problems: list[Problem] = []
    pairs, diffs = [], []
    for row in rows:
        pair = _integer(row, cols.pair, name, problems)
        diff = _number(row, cols.diff, name, problems, allow_blank=False)
        if pair is not None and diff is not None:
            pairs.append(pair)
            diffs.append(diff)
    _raise_if(problems, name)
    return _core(lambda: pair_differences(pairs, diffs), name)


def _daily(rows: list[_Row], header: list[str], name: str, cols: ColumnMap) -> DailyTrial:
    _require(header, [cols.day, cols.arm, cols.outcome], name)
    problems: list[Problem] = []
    labels = _arm_labels(rows, cols, name, problems)
    parsed = [_day_fields(row, cols, labels, name, problems) for row in rows]
    good = [p for p in parsed if p is not None]
    problems += _grouping_problems(rows, header, cols, name)
    problems += _duplicate_problems(good, cols, name)
    _raise_if(problems, name)
    good.sort(key=lambda p: p[0])
    pairs = _pairs_of(good, header, cols)
    days = [
        Day(day, arm, outcome, pairs[i], adherent)
        for i, (day, arm, outcome, adherent, _) in enumerate(good)
    ]
    return _core(lambda: daily_trial(days), name)


_Fields = tuple[int, str, float | None, bool | None, _Row]


def _day_fields(
    row: _Row, cols: ColumnMap, labels: dict[str, str], name: str, problems: list[Problem]
) -> _Fields | None:
    before = len(problems)
    day = _integer(row, cols.day, name, problems)
    outcome = _number(row, cols.outcome, name, problems, allow_blank=True)
    adherent = _flag(row, cols.adherent, name, problems)
    arm = labels.get(row.values.get(cols.arm, "").casefold())
    if day is None or arm is None or len(problems) > before:
        return None
    return (day, arm, outcome, adherent, row)


def _arm_labels(
    rows: list[_Row], cols: ColumnMap, name: str, problems: list[Problem]
) -> dict[str, str]:
    """Map each label in the file (case-insensitive) to A or B; report rows with others."""
    a = cols.a_label.casefold()
    found = list(dict.fromkeys(r.values.get(cols.arm, "").casefold() for r in rows))
    if cols.b_label is not None:
        b = cols.b_label.casefold()
    else:
        others = [f for f in found if f != a]
        b = others[0] if len(others) == 1 else "\0"
    for row in rows:
        label = row.values.get(cols.arm, "").casefold()
        if label not in (a, b):
            expected = (
                f"{cols.a_label!r} or {cols.b_label!r}"
                if cols.b_label
                else (f"{cols.a_label!r} or one other label")
            )
            problems.append(
                Problem(
                    f"arm {row.values.get(cols.arm, '')!r} is not {expected}",
                    _where(name, row),
                    cols.arm,
                )
            )
    return {a: "A", b: "B"}


def _grouping_problems(
    rows: list[_Row], header: list[str], cols: ColumnMap, name: str
) -> list[Problem]:
    """Pair numbers must be whole numbers; period labels must not be blank."""
    problems: list[Problem] = []
    if cols.pair in header:
        for row in rows:
            _integer(row, cols.pair, name, problems)
    elif cols.period in header:
        problems += [
            Problem("period is blank", _where(name, row), cols.period)
            for row in rows
            if not row.values.get(cols.period, "")
        ]
    return problems


def _pairs_of(good: list[_Fields], header: list[str], cols: ColumnMap) -> list[int]:
    """Pair numbers: the pair column; else periods paired in day order; else runs of arms."""
    if cols.pair in header:
        return [int(float(f[4].values[cols.pair])) for f in good]
    if cols.period in header:
        periods = [f[4].values[cols.period] for f in good]
        by_period = period_to_pair(periods)
        return [by_period[p] for p in periods]
    runs = runs_as_periods([f[1] for f in good])
    by_run = period_to_pair(runs)
    return [by_run[r] for r in runs]


def _duplicate_problems(good: list[_Fields], cols: ColumnMap, name: str) -> list[Problem]:
    seen: dict[int, int] = {}
    problems = []
    for day, *_, row in sorted(good, key=lambda f: f[4].number):
        if day in seen:
            message = f"day {day} already appears in row {seen[day]}"
            problems.append(Problem(message, _where(name, row), cols.day))
        seen.setdefault(day, row.number)
    return problems


def _integer(row: _Row, column: str, name: str, problems: list[Problem]) -> int | None:
    raw = row.values.get(column, "")
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not raw or not math.isfinite(value) or value != int(value):
        problems.append(Problem(f"{raw!r} is not a whole number", _where(name, row), column))
        return None
    return int(value)


def _number(
    row: _Row, column: str, name: str, problems: list[Problem], allow_blank: bool
) -> float | None:
    raw = row.values.get(column, "")
    if not raw and allow_blank:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        blank = "is blank" if not raw else f"{raw!r} is not a number"
        problems.append(Problem(blank, _where(name, row), column))
        return None
    return value


def _flag(row: _Row, column: str, name: str, problems: list[Problem]) -> bool | None:
    raw = row.values.get(column, "").casefold()
    if not raw:
        return None
    if raw in _TRUE or raw in _FALSE:
        return raw in _TRUE
    problems.append(Problem(f"{raw!r} is not yes/no (or 1/0)", _where(name, row), column))
    return None


def _where(name: str, row: _Row) -> str:
    return f"{name}, row {row.number}"


def _raise_if(problems: list[Problem], name: str) -> None:
    if problems:
        raise ValidationError(
            f"{name} has {len(problems)} problem(s); nothing was analysed.",
            hint=_HINT,
            problems=problems,
        )


def _core(build: Callable[[], T], name: str) -> T:
    """Run a core constructor, prefixing its problems with the file name."""
    try:
        return build()
    except ValidationError as error:
        for problem in error.problems:
            problem.location = f"{name}, {problem.location}".rstrip(", ")
        raise
