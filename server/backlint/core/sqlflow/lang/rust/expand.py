"""The flattener's hook: `format!`, literal macros, passthrough calls and String conversions expanded."""

from __future__ import annotations

from typing import Any

import tree_sitter

from ...built import CONST, DYNAMIC, Part
from .constants import _CONVERSIONS, _EMPTY, _FORMATS, _LITERAL_MACROS, _PASSTHROUGH, _STRINGS
from .macros import _groups, _macro_name
from .strings import _format_pieces, _Hole
from .values import _call_parts, _Judge

# --- the flattener's hook --------------------------------------------------------------------------


def _expand(flow: Any, node: tree_sitter.Node, level: int, built: Any, stack: list[Any]) -> bool:
    if node.type == "macro_invocation":
        return _expand_macro(flow, node, level, built, stack)
    callee, receiver, method, args = _call_parts(flow, node)
    if receiver is not None and method in _PASSTHROUGH and not args:
        stack.append(("node", receiver, level, ""))  # `sql.as_str()`, `"SELECT ...".to_string()`
        return True
    if _CONVERSIONS.match(callee) and len(args) == 1:
        stack.append(("node", args[0], level, ""))
        return True
    return bool(_EMPTY.match(callee))  # String::new(): nothing yet


def _expand_macro(flow: Any, node: tree_sitter.Node, level: int, built: Any, stack: list[Any]) -> bool:
    name = _macro_name(flow, node)
    if name in _LITERAL_MACROS:
        tree = next((c for c in node.children if c.type == "token_tree"), None)
        groups = _groups(tree) if tree is not None else []
        if not groups or any(len(g) != 1 or g[0].type not in _STRINGS for g in groups):
            return False
        for group in reversed(groups):
            stack.append(("node", group[0], level, ""))
        return True
    if name not in _FORMATS:
        return False
    read = _format_pieces(flow, node)
    if read is None:
        return False
    literal, pieces = read
    if any(isinstance(piece, _Hole) for piece in pieces) and built.style == "literal":
        built.style = "`format!`"
    for piece in reversed(pieces):
        if isinstance(piece, str):
            if piece:
                stack.append(("part", Part(piece, literal, CONST, quote='"'), level, ""))
            continue
        value, parsed, spec = piece
        if value is not None:
            stack.append(("node", value, level, spec))
        elif parsed is not None:
            kind_of = _Judge(flow, level).kind(parsed)
            stack.append(("part", Part(None, parsed, kind_of, spec=spec), level, ""))
        else:
            stack.append(("part", Part(None, None, DYNAMIC, spec=spec), level, ""))
    return True
