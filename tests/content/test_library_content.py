"""The built-in library passes the same loader as user files and is complete."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from unknot.content.loader import CONTENT_DIR, load_builtin
from unknot.core.content import (
    POSITIONS,
    TAGS,
    Laterality,
    Technique,
    estimate_seconds,
)

LIBRARY = load_builtin()
TECHNIQUES = sorted(LIBRARY.techniques.values(), key=lambda t: t.id)
SEED = ("hip-circular-massage", "hip-kneading", "hip-deep-tissue", "hip-flexor-stretch")
SHOULDER = (
    "shoulder-pendulum",
    "shoulder-arm-lifts",
    "shoulder-blade-squeeze",
    "shoulder-cross-body",
    "shoulder-doorway-stretch",
    "shoulder-isometric-er",
)
SVG = "{http://www.w3.org/2000/svg}"


def by_id(technique_id: str) -> Technique:
    return LIBRARY.technique(technique_id)


@pytest.mark.parametrize("technique", TECHNIQUES, ids=lambda t: t.id)
def test_technique_is_complete(technique: Technique) -> None:
    assert technique.steps and technique.sources and technique.cautions
    assert technique.summary.en and technique.pressure.en and technique.evidence.en
    assert technique.tags <= TAGS and technique.position in POSITIONS
    assert all(variant.position in POSITIONS for variant in technique.variants)
    assert all(variant.tags <= TAGS and variant.steps for variant in technique.variants)
    assert (CONTENT_DIR / "illustrations" / technique.illustration).is_file()
    assert all(source.label and source.ref for source in technique.sources)


def test_library_holds_the_seed_and_the_comparison_exercises() -> None:
    assert set(LIBRARY.techniques) == {*SEED, *SHOULDER, "shoulder-sleeper-stretch"}
    assert set(LIBRARY.routines) == {"hip-full", "hip-short", "shoulder"}
    assert [item.technique for item in LIBRARY.routines["hip-full"].items] == list(SEED)
    assert [item.technique for item in LIBRARY.routines["shoulder"].items] == list(SHOULDER)


def test_seed_doses_match_the_article() -> None:
    for technique_id in SEED[:3]:
        dose = by_id(technique_id).dose
        assert (dose.hold_s.low, dose.hold_s.high, dose.reps.high) == (180, 300, 1)
    stretch = by_id("hip-flexor-stretch").dose
    assert (stretch.hold_s.low, stretch.hold_s.high, stretch.reps.high) == (20, 30, 2)


@pytest.mark.parametrize(
    ("technique_id", "laterality", "side_word"),
    [
        ("hip-circular-massage", Laterality.NONE, "hip"),
        ("hip-kneading", Laterality.NONE, "hip"),
        ("hip-deep-tissue", Laterality.EACH_SIDE, "hip"),
        ("hip-flexor-stretch", Laterality.EACH_SIDE, "hip"),
        ("shoulder-pendulum", Laterality.AFFECTED_SIDE, "arm"),
        ("shoulder-arm-lifts", Laterality.NONE, "arm"),
        ("shoulder-blade-squeeze", Laterality.NONE, "arm"),
        ("shoulder-cross-body", Laterality.EACH_SIDE, "arm"),
        ("shoulder-doorway-stretch", Laterality.NONE, "arm"),
        ("shoulder-isometric-er", Laterality.AFFECTED_SIDE, "arm"),
        ("shoulder-sleeper-stretch", Laterality.AFFECTED_SIDE, "arm"),
    ],
)
def test_laterality(technique_id: str, laterality: Laterality, side_word: str) -> None:
    technique = by_id(technique_id)
    assert (technique.laterality, technique.side_word) == (laterality, side_word)


def test_tags_the_safety_rules_act_on() -> None:
    gentle = {t.id for t in TECHNIQUES if "gentle" in t.tags}
    assert gentle & set(SEED) == {"hip-circular-massage", "hip-kneading"}
    assert {"deep_pressure", "massage_tool", "side_lying"} <= by_id("hip-deep-tissue").tags
    assert {"kneeling", "hip_extension", "groin_near"} <= by_id("hip-flexor-stretch").tags
    assert "bent_forward" in by_id("shoulder-pendulum").tags
    assert all("shoulder" in by_id(i).tags for i in (*SHOULDER, "shoulder-sleeper-stretch"))
    assert all("hip" in by_id(i).tags and "massage" in by_id(i).tags for i in SEED)


def test_deep_tissue_has_the_variants_the_rules_ask_for() -> None:
    technique = by_id("hip-deep-tissue")
    back = technique.variant("back_lying")
    light = technique.variant("light")
    assert back is not None and "side_lying" not in back.tags
    assert light is not None and not light.tags & {"deep_pressure", "massage_tool"}


def test_sleeper_stretch_is_optional_and_in_no_routine() -> None:
    sleeper = by_id("shoulder-sleeper-stretch")
    used = {item.technique for r in LIBRARY.routines.values() for item in r.items}
    assert "shoulder-sleeper-stretch" not in used
    assert "side_lying" in sleeper.tags and "gentle" not in sleeper.tags
    assert "not in the default routine" in sleeper.evidence.en


def test_hip_evidence_says_untested_and_claims_nothing() -> None:
    for technique_id in SEED:
        evidence = by_id(technique_id).evidence.en
        assert "Not tested for shoulder pain" in evidence
    everything = " ".join(
        str(text) for t in TECHNIQUES for text in (t.summary, t.evidence, t.pressure, *t.steps)
    ).lower()
    for claim in ("endorphin", "improves circulation", "promotes healing", "relieves shoulder"):
        assert claim not in everything


@pytest.mark.parametrize(
    ("routine_id", "low_min", "high_min"),
    [("hip-full", 15, 20), ("hip-short", 7, 9), ("shoulder", 10, 15)],
)
def test_routine_lengths_at_mid_range(routine_id: str, low_min: int, high_min: int) -> None:
    seconds = estimate_seconds(LIBRARY.routines[routine_id], LIBRARY)
    assert low_min * 60 <= seconds <= high_min * 60


def test_estimate_follows_the_documented_formula() -> None:
    # hip-full: 240 + 240 + (2 x 240 + 10) + 2 x (2 x 25 + 5) + 10, plus 4 x 15 s transitions
    assert estimate_seconds(LIBRARY.routines["hip-full"], LIBRARY) == 1150
    assert estimate_seconds(LIBRARY.routines["hip-full"], LIBRARY, 0.0) == 840


def test_causes_and_tips() -> None:
    assert set(LIBRARY.causes) == {"strain", "posture", "rotator_cuff", "tension"}
    for cause in LIBRARY.causes.values():
        assert cause.advice and set(cause.emphasis) <= set(LIBRARY.techniques)
    assert "clinician" in " ".join(a.en for a in LIBRARY.causes["rotator_cuff"].advice)
    habits = {tip.habit for tip in LIBRARY.tips.values()}
    assert habits == {"posture_breaks", "activity", "water", "stretching"}


@pytest.mark.parametrize(
    "path", sorted((CONTENT_DIR / "illustrations").glob("*.svg")), ids=lambda p: p.name
)
def test_illustration_is_small_accessible_and_theme_aware(path: Path) -> None:
    data = path.read_text()
    root = ElementTree.fromstring(data)
    assert len(data.encode()) < 4096
    assert root.get("role") == "img" and root.get("viewBox")
    assert root.find(f"{SVG}title") is not None
    assert root.get("stroke") == "currentColor"
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b|<script|href=", data)


def test_every_position_has_a_drawing_and_every_drawing_is_used() -> None:
    names = {p.name for p in (CONTENT_DIR / "illustrations").glob("*.svg")}
    assert {f"{position}.svg" for position in POSITIONS} <= names
    used = {t.illustration for t in LIBRARY.techniques.values()} | {
        v.illustration for t in LIBRARY.techniques.values() for v in t.variants if v.illustration
    }
    assert used <= names
    assert names - used <= {f"{position}.svg" for position in POSITIONS}


def test_builtin_content_problems_are_collected_across_files(tmp_path: Path) -> None:
    import shutil

    from unknot.errors import ContentError

    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (copy / "techniques" / "hip-kneading.yaml").write_text(
        (copy / "techniques" / "hip-kneading.yaml")
        .read_text()
        .replace("kind: massage", "kind: rub")
    )
    (copy / "routines" / "shoulder.yaml").write_text("id: shoulder\nname: S\nitems: []\n")
    with pytest.raises(ContentError) as caught:
        load_builtin(copy)
    rendered = [problem.render() for problem in caught.value.problems]
    source = (copy / "techniques" / "hip-kneading.yaml").read_text().splitlines()
    kind_line = source.index("kind: rub") + 1
    assert f"techniques/hip-kneading.yaml, line {kind_line}, field 'kind'" in rendered[0]
    assert any(line.startswith("routines/shoulder.yaml, line 3") for line in rendered)
    assert "bug" in caught.value.hint


TECHNIQUE = """\
id: demo
name: Demo
kind: massage
summary: A demo.
position: supine_knees_bent
laterality: none
dose: {reps: 1, hold_s: [180, 300]}
steps: [Do it.]
pressure: Light.
cautions: [Careful.]
tags: [hip, massage]
evidence: Not tested.
sources: [{label: x, ref: y}]
illustration: supine_knees_bent.svg
"""


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("tags: [hip, massage]", "tags: [hip, massag]"),
            "demo.yaml, line 11, field 'tags[1]': \"massag\" (text) is not one of "
            + ", ".join(sorted(TAGS))
            + '. Did you mean "massage"?',
        ),
        (
            ("position: supine_knees_bent", "position: lying"),
            "demo.yaml, line 5, field 'position': \"lying\" (text) is not one of "
            + ", ".join(sorted(POSITIONS))
            + '. Did you mean "side_lying"?',
        ),
        (
            ("steps: [Do it.]", "steps: []"),
            "demo.yaml, line 8, field 'steps': the list is empty; it needs at least one text.",
        ),
        (
            ("illustration: supine_knees_bent.svg", "illustration: nope.svg"),
            "demo.yaml, line 14, field 'illustration': \"nope.svg\" (text) is not one of the "
            "drawings in illustrations/: supine_knees_bent.svg.",
        ),
        (
            ("name: Demo", "name: {en: Demo, english: Demo}"),
            "demo.yaml, line 2, field 'name.english': \"english\" is not a language code; use "
            "two letters such as en or ko.",
        ),
        (
            ("steps: [Do it.]", "steps: [Then roll over and repeat on the other hip.]"),
            "demo.yaml, line 8, field 'steps[0]': this text mentions a change of side "
            "('roll over'); leave it out, because the plan adds the change of side, the tool "
            "and the pressure to each step itself (see docs/routines.md).",
        ),
        (
            ("summary: A demo.", "summary: Firm circles with a massage tool."),
            "demo.yaml, line 4, field 'summary': this text mentions a massage tool "
            "('massage tool'); leave it out, because the plan adds the change of side, the "
            "tool and the pressure to each step itself (see docs/routines.md).",
        ),
        (
            ("sources: [{label: x, ref: y}]", "sources: [{label: x}]"),
            "demo.yaml, line 13, field 'sources[0].ref': this key is missing; it is required here.",
        ),
    ],
)
def test_technique_file_problems(change: tuple[str, str], expected: str) -> None:
    from unknot.content.document import parse
    from unknot.content.entries import read_technique

    doc = parse(TECHNIQUE.replace(*change).encode(), "demo.yaml")
    assert read_technique(doc, {"supine_knees_bent.svg"}) is None
    assert [problem.render() for problem in doc.ordered()] == [expected]


def test_technique_file_template_is_valid() -> None:
    from unknot.content.document import parse
    from unknot.content.entries import read_technique

    technique = read_technique(parse(TECHNIQUE.encode(), "demo.yaml"), {"supine_knees_bent.svg"})
    assert technique is not None and technique.side_word == "hip"


def _all_text(technique_id: str) -> str:
    t = LIBRARY.techniques[technique_id]
    parts = [t.summary, *t.steps, t.pressure, *t.cautions, t.evidence]
    for v in t.variants:
        parts += [v.summary, *v.steps, v.pressure, *v.cautions, v.note]
    return " ".join(p.en for p in parts)


def test_the_content_fixes_of_issue_12_hold() -> None:
    flexor = _all_text("hip-flexor-stretch")
    assert flexor.count("just below and slightly outside the bony point") >= 3
    assert "below and inside" not in flexor
    circles = _all_text("hip-circular-massage")
    assert "under the small of your back" not in circles
    assert "sides of your hips" in circles and "without sliding them under your body" in circles
    deep = _all_text("hip-deep-tissue")
    assert "a roller can increase movement for a short time" in deep
    assert "loosen muscles" not in deep
    doorway = LIBRARY.techniques["shoulder-doorway-stretch"]
    for text in (doorway.summary, doorway.steps[0], doorway.cautions[0]):
        assert "below" in text.en and "shoulder" in text.en, text.en
    assert "no higher than your shoulders" in doorway.steps[0].en
    assert "no higher than your shoulders" in doorway.cautions[0].en
    drawing = (CONTENT_DIR / "illustrations" / "standing_bent_forward.svg").read_text()
    assert "soft knees" in drawing


@pytest.mark.parametrize(
    ("technique_id", "drawing"),
    [
        ("shoulder-arm-lifts", "arm_lifts.svg"),
        ("shoulder-cross-body", "cross_body.svg"),
        ("shoulder-isometric-er", "isometric_er.svg"),
    ],
)
def test_standing_exercises_have_a_drawing_of_their_movement(
    technique_id: str, drawing: str
) -> None:
    assert LIBRARY.techniques[technique_id].illustration == drawing
    svg = (CONTENT_DIR / "illustrations" / drawing).read_text()
    assert "stroke-dasharray" in svg  # the movement is drawn as a dashed arrow


def test_the_doorway_drawing_keeps_the_elbow_below_the_shoulder() -> None:
    svg = (CONTENT_DIR / "illustrations" / "doorway.svg").read_text()
    # The arm: shoulder -> elbow -> hand; y grows downwards.
    shoulder, elbow, hand = [
        tuple(map(int, p.split()))
        for p in re.search(r'd="M(\d+ \d+)L(\d+ \d+)L(\d+ \d+)"', svg).groups()  # type: ignore[union-attr]
    ]
    assert elbow[1] > shoulder[1] and hand[1] >= shoulder[1]
