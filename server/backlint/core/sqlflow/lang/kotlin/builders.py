"""Kotlin calls that build a string: formats, `trimIndent`, `buildString`, StringBuilder chains, `joinToString`."""

from __future__ import annotations

from typing import Any

import tree_sitter

from ...built import CONST, Built, Part
from .calls import _Call
from .constants import _APPENDS, _BUILDER_TYPES, _COLLECTION_BUILDERS, _FORMAT_RECEIVERS


def _is_format(flow: Any, call: _Call) -> bool:
    return call.method == "format" and call.receiver is not None and bool(call.args)


def _builds_string(flow: Any, node: tree_sitter.Node) -> bool:
    """The call builds a string from pieces `_expand_call` reads (a format, a builder, a reshaped
    string, a list of pieces joined in place): asked of `_expand_call` itself, so that the two can
    never disagree (classify flattens such a call, and flattening a call it cannot read classifies it)."""
    return _expand_call(flow, node, 0, Built(node=node, style="literal"), [])


def _builder_root(flow: Any, node: tree_sitter.Node) -> tree_sitter.Node | None:
    """`StringBuilder(...)` at the root of an append chain, or the local `sb` holding one."""
    current: tree_sitter.Node = flow._unwrap(node)
    while current.type == "call_expression":
        call = _Call(flow, current)
        if call.method in _BUILDER_TYPES and call.receiver is None:
            return current
        if call.method not in _APPENDS or call.receiver is None:
            return None
        current = flow._unwrap(call.receiver)
    if current.type == "identifier":
        definitions = flow.definitions(flow.text(current), current)
        if len(definitions) == 1 and definitions[0][0].type == "call_expression":
            base = _Call(flow, definitions[0][0])
            if base.method in _BUILDER_TYPES and base.receiver is None:
                return current
    return None


def _written_out(flow: Any, node: tree_sitter.Node | None) -> list[tree_sitter.Node] | None:
    """The elements of `listOf(a, b, c)` written in place; None for any other collection."""
    if node is None:
        return None
    node = flow._unwrap(node)
    if node.type != "call_expression":
        return None
    call = _Call(flow, node)
    if call.method in _COLLECTION_BUILDERS and call.receiver is None and call.lambda_body is None:
        return call.args
    return None


def _push_text(stack: list[Any], text: str, node: tree_sitter.Node, level: int) -> None:
    stack.append(("part", Part(text, node, CONST, quote='"'), level, ""))


def _expand_call(flow: Any, node: tree_sitter.Node, level: int, built: Any, stack: list[Any]) -> bool:
    """Push the pieces of a call that builds a string; False for any other call (a hole)."""
    from ...flatten import PRINTF_VERB  # the flow's layers import this module's profile

    call = _Call(flow, node)
    if _is_format(flow, call):
        receiver = call.receiver
        args = call.args
        if call.receiver_text in _FORMAT_RECEIVERS:
            # String.format(fmt, args...), String.format(locale, fmt, args...)
            at = 1 if len(args) > 1 and flow._template(args[0]) is None else 0
            template = flow._template(args[at])
            args = args[at + 1 :]
        else:
            template = flow._template(receiver) if receiver is not None else None  # "...".format(args...)
        if template is None:
            return False
        built.style = "string-format" if built.style == "literal" else built.style
        flow._push_formatted(template[0], template[1], PRINTF_VERB, args, level, stack)
        return True
    if call.method in ("trimIndent", "trimMargin", "trim", "prependIndent") and call.receiver is not None:
        stack.append(("node", call.receiver, level, ""))
        return True
    if call.method == "buildString" and call.lambda_body is not None:
        built.style = "builder" if built.style == "literal" else built.style
        for value, newline in reversed(_implicit_appends(flow, call.lambda_body)):
            if newline:
                _push_text(stack, "\n", node, level)
            stack.append(("node", value, level, ""))
        return True
    if call.receiver is not None and (call.method in _APPENDS or (call.method == "toString" and not call.args)):
        root = _builder_root(flow, call.receiver)
        if root is None:
            return False
        built.style = "builder" if built.style == "literal" else built.style
        pieces = _builder_pieces(flow, node, root)
        if pieces is None:
            return False
        for value, newline in reversed(pieces):
            if newline:
                _push_text(stack, "\n", node, level)
            stack.append(("node", value, level, ""))
        return True
    if call.method == "joinToString" and call.lambda_body is None:
        elements = _written_out(flow, call.receiver)
        if elements is None:
            return False
        separator = call.args[0] if call.args else None
        if separator is not None and not flow._plain_string(separator):
            return False
        built.style = "concatenation" if built.style == "literal" else built.style
        for index in range(len(elements) - 1, -1, -1):
            stack.append(("node", elements[index], level, ""))
            if index:
                if separator is not None:
                    stack.append(("node", separator, level, ""))
                else:
                    _push_text(stack, ", ", node, level)
        return True
    return False


def _implicit_appends(flow: Any, body: tree_sitter.Node) -> list[tuple[tree_sitter.Node, bool]]:
    """`append(x)` / `appendLine(x)` calls on the implicit receiver of `buildString { ... }`, in
    order (chains `append(a).append(b)` included, nested buildString calls left out)."""
    found: list[tuple[tree_sitter.Node, bool]] = []
    stack = list(reversed(body.named_children))
    while stack:
        current = stack.pop()
        if current.type == "call_expression":
            call = _Call(flow, current)
            if call.method == "buildString":
                continue
            if call.method in _APPENDS and call.args and _implicit_chain(flow, call):
                found.append((call.args[0], call.method == "appendLine"))
        stack.extend(reversed(current.named_children))
    found.sort(key=lambda entry: entry[0].start_byte)
    return found


def _implicit_chain(flow: Any, call: _Call) -> bool:
    receiver = call.receiver
    while receiver is not None:
        receiver = flow._unwrap(receiver)
        if receiver.type == "this_expression":
            return True
        if receiver.type != "call_expression":
            return False
        inner = _Call(flow, receiver)
        if inner.method not in _APPENDS:
            return False
        receiver = inner.receiver
    return True


def _builder_pieces(
    flow: Any, node: tree_sitter.Node, root: tree_sitter.Node
) -> list[tuple[tree_sitter.Node, bool]] | None:
    """What a StringBuilder holds when `node` reads it: its initial text and every append before."""
    pieces: list[tuple[tree_sitter.Node, bool]] = []
    if root.type == "call_expression":  # StringBuilder("...").append(a).append(b): the chain itself
        start = _Call(flow, root)
        if start.args and start.args[0].type != "number_literal":
            pieces.append((start.args[0], False))
        return pieces + _chained_appends(flow, node, root)
    name = flow.text(root)
    definitions = flow.definitions(name, root)
    if len(definitions) != 1:
        return None
    base, _appends, statement = definitions[0]
    start = _Call(flow, base)
    if start.args and start.args[0].type != "number_literal":
        pieces.append((start.args[0], False))
    function = flow.enclosing_function(node)
    if function is None:
        return None
    for _entry, kind, value, item in flow._function_assignments(function):
        if kind != "item" or item.start_byte <= statement.start_byte or item.end_byte > node.start_byte:
            continue
        if _chain_root_text(flow, item) != name:
            continue
        method = _Call(flow, item).method
        if method in _APPENDS:
            pieces.append((value, method == "appendLine"))
    return pieces + _chained_appends(flow, node, root)  # sb.append(x).toString()


def _chained_appends(flow: Any, node: tree_sitter.Node, root: tree_sitter.Node) -> list[tuple[tree_sitter.Node, bool]]:
    """The appends of a chain `root.append(a).append(b)...` that ends at `node`, in order."""
    links: list[tuple[tree_sitter.Node, bool]] = []
    current = node
    while current.type == "call_expression" and current != root:
        call = _Call(flow, current)
        if call.method in _APPENDS and call.args:
            links.append((call.args[0], call.method == "appendLine"))
        if call.receiver is None:
            break
        current = flow._unwrap(call.receiver)
    return list(reversed(links))


def _chain_root_text(flow: Any, node: tree_sitter.Node) -> str:
    current: tree_sitter.Node | None = node
    while current is not None and current.type == "call_expression":
        current = _Call(flow, current).receiver
    return flow.text(current) if current is not None and current.type == "identifier" else ""
