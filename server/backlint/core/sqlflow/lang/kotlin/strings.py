"""Kotlin string literals: their text and `$name` / `${expr}` template entries, as pieces."""

from __future__ import annotations

import re
from typing import Any

import tree_sitter

from ...profile import NameInString, Piece
from .constants import _COMMENTS

# --- `$name` entries ---------------------------------------------------------------------------------

# This grammar version leaves `$name` in a one-line string as two string_content nodes, "$" and
# "name...", and parses only `${...}` (and `$name` in raw strings) as an interpolation.
_TEMPLATE_NAME = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*|`[^`\r\n]+`")


class _TemplateName(NameInString):
    """The identifier of a `$name` entry the grammar left inside string_content: the few members of
    tree_sitter.Node the flow reads of a hole, with the string literal as its parent so that the
    scope of the name (the enclosing function) is found as for any other node."""


_ESCAPES = {"\\$": "$", '\\"': '"', "\\'": "'"}


def _string_pieces(reader: Any, node: tree_sitter.Node) -> list[Piece] | None:
    quote = '"""' if node.type == "multiline_string_literal" else '"'
    data: bytes = reader.file.data
    pieces: list[Piece] = []
    children = node.children
    index = 0
    while index < len(children):
        child = children[index]
        index += 1
        if child.type == "string_content":
            following = children[index] if index < len(children) else None
            if data[child.start_byte : child.end_byte] == b"$" and following is not None:
                name = (
                    _TEMPLATE_NAME.match(data, following.start_byte, following.end_byte)
                    if following.type == "string_content"
                    else None
                )
                if name is not None:
                    proxy: Any = _TemplateName(node, name.start(), name.end(), name.group(0))
                    pieces.append(("hole", proxy, ""))
                    rest = data[name.end() : following.end_byte].decode("utf-8", "replace")
                    if rest:
                        pieces.append(("text", rest, quote))
                    index += 1
                    continue
            pieces.append(("text", reader.text(child), quote))
        elif child.type == "escape_sequence":
            raw = reader.text(child)
            pieces.append(("text", _ESCAPES.get(raw, raw), quote))
        elif child.type == "interpolation":
            inner = [c for c in child.named_children if c.type not in _COMMENTS]
            if not inner:
                return None
            pieces.append(("hole", inner[0], ""))
    return pieces
