"""Small readers of C# syntax: call arguments, callees, string types and StringBuilder chains."""

from __future__ import annotations

from typing import Any

import tree_sitter

from .constants import _BUILDER_WRITES, _STRING_TYPE


def _arguments(node: tree_sitter.Node | None) -> list[tree_sitter.Node]:
    """The expressions of an argument list, read through `argument` nodes (and a name before them)."""
    if node is None:
        return []
    out = []
    for child in node.named_children:
        if child.type == "argument" and child.named_children:
            out.append(child.named_children[-1])
        elif child.type != "comment":
            out.append(child)
    return out


def _callee(flow: Any, call: tree_sitter.Node) -> tuple[tree_sitter.Node | None, str, str]:
    """(receiver, receiver text, method name) of an invocation; generic arguments are left out."""
    function = call.child_by_field_name("function")
    if function is None:
        return None, "", ""
    receiver = None
    name_node: tree_sitter.Node | None = function
    if function.type == "member_access_expression":
        receiver = function.child_by_field_name("expression")
        name_node = function.child_by_field_name("name")
    elif function.type == "conditional_access_expression":  # `x?.ToString()`
        receiver = function.child_by_field_name("condition")
        binding = next((c for c in function.named_children if c.type == "member_binding_expression"), None)
        name_node = binding.child_by_field_name("name") if binding is not None else None
    if name_node is not None and name_node.type == "generic_name":
        name_node = name_node.named_children[0] if name_node.named_children else None
    method = flow.text(name_node) if name_node is not None else ""
    return receiver, (flow.text(receiver) if receiver is not None else ""), method


def _is_string_type(text: str) -> bool:
    return _STRING_TYPE.match(text) is not None


def _is_builder_creation(flow: Any, node: tree_sitter.Node | None) -> bool:
    if node is None:
        return False
    node = flow._unwrap(node)
    return node.type == "object_creation_expression" and flow.field_text(node, "type").endswith("StringBuilder")


def _chain_root(flow: Any, call: tree_sitter.Node) -> tree_sitter.Node | None:
    """The receiver at the start of `a.Append(x).Append(y)`: `a` (or the `new StringBuilder()`)."""
    current: tree_sitter.Node | None = call
    while current is not None and current.type == "invocation_expression":
        receiver, _text, method = _callee(flow, current)
        if method not in _BUILDER_WRITES:
            return None
        current = flow._unwrap(receiver) if receiver is not None else None
    return current
