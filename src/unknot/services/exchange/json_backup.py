"""The JSON backup: every record a person has, versioned, and read back with every check.

The document (``docs/exchange.md`` describes it field by field)::

    {"format": "unknot-backup", "version": 1, "schema_revision": "...",
     "exported_at": "2026-03-02T18:30:00+00:00", "person": {...},
     "tables": {"profile": [...], "screening": [...], ..., "note": [...]}}

Each table holds its rows with every column (UUIDs, edit history in ``replaces_id``, deletions
in ``deleted_at``), one row to a line so a backup diffs well.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from unknot.core.journal import CONTEXTS, LOCATIONS
from unknot.errors import Problem
from unknot.i18n import _
from unknot.services.exchange.bulk import SHARED, PlanBook
from unknot.store.codecs import CODECS, RECORD_TABLES, TABLE_NAMES, BadValue
from unknot.store.person_rows import PersonRows

FORMAT = "unknot-backup"
VERSION = 1

# A record may be stamped a little after the import's clock (clocks of two machines differ).
FUTURE_SLACK = timedelta(minutes=10)
EVENT_TIMES = ("taken_at", "started_at")
PAIN_COLUMNS = {
    "pain_rating": ("value",),
    "checkin": ("average_pain", "worst_pain"),
    "session": ("pain_before", "pain_after"),
}


def document(rows: PersonRows, revision: str | None, now: datetime) -> dict[str, Any]:
    """The whole backup of the person ``rows`` reads, as a dict of JSON values."""
    book = PlanBook()
    found = rows.records(book.key)
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema_revision": revision,
        "exported_at": now.isoformat(),
        "person": rows.person(),
        "plans": book.sorted(),
        "tables": found,
    }


def dumps(doc: dict[str, Any]) -> Iterator[str]:
    """The document as JSON text, in pieces: one plan, and one record, to a line."""
    head = {k: v for k, v in doc.items() if k not in ("person", "plans", "tables")}
    yield json.dumps(head, ensure_ascii=False)[:-1]
    yield ',\n"person": ' + json.dumps(doc["person"], ensure_ascii=False)
    yield ',\n"plans": {'
    for i, (key, plan) in enumerate(doc["plans"].items()):
        yield ("," if i else "") + f"\n{json.dumps(key)}: " + json.dumps(plan, ensure_ascii=False)
    yield '\n},\n"tables": {'
    for i, (name, rows) in enumerate(doc["tables"].items()):
        yield ("," if i else "") + f"\n{json.dumps(name)}: ["
        for j, row in enumerate(rows):
            yield ("," if j else "") + "\n" + json.dumps(row, ensure_ascii=False)
        yield "\n]"
    yield "\n}}\n"


@dataclass
class Backup:
    """A backup that passed every check, decoded into column values ready to insert."""

    person: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def person_id(self) -> uuid.UUID:
        value = self.person["id"]
        assert isinstance(value, uuid.UUID)
        return value


class _At:
    """Where a record is in the file; its text is made only when a problem needs it."""

    __slots__ = ("index", "table")

    def __init__(self, table: str, index: int) -> None:
        self.table, self.index = table, index

    def __str__(self) -> str:
        return _("{table} record {n}").format(table=self.table, n=self.index)


# Columns a later migration added to an existing table, with the value a row of an older
# backup takes (migration 0005: a screening's checked answers and routine appointment).
LATER_COLUMNS: dict[str, dict[str, Any]] = {
    "screening": {"checked": [], "routine_status": "", "routine_marked_at": None},
}


def _with_later_columns(table: str, raw: Any) -> Any:
    """An older backup's row, given the columns added since with their starting values."""
    later = LATER_COLUMNS.get(table)
    if not later or not isinstance(raw, dict) or not later.keys() - raw.keys():
        return raw
    return {**{k: v for k, v in later.items() if k not in raw}, **raw}


class _Checker:
    """Collects every problem of a parsed backup, then gives the decoded rows."""

    def __init__(self, name: str, now: datetime) -> None:
        self.name = name
        self.now = now
        self.problems: list[Problem] = []

    def add(self, message: str, where: object = "", column: str = "") -> None:
        location = f"{self.name}, {where}" if where else self.name
        self.problems.append(Problem(message, location=location, field=column))

    def header(self, data: Any) -> bool:
        if not isinstance(data, dict):
            self.add(_("the file holds JSON but not a JSON object, so it is not an unknot backup"))
            return False
        if data.get("format") != FORMAT:
            self.add(
                _("the format is {got!r}, not {want!r}: this is not an unknot backup").format(
                    got=data.get("format"), want=FORMAT
                ),
                column="format",
            )
            return False
        if data.get("version") != VERSION:
            self.add(
                _("backup version {got!r} is not one this unknot reads (it reads {want})").format(
                    got=data.get("version"), want=VERSION
                ),
                column="version",
            )
            return False
        return True

    def record(self, table: str, where: object, raw: Any) -> dict[str, Any]:
        raw = _with_later_columns(table, raw)
        if not isinstance(raw, dict):
            self.add(_("a record must be a JSON object"), where)
            return {}
        codec = CODECS[table]
        quick = codec.quick_decode(raw)
        if quick is not None:
            return quick
        for name in sorted(raw.keys() - codec.names):
            self.add(_("there is no such column in {table}").format(table=table), where, name)
        missing = codec.names - raw.keys()
        decoded: dict[str, Any] = {}
        for name, (decode, nullable) in codec.into.items():
            if missing and name in missing:
                self.add(_("the column is missing"), where, name)
            elif raw[name] is None:
                if not nullable:
                    self.add(_("the value is empty (null) but must be given"), where, name)
                decoded[name] = None
            else:
                try:
                    decoded[name] = decode(raw[name])
                except BadValue as exc:
                    self.add(str(exc), where, name)
        return decoded

    def meaning(self, table: str, where: object, row: dict[str, Any], person: Any) -> None:
        """Checks beyond types: owner, ranges, known codes, nothing in the future."""
        if table != "person" and row.get("person_id") not in (None, person):
            self.add(
                _("the record belongs to another person than the backup's"), where, "person_id"
            )
        for name in PAIN_COLUMNS.get(table, ()):
            value = row.get(name)
            if value is not None and not 0 <= value <= 10:
                self.add(_("{value} is not from 0 to 10").format(value=value), where, name)
        for name in EVENT_TIMES:
            moment = row.get(name)
            if moment is not None and moment > self.now + FUTURE_SLACK:
                self.add(
                    _("{moment} is in the future").format(moment=moment.isoformat()), where, name
                )
        if table == "pain_rating":
            self._pain_codes(where, row)
        if table == "spadi" and "answers" in row:
            self._spadi(where, row["answers"])

    def _pain_codes(self, where: object, row: dict[str, Any]) -> None:
        if row.get("context") not in (None, *CONTEXTS):
            self.add(
                _("{value!r} is not one of {known}").format(
                    value=row["context"], known=", ".join(CONTEXTS)
                ),
                where,
                "context",
            )
        if row.get("location") not in (None, "", *LOCATIONS):
            self.add(
                _("{value!r} is not a shoulder location (like right-front)").format(
                    value=row["location"]
                ),
                where,
                "location",
            )

    def _spadi(self, where: object, answers: Any) -> None:
        ok = isinstance(answers, list) and len(answers) == 13
        ok = ok and all(
            a is None or (isinstance(a, int) and not isinstance(a, bool) and 0 <= a <= 10)
            for a in answers
        )
        if not ok:
            self.add(
                _("SPADI answers must be 13 whole numbers from 0 to 10 (null when unanswered)"),
                where,
                "answers",
            )


def check(data: Any, name: str, now: datetime) -> tuple[Backup | None, list[Problem]]:
    """Every problem of a parsed backup, or the decoded backup when there are none."""
    checker = _Checker(name, now)
    if not checker.header(data):
        return None, checker.problems
    if not isinstance(data.get("person"), dict):
        checker.add(_("the backup has no person object"), column="person")
        return None, checker.problems
    person = checker.record("person", "person", data["person"])
    found = data.get("tables")
    if not isinstance(found, dict):
        checker.add(_("the backup has no tables object"), column="tables")
        return None, checker.problems
    for unknown in sorted(set(found) - set(TABLE_NAMES)):
        checker.add(_("there is no table {name!r} in unknot").format(name=unknown), column="tables")
    plans = data.get("plans", {})
    if not isinstance(plans, dict) or not all(isinstance(p, dict) for p in plans.values()):
        checker.add(_("plans must be a JSON object of plan objects"), column="plans")
        return None, checker.problems
    backup = Backup(person)
    for table in RECORD_TABLES:
        raw_rows = found.get(table.name, [])
        backup.rows[table.name] = _table_rows(checker, table.name, raw_rows, person, plans)
    _references(checker, backup)
    return (None if checker.problems else backup), checker.problems


def _shared_plan(checker: _Checker, where: object, raw: Any, plans: dict[str, Any]) -> Any:
    """A session row with its plan key replaced by the plan it names."""
    if not isinstance(raw, dict) or not isinstance(raw.get(SHARED[1]), str):
        return raw
    key = raw[SHARED[1]]
    if key not in plans:
        checker.add(_("plan {key!r} is not in the backup's plans").format(key=key), where, "plan")
        return {**raw, SHARED[1]: {}}
    return {**raw, SHARED[1]: plans[key]}


def _table_rows(
    checker: _Checker,
    table: str,
    raw_rows: Any,
    person: dict[str, Any],
    plans: dict[str, Any],
) -> list[dict[str, Any]]:
    if not isinstance(raw_rows, list):
        checker.add(_("the table must be a JSON list of records"), column=table)
        return []
    rows: list[dict[str, Any]] = []
    first_at: dict[Any, int] = {}
    for index, raw in enumerate(raw_rows, start=1):
        where = _At(table, index)
        if table == SHARED[0]:
            raw = _shared_plan(checker, where, raw, plans)
        row = checker.record(table, where, raw)
        checker.meaning(table, where, row, person.get("id"))
        key = row.get("id")
        if key is not None and key in first_at:
            checker.add(
                _("the id {id} is used again (first by record {n})").format(
                    id=key, n=first_at[key]
                ),
                where,
                "id",
            )
        elif key is not None:
            first_at[key] = index
        rows.append(row)
    return rows


def _references(checker: _Checker, backup: Backup) -> None:
    """Steps, stop events and session ratings must name a session in the same backup."""
    sessions = {row.get("id") for row in backup.rows["session"]}
    for table in ("session_step", "stop_event", "pain_rating"):
        for index, row in enumerate(backup.rows[table], start=1):
            target = row.get("session_id")
            if target is not None and target not in sessions:
                checker.add(
                    _("session {id} is not in the backup").format(id=target),
                    _("{table} record {n}").format(table=table, n=index),
                    "session_id",
                )
