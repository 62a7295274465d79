"""The classification of PHP values: casts, variables, members, subscripts, operators and calls."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import tree_sitter

from ...built import CONST, DYNAMIC, NUMERIC, SAFE, worst
from ...sql_text import placeholder_list_text
from .constants import _NAME_CONSTANT, _constant_key, _declared, _property
from .names import (
    _CLAUSE_KEY,
    _CONFIG_FUNCTIONS,
    _CONFIG_RECEIVER,
    _DATE_FORMAT,
    _DB_HANDLE,
    _INPUT_ACCESSOR,
    _NUMERIC_CALLS,
    _PASSTHROUGH,
    _PLACEHOLDER_BUILDERS,
    _PLACEHOLDER_HELPER,
    _PLACEHOLDER_LITERAL,
    _PREFIX_NAME,
    _REQUEST_RECEIVER,
    _SAFE_CALLS,
    _STRING_LITERAL,
    _SUPERGLOBALS,
)
from .nodes import _CALLS, _LITERALS, _MEMBERS, _STRINGS, _array_values, _call_arguments, _function_name, _text
from .strings import _constant_text, _expandable

if TYPE_CHECKING:  # classify imports this module (through profiles): only the types are read here
    from ...classify import QueryFlow

# --- classifying values -----------------------------------------------------------------------------


def _numeric_cast(node: tree_sitter.Node) -> bool:
    """`node` is the operand of `(int)` / `(float)` / `(bool)` (parentheses between are read through):
    the shared layers read casts through, so the cast is found from the operand."""
    current = node.parent
    while current is not None and current.type == "parenthesized_expression":
        current = current.parent
    if current is None or current.type != "cast_expression":
        return False
    cast = current.child_by_field_name("type")
    return cast is not None and (cast.text or b"").decode().strip().lower() in (
        "int", "integer", "float", "double", "real", "bool", "boolean",
    )  # fmt: skip


def _classify(flow: QueryFlow, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    """(kind, constant text) of a PHP value, or None for the shapes the shared rules read (strings)."""
    typ = node.type
    if _numeric_cast(node):
        return NUMERIC, None
    if typ == "cast_expression":
        value = node.child_by_field_name("value")
        cast = _text(flow, node.child_by_field_name("type")).strip().lower()
        if cast in ("int", "integer", "float", "double", "real", "bool", "boolean"):
            return NUMERIC, None
        return (flow.classify(value, level + 1)[0] if value is not None else DYNAMIC), None
    if typ in _LITERALS:
        return CONST, flow.text(node)
    if typ == "variable_name":
        return _classify_variable(flow, node, level)
    if typ in ("name", "class_constant_access_expression"):
        # A global or class constant. Its value is often in another file: a prefix or table name
        # (`DB_PREFIX . "product"`) still reads as part of one identifier.
        own = typ == "name" or re.match(r"^(?:self|static)::", flow.text(node)) is not None
        key = _constant_key(flow, node)
        text = _constant_text(flow, _declared(flow).get(key)) if own else None
        return CONST, (key if text is None and _NAME_CONSTANT.search(key) else text)
    if typ == "scoped_property_access_expression":
        name = node.child_by_field_name("name")
        own = re.match(r"^(?:self|static)::", flow.text(node)) is not None
        return _property(flow, _text(flow, name).lstrip("$")) if name is not None and own else (DYNAMIC, None)
    if typ in _MEMBERS:
        return _classify_member(flow, node)
    if typ == "subscript_expression":
        return _classify_subscript(flow, node, level), None
    if typ == "binary_expression":
        return _classify_binary(flow, node, level)
    if typ == "unary_op_expression":
        operand = node.child_by_field_name("argument")
        inner = flow.classify(operand, level + 1)[0] if operand is not None else DYNAMIC
        return (CONST if inner == CONST else NUMERIC), None  # -x, +x, ~x are numbers; !x a boolean
    if typ == "conditional_expression":
        branches = [
            node.child_by_field_name("body") or node.child_by_field_name("condition"),  # `$a ?: $b`
            node.child_by_field_name("alternative"),
        ]
        classified = [flow.classify(b, level + 1) for b in branches if b is not None]
        kind = worst(*(k for k, _ in classified))
        return kind, (classified[0][1] if classified and kind == CONST else None)
    if typ == "match_expression":
        body = node.child_by_field_name("body")
        arms = [
            arm.child_by_field_name("return_expression")
            for arm in (body.named_children if body is not None else [])
            if arm.type in ("match_conditional_expression", "match_default_expression")
        ]
        return worst(*(flow.classify(a, level + 1)[0] for a in arms if a is not None)), None
    if typ in _CALLS:
        return _classify_call(flow, node, level)
    if typ == "array_creation_expression":
        return worst(*(flow.classify(v, level + 1)[0] for v in _array_values(node))), None
    if typ in _STRINGS:
        return None  # read by the shared rules through `_string_pieces`
    return DYNAMIC, None


def _classify_variable(flow: QueryFlow, node: tree_sitter.Node, level: int) -> tuple[str, str | None]:
    name = flow.text(node)
    bare = name[1:]
    if bare in _SUPERGLOBALS or bare == "this":
        return DYNAMIC, None
    from ...classify import _PLACEHOLDER_NAME, _SQL_TEXT_NAME  # here: classify imports this module

    if _PLACEHOLDER_NAME.search(bare) or _PLACEHOLDER_HELPER.search(bare) or _PREFIX_NAME.match(bare):
        return SAFE, None
    definitions = flow.definitions(name, node) if level < flow.MAX_DEPTH else []
    if not definitions and _SQL_TEXT_NAME.search(bare) and flow.is_parameter(name, node):
        return SAFE, None  # SQL text handed in by the caller (`$whereSql`): judged where it is built
    if (
        definitions
        and _SQL_TEXT_NAME.search(bare)
        and all(_composing_call(flow, flow._unwrap(base)) for base, appends, _stmt in definitions if not appends)
        and not any(appends for _base, appends, _stmt in definitions)
    ):
        # `$date_sql = $this->generate_date_query_sql()`: a clause the code's own helper composed (its
        # values were judged where it was built), as WordPress queries put prepared fragments together
        return SAFE, None
    result: tuple[str, str | None] = flow._classify_name(node, level)
    return result


def _composing_call(flow: QueryFlow, node: tree_sitter.Node) -> bool:
    """A call of the code's own (not one that reads the request)."""
    if node.type not in _CALLS or from_request_text(flow.text(node)):
        return False
    owner = node.child_by_field_name("object") or node.child_by_field_name("scope")
    return owner is None or not _REQUEST_RECEIVER.search(flow.text(owner))


def from_request_text(text: str) -> bool:
    """Request input read in place: superglobals, `request(...)`, `filter_input(...)`."""
    return (
        re.search(r"\$_(?:GET|POST|REQUEST|COOKIE|SERVER|FILES)\b|^(?:request|filter_input|old)\s*\(", text) is not None
    )


def _classify_member(flow: QueryFlow, node: tree_sitter.Node) -> tuple[str, str | None]:
    owner = node.child_by_field_name("object")
    prop = node.child_by_field_name("name")
    if owner is None or prop is None or prop.type != "name":
        return DYNAMIC, None
    owner_text = flow.text(owner)
    if _PREFIX_NAME.match(flow.text(prop)):
        return SAFE, None  # the configured table prefix
    if owner_text == "$this":
        return _property(flow, flow.text(prop))  # `protected $table = 'users'`, set in the constructor
    if _DB_HANDLE.search(owner_text):
        # WordPress's table names and prefix: `{$wpdb->posts}`, `$wpdb->prefix`
        return CONST, ("wp_" if flow.text(prop) == "prefix" else "wp_" + flow.text(prop))
    return DYNAMIC, None


def _classify_subscript(flow: QueryFlow, node: tree_sitter.Node, level: int) -> str:
    """A lookup in a table of ours (a constant, a class property, a local array of literals) is one
    of our values; anything else read by key is data."""
    children = [c for c in node.named_children if c.type != "comment"]
    if not children:
        return DYNAMIC
    container = children[0]
    if container.type in ("name", "class_constant_access_expression"):
        return CONST
    if flow.guarded(flow.text(node), node):
        return SAFE  # `in_array($data['sort'], $sortable)` earlier in the function
    key = children[-1] if len(children) > 1 else None
    key_text = flow.text(key).strip("'\"") if key is not None and key.type in _STRINGS else ""
    if _PREFIX_NAME.match(key_text):
        return SAFE  # `$config['db_prefix']`: the configured table prefix
    from ...classify import _SQL_TEXT_NAME  # here: classify imports this module

    container_name = re.split(r"->|::|\$", flow.text(container))[-1]
    if (
        _SQL_TEXT_NAME.search(key_text) or _CLAUSE_KEY.match(key_text) or _SQL_TEXT_NAME.search(container_name)
    ) and not (container.type == "variable_name" and (container.text or b"")[1:].decode() in _SUPERGLOBALS):
        return SAFE  # `$this->query_vars['where_sql']`: a clause the code composed and keeps by name
    if container.type in _MEMBERS and _text(flow, container.child_by_field_name("object")) == "$this":
        prop = container.child_by_field_name("name")
        return _property(flow, flow.text(prop))[0] if prop is not None else DYNAMIC
    if container.type == "variable_name" and container.text and container.text[1:].decode() not in _SUPERGLOBALS:
        name = flow.text(container)
        if flow.is_parameter(name, node) or not flow.definitions(name, node):
            return DYNAMIC
        items = flow.list_items(name, node)
        if items:
            kind = worst(*(flow.classify(i, level + 1)[0] for i in items))
            return CONST if kind == CONST else DYNAMIC
    return DYNAMIC


_ARITHMETIC = {"+", "-", "*", "/", "%", "**", "<<", ">>", "&", "|", "^"}
_BOOLEAN = {"==", "!=", "===", "!==", "<>", "<", ">", "<=", ">=", "<=>", "&&", "||", "and", "or", "xor", "instanceof"}


def _classify_binary(flow: QueryFlow, node: tree_sitter.Node, level: int) -> tuple[str, str | None]:
    operator = node.child_by_field_name("operator")
    op = _text(flow, operator)
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    sides = [flow.classify(c, level + 1) for c in (left, right) if c is not None]
    kind = worst(*(k for k, _ in sides))
    if op == ".":
        texts = [t for _, t in sides]
        joined = "".join(t for t in texts if t is not None) if kind == CONST and None not in texts else None
        return kind, joined
    if op in _ARITHMETIC or op in _BOOLEAN:
        return (CONST if kind == CONST else NUMERIC), None  # PHP arithmetic and comparisons yield numbers
    return kind, None  # `??`: either side


def _is_placeholder_list(text: str) -> bool:
    if placeholder_list_text(text):
        return True
    literals = [next(g for g in m.groups() if g is not None) for m in _STRING_LITERAL.finditer(text)]
    return (
        bool(literals)
        and _PLACEHOLDER_BUILDERS.search(text) is not None
        and all(_PLACEHOLDER_LITERAL.match(lit) for lit in literals)
        and any(re.search(r"\?|%[sdf]|:\w", lit) for lit in literals)
    )


def _callable_kind(flow: QueryFlow, callback: tree_sitter.Node, level: int) -> str | None:
    """What a callback given to array_map returns: `'intval'`, `[$pdo, 'quote']`, `fn($id) => (int) $id`."""
    callback = flow._unwrap(callback)
    if callback.type in _STRINGS and flow._plain_string(callback):
        name = flow._literal_text(callback)
        return NUMERIC if _NUMERIC_CALLS.match(name) else SAFE if _SAFE_CALLS.match(name) else None
    if callback.type == "array_creation_expression":
        values = _array_values(callback)
        if len(values) == 2 and values[1].type in _STRINGS and flow._plain_string(values[1]):
            name = flow._literal_text(values[1])
            return NUMERIC if _NUMERIC_CALLS.match(name) else SAFE if _SAFE_CALLS.match(name) else None
    if callback.type == "arrow_function":
        body = callback.child_by_field_name("body")
        return flow.classify(body, level + 1)[0] if body is not None else None
    if callback.type == "anonymous_function":
        body = callback.child_by_field_name("body")
        returned = [
            r.named_children[0]
            for r in (body.named_children if body is not None else [])
            if r.type == "return_statement" and r.named_children
        ]
        return worst(*(flow.classify(r, level + 1)[0] for r in returned)) if returned else None
    return None


def _classify_collection(flow: QueryFlow, collection: tree_sitter.Node, level: int) -> str:
    """The worst element an array can hold: a literal's values, a local's items, a mapped callback's result."""
    collection = flow._unwrap(collection)
    if collection.type == "function_call_expression":
        name = _function_name(flow, collection)
        args = _call_arguments(collection)
        if name == "array_map" and len(args) >= 2:
            kind = _callable_kind(flow, args[0], level)
            return kind if kind is not None else DYNAMIC
        if name == "array_fill" and len(args) == 3:
            return flow.classify(args[2], level + 1)[0]
    if collection.type == "variable_name":
        name = flow.text(collection)
        definitions = flow.definitions(name, collection)
        if len(definitions) == 1 and not definitions[0][1]:
            base = flow._unwrap(definitions[0][0])
            if base.type == "function_call_expression" and _function_name(flow, base) in ("array_map", "array_fill"):
                return _classify_collection(flow, base, level)
        items = flow.list_items(name, collection)
        if items is not None and not flow.is_parameter(name, collection):
            return worst(*(flow.classify(i, level + 1)[0] for i in items)) if items else CONST
    return flow.classify(collection, level + 1)[0]


def _classify_call(flow: QueryFlow, node: tree_sitter.Node, level: int) -> tuple[str, str | None]:
    text = flow.text(node)
    if _is_placeholder_list(text):
        return SAFE, None
    args = _call_arguments(node)
    if node.type == "function_call_expression":
        name = _function_name(flow, node)
        if _expandable(flow, node):
            built = flow._flatten(node, level + 1)
            return built.kind, (built.sql_text() if built.kind == CONST else None)
        if name in ("sprintf", "vsprintf"):
            return worst(*(flow.classify(a, level + 1)[0] for a in args)), None
        if name in ("implode", "join") and args:
            return _classify_collection(flow, args[-1] if len(args) > 1 else args[0], level), None
        if name == "array_map" and len(args) >= 2:
            return _classify_collection(flow, node, level), None
        if _NUMERIC_CALLS.match(name):
            return NUMERIC, None
        if _SAFE_CALLS.match(name):
            return SAFE, None
        if name in _PASSTHROUGH:
            return worst(*(flow.classify(a, level + 1)[0] for a in args)), None
        if name in _CONFIG_FUNCTIONS:
            return SAFE, None  # deployment or site configuration
        if _PLACEHOLDER_HELPER.search(name):
            return SAFE, None
        if _fixed_by_code(flow, name, args, level):
            return CONST, None  # `dateSql('created_at')`: the code decides the text
        return DYNAMIC, None
    method = _text(flow, node.child_by_field_name("name"))
    owner = node.child_by_field_name("object") or node.child_by_field_name("scope")
    owner_text = _text(flow, owner)
    if _NUMERIC_CALLS.match(method):
        return NUMERIC, None
    if method == "prepare":
        return SAFE, None  # WordPress's `$wpdb->prepare` quotes the values it formats in (PDO's is no string)
    from ...classify import _SQL_TEXT_NAME  # here: classify imports this module

    if _SQL_TEXT_NAME.search(method) and _composing_call(flow, node):
        return SAFE, None  # `$this->generate_date_query_sql()`: a clause the code's own helper composed
    if _SAFE_CALLS.match(method):
        return SAFE, None
    if method == "format" and len(args) == 1 and _DATE_FORMAT.match(flow.text(args[0])):
        return SAFE, None  # a date formatted with a fixed pattern
    if method in ("get", "value") and _CONFIG_RECEIVER.search(owner_text) and not _REQUEST_RECEIVER.search(owner_text):
        return SAFE, None
    if _PLACEHOLDER_HELPER.search(method):
        return SAFE, None  # `$this->bindParamArray('id', $ids, $values)`
    if re.match(r"^(?:\$this|self|static|parent)$", owner_text) and _fixed_by_code(flow, method, args, level):
        return CONST, None  # `static::sqlHexDecode(':hash')`: the class's own SQL for its dialect
    return DYNAMIC, None


def _fixed_by_code(flow: QueryFlow, name: str, args: list[tree_sitter.Node], level: int) -> bool:
    """A helper given only constants (literals, arrays of them) decides its result itself; input
    accessors read the request whatever they are given."""
    if not args or _INPUT_ACCESSOR.search(name):
        return False
    return all(flow.classify(a, level + 1)[0] == CONST for a in args)
