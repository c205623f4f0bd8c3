"""Load the built-in safety data (screening, stop rules) into core objects.

Country numbers: :mod:`unknot.content.countries_loader` (``load_countries`` is re-exported).

The files are ours and ship with unknot, so validation is strict and all-or-nothing: every
problem is collected and raised together as one :class:`ContentError` naming the file and the
field (no line numbers: a failure here is a bug in unknot, caught by the tests).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

# Country records moved to countries_loader; re-exported for the callers of this module.
from unknot.content.builtin_file import Check, is_title, is_url, read_builtin
from unknot.content.countries_loader import COUNTRIES_FILE as COUNTRIES_FILE
from unknot.content.countries_loader import load_countries as load_countries
from unknot.core.content import Source
from unknot.core.screening import (
    ADVICE_KEYS,
    CONDITIONS,
    MAX_GROUP_SIZE,
    Group,
    Question,
    Screening,
    Tier,
    most_severe,
    severity,
)
from unknot.core.stoprules import (
    FollowUp,
    NextTime,
    PainRule,
    Recheck,
    SessionRule,
    StopAction,
    StopRules,
    Symptom,
)

CONTENT_DIR = Path(__file__).parent
SCREENING_FILE = CONTENT_DIR / "screening.yaml"
STOP_RULES_FILE = CONTENT_DIR / "stop_rules.yaml"

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")

T = TypeVar("T")


def _source_table(raw: Any, check: Check) -> dict[str, Source]:
    table = {}
    for key, ref in check.mapping(raw, "sources").items():
        ref_text = check.string(ref, f"sources.{key}")
        if ref_text and not (
            is_url(ref_text) or ref_text.startswith("clinical-facts.md §") or is_title(ref_text)
        ):
            check.fail(
                f"sources.{key}",
                "must be a web address, a clinical-facts.md § reference, or the publisher and "
                "title (words, no address) where the publisher has no page of its own",
            )
        table[str(key)] = Source(label=f"[{key}]", ref=ref_text)
    return table


def _unique(items: Iterable[T], key: Callable[[T], str], check: Check, field: str) -> None:
    seen: set[str] = set()
    for item in items:
        k = key(item)
        if k in seen:
            check.fail(field, f"id {k!r} is used more than once")
        seen.add(k)


# ---- screening ----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def load_screening_data(path: Path = SCREENING_FILE) -> Screening:
    """The whole screening: its version, the short lists in order, questions, next steps."""
    check = Check(path)
    data = read_builtin(path)
    check.keys(data, "", {"version", "sources", "advice", "checked_note", "groups", "questions"})
    table = _source_table(data.get("sources", {}), check)
    groups = _groups(data.get("groups"), check)
    raw = data.get("questions")
    if not isinstance(raw, list) or not raw:
        check.fail("questions", "must be a non-empty list")
        raw = []
    questions = [_question(item, f"questions[{i}]", table, check) for i, item in enumerate(raw)]
    _unique(questions, lambda q: q.id, check, "questions")
    _check_group_order(groups, questions, check)
    advice = check.mapping(data.get("advice"), "advice")
    check.keys(advice, "advice", set(ADVICE_KEYS))
    screening = Screening(
        version=check.string(data.get("version"), "version"),
        groups=tuple(groups),
        questions=tuple(questions),
        advice={key: check.text(advice.get(key), f"advice.{key}") for key in ADVICE_KEYS},
        checked_note=check.text(data.get("checked_note"), "checked_note"),
    )
    check.raise_if_any("screening")
    return screening


def load_screening(path: Path = SCREENING_FILE) -> tuple[Question, ...]:
    """The screening questions in the order they are asked (most urgent lists first)."""
    return load_screening_data(path).questions


def screening_version(path: Path = SCREENING_FILE) -> str:
    """The version string of the screening rules, stored with every screening result."""
    return load_screening_data(path).version


def _groups(raw: Any, check: Check) -> list[Group]:
    if not isinstance(raw, list) or not raw:
        check.fail("groups", "must be a non-empty list")
        return []
    groups = []
    for i, item in enumerate(raw):
        entry = check.mapping(item, f"groups[{i}]")
        check.keys(entry, f"groups[{i}]", {"id", "title"})
        gid = check.string(entry.get("id"), f"groups[{i}].id")
        groups.append(Group(gid, check.text(entry.get("title"), f"groups[{gid or i}].title")))
    _unique(groups, lambda g: g.id, check, "groups")
    return groups


def _check_group_order(groups: list[Group], questions: list[Question], check: Check) -> None:
    """Each group's questions together, in the groups' order, none empty, none over 6; a
    group's most urgent tier is never above an earlier group's (so an emergency answer is
    found before anything less urgent is asked)."""
    ids = [g.id for g in groups]
    for q in questions:
        if q.group and q.group not in ids:
            check.fail(f"questions[{q.id}].group", f"must be one of {', '.join(ids)}")
    order = [ids.index(q.group) for q in questions if q.group in ids]
    if order != sorted(order):
        check.fail("questions", f"groups must come in the order {', '.join(ids)}")
    previous = Tier.EMERGENCY
    for group in groups:
        members = [q for q in questions if q.group == group.id]
        if not members:
            check.fail(f"groups[{group.id}]", "has no questions")
            continue
        if len(members) > MAX_GROUP_SIZE:
            check.fail(
                f"groups[{group.id}]",
                f"has {len(members)} questions; at most {MAX_GROUP_SIZE} per list",
            )
        top = most_severe(q.tier for q in members)
        if severity(top) > severity(previous):
            check.fail(f"groups[{group.id}]", "is more urgent than a group before it")
        previous = top


def _question(item: Any, field: str, table: Mapping[str, Source], check: Check) -> Question:
    raw = check.mapping(item, field)
    qid = check.string(raw.get("id"), f"{field}.id")
    where = f"questions[{qid}]" if qid else field
    required = {"id", "group", "tier", "text", "help", "reason", "conditions", "sources"}
    check.keys(raw, where, required, {"assessable", "in_person", "source_note"})
    if qid and not _ID.match(qid):
        check.fail(f"{where}.id", "must be lower_snake_case")
    tier = _tier(raw.get("tier"), f"{where}.tier", check)
    conditions = raw.get("conditions")
    if not isinstance(conditions, list):
        check.fail(f"{where}.conditions", "must be a list (empty for none)")
        conditions = []
    for name in conditions:
        if name not in CONDITIONS:
            check.fail(f"{where}.conditions", f"unknown condition {name!r}")
    if tier is Tier.CLEAR and not conditions:
        check.fail(f"{where}.conditions", "a question with tier clear must set a condition")
    assessable = _flag(raw, "assessable", where, check)
    in_person = _flag(raw, "in_person", where, check)
    if assessable and tier not in (Tier.SOON, Tier.SAME_DAY):
        check.fail(f"{where}.assessable", "only a soon or same_day question can be checked")
    if in_person and tier is not Tier.SAME_DAY:
        check.fail(f"{where}.in_person", "only a same_day question can send someone in person")
    note = raw.get("source_note")
    return Question(
        id=qid,
        group=check.string(raw.get("group"), f"{where}.group"),
        tier=tier,
        text=check.text(raw.get("text"), f"{where}.text"),
        help=check.text(raw.get("help"), f"{where}.help"),
        sources=_question_sources(raw.get("sources"), note, where, table, check),
        conditions=tuple(str(c) for c in conditions),
        reason=check.text(raw.get("reason"), f"{where}.reason"),
        assessable=assessable,
        in_person=in_person,
        source_note=None if note is None else check.text(note, f"{where}.source_note"),
    )


def _question_sources(
    value: Any, note: Any, where: str, table: Mapping[str, Source], check: Check
) -> tuple[Source, ...]:
    """Every question cites a web source, except a comfort adaptation, which says so instead."""
    if note is not None and value == []:
        return ()
    if note is not None:
        check.fail(f"{where}.source_note", "only a question without sources says why it has none")
    return check.sources(value, f"{where}.sources", table)


def _flag(raw: Mapping[str, Any], key: str, where: str, check: Check) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        check.fail(f"{where}.{key}", f"must be true or false, got {value!r}")
        return False
    return value


def _tier(value: Any, field: str, check: Check) -> Tier:
    try:
        return Tier(value)
    except ValueError:
        check.fail(field, f"must be one of {', '.join(t.value for t in Tier)}, got {value!r}")
        return Tier.CLEAR


# ---- stop rules ---------------------------------------------------------------------------


@lru_cache(maxsize=8)
def load_stop_rules(path: Path = STOP_RULES_FILE) -> StopRules:
    """The session stop rules of clinical-facts §6 (a synthesis, labelled as such)."""
    check = Check(path)
    data = read_builtin(path)
    required = {"sources", "synthesis_note", "rule_sources", "pain", "symptoms", "followup"}
    check.keys(data, "", required | {"session_rules"})
    table = _source_table(data.get("sources", {}), check)
    pain = check.mapping(data.get("pain"), "pain")
    check.keys(
        pain,
        "pain",
        {"rise_points", "ceiling", "rise_rule", "ceiling_rule", "gentle_rule", "within_limits"},
    )
    raw_symptoms = data.get("symptoms")
    if not isinstance(raw_symptoms, list) or not raw_symptoms:
        check.fail("symptoms", "must be a non-empty list")
        raw_symptoms = []
    symptoms = tuple(
        _symptom(s, f"symptoms[{i}]", table, check) for i, s in enumerate(raw_symptoms)
    )
    _unique(symptoms, lambda s: s.id, check, "symptoms")
    session_rules = _session_rules(data.get("session_rules", []), table, check)
    _check_rule_links(symptoms, session_rules, check)
    rules = StopRules(
        rise_points=_rating(pain.get("rise_points"), "pain.rise_points", check),
        ceiling=_rating(pain.get("ceiling"), "pain.ceiling", check),
        symptoms=symptoms,
        sources=check.sources(data.get("rule_sources"), "rule_sources", table),
        rise=_pain_rule(pain.get("rise_rule"), "pain.rise_rule", table, check),
        ceiling_rule=_pain_rule(pain.get("ceiling_rule"), "pain.ceiling_rule", table, check),
        gentle_rule=_pain_rule(pain.get("gentle_rule"), "pain.gentle_rule", table, check),
        within_limits=check.text(pain.get("within_limits"), "pain.within_limits"),
        synthesis_note=check.text(data.get("synthesis_note"), "synthesis_note"),
        followup=_followup(data.get("followup"), table, check),
        session_rules=session_rules,
    )
    check.raise_if_any("stop rules")
    return rules


def _rating(value: Any, field: str, check: Check) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
        check.fail(field, f"must be a whole number from 1 to 10, got {value!r}")
        return 0
    return value


def _pain_rule(item: Any, field: str, table: Mapping[str, Source], check: Check) -> PainRule:
    raw = check.mapping(item, field)
    check.keys(raw, field, {"reason", "sources"})
    return PainRule(
        reason=check.text(raw.get("reason"), f"{field}.reason"),
        sources=check.sources(raw.get("sources"), f"{field}.sources", table),
    )


def _symptom(item: Any, field: str, table: Mapping[str, Source], check: Check) -> Symptom:
    raw = check.mapping(item, field)
    sid = check.string(raw.get("id"), f"{field}.id")
    where = f"symptoms[{sid}]" if sid else field
    optional = {"advice", "next_time", "again", "recheck"}
    check.keys(raw, where, {"id", "action", "label", "reason", "sources"}, optional)
    if sid and not _ID.match(sid):
        check.fail(f"{where}.id", "must be lower_snake_case")
    try:
        action = StopAction(str(raw.get("action")))
    except ValueError:
        choices = ", ".join(a.value for a in StopAction)
        check.fail(f"{where}.action", f"must be one of {choices}, got {raw.get('action')!r}")
        action = StopAction.STOP_TECHNIQUE
    session_stop = action is StopAction.STOP_SESSION
    for name in ("advice", "next_time"):
        if session_stop and name not in raw:
            check.fail(f"{where}.{name}", "is missing (a stop_session symptom needs it)")
        if not session_stop and name in raw:
            check.fail(f"{where}.{name}", "is only for a stop_session symptom")
    if action is not StopAction.STOP_TECHNIQUE and ("again" in raw or "recheck" in raw):
        check.fail(where, "again and recheck are only for a stop_technique symptom")
    return Symptom(
        id=sid,
        action=action,
        label=check.text(raw.get("label"), f"{where}.label"),
        reason=check.text(raw.get("reason"), f"{where}.reason"),
        sources=check.sources(raw.get("sources"), f"{where}.sources", table),
        advice=check.text(raw["advice"], f"{where}.advice") if "advice" in raw else None,
        next_time=_next_time(raw["next_time"], f"{where}.next_time", check)
        if "next_time" in raw
        else None,
        again=check.string(raw["again"], f"{where}.again") if "again" in raw else None,
        recheck=_recheck(raw["recheck"], f"{where}.recheck", check) if "recheck" in raw else None,
    )


def _next_time(item: Any, field: str, check: Check) -> NextTime:
    raw = check.mapping(item, field)
    check.keys(raw, field, {"question", "still_there"})
    question = check.text(raw.get("question"), f"{field}.question")
    if not question.en.endswith("?"):
        check.fail(f"{field}.question", "must be a question (end with '?')")
    return NextTime(question, check.text(raw.get("still_there"), f"{field}.still_there"))


def _recheck(item: Any, field: str, check: Check) -> Recheck:
    raw = check.mapping(item, field)
    fields = {"rest_s", "answer_s", "rest", "question", "settled", "not_settled"}
    check.keys(raw, field, fields)
    seconds = []
    for name in ("rest_s", "answer_s"):
        value = raw.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 10 <= value <= 900:
            check.fail(f"{field}.{name}", f"must be whole seconds from 10 to 900, got {value!r}")
            value = 60
        seconds.append(value)
    return Recheck(
        rest_s=seconds[0],
        answer_s=seconds[1],
        rest=check.text(raw.get("rest"), f"{field}.rest"),
        question=check.text(raw.get("question"), f"{field}.question"),
        settled=check.text(raw.get("settled"), f"{field}.settled"),
        not_settled=check.string(raw.get("not_settled"), f"{field}.not_settled"),
    )


def _session_rules(raw: Any, table: Mapping[str, Source], check: Check) -> tuple[SessionRule, ...]:
    if not isinstance(raw, list):
        check.fail("session_rules", "must be a list")
        return ()
    found = []
    for i, item in enumerate(raw):
        entry = check.mapping(item, f"session_rules[{i}]")
        rid = check.string(entry.get("id"), f"session_rules[{i}].id")
        where = f"session_rules[{rid}]" if rid else f"session_rules[{i}]"
        check.keys(entry, where, {"id", "label", "reason", "advice", "next_time", "sources"})
        if rid and not _ID.match(rid):
            check.fail(f"{where}.id", "must be lower_snake_case")
        found.append(
            SessionRule(
                id=rid,
                label=check.text(entry.get("label"), f"{where}.label"),
                reason=check.text(entry.get("reason"), f"{where}.reason"),
                advice=check.text(entry.get("advice"), f"{where}.advice"),
                next_time=_next_time(entry.get("next_time"), f"{where}.next_time", check),
                sources=check.sources(entry.get("sources"), f"{where}.sources", table),
            )
        )
    _unique(found, lambda r: r.id, check, "session_rules")
    return tuple(found)


def _check_rule_links(
    symptoms: tuple[Symptom, ...], rules: tuple[SessionRule, ...], check: Check
) -> None:
    known = {r.id for r in rules}
    for symptom in symptoms:
        settled_rule = symptom.recheck.not_settled if symptom.recheck else None
        for name, target in (("again", symptom.again), ("recheck.not_settled", settled_rule)):
            if target and target not in known:
                check.fail(
                    f"symptoms[{symptom.id}].{name}",
                    f"unknown session rule {target!r}; add it to session_rules",
                )


def _followup(item: Any, table: Mapping[str, Source], check: Check) -> FollowUp:
    raw = check.mapping(item, "followup")
    fields = {"settled_question", "next_morning_question", "advice", "see_clinician"}
    check.keys(raw, "followup", fields | {"sources"})
    return FollowUp(
        settled_question=check.text(raw.get("settled_question"), "followup.settled_question"),
        next_morning_question=check.text(
            raw.get("next_morning_question"), "followup.next_morning_question"
        ),
        advice=check.text(raw.get("advice"), "followup.advice"),
        see_clinician=check.text(raw.get("see_clinician"), "followup.see_clinician"),
        sources=check.sources(raw.get("sources"), "followup.sources", table),
    )
