"""House style: no module of the package is over 500 lines (split it along its concepts)."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "unknot"
MOST = 500


def test_no_source_module_is_over_500_lines() -> None:
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 100
    sizes = {
        str(p.relative_to(SRC)): len(p.read_text(encoding="utf-8").splitlines()) for p in files
    }
    over = {name: n for name, n in sizes.items() if n > MOST}
    assert not over, f"modules over {MOST} lines: {over}"
