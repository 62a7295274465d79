"""SQL text rewritten by a string method rather than built by an operator: a marker in a written-out
query swapped for a value (`.replace("[VALUE]", name)`). One of the flattener's call expansions."""

from __future__ import annotations

from typing import Any

import tree_sitter

from .built import CONST, Built, Part


def replaced_marker(
    flow: Any,
    function: tree_sitter.Node | None,
    args: list[tree_sitter.Node],
    level: int,
    built: Built,
    stack: list[Any],
) -> bool:
    """`"... name = '[VALUE]'".replace("[VALUE]", name)`: a marker in a written-out SQL text
    swapped for a value, which lands where the marker was."""
    if function is None or len(args) != 2 or function.type not in ("attribute", "member_expression"):
        return False
    method = function.child_by_field_name("attribute") or function.child_by_field_name("property")
    receiver = function.child_by_field_name("object")
    if method is None or flow.text(method) not in ("replace", "replaceAll") or receiver is None:
        return False
    receiver, marker = flow._unwrap(receiver), flow._unwrap(args[0])
    if not (flow._plain_string(receiver) and flow._plain_string(marker)):
        return False
    text, old = flow._literal_text(receiver), flow._literal_text(marker)
    if not old or old not in text:
        return False
    built.style = "concatenation" if built.style == "literal" else built.style
    pieces = text.split(old)
    for index in range(len(pieces) - 1, -1, -1):
        stack.append(("part", Part(pieces[index], receiver, CONST), level, ""))
        if index:
            stack.append(("node", args[1], level, ""))
    return True
