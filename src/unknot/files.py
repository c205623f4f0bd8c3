"""The files unknot writes for the person (exports, backups, reports, calendars): whole or not.

Each file is first written to a new temporary file in the target's folder (0600, a unique
name), flushed and synced to the disk, then renamed onto the target, and the folder is synced:
whoever opens the target sees the earlier file or the new one, never half of one. When writing
fails (a full disk, no permission) the temporary file is removed, an earlier file at the target
is left byte for byte as it was, and the error is an :class:`UnknotError` in words
(:class:`DiskFullError` for a full disk). Every file is 0600 whatever the umask: they hold
health data.

A missing folder is refused, naming it, rather than created: a mistyped folder would otherwise
be made silently and the file left where the person will not look for it.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, cast

from unknot.errors import DiskFullError, FileWriteError, UnknotError, ValidationError
from unknot.i18n import _

PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def check_folder(path: Path) -> None:
    """Refuse a ``path`` whose folder does not exist (or is not a folder), naming the folder."""
    folder = path.parent
    if not folder.is_dir():
        raise ValidationError(
            _("Cannot write {name}: the folder {folder} does not exist.").format(
                name=path.name, folder=str(folder)
            ),
            hint=_("Create the folder first, or choose another path."),
        )


def write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole, or leave ``target`` as it was."""
    with opened(target) as out:
        out.write(data)


@contextmanager
def opened(target: Path) -> Iterator[BinaryIO]:
    """A binary file to write; on a normal exit it becomes ``target`` (flushed and synced)."""
    with _temporary(target) as temp:
        handle = _handle(os.open(temp, os.O_WRONLY))
        try:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        except BaseException:
            with suppress(OSError):  # what is still buffered cannot be written either
                handle.close()
            raise
        handle.close()


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """The path of a private temporary file for a writer that takes a path (SQLite's backup);
    on a normal exit it is synced and becomes ``target``."""
    with _temporary(target) as temp:
        yield temp
        _sync(temp)


def write_files(folder: Path, files: Iterable[tuple[str, bytes]]) -> None:
    """Write several files into ``folder`` (made 0700 when missing; its own folder must exist):
    every one is written and synced beside its target before any is renamed, so a full disk
    leaves all the earlier files as they were."""
    check_folder(folder)
    written: list[tuple[Path, Path]] = []
    current = folder
    try:
        if not folder.is_dir():
            folder.mkdir(PRIVATE_FOLDER)
        for name, data in files:
            current = _final(folder / name)
            temp = _new_temporary(current)
            written.append((temp, current))
            _fill(temp, data)
        for temp, final in written:
            current = final
            os.replace(temp, final)
    except OSError as exc:
        raise in_words(exc, current) from exc
    finally:
        for temp, _final_path in written:
            _discard(temp)
    _confirm(folder, folder)


def in_words(exc: OSError, path: Path) -> UnknotError:
    """What could not be written and why, for a person: a full disk, no permission …"""
    kept = path.is_file()
    if exc.errno in _FULL:
        return disk_full(path, kept)
    reasons = {
        errno.EACCES: _("you may not write there"),
        errno.EPERM: _("you may not write there"),
        errno.EROFS: _("the disk is read-only"),
        errno.EISDIR: _("it is a folder"),
        errno.ENOTDIR: _("a part of the path is a file, not a folder"),
        errno.ENOENT: _("its folder has gone"),
        errno.ENAMETOOLONG: _("the name is too long"),
        errno.EEXIST: _("a file of that name is in the way"),
        errno.EIO: _("the disk reported an error"),
    }
    reason = reasons.get(exc.errno or 0) or exc.strerror or str(exc)
    return FileWriteError(
        _("Could not write {path}: {reason}.").format(path=path, reason=reason)
        + " "
        + _kept_words(kept),
        hint=_("Choose another folder, or fix what stops unknot writing there, then try again."),
    )


def disk_full(path: Path, kept: bool) -> DiskFullError:
    return DiskFullError(
        _("The disk is full: unknot could not write {path}.").format(path=path)
        + " "
        + _kept_words(kept),
        hint=_("Free some space on that disk, then try again."),
    )


def _kept_words(kept: bool) -> str:
    if kept:
        return _("The file already there is kept as it was.")
    return _("Nothing was left there.")


@contextmanager
def _temporary(target: Path) -> Iterator[Path]:
    final = _final(target)
    check_folder(final)
    if final.is_dir():
        raise FileWriteError(
            _("Could not write {path}: it is a folder.").format(path=final),
            hint=_("Give the name of a file to write, not of a folder."),
        )
    try:
        temp = _new_temporary(final)
    except OSError as exc:
        raise in_words(exc, final) from exc
    try:
        yield temp
        os.replace(temp, final)
    except OSError as exc:
        _discard(temp)
        raise in_words(exc, final) from exc
    except BaseException:
        _discard(temp)
        raise
    _confirm(final, final.parent)


def _final(target: Path) -> Path:
    """The file to replace: the one a symbolic link points to, so that the link is kept."""
    return target.resolve() if target.is_symlink() else target


def _new_temporary(final: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{final.name[:80]}.", suffix=".tmp", dir=final.parent)
    try:
        os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)
    return Path(name)


def _handle(fd: int) -> BinaryIO:
    """The buffered file over ``fd`` (a test puts one that fails at a write in its place)."""
    return cast(BinaryIO, os.fdopen(fd, "wb"))


def _fill(temp: Path, data: bytes) -> None:
    handle = _handle(os.open(temp, os.O_WRONLY))
    try:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    except BaseException:
        with suppress(OSError):
            handle.close()
        raise
    handle.close()


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _confirm(written: Path, folder: Path) -> None:
    """Sync the folder after the rename; the file is in place already, so say just that."""
    try:
        sync_folder(folder)
    except OSError as exc:
        raise FileWriteError(
            _(
                "{path} was written, but the disk did not confirm that it is saved: {reason}."
            ).format(path=written, reason=exc.strerror or exc),
            hint=_("Check the disk, then write the file again."),
        ) from exc


def sync_folder(folder: Path) -> None:
    """Make the rename durable. Some systems cannot open or sync a folder; they are skipped."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except (PermissionError, IsADirectoryError):  # Windows opens no folder
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _discard(temp: Path) -> None:
    with suppress(OSError):
        temp.unlink(missing_ok=True)
