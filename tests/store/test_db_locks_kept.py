"""Opening a second App on a SQLite file must not break the locks the first one holds.

Making the file 0600 used to open and close the database file itself, which releases every
POSIX lock this process holds on it. Another process then believed it was the file's last
user, and on closing deleted the WAL the first App still wrote to: those writes were lost to
every other process (an end-to-end terminal test saw a follow-up answer come back).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from actors import open_actor
from unknot.config import load_settings
from unknot.services.journal.write import log_pain

COUNT = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
    "print(c.execute('select count(*) from pain_rating').fetchone()[0]); c.close()"
)


def count_elsewhere(path: Path) -> int:
    """The ratings another process sees (it opens the file, reads, and closes it)."""
    done = subprocess.run(
        [sys.executable, "-c", COUNT, str(path)], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


def test_writes_stay_visible_to_another_process_after_a_second_app_opens() -> None:
    settings = load_settings()
    path = settings.data_dir / "unknot.sqlite3"
    first = open_actor(settings)
    try:
        log_pain(first, 2)
        second = open_actor(settings)  # the same file, while the first App is open
        second.app.close()
        assert count_elsewhere(path) == 1  # that process closes last, as far as it can tell
        log_pain(first, 3)
        assert count_elsewhere(path) == 2
    finally:
        first.app.close()
