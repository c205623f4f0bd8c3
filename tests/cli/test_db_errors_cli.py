"""The terminal says what is wrong with the database, once, with no traceback."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from small_disks import fill_disk
from unknot.cli import app as cli_app

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli_app.app, list(args))
    return result.exit_code, " ".join(result.output.split())


def test_a_file_that_is_not_a_database_is_named_with_what_to_do(tmp_path: Path) -> None:
    data = Path(os.environ["UNKNOT_DATA_DIR"])
    data.mkdir(parents=True)
    (data / "unknot.sqlite3").write_bytes(os.urandom(30000))
    code, out = run("log", "pain", "3")
    assert code == 1
    assert out.startswith("Error: The file") and "is not a database" in out
    assert "Hint: Move the file away" in out and "unknot restore" in out
    assert "Traceback" not in out and "sqlite3.DatabaseError" not in out


def test_postgresql_that_does_not_answer_is_named() -> None:
    with socket.socket() as s:  # a port nobody listens on: PostgreSQL is down
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out = run("--database-url", f"postgresql+psycopg://u:pw@127.0.0.1:{port}/x", "journal")
    assert code == 1 and "Error: Cannot reach the database server at" in out
    assert "pw" not in out.replace("postgresql", "") and "***" in out
    assert "Hint: Check that PostgreSQL is running" in out and "Traceback" not in out


def test_a_full_disk_says_the_disk_is_full(small_disk: Path) -> None:
    data = ("--data-dir", str(small_disk / "data"))
    assert run(*data, "log", "pain", "3")[0] == 0
    fill_disk(small_disk)
    for _ in range(100):  # until the WAL's last pages are used up
        code, out = run(*data, "log", "note", "private words " * 300)
        if code:
            break
    assert code == 1 and "Error: The disk is full" in out
    assert "Hint: Free some space on that disk" in out
    assert "private words" not in out and "Traceback" not in out
