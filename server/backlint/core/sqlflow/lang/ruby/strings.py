"""String literals: quoted and `%Q(...)` strings with their `#{...}` interpolations, adjacent literals, heredocs."""

from __future__ import annotations

import re
from typing import Any

import tree_sitter

from ...profile import Piece
from .clauses import _CLAUSE_SINKS, _sink_taking
from .syntax import _COMMENT

# --- string literals -------------------------------------------------------------------------------

# A heredoc opener on the line before the one being read: `<<~SQL`, `<<-'EOS'`, `<<SQL`.
_HEREDOC_OPENER = re.compile(rb"<<[~-]?(?:(['\"`])[^'\"`\n]+\1|[A-Za-z_]\w*)")


def _quote(reader: Any, node: tree_sitter.Node) -> str:
    opener = node.child(0)
    text = reader.text(opener) if opener is not None else '"'
    return "'" if text.startswith(("'", "%q")) else '"'


def _content(reader: Any, node: tree_sitter.Node, quote: str) -> list[Piece]:
    pieces: list[Piece] = []
    for child in node.children:
        if child.type in ("string_content", "heredoc_content", "escape_sequence"):
            pieces.append(("text", reader.text(child), quote))
        elif child.type == "interpolation":
            inner = [c for c in child.named_children if c.type != _COMMENT]
            if inner:  # `#{}` yields nothing; `#{a; b}` yields its last expression
                pieces.append(("hole", inner[-1], ""))
    return pieces


def _heredoc_body(reader: Any, opener: tree_sitter.Node) -> tree_sitter.Node | None:
    """The body of a heredoc: the grammar puts it after the statement that opens it, bodies in the
    order of their openers on the line."""
    data: bytes = reader.file.data
    line_start = data.rfind(b"\n", 0, opener.start_byte) + 1
    earlier = len(_HEREDOC_OPENER.findall(data, line_start, opener.start_byte))
    position = data.find(b"\n", opener.end_byte)
    root = reader.file.tree.root_node
    body = None
    for _ in range(earlier + 1):
        if position < 0:
            return None
        found = root.descendant_for_byte_range(position, position + 1)
        while found is not None and found.type != "heredoc_body":
            found = found.parent
        if found is None or found.start_byte != position:
            return None
        body = found
        position = data.find(b"\n", found.end_byte)
    end = next((c for c in body.children if c.type == "heredoc_end"), None) if body is not None else None
    marker = re.sub(r"^<<[~-]?['\"`]?|['\"`]$", "", reader.text(opener))
    if end is None or reader.text(end).strip() not in ("", marker):
        return None
    return body


def _string_pieces(reader: Any, node: tree_sitter.Node) -> list[Piece] | None:
    if node.type == "chained_string":  # "a" "b": adjacent literals are one string
        pieces: list[Piece] = []
        for part in node.named_children:
            if part.type == "string":
                pieces.extend(_content(reader, part, _quote(reader, part)))
    elif node.type == "heredoc_beginning":
        body = _heredoc_body(reader, node)
        if body is None:
            return None
        quote = "'" if "'" in reader.text(node) else '"'
        pieces = _content(reader, body, quote)
    else:
        pieces = _content(reader, node, _quote(reader, node))
    clause = _CLAUSE_SINKS.get(_sink_taking(reader, node) or "")
    if clause is not None:
        pieces.insert(0, ("text", clause, '"'))
        if clause == "SELECT ":
            pieces.append(("text", " FROM _", '"'))  # the model's table, which ActiveRecord adds
    return pieces
