"""String literals, names captured in a format string, and format strings read into text and holes."""

from __future__ import annotations

from typing import Any, NamedTuple

import tree_sitter

from ...profile import NameInString, Piece
from .constants import _FORMAT_FIELD, _STRINGS, _WRITES
from .macros import _groups, _macro_name, _parsed, _strip_reference, _value_tokens

# --- string literals -------------------------------------------------------------------------------


def _literal_bounds(node: tree_sitter.Node) -> tuple[int, int] | None:
    """(start, end) of a string literal's source text between its delimiters; None for byte and C
    strings (`b"..."`, `c"..."`)."""
    if (node.text or b"")[:1] in (b"b", b"c"):
        return None
    if node.type == "raw_string_literal":  # `r#"..."#`: only its content is a node
        content = next((c for c in node.children if c.type == "string_content"), None)
        return (content.start_byte, content.end_byte) if content is not None else (node.end_byte, node.end_byte)
    if len(node.children) < 2:
        return None
    return node.children[0].end_byte, node.children[-1].start_byte


def _string_pieces(reader: Any, node: tree_sitter.Node) -> list[Piece] | None:
    bounds = _literal_bounds(node)
    if bounds is None:
        return None
    data: bytes = reader.file.data
    return [("text", data[bounds[0] : bounds[1]].decode("utf-8", "replace"), '"')]


# --- names captured in a format string -------------------------------------------------------------


class _Captured(NameInString):
    """The identifier of a `{name}` captured in a format string: the few members of tree_sitter.Node
    the flow reads of a hole, with the string literal as its parent so that the name's scope (the
    enclosing function) is found as for any other node."""


# --- format strings --------------------------------------------------------------------------------


class _Hole(NamedTuple):
    """A value in a format string: the node the flow reads (a token, or a stand-in for a captured
    name), or else the re-parsed argument to judge here (None when it cannot be read either)."""

    value: Any
    parsed: tree_sitter.Node | None
    spec: str


# A format string's pieces: its text, and its holes.
_Pieces = list[str | _Hole]


def _format_pieces(flow: Any, node: tree_sitter.Node) -> tuple[tree_sitter.Node, _Pieces] | None:
    """(the format string, its pieces) of a format macro, or None when the format string is not a
    literal here (or the arguments cannot be read)."""
    tree = next((c for c in node.children if c.type == "token_tree"), None)
    if tree is None:
        return None
    groups = _groups(tree)
    if _macro_name(flow, node) in _WRITES:
        groups = groups[1:]  # the destination
    if not groups or len(groups[0]) != 1 or groups[0][0].type not in _STRINGS:
        return None
    literal = groups[0][0]
    bounds = _literal_bounds(literal)
    if bounds is None:
        return None
    positional: list[list[tree_sitter.Node]] = []
    named: dict[str, list[tree_sitter.Node]] = {}
    for group in groups[1:]:
        if len(group) > 2 and group[0].type == "identifier" and group[1].type == "=":
            named[flow.text(group[0])] = group
        else:
            positional.append(group)
    values = [_strip_reference(_value_tokens(g)) for g in groups[1:]]
    multi = [v for v in values if len(v) > 1]
    parsed = _parsed(flow, multi) if multi else []
    by_group: dict[int, tree_sitter.Node | None] = {}
    for index, value in enumerate(multi):
        by_group[value[0].start_byte] = parsed[index] if parsed is not None else None

    def hole(group: list[tree_sitter.Node], spec: str) -> _Hole:
        value = _strip_reference(_value_tokens(group))
        if len(value) == 1:
            return _Hole(value[0], None, spec)
        return _Hole(None, by_group.get(value[0].start_byte), spec)

    data: bytes = flow.file.data
    template = data[bounds[0] : bounds[1]].decode("utf-8", "replace")
    pieces: _Pieces = []
    cursor, auto = 0, 0
    for match in _FORMAT_FIELD.finditer(template):
        pieces.append(template[cursor : match.start()])
        cursor = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            pieces.append(token[0])
            continue
        argument, spec = match.group(1), match.group(2) or ""
        if ".*" in spec:
            auto += 1  # `{:.*}` takes the precision first
        spec = ":" + spec if spec else ""
        if argument is None or argument.isdigit():
            index = auto if argument is None else int(argument)
            auto += argument is None
            pieces.append(hole(positional[index], spec) if index < len(positional) else _Hole(None, None, spec))
        elif argument in named:
            pieces.append(hole(named[argument], spec))
        else:
            start = bounds[0] + len(template[: match.start(1)].encode())  # bytes, not characters
            proxy: Any = _Captured(literal, start, start + len(argument), argument.encode())
            pieces.append(_Hole(proxy, None, spec))
    pieces.append(template[cursor:])
    return literal, pieces
