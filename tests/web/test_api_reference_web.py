"""The API reference is a page of this server, made from its OpenAPI document: every operation
and schema, nothing loaded from elsewhere (issue 15)."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient


def test_the_reference_lists_every_operation_and_schema(client: TestClient) -> None:
    answer = client.get("/api-reference")
    assert answer.status_code == 200
    page = html.unescape(answer.text)
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method in operations:
            assert f'<span class="method">{method.upper()}</span> <code>{path}</code>' in page
    for name in spec["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    # a body's fields with their limits, a parameter with its description, the shared errors
    pain = page.split('id="schema-PainIn"', 1)[1].split("</article>", 1)[0]
    assert "<code>value</code>" in pain and "Shoulder pain 0-10" in pain
    assert "A field not listed here is refused." in pain
    assert "Include corrected and deleted entries" in page
    assert "The request is malformed" in page and "A value is not valid" in page
    # every link inside the page points at an anchor it has
    anchors = set(re.findall(r'id="([^"]+)"', page))
    assert {a for a in re.findall(r'href="#([^"]+)"', page)} <= anchors
    # nothing from elsewhere: no scripts, styles or images from another origin
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_settings_links_to_it(client: TestClient) -> None:
    assert 'href="/api-reference"' in client.get("/settings").text


def test_types_limits_and_docstring_marks_in_words() -> None:
    from unknot.web.api_reference import _field, plain, type_of

    assert type_of({"anyOf": [{"type": "integer"}, {"type": "null"}]}) == ("integer or null", "")
    assert type_of({"type": "array", "items": {"$ref": "#/components/schemas/CueIn"}}) == (
        "list of CueIn",
        "CueIn",
    )
    assert type_of({"$ref": "#/components/schemas/unknot__web__api_trial__PlanIn"})[0] == (
        "PlanIn (api_trial)"
    )
    assert type_of({"enum": ["left", "right"]}) == ("one of left, right", "")
    limits = _field("title", {"type": "string", "minLength": 1, "maxLength": 500.0}, True)
    assert limits.notes == "at least 1 character; at most 500 characters"
    assert _field("ok", {"type": "boolean", "default": True}, False).notes == "default true"
    assert plain("Send ``X-CSRF-Token`` (see :class:`~a.b.Guard`).\n  Then") == (
        "Send X-CSRF-Token (see a.b.Guard). Then"
    )
