"""Every file unknot writes for the person is whole or not there: a write that fails (a full
disk, no permission) keeps the earlier file byte for byte and leaves no temporary file; every
file is 0600 under umask 022; a missing folder is refused, naming it."""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from actors import open_actor
from small_disks import fill_disk
from unknot import files
from unknot.config import load_settings
from unknot.errors import DiskFullError, FileWriteError, ValidationError
from unknot.services import insights
from unknot.services.app import Actor
from unknot.services.calendar import Schedule, write_calendar
from unknot.services.exchange.transfer import backup, export
from unknot.services.journal.write import log_pain

EARLIER = b"an earlier good file\n" * 50
Writer = Callable[[Actor, Path], object]


def _trial_pdf(_actor: Actor, path: Path) -> None:
    from zoneinfo import ZoneInfo

    from unknot.core import trial as core
    from unknot.core.trial_days import TrialInput
    from unknot.core.trial_report import build_report
    from unknot.documents.trial_pdf import write_pdf

    start = date(2026, 3, 2)
    given = TrialInput(
        trial_id="t", design=core.Design(), start=start, seed=5, sequence=("AB", "BA", "AB"),
        randomisation=core.RANDOMISATION, events=(), design_check={}, assessed_by_clinician=False,
        screening_tier="clear", arm_names={"A": "Hip", "B": "Shoulder"},
    )  # fmt: skip
    write_pdf(build_report(given, [], [], ZoneInfo("UTC"), start + timedelta(2)), path)


def _figure(actor: Actor, path: Path) -> None:
    from unknot.documents.report_plot import write_figure

    write_figure(insights.report(actor), path)


def _visit_pdf(actor: Actor, path: Path) -> None:
    from unknot.documents.report_pdf import write_pdf

    write_pdf(insights.visit_summary(actor), path)


WRITERS: dict[str, tuple[str, Writer]] = {
    "export json": ("b.json", lambda a, p: export(a, "json", p)),
    "export fhir": ("f.json", lambda a, p: export(a, "fhir", p)),
    "export csv zip": ("all.zip", lambda a, p: export(a, "csv", p)),
    "calendar": ("r.ics", lambda a, p: write_calendar(a, p, Schedule(time(19), time(21)), "UTC")),
    "report png": ("r.png", _figure),
    "report svg": ("r.svg", _figure),
    "report pdf": ("r.pdf", _visit_pdf),
    "trial pdf": ("t.pdf", _trial_pdf),
    "backup": ("copy.sqlite3", lambda a, p: backup(a, p)),
}
# SQLite writes a backup itself: a fault at the file's write reaches only the others.
THROUGH_A_HANDLE = [name for name in WRITERS if name != "backup"]


@pytest.fixture(scope="module")
def actor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Actor]:
    opened = open_actor(load_settings({"data_dir": tmp_path_factory.mktemp("atomic") / "data"}))
    for value in (2, 5, 3):
        log_pain(opened, value)
    yield opened
    opened.app.close()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


class FullHalfway(io.BufferedWriter):
    """A file on a disk that fills up: half of a write reaches the disk, then ENOSPC."""

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        super().write(chunk[: len(chunk) // 2])
        super().flush()
        raise OSError(errno.ENOSPC, "No space left on device")


def full_at_the_write(monkeypatch: pytest.MonkeyPatch, after: int = 0) -> None:
    """The disk fills at the write of the ``after``-th file opened (0: the first)."""
    opened = [0]

    def handle(fd: int) -> io.BufferedWriter:
        opened[0] += 1
        kind = FullHalfway if opened[0] > after else io.BufferedWriter
        return kind(io.FileIO(fd, "wb"))

    monkeypatch.setattr(files, "_handle", handle)


def failing(monkeypatch: pytest.MonkeyPatch, name: str, code: int) -> None:
    def fail(*_args: Any) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, name, fail)


@pytest.mark.parametrize("writer", THROUGH_A_HANDLE)
def test_a_disk_full_at_the_write_keeps_the_earlier_file(
    writer: str, actor: Actor, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, write = WRITERS[writer]
    target = out / name
    target.write_bytes(EARLIER)
    full_at_the_write(monkeypatch)
    with pytest.raises(DiskFullError) as caught:
        write(actor, target)
    assert caught.value.message == (
        f"The disk is full: unknot could not write {target}. "
        "The file already there is kept as it was."
    )
    assert caught.value.hint == "Free some space on that disk, then try again."
    assert target.read_bytes() == EARLIER
    assert [p.name for p in out.iterdir()] == [name]  # no temporary file is left


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_failure_at_the_sync_or_the_rename_keeps_the_earlier_file(
    writer: str, step: str, actor: Actor, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, write = WRITERS[writer]
    target = out / name
    target.write_bytes(EARLIER)
    failing(monkeypatch, step, errno.ENOSPC)
    with pytest.raises(DiskFullError, match="The disk is full: unknot could not write"):
        write(actor, target)
    monkeypatch.undo()
    assert target.read_bytes() == EARLIER
    assert [p.name for p in out.iterdir()] == [name]


@pytest.mark.parametrize("writer", list(WRITERS))
def test_without_an_earlier_file_nothing_is_left(
    writer: str, actor: Actor, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, write = WRITERS[writer]
    failing(monkeypatch, "replace", errno.ENOSPC)
    with pytest.raises(DiskFullError, match=r"could not write .*\. Nothing was left there\.$"):
        write(actor, out / name)
    monkeypatch.undo()
    assert list(out.iterdir()) == []


def test_no_permission_is_said_in_words(actor: Actor, out: Path, monkeypatch: Any) -> None:
    target = out / "b.json"
    target.write_bytes(EARLIER)
    failing(monkeypatch, "replace", errno.EACCES)
    with pytest.raises(FileWriteError) as caught:
        export(actor, "json", target)
    monkeypatch.undo()
    assert caught.value.message == (
        f"Could not write {target}: you may not write there. "
        "The file already there is kept as it was."
    )
    assert "Choose another folder" in caught.value.hint
    assert target.read_bytes() == EARLIER and [p.name for p in out.iterdir()] == ["b.json"]


def test_a_disk_error_at_the_sync_is_said_in_words(
    actor: Actor, out: Path, monkeypatch: Any
) -> None:
    failing(monkeypatch, "fsync", errno.EIO)
    with pytest.raises(FileWriteError, match="the disk reported an error"):
        export(actor, "fhir", out / "f.json")
    monkeypatch.undo()
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("fmt, name", [("json", "b.json"), ("csv", "csv")])
def test_a_folder_sync_that_fails_says_the_file_is_there_but_unconfirmed(
    fmt: str, name: str, actor: Actor, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(FileWriteError) as caught:
        export(actor, fmt, out / name)
    monkeypatch.undo()
    assert caught.value.message == (
        f"{out / name} was written, but the disk did not confirm that it is saved: "
        "Input/output error."
    )
    assert (out / name).exists() and [p.name for p in out.iterdir()] == [name]


def test_a_folder_at_the_path_is_refused(actor: Actor, out: Path) -> None:
    (out / "b.json").mkdir()
    with pytest.raises(FileWriteError, match=r"b\.json: it is a folder\.$"):
        export(actor, "json", out / "b.json")
    assert [p.name for p in out.iterdir()] == ["b.json"]


def test_a_csv_folder_is_all_new_or_all_as_it_was(
    actor: Actor, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = out / "csv"
    export(actor, "csv", folder)
    earlier = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert len(earlier) > 3
    log_pain(actor, 7)
    full_at_the_write(monkeypatch, after=3)  # three files are written whole, the fourth fails
    with pytest.raises(DiskFullError):
        export(actor, "csv", folder)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == earlier
    export(actor, "csv", folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} != earlier


@pytest.mark.parametrize("writer", list(WRITERS))
def test_every_file_is_private_under_umask_022(
    writer: str, actor: Actor, out: Path, umask_022: None
) -> None:
    name, write = WRITERS[writer]
    target = out / name
    target.write_bytes(EARLIER)
    os.chmod(target, 0o644)
    write(actor, target)
    assert mode(target) == 0o600 and target.read_bytes() != EARLIER
    assert [p.name for p in out.iterdir()] == [name]


def test_a_csv_folder_is_0700_and_its_files_0600(actor: Actor, out: Path, umask_022: None) -> None:
    folder = export(actor, "csv", out / "csv").path
    assert mode(folder) == 0o700
    assert {mode(p) for p in folder.iterdir()} == {0o600}
    zipped = export(actor, "csv", out / "all.zip").path
    assert mode(zipped) == 0o600 and zipfile.ZipFile(zipped).testzip() is None


def test_a_backup_into_a_folder_is_named_as_restore_lists_it(
    actor: Actor, out: Path, umask_022: None
) -> None:
    made = backup(actor, out)
    assert made.parent == out
    assert made.name.startswith("unknot-backup-") and mode(made) == 0o600
    assert [p.name for p in out.iterdir()] == [made.name]  # no journal or temporary file


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_missing_folder_is_refused_and_not_made(writer: str, actor: Actor, out: Path) -> None:
    name, write = WRITERS[writer]
    folder = out / "no" / "such"
    with pytest.raises(ValidationError) as caught:
        write(actor, folder / name)
    assert caught.value.message == f"Cannot write {name}: the folder {folder} does not exist."
    assert caught.value.hint == "Create the folder first, or choose another path."
    assert list(out.iterdir()) == []


def test_a_csv_folder_needs_its_own_folder_to_exist(actor: Actor, out: Path) -> None:
    with pytest.raises(ValidationError, match=f"the folder {out / 'no'} does not exist"):
        export(actor, "csv", out / "no" / "csv")
    assert list(out.iterdir()) == []


def test_a_symbolic_link_is_kept_and_its_file_replaced(actor: Actor, out: Path) -> None:
    real = out / "real.json"
    real.write_bytes(EARLIER)
    link = out / "link.json"
    link.symlink_to(real)
    export(actor, "json", link)
    assert link.is_symlink() and real.read_bytes().startswith(b'{"format"')
    assert sorted(p.name for p in out.iterdir()) == ["link.json", "real.json"]


# A real full disk: a 1 MB tmpfs, where this machine lets the tests mount one (root).


@pytest.mark.parametrize("writer", ["export json", "export csv zip", "report pdf", "backup"])
def test_a_really_full_disk_keeps_the_earlier_file(
    writer: str, actor: Actor, small_disk: Path
) -> None:
    name, write = WRITERS[writer]
    target = small_disk / name
    write(actor, target)
    earlier = target.read_bytes()
    log_pain(actor, 4)
    assert fill_disk(small_disk) == errno.ENOSPC
    with pytest.raises(DiskFullError) as caught:
        write(actor, target)
    assert caught.value.message == (
        f"The disk is full: unknot could not write {target}. "
        "The file already there is kept as it was."
    )
    assert target.read_bytes() == earlier
    assert sorted(p.name for p in small_disk.iterdir()) == sorted(["filler", name])
