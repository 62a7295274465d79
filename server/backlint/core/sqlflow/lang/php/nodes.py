"""The PHP node types the flow reads, and readers of a call's name and arguments and an array literal's values."""

from __future__ import annotations

from typing import TYPE_CHECKING

import tree_sitter

if TYPE_CHECKING:  # classify imports this module (through profiles): only the types are read here
    from ...classify import QueryFlow
    from ...literals import LiteralReader

_FUNCTIONS = frozenset({"function_definition", "method_declaration", "anonymous_function", "arrow_function"})
_CALLS = frozenset(
    {"function_call_expression", "member_call_expression", "nullsafe_member_call_expression", "scoped_call_expression"}
)
_MEMBERS = frozenset({"member_access_expression", "nullsafe_member_access_expression"})
_STRINGS = frozenset({"string", "encapsed_string", "heredoc", "nowdoc"})
# Global and class constants: the flow reads them as string pieces (see `_string_pieces`).
_CONSTANTS = frozenset({"name", "class_constant_access_expression"})
_LITERALS = frozenset({"integer", "float", "boolean", "null"})


def _text(flow: LiteralReader, node: tree_sitter.Node | None) -> str:
    return flow.text(node) if node is not None else ""


def _call_arguments(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The argument expressions of a call, read through `argument` wrappers (after a named
    argument's name); a spread `...$xs` is its `variadic_unpacking` node."""
    arguments = node.child_by_field_name("arguments")
    if arguments is None:
        return []
    return [c.named_children[-1] for c in arguments.named_children if c.type == "argument" and c.named_children]


def _function_name(flow: QueryFlow, node: tree_sitter.Node) -> str:
    if node.type != "function_call_expression":
        return ""
    function = node.child_by_field_name("function")
    return _text(flow, function).lstrip("\\").lower() if function is not None else ""


def _array_values(array: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The values of an array literal (`[k => v]` gives v; a spread stays as its own node)."""
    out = []
    for element in array.named_children:
        if element.type != "array_element_initializer":
            continue
        children = [c for c in element.named_children if c.type != "comment"]
        if children:
            out.append(children[-1])
    return out
