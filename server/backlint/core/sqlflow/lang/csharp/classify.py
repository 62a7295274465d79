"""C# value classification: how risky a value spliced into a query is."""

from __future__ import annotations

from typing import Any

import tree_sitter

from ...built import CONST, DYNAMIC, NUMERIC, SAFE, worst
from ...hole_positions import from_request
from ...sql_text import placeholder_list_text
from .builders import _elements, _expands, _joined
from .constants import (
    _COLLECTION_TYPE,
    _COLLECTIONS,
    _CONFIGURATION,
    _CONTEXT_OBJECTS,
    _FORMATS_VALUE,
    _INPUT_ACCESSOR,
    _KEEPS_ELEMENTS,
    _LAMBDAS,
    _LITERALS,
    _MAPS,
    _NUMERIC_CAST,
    _NUMERIC_MEMBER,
    _SQL_MEMBER,
    _STRINGS,
    _TYPE_NAME,
)
from .facts import _constant, _facts, _field
from .readers import _arguments, _callee, _is_string_type
from .strings import _formattable, _literal_text, _string_pieces


def _numeric_cast_above(flow: Any, node: tree_sitter.Node) -> bool:
    """`(int)status`, `(long)(x)`: the shared layers read through the cast; its type decides."""
    parent = node.parent
    while parent is not None and parent.type in ("parenthesized_expression", "cast_expression"):
        if parent.type == "cast_expression" and _NUMERIC_CAST.match(flow.field_text(parent, "type")):
            return True
        parent = parent.parent
    return False


def _lambda_parameter(flow: Any, node: tree_sitter.Node, level: int) -> str | None:
    """The kind of a lambda parameter that maps a collection: `i` of `.Select((x, i) => ...)` is an
    index, `x` is one of the collection's elements; None for other names."""
    name = flow.text(node)
    current = node.parent
    while current is not None:
        if current.type in _LAMBDAS:
            parameters = current.child_by_field_name("parameters")
            if parameters is None:
                current = current.parent
                continue
            names = (
                [flow.text(parameters)]
                if parameters.type == "implicit_parameter"
                else [flow.field_text(p, "name") for p in parameters.named_children if p.type == "parameter"]
            )
            if name not in names:
                current = current.parent
                continue
            argument = current.parent
            call = argument.parent.parent if argument is not None and argument.parent is not None else None
            if argument is None or argument.type != "argument" or call is None or call.type != "invocation_expression":
                return None
            receiver, _owner, method = _callee(flow, call)
            if method not in _MAPS and method not in ("Where", "Any", "All", "ForEach", "Sum", "Count"):
                return None
            if names.index(name) == 1:
                return NUMERIC  # `.Select((value, index) => ...)`
            if receiver is None or level > 8:
                return None
            return _collection_kind(flow, receiver, call, level + 1)
        if current.type in ("method_declaration", "constructor_declaration", "local_function_statement"):
            return None
        current = current.parent
    return None


def _collection_kind(flow: Any, node: tree_sitter.Node, before: tree_sitter.Node, level: int) -> str:
    """As risky as the worst element the collection can hold."""
    if level > flow.MAX_NESTING:
        return DYNAMIC
    node = flow._unwrap(node)
    text = flow.text(node)
    if placeholder_list_text(text):
        return SAFE
    if node.type in _COLLECTIONS or (
        node.type == "object_creation_expression" and _COLLECTION_TYPE.search(flow.field_text(node, "type"))
    ):
        elements = _elements(flow, node)
        if elements == [node]:
            return DYNAMIC
        return worst(*(flow.classify(e, level + 1)[0] for e in elements)) if elements else CONST
    if node.type == "identifier":
        name = flow.text(node)
        if (
            name in _facts(flow).constants
            and not flow.definitions(name, before)
            and not flow.is_parameter(name, before)
        ):
            return CONST  # a static readonly list of ours
        definitions = flow.definitions(name, before)
        if (
            len(definitions) == 1
            and not definitions[0][1]
            and flow._unwrap(definitions[0][0]).type == "invocation_expression"
        ):
            return _collection_kind(flow, definitions[0][0], before, level + 1)  # `var marks = ids.Select(...)`
        items = flow.list_items(name, before)
        if items is not None:
            return worst(*(flow.classify(i, level + 1)[0] for i in items)) if items else CONST
        return NUMERIC if flow.numeric_typed(name, before) else DYNAMIC
    if node.type == "invocation_expression":
        receiver, owner, method = _callee(flow, node)
        args = _arguments(node.child_by_field_name("arguments"))
        if owner in ("Enumerable", "System.Linq.Enumerable"):
            if method == "Range":
                return NUMERIC
            if method == "Repeat" and args:
                kind: str = flow.classify(args[0], level + 1)[0]
                return kind
        if method in _MAPS and args and receiver is not None:
            return _mapped_kind(flow, args[0], level)
        if method in _KEEPS_ELEMENTS and receiver is not None:
            return _collection_kind(flow, receiver, before, level + 1)
    if node.type == "member_access_expression" and flow.field_text(node, "name") in ("Keys", "Values"):
        owner_node = node.child_by_field_name("expression")
        if (
            owner_node is not None
            and owner_node.type == "identifier"
            and flow.text(owner_node) in _facts(flow).constants
        ):
            return CONST  # the keys of a static readonly map of ours
    return DYNAMIC


def _mapped_kind(flow: Any, callback: tree_sitter.Node, level: int) -> str:
    """What a `.Select(...)` callback yields: its returned expressions, or placeholders."""
    callback = flow._unwrap(callback)
    if callback.type not in _LAMBDAS:
        return DYNAMIC
    body = callback.child_by_field_name("body") or next((c for c in callback.named_children if c.type == "block"), None)
    if body is None:
        return DYNAMIC
    if body.type != "block":
        returned = [body]
    else:
        returned = []
        stack = [body]
        while stack:  # this callback's returns, not those of functions nested in it
            current = stack.pop()
            if current.type == "return_statement":
                returned.extend(c for c in current.named_children if c.type != "comment")
            elif current.type not in _LAMBDAS and current.type != "local_function_statement":
                stack.extend(current.named_children)
    return worst(*(flow.classify(r, level + 1)[0] for r in returned)) if returned else DYNAMIC


def _fixed_by_code(flow: Any, method: str, args: list[tree_sitter.Node], node: tree_sitter.Node, level: int) -> bool:
    """A call the code gives only constants, that is not an input accessor: `GetColumns("users")`,
    `Format(VolumeState.Temporary)`."""
    if not args or _INPUT_ACCESSOR.search(method) or from_request(node) or level > 8:
        return False
    return all(
        flow._unwrap(a).type in _LITERALS
        or _literal_text(flow, a) is not None
        or flow.classify(a, level + 1)[0] == CONST
        for a in args
    )


def _classify(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    kind = node.type
    if kind in _LITERALS:
        return CONST, flow.text(node)
    if kind == "character_literal":
        return CONST, flow.text(node)[1:-1]
    if _numeric_cast_above(flow, node):
        return NUMERIC, None
    if kind in _STRINGS:
        if kind == "interpolated_string_expression" and _formattable(flow, node):
            return SAFE, None  # EF Core sends each hole as a parameter
        if _string_pieces(flow, node) is None:
            return DYNAMIC, None  # a string we cannot read
        return None
    if kind == "conditional_expression":
        # `a ? x : b ? y : z` is one choice among its branches: read them all at this level, or a chain
        # of conditions would use up the depth the flow follows variables to.
        branches, pending = [], [node]
        while pending:
            current = pending.pop()
            for field in ("alternative", "consequence"):
                branch = current.child_by_field_name(field)
                if branch is not None and flow._unwrap(branch).type == "conditional_expression":
                    pending.append(flow._unwrap(branch))
                elif branch is not None:
                    branches.append(branch)
        classified = [flow.classify(b, level) for b in reversed(branches)]
        return worst(*(k for k, _ in classified)), (
            classified[0][1] if classified and all(k == CONST for k, _ in classified) else None
        )
    if kind == "switch_expression":
        values = [
            arm.named_children[-1]
            for arm in node.named_children
            if arm.type == "switch_expression_arm" and arm.named_children
        ]
        return (worst(*(flow.classify(v, level)[0] for v in values)) if values else DYNAMIC), None
    if kind == "postfix_unary_expression" and flow.text(node).endswith("!") and node.named_children:
        same: tuple[str, str | None] = flow.classify(node.named_children[0], level)  # `value!`: null-forgiving
        return same
    if kind == "prefix_unary_expression":
        operand = node.named_children[-1] if node.named_children else None
        if operand is None:
            return DYNAMIC, None
        inner = flow.classify(operand, level + 1)[0]
        return (CONST if inner == CONST else NUMERIC), None  # -x, !x, ~x: a number or a boolean
    if kind == "identifier":
        name = flow.text(node)
        constant = _constant(flow, name, node, level) or _field(flow, name, node, level, member=False)
        if constant is not None:
            return constant
        if not flow.definitions(name, node):
            parameter = _lambda_parameter(flow, node, level)
            if parameter is not None:
                return parameter, None
        return None
    if kind == "member_access_expression":
        return _classify_member(flow, node, level)
    if kind == "element_access_expression":
        container = node.child_by_field_name("expression")
        if container is not None and flow._unwrap(container).type == "identifier":
            name = flow.text(flow._unwrap(container))
            if (
                name in _facts(flow).constants
                and not flow.definitions(name, node)
                and not flow.is_parameter(name, node)
            ):
                return CONST, None  # a lookup in a static readonly map: the value is one of ours
        return None
    if kind == "invocation_expression":
        return _classify_invocation(flow, node, level)
    if kind in _COLLECTIONS or (
        kind == "object_creation_expression" and _COLLECTION_TYPE.search(flow.field_text(node, "type"))
    ):
        return _collection_kind(flow, node, node, level), None
    if kind in ("typeof_expression", "sizeof_expression", "is_pattern_expression", "is_expression"):
        return CONST, None
    return None


def _classify_member(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    text = flow.text(node)
    owner = node.child_by_field_name("expression")
    name = flow.field_text(node, "name")
    if _NUMERIC_MEMBER.search(text):
        return NUMERIC, None
    if text in ("string.Empty", "String.Empty"):
        return CONST, ""
    if text in ("Environment.NewLine", "System.Environment.NewLine"):
        return CONST, "\n"
    if _SQL_MEMBER.match(name) and not from_request(node):
        return SAFE, None  # `template.RawSql`, `filter.WhereClause`: SQL composed where it was built
    if owner is None or owner.type == "this":
        return _constant(flow, name, node, level) or _field(flow, name, node, level, member=True)  # `this.Table`
    owner = flow._unwrap(owner)
    facts = _facts(flow)
    if name in facts.fields and name.startswith(("_", "m_")):
        # `other.m_table`: a private field of a class here (a public name may be another type's member)
        return _field(flow, name, node, level, member=True)
    if owner.type == "typeof_expression":
        return CONST, None  # `typeof(User).Name`
    if owner.type == "identifier":
        owner_name = flow.text(owner)
        local = flow.definitions(owner_name, node) or flow.is_parameter(owner_name, node)
        if local:
            return None
        if owner_name in facts.enums:
            return CONST, name  # an enum member of this file reads as its name
        if name in facts.constants and owner_name[:1].isupper():
            constant = _constant(flow, name, node, level)  # `Queries.ByEmail`, a const of a class here
            if constant is not None:
                return constant
        if (
            _TYPE_NAME.match(owner_name)
            and _TYPE_NAME.match(name)
            and owner_name not in facts.members
            and owner_name not in _CONTEXT_OBJECTS
        ):
            # `OrderStatus.Shipped`, `Tables.Users`: a type's member (an enum value, a constant) when the
            # owner is no local, parameter, field or property of this file.
            return CONST, None
    return None


def _classify_invocation(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    receiver, owner, method = _callee(flow, node)
    args = _arguments(node.child_by_field_name("arguments"))
    text = flow.text(node)
    function = node.child_by_field_name("function")
    if function is not None and flow.text(function) == "nameof":
        return CONST, (text[7:-1].split(".")[-1].strip() if text.endswith(")") else None)
    if _CONFIGURATION.search(text):
        return SAFE, None
    if placeholder_list_text(text):
        return SAFE, None
    if _is_string_type(owner) and method == "Join" and len(args) >= 2 and _joined(flow, args, node) is None:
        return _collection_kind(flow, args[1], node, level + 1), None
    if _expands(flow, node):
        built = flow._flatten(node, level + 1)
        return built.kind, (built.sql_text() if built.kind == CONST else None)
    if method == "Replace" and receiver is not None and len(args) == 2:
        return worst(flow.classify(receiver, level + 1)[0], flow.classify(args[1], level + 1)[0]), None
    if flow.profile.numeric_calls.search(owner + "." + method if owner else method) or flow.profile.safe_calls.search(
        method
    ):
        return None  # the shared rules read these
    if _fixed_by_code(flow, method, args, node, level):
        return CONST, None  # `GetColumnList("orders")`: the code decides the text
    if _FORMATS_VALUE.search(method) and args and level <= 8:
        kinds = [flow.classify(a, level + 1)[0] for a in args]
        if all(k in (CONST, NUMERIC) for k in kinds):
            return NUMERIC, None  # `FormatInvariant(blockSize)`: a number written out
    return None
