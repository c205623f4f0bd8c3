"""Helpers for browser tests: axe-core and screenshots."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

AXE = Path(__file__).parent.parent / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("UNKNOT_SCREENSHOTS", "/tmp/unknot-screens"))


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result
    ]


def shot(page: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
