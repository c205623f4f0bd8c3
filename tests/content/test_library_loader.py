"""Routine files: every malformed shape gets one exact, line-numbered message."""

from __future__ import annotations

import pytest

from unknot.content import document
from unknot.content.loader import load_routine
from unknot.core.content import Range
from unknot.errors import ContentError

FILE = "routines/evening.yaml"
KNOWN = ("hip-kneading", "hip-deep-tissue", "shoulder-pendulum")
TAKEN = {"hip-full": "a built-in routine"}
WHERE = f"{FILE}, line"

GOOD = b"""\
id: evening
name: Evening
items:
  - technique: hip-kneading
"""


def problems(data: bytes) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_routine(data, FILE, KNOWN, taken=TAKEN)
    return [problem.render() for problem in caught.value.problems]


CASES = [
    pytest.param(
        b"id: evening\nname: Evening\nitems:\n  - technique: hip-kneading\n    hold_s: -30\n",
        [
            f"{WHERE} 5, field 'items[0].hold_s': -30 is out of range; "
            "it must be a whole number of seconds from 1 to 600."
        ],
        id="negative-hold",
    ),
    pytest.param(
        b"id: evening\nname: Evening\nitems:\n  - technique: hip-kneading\n    hold_s: 0\n",
        [
            f"{WHERE} 5, field 'items[0].hold_s': 0 is out of range; "
            "it must be a whole number of seconds from 1 to 600."
        ],
        id="zero-hold",
    ),
    pytest.param(
        b"id: evening\nname: Evening\nitems:\n  - technique: hip-kneading\n    reps: 31\n",
        [
            f"{WHERE} 5, field 'items[0].reps': 31 is out of range; "
            "it must be a whole number of repetitions from 1 to 30."
        ],
        id="huge-reps",
    ),
    pytest.param(
        b"id: evening\nname: Evening\nitems:\n  - technique: hip-kneading\n"
        b"    hold_s: [300, 180]\n",
        [
            f"{WHERE} 5, field 'items[0].hold_s': [300, 180] has its low end above its "
            "high end; write [180, 300]."
        ],
        id="low-above-high",
    ),
    pytest.param(
        b"id: evening\nname: Evening\nitems:\n  - technique: hip-kneading\n"
        b"    hold_s: [10, 20, 30]\n",
        [
            f"{WHERE} 5, field 'items[0].hold_s': a list of 3 values; write one number or "
            "a pair [low, high]."
        ],
        id="three-value-range",
    ),
    pytest.param(
        b'id: evening\nname: Evening\nitems:\n  - technique: hip-kneading\n    rest_s: "ten"\n',
        [
            f"{WHERE} 5, field 'items[0].rest_s': \"ten\" (text) is not a whole number; "
            "it must be a whole number of seconds from 0 to 300."
        ],
        id="text-for-number",
    ),
    pytest.param(
        b"id: evening\nname: Evening\nitems:\n  - technique: hip-kneading\n    hold_s: 2.5\n",
        [
            f"{WHERE} 5, field 'items[0].hold_s': 2.5 is not a whole number; "
            "it must be a whole number of seconds from 1 to 600."
        ],
        id="decimal",
    ),
    pytest.param(
        b"id: evening\nname: Evening\nitems:\n  - technique: hip-kneading\n    reps: yes\n",
        [
            f"{WHERE} 5, field 'items[0].reps': true (yes/no) is not a whole number; "
            "it must be a whole number of repetitions from 1 to 30."
        ],
        id="boolean",
    ),
    pytest.param(
        b"id: evening\nname: Evening\nitems:\n  - technique: hip-knead\n",
        [
            f"{WHERE} 4, field 'items[0].technique': \"hip-knead\" (text) is not a known "
            'technique. Did you mean "hip-kneading"? Known techniques: hip-deep-tissue, '
            "hip-kneading, shoulder-pendulum."
        ],
        id="unknown-technique",
    ),
    pytest.param(
        b"id: evening\nname: Evening\nitems:\n  - technique: hip-kneading\n    hold: 60\n",
        [
            f"{WHERE} 5, field 'items[0].hold': unknown key; the allowed keys are technique, "
            'reps, hold_s, rest_s. Did you mean "hold_s"?'
        ],
        id="unknown-item-key",
    ),
    pytest.param(
        b"id: evening\nname: Evening\ncolour: blue\nitems:\n  - technique: hip-kneading\n",
        [
            f"{WHERE} 3, field 'colour': unknown key; the allowed keys are id, name, items, "
            "description, transition_s."
        ],
        id="unknown-top-key",
    ),
    pytest.param(
        b"id: evening\nitems:\n  - hold_s: 30\n",
        [
            f"{WHERE} 1, field 'name': this key is missing; it is required here.",
            f"{WHERE} 3, field 'items[0].technique': this key is missing; it is required here.",
        ],
        id="missing-keys",
    ),
    pytest.param(
        b"id: evening\nname: Evening\nitems: []\n",
        [f"{WHERE} 3, field 'items': the list is empty; it needs at least one item."],
        id="empty-items",
    ),
    pytest.param(
        b"id: evening\nname: Evening\nitems:\n  - hip-kneading\n",
        [
            f"{WHERE} 4, field 'items[0]': \"hip-kneading\" (text) is not a mapping; "
            'write the item as "technique: hip-kneading".'
        ],
        id="item-as-text",
    ),
    pytest.param(
        b"id: hip-full\nname: Mine\nitems:\n  - technique: hip-kneading\n",
        [
            f"{WHERE} 1, field 'id': \"hip-full\" is already the id of a built-in routine; "
            "choose another id."
        ],
        id="builtin-id-clash",
    ),
    pytest.param(
        b"id: Evening Routine\nname: Evening\nitems:\n  - technique: hip-kneading\n",
        [
            f"{WHERE} 1, field 'id': \"Evening Routine\" (text) is not a valid id; use "
            "lower-case letters, digits and single hyphens (at most 40 characters), for "
            'example "evening-routine".'
        ],
        id="bad-slug",
    ),
    pytest.param(
        b"id: evening\nname: Evening\ntransition_s: 1000\nitems:\n  - technique: hip-kneading\n",
        [
            f"{WHERE} 3, field 'transition_s': 1000 is out of range; it must be a whole "
            "number of seconds from 0 to 120."
        ],
        id="huge-transition",
    ),
    pytest.param(
        b"id: evening\nname: {ko: x}\nitems:\n  - technique: hip-kneading\n",
        [f"{WHERE} 2, field 'name': the English text (en) is missing; every text needs it."],
        id="text-without-english",
    ),
    pytest.param(
        b"- technique: hip-kneading\n",
        [
            f"{WHERE} 1: a list is not a mapping; write it as key: value lines using id, "
            "name, items, description, transition_s."
        ],
        id="top-level-list",
    ),
    pytest.param(
        b"",
        [f"{WHERE} 1: the file is empty; a routine needs at least the keys id, name and items."],
        id="empty-file",
    ),
    pytest.param(
        b"# just a comment\n\n",
        [f"{WHERE} 1: the file is empty; a routine needs at least the keys id, name and items."],
        id="comment-only",
    ),
    pytest.param(
        b"id: evening\nname: [Evening\n",
        [
            f"{WHERE} 3, column 1: this is not valid YAML: expected ',' or ']', but got "
            "'<stream end>'."
        ],
        id="bad-syntax",
    ),
    pytest.param(
        b"id: evening\nname: Ev\xe9ning\n",
        [f"{WHERE} 2: byte 0xe9 is not UTF-8 text; save the file with UTF-8 encoding."],
        id="not-utf8",
    ),
    pytest.param(
        b"id: evening\nid: morning\nname: Evening\nitems:\n  - technique: hip-kneading\n",
        [f'{WHERE} 2: the key "id" appears twice (first on line 1).'],
        id="duplicate-key",
    ),
    pytest.param(
        b"id: &a evening\nname: *a\nitems:\n  - technique: hip-kneading\n",
        [
            f"{WHERE} 1: anchors (&a) are not allowed; write each value out in full.",
            f"{WHERE} 2: aliases (*name) are not allowed; write the value out.",
        ],
        id="anchor-and-alias",
    ),
    pytest.param(
        b"id: !!python/object/apply:os.system [echo hi]\nname: x\nitems: []\n",
        [f"{WHERE} 1: the tag !!python/object/apply:os.system is not allowed; use plain values."],
        id="python-tag",
    ),
    pytest.param(
        b"id: evening\nname: !custom Evening\nitems:\n  - technique: hip-kneading\n",
        [f"{WHERE} 2: the tag !custom is not allowed; use plain values."],
        id="custom-tag",
    ),
    pytest.param(
        GOOD + b"---\n" + GOOD,
        [f"{WHERE} 5: a second YAML document starts here; keep one per file."],
        id="two-documents",
    ),
    pytest.param(
        b"id: evening\nname: Evening\nitems: " + b"[" * 25 + b"]" * 25 + b"\n",
        [f"{WHERE} 3: values are nested more than 20 levels deep."],
        id="too-deep",
    ),
]


@pytest.mark.parametrize(("data", "expected"), CASES)
def test_routine_file_problem_messages(data: bytes, expected: list[str]) -> None:
    assert problems(data) == expected


def test_routine_error_summary_and_hint() -> None:
    with pytest.raises(ContentError) as caught:
        load_routine(b"id: evening\nname: Evening\nitems: []\n", FILE, KNOWN)
    assert caught.value.message == "routines/evening.yaml has 1 problem."
    assert caught.value.hint == (
        "Fix the file, then run `unknot routines check routines/evening.yaml`."
    )
    assert caught.value.problems[0].field == "items"
    assert caught.value.problems[0].location == "routines/evening.yaml, line 3"


def test_routine_collects_every_problem_in_line_order() -> None:
    data = b"""\
id: Evening
name: Evening
items:
  - technique: hip-knead
  - technique: hip-kneading
    hold_s: -30
    reps: [5, 2]
"""
    found = problems(data)
    assert [line.split(",")[1] for line in found] == [" line 1", " line 4", " line 6", " line 7"]


def parse_must_not_run(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the YAML parser ran")


def test_routine_file_over_the_size_limit_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = b"id: evening\nname: Evening\ndescription: '" + b"a" * 300_000 + b"'\n"
    monkeypatch.setattr(document.yaml, "parse", parse_must_not_run)
    monkeypatch.setattr(document.yaml, "compose", parse_must_not_run)
    found = problems(data)
    assert found == [f"{WHERE} 1: the file is 294 KiB; a content file may be at most 256 KiB."]


def test_alias_bomb_is_refused_before_anything_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only building the value would expand the 9**9 aliases: the event scan stops it first."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    monkeypatch.setattr(document, "_compose", parse_must_not_run)
    found = problems("\n".join(lines).encode())
    assert found[0] == f"{WHERE} 1: anchors (&a0) are not allowed; write each value out in full."


def test_valid_routine_reads_ranges_and_overrides() -> None:
    data = b"""\
id: evening
name: {en: Evening, ko: "\xec\xa0\x80\xeb\x85\x81"}
description: Before bed.
transition_s: 20
items:
  - technique: hip-kneading
    hold_s: [120, 180]
  - technique: shoulder-pendulum
    reps: 2
    rest_s: 0
"""
    routine = load_routine(data, FILE, KNOWN, path="/x/evening.yaml")
    assert routine.id == "evening" and routine.transition_s == 20
    assert routine.name.as_dict() == {"en": "Evening", "ko": "저녁"}
    assert routine.items[0].dose.hold_s == Range(120, 180)
    assert routine.items[0].dose.reps is None
    assert routine.items[1].dose.reps == Range(2, 2) and routine.items[1].dose.rest_s == 0
    assert not routine.builtin and routine.path == "/x/evening.yaml"


def test_byte_order_mark_is_accepted() -> None:
    routine = load_routine(b"\xef\xbb\xbf" + GOOD, FILE, KNOWN)
    assert routine.id == "evening" and routine.transition_s == 15


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            b"id: evening\nname: Evening\nitems:\n  - technique: hip-kneading\n"
            b"    steps: [Then roll over.]\n",
            "items[0].steps",
        ),
        (
            b"id: evening\nname: Evening\ninstructions: [Use a massage tool.]\nitems:\n"
            b"  - technique: hip-kneading\n",
            "instructions",
        ),
    ],
)
def test_a_routine_cannot_carry_step_texts(data: bytes, field: str) -> None:
    [message] = problems(data)
    assert f"field '{field}': a routine cannot carry step texts." in message
    assert "which side, which hand, the change to the next side" in message
    assert "unknown key" not in message
