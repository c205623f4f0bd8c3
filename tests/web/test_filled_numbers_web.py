"""The web pages and the API never show a raw {emergency} / {same_day}."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient

from unknot.core.screening import fill_numbers, numbers_for
from unknot.services import safety
from webclient import csrf

HTML = {"Accept": "text/html"}


def set_country(client: TestClient, code: str) -> None:
    response = client.patch("/api/v1/profile", json={"country": code}, headers=csrf(client))
    assert response.status_code == 200, response.text


def screening_texts(page: str) -> tuple[list[str], list[str]]:
    """The questions (the labels' spans) and their help paragraphs, as the page shows them."""
    labels = re.findall(
        r'<input type="checkbox" name="q:[^"]+"[^>]*> <span>(.*?)</span>', page, re.S
    )
    helps = re.findall(r'<p class="help" id="help-[^"]+">(.*?)</p>', page, re.S)
    return [html.unescape(t) for t in labels], [html.unescape(t) for t in helps]


def test_the_screening_page_fills_every_question_and_help(client: TestClient) -> None:
    set_country(client, "GB")
    page = client.get("/screening", headers=HTML).text
    labels, helps = screening_texts(page)
    questions = safety.questions()
    assert len(labels) == len(helps) == len(questions)
    gb = safety.countries()["GB"]
    for question, label, help_text in zip(questions, labels, helps, strict=True):
        assert label == fill_numbers(str(question.text), gb)
        assert " ".join(help_text.split()) == " ".join(fill_numbers(str(question.help), gb).split())
        for text in (label, help_text):
            assert "{" not in text and "}" not in text, (question.id, text)
    assert "{emergency}" not in page and "{same_day}" not in page
    assert any("chest pain, call 999 now" in " ".join(h.split()) for h in helps)


def test_without_a_country_the_screening_page_uses_the_fallback_number(
    client: TestClient,
) -> None:
    page = client.get("/screening", headers=HTML).text
    _, helps = screening_texts(page)
    fallback = numbers_for(safety.countries(), None)
    assert any(f"call {fallback.emergency} now" in h for h in helps)
    assert "{emergency}" not in page and "{same_day}" not in page


def test_the_questions_api_fills_the_help(client: TestClient) -> None:
    set_country(client, "US")
    for question in client.get("/api/v1/screening/questions").json():
        for text in (question["text"], question["help"]):
            assert "{" not in text and "}" not in text, question["id"]
    [clot] = [
        q for q in client.get("/api/v1/screening/questions").json() if q["id"] == "leg_clot_signs"
    ]
    assert "call 911 now" in clot["help"]


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def test_every_stop_rule_text_the_browser_player_shows_is_filled(client: TestClient) -> None:
    """The browser player shows the plan JSON's stop rule texts as they are."""
    answers = {q.id: False for q in safety.questions()}
    client.post(
        "/api/v1/screening", json={"answers": answers, "country": "KR"}, headers=csrf(client)
    )
    rules = client.get("/api/v1/plan").json()["stop_rules"]
    kr = safety.countries()["KR"]
    for text in strings(rules):
        assert "{" not in text and "}" not in text, text
    by_id = {s["id"]: s for s in rules["symptoms"]}
    for symptom in safety.stop_rules().symptoms:
        assert by_id[symptom.id]["reason"] == fill_numbers(str(symptom.reason), kr)
        assert by_id[symptom.id]["label"] == fill_numbers(str(symptom.label), kr)
    assert kr.emergency in by_id["chest_pain"]["reason"]
    page = client.get("/player", headers=HTML).text
    assert "{emergency}" not in page and "{same_day}" not in page
