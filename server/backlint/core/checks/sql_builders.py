"""Functions that return SQL with their parameters spliced in: `def by_name_sql(name): return
f"SELECT ... WHERE name = '{name}'"`, then `cursor.execute(by_name_sql(request.args["name"]))`.

The summary of a file is each such function, with the parameters whose values land in the SQL
text. The function alone is not a finding (nothing runs its SQL there, and its callers may pass
constants); a call whose result reaches a query, directly or through a local, is judged by what it
passes for those parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import tree_sitter

from ..sqlflow import DYNAMIC, QueryFlow, name_position, reads_as_sql, sort_key_position
from ..sqlflow.callers import calls_own_receiver, function_name_of, parameter_position
from .base import FileContext
from .sql import _CATALOG, _dangerous

_IDENTIFIERS = frozenset({"identifier", "variable_name", "simple_identifier"})
_MEMBERS = frozenset({"selector_expression", "member_expression", "attribute", "field_access"})
_RETURNS = frozenset({"return_statement", "return_expression"})


@dataclass(frozen=True)
class Builder:
    """A function whose return value is SQL text with some of its parameters spliced in."""

    name: str
    spliced: dict[int, str]  # parameter position (as declared) -> its name
    takes_self: bool
    returned: tree_sitter.Node  # where the SQL is built
    # Positions spliced only where SQL names a column or table (`GROUP BY ${column}`): a name cannot
    # be a parameter, so only request input passed for it is the injection, as in one function.
    names: frozenset[int] = frozenset()


def builder_named(file: FileContext, name: str) -> Builder | None:
    """The function of this file called `name`, if it builds SQL from its parameters. Summarised on
    demand: only functions whose result is seen reaching a query are ever asked about."""
    cache: dict[str, Builder | None] = file.cache.setdefault("sql_builders", {})
    if name in cache:
        return cache[name]
    flow = QueryFlow.for_file(file)
    found = None
    for function in _functions_by_name(file, flow).get(name, []):
        found = _builder(flow, function, name)
        if found is not None:
            break
    cache[name] = found
    return found


def _functions_by_name(file: FileContext, flow: QueryFlow) -> dict[str, list[tree_sitter.Node]]:
    index: dict[str, list[tree_sitter.Node]] | None = file.cache.get("sql_functions_by_name")
    if index is None:
        index = {}
        stack = [file.tree.root_node]
        while stack:
            node = stack.pop()
            stack.extend(node.named_children)
            if node.type in flow.profile.functions:
                name = function_name_of(flow, node)
                if name is not None:
                    index.setdefault(name, []).append(node)
        file.cache["sql_functions_by_name"] = index
    return index


def _builder(flow: QueryFlow, function: tree_sitter.Node, name: str) -> Builder | None:
    for returned in _returned_values(flow, function):
        for built in flow.build(returned):
            if not _dangerous(built, fragment=False)[0]:
                names = _names_spliced(flow, function, built)
                if names:
                    return Builder(name, names, calls_own_receiver(flow, function), returned, frozenset(names))
                continue
            spliced: dict[int, str] = {}
            for part in built.parts:
                if not part.is_hole or part.kind != DYNAMIC:
                    continue
                node = part.node
                traced = _traced_parameter(flow, function, node) if node is not None else None
                if traced is None:
                    return None  # something other than a parameter is spliced in: BL101's to judge
                spliced[traced[0]] = traced[1]
            if spliced:
                return Builder(name, spliced, calls_own_receiver(flow, function), returned)
    return None


# A parameter passed through a function that keeps its text: `term.toLowerCase()`, `name.strip()`,
# `strings.TrimSpace(q)`, `String.valueOf(id)`.
_KEPT_TEXT = re.compile(
    r"^(\$?\w+)\.(?:toLowerCase|toUpperCase|trim|strip|lower|upper|toString|lstrip|rstrip|casefold)\(\)$"
    r"|^(?:str|String|String\.valueOf|strings\.(?:TrimSpace|ToLower|ToUpper)|strtolower|strtoupper|trim)\((\$?\w+)\)$"
)


def _parameter_text(flow: QueryFlow, node: tree_sitter.Node | None) -> str | None:
    """The name the hole splices in, when it is a name or a name passed through `_KEPT_TEXT`."""
    if node is None:
        return None
    if node.type in _IDENTIFIERS:
        return flow.text(node).lstrip("$")
    if node.type in _MEMBERS:  # `f.Carrier`, `criteria.status`: a field of a parameter
        owner = node.named_children[0] if node.named_children else None
        text = flow.text(owner) if owner is not None and owner.type in _IDENTIFIERS else ""
        return text.lstrip("$") if text and text not in ("self", "this", "cls", "$this") else None
    kept = _KEPT_TEXT.match(flow.text(node))
    return (kept.group(1) or kept.group(2)).lstrip("$") if kept else None


def _traced_parameter(flow: QueryFlow, function: tree_sitter.Node, node: tree_sitter.Node) -> tuple[int, str] | None:
    """(position, name) of the one parameter the hole's value comes from: the parameter itself, a
    field of it, its text kept (`term.toLowerCase()`), or locals filled from it (`parts.add("x = '" +
    label + "'")` in a loop over it, then `String.join(" OR ", parts)`); None when anything else, or
    more than one parameter, feeds it."""
    found = _parameters_feeding(flow, function, node, 0)
    return next(iter(found)) if found is not None and len(found) == 1 else None


def _parameters_feeding(
    flow: QueryFlow, function: tree_sitter.Node, node: tree_sitter.Node, depth: int
) -> set[tuple[int, str]] | None:
    """The parameters whose values reach `node`; None when something else may (a call's result, a
    field, a local this cannot follow)."""
    direct = _parameter_text(flow, node)
    if direct is not None:
        position = parameter_position(flow, function, direct)
        if position is not None and not flow.definitions(direct, node):
            return {(position, direct)}
        if node.type not in _IDENTIFIERS:
            return None
    if depth >= 4:
        return None
    found: set[tuple[int, str]] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in _IDENTIFIERS and not (current.parent is not None and current.parent.type in _CALLED):
            name = flow.text(current).lstrip("$")
            position = parameter_position(flow, function, name)
            if position is not None and not flow.definitions(name, current):
                found.add((position, name))
                continue
            values = [v for base, appends, _stmt in flow.definitions(name, current) for v in (base, *appends)]
            items = flow.list_items(name, current)
            if not values and items is None:
                return None  # not a local of this function: a field, a global, something else's
            for value in [*values, *(items or [])]:
                if flow.classify(value)[0] != DYNAMIC:
                    continue
                more = _parameters_feeding(flow, function, value, depth + 1)
                if more is None:
                    return None
                found |= more
            continue
        stack.extend(current.named_children)
    return found


_CALLED = frozenset({"method_invocation", "call", "call_expression", "field_access", "scoped_identifier"})


def _names_spliced(flow: QueryFlow, function: tree_sitter.Node, built: Any) -> dict[int, str]:
    """{position: parameter} when every value spliced into this SQL is a parameter of the function
    standing where a name goes; {} otherwise."""
    if not reads_as_sql(built.sql_text()) or _CATALOG.search(built.sql_text()):
        return {}
    spliced: dict[int, str] = {}
    for index, part in enumerate(built.parts):
        if not part.is_hole or part.kind != DYNAMIC:
            continue
        node = part.node
        if node is None or node.type not in _IDENTIFIERS:
            return {}
        if not (name_position(built, index) or sort_key_position(built, index)):
            return {}
        parameter = flow.text(node).lstrip("$")
        position = parameter_position(flow, function, parameter)
        if position is None or flow.definitions(parameter, node):
            return {}
        spliced[position] = parameter
    return spliced


def _returned_values(flow: QueryFlow, function: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The values the function returns (not those of functions nested in it)."""
    out = []
    stack = list(function.named_children)
    while stack:
        node = stack.pop()
        if node.type in flow.profile.functions:
            continue
        if node.type in _RETURNS and node.named_children:
            value = node.named_children[0]
            # Go's `return sql` (and `return sql, args`) holds an expression_list: the SQL comes first.
            if value.type == "expression_list" and value.named_children:
                value = value.named_children[0]
            out.append(value)
            continue
        stack.extend(node.named_children)
    return out
