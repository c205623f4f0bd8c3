"""Reading and writing a person's rows in bulk: what export, import and the demo share.

Reads go through the column codecs of :mod:`unknot.services.exchange.rows`; writes convert
values with each column's own SQL type, in bulk (COPY on PostgreSQL).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import JSON, Column, Table, Text, cast, delete, func, select
from sqlalchemy.orm import Session

from unknot.i18n import _, ngettext
from unknot.services.exchange.rows import CODECS, PERSON_TABLE, RECORD_TABLES

# The column that orders a table's rows in an export (time order reads best), then the id.
_ORDER = ("taken_at", "started_at", "recorded_at", "updated_at", "created_at")


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


_LZ4 = (
    "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
)


def _copy(connection: Any, table: Table, names: list[str], rows: list[tuple[Any, ...]]) -> None:
    """COPY the rows in. Large values (session plans) are compressed with lz4 when the server
    has it: a setting for this transaction only, four times faster than the default pglz."""
    if connection.exec_driver_sql(_LZ4).first() is not None:
        connection.exec_driver_sql("SET LOCAL default_toast_compression = 'lz4'")
    columns = ", ".join(f'"{name}"' for name in names)
    driver = connection.connection.driver_connection
    with (
        driver.cursor() as cursor,
        cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy,
    ):
        for values in rows:
            copy.write_row(values)
