"""The hosts a cited source may never point at, read from ``tests/data/copy_hosts.txt``."""

from __future__ import annotations

from pathlib import Path

COPY_HOSTS_FILE = Path(__file__).parent / "data" / "copy_hosts.txt"


def copy_hosts() -> frozenset[str]:
    lines = COPY_HOSTS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_copy_host(host: str, hosts: frozenset[str]) -> bool:
    """True for a listed host or any of its subdomains (``pt.scribd.com``)."""
    host = host.lower().rstrip(".").removeprefix("www.")
    return any(host == bad or host.endswith("." + bad) for bad in hosts)
