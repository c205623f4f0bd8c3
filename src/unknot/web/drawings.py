"""Our position drawings, inlined so that they take the page's text colour (dark theme too)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from markupsafe import Markup

FOLDER = Path(__file__).parent.parent / "content" / "illustrations"
NAME = re.compile(r"^[a-z0-9_]+\.svg$")


@cache
def _source(name: str) -> str:
    if not NAME.match(name):
        return ""
    path = FOLDER / name
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def drawing(name: str, decorative: bool = False, key: str = "") -> Markup:
    """The SVG markup of a drawing; ``decorative`` hides it from screen readers."""
    svg = _source(name)
    if not svg:
        return Markup("")
    ident = f"d-{(key or name).replace('.', '-')}"
    if decorative:
        svg = svg.replace('role="img" aria-labelledby="t"', 'aria-hidden="true" focusable="false"')
        svg = re.sub(r"<title[^>]*>.*?</title>", "", svg, flags=re.S)
    else:
        svg = svg.replace('aria-labelledby="t"', f'aria-labelledby="{ident}"')
        svg = svg.replace('<title id="t">', f'<title id="{ident}">')
    return Markup(svg)
