"""A throwaway PostgreSQL cluster for the tests (initdb + pg_ctl on a free port)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Cluster:
    datadir: Path
    port: int
    bindir: Path

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        _run_as_postgres(
            [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop"]
        )
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def find_bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(candidate, "initdb")):
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as_postgres(args: list[str]) -> subprocess.CompletedProcess[str]:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


def start_cluster() -> Cluster:
    """Start a cluster or raise RuntimeError saying why it cannot."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    root = Path(tempfile.mkdtemp(prefix="unknot-pg-"))
    datadir = root / "data"
    os.chmod(root, 0o755)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    init = _run_as_postgres(
        [
            str(bindir / "initdb"),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
            "-D",
            str(datadir),
        ]
    )
    if init.returncode != 0:
        raise RuntimeError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
    # Several test processes (pytest-xdist's workers) start clusters at once: a port another
    # took between the probe and the start is tried again with a new one.
    for _attempt in range(3):
        port = _free_port()
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        options += " -c synchronous_commit=off -c full_page_writes=off"
        start = _run_as_postgres(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(datadir),
                "-o",
                options,
                "-l",
                str(root / "server.log"),
                "-w",
                "start",
            ]
        )
        if start.returncode == 0:
            break
        log = (root / "server.log").read_text() if (root / "server.log").exists() else ""
        if "could not bind" not in log and "already in use" not in log:
            break
    if start.returncode != 0:
        raise RuntimeError(f"pg_ctl start failed: {start.stderr.strip()} {log[-500:]}")
    return Cluster(datadir=datadir, port=port, bindir=bindir)
