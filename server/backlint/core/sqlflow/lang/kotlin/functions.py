"""The functions a Kotlin file declares: what the one function of a name returns."""

from __future__ import annotations

from typing import Any

import tree_sitter

from .calls import _values_of
from .constants import _COMMENTS

_DECLARATIONS = "(function_declaration name: (identifier) @name (function_body) @body) @function"
_declarations_query: list[tree_sitter.Query] = []
_RESOLVING = "kotlin_resolving"  # file.cache key: the functions whose results are being classified


def _declared_results(flow: Any, name: str, call: tree_sitter.Node) -> list[tree_sitter.Node]:
    """What the one function of that name declared in this file returns (expression body or
    `return` values); [] when there is none, several, or it is already being followed (recursion)."""
    cache = flow.file.cache
    functions = cache.get("kotlin_functions")
    if functions is None:
        if not _declarations_query:
            from .... import languages  # the grammar registry; imported here like the flow's layers

            _declarations_query.append(tree_sitter.Query(languages.grammar("kotlin"), _DECLARATIONS))
        functions = {}
        cursor = tree_sitter.QueryCursor(_declarations_query[0])
        for _index, caps in cursor.matches(flow.file.tree.root_node):
            functions.setdefault(flow.text(caps["name"][0]), []).append(caps["body"][0])
        cache["kotlin_functions"] = functions
    bodies = functions.get(name, [])
    if len(bodies) != 1:
        return []
    body = bodies[0]
    if body.start_byte <= call.start_byte < body.end_byte:
        return []  # a call inside the function itself
    inner = [c for c in body.named_children if c.type not in _COMMENTS]
    if not inner:
        return []
    if inner[0].type != "block":
        values = _values_of(inner[0])
    else:
        values = []
        for node in _descendants(inner[0]):
            if node.type == "return_expression":
                returned = [c for c in node.named_children if c.type not in _COMMENTS]
                if not returned:
                    return []
                values.extend(_values_of(returned[0]))
    resolving: set[int] = cache.get(_RESOLVING, set())
    return [] if values and values[0].start_byte in resolving else values


def _descendants(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The nodes under one function body, skipping nested functions and lambdas (their `return`s)."""
    out: list[tree_sitter.Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(c for c in current.named_children if c.type not in ("function_declaration", "lambda_literal"))
    return out
