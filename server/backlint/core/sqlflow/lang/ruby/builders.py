"""Calls that build a string: `format` / `sprintf`, `.squish` and the like, `Arel.sql(...)`, `.join`."""

from __future__ import annotations

import re
from typing import Any

import tree_sitter

from .clauses import _RESHAPE, _call_parts, _raw_sql_wrapper
from .strings import _string_pieces
from .syntax import _COMMENT, _STRINGS

# --- calls that build a string ----------------------------------------------------------------------

# `format("%s", x)`, `format("%<id>d", id: x)`, `format("%{name}", name: x)`.
_FORMAT_DIRECTIVE = re.compile(
    r"%%|%(?:<(?P<angle>\w+)>|\{(?P<brace>\w+)\})?(?:(?P<position>\d+)\$)?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?P<verb>[a-zA-Z])?"
)
_FORMAT_CALLS = {(None, "format"), (None, "sprintf"), ("Kernel", "format"), ("Kernel", "sprintf")}


def _template_text(flow: Any, node: tree_sitter.Node) -> str | None:
    node = flow._unwrap(node)
    if node.type not in _STRINGS:
        return None
    pieces = _string_pieces(flow, node)
    if pieces is None or any(p[0] == "hole" for p in pieces):
        return None
    return "".join(str(p[1]) for p in pieces)


def _push_format(flow: Any, node: tree_sitter.Node, args: list[tree_sitter.Node], level: int, stack: list[Any]) -> bool:
    template = _template_text(flow, args[0])
    if template is None:
        return False
    values = args[1:]
    named: dict[str, tree_sitter.Node] = {}
    for value in values:
        if value.type == "pair":
            key = value.child_by_field_name("key")
            item = value.child_by_field_name("value")
            if key is not None and item is not None:
                named[flow.text(key).strip(":\"'")] = item
    positional = [v for v in values if v.type != "pair"]
    pieces: list[Any] = []
    cursor = 0
    index = 0
    for match in _FORMAT_DIRECTIVE.finditer(template):
        pieces.append(("text", template[cursor : match.start()], '"'))
        cursor = match.end()
        if match.group(0) == "%%":
            pieces.append(("text", "%", '"'))
            continue
        name = match.group("angle") or match.group("brace")
        verb = match.group("verb") or ("s" if match.group("brace") else "")
        if not verb:
            pieces.append(("text", match.group(0), '"'))  # a lone `%`: not a directive
            continue
        spec = "%" + verb
        given: tree_sitter.Node | None
        if name is not None:
            given = named.get(name)
        elif match.group("position"):
            position = int(match.group("position")) - 1
            given = positional[position] if 0 <= position < len(positional) else None
        else:
            given = positional[index] if index < len(positional) else None
            index += 1
        pieces.append(("node", given, spec) if given is not None else ("dyn", None, spec))
    pieces.append(("text", template[cursor:], '"'))
    flow._push_pieces(pieces, flow._unwrap(args[0]), level, stack)
    return True


def _expand_call(flow: Any, node: tree_sitter.Node, level: int, built: Any, stack: list[Any]) -> bool:
    """Push the pieces of a call that builds a string; False for any other call (a hole)."""
    receiver, method, args = _call_parts(flow, node)
    receiver_text = flow.text(receiver) if receiver is not None else None
    if (receiver_text, method) in _FORMAT_CALLS and args:
        if _push_format(flow, node, args, level, stack):
            built.style = "format()" if built.style == "literal" else built.style
            return True
        return False
    if receiver is not None and method in _RESHAPE and not args and flow._stringish(receiver):
        stack.append(("node", receiver, level, ""))
        return True
    if receiver is not None and _raw_sql_wrapper(flow, node) and args:
        stack.append(("node", args[0], level, ""))
        return True
    if method == "join" and receiver is not None and len(args) <= 1:
        elements = _written_out(flow, receiver)
        if elements is None and flow._unwrap(receiver).type == "identifier" and level < flow.MAX_DEPTH:
            # `conditions << "a = ?"` ... `conditions.join(" AND ")`: what the local list was given,
            # every conditional append included
            elements = flow.list_items(flow.text(receiver), node) or None
            level += 1
        separator = args[0] if args else None
        if elements is None or (separator is not None and _template_text(flow, separator) is None):
            return False
        built.style = "concatenation" if built.style == "literal" else built.style
        for index in range(len(elements) - 1, -1, -1):
            stack.append(("node", elements[index], level, ""))
            if index and separator is not None:
                stack.append(("node", separator, level, ""))
        return True
    return False


def _written_out(flow: Any, node: tree_sitter.Node) -> list[tree_sitter.Node] | None:
    node = flow._unwrap(node)
    if node.type == "array":
        elements = [c for c in node.named_children if c.type != _COMMENT]
        return None if any(e.type == "splat_argument" for e in elements) else elements
    return None
