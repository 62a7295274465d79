"""`log-and-reraise` for Rust: an `Err(_) => {}` arm (or `if let Err(_) = ... {}`) returns the error
instead, `Err(e) => return Err(e.into()),`, when the function it is in returns a `Result`. Inside a
closure or an async block `return` would leave that instead: no fix. Returning the error is the
handling here; logging it as well would log it twice once a caller reports it.
"""

from __future__ import annotations

import re

import tree_sitter

from ..model import Span
from .base import Edit, Fix
from .handlers import Text, braced_block, enclosing, node_at, own_line_comments

_RESULT = re.compile(r"^(?:[\w:]+::)?Result\b")
_RETURN = "return Err({}.into())"


def handle(root: tree_sitter.Node, context: Span, text: Text) -> Fix | None:
    node = node_at(root, context, ("match_arm", "if_expression"))
    if node is None or not _returns_result(node):
        return None
    if node.type == "match_arm":
        pattern = node.child_by_field_name("pattern")
        value = node.child_by_field_name("value")
        inner = pattern.named_children[0] if pattern is not None and pattern.named_children else None
    else:
        condition = node.child_by_field_name("condition")
        value = node.child_by_field_name("consequence")
        inner = condition.child_by_field_name("pattern") if condition is not None else None
        if condition is None or condition.type != "let_condition":
            return None
    binding = _binding(inner)
    if binding is None or value is None:
        return None
    name, edits = binding
    comments = own_line_comments(text, value) if value.type == "block" else []
    if value.type == "block" and any(not c.type.endswith("comment") for c in value.named_children):
        return None
    if value.type not in ("block", "unit_expression"):
        return None
    statement = _RETURN.format(name)
    if node.type == "if_expression" or comments:
        base = text.indent_of(value.start_byte if node.type == "if_expression" else node.start_byte)
        edits.append(
            Edit(value.start_byte, value.end_byte, braced_block(text, base, "    ", comments, [statement + ";"]))
        )
    else:
        has_comma = any(c.type == "," for c in node.children)
        edits.append(Edit(value.start_byte, value.end_byte, statement + ("" if has_comma else ",")))
    return Fix(title="Return the error", edits=edits, safe=False)


def _binding(pattern: tree_sitter.Node | None) -> tuple[str, list[Edit]] | None:
    """The name the `Err(...)` pattern binds the error to, and the edit that names it if it did not."""
    if pattern is None or pattern.type != "tuple_struct_pattern":
        return None
    constructor = pattern.child_by_field_name("type")
    inside = [c for c in pattern.children if c.type not in ("(", ")", ",") and c != constructor]
    if constructor is None or (constructor.text or b"").split(b"::")[-1] != b"Err" or len(inside) != 1:
        return None
    bound = inside[0]
    text = (bound.text or b"").decode()
    if bound.type == "identifier" and not text.startswith("_"):
        return text, []
    if bound.type == "_" or (bound.type == "identifier" and text.startswith("_")):
        name = text.lstrip("_") or "e"  # `_err` -> `err`, `_` -> `e`
        return name, [Edit(bound.start_byte, bound.end_byte, name)]
    return None


def _returns_result(node: tree_sitter.Node) -> bool:
    function = enclosing(node, ("function_item",), stop=("closure_expression", "async_block"))
    declared = function.child_by_field_name("return_type") if function is not None else None
    return declared is not None and _RESULT.match((declared.text or b"").decode()) is not None
