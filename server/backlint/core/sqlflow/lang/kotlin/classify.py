"""The values Kotlin code splices into SQL: literals, members, calls, `if` / `when`, `?:` and collections."""

from __future__ import annotations

import re
from typing import Any

import tree_sitter

from ...built import CONST, DYNAMIC, NUMERIC, SAFE, worst
from ...sql_text import placeholder_list_text
from .builders import _builds_string, _written_out
from .calls import _Call, _lambda_results, _values_of
from .constants import (
    _COMMENTS,
    _CONST_NAME,
    _ENV,
    _NUMERIC_CALLEE,
    _NUMERIC_MEMBERS,
    _NUMERIC_METHODS,
    _PASSTHROUGH,
    _SAFE_METHODS,
)
from .functions import _RESOLVING, _declared_results

# --- classifying ---------------------------------------------------------------------------------


def _classify(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    typ = node.type
    if typ in ("number_literal", "character_literal"):
        return CONST, flow.text(node)
    if typ == "identifier":
        name = flow.text(node)
        if name in ("true", "false", "null"):
            return CONST, name
        definitions = flow.definitions(name, node) if level < flow.MAX_DEPTH else []
        if len(definitions) == 1 and definitions[0][2].type == "for_statement":
            # `for (table in listOf("a", "b"))`, `for (id in ids)` with `ids: List<Long>`
            return _element_kind(flow, definitions[0][0], node, level + 1), None
        return None
    if typ == "unary_expression":
        operator = node.child_by_field_name("operator")
        argument = node.child_by_field_name("argument")
        if operator is not None and argument is not None and flow.text(operator) == "!!":
            return flow.classify(argument, level + 1)[0], None
        return None
    if typ == "binary_expression":
        operator = node.child_by_field_name("operator")
        if operator is not None and flow.text(operator) == "?:":
            # `limit ?: 20`, `ALLOWED[sort] ?: throw ...`: a branch that leaves the function yields nothing
            values = [
                v
                for side in ("left", "right")
                if (c := node.child_by_field_name(side)) is not None
                for v in _values_of(c)
            ]
            return worst(*(flow.classify(v, level + 1)[0] for v in values)), None
        return None
    if typ in ("if_expression", "when_expression"):
        values = _values_of(node)
        classified = [flow.classify(v, level + 1) for v in values]
        texts = {t for _, t in classified}
        kind = worst(*(k for k, _ in classified))
        return kind, (next(iter(texts)) if kind == CONST and len(texts) == 1 else None)
    if typ == "navigation_expression":
        return _classify_member(flow, node, level)
    if typ == "call_expression":
        return _classify_call(flow, node, level)
    if typ == "callable_reference":
        return CONST, None
    return None


def _classify_member(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None]:
    parts = [c for c in node.named_children if c.type not in _COMMENTS]
    text = flow.text(node)
    if len(parts) != 2 or "::" in text:
        return CONST, None  # `User::class.simpleName`: a name the code has
    owner, member = parts
    last = flow.text(member)
    if last in _NUMERIC_MEMBERS:
        return NUMERIC, None
    owner_text = flow.text(owner)
    if owner.type == "this_expression" or owner_text == "Companion":
        constants = flow.constants()
        if last in constants:
            return CONST, flow._const_value_text(constants[last])
        return (CONST, None) if _CONST_NAME.match(last) else (DYNAMIC, None)
    if _CONST_NAME.match(last):
        return CONST, flow._const_value_text(flow.constants().get(last))
    # `Tables.USERS`, `Queries.byEmail`, `Status.ACTIVE.name`: members of an object, a companion or
    # an enum the code declares, not values from a caller.
    root = owner
    while root.type == "navigation_expression" and root.named_children:
        root = root.named_children[0]
    if root.type == "identifier" and flow.text(root)[:1].isupper() and not flow.definitions(flow.text(root), node):
        return CONST, None
    if (
        last == "name"
        and owner.type == "navigation_expression"
        and _CONST_NAME.match(flow.text(owner.named_children[-1]))
    ):
        return CONST, None  # `Status.ACTIVE.name`
    return DYNAMIC, None


def _classify_call(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    call = _Call(flow, node)
    callee = flow.text(call.callee) if call.callee is not None else ""
    method = call.method
    if _ENV.match(callee):
        return SAFE, None  # deployment configuration, not request data
    if placeholder_list_text(flow.text(node)):
        return SAFE, None
    if method in _NUMERIC_METHODS or _NUMERIC_CALLEE.match(callee):
        return NUMERIC, None
    if method in _SAFE_METHODS:
        return SAFE, None
    if _builds_string(flow, node):
        built = flow._flatten(node, level + 1)
        return built.kind, (built.sql_text() if built.kind == CONST else None)
    if method == "joinToString" or method == "map":
        return _classify_joined(flow, call, node, level), None
    if method in _PASSTHROUGH:
        inputs = [a for a in call.args if a.type != "lambda_literal"]
        if call.receiver is not None:
            inputs.append(call.receiver)
        return (worst(*(flow.classify(a, level + 1)[0] for a in inputs)) if inputs else CONST), None
    if _object_call(flow, call):
        return CONST, None  # `FilmsTable.nameInDatabaseCase()`: an object's own text, computed by code
    if call.callee is not None and call.method:
        returned = _declared_results(flow, method, node)
        if returned:
            # `ORDER BY ${orderBy(sort)}` with `private fun orderBy(sort: Sort) = when (sort) { ... }`,
            # `${dir.sql()}` with `private fun Direction.sql() = when (this) { ... }`: as risky as what
            # the one function of that name in this file returns.
            resolving: set[int] = flow.file.cache.setdefault(_RESOLVING, set())
            key = returned[0].start_byte
            resolving.add(key)
            try:
                classified = [flow.classify(value, level + 1) for value in returned]
            finally:
                resolving.discard(key)
            kind = worst(*(k for k, _ in classified))
            texts = {t for _, t in classified}
            return kind, (next(iter(texts)) if kind == CONST and len(texts) == 1 else None)
    if method in ("let", "run", "also", "apply", "takeIf", "takeUnless") and call.receiver is not None:
        if method in ("also", "apply", "takeIf", "takeUnless"):
            return flow.classify(call.receiver, level + 1)[0], None
        return None
    return None


_LITERALS = frozenset({"string_literal", "number_literal", "float_literal", "character_literal"})


def _object_call(flow: Any, call: _Call) -> bool:
    """A call on an object, enum or companion the code declares (`Tables.USERS.qualifiedName()`),
    with no arguments or only literal ones."""
    root = call.receiver
    while root is not None and root.type == "navigation_expression" and root.named_children:
        root = root.named_children[0]
    if root is None or root.type != "identifier" or not flow.text(root)[:1].isupper():
        return False
    if flow.definitions(flow.text(root), root) or flow.is_parameter(flow.text(root), root):
        return False
    return all(
        a.type in _LITERALS and not any(c.type == "interpolation" or c.text == b"$" for c in a.named_children)
        for a in call.args
    )


def _classify_joined(flow: Any, call: _Call, node: tree_sitter.Node, level: int) -> str:
    """`xs.joinToString(sep) { transform }` / `xs.map { ... }`: as risky as what each element
    becomes; the transform's parameter (`it`) stands for an element of `xs`."""
    elements = _element_kind(flow, call.receiver, node, level)
    if call.lambda_body is None:
        return elements
    parameters = {"it"}
    for child in call.lambda_body.named_children:
        if child.type == "lambda_parameters":
            parameters.update(flow.text(c) for c in child.named_children)
    kinds: list[str] = []
    for value in _lambda_results(call.lambda_body):
        value = flow._unwrap(value)
        if value.type == "identifier" and flow.text(value) in parameters:
            kinds.append(elements)
            continue
        built = flow._flatten(value, level + 1)
        for part in built.holes:
            if part.node is not None and part.node.type == "identifier" and flow.text(part.node) in parameters:
                kinds.append(elements)
            else:
                kinds.append(part.kind)
    return worst(*kinds)


_NUMERIC_COLLECTION = (
    r"\b{name}\s*:\s*(?:List|Set|Collection|Iterable|Array|MutableList|MutableSet)"
    r"<(?:Int|Long|Short|UUID|java\.util\.UUID)\??>"
)


def _element_kind(flow: Any, collection: tree_sitter.Node | None, before: tree_sitter.Node, level: int) -> str:
    """The worst element a collection can hold: written out in place, a local filled in this
    function, a constant, a range, or a parameter typed as a list of numbers."""
    if collection is None:
        return DYNAMIC
    collection = flow._unwrap(collection)
    written = _written_out(flow, collection)
    if written is not None:
        return worst(*(flow.classify(e, level + 1)[0] for e in written)) if written else CONST
    if collection.type == "range_expression":
        return NUMERIC
    if collection.type == "call_expression":
        inner = _Call(flow, collection)
        if inner.method in ("map", "mapIndexed", "List", "Array", "mapNotNull") and inner.lambda_body is not None:
            return _classify_joined(flow, inner, collection, level)
        if inner.method in ("nCopies",) and len(inner.args) == 2:
            return str(flow.classify(inner.args[1], level + 1)[0])
        if inner.method in ("keys", "values", "entries", "toList", "toSet", "sorted", "distinct", "filter"):
            return _element_kind(flow, inner.receiver, before, level + 1)
        return DYNAMIC
    if collection.type == "navigation_expression":
        kind, _text = _classify_member(flow, collection, level)
        return kind if kind == CONST else DYNAMIC
    if collection.type == "identifier":
        name = flow.text(collection)
        if re.search(_NUMERIC_COLLECTION.format(name=re.escape(name)), _function_text(flow, before)):
            return NUMERIC
        definitions = flow.definitions(name, before)
        if not definitions:
            return CONST if flow.is_constant_name(name) and not flow.is_parameter(name, before) else DYNAMIC
        kinds: list[str] = []
        for base, _appends, _statement in definitions:
            base_elements = _written_out(flow, base)
            if base_elements is not None:
                kinds.extend(flow.classify(e, level + 1)[0] for e in base_elements)
            elif base.type == "call_expression" and re.match(
                r"^(?:mutableListOf|arrayListOf|ArrayList|mutableSetOf)\b", flow.text(base)
            ):
                pass
            else:
                kinds.append(_element_kind(flow, base, before, level + 1) if level < flow.MAX_DEPTH else DYNAMIC)
        items = flow.list_items(name, before) or []
        kinds.extend(flow.classify(i, level + 1)[0] for i in items if _written_out(flow, i) is None)
        function = flow.enclosing_function(before)
        for entry, kind, value, statement in flow._function_assignments(function) if function is not None else []:
            if entry == name and kind == "aug" and statement.end_byte <= before.start_byte:
                kinds.append(flow.classify(value, level + 1)[0])  # `conditions += "a = ?"` adds an element
        return worst(*kinds) if kinds else CONST
    return DYNAMIC


def _function_text(flow: Any, node: tree_sitter.Node) -> str:
    function = flow.enclosing_function(node)
    while function is not None and flow.enclosing_function(function) is not None:
        function = flow.enclosing_function(function)
    if function is None:
        return ""
    data: bytes = flow.file.data
    return data[function.start_byte : node.start_byte].decode("utf-8", "replace")
