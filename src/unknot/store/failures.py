"""Database errors in words: a damaged file, a full disk, a server that does not answer.

:func:`explain` turns what SQLite or PostgreSQL reported into a :class:`StoreError` with a
hint, or returns None for an error that is a bug or a rule (a broken constraint), which the
caller lets through. The engines are made with ``hide_parameters=True``, and no message here
quotes a statement or a value: nothing a person recorded ends up in an error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from unknot.errors import DamagedStoreError, DiskFullError, StoreError
from unknot.i18n import _

# SQLite's primary result codes (https://sqlite.org/rescode.html), the low byte of an extended one.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26


def where(url: URL) -> str:
    """The database named for a person: the file of a SQLite URL, else the URL sans password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


@contextmanager
def translated(url: URL) -> Iterator[None]:
    """Raise what goes wrong with the database inside as a clear :class:`StoreError`."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        found = explain(exc, url)
        if found is None:
            raise
        raise found from exc


def explain(error: BaseException, url: URL) -> StoreError | None:
    orig: BaseException | None = error.orig if isinstance(error, DBAPIError) else error
    if isinstance(orig, sqlite3.Error):
        return _sqlite(orig, where(url))
    if orig is not None and type(orig).__module__.split(".")[0] == "psycopg":
        return _postgres(orig, where(url))
    return None


def damaged_hint() -> str:
    return _(
        "Move the file away and put a good copy in its place: `unknot restore` lists the copies "
        "unknot keeps beside it and restores one."
    )


def damaged_web_hint() -> str:
    return _(
        "Restore one of the copies unknot keeps beside the database file (the README's "
        "database section says how), then reload this page."
    )


def _sqlite(orig: sqlite3.Error, path: str) -> StoreError | None:
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(orig)
    if primary == SQLITE_FULL or "disk is full" in text:
        return disk_full(path)
    if primary == SQLITE_NOTADB or "not a database" in text:
        return DamagedStoreError(
            _(
                "The file {path} is not a database: it is not SQLite, or something overwrote it."
            ).format(path=path),
            hint=damaged_hint(),
            web_hint=damaged_web_hint(),
        )
    if primary == SQLITE_CORRUPT or "malformed" in text:
        return DamagedStoreError(
            _("The database file {path} is damaged (SQLite found it malformed).").format(path=path),
            hint=damaged_hint(),
            web_hint=damaged_web_hint(),
        )
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreError(
            _("The database is busy: another unknot is using it and did not finish in time."),
            hint=_("Try again in a moment."),
        )
    if primary in (SQLITE_READONLY, SQLITE_PERM):
        return StoreError(
            _("unknot may not write to the database file {path}.").format(path=path),
            hint=_("Make the file and its folder writable by you, then try again."),
        )
    if primary == SQLITE_CANTOPEN:
        return StoreError(
            _("Cannot open the database file {path}.").format(path=path),
            hint=_(
                "Check that its folder exists and that you may write to it "
                "(UNKNOT_DATA_DIR or UNKNOT_DATABASE_URL)."
            ),
            web_hint=_("Check the database file's folder on the computer, then reload this page."),
        )
    if primary == SQLITE_IOERR:
        return StoreError(
            _("The disk could not read or write the database file {path}.").format(path=path),
            hint=_("Check that the disk is connected and working, then try again."),
        )
    return None


def disk_full(path: str) -> DiskFullError:
    return DiskFullError(
        _(
            "The disk is full: unknot could not save to {path}, and nothing of this change "
            "was saved."
        ).format(path=path),
        hint=_("Free some space on that disk, then try again."),
    )


def _postgres(orig: BaseException, url: str) -> StoreError | None:
    import psycopg

    state = getattr(orig, "sqlstate", None)
    if state is None and not isinstance(orig, psycopg.OperationalError | psycopg.InterfaceError):
        return None
    if state == "53100":
        return DiskFullError(
            _(
                "The disk is full on the database server at {url}: nothing of this change "
                "was saved."
            ).format(url=url),
            hint=_("Free some space on the database server's disk, then try again."),
        )
    if state is None or state.startswith(("08", "57P")):
        reason = (str(orig).strip().splitlines() or [""])[0]
        return StoreError(
            _("Cannot reach the database server at {url}: {reason}").format(url=url, reason=reason),
            hint=_(
                "Check that PostgreSQL is running and that UNKNOT_DATABASE_URL is right, then try "
                "again."
            ),
            web_hint=_("The database server is not answering; start it, then reload this page."),
        )
    return None
