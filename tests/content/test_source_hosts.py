"""Every source the product shows is the publisher's own page, never a third-party copy.

clinical-facts.md ("Citing a source in the product") lists the addresses through which some
texts were read — a spa, a sock shop, a school site — and marks them "(copy)"; it also rules
out document-sharing sites. None of them may appear in the content data, the code, the pages
or the docs. The host list is a fixture of the tests (`tests/data/copy_hosts.txt`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from source_hosts import copy_hosts, is_copy_host

ROOT = Path(__file__).resolve().parents[2]

FORBIDDEN_HOSTS = copy_hosts()

SCANNED = ("src", "docs", "README.md", "CHANGELOG.md")
SUFFIXES = {".py", ".yaml", ".yml", ".html", ".js", ".md", ".json", ".svg", ".css", ".toml"}
URL = re.compile(r"(?:https?://|www\.)[^\s\"'<>)\]]+", re.IGNORECASE)


def _files() -> list[Path]:
    found: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    return found


def _host(url: str) -> str:
    bare = re.sub(r"^(?:https?://)", "", url, flags=re.IGNORECASE)
    return bare.split("/", 1)[0].split(":", 1)[0].lower().rstrip(".")


def _forbidden(host: str) -> bool:
    return is_copy_host(host, FORBIDDEN_HOSTS)


def test_source_hosts_scan_sees_the_content() -> None:
    names = {p.name for p in _files()}
    assert {"screening.yaml", "stop_rules.yaml", "hip-deep-tissue.yaml"} <= names


@pytest.mark.parametrize(
    ("url", "bad"),
    [
        ("https://www.scribd.com/document/1", True),
        ("https://pt.scribd.com/doc/2", True),
        ("http://ambersherbet.com/all-about-massage", True),
        ("https://massage.megatopx.com/a", True),
        ("https://www.nhs.uk/conditions/shoulder-pain/", False),
        ("https://pubmed.ncbi.nlm.nih.gov/21411827/", False),
        ("https://notscribd.com/x", False),
    ],
)
def test_source_hosts_forbidden_host_table(url: str, bad: bool) -> None:
    assert _forbidden(_host(url)) is bad


def test_source_hosts_no_copy_or_document_sharing_site_anywhere() -> None:
    offenders = []
    for path in _files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for url in URL.findall(line):
                if _forbidden(_host(url)):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {url}")
    assert not offenders, "third-party copies cited as sources:\n" + "\n".join(offenders)
