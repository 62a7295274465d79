"""Checks for the error-handling family."""

from __future__ import annotations

import tree_sitter

from .base import MatchContext, check

_PY_SWALLOWING = {"pass_statement", "continue_statement", "break_statement"}
_PY_CONSTANTS = {"none", "true", "false", "integer", "float", "string", "list", "dictionary", "tuple", "set"}


def _py_statement_swallows(node: tree_sitter.Node) -> bool:
    if node.type in _PY_SWALLOWING or node.type == "comment":
        return True
    if node.type == "expression_statement":
        return all(child.type in ("ellipsis", "string") for child in node.named_children)
    if node.type == "return_statement":
        return all(child.type in _PY_CONSTANTS for child in node.named_children)
    return False


@check("py_handler_swallows")
def py_handler_swallows(match: MatchContext) -> bool:
    """The handler body only passes, continues, evaluates `...` or returns a constant."""
    body = match.node("_body")
    if body is None:
        return False
    what = "bare `except:`" if match.node("_type") is None else f"`except {match.text(match.node('_type'))}`"
    match.message_args["what"] = what
    return all(_py_statement_swallows(child) for child in body.named_children)
