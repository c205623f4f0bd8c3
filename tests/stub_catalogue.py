"""Tiny gettext catalogues written in a test's folder: no real translation is needed to test
that the right one is used."""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping
from pathlib import Path

HEADER = "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"


def mo_bytes(messages: Mapping[str, str]) -> bytes:
    """A GNU ``.mo`` file (little-endian, no hash table) holding ``messages`` and a header."""
    entries = sorted({"": HEADER, **messages}.items())
    ids = [key.encode() for key, _text in entries]
    texts = [text.encode() for _key, text in entries]
    start = 7 * 4 + 16 * len(entries)  # after the header and the two tables
    table: list[int] = []
    blob = b""
    for strings in (ids, texts):
        for data in strings:
            table += [len(data), start + len(blob)]
            blob += data + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, len(entries), 28, 28 + 8 * len(entries), 0, 0)
    return head + struct.pack(f"<{len(table)}I", *table) + blob


def write_catalogues(
    folder: Path, languages: Iterable[str], texts: Iterable[str | tuple[str, str]]
) -> Path:
    """A locale folder where each language says every text as ``"(lang) text"``.

    A (singular, plural) pair is one plural message, as ``ngettext`` looks it up.
    """
    words = list(texts)
    for lang in languages:
        messages = {}
        for text in words:
            forms = (text,) if isinstance(text, str) else text
            messages["\0".join(forms)] = "\0".join(f"({lang}) {form}" for form in forms)
        target = folder / lang / "LC_MESSAGES" / "unknot.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(mo_bytes(messages))
    return folder
