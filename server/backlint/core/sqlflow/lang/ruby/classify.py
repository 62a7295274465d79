"""Classifying the values Ruby code splices in: calls, constants, ternaries, request input, block parameters."""

from __future__ import annotations

import re
from typing import Any

import tree_sitter

from .... import languages
from ...built import CONST, DYNAMIC, NUMERIC, SAFE, worst
from ...hole_positions import from_request
from ...sql_text import placeholder_list_text
from .builders import _FORMAT_CALLS
from .clauses import _RESHAPE, _call_parts, _in_clause_sink, _raw_sql_wrapper
from .constants import _constant_text
from .methods import (
    _INPUT_ACCESSOR,
    _LITERALS,
    _NOT_SQL_ESCAPES,
    _NUMERIC_CALLEE,
    _NUMERIC_METHODS,
    _PASSTHROUGH,
    _SAFE_METHODS,
    _SCHEMA_NAMES,
)
from .syntax import _COMMENT, _FUNCTIONS

# --- classifying ---------------------------------------------------------------------------------


# A record's integer columns by Rails convention: keys (`id`, `root_id`) and awesome_nested_set's
# bounds (`lft`, `rgt`, `depth`). Request input arrives through `params[...]`, never as these methods.
_RECORD_NUMBER = re.compile(r"^(?:\w+_)?id$|^(?:lft|rgt|depth|position)$")


def _block_results(block: tree_sitter.Node | None) -> list[tree_sitter.Node]:
    """What a block yields: its last expression."""
    body = block.child_by_field_name("body") if block is not None else None
    statements = [c for c in body.named_children if c.type != _COMMENT] if body is not None else []
    return statements[-1:]


def _element_kind(flow: Any, collection: tree_sitter.Node | None, level: int) -> str:
    """The worst element a collection holds (an array written out, a constant, ids, a local)."""
    if collection is None:
        return DYNAMIC
    collection = flow._unwrap(collection)
    if collection.type == "identifier":
        name = flow.text(collection)
        items = flow.list_items(name, collection)
        if items is not None and not flow.is_parameter(name, collection):
            return worst(*(flow.classify(i, level + 1)[0] for i in items)) if items else CONST
    kind: str = flow.classify(collection, level + 1)[0]
    return kind


def _classify_call(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None]:
    receiver, method, args = _call_parts(flow, node)
    receiver_text = flow.text(receiver) if receiver is not None else ""
    callee = f"{receiver_text}.{method}" if receiver is not None else method
    text = flow.text(node)
    if placeholder_list_text(text):
        return SAFE, None
    if receiver_text == "ENV":
        return SAFE, None  # deployment configuration, not request data
    if method in _NUMERIC_METHODS or _NUMERIC_CALLEE.match(callee):
        return NUMERIC, None
    if receiver is not None and not args and _RECORD_NUMBER.match(method) and not _from_request(node):
        return NUMERIC, None  # `issue.root_id`, `node.lft`: a record's integer columns
    if method in _SAFE_METHODS and receiver_text not in _NOT_SQL_ESCAPES:
        return SAFE, None
    if (
        receiver is not None
        and receiver.type in ("constant", "scope_resolution")
        and method in ("fetch", "dig", "values_at")
    ):
        return CONST, None  # a lookup in a constant table: the value is one of ours
    if method == "name" and receiver is not None and re.match(r"^(?:self\.class|[A-Z][\w:]*)$", receiver_text):
        return CONST, None  # `self.class.name`, `User.name`: a class the code names
    block = node.child_by_field_name("block")
    if method in ("map", "collect", "flat_map", "filter_map") and receiver is not None:
        if len(args) == 1 and args[0].type == "block_argument":  # `map(&:id)`, `map(&:to_i)`
            symbol = flow.text(args[0]).lstrip("&:")
            if symbol in _NUMERIC_METHODS:
                return NUMERIC, None
            return (SAFE if symbol in _SAFE_METHODS else DYNAMIC), None
        results = _block_results(block)
        if results:
            kinds = []
            for result in results:
                built = flow._flatten(result, level + 1)
                kinds.append(worst(*(p.kind for p in built.holes)) if built.holes else CONST)
            # a value of the block's own parameter is an element of the receiver
            return worst(
                *kinds, _element_kind(flow, receiver, level) if _uses_block_parameter(flow, block) else CONST
            ), None
        return DYNAMIC, None
    if method == "pluck" and args and all(re.search(r"(?:^|_)u?u?id$", flow.text(a).strip(":\"'")) for a in args):
        return NUMERIC, None  # `pluck(:id)`, `pluck(:user_id)`: keys read from the database
    if method == "join":
        return _element_kind(flow, receiver, level), None
    if (receiver_text, method) in _FORMAT_CALLS or (receiver is not None and _raw_sql_wrapper(flow, node)):
        built = flow._flatten(node, level + 1)
        return built.kind, (built.sql_text() if built.kind == CONST else None)
    if method in _PASSTHROUGH:
        inputs = [a for a in args if a.type not in ("block_argument", "regex")]
        if receiver is not None:
            inputs.append(receiver)
        if not inputs:
            return DYNAMIC, None
        classified = [flow.classify(a, level + 1) for a in inputs]
        kind = worst(*(k for k, _ in classified))
        return kind, (classified[-1][1] if kind == CONST and method in _RESHAPE else None)
    if not args or _INPUT_ACCESSOR.search(method) or from_request(node):
        return DYNAMIC, None
    if all(a.type in _LITERALS for a in args):
        # `Setting.value_for("per_page")`, `I18n.t(:x)`: the code decides the text
        return CONST, None
    if receiver is None or receiver.type in ("constant", "scope_resolution", "self"):
        # The class's own helper given only constants and numbers (`date_add("created_at", days.to_i)`):
        # it writes SQL the code chose around them.
        values = [a.child_by_field_name("value") if a.type == "pair" else a for a in args]
        kinds = [flow.classify(v, level + 1)[0] if v is not None else DYNAMIC for v in values]
        if kinds and DYNAMIC not in kinds:
            return worst(*kinds), None
    return DYNAMIC, None


def _uses_block_parameter(flow: Any, block: tree_sitter.Node | None) -> bool:
    parameters = block.child_by_field_name("parameters") if block is not None else None
    return parameters is not None and bool(parameters.named_children)


def _block_parameter(flow: Any, node: tree_sitter.Node) -> bool:
    """`node` (an identifier) is a parameter of a block around it: `|row|`."""
    name = node.text
    current = node.parent
    while current is not None and current.type not in _FUNCTIONS:
        if current.type in ("block", "do_block"):
            parameters = current.child_by_field_name("parameters")
            if parameters is not None and any(
                c.text == name or (c.named_children and c.named_children[0].text == name)
                for c in parameters.named_children
            ):
                return True
        current = current.parent
    return False


# Request input in Ruby: `params[:sort]`, `sort_params[:column]` (a controller's permitted params),
# `request.query_parameters`, `cookies[:x]`.
_REQUEST = re.compile(r"\b(?:\w+_)?params\b\s*(?:[.\[]|&\.)|\brequest\.|\bcookies\b\s*[.\[]")
_NUMBER_TYPES = r"(?:Float|Integer|Numeric|BigDecimal|Date|Time)"


def _from_request(node: tree_sitter.Node) -> bool:
    return from_request(node) or _REQUEST.search(node.text.decode("utf-8", "replace") if node.text else "") is not None


def _checked_number(flow: Any, node: tree_sitter.Node) -> bool:
    """`raise ... unless coordinates["lat"].is_a?(Float)` earlier in the method: the value is a number."""
    function = flow.enclosing_function(node)
    if function is None:
        return False
    text = flow.file.data[function.start_byte : node.start_byte].decode("utf-8", "replace")
    expression = re.escape(flow.text(node))
    return (
        re.search(
            rf"\b(?:raise|fail|return)\b[^\n]*\bunless\s+\(?{expression}\.(?:is_a|kind_of|instance_of)\?\s*\(?\s*{_NUMBER_TYPES}\b",
            text,
        )
        is not None
    )


_ELEMENT_ASSIGNMENTS: list[tree_sitter.Query] = []


def _element_definition(flow: Any, node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The value last assigned to `opts[:limit]` (the same expression) earlier in the method."""
    function = flow.enclosing_function(node)
    if function is None:
        return None
    if not _ELEMENT_ASSIGNMENTS:
        _ELEMENT_ASSIGNMENTS.append(
            tree_sitter.Query(
                languages.grammar("ruby"), "(assignment left: (element_reference) @target right: (_) @value) @statement"
            )
        )
    cursor = tree_sitter.QueryCursor(_ELEMENT_ASSIGNMENTS[0])
    cursor.set_byte_range(function.start_byte, node.start_byte)
    wanted = node.text
    found = None
    for _index, captures in cursor.matches(function):
        statement = captures["statement"][0]
        later = found is None or statement.start_byte > found.start_byte
        if captures["target"][0].text == wanted and statement.end_byte <= node.start_byte and later:
            found = statement
    return found.child_by_field_name("right") if found is not None else None


def _checked_in(condition: str, value: str) -> bool:
    """`SORTABLE.include?(params[:sort]) ? params[:sort] : "name"`: the branch is the value the
    condition found in a fixed list."""
    escaped = re.escape(value)
    return (
        re.search(rf"\.(?:include|key|has_key|member)\?\(?\s*{escaped}\s*\)?\s*$|^\s*{escaped}\.in\?\(", condition)
        is not None
    )


def _classify(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    if not getattr(flow, "ruby_clause", False) and _in_clause_sink(flow, node):
        # ORDER BY / GROUP BY / a select list: names, which no parameter can carry. Helper methods
        # (`sort_column`) and the caller's arguments are how Rails code keeps them to known columns;
        # what is reported is request input reaching them, here or through a local.
        flow.ruby_clause = True
        try:
            in_clause: tuple[str, str | None] = flow.classify(node, level)
            return in_clause
        finally:
            flow.ruby_clause = False
    decided = _classify_shape(flow, node, level)
    if decided is None or not getattr(flow, "ruby_clause", False):
        return decided
    kind, text = decided
    return ((DYNAMIC if _from_request(node) else SAFE) if kind == DYNAMIC else kind), text


def _classify_shape(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    clause = getattr(flow, "ruby_clause", False)
    typ = node.type
    if typ == "identifier" and _RECORD_NUMBER.match(flow.text(node)):
        name = flow.text(node)
        if not flow.definitions(name, node) and not flow.is_parameter(name, node):
            return NUMERIC, None  # `#{id}` inside a model: the record's own key
    if typ in ("simple_symbol", "hash_key_symbol"):
        return CONST, flow.text(node).lstrip(":")
    if typ in ("string_array", "symbol_array", "self", "regex"):
        return CONST, None
    if typ == "constant":
        name = flow.text(node)
        return CONST, _constant_text(flow, name)
    if typ == "scope_resolution":
        name_node = node.child_by_field_name("name")
        return CONST, (_constant_text(flow, flow.text(name_node)) if name_node is not None else None)
    if typ == "conditional":
        condition = flow.text(node.child_by_field_name("condition") or node).strip()
        negated = condition.startswith(("!", "not "))
        branches = [node.child_by_field_name("consequence"), node.child_by_field_name("alternative")]
        checked = branches[1] if negated else branches[0]  # the branch taken when the value is in the list
        classified = [
            (SAFE, None) if b == checked and _checked_in(condition, flow.text(b)) else flow.classify(b, level + 1)
            for b in branches
            if b is not None
        ]
        texts = {t for _, t in classified}
        kind = worst(*(k for k, _ in classified))
        return kind, (next(iter(texts)) if kind == CONST and len(texts) == 1 else None)
    if typ == "unary":
        operator = node.child_by_field_name("operator")
        operand = node.child_by_field_name("operand")
        if operator is None or operand is None:
            return None
        if flow.text(operator) in ("!", "not"):
            return CONST, None  # true or false
        kind = flow.classify(operand, level + 1)[0]
        return (CONST if kind == CONST else NUMERIC), None
    if typ in ("instance_variable", "class_variable", "global_variable"):
        return (DYNAMIC if not clause else SAFE), None
    if typ == "element_reference":
        owner = node.child_by_field_name("object")
        if owner is not None and owner.type in ("constant", "scope_resolution"):
            return (SAFE if flow.text(owner) == "ENV" else CONST), None  # a lookup in a constant table
        if _checked_number(flow, node):
            return NUMERIC, None
        if not _from_request(node) and level < flow.MAX_DEPTH:
            value = _element_definition(flow, node)
            if value is not None:
                assigned: tuple[str, str | None] = flow.classify(value, level + 1)
                return assigned
        return DYNAMIC, None
    if typ == "call":
        if _checked_number(flow, node):
            return NUMERIC, None
        return _classify_call(flow, node, level)
    if typ == "identifier":
        name = flow.text(node)
        if flow.definitions(name, node):
            return None  # a local: its definitions decide
        if flow.is_parameter(name, node) or _block_parameter(flow, node):
            return (SAFE, None) if clause else None  # the caller's value: judged where it is chosen
        # A method of the object itself (no receiver, no arguments).
        if name == "id":
            return NUMERIC, None
        if name in _SCHEMA_NAMES:
            return SAFE, None
        return (SAFE, None) if clause else None  # `sort_column`: a helper that picks the column
    return None
