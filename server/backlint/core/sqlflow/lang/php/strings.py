"""String literals and their interpolation holes, constants read as text, and `sprintf` / `implode`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import tree_sitter

from ...built import CONST, NUMERIC, Built, Part
from ...profile import Piece
from .constants import _NAME_CONSTANT, _constant_key, _declared
from .nodes import _CONSTANTS, _STRINGS, _array_values, _call_arguments, _function_name

if TYPE_CHECKING:  # classify imports this module (through profiles): only the types are read here
    from ...classify import QueryFlow
    from ...literals import LiteralReader

# --- string literals --------------------------------------------------------------------------------


def _unescape_single(raw: str) -> str:
    return raw.replace("\\\\", "\\").replace("\\'", "'")


def _string_pieces(reader: LiteralReader, node: tree_sitter.Node) -> list[Piece] | None:
    """Single-quoted strings and nowdocs are plain text; double-quoted strings and heredocs hold
    `$x`, `$x->y`, `$x[k]` and `{...}` holes between their text pieces. A constant reads as its text
    when this file declares it, and a prefix or table constant declared elsewhere (`DB_PREFIX .
    "product"`) as its name: either way part of the SQL the code wrote, so a name spliced right after
    it is seen as one identifier. Other constants are holes (None)."""
    if node.type in _CONSTANTS:
        return _constant_pieces(reader, node)
    if node.type == "string":
        raw = reader.text(node)
        if raw[:1] in ("b", "B"):
            raw = raw[1:]
        return [("text", _unescape_single(raw[1:-1]), "'")]
    if node.type == "nowdoc":
        body = node.child_by_field_name("value")
        return [("text", reader.text(body) if body is not None else "", "'")]
    container = node.child_by_field_name("value") if node.type == "heredoc" else node
    pieces: list[Piece] = []
    if container is None:
        return pieces
    for child in container.children:
        if child.type == "string_content":
            pieces.append(("text", reader.text(child), '"'))
        elif child.type == "escape_sequence":
            escaped = reader.text(child)
            pieces.append(("text", escaped[1:] if escaped in ("\\$", '\\"', "\\\\") else escaped, '"'))
        elif child.is_named and child.type != "comment":
            pieces.append(("hole", child, ""))
    return pieces


def _constant_pieces(reader: LiteralReader, node: tree_sitter.Node) -> list[Piece] | None:
    own = node.type == "name" or re.match(r"^(?:self|static)::", reader.text(node)) is not None
    key = _constant_key(reader, node)
    text = _constant_text(reader, _declared(reader).get(key)) if own else None
    if text is None and _NAME_CONSTANT.search(key):
        text = key
    return [("text", text, "")] if text is not None else None


def _constant_text(flow: LiteralReader, value: tree_sitter.Node | None) -> str | None:
    if value is None:
        return None
    value = flow._unwrap(value)
    if value.type in _STRINGS and flow._plain_string(value):
        return "".join(p[1] for p in _string_pieces(flow, value) or [] if p[0] == "text")
    return None


# --- format functions -------------------------------------------------------------------------------


# sprintf's conversions: `%s`, `%05.2f`, `%1$s`, and `%'*10s` (a custom padding character).
_PRINTF_VERB = re.compile(r"%(?:(\d+)\$)?[-+ 0]*(?:'.)?[-+ 0]*(?:\d+)?(?:\.\d+)?([bcdeEfFgGhHosuxX%])")
_NUMERIC_VERBS = frozenset("bcdeEfFgGhHouxX")


def _template(flow: QueryFlow, node: tree_sitter.Node) -> tuple[str, tree_sitter.Node] | None:
    """A format string's text: a literal here, a local assigned one once, or a constant of this file."""
    node = flow._unwrap(node)
    if node.type in _STRINGS and flow._plain_string(node):
        return "".join(p[1] for p in _string_pieces(flow, node) or [] if p[0] == "text"), node
    value = None
    if node.type == "variable_name":
        definitions = flow.definitions(flow.text(node), node)
        if len(definitions) == 1 and not definitions[0][1]:
            value = flow._unwrap(definitions[0][0])
    elif node.type in ("name", "class_constant_access_expression"):
        value = _declared(flow).get(_constant_key(flow, node))
    if value is not None and value.type in _STRINGS and flow._plain_string(value):
        return "".join(p[1] for p in _string_pieces(flow, value) or [] if p[0] == "text"), value
    return None


def _expandable(flow: QueryFlow, node: tree_sitter.Node) -> bool:
    """`_expand_call` reads this call into pieces (so classifying it may flatten it)."""
    name = _function_name(flow, node)
    args = _call_arguments(node)
    if name in ("sprintf", "vsprintf"):
        return bool(args) and args[0].type != "variadic_unpacking" and _template(flow, args[0]) is not None
    if name in ("implode", "join") and len(args) == 2:
        separator, array = flow._unwrap(args[0]), flow._unwrap(args[1])
        return (
            array.type == "array_creation_expression"
            and separator.type in _STRINGS
            and flow._plain_string(separator)
            and not any(e.type == "variadic_unpacking" for e in _array_values(array))
        )
    return False


def _expand_call(flow: QueryFlow, node: tree_sitter.Node, level: int, built: Built, stack: list[Any]) -> bool:
    """`sprintf` / `vsprintf` with a known format, and `implode` of an array written out in place."""
    if not _expandable(flow, node):
        return False
    name = _function_name(flow, node)
    args = _call_arguments(node)
    if name in ("sprintf", "vsprintf"):
        template = _template(flow, args[0])
        if template is None:  # never: _expandable read it
            return False
        values: list[tree_sitter.Node] = args[1:]
        array = flow._unwrap(args[1]) if name == "vsprintf" and len(args) > 1 else None
        if name == "vsprintf":
            # Values not written out in place: each conversion is a hole of unknown kind.
            values = _array_values(array) if array is not None and array.type == "array_creation_expression" else []
        built.style = "sprintf()" if built.style == "literal" else built.style
        start = len(stack)
        flow._push_formatted(template[0], template[1], _PRINTF_VERB, values, level, stack)
        for item in stack[start:]:
            part = item[1]
            if item[0] == "part" and part.is_hole and part.node is None and part.spec[-1:] in _NUMERIC_VERBS:
                part.kind = NUMERIC  # `%d` of a value we cannot see still prints a number
        return True
    if name in ("implode", "join"):
        separator, array = flow._unwrap(args[0]), flow._unwrap(args[1])
        elements = _array_values(array)
        built.style = "concatenation" if built.style == "literal" else built.style
        sep_text = "".join(p[1] for p in _string_pieces(flow, separator) or [] if p[0] == "text")
        for index in range(len(elements) - 1, -1, -1):
            stack.append(("node", elements[index], level, ""))
            if index and sep_text:
                stack.append(("part", Part(sep_text, separator, CONST, quote="'"), level, ""))
        return True
    return False
