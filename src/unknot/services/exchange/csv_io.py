"""CSV out (one file per record type, safe to open in a spreadsheet) and pain ratings in.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some a leading tab or
carriage return) as a formula, so such text gets a leading apostrophe, which they show as
text. A cell that is a plain number (``-3``, ``2.5``) is left alone: it cannot run anything.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from unknot.core import bounds
from unknot.core.journal import LOCATIONS
from unknot.errors import Problem
from unknot.i18n import _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")

# The columns of a pain-rating CSV made elsewhere (docs/exchange.md).
REQUIRED = ("time", "value")
OPTIONAL = ("location", "note")

# Fixed namespace for the ids of imported CSV rows: the same row always gets the same id, so a
# second import of the same file finds every row already there.
CSV_NAMESPACE = uuid.UUID("5f1b7c2e-8c1d-4e0a-9d57-3a4c1f0b6e21")


def protect(text: str) -> str:
    """The text a spreadsheet will show as text, never run as a formula."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell(value: Any) -> str:
    """One exported value as a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | dict):
        return protect(json.dumps(value, ensure_ascii=False))
    return protect(str(value))


def table_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row[name]) for name in columns])
    return out.getvalue()


def csv_files(doc: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(file name, text) for the person, the plans and every record type, empty or not."""
    from unknot.store.codecs import CODECS

    person, records = doc["person"], doc["tables"]
    yield "person.csv", table_csv([person], list(person))
    plans = [{"key": key, "plan": plan} for key, plan in doc["plans"].items()]
    yield "plans.csv", table_csv(plans, ["key", "plan"])
    for name, rows in records.items():
        columns = [c for c, _convert in CODECS[name].out]
        yield f"{name}.csv", table_csv(rows, columns)


@dataclass(frozen=True)
class CsvRatings:
    rows: list[dict[str, Any]]
    problems: list[Problem]


def _header(cells: list[str], name: str) -> tuple[list[str], list[Problem]]:
    columns = [c.strip().lower() for c in cells]
    known = REQUIRED + OPTIONAL
    problems = [
        Problem(
            _("unknown column {column!r}; the columns are {known}").format(
                column=column, known=", ".join(known)
            ),
            location=f"{name}, row 1",
            field=column,
        )
        for column in columns
        if column not in known
    ]
    problems += [
        Problem(_("the column is missing from the header"), location=f"{name}, row 1", field=c)
        for c in REQUIRED
        if c not in columns
    ]
    problems += [
        Problem(_("the column appears twice in the header"), location=f"{name}, row 1", field=c)
        for c in sorted({c for c in columns if columns.count(c) > 1})
    ]
    return columns, problems


def parse_time(text: str, zone: tzinfo) -> datetime:
    """An ISO 8601 time; without an offset it is a wall-clock time in ``zone``."""
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


_WHOLE = re.compile(r"[0-9]{1,2}")


def _value(text: str) -> int | None:
    text = text.strip()
    return int(text) if _WHOLE.fullmatch(text) and int(text) <= 10 else None


class _RowReader:
    def __init__(self, name: str, person_id: uuid.UUID, zone: tzinfo, now: datetime) -> None:
        self.name, self.person_id, self.zone, self.now = name, person_id, zone, now
        self.problems: list[Problem] = []
        self.first: dict[uuid.UUID, int] = {}

    def add(self, number: int, column: str, message: str) -> None:
        where = _("{name}, row {n}").format(name=self.name, n=number)
        self.problems.append(Problem(message, location=where, field=column))

    def read(self, number: int, values: dict[str, str]) -> dict[str, Any] | None:
        before = len(self.problems)
        moment = self._time(number, values["time"])
        value = _value(values["value"])
        if value is None:
            self.add(
                number,
                "value",
                _("{value!r} is not a whole number from 0 to 10").format(value=values["value"]),
            )
        location = values.get("location", "").strip().lower()
        if location not in ("", *LOCATIONS):
            self.add(
                number,
                "location",
                _("{value!r} is not a shoulder location ({known})").format(
                    value=values["location"], known=", ".join(LOCATIONS)
                ),
            )
        if len(self.problems) > before or moment is None or value is None:
            return None
        note = values.get("note", "")
        bad_text = bounds.text_problem(note, "note")
        if bad_text is not None:
            self.add(number, "note", bad_text.message)
            return None
        return self._row(number, moment, value, location, note)

    def _time(self, number: int, text: str) -> datetime | None:
        try:
            moment = parse_time(text, self.zone)
        except ValueError:
            self.add(
                number,
                "time",
                _("{value!r} is not a date and time like 2026-03-01 08:30").format(value=text),
            )
            return None
        if moment > self.now:
            self.add(number, "time", _("{value} is in the future").format(value=text.strip()))
        elif (found := bounds.time_problem(moment, self.now, "time")) is not None:
            self.add(number, "time", found.message)
        return moment

    def _row(
        self, number: int, moment: datetime, value: int, location: str, note: str
    ) -> dict[str, Any] | None:
        key = f"{self.person_id}|{moment.isoformat()}|{value}|{location}|{note}"
        row_id = uuid.uuid5(CSV_NAMESPACE, key)
        if row_id in self.first:
            self.add(
                number,
                "time",
                _("the row repeats row {n} exactly").format(n=self.first[row_id]),
            )
            return None
        self.first[row_id] = number
        return {
            "id": row_id,
            "person_id": self.person_id,
            "value": value,
            "taken_at": moment,
            "timezone": getattr(self.zone, "key", ""),
            "context": "log",
            "session_id": None,
            "technique_id": None,
            "location": location,
            "note": note,
            "created_at": self.now,
            "replaces_id": None,
            "deleted_at": None,
        }


def read_ratings(
    text: str, name: str, person_id: uuid.UUID, zone: tzinfo, now: datetime
) -> CsvRatings:
    """Pain ratings from a CSV made elsewhere, with every problem by row and column."""
    try:
        records = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text)), 1) if row]
    except csv.Error as exc:
        return CsvRatings(
            [], [Problem(_("the CSV cannot be read: {error}").format(error=exc), name)]
        )
    columns, problems = _header(records[0][1], name)
    if problems:
        return CsvRatings([], problems)
    if len(records) == 1:
        return CsvRatings([], [Problem(_("the file has a header but no rows"), name)])
    reader = _RowReader(name, person_id, zone, now)
    rows = []
    for number, cells in records[1:]:
        if len(cells) != len(columns):
            reader.add(
                number,
                "",
                _("the row has {n} cells but the header has {m}").format(
                    n=len(cells), m=len(columns)
                ),
            )
            continue
        row = reader.read(number, dict(zip(columns, cells, strict=True)))
        if row is not None:
            rows.append(row)
    return CsvRatings(rows, reader.problems)
