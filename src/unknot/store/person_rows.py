"""A person's rows in bulk, table by table: what export, import and the demo read and write.

Reads go through the column codecs of :mod:`unknot.store.codecs`; writes convert values with
each column's own SQL type, in bulk (COPY on PostgreSQL). :class:`PersonRows` is built from
the Actor and reads and writes only the rows of its person.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import JSON, Column, Table, Text, cast, delete, func, select
from sqlalchemy.orm import Session

from unknot.store import tables
from unknot.store.codecs import CODECS, PERSON_TABLE, RECORD_TABLES
from unknot.store.scope import OutOfScope, Who

# The column that orders a table's rows in an export (time order reads best), then the id.
_ORDER = ("taken_at", "started_at", "recorded_at", "updated_at", "created_at")

# Every session stores the whole plan it ran (tens of kilobytes), and most sessions ran one of
# a few plans. The plan column is read as text, so that the few distinct plans are the only
# ones parsed (a backup keeps each plan once, under a key made from its content).
SHARED = ("session", "plan")


def order_column(table: Table) -> Column[Any]:
    name = next(n for n in _ORDER if n in table.c)
    return table.c[name]


def _columns(table: Table) -> list[Any]:
    if table.name != SHARED[0]:
        return [table]
    return [cast(c, Text).label(c.name) if c.name == SHARED[1] else c for c in table.columns]


def table_named(name: str) -> Table:
    return tables.Base.metadata.tables[name]


class PersonRows:
    """Every table the person owns, read and written as plain rows (dicts of column values)."""

    def __init__(self, session: Session, who: Who) -> None:
        self.session = session
        self.person_id = who.person_id
        self.people = frozenset(who.people)

    def person(self) -> dict[str, Any]:
        """The person's own row, as JSON values."""
        found = self.session.execute(
            select(PERSON_TABLE).where(
                PERSON_TABLE.c.id == self.person_id, PERSON_TABLE.c.id.in_(self.people)
            )
        ).one()
        return CODECS["person"].encode(found)

    def records(self, plan_key: Callable[[str], str]) -> dict[str, list[dict[str, Any]]]:
        """Every row of every table the person owns, as JSON values, in time order; a
        session's plan (read as text) is replaced by ``plan_key(text)``."""
        found: dict[str, list[dict[str, Any]]] = {}
        for table in RECORD_TABLES:
            query = (
                select(*_columns(table))
                .where(table.c.person_id == self.person_id)
                .order_by(order_column(table), table.c.id)
            )
            encode = CODECS[table.name].encode
            rows = [encode(row) for row in self.session.execute(query)]
            if table.name == SHARED[0]:
                for row in rows:
                    row[SHARED[1]] = plan_key(row[SHARED[1]])
            found[table.name] = rows
        return found

    def counts(self) -> dict[str, int]:
        """How many rows the person has in each table (only tables with any)."""
        found = {}
        for table in RECORD_TABLES:
            query = select(func.count()).where(table.c.person_id == self.person_id)
            n = self.session.scalar(query) or 0
            if n:
                found[table.name] = int(n)
        return found

    def delete_all(self) -> None:
        """Delete every record of the person (children first); the person stays."""
        for table in reversed(RECORD_TABLES):
            self.session.execute(delete(table).where(table.c.person_id == self.person_id))

    def take_person(self, person: dict[str, Any]) -> uuid.UUID:
        """Make ``person`` (decoded) the store's local person in place of this one, who has no
        data left; from now on these rows are the new person's."""
        self.session.execute(delete(PERSON_TABLE).where(PERSON_TABLE.c.id == self.person_id))
        self.session.execute(PERSON_TABLE.insert(), [{**person, "kind": "local"}])
        self.person_id = uuid.UUID(str(person["id"]))
        self.people = frozenset({self.person_id})
        return self.person_id

    def new_rows(self, table_name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The rows not stored yet: their id is free, and for the one-per-person tables (the
        profile, a technique's progress) the person's slot is still empty."""
        table = table_named(table_name)
        taken = _existing_ids(self.session, table, (row["id"] for row in rows))
        taken |= self._taken_slots(table, rows)
        return [row for row in rows if row["id"] not in taken]

    def _taken_slots(self, table: Table, rows: list[dict[str, Any]]) -> set[uuid.UUID]:
        mine = table.c.person_id == self.person_id
        if table.name == "profile":
            has = self.session.scalar(select(table.c.id).where(mine))
            return {row["id"] for row in rows} if has is not None else set()
        if table.name == "progression":
            known = set(self.session.scalars(select(table.c.technique_id).where(mine)))
            return {row["id"] for row in rows if row["technique_id"] in known}
        return set()

    def insert(self, table_name: str, rows: list[dict[str, Any]]) -> None:
        """Bulk insert of the person's rows; a row of anyone else is refused before any is."""
        strangers = {row["person_id"] for row in rows} - self.people
        if strangers:
            raise OutOfScope(f"{table_name}: rows of another person")
        insert_rows(self.session, table_named(table_name), rows)


def _existing_ids(session: Session, table: Table, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of ``ids`` the table already has, of anyone (a row keeps its id, and an id is
    unique in the table); in slices, to stay under parameter limits."""
    wanted = list(ids)
    present: set[uuid.UUID] = set()
    if not wanted or session.scalar(select(table.c.id).limit(1)) is None:
        return present  # an empty table (the usual import into a new store)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        present.update(session.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    return present


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
