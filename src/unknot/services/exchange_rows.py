"""Rows as plain JSON values and back, for every table a person owns (F11).

Export and import work at the table level, so they carry every column the store has without
going through the services that write each record type. A column's SQL type decides how its
value travels: UUIDs as text, times as ISO 8601 with their offset (always UTC, as stored),
days as ``YYYY-MM-DD``, JSON columns as they are, everything else as the JSON scalar it is.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    cast,
    delete,
    func,
    select,
)
from sqlalchemy.orm import Session

from unknot.i18n import _
from unknot.store import tables
from unknot.store.types import UTCDateTime

# The person's own tables, parents before children (the order rows are written in).
RECORD_TABLES: tuple[Table, ...] = tuple(
    model.__table__  # type: ignore[misc]
    for model in (
        tables.Profile,
        tables.Screening,
        tables.SessionRow,
        tables.SessionStep,
        tables.PainRating,
        tables.StopEventRow,
        tables.ProgressionRow,
        tables.CheckInRow,
        tables.SpadiRow,
        tables.NoteRow,
    )
)
PERSON_TABLE: Table = tables.Person.__table__  # type: ignore[assignment]
TABLE_NAMES = tuple(t.name for t in RECORD_TABLES)

# The column that orders a table's rows in an export (time order reads best), then the id.
_ORDER = ("taken_at", "started_at", "recorded_at", "updated_at", "created_at")


class BadValue(Exception):
    """A value that does not fit its column; the text says why, for a Problem."""


@lru_cache(maxsize=1 << 16)
def _parse_uuid(value: str) -> uuid.UUID | None:
    """A UUID from text, or None; cached, as person and session ids repeat on many rows."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _uuid_in(value: Any) -> uuid.UUID:
    found = _parse_uuid(value) if isinstance(value, str) else None
    if found is None:
        raise BadValue(_("{value!r} is not a UUID").format(value=value))
    return found


def _moment_in(value: Any) -> datetime:
    if not isinstance(value, str):
        raise BadValue(_("{value!r} is not an ISO 8601 time").format(value=value))
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadValue(_("{value!r} is not an ISO 8601 time").format(value=value)) from None
    if moment.tzinfo is None:
        raise BadValue(_("{value!r} has no UTC offset").format(value=value))
    return moment


def _day_in(value: Any) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadValue(_("{value!r} is not a date (YYYY-MM-DD)").format(value=value)) from None


def _int_in(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValue(_("{value!r} is not a whole number").format(value=value))
    return value


def _float_in(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValue(_("{value!r} is not a number").format(value=value))
    return float(value)


def _bool_in(value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadValue(_("{value!r} is not true or false").format(value=value))
    return value


def _json_in(value: Any) -> Any:
    if not isinstance(value, list | dict):
        raise BadValue(_("{value!r} is not a JSON list or object").format(value=value))
    return value


def _text_in(length: int | None) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise BadValue(_("{value!r} is not text").format(value=value))
        if length is not None and len(value) > length:
            raise BadValue(
                _("the text is {n} characters long; at most {limit} fit").format(
                    n=len(value), limit=length
                )
            )
        return value

    return check


def _out(column: Column[Any]) -> Callable[[Any], Any] | None:
    """How a column's Python value becomes a JSON value (None: it already is one)."""
    if isinstance(column.type, Uuid):
        return str
    if isinstance(column.type, UTCDateTime | Date):
        return lambda v: v.isoformat()
    return None


def _in(column: Column[Any]) -> Callable[[Any], Any]:
    """How a JSON value becomes the column's Python value, or BadValue."""
    kind = column.type
    if isinstance(kind, Uuid):
        return _uuid_in
    if isinstance(kind, UTCDateTime):
        return _moment_in
    if isinstance(kind, Date):
        return _day_in
    if isinstance(kind, Boolean):
        return _bool_in
    if isinstance(kind, Integer):
        return _int_in
    if isinstance(kind, Float):
        return _float_in
    if isinstance(kind, JSON):
        return _json_in
    if isinstance(kind, String):
        return _text_in(kind.length)
    raise TypeError(f"no codec for {column.table.name}.{column.name} ({kind!r})")


@dataclass(frozen=True)
class Codec:
    """Encoders and decoders for one table's columns."""

    table: Table
    out: tuple[tuple[str, Callable[[Any], Any] | None], ...]
    into: dict[str, tuple[Callable[[Any], Any], bool]]  # name -> (decoder, nullable)
    names: frozenset[str]
    # for quick_decode: columns that need converting, and columns that only need a type check
    converted: tuple[tuple[str, Callable[[Any], Any], bool], ...] = ()
    plain: tuple[tuple[str, tuple[type, ...], bool, int | None], ...] = ()

    def quick_decode(self, raw: dict[str, Any]) -> dict[str, Any] | None:
        """The decoded row when everything in it is right, else None (then ask for problems).

        The common case, made cheap: a whole backup is decoded row by row.
        """
        if raw.keys() != self.names:
            return None
        row = dict(raw)
        try:
            for name, convert, nullable in self.converted:
                value = row[name]
                if value is not None:
                    row[name] = convert(value)
                elif not nullable:
                    return None
        except BadValue:
            return None
        for name, kinds, nullable, length in self.plain:
            value = row[name]
            if value is None:
                if not nullable:
                    return None
            elif type(value) not in kinds or (length is not None and len(value) > length):
                return None
            elif kinds is _FLOAT:
                row[name] = float(value)
        return row

    def encode(self, row: Any) -> dict[str, Any]:
        mapping = row._mapping
        record: dict[str, Any] = {}
        for name, convert in self.out:
            value = mapping[name]
            record[name] = convert(value) if convert is not None and value is not None else value
        return record


_FLOAT = (float, int)


def _plain_kinds(column: Column[Any]) -> tuple[type, ...] | None:
    """The JSON types a column takes as they are; None when the value must be converted."""
    kind = column.type
    if isinstance(kind, Uuid | UTCDateTime | Date):
        return None
    if isinstance(kind, Boolean):
        return (bool,)
    if isinstance(kind, Integer):
        return (int,)
    if isinstance(kind, Float):
        return _FLOAT
    if isinstance(kind, JSON):
        return (list, dict)
    return (str,)


def codec(table: Table) -> Codec:
    columns = list(table.columns)
    return Codec(
        table,
        tuple((c.name, _out(c)) for c in columns),
        {c.name: (_in(c), bool(c.nullable)) for c in columns},
        frozenset(c.name for c in columns),
        tuple((c.name, _in(c), bool(c.nullable)) for c in columns if _plain_kinds(c) is None),
        tuple(
            (c.name, kinds, bool(c.nullable), getattr(c.type, "length", None))
            for c in columns
            if (kinds := _plain_kinds(c)) is not None
        ),
    )


CODECS = {t.name: codec(t) for t in (PERSON_TABLE, *RECORD_TABLES)}


def order_column(table: Table) -> Column[Any]:
    name = next(n for n in _ORDER if n in table.c)
    return table.c[name]


def read_person(session: Session, person_id: uuid.UUID) -> dict[str, Any]:
    row = session.execute(select(PERSON_TABLE).where(PERSON_TABLE.c.id == person_id)).one()
    return CODECS["person"].encode(row)


# Every session stores the whole plan it ran (tens of kilobytes), and most sessions ran one of
# a few plans. A backup keeps each plan once, under a key made from its content, and the
# session's ``plan`` holds that key. The plan column is read as text, so the few distinct
# plans are the only ones parsed.
SHARED = ("session", "plan")


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


def _columns(table: Table) -> list[Any]:
    if table.name != SHARED[0]:
        return [table]
    return [cast(c, Text).label(c.name) if c.name == SHARED[1] else c for c in table.columns]


def read_records(
    session: Session, person_id: uuid.UUID, book: PlanBook
) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table the person owns, as JSON values, in time order."""
    found: dict[str, list[dict[str, Any]]] = {}
    for table in RECORD_TABLES:
        query = (
            select(*_columns(table))
            .where(table.c.person_id == person_id)
            .order_by(order_column(table), table.c.id)
        )
        encode = CODECS[table.name].encode
        rows = [encode(row) for row in session.execute(query)]
        if table.name == SHARED[0]:
            for row in rows:
                row[SHARED[1]] = book.key(row[SHARED[1]])
        found[table.name] = rows
    return found


def counts(session: Session, person_id: uuid.UUID) -> dict[str, int]:
    """How many rows the person has in each table (only tables with any)."""
    found = {}
    for table in RECORD_TABLES:
        n = session.scalar(select(func.count()).where(table.c.person_id == person_id)) or 0
        if n:
            found[table.name] = int(n)
    return found


def describe(found: dict[str, int]) -> str:
    """``3 session, 12 pain_rating`` — what a store holds, for messages."""
    return ", ".join(f"{n} {name}" for name, n in found.items())


def existing_ids(session: Session, table: Table, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of ``ids`` the table already has (in slices, to stay under parameter limits)."""
    wanted = list(ids)
    present: set[uuid.UUID] = set()
    if not wanted or session.scalar(select(table.c.id).limit(1)) is None:
        return present  # an empty table (the usual import into a new store)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        present.update(session.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    return present


def take_person(session: Session, old: uuid.UUID, person: dict[str, Any]) -> uuid.UUID:
    """Make ``person`` (decoded) the store's local person in place of ``old``, who has no data."""
    session.execute(delete(PERSON_TABLE).where(PERSON_TABLE.c.id == old))
    session.execute(PERSON_TABLE.insert(), [{**person, "kind": "local"}])
    return uuid.UUID(str(person["id"]))


def _processor(column: Column[Any], dialect: Any) -> Callable[[Any], Any] | None:
    """The column type's own bind processor; a JSON value shared by many rows (a session's
    plan) is serialised once."""
    proc: Callable[[Any], Any] | None = column.type.dialect_impl(dialect).bind_processor(dialect)
    if not isinstance(column.type, JSON):
        return proc
    if dialect.name == "postgresql":  # COPY takes the JSON text itself
        proc = dialect._json_serializer or json.dumps
    if proc is None:
        return None
    done: dict[int, Any] = {}  # by id(): every value stays alive while the rows are written

    def once(value: Any) -> Any:
        key = id(value)
        if key not in done:
            done[key] = proc(value)
        return done[key]

    return once


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Bulk insert, with values converted by each column's own type.

    This is what ``session.execute(table.insert(), rows)`` does, less the generic per-row
    bookkeeping that dominates when a backup or the demo writes a hundred thousand rows. On
    PostgreSQL the rows go in with COPY, in the same transaction.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = [c.name for c in table.columns]
    compiled = table.insert().compile(dialect=dialect, column_keys=names)
    order = list(compiled.positiontup or ()) if compiled.positional else names
    procs = {c.name: _processor(c, dialect) for c in table.columns}
    steps = [(key, procs[key]) for key in order]
    params = [tuple(r[k] if p is None else p(r[k]) for k, p in steps) for r in rows]
    if dialect.name == "postgresql":
        _copy(connection, table, order, params)
        return
    batch: list[Any] = params
    if not compiled.positional:
        batch = [dict(zip(order, values, strict=True)) for values in params]
    for start in range(0, len(batch), 5000):
        connection.exec_driver_sql(compiled.string, batch[start : start + 5000])


def _copy(connection: Any, table: Table, names: list[str], rows: list[tuple[Any, ...]]) -> None:
    columns = ", ".join(f'"{name}"' for name in names)
    driver = connection.connection.driver_connection
    with (
        driver.cursor() as cursor,
        cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy,
    ):
        for values in rows:
            copy.write_row(values)
