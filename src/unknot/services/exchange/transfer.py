"""Data that travels (F11): export, import and backup of everything a person keeps.

Import is all or nothing: the whole file is read and checked first, every problem is listed by
row and field, and only a file without problems is written, in one transaction. Rows keep
their ids (a CSV row gets one derived from its content), so importing a file again adds
nothing.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from unknot import files
from unknot.core import strict_json
from unknot.errors import NotFoundError, Problem, StoreError, ValidationError
from unknot.i18n import _
from unknot.services.app import Actor
from unknot.services.exchange import csv_io as exchange_csv
from unknot.services.exchange import json_backup as exchange_json
from unknot.services.exchange.bulk import counts_in_words
from unknot.store import db, failures
from unknot.store.codecs import TABLE_NAMES
from unknot.store.person_rows import PersonRows

FORMATS = ("json", "csv", "fhir")
MAX_IMPORT_BYTES = 512 * 1024 * 1024
_MB = 1024 * 1024


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    counts: dict[str, int]


@dataclass(frozen=True)
class ImportResult:
    kind: str  # backup | csv
    added: dict[str, int] = field(default_factory=dict)
    already: int = 0  # rows the store had already (a second import of the same file)
    adopted: uuid.UUID | None = None  # the backup's person, when the store took it on


def default_path(fmt: str, now: datetime, folder: Path | None = None) -> Path:
    names = {
        "json": "unknot-backup-{d}.json",
        "csv": "unknot-csv-{d}",
        "fhir": "unknot-fhir-{d}.json",
    }
    return (folder or Path.cwd()) / names[fmt].format(d=now.strftime("%Y-%m-%d"))


def backup_document(actor: Actor) -> dict[str, Any]:
    """The JSON backup as a dict (what ``export --format json`` writes)."""
    revision = db.current_revision(actor.engine)
    with actor.unit() as session:
        return exchange_json.document(PersonRows(session, actor), revision, actor.clock())


def export(actor: Actor, fmt: str, path: Path | None = None) -> ExportResult:
    """Write the person's data as ``json``, ``csv`` (folder or .zip) or ``fhir``."""
    if fmt not in FORMATS:
        raise ValidationError(
            _("{fmt!r} is not an export format; use json, csv or fhir.").format(fmt=fmt)
        )
    target = path or default_path(fmt, actor.clock())
    files.check_folder(target)
    doc = backup_document(actor)
    if fmt == "json":
        with files.opened(target) as out:
            for piece in exchange_json.dumps(doc):
                out.write(piece.encode("utf-8"))
    elif fmt == "csv":
        _write_csv(doc, target)
    else:
        from unknot.services.exchange.fhir_bundle import bundle

        made = bundle(doc, actor.clock())
        text = json.dumps(made, ensure_ascii=False, indent=1) + "\n"
        files.write_bytes(target, text.encode("utf-8"))
    found = {name: len(rows) for name, rows in doc["tables"].items()}
    return ExportResult(target, fmt, found)


def _write_csv(doc: dict[str, Any], target: Path) -> None:
    made = [(name, text.encode("utf-8")) for name, text in exchange_csv.csv_files(doc)]
    if target.suffix.lower() == ".zip":
        with files.opened(target) as out, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in made:
                zf.writestr(name, data)
        return
    files.write_files(target, made)


def _size(n: int) -> str:
    if n < 1024:
        return _("{n} bytes").format(n=n)
    if n < _MB:
        return _("{n:.0f} KB").format(n=n / 1024)
    return _("{n:.0f} MB").format(n=n / _MB)


def read_text(path: Path, limit: int = MAX_IMPORT_BYTES, shown: str | None = None) -> str:
    """The file's text, or a clear error for a missing, huge, empty or non-UTF-8 file.
    ``shown``: the file's name as the person knows it (an upload is saved under another)."""
    name = shown or str(path)
    if not path.exists():
        raise NotFoundError(_("There is no file {path}.").format(path=name))
    if not path.is_file():
        raise ValidationError(_("{path} is a folder, not a file.").format(path=name))
    size = path.stat().st_size
    if size > limit:
        raise ValidationError(
            _("{path} is {size}; unknot imports files up to {limit}.").format(
                path=name, size=_size(size), limit=_size(limit)
            ),
            hint=_("Split the file, or check that it is the file you meant."),
        )
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise ValidationError(
            _(
                "{path} is a zip file, such as unknot's spreadsheet export (CSV files, zipped): "
                "that export is for reading elsewhere, not for importing back."
            ).format(path=name),
            hint=_(
                "Import a JSON backup instead (`unknot export --format json`), or one CSV file "
                "of pain ratings with the columns time and value."
            ),
            web_hint=_(
                "Import a full backup instead (Settings, Full backup), or one CSV file of pain "
                "ratings with the columns time and value."
            ),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _(
                "{path} is not UTF-8 text: byte 0x{byte:02x} at position {pos} cannot be read."
            ).format(path=name, byte=data[exc.start], pos=exc.start),
            hint=_('Save the file as UTF-8 (in a spreadsheet: "CSV UTF-8") and try again.'),
        ) from None
    if not text.strip():
        raise ValidationError(_("{path} is empty: there is nothing to import.").format(path=name))
    return text


def import_file(
    actor: Actor, path: Path, limit: int = MAX_IMPORT_BYTES, shown: str | None = None
) -> ImportResult:
    """Import a JSON backup or a CSV of pain ratings, all or nothing. Errors name the file as
    ``shown`` (the name the person chose for an upload; by default the path)."""
    name = shown or str(path)
    text = read_text(path, limit, name)
    if text.lstrip().startswith(("{", "[")):
        return _import_backup(actor, name, text)
    return _import_csv(actor, name, text)


def _refuse(path: str, problems: list[Problem], what: str) -> ValidationError:
    return ValidationError(
        _("{path} was not imported: {what} has {n} problem(s).").format(
            path=path, what=what, n=len(problems)
        ),
        hint=_("Nothing was changed. Fix the file and run `unknot import {path}` again.").format(
            path=path
        ),
        web_hint=_("Nothing was changed. Fix the file and import it again on the Settings page."),
        problems=problems,
    )


def _import_backup(actor: Actor, path: str, text: str) -> ImportResult:
    try:
        data = strict_json.loads(text, walk=False)
    except strict_json.JsonShapeError as error:
        raise ValidationError(
            _("{path} was not imported: {problem}").format(path=path, problem=error.message),
            hint=error.hint,
        ) from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("{path} is not valid JSON (line {line}, column {col}: {error}).").format(
                path=path, line=exc.lineno, col=exc.colno, error=exc.msg
            ),
            hint=_("The file may have been cut short; export it again from where it came."),
        ) from None
    _refuse_fhir(data, path)
    backup, problems = exchange_json.check(data, Path(path).name, actor.clock())
    if backup is None:
        raise _refuse(path, problems, _("the backup"))
    adopted = None
    with actor.unit() as session:
        rows = PersonRows(session, actor)
        if backup.person_id != actor.person_id:
            _may_adopt(rows, backup.person_id)
            rows.take_person(backup.person)
            adopted = backup.person_id
        added, already = _write_backup(rows, backup)
    if adopted is not None:
        actor.take_over(adopted)
    actor.profile_changed()
    return ImportResult("backup", added, already, adopted)


def _refuse_fhir(data: Any, path: str) -> None:
    """A FHIR Bundle (unknot's health-record export, or another app's) is not a backup."""
    if isinstance(data, dict) and data.get("resourceType") == "Bundle":
        raise ValidationError(
            _(
                "{path} is a FHIR health-record bundle, such as unknot's health-record export: "
                "it is for other health software and cannot be imported back."
            ).format(path=path),
            hint=_("Import a JSON backup instead (`unknot export --format json`)."),
            web_hint=_("Import a full backup instead (Settings, Full backup)."),
        )


def _may_adopt(rows: PersonRows, incoming: uuid.UUID) -> None:
    found = rows.counts()
    if found:
        raise ValidationError(
            _(
                "This store already holds data of another person ({what}); the backup belongs "
                "to person {incoming}. A store keeps one person's data, so nothing was imported."
            ).format(what=counts_in_words(found), incoming=incoming),
            hint=_(
                "Import into an empty data folder: UNKNOT_DATA_DIR=NEW_FOLDER unknot import FILE."
            ),
            web_hint=_(
                "Start unknot with an empty data folder on the computer, then import the backup "
                "on its Settings page."
            ),
        )


def _write_backup(rows: PersonRows, backup: exchange_json.Backup) -> tuple[dict[str, int], int]:
    added: dict[str, int] = {}
    already = 0
    for name in TABLE_NAMES:
        given = backup.rows[name]
        new = rows.new_rows(name, given)
        already += len(given) - len(new)
        rows.insert(name, new)
        if new:
            added[name] = len(new)
    return added, already


def _import_csv(actor: Actor, path: str, text: str) -> ImportResult:
    zone = actor.zone
    found = exchange_csv.read_ratings(text, Path(path).name, actor.person_id, zone, actor.clock())
    if found.problems:
        raise _refuse(path, found.problems, _("the CSV"))
    with actor.unit() as session:
        rows = PersonRows(session, actor)
        new = rows.new_rows("pain_rating", found.rows)
        rows.insert("pain_rating", new)
    added = {"pain_rating": len(new)} if new else {}
    return ImportResult("csv", added, len(found.rows) - len(new))


def backup(actor: Actor, target: Path | None = None) -> Path:
    """A consistent copy of the SQLite database, made while it may be in use."""
    if actor.engine.dialect.name != "sqlite":
        raise ValidationError(
            _("The database is PostgreSQL; unknot backup copies SQLite files only."),
            hint=_(
                "Use pg_dump (for example: pg_dump --format=custom --file unknot.dump DBNAME), "
                "or `unknot export --format json` for a copy of your data that imports anywhere."
            ),
        )
    database = actor.engine.url.database
    source = Path(database) if database and database != ":memory:" else None
    if source is None or not source.exists():
        raise StoreError(_("There is no database file to back up yet."))
    final = _backup_target(source, target)
    with files.replacing(final) as temp, _copy_in_words(actor, final, temp):
        _copy(source, temp)
    return final


def _copy(source: Path, temp: Path) -> None:
    """SQLite's online backup API: a consistent copy while the database is in use."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(temp)) as dst:
        src.backup(dst)


def _backup_target(source: Path, target: Path | None) -> Path:
    """``target``, or a new ``unknot-backup-STAMP.sqlite3`` in it (a folder) or beside the
    database (no target), the name `unknot restore` lists."""
    if target is not None and not target.is_dir():
        return target
    folder = source.parent if target is None else target
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1000):
        path = folder / f"{source.stem}-backup-{stamp}{f'-{n}' if n else ''}{source.suffix}"
        if not path.exists():
            return path
    raise FileExistsError(path)


@contextmanager
def _copy_in_words(actor: Actor, final: Path, temp: Path) -> Iterator[None]:
    """SQLite's own errors while copying, in words: a full disk where the copy goes, else what
    the database's file has (a damaged file …). A journal SQLite left beside the half-made
    copy goes with it."""
    try:
        yield
    except sqlite3.Error as exc:
        _discard_journal(temp)
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code == failures.SQLITE_FULL or "disk is full" in str(exc):
            raise files.disk_full(final, final.is_file()) from exc
        found = failures.explain(exc, actor.engine.url)
        raise (found or StoreError(str(exc))) from exc
    except BaseException:
        _discard_journal(temp)
        raise


def _discard_journal(temp: Path) -> None:
    for extra in ("-journal", "-wal", "-shm"):
        temp.with_name(temp.name + extra).unlink(missing_ok=True)
