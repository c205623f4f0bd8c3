from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unknot.core.progression import LEVEL_STEP, Progress, after_session


def run(sessions: list[tuple[bool, bool]], start: Progress | None = None) -> Progress:
    """Apply (followup_ok, stopped) sessions of one technique in order."""
    progress = {"t": start or Progress()}
    for ok, stopped in sessions:
        progress = after_session(progress, ["t"], ["t"] if stopped else [], ok)
    return progress["t"]


@pytest.mark.parametrize(
    ("sessions", "expected"),
    [
        ([(True, False)], Progress(0.0, 1)),
        ([(True, False)] * 2, Progress(0.0, 2)),
        ([(True, False)] * 3, Progress(LEVEL_STEP, 0)),
        ([(True, False)] * 6, Progress(2 * LEVEL_STEP, 0)),
        ([(True, False)] * 2 + [(False, False)], Progress(0.0, 0)),
        ([(True, False)] * 3 + [(False, False)], Progress(0.0, 0)),
        ([(True, False)] * 3 + [(True, True)], Progress(0.0, 0)),
        ([(True, False)] * 30, Progress(1.0, 0)),
    ],
)
def test_lengthen_after_three_tolerated_sessions_shorten_after_a_bad_one(
    sessions: list[tuple[bool, bool]], expected: Progress
) -> None:
    assert run(sessions) == expected


def test_techniques_not_played_keep_their_progress() -> None:
    progress = {"a": Progress(0.5, 2), "b": Progress(0.25, 1)}
    updated = after_session(progress, ["a"], [], followup_ok=True)
    assert updated["b"] == Progress(0.25, 1) and updated["a"] == Progress(0.75, 0)


@given(st.lists(st.tuples(st.booleans(), st.booleans()), max_size=60))
def test_level_stays_inside_the_range(sessions: list[tuple[bool, bool]]) -> None:
    result = run(sessions)
    assert 0.0 <= result.level <= 1.0 and 0 <= result.streak < 3
