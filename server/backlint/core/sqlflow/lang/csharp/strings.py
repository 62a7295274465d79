"""C# string literals: regular, verbatim, raw and interpolated, read into text and holes."""

from __future__ import annotations

from typing import Any

import tree_sitter

from ...profile import Piece
from .constants import _FORMATTABLE, _INTERPOLATION_PARTS, _STRINGS


def _string_pieces(flow: Any, node: tree_sitter.Node) -> list[Piece] | None:
    kind = node.type
    if node.has_error:
        return None  # the grammar lost the string's end (`$@"...""{x}"""`): its text is not the code's
    if kind == "string_literal":
        text = "".join(
            flow.text(c) if c.type == "string_literal_content" else _escape(flow.text(c))
            for c in node.children
            if c.type in ("string_literal_content", "escape_sequence")
        )
        return [("text", text, '"')]
    if kind == "verbatim_string_literal":
        raw = flow.text(node)
        return [("text", raw[2:-1].replace('""', '"'), '@"')]
    if kind == "raw_string_literal":
        start = node.child(0)
        quote = flow.text(start) if start is not None else '"""'
        return [("text", "".join(flow.text(c) for c in node.children if c.type == "raw_string_content"), quote)]
    if kind != "interpolated_string_expression" or _formattable(flow, node):
        return None
    start = node.child(0)
    verbatim = start is not None and "@" in flow.text(start)
    raw = any(c.type == "interpolation_quote" for c in node.children)
    quote = '"""' if raw else '"'
    pieces: list[Piece] = []
    for child in node.children:
        if child.type == "string_content":
            text = flow.text(child)
            if not raw:
                text = text.replace("{{", "{").replace("}}", "}")  # raw strings have no brace escapes
            if verbatim:
                text = text.replace('""', '"')
            pieces.append(("text", text, quote))
        elif child.type == "escape_sequence":
            pieces.append(("text", _escape(flow.text(child)), quote))
        elif child.type == "interpolation":
            inner = [c for c in child.named_children if c.type not in _INTERPOLATION_PARTS and c.type != "comment"]
            if not inner:
                return None
            pieces.append(("hole", inner[0], ""))  # format specs do not make a string a number in .NET
    return pieces


def _escape(text: str) -> str:
    """Quotes and backslashes as SQL reads them (`FROM \\"{table}\\"` names a table); other escapes
    stay as written (the SQL test reads `\\n` as whitespace)."""
    return _QUOTE_ESCAPES.get(text, text)


_QUOTE_ESCAPES = {'\\"': '"', "\\'": "'", "\\\\": "\\"}


def _formattable(flow: Any, node: tree_sitter.Node) -> bool:
    """An interpolated string that becomes a FormattableString: a cast or a declaration says so."""
    parent = node.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    if parent is None:
        return False
    if parent.type == "cast_expression":
        return _FORMATTABLE.match(flow.field_text(parent, "type")) is not None
    if parent.type == "variable_declarator" and parent.parent is not None:
        return _FORMATTABLE.match(flow.field_text(parent.parent, "type")) is not None
    return False


def _literal_text(flow: Any, node: tree_sitter.Node) -> str | None:
    """The text of a string literal without holes; None for anything else."""
    node = flow._unwrap(node)
    if node.type not in _STRINGS:
        return None
    pieces = _string_pieces(flow, node)
    if pieces is None or any(p[0] == "hole" for p in pieces):
        return None
    return "".join(str(p[1]) for p in pieces)
