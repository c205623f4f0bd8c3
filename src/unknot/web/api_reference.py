"""The API reference page, made on the server from the app's own OpenAPI document.

FastAPI's interactive pages load their scripts from a CDN, which unknot never does; this one
is plain HTML in the site's layout: every operation by tag with its parameters, body fields and
answer, the error statuses once (every operation shares them), and every schema with its
fields, linked from where it is used.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

REF = "#/components/schemas/"
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    ref: str  # the schema a $ref names (linked on the page), or ""
    required: bool
    notes: str  # description, limits and default, in one line


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    description: str
    parameters: tuple[Field, ...]
    body: str  # the body's schema name, or ""
    body_type: str  # its media type
    answer: str  # the success answer's schema name, or ""
    answer_type: str  # its media type (application/json, text/calendar, application/pdf...)
    status: str  # the success status


@dataclass(frozen=True)
class Schema:
    name: str
    anchor: str
    description: str
    fields: tuple[Field, ...]
    closed: bool  # additionalProperties false: an unknown field is refused


@dataclass
class Reference:
    title: str
    version: str
    description: str
    tags: dict[str, list[Operation]] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    schemas: list[Schema] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # component key -> name shown


_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")  # :class:`x.Y` in a docstring
_LITERAL = re.compile(r"``([^`]+)``")


def plain(text: str) -> str:
    """A docstring's reStructuredText marks taken out, its lines joined."""
    return " ".join(_LITERAL.sub(r"\1", _ROLE.sub(r"\1", text)).split())


def schema_anchor(name: str) -> str:
    return "schema-" + name


def _short(ref: str) -> str:
    """A component's name as the page shows it (pydantic's long module names shortened)."""
    name = ref.removeprefix(REF)
    if "__" not in name:
        return name
    *module, short = name.split("__")
    return f"{short} ({module[-1]})"


def type_of(schema: dict[str, Any]) -> tuple[str, str]:
    """A schema's type in words (``integer or null``, ``list of string``) and any $ref."""
    if "$ref" in schema:
        return _short(schema["$ref"]), schema["$ref"].removeprefix(REF)
    if "anyOf" in schema:
        parts = [type_of(part) for part in schema["anyOf"]]
        ref = next((r for _, r in parts if r), "")
        return " or ".join(t for t, _ in parts), ref
    kind = schema.get("type", "any")
    if kind == "array":
        inner, ref = type_of(schema.get("items", {}))
        return f"list of {inner}", ref
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"]), ""
    if "const" in schema:
        return f"{schema['const']!r}", ""
    if schema.get("format"):
        return f"{kind} ({schema['format']})", ""
    return str(kind), ""


def _limits(schema: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for part in [schema, *schema.get("anyOf", ())]:
        for key, words in (
            ("minimum", "at least {}"),
            ("maximum", "at most {}"),
            ("exclusiveMinimum", "more than {}"),
            ("exclusiveMaximum", "less than {}"),
            ("minLength", "at least {} characters"),
            ("maxLength", "at most {} characters"),
            ("minItems", "at least {} items"),
            ("maxItems", "at most {} items"),
            ("pattern", "matching {}"),
        ):
            if key in part:
                value = part[key]
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                if value == 1 and words.endswith("s"):
                    words = words[:-1]  # "at least 1 character"
                found.append(words.format(value))
    return found


def _field(name: str, schema: dict[str, Any], required: bool) -> Field:
    kind, ref = type_of(schema)
    notes = [plain(schema["description"])] if schema.get("description") else []
    notes += _limits(schema)
    if "default" in schema and not required:
        notes.append("default " + json.dumps(schema["default"], ensure_ascii=False))
    return Field(name, kind, ref, required, "; ".join(notes))


def _schema_of(content: dict[str, Any]) -> tuple[str, str]:
    """The first media type of a body or answer, and its schema's component name."""
    for media, entry in content.items():
        schema = entry.get("schema", {})
        name = schema.get("$ref", "").removeprefix(REF)
        if not name and schema.get("type") == "array" and "$ref" in schema.get("items", {}):
            name = schema["items"]["$ref"].removeprefix(REF)
        return media, name
    return "", ""


def _described(parameter: dict[str, Any]) -> dict[str, Any]:
    """A parameter's schema with the parameter's own description, if it has one."""
    schema = dict(parameter.get("schema", {}))
    if parameter.get("description"):
        schema["description"] = parameter["description"]
    return schema


def _operation(method: str, path: str, op: dict[str, Any]) -> Operation:
    parameters = tuple(
        _field(f"{p['name']} ({p['in']})", _described(p), bool(p.get("required")))
        for p in op.get("parameters", ())
    )
    body_type, body = _schema_of(op.get("requestBody", {}).get("content", {}))
    success = next((s for s in op.get("responses", {}) if s.startswith("2")), "200")
    answer_type, answer = _schema_of(op.get("responses", {}).get(success, {}).get("content", {}))
    return Operation(
        method=method.upper(),
        path=path,
        anchor=op.get("operationId", f"{method}-{path}"),
        description=plain(op.get("description") or op.get("summary") or ""),
        parameters=parameters,
        body=body,
        body_type=body_type,
        answer=answer,
        answer_type=answer_type,
        status=success,
    )


def reference(spec: dict[str, Any]) -> Reference:
    """The page's content from an OpenAPI 3 document."""
    info = spec.get("info", {})
    ref = Reference(info.get("title", ""), info.get("version", ""), info.get("description", ""))
    errors: dict[str, str] = {}
    for path, operations in spec.get("paths", {}).items():
        for method in METHODS:
            op = operations.get(method)
            if op is None:
                continue
            tag = (op.get("tags") or ["other"])[0]
            ref.tags.setdefault(tag, []).append(_operation(method, path, op))
            for status, answer in op.get("responses", {}).items():
                if not status.startswith("2"):
                    errors.setdefault(status, answer.get("description", ""))
    ref.errors = sorted(errors.items())
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", ()))
        fields = tuple(
            _field(key, value, key in required)
            for key, value in schema.get("properties", {}).items()
        )
        ref.names[name] = _short(name)
        ref.schemas.append(
            Schema(
                name=_short(name),
                anchor=schema_anchor(name),
                description=plain(schema.get("description") or ""),
                fields=fields,
                closed=schema.get("additionalProperties") is False,
            )
        )
    return ref
