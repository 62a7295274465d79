"""What a private function's callers pass it: the summary that tells a parameter fed only constants
from one that carries input.

`format!("... {interval}")` inside a Rust `fn` that is not `pub`, or a Python `_helper(table)`, is as
safe as every call to it in the file. A private function cannot be called from another file, so its
callers here are all its callers; a public one may be called from anywhere and keeps its parameters
unknown. The summary is computed on demand per (function, parameter) and cached per file; a cycle
(recursion, two functions calling each other) answers "unknown" while it is being worked out, so the
fixpoint is bounded by the number of parameters in the file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import tree_sitter

from .built import worst

if TYPE_CHECKING:
    from .classify import QueryFlow

# Call nodes, across grammars.
_CALLS = frozenset({"call", "call_expression", "method_invocation", "invocation_expression"})
# How a function is referred to at a call: `f(...)`, `self.f(...)`, `this.f(...)`, `Self::f(...)`.
_OWN_RECEIVERS = frozenset({"self", "this", "Self", "cls", "static"})
_PRIVATE_MODIFIER = re.compile(r"\bprivate\b")


def parameter_kind(flow: QueryFlow, function: tree_sitter.Node, name: str, level: int) -> str | None:
    """The worst kind every call in this file passes for parameter `name` of `function`, or None when
    the function may have callers elsewhere, has none here, or one call cannot be read."""
    summaries: dict[tuple[int, str], str | None] = flow.file.cache.setdefault("sqlflow_callers", {})
    key = (function.start_byte, name)
    if key in summaries:
        return summaries[key]
    summaries[key] = None  # in progress: a cycle back to here knows nothing
    summaries[key] = _summarise(flow, function, name, level)
    return summaries[key]


def function_name_of(flow: QueryFlow, function: tree_sitter.Node) -> str | None:
    """The name a function is called by, when it is declared with one."""
    name = function.child_by_field_name("name")
    return flow.text(name) if name is not None else None


def _summarise(flow: QueryFlow, function: tree_sitter.Node, name: str, level: int) -> str | None:
    callee = function_name_of(flow, function)
    if callee is None or not _private(flow, function, callee):
        return None
    position = parameter_position(flow, function, name)
    if position is None:
        return None
    kinds = []
    for call, own_receiver in calls_to(flow, callee):
        if function.start_byte <= call.start_byte < function.end_byte:
            return None  # recursion: the value may be anything the function computes
        skipped = 1 if own_receiver and calls_own_receiver(flow, function) else 0
        argument = argument_at(flow, call, position - skipped)
        if argument is None:
            return None
        kinds.append(flow.classify(argument, level + 1)[0])
    return worst(*kinds) if kinds else None


def _private(flow: QueryFlow, function: tree_sitter.Node, name: str) -> bool:
    """Callable only from this file (the profile's `private_function` says how a language shows it)."""
    private_function = flow.profile.private_function
    return private_function is not None and private_function(flow, function, name)


def private_by_modifier(flow: Any, function: tree_sitter.Node, _name: str) -> bool:
    """The `private_function` of a language that declares visibility with modifiers (Java, Kotlin, C#, PHP)."""
    modifiers = next((c for c in function.children if "modifier" in c.type), None)
    return modifiers is not None and _PRIVATE_MODIFIER.search(flow.text(modifiers)) is not None


def _parameters(flow: QueryFlow, function: tree_sitter.Node) -> list[tree_sitter.Node]:
    parameters = function.child_by_field_name("parameters") or next(
        (c for c in function.named_children if c.type in ("function_value_parameters", "formal_parameters")), None
    )
    if parameters is None:
        return []
    return [c for c in parameters.named_children if "comment" not in c.type]


def _parameter_name(flow: QueryFlow, parameter: tree_sitter.Node) -> str | None:
    if parameter.type == "identifier":
        return flow.text(parameter)
    for field in ("name", "pattern", "left"):
        named = parameter.child_by_field_name(field)
        if named is not None and named.type in ("identifier", "variable_name", "simple_identifier"):
            return flow.text(named).lstrip("$")
    first = next((c for c in parameter.named_children if c.type == "identifier"), None)
    if first is None and parameter.type == "spread_parameter":  # Java `Object... params`
        declarator = next((c for c in parameter.named_children if c.type == "variable_declarator"), None)
        first = declarator.child_by_field_name("name") if declarator is not None else None
    return flow.text(first) if first is not None else None


def parameter_position(flow: QueryFlow, function: tree_sitter.Node, name: str) -> int | None:
    for index, parameter in enumerate(_parameters(flow, function)):
        if parameter.type in ("list_splat_pattern", "dictionary_splat_pattern", "rest_pattern", "variadic_parameter"):
            return None
        if _parameter_name(flow, parameter) == name:
            return index
    return None


def calls_own_receiver(flow: QueryFlow, function: tree_sitter.Node) -> bool:
    """Python methods name their receiver first (the profile's `receiver_parameters`); a call through
    `self.` does not pass it."""
    parameters = _parameters(flow, function)
    return bool(parameters) and flow.text(parameters[0]) in flow.profile.receiver_parameters


def calls_to(flow: QueryFlow, callee: str) -> list[tuple[tree_sitter.Node, bool]]:
    """Every call in the file to `callee` by its plain name or through the object's own receiver,
    with whether it went through the receiver."""
    index: dict[str, list[tuple[tree_sitter.Node, bool]]] | None = flow.file.cache.get("sqlflow_call_index")
    if index is None:
        index = flow.file.cache["sqlflow_call_index"] = _index_calls(flow)
    return index.get(callee, [])


def _index_calls(flow: QueryFlow) -> dict[str, list[tuple[tree_sitter.Node, bool]]]:
    index: dict[str, list[tuple[tree_sitter.Node, bool]]] = {}
    stack = [flow.file.tree.root_node]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type not in _CALLS:
            continue
        target = _callee_name(flow, node)
        if target is not None:
            index.setdefault(target[0], []).append((node, target[1]))
    return index


def _callee_name(flow: QueryFlow, call: tree_sitter.Node) -> tuple[str, bool] | None:
    if call.type == "method_invocation":  # Java: `f(x)` or `this.f(x)`
        name = call.child_by_field_name("name")
        receiver = call.child_by_field_name("object")
        if name is None or (receiver is not None and flow.text(receiver) not in _OWN_RECEIVERS):
            return None
        return flow.text(name), receiver is not None
    function = call.child_by_field_name("function")
    if function is None and call.named_children:
        function = call.named_children[0]  # Kotlin and C# calls have no field for the callee
    if function is None:
        return None
    if function.type in ("identifier", "simple_identifier"):
        return flow.text(function), False
    text = flow.text(function)
    owner, _, member = text.rpartition("." if "." in text else "::")
    if owner in _OWN_RECEIVERS and member.isidentifier():
        return member, True
    return None


def argument_at(flow: QueryFlow, call: tree_sitter.Node, position: int) -> tree_sitter.Node | None:
    arguments = call.child_by_field_name("arguments") or next(
        (c for c in call.named_children if c.type in ("value_arguments", "argument_list", "arguments")), None
    )
    if arguments is None or position < 0:
        return None
    values = [c for c in arguments.named_children if "comment" not in c.type]
    if any(v.type in ("keyword_argument", "list_splat", "dictionary_splat", "spread_element") for v in values):
        return None  # arguments by name or spread: their positions are not the parameters'
    if position >= len(values):
        return None  # a default value fills it: not read here
    value = values[position]
    if value.type in ("argument", "value_argument") and value.named_child_count == 1:
        value = value.named_children[0]
    return value
