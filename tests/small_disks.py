"""A real small disk for the full-disk tests: a tmpfs mounted for one test (root only)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """Mount a tmpfs of ``size`` (such as "1m") at ``folder``; skip where mounting is refused."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        reason = mounted.stderr.decode().strip() or "mount refused"
        pytest.skip(f"a real full disk needs a small tmpfs, and mount said: {reason}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill_disk(folder: Path) -> int:
    """Write zeros into ``folder / "filler"`` until the disk refuses; the refusal's errno."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError as exc:
        return exc.errno or 0
    finally:
        os.close(fd)
    return 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB disk of the test's own, for the real full-disk cases."""
    with small_tmpfs(tmp_path / "small", "2m") as folder:
        yield folder
