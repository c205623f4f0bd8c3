"""Read a personal-trial CSV file into the core data model, with errors by row and field.

Two layouts (``docs/nof1-analysis.md``):

* daily rows — ``day, arm, outcome`` plus ``pair`` or ``period`` (or neither: periods are then
  the runs of the same arm in day order, paired in turn), optional ``adherent``; a blank
  outcome is a missing day;
* per-pair differences — ``pair, diff`` with diff = mean(A) − mean(B).

Column names and the two arm labels can be mapped (:class:`ColumnMap`), so files from other
tools (e.g. the ``nof1ins`` examples with ``treat`` and ``y``) read without editing. Row numbers
in messages are the file's line numbers, the header being row 1, as a spreadsheet shows them.

Nothing is guessed: a row with more or fewer fields than the header (e.g. ``1,A,3,5,1``, a
decimal comma splitting 3,5 into two fields) is a problem, never silently realigned; day and
pair numbers beyond ±100000 and values beyond ±1000000 are problems, not overflows; a period
label covering both arms, or a pair that is not one period of A and one of B, is a problem.
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
    MAX_INDEX,
    MAX_OUTCOME,
    DailyTrial,
    Day,
    PairDifferences,
    daily_trial,
    mixed_pairs,
    pair_differences,
    period_to_pair,
    runs_as_periods,
)
from unknot.errors import NotFoundError, Problem, ValidationError

T = TypeVar("T")
MAX_BYTES = 5_000_000
_MAX = MAX_OUTCOME
_TRUE = {"1", "yes", "y", "true", "t"}
_FALSE = {"0", "no", "n", "false", "f"}
_HINT = (
    "Daily rows need the columns day, arm, outcome (and pair or period); pair differences need "
    "pair, diff. Map other names with --day-column, --arm-column, --outcome-column, "
    "--pair-column, --period-column and the labels with --a-label/--b-label."
)
_SHAPE = "this row has"
_SHAPE_HINT = (
    "Every row needs as many fields as the header. Write decimals with a point (3.5, not 3,5), "
    "and put any value that itself contains a comma in double quotes."
)
_SEMICOLON_HINT = (
    "Semicolon-separated? The file seems to use ';' between fields (as spreadsheets do where "
    "the decimal mark is a comma). Save it as CSV with commas between fields and decimal "
    "points (3.5), or export it again choosing ',' as the field separator."
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
    header, rows, problems = _read_rows(text, name)
    if not rows and not problems:
        raise ValidationError(f"{name} has a header but no data rows.", hint=_HINT)
    if columns.diff in header and columns.arm not in header:
        return _pairs(rows, header, name, columns, problems)
    return _daily(rows, header, name, columns, problems)


def _read_rows(text: str, name: str) -> tuple[list[str], list[_Row], list[Problem]]:
    """The header and the non-blank data rows; a row whose field count differs is a problem.

    Blank fields after the last column (``1,A,3,1,``) carry nothing and are tolerated; any
    other difference could put values under the wrong columns, so the row is not read.
    """
    reader = csv.reader(io.StringIO(text))
    rows: list[_Row] = []
    problems: list[Problem] = []
    try:
        header = [h.strip() for h in next(reader, [])]
        if not any(header):
            raise ValidationError(f"{name} is empty: it has no header row.", hint=_HINT)
        for fields in reader:
            if not any(f.strip() for f in fields):
                continue
            if len(fields) > len(header) and not any(f.strip() for f in fields[len(header) :]):
                fields = fields[: len(header)]
            if len(fields) != len(header):
                problems.append(_shape_problem(name, reader.line_num, fields, header))
                continue
            values = {k: v.strip() for k, v in zip(header, fields, strict=True) if k}
            rows.append(_Row(reader.line_num, values))
    except csv.Error as error:
        raise ValidationError(
            f"{name} cannot be read as CSV at row {reader.line_num}: {error}.", hint=_SHAPE_HINT
        ) from error
    return header, rows, problems


def _shape_problem(name: str, number: int, fields: list[str], header: list[str]) -> Problem:
    if any(";" in f for f in fields):
        why = "it seems to use ';' between values (semicolon-separated?)"
    elif len(fields) > len(header):
        why = "a decimal comma (3,5 for 3.5) or an unquoted comma inside a value splits it in two"
    else:
        why = "a value may be missing, or two values were merged"
    count = f"{len(fields)} field{'' if len(fields) == 1 else 's'}"
    return Problem(
        f"{_SHAPE} {count} but the header has {len(header)} ({', '.join(header)}): {why}; "
        "write decimals with a point (3.5) and put values that contain a comma in double quotes",
        f"{name}, row {number}",
    )


def _require(header: list[str], needed: list[str], name: str) -> None:
    missing = [c for c in needed if c not in header]
    if missing:
        semicolons = any(";" in h for h in header)
        raise ValidationError(
            f"{name} lacks the column(s) {', '.join(missing)}; it has {', '.join(header)}"
            + (" (semicolon-separated?)." if semicolons else "."),
            hint=_SEMICOLON_HINT if semicolons else _HINT,
            problems=[Problem("column not found", f"{name}, row 1", c) for c in missing],
        )


def _pairs(
    rows: list[_Row], header: list[str], name: str, cols: ColumnMap, problems: list[Problem]
) -> PairDifferences:
    _require(header, [cols.pair, cols.diff], name)
    pairs, diffs = [], []
    seen: dict[int, int] = {}
    for row in rows:
        pair = _integer(row, cols.pair, name, problems)
        diff = _number(row, cols.diff, name, problems, allow_blank=False)
        if pair is not None and pair in seen:
            message = f"pair {pair} already appears in row {seen[pair]}"
            problems.append(Problem(message, _where(name, row), cols.pair))
        elif pair is not None:
            seen[pair] = row.number
        if pair is not None and diff is not None:
            pairs.append(pair)
            diffs.append(diff)
    _raise_if(problems, name)
    return _core(lambda: pair_differences(pairs, diffs), name)


def _daily(
    rows: list[_Row], header: list[str], name: str, cols: ColumnMap, problems: list[Problem]
) -> DailyTrial:
    _require(header, [cols.day, cols.arm, cols.outcome], name)
    labels = _arm_labels(rows, cols, name, problems)
    parsed = [_day_fields(row, cols, labels, name, problems) for row in rows]
    good = [p for p in parsed if p is not None]
    problems += _grouping_problems(rows, header, cols, name)
    problems += _duplicate_problems(good, cols, name)
    if cols.pair not in header and cols.period in header:
        problems += _period_problems(good, cols, name)
    _raise_if(problems, name)
    good.sort(key=lambda p: p[0])
    pairs = _pairs_of(good, header, cols)
    problems += _pair_problems(good, pairs, header, cols, name)
    _raise_if(problems, name)
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


def _period_problems(good: list[_Fields], cols: ColumnMap, name: str) -> list[Problem]:
    """A period is a run of one arm: a period label over both arms is likely a pair number."""
    rows: dict[str, dict[str, list[int]]] = {}
    for _, arm, *_, row in good:
        label = row.values.get(cols.period, "")
        rows.setdefault(label, {}).setdefault(arm, []).append(row.number)
    problems = []
    for label, arms in rows.items():
        if len(arms) > 1:
            every = [n for numbers in arms.values() for n in numbers]
            message = (
                f"period {label!r} has days under both A (rows {_spans(arms['A'])}) and B "
                f"(rows {_spans(arms['B'])}); a period is a run of days on one arm. If this "
                f"column holds pair numbers, read it with --pair-column {cols.period}"
            )
            problems.append(Problem(message, f"{name}, rows {_spans(every)}", cols.period))
    return problems


def _pair_problems(
    good: list[_Fields], pairs: list[int], header: list[str], cols: ColumnMap, name: str
) -> list[Problem]:
    """Each pair must be one period of A and one of B (``good`` sorted by day)."""
    field = cols.pair if cols.pair in header else cols.period
    problems = []
    for pair, runs in mixed_pairs(pairs, [f[1] for f in good]).items():
        numbers = [[f[4].number for f in good[s : s + n]] for _, s, n in runs]
        arms = [arm for arm, _, _ in runs]
        parts = ", ".join(
            f"{arm} (rows {_spans(nums)})" for arm, nums in zip(arms, numbers, strict=True)
        )
        message = (
            f"pair {pair} is not one period of A and one period of B: in day order its days "
            f"run {parts}"
        )
        every = [n for nums in numbers for n in nums]
        problems.append(Problem(message, f"{name}, rows {_spans(every)}", field))
    return problems


def _spans(numbers: list[int]) -> str:
    """Row numbers as compact ranges: [2, 3, 4, 9] → "2–4, 9"."""
    ordered = sorted(set(numbers))
    parts: list[str] = []
    start = prev = ordered[0]
    for n in [*ordered[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


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
    value: int | None
    try:
        value = int(raw)
    except ValueError:
        try:
            number = float(raw)
        except ValueError:
            number = math.nan
        value = int(number) if math.isfinite(number) and number == int(number) else None
    if value is None:
        problems.append(Problem(f"{raw!r} is not a whole number", _where(name, row), column))
        return None
    if abs(value) > MAX_INDEX:
        message = f"{raw!r} is out of range: it must lie between -{MAX_INDEX} and {MAX_INDEX}"
        problems.append(Problem(message, _where(name, row), column))
        return None
    return value


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
        if "," in raw:
            blank += " (a decimal comma? write it with a point, e.g. 3.5)"
        problems.append(Problem(blank, _where(name, row), column))
        return None
    if abs(value) > MAX_OUTCOME:
        message = f"{raw!r} is out of range: it must lie between -{_MAX:.0f} and {_MAX:.0f}"
        problems.append(Problem(message, _where(name, row), column))
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
        shape = any(p.message.startswith(_SHAPE) for p in problems)
        raise ValidationError(
            f"{name} has {len(problems)} problem(s); nothing was analysed.",
            hint=_SHAPE_HINT if shape else _HINT,
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
