"""Functions that return SQL with their parameters spliced in: `def by_name_sql(name): return
f"SELECT ... WHERE name = '{name}'"`, then `cursor.execute(by_name_sql(request.args["name"]))`.

The summary of a file is each such function, with the parameters whose values land in the SQL
text. The function alone is not a finding (nothing runs its SQL there, and its callers may pass
constants); a call whose result reaches a query, directly or through a local, is judged by what it
passes for those parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import tree_sitter

from ..sqlflow import DYNAMIC, QueryFlow, name_position, reads_as_sql, sort_key_position
from ..sqlflow.callers import calls_own_receiver, function_name_of, parameter_position
from .base import FileContext
from .sql import _CATALOG, _dangerous

_IDENTIFIERS = frozenset({"identifier", "variable_name", "simple_identifier"})
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
                if node is None or node.type not in _IDENTIFIERS:
                    return None  # something other than a parameter is spliced in: BL101's to judge
                parameter = flow.text(node).lstrip("$")
                position = parameter_position(flow, function, parameter)
                if position is None or flow.definitions(parameter, node):
                    return None
                spliced[position] = parameter
            if spliced:
                return Builder(name, spliced, calls_own_receiver(flow, function), returned)
    return None


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
