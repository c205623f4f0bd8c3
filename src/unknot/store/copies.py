"""The copies of a SQLite database that unknot keeps beside it, and putting one back.

``unknot backup`` writes ``unknot-backup-STAMP.sqlite3``; an upgrade first keeps
``unknot-before-migration-REV-STAMP.sqlite3``, the demo ``unknot-before-demo-…`` and a restore
``unknot-before-restore-…`` (STAMP is the UTC time, ``20260302T183000Z``). A copy is checked
before it replaces anything: an SQLite file, undamaged, with unknot's tables at a revision this
unknot knows. The file it replaces is kept as a copy first, so a restore can be undone.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from unknot.errors import NotFoundError, StoreError, ValidationError
from unknot.i18n import _
from unknot.store import db, failures

SQLITE_HEADER = b"SQLite format 3\x00"
_KIND = r"backup|before-migration-[0-9A-Za-z]+|before-demo|before-restore"
_STAMP = r"\d{8}T\d{6}Z"


@dataclass(frozen=True)
class Copy:
    path: Path
    kind: str  # "backup", "before-migration-0004", "before-demo", "before-restore"
    made: datetime
    size: int

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Restored:
    copy: Path
    revision: str
    kept: Path | None  # the file that was replaced, kept as a copy (None when there was none)


def copies(database: Path) -> list[Copy]:
    """The copies beside ``database``, newest first."""
    pattern = re.compile(
        rf"{re.escape(database.stem)}-(?P<kind>{_KIND})-(?P<stamp>{_STAMP})(?:-\d+)?"
        rf"{re.escape(database.suffix)}"
    )
    found = []
    for path in database.parent.glob(f"{database.stem}-*{database.suffix}"):
        match = pattern.fullmatch(path.name)
        if match is None or not path.is_file():
            continue
        made = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        found.append(Copy(path, match["kind"], made, path.stat().st_size))
    return sorted(found, key=lambda c: (c.made, c.path.stat().st_mtime, c.name), reverse=True)


def choose(database: Path, name: str | None) -> Path:
    """The copy named ``name`` (a name from :func:`copies` or a path), else the newest."""
    found = copies(database)
    if name is None:
        if not found:
            raise NotFoundError(
                _("There are no copies of the database in {folder}.").format(
                    folder=database.parent
                ),
                hint=_("`unknot backup` makes one."),
            )
        return found[0].path
    for each in found:
        if each.name == name:
            return each.path
    given = Path(name).expanduser()
    if given.is_file():
        return given
    raise NotFoundError(
        _("There is no copy called {name} in {folder}.").format(name=name, folder=database.parent),
        hint=_("`unknot restore` lists the copies there."),
    )


def check(path: Path) -> str:
    """The schema revision of the unknot database in ``path``; refuse anything else."""
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise ValidationError(
            _("{path} is not an unknot database: it is not an SQLite file.").format(path=path),
            hint=_("Choose one of the copies `unknot restore` lists."),
        )
    try:
        with _read_only(path) as conn:
            verdict = conn.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            revision = None
            if {"alembic_version", "person"} <= tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = None if row is None else str(row[0])
    except sqlite3.DatabaseError as exc:
        raise ValidationError(
            _("{path} is damaged and cannot be restored ({reason}).").format(path=path, reason=exc),
            hint=_("Choose another copy: `unknot restore` lists them."),
        ) from exc
    if verdict != ("ok",):
        raise ValidationError(
            _("{path} is damaged and cannot be restored.").format(path=path),
            hint=_("Choose another copy: `unknot restore` lists them."),
        )
    if revision is None:
        raise ValidationError(
            _("{path} is an SQLite file, but not an unknot database.").format(path=path),
            hint=_("Choose one of the copies `unknot restore` lists."),
        )
    if revision not in db.known_revisions():
        raise ValidationError(
            _(
                "{path} was written by a newer unknot (schema {revision}; this one knows up to "
                "{head})."
            ).format(path=path, revision=revision, head=db.SCHEMA_HEAD),
            hint=_("Upgrade unknot, then restore it."),
        )
    return revision


def restore(database: Path, copy: Path) -> Restored:
    """Put ``copy`` in the place of ``database``, keeping the file it replaces as a copy.

    The copy is written into the database through SQLite's backup API, in one transaction, so
    a server still running on it sees the old data or the new, never half. A file that is no
    database at all is replaced whole instead (written beside it, synced, then renamed).
    """
    revision = check(copy)
    if copy.resolve() == database.resolve():
        raise ValidationError(_("That copy is the database itself; nothing to restore."))
    with _in_words(database):
        kept = keep_current(database)
        db.private_database_file(database)
        try:
            with _read_only(copy) as src, closing(sqlite3.connect(database)) as dst:
                src.backup(dst)
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            _replace_whole(database, copy)
    return Restored(copy, revision, kept)


def keep_current(database: Path) -> Path | None:
    """Keep the database as ``…-before-restore-STAMP``: a consistent copy when it is readable,
    else its bytes as they are (with its -wal file)."""
    if not database.exists() or database.stat().st_size == 0:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = db.new_private_file(
        database.with_name(f"{database.stem}-before-restore-{stamp}"), database.suffix
    )
    try:
        with closing(sqlite3.connect(database)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
        return target
    except sqlite3.DatabaseError as exc:
        if not _damaged(exc):
            target.unlink(missing_ok=True)
            raise
    _copy_private(database, target)
    wal = database.with_name(database.name + "-wal")
    if wal.exists():
        _copy_private(wal, target.with_name(target.name + "-wal"))
    return target


def _replace_whole(database: Path, copy: Path) -> None:
    temporary = db.new_private_file(database.with_name(f".{database.name}.restoring"), "")
    try:
        _copy_private(copy, temporary)
        for extra in ("-wal", "-shm"):
            database.with_name(database.name + extra).unlink(missing_ok=True)
        os.replace(temporary, database)
    finally:
        temporary.unlink(missing_ok=True)


def _copy_private(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, db.PRIVATE_FILE)
    with source.open("rb") as src, os.fdopen(fd, "wb") as dst:
        shutil.copyfileobj(src, dst)
        dst.flush()
        os.fsync(dst.fileno())
    os.chmod(target, db.PRIVATE_FILE)


@contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """``path`` opened read-only and as immutable: no -wal or -shm is made beside a copy."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)) as c:
        yield c


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    """SQLite found no database, or a damaged one (not: the disk is full, a lock)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (failures.SQLITE_NOTADB, failures.SQLITE_CORRUPT)


@contextmanager
def _in_words(database: Path) -> Iterator[None]:
    """A full disk or an unwritable folder while restoring, said plainly."""
    try:
        yield
    except sqlite3.Error as exc:
        found = failures.explain(exc, make_url(f"sqlite:///{database}"))
        raise (found or StoreError(str(exc))) from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise failures.disk_full(str(database)) from exc
        raise StoreError(
            _("Could not restore {path}: {reason}").format(path=database, reason=exc.strerror),
            hint=_("Check that you may write to its folder, then try again."),
        ) from exc
