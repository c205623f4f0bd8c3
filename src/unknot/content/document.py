"""Read a YAML content file safely and remember the line of every value.

Only plain data gets through: no anchors or aliases, no tags beyond the standard scalar and
collection ones, at most ``MAX_BYTES`` and ``MAX_DEPTH`` levels of nesting. The checks run on
the parser's event stream before anything is built, so a hostile file is turned away early
and cheaply. Problems are collected as :class:`~unknot.errors.Problem` values naming the
file, the line and the field path (``items[2].hold_s``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from unknot.errors import Problem
from unknot.i18n import _

MAX_BYTES = 256 * 1024
MAX_DEPTH = 20

Key = str | int
FieldPath = tuple[Key, ...]

_YAML_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
)


def field_name(path: FieldPath) -> str:
    """``("items", 2, "hold_s")`` → ``"items[2].hold_s"``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass
class Document:
    """A parsed file: its plain value, the line of each field path, the problems so far."""

    display: str
    value: object = None
    lines: dict[FieldPath, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False  # the file could not be read as YAML at all: nothing to check
    _order: list[int] = field(default_factory=list, repr=False)

    def ordered(self) -> list[Problem]:
        """The problems sorted by line (stable, so one line keeps its field order)."""
        pairs = sorted(zip(self._order, self.problems, strict=True), key=lambda pair: pair[0])
        return [problem for _line, problem in pairs]

    def line_of(self, path: FieldPath) -> int:
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def add(self, path: FieldPath, message: str) -> None:
        """Record a problem with the value at ``path``."""
        line = self.line_of(path)
        location = _("{file}, line {line}").format(file=self.display, line=line)
        self.problems.append(Problem(message, location=location, field=field_name(path)))
        self._order.append(line)

    def add_at(self, line: int, message: str, column: int | None = None) -> None:
        """Record a problem that belongs to a line rather than to a field."""
        if column is None:
            location = _("{file}, line {line}").format(file=self.display, line=line)
        else:
            location = _("{file}, line {line}, column {column}").format(
                file=self.display, line=line, column=column
            )
        self.problems.append(Problem(message, location=location))
        self._order.append(line)


def parse(data: bytes, display: str) -> Document:
    """Parse ``data`` into a :class:`Document`; syntax and safety problems land in ``problems``.

    When the file cannot be read as YAML at all, ``fatal`` is set and ``value`` is ``None``;
    smaller problems (a key given twice) leave the rest of the value to be checked.
    """
    doc = Document(display)
    text = _decode(data, doc)
    if text is not None and _scan(text, doc):
        _compose(text, doc)
    doc.fatal = bool(doc.problems) and doc.value is None
    return doc


def _decode(data: bytes, doc: Document) -> str | None:
    if len(data) > MAX_BYTES:
        doc.add_at(
            1,
            _("the file is {size} KiB; a content file may be at most {limit} KiB.").format(
                size=-(-len(data) // 1024), limit=MAX_BYTES // 1024
            ),
        )
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        doc.add_at(
            line,
            _("byte 0x{byte:02x} is not UTF-8 text; save the file with UTF-8 encoding.").format(
                byte=byte
            ),
        )
        return None


def _scan(text: str, doc: Document) -> bool:
    """Walk the event stream: refuse aliases, anchors, odd tags and deep nesting."""
    depth = documents = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1 if event.start_mark else 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    doc.add_at(line, _("a second YAML document starts here; keep one per file."))
                    return False
            elif isinstance(event, yaml.AliasEvent):
                doc.add_at(line, _("aliases (*name) are not allowed; write the value out."))
                continue
            _check_node_event(event, line, doc)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    doc.add_at(
                        line,
                        _("values are nested more than {limit} levels deep.").format(
                            limit=MAX_DEPTH
                        ),
                    )
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        _add_syntax_error(error, doc)
        return False
    return not doc.problems


def _check_node_event(event: yaml.Event, line: int, doc: Document) -> None:
    anchor = getattr(event, "anchor", None)
    if anchor:
        doc.add_at(
            line,
            _("anchors (&{name}) are not allowed; write each value out in full.").format(
                name=anchor
            ),
        )
    tag = getattr(event, "tag", None)
    if tag and tag not in _ALLOWED_TAGS:
        doc.add_at(
            line, _("the tag {tag} is not allowed; use plain values.").format(tag=_short_tag(tag))
        )


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


def _add_syntax_error(error: yaml.MarkedYAMLError, doc: Document) -> None:
    mark = error.problem_mark or error.context_mark
    reason = error.problem or error.context or "?"
    message = _("this is not valid YAML: {reason}.").format(reason=reason)
    if mark is None:
        doc.add_at(1, message)
    else:
        doc.add_at(mark.line + 1, message, column=mark.column + 1)


def _compose(text: str, doc: Document) -> None:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            doc.value = _build(node, (), loader, doc)
    except yaml.MarkedYAMLError as error:
        _add_syntax_error(error, doc)
        doc.value = None
    finally:
        loader.dispose()


def _build(node: yaml.Node, path: FieldPath, loader: yaml.SafeLoader, doc: Document) -> object:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(node, path, loader, doc)
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, (*path, i), loader, doc) for i, child in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError):
        doc.add(path, _("{value!r} cannot be read as a value.").format(value=node.value))
        return None


def _build_mapping(
    node: yaml.MappingNode, path: FieldPath, loader: yaml.SafeLoader, doc: Document
) -> dict[str, object]:
    out: dict[str, object] = {}
    for key_node, value_node in node.value:
        key = _build(key_node, (*path, "?"), loader, doc)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            doc.add_at(line, _("the key {key!r} must be text.").format(key=key))
            continue
        child = (*path, key)
        if key in out:
            doc.add_at(
                line,
                _('the key "{key}" appears twice (first on line {first}).').format(
                    key=field_name(child), first=doc.lines[child]
                ),
            )
            continue
        doc.lines[child] = line
        out[key] = _build(value_node, child, loader, doc)
    doc.lines.pop((*path, "?"), None)
    return out
