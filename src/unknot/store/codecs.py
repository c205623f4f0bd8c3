"""Rows as plain JSON values and back, for every table a person owns (F11).

Export and import work at the table level, so they carry every column the store has without
going through the services that write each record type. A column's SQL type decides how its
value travels: UUIDs as text, times as ISO 8601 with their offset (always UTC, as stored),
days as ``YYYY-MM-DD``, JSON columns as they are, everything else as the JSON scalar it is.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
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
    Uuid,
)

from unknot.core import bounds
from unknot.i18n import _
from unknot.store import tables
from unknot.store.types import UTCDateTime

# Tables that belong to a person but stay out of a backup: logins (web_sessions) and pairing
# links (web_pairings) belong to this install, and one restored elsewhere must not open.
NOT_EXPORTED: frozenset[str] = frozenset({"web_sessions", "web_pairings"})

# The journal's tables in the order a person reads them (parents before children).
_FIRST = (
    "profile", "screening", "session", "session_step", "pain_rating", "stop_event",
    "progression", "checkin", "spadi", "note",
)  # fmt: skip


def _record_tables() -> tuple[Table, ...]:
    """Every table with a person_id column is the person's and travels in a backup: the ones
    above first, then any other in foreign-key order. A table added to the schema is included
    without a change here; its columns are handled by their SQL types."""
    owned = [
        table
        for table in tables.Base.metadata.sorted_tables
        if "person_id" in table.c and table.name not in NOT_EXPORTED
    ]
    first = [t for name in _FIRST for t in owned if t.name == name]
    return (*first, *(t for t in owned if t.name not in _FIRST))


RECORD_TABLES = _record_tables()
PERSON_TABLE: Table = tables.Base.metadata.tables["person"]
TABLE_NAMES = tuple(t.name for t in RECORD_TABLES)


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
    if moment < bounds.EARLIEST:
        raise BadValue(_("{value!r} is before 2000-01-01").format(value=value))
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
        found = bounds.text_problem(value, "")
        if found is not None:
            raise BadValue(found.message)
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
            elif kinds is _STR and bounds.has_control(value):
                return None
        return row

    def encode(self, row: Any) -> dict[str, Any]:
        mapping = row._mapping
        record: dict[str, Any] = {}
        for name, convert in self.out:
            value = mapping[name]
            record[name] = convert(value) if convert is not None and value is not None else value
        return record


_FLOAT = (float, int)
_STR = (str,)


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
    return _STR


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
