"""Every source the content and the plan cite is the publisher's own page (issue 12).

clinical-facts.md "Citing a source in the product": never an address marked "(copy)" there,
never scribd, docslib or researchgate (the list: `tests/data/copy_hosts.txt`); where the
publisher has no address of its own, the publisher and title without a URL.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from source_hosts import copy_hosts, is_copy_host
from unknot.content.loader import CONTENT_DIR, load_builtin
from unknot.core.adapt import SOURCES

# Every host clinical-facts.md marks "(copy)". Provide CIC's physiotherapy sheets on issuu are
# not copies: the publisher posts them there itself (its own account, providecic), and
# clinical-facts cites them as the NHS physiotherapy sheets, unmarked; the stop rules cite them.
NEVER = copy_hosts()
URL = re.compile(r"https?://[^\s)'\"]+")


def cited() -> list[tuple[str, str]]:
    """(where, text) for every source and evidence text the product shows or keeps."""
    library = load_builtin()
    found = [
        (f"{t.id} source {s.label!r}", f"{s.label} {s.ref}")
        for t in library.techniques.values()
        for s in t.sources
    ]
    found += [(f"{t.id} evidence", t.evidence.en) for t in library.techniques.values()]
    found += [(f"adapt.SOURCES[{key}]", value) for key, value in SOURCES.items()]
    for name in ("causes.yaml", "tips.yaml"):
        found.append((name, (CONTENT_DIR / name).read_text(encoding="utf-8")))
    for path in sorted((CONTENT_DIR / "techniques").glob("*.yaml")):
        found.append((path.name, path.read_text(encoding="utf-8")))
    return found


def host_of(url: str) -> str:
    host = (urlparse(url).hostname or "").rstrip(".")
    return host.removeprefix("www.")


@pytest.mark.parametrize(("where", "text"), cited(), ids=lambda v: v if len(v) < 60 else "")
def test_no_source_points_at_a_copy(where: str, text: str) -> None:
    for url in URL.findall(text):
        assert not is_copy_host(host_of(url), NEVER), (where, url)
    assert "(copy)" not in text and "clinic copy" not in text.lower(), where
    assert "Mayo Clinic text" not in text, where


def test_mayo_and_nccih_are_cited_at_their_own_pages() -> None:
    every = " ".join(text for _, text in cited())
    for label, host in (("Mayo Clinic", "mayoclinic.org"), ("NCCIH", "nccih.nih.gov")):
        for where, text in cited():
            if label in text and URL.search(text) and "source" in where:
                assert host in text or "earlier edition" in text, (where, text)
    assert "mayoclinic.org" in every and "nccih.nih.gov" in every


def test_a_source_without_an_address_names_its_publisher() -> None:
    for technique in load_builtin().techniques.values():
        for source in technique.sources:
            if not URL.search(source.ref) and "source article" not in source.ref:
                assert "no publisher address" in source.ref, (technique.id, source)
