"""docs/routines.md stays true: its example checks, and every field it documents exists."""

from __future__ import annotations

import re
from pathlib import Path

from unknot.cli.library import duration_label
from unknot.content.loader import (
    ITEM_OPTIONAL,
    ITEM_REQUIRED,
    ROUTINE_OPTIONAL,
    ROUTINE_REQUIRED,
    load_routine,
)
from unknot.services.library import builtin_library

DOC = (Path(__file__).parents[2] / "docs" / "routines.md").read_text()


def test_documented_example_is_a_valid_routine_with_the_documented_time() -> None:
    example = re.search(r"```yaml\n(.*?)```", DOC, re.S)
    assert example is not None
    library = builtin_library()
    routine = load_routine(example.group(1).encode(), "evening.yaml", library.techniques)
    assert routine.id == "evening" and len(routine.items) == 4
    line = f"{len(routine.items)} items, {duration_label(routine, library)}."
    assert line in DOC


def test_every_field_is_documented() -> None:
    for key in (*ROUTINE_REQUIRED, *ROUTINE_OPTIONAL, *ITEM_REQUIRED, *ITEM_OPTIONAL):
        assert f"| `{key}` |" in DOC, key
