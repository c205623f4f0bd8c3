"""The built-in safety data validates, cites its sources and fails loudly when broken."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from unknot.content.safety_loader import (
    COUNTRIES_FILE,
    SCREENING_FILE,
    STOP_RULES_FILE,
    load_countries,
    load_screening,
    load_screening_data,
    load_stop_rules,
    screening_version,
)
from unknot.core.screening import CONDITIONS, MAX_GROUP_SIZE, Tier
from unknot.errors import ContentError

QUESTIONS = load_screening()
COUNTRIES = load_countries()
RULES = load_stop_rules()
# EU members without a row of their own in countries.yaml (DK, FR, DE, IE, SE have one).
EU = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "EE",
    "FI",
    "GR",
    "HU",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
]


def test_every_question_cites_a_web_source() -> None:
    for q in QUESTIONS:
        if q.source_note is not None:  # a comfort adaptation: says it claims no source
            assert not q.sources and "no clinical source" in q.source_note.en, q.id
            continue
        assert q.sources, q.id
        assert any(s.ref.startswith(("https://", "http://")) for s in q.sources), q.id
        assert all(re.fullmatch(r"\[[A-Za-z0-9-]+\]", s.label) for s in q.sources), q.id


def test_question_ids_are_unique() -> None:
    ids = [q.id for q in QUESTIONS]
    assert len(ids) == len(set(ids))


def test_question_conditions_are_in_the_vocabulary() -> None:
    for q in QUESTIONS:
        assert set(q.conditions) <= CONDITIONS, q.id


def test_groups_come_in_order_and_are_all_present() -> None:
    groups = [q.group for q in QUESTIONS]
    data = load_screening_data()
    assert list(dict.fromkeys(groups)) == [g.id for g in data.groups]
    for group in data.groups:
        assert 1 <= len(data.group_questions(group.id)) <= MAX_GROUP_SIZE, group.id
    urgency = [max(q.tier.severity for q in data.group_questions(g.id)) for g in data.groups]
    assert urgency == sorted(urgency, reverse=True)  # the most urgent lists come first


def test_contraindications_adapt_the_plan_and_never_block() -> None:
    for q in QUESTIONS:
        if q.group.startswith("conditions_"):
            assert q.tier is Tier.CLEAR and q.conditions, q.id
        if q.tier is Tier.CLEAR:
            assert q.group.startswith("conditions_") and q.conditions, q.id


# clinical-facts "Citing a source in the product": no copy's address, ever.
COPY_HOSTS = (
    "scribd",
    "docslib",
    "researchgate",
    "childdynamix",
    "hedgegrailpharmacy",
    "msnlunts",
    "doctoori",
    "megatopx",
    "excitingspas",
    "ambersherbet",
    "kensingtonsocks",
    "aecorner",
    "nicswell",
    "developer.api.nhs.uk",
)


def test_screening_sources_are_the_publishers_own_pages() -> None:
    text = SCREENING_FILE.read_text(encoding="utf-8")
    for host in COPY_HOSTS:
        assert host not in text, host
    assert "(copy)" not in text
    for q in QUESTIONS:
        for source in q.sources:
            assert source.ref.startswith(("https://", "http://")) or " " in source.ref, q.id


def test_every_question_has_text_help_and_reason() -> None:
    for q in QUESTIONS:
        assert q.text.en.endswith("?"), q.id
        assert q.help.en and q.reason.en, q.id


@pytest.mark.parametrize(
    ("key", "placeholder"),
    [("emergency", "{emergency}"), ("same_day", "{same_day}"), ("in_person", "{in_person}")],
)
def test_urgent_next_steps_show_the_country_number(key: str, placeholder: str) -> None:
    assert placeholder in load_screening_data().advice[key].en


# The NHS list of §1B, verbatim: our questions must say it in our own words.
NHS_SP_VERBATIM = [
    "you have sudden or very bad shoulder pain",
    "you cannot move your arm",
    "your arm or shoulder has changed shape or is badly swollen",
    "you have pins and needles that do not go away",
    "there's no feeling in your arm or shoulder",
    "your arm or shoulder is hot or cold to touch",
    "the pain started after an injury or accident, like a fall",
    "you develop severe pain in both shoulders",
    "you feel feverish",
]


def test_wording_is_our_own() -> None:
    for q in QUESTIONS:
        for phrase in NHS_SP_VERBATIM:
            assert phrase not in q.text.en.lower(), (q.id, phrase)


def test_screening_version_is_recorded() -> None:
    assert screening_version()


# ---- countries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "emergency", "same_day_part"),
    [
        ("GB", "999", "111"),
        ("EU", "112", "out-of-hours"),
        ("US", "911", "urgent care"),
        ("CA", "911", "811"),
        ("AU", "000", "1800 022 222"),
        ("KR", "119", "119"),
        ("ZZ", "112", "local doctor"),
    ],
)
def test_country_table_matches_section_8(code: str, emergency: str, same_day_part: str) -> None:
    entry = COUNTRIES[code]
    assert entry.emergency == emergency
    assert same_day_part in entry.same_day.en


@pytest.mark.parametrize("code", EU)
def test_every_eu_member_gets_112(code: str) -> None:
    assert COUNTRIES[code].emergency == "112"
    assert COUNTRIES[code].code == code


# ---- stop rules ---------------------------------------------------------------------------


def test_stop_rules_cite_sources_and_say_they_are_a_synthesis() -> None:
    assert "no single guideline" in RULES.synthesis_note.en
    for symptom in RULES.symptoms:
        assert any(s.ref.startswith(("https://", "http://")) for s in symptom.sources), symptom.id
    for rule in (RULES.rise, RULES.ceiling_rule):
        assert rule.sources and rule.reason.en


# ---- broken files are refused -------------------------------------------------------------


def write_variant(tmp_path: Path, source: Path, change: object) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path = tmp_path / source.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _first(data: dict[str, object]) -> dict[str, object]:
    return data["questions"][0]  # type: ignore[index, no-any-return]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: _first(d).update(conditions=["sleepy"]), "unknown condition 'sleepy'"),
        (lambda d: _first(d).update(sources=[]), "non-empty list of source keys"),
        (lambda d: _first(d).update(sources=["NOPE"]), "unknown source 'NOPE'"),
        (lambda d: _first(d).update(tier="clear"), "tier clear must set a condition"),
        (lambda d: _first(d).update(tier="caution"), "must be one of clear, routine"),
        (lambda d: _first(d).update(assessable=True), "only a soon or same_day question"),
        (lambda d: _first(d).update(in_person=True), "only a same_day question"),
        (lambda d: _first(d).update(source_note="none"), "only a question without sources"),
        (lambda d: _first(d).update(group="nowhere"), "must be one of emergency_heart"),
        (lambda d: d["groups"].append({"id": "empty", "title": "Empty"}), "has no questions"),
        (
            lambda d: [q.update(group="emergency_heart") for q in d["questions"][:7]],
            "at most 6 per list",
        ),
        (lambda d: d["advice"].pop("in_person"), "field 'advice.in_person': is missing"),
        (lambda d: _first(d).update(reason="Call {ambulance}"), "unknown placeholder"),
        (lambda d: _first(d).pop("help"), "field 'questions[heart_symptoms].help': is missing"),
        (
            lambda d: _first(d).update(colour="red"),
            "field 'questions[heart_symptoms].colour': is not a known field",
        ),
        (lambda d: d["questions"].append(dict(_first(d))), "used more than once"),
        (lambda d: d["questions"].reverse(), "groups must come in the order"),
        (lambda d: d["sources"].update(CW="somewhere"), "must be a web address"),
    ],
)
def test_broken_screening_is_refused(tmp_path: Path, change: object, expected: str) -> None:
    path = write_variant(tmp_path, SCREENING_FILE, change)
    with pytest.raises(ContentError) as info:
        load_screening(path)
    assert expected in info.value.message
    assert "screening.yaml" in info.value.message
    assert info.value.problems


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["symptoms"][0].update(action="panic"), "must be one of emergency"),
        (lambda d: d["pain"].update(ceiling=11), "whole number from 1 to 10"),
        (lambda d: d["symptoms"].append(dict(d["symptoms"][0])), "used more than once"),
        (lambda d: d["symptoms"][0].update(sources=["CF-6"]), "needs at least one source"),
        (
            lambda d: d.pop("followup"),
            "(1 problem(s)): stop_rules.yaml, field 'followup': is missing",
        ),
    ],
)
def test_broken_stop_rules_are_refused(tmp_path: Path, change: object, expected: str) -> None:
    path = write_variant(tmp_path, STOP_RULES_FILE, change)
    with pytest.raises(ContentError, match=re.escape(expected)):
        load_stop_rules(path)


def test_countries_without_a_fallback_are_refused(tmp_path: Path) -> None:
    path = write_variant(tmp_path, COUNTRIES_FILE, lambda d: d["countries"].pop("ZZ"))
    with pytest.raises(ContentError, match="fallback entry ZZ"):
        load_countries(path)


# ---- the hazard log keeps up ----------------------------------------------------------------

ROOT = Path(__file__).parents[2]
HAZARD_LOG = (ROOT / "docs" / "safety.md").read_text(encoding="utf-8")
SAFETY_TESTS = [
    ROOT / "tests" / "core" / "test_screening.py",
    ROOT / "tests" / "core" / "test_screening_people.py",
    ROOT / "tests" / "store" / "test_migration_0005.py",
    ROOT / "tests" / "cli" / "test_screen_cli.py",
    ROOT / "tests" / "core" / "test_stoprules.py",
    ROOT / "tests" / "core" / "test_adapt.py",
    ROOT / "tests" / "services" / "test_safety_service.py",
    ROOT / "tests" / "cli" / "test_session_cli.py",
    ROOT / "tests" / "core" / "test_countries.py",
    ROOT / "tests" / "content" / "test_countries_content.py",
    ROOT / "tests" / "services" / "test_country_codes.py",
    ROOT / "tests" / "cli" / "test_country_cli.py",
    ROOT / "tests" / "web" / "test_country_web.py",
    Path(__file__),
]


def test_hazard_log_lists_every_rule() -> None:
    for q in QUESTIONS:
        assert f"| `{q.id}` |" in HAZARD_LOG, q.id
    for symptom in RULES.symptoms:
        assert f"| `symptom.{symptom.id}` |" in HAZARD_LOG, symptom.id
    assert "clinician must review" in HAZARD_LOG
    assert "## 7. Plan adaptations" in HAZARD_LOG
    from unknot.core.adapt import SOURCES

    for rule_id in SOURCES:
        assert f"| `{rule_id}` |" in HAZARD_LOG, rule_id


def test_hazard_log_names_only_tests_that_exist() -> None:
    code = "".join(path.read_text(encoding="utf-8") for path in SAFETY_TESTS)
    named = set(re.findall(r"`(test_\w+)", HAZARD_LOG))
    assert named
    assert {name for name in named if f"def {name}(" not in code} == set()


# ---- the clinical safety case (hazard register, DCB0129's structure) -------------------------

MATRIX = {  # severity -> ratings for likelihood 1..5, as docs/safety.md §0.1 states it
    5: (3, 4, 4, 5, 5),
    4: (2, 3, 3, 4, 5),
    3: (2, 2, 3, 3, 4),
    2: (1, 2, 2, 3, 3),
    1: (1, 1, 2, 2, 2),
}
REGISTER_ROW = re.compile(
    r"^\| (H-\d\d) \| (.+?) \| (\d)/(\d)/(\d) \| (.+?) \| (\d)/(\d)/(\d) \| (.+?) \|$", re.M
)


def _register() -> list[tuple[str, ...]]:
    return REGISTER_ROW.findall(HAZARD_LOG)


def test_hazard_register_states_its_matrix_and_does_not_claim_compliance() -> None:
    assert "## 0.1 The risk matrix" in HAZARD_LOG
    assert "does not claim compliance" in HAZARD_LOG
    for severity, ratings in MATRIX.items():
        row = next(line for line in HAZARD_LOG.splitlines() if line.startswith(f"| **{severity} "))
        assert row.endswith(" | ".join(str(r) for r in ratings) + " |"), row


def test_hazard_register_ratings_follow_the_matrix_and_never_rise() -> None:
    rows = _register()
    assert len(rows) >= 20
    assert [r[0] for r in rows] == [f"H-{n:02d}" for n in range(1, len(rows) + 1)]
    for hid, _what, s0, l0, r0, _controls, s1, l1, r1, _ok in rows:
        assert MATRIX[int(s0)][int(l0) - 1] == int(r0), hid
        assert MATRIX[int(s1)][int(l1) - 1] == int(r1), hid
        assert int(r1) <= int(r0), hid
        assert int(r1) <= 3 or "Not for release" in _ok, hid


def test_hazard_register_controls_are_rules_of_the_log() -> None:
    rule_rows = set(re.findall(r"^\| `([a-z_.0-9]+)` \|", HAZARD_LOG, re.M))
    for hid, *_rest in _register():
        controls = _rest[4]
        for rule_id in re.findall(r"`([a-z_.0-9]+)`", controls):
            if "/" in rule_id or rule_id.startswith("test_"):
                continue
            assert rule_id in rule_rows, (hid, rule_id)
