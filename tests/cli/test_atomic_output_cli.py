"""What a person sees when a file cannot be written: one clear message, no traceback, the
earlier file kept; and export, report --output, calendar and backup treat a missing folder the
same way."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from small_disks import fill_disk
from unknot import files
from unknot.cli import app as cli_app

runner = CliRunner()
EARLIER = b"an earlier good file\n" * 50


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


@pytest.fixture(autouse=True)
def _some_ratings() -> None:
    for value in ("2", "5", "3"):
        assert run("log", "pain", value)[0] == 0


def run(*args: str) -> tuple[int, str]:
    """The exit code and the output without white space (the terminal wraps long paths)."""
    result = runner.invoke(cli_app.app, list(args))
    return result.exit_code, "".join(result.output.split())


def said(text: str) -> str:
    return "".join(text.split())


class FullHalfway(io.BufferedWriter):
    def write(self, data: Any) -> int:
        chunk = bytes(data)
        super().write(chunk[: len(chunk) // 2])
        super().flush()
        raise OSError(errno.ENOSPC, "No space left on device")


COMMANDS = {
    "export": ("export", "-o"),
    "export fhir": ("export", "-f", "fhir", "-o"),
    "report": ("report", "--output"),
    "report pdf": ("report", "--output"),
    "calendar": ("calendar", "--timezone", "UTC", "-o"),
    "backup": ("backup", "-o"),
}
NAMES = {
    "export": "b.json",
    "export fhir": "f.json",
    "report": "r.png",
    "report pdf": "r.pdf",
    "calendar": "r.ics",
    "backup": "copy.sqlite3",
}


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "backup"])
def test_a_full_disk_at_the_write_is_one_clear_message(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / NAMES[command]
    target.write_bytes(EARLIER)
    monkeypatch.setattr(files, "_handle", lambda fd: FullHalfway(io.FileIO(fd, "wb")))
    code, out = run(*COMMANDS[command], str(target))
    assert code == 1
    assert (
        said(
            f"Error: The disk is full: unknot could not write {target}. The file already there is "
            "kept as it was. Hint: Free some space on that disk, then try again."
        )
        in out
    )
    assert "Traceback" not in out and "Errno" not in out
    assert target.read_bytes() == EARLIER
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == [target.name]


def test_a_folder_that_may_not_be_written_is_said_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "copy.sqlite3"

    def refused(*_args: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    code, out = run("backup", "-o", str(target))
    monkeypatch.undo()
    assert code == 1
    assert (
        said(f"Could not write {target}: you may not write there. Nothing was left there.") in out
    )
    assert "Traceback" not in out and not target.exists()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_writer_refuses_a_missing_folder_the_same_way(command: str, tmp_path: Path) -> None:
    folder = tmp_path / "no" / "such"
    name = NAMES[command]
    code, out = run(*COMMANDS[command], str(folder / name))
    assert code == 1
    assert (
        said(
            f"Error: Cannot write {name}: the folder {folder} does not exist. "
            "Hint: Create the folder first, or choose another path."
        )
        in out
    )
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("command", ["export", "backup"])
def test_a_really_full_disk_is_said_without_a_traceback(command: str, small_disk: Path) -> None:
    target = small_disk / NAMES[command]
    assert run(*COMMANDS[command], str(target))[0] == 0
    earlier = target.read_bytes()
    assert run("log", "pain", "6")[0] == 0
    assert fill_disk(small_disk) == errno.ENOSPC
    code, out = run(*COMMANDS[command], str(target))
    assert code == 1
    assert (
        said(
            f"Error: The disk is full: unknot could not write {target}. The file already there is "
            "kept as it was. Hint: Free some space on that disk, then try again."
        )
        in out
    )
    assert "Traceback" not in out
    assert target.read_bytes() == earlier
    assert sorted(p.name for p in small_disk.iterdir()) == sorted(["filler", target.name])
