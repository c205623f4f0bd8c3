"""Any valid routine survives writing it out and reading it back."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from unknot.content.loader import MAX_HOLD_S, MAX_REPS, MAX_REST_S, dump_routine, load_routine
from unknot.core.content import DoseOverride, Range, Routine, RoutineItem
from unknot.core.text import Text

TECHNIQUES = ("hip-kneading", "hip-deep-tissue", "shoulder-pendulum", "shoulder-cross-body")

slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60
).filter(lambda text: text.strip() == text and text)
texts = st.one_of(
    words.map(Text.of), st.tuples(words, words).map(lambda p: Text.of({"en": p[0], "ko": p[1]}))
)


def ranges(high: int) -> st.SearchStrategy[Range]:
    return st.tuples(st.integers(1, high), st.integers(1, high)).map(lambda p: Range(*sorted(p)))


items = st.builds(
    RoutineItem,
    technique=st.sampled_from(TECHNIQUES),
    dose=st.builds(
        DoseOverride,
        reps=st.none() | ranges(MAX_REPS),
        hold_s=st.none() | ranges(MAX_HOLD_S),
        rest_s=st.none() | st.integers(0, MAX_REST_S),
    ),
)
routines = st.builds(
    Routine,
    id=slugs.filter(lambda s: len(s) <= 40),
    name=texts,
    description=st.just(Text.of("")) | texts,
    items=st.lists(items, min_size=1, max_size=6).map(tuple),
    transition_s=st.integers(0, 120),
    builtin=st.just(False),
    path=st.just("mine.yaml"),
)


@given(routines)
def test_routine_round_trips_through_yaml(routine: Routine) -> None:
    text = dump_routine(routine)
    loaded = load_routine(text.encode(), "mine.yaml", TECHNIQUES, path="mine.yaml")
    assert loaded == routine


@given(routines)
def test_dumped_routine_is_plain_yaml(routine: Routine) -> None:
    data = yaml.safe_load(dump_routine(routine))
    assert set(data) <= {"id", "name", "description", "transition_s", "items"}
    assert len(data["items"]) == len(routine.items)
