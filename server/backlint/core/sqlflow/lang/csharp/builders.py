"""C# strings built by calls: string.Format, Concat, Join, StringBuilder appends, passthroughs."""

from __future__ import annotations

import re
from typing import Any

import tree_sitter

from ...built import CONST, DYNAMIC, Part
from .constants import _BUILDER_WRITES, _COLLECTION_TYPE, _COLLECTIONS, _PASSTHROUGH
from .facts import _facts, _query
from .readers import _arguments, _callee, _chain_root, _is_builder_creation, _is_string_type
from .strings import _literal_text

_FORMAT_ITEM = re.compile(r"\{\{|\}\}|\{(\d+)(?:\s*,\s*-?\d+)?(?::[^{}]*)?\}")

_APPENDS_SOURCE = """
(invocation_expression
  function: (member_access_expression name: (identifier) @_m)
  (#any-of? @_m "Append" "AppendLine" "AppendFormat" "Insert")) @call
"""


def _push_composite(
    flow: Any, template: tree_sitter.Node, values: list[tree_sitter.Node], level: int, stack: list[Any]
) -> bool:
    """`string.Format` / `AppendFormat`: the template's text with `{0}` ... replaced by the values."""
    text = _template_text(flow, template)
    if text is None:
        return False
    if len(values) == 1 and flow._unwrap(values[0]).type in _COLLECTIONS | {"array_creation_expression"}:
        values = _elements(flow, flow._unwrap(values[0]))  # `string.Format(sql, new object[] { a, b })`
    pieces: list[Any] = []
    cursor = 0
    for match in _FORMAT_ITEM.finditer(text):
        pieces.append(("text", text[cursor : match.start()], '"'))
        cursor = match.end()
        if match.group(1) is None:
            pieces.append(("text", match.group(0)[0], '"'))
            continue
        index = int(match.group(1))
        pieces.append(("node", values[index], "") if index < len(values) else ("dyn", None, ""))
    pieces.append(("text", text[cursor:], '"'))
    flow._push_pieces(pieces, flow._unwrap(template), level, stack)
    return True


def _template_text(flow: Any, node: tree_sitter.Node) -> str | None:
    """A format template: a literal here, or a local or constant field holding one."""
    node = flow._unwrap(node)
    text = _literal_text(flow, node)
    if text is not None:
        return text
    if node.type == "identifier":
        name = flow.text(node)
        definitions = flow.definitions(name, node)
        if len(definitions) == 1 and not definitions[0][1]:
            return _literal_text(flow, definitions[0][0])
        if not definitions:
            value = _facts(flow).constants.get(name)
            return _literal_text(flow, value) if value is not None else None
    return None


def _elements(flow: Any, node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The elements written out in a collection expression (`new[] { a, b }`, `[a, b]`, `new List<string> { a }`)."""
    node = flow._unwrap(node)
    if node.type in ("object_creation_expression", "array_creation_expression", "implicit_array_creation_expression"):
        initializer = node.child_by_field_name("initializer") or next(
            (c for c in node.named_children if c.type == "initializer_expression"), None
        )
        copied = [
            a for a in _arguments(node.child_by_field_name("arguments")) if flow._unwrap(a).type != "integer_literal"
        ]
        if copied:
            return [node]  # `new List<string>(names)`: another collection's elements, not written out
        return _elements(flow, initializer) if initializer is not None else []
    if node.type == "collection_expression":
        out = []
        for element in node.named_children:
            inner = element.named_children[0] if element.named_children else element
            if inner.type == "spread_element":
                return [node]  # `[.. other]`: not written out
            out.append(
                inner.named_children[0] if inner.type == "expression_element" and inner.named_children else inner
            )
        return out
    if node.type == "initializer_expression":
        return [c for c in node.named_children if c.type != "comment"]
    return [node]


def _builder_writes(
    flow: Any, name: str, after: int, before: tree_sitter.Node
) -> list[tuple[str, list[tree_sitter.Node]]]:
    """(method, arguments) of each StringBuilder write to local `name` between its creation and
    `before`, in the order of the text (chained appends included)."""
    function = flow.enclosing_function(before)
    if function is None:
        return []
    cursor = tree_sitter.QueryCursor(_query("appends", _APPENDS_SOURCE))
    cursor.set_byte_range(after, before.start_byte)
    writes = []
    for _index, caps in cursor.matches(function):
        call = caps["call"][0]
        if call.start_byte < after or call.end_byte > before.start_byte:
            continue
        root = _chain_root(flow, call)
        if root is None or root.type != "identifier" or flow.text(root) != name:
            continue
        arguments = call.child_by_field_name("arguments")
        position = arguments.start_byte if arguments is not None else call.end_byte
        writes.append((position, _callee(flow, call)[2], _arguments(arguments)))
    writes.sort(key=lambda write: write[0])
    return [(method, args) for _position, method, args in writes]


def _push_write(flow: Any, method: str, args: list[tree_sitter.Node], level: int, stack: list[Any]) -> None:
    """Push one StringBuilder write (the stack is read last-in first-out: push in reverse)."""
    if method == "AppendLine":
        stack.append(("part", Part("\n", None, CONST, quote='"'), level, ""))
    if method == "AppendFormat" and args:
        fmt = 1 if len(args) > 1 and _template_text(flow, args[0]) is None else 0
        if _push_composite(flow, args[fmt], args[fmt + 1 :], level, stack):
            return
    if method == "Insert" and len(args) == 2:
        stack.append(("node", args[1], level, ""))  # where it lands is unknown; what it holds is not
        return
    if len(args) == 1:
        stack.append(("node", args[0], level, ""))
    elif args:
        stack.append(("part", Part(None, None, DYNAMIC), level, ""))  # Append(char, count), Append(s, start, n)


def _push_builder(
    flow: Any, receiver: tree_sitter.Node, sink: tree_sitter.Node, level: int, built: Any, stack: list[Any]
) -> bool:
    """`sb.ToString()`: the StringBuilder's initial text and every write to it before the call."""
    receiver = flow._unwrap(receiver)
    if receiver.type == "invocation_expression":
        root = _chain_root(flow, receiver)
        if root is None or not _is_builder_creation(flow, root):
            return False
        stack.append(("node", receiver, level, ""))  # an inline chain: expand_call reads each append
        built.style = "builder" if built.style == "literal" else built.style
        return True
    if receiver.type != "identifier":
        return False
    definitions = flow.definitions(flow.text(receiver), sink)
    if not definitions or not _is_builder_creation(flow, definitions[0][0]):
        return False
    base, _appends, statement = definitions[0]
    writes = _builder_writes(flow, flow.text(receiver), statement.end_byte, sink)
    built.style = "builder" if built.style == "literal" else built.style
    built.origins.append(statement)
    for method, args in reversed(writes):
        _push_write(flow, method, args, level, stack)
    creation = flow._unwrap(base)
    initial = _arguments(creation.child_by_field_name("arguments"))
    if initial and flow._stringish(initial[0]):
        stack.append(("node", initial[0], level, ""))
    return True


def _joined(flow: Any, args: list[tree_sitter.Node], call: tree_sitter.Node) -> list[tree_sitter.Node] | None:
    """The values of `string.Join(sep, a, b, c)` or `string.Join(sep, new[] { a, b })`, written out;
    or those a local list was given before the call (`parts.Add($"DELETE FROM \"{table}\";")`), so
    each piece is read where it sits in the statement it builds."""
    if len(args) > 2:
        return args[1:]
    if len(args) == 2:
        collection = flow._unwrap(args[1])
        if collection.type in _COLLECTIONS or (
            collection.type == "object_creation_expression"
            and _COLLECTION_TYPE.search(flow.field_text(collection, "type"))
        ):
            elements = _elements(flow, collection)
            if elements != [collection]:
                return elements
        if collection.type == "identifier":
            items = flow.list_items(flow.text(collection), call)
            if items:
                return list(items)
    return None


def _expand_call(flow: Any, node: tree_sitter.Node, level: int, built: Any, stack: list[Any]) -> bool:
    receiver, owner, method = _callee(flow, node)
    args = _arguments(node.child_by_field_name("arguments"))
    static_string = _is_string_type(owner) or owner == "System.String"
    if static_string and method == "Format" and args:
        fmt = 1 if len(args) > 1 and _template_text(flow, args[0]) is None else 0  # (IFormatProvider, format, ...)
        if _push_composite(flow, args[fmt], args[fmt + 1 :], level, stack):
            built.style = "string.Format" if built.style == "literal" else built.style
            return True
        return False
    if static_string and method == "Concat" and args:
        values = args if len(args) > 1 else _elements(flow, args[0])
        if len(values) == 1 and values[0] == args[0]:
            return False  # `string.Concat(parts)`: a collection not written out
        built.style = "concatenation" if built.style == "literal" else built.style
        for value in reversed(values):
            stack.append(("node", value, level, ""))
        return True
    if static_string and method == "Join":
        joined = _joined(flow, args, node)
        separator = _literal_text(flow, args[0]) if args else None
        if joined is None or separator is None:
            return False
        built.style = "concatenation" if built.style == "literal" else built.style
        for index in range(len(joined) - 1, -1, -1):
            stack.append(("node", joined[index], level, ""))
            if index and separator:
                stack.append(("part", Part(separator, args[0], CONST, quote='"'), level, ""))
        return True
    if (
        owner in ("FormattableString", "System.FormattableString")
        and method in ("Invariant", "CurrentCulture")
        and args
    ):
        stack.append(("node", args[-1], level, ""))
        return True
    if receiver is None:
        return False
    if method == "ToString" and _push_builder(flow, receiver, node, level, built, stack):
        return True
    if method in _BUILDER_WRITES:
        root = _chain_root(flow, node)
        if root is not None and _is_builder_creation(flow, root):
            # `new StringBuilder("...").Append(a).Append(b)`: the receiver first, then this write
            built.style = "builder" if built.style == "literal" else built.style
            _push_write(flow, method, args, level, stack)
            if _is_builder_creation(flow, receiver):
                initial = _arguments(flow._unwrap(receiver).child_by_field_name("arguments"))
                if initial and flow._stringish(initial[0]):
                    stack.append(("node", initial[0], level, ""))  # not `new StringBuilder(capacity)`
            else:
                stack.append(("node", receiver, level, ""))
            return True
        return False
    if method in _PASSTHROUGH:
        # `id.ToString()`, `(a + b).Trim()`, `sb.ToString().TrimEnd(',')`: the receiver's text
        stack.append(("node", receiver, level, ""))
        return True
    return False


class _Scratch:
    """A throwaway built string for a dry run of `_expand_call`."""

    def __init__(self) -> None:
        self.style = "literal"
        self.origins: list[tree_sitter.Node] = []


def _expands(flow: Any, node: tree_sitter.Node) -> bool:
    """Whether `_expand_call` reads this call as a string built in place (a dry run)."""
    return _expand_call(flow, node, 0, _Scratch(), [])
