"""Judging values in Rust's own shapes (calls, casts, paths, branches, macros, collections); the classify hook."""

from __future__ import annotations

import re
from typing import Any

import tree_sitter

from ...built import CONST, DYNAMIC, NUMERIC, SAFE, worst
from .constants import (
    _COMBINING,
    _COMMENTS,
    _CONST_NAME,
    _CONVERSIONS,
    _EMPTY,
    _ENV_CALLS,
    _FORMATS,
    _INPUT_ACCESSOR,
    _LITERAL_MACROS,
    _LITERALS,
    _NUMBER_TYPES,
    _NUMBERED_PLACEHOLDER,
    _NUMERIC_CALLS,
    _PASSTHROUGH,
    _SAFE_CALLS,
    _STRINGS,
    _VALUE_MACROS,
)
from .macros import _groups, _macro_name, _parsed, _strip_reference
from .strings import _Captured, _format_pieces, _literal_bounds, _Pieces


def _call_parts(flow: Any, node: tree_sitter.Node) -> tuple[str, tree_sitter.Node | None, str, list[tree_sitter.Node]]:
    """(callee text, receiver, method or function name, arguments) of a call."""
    function = node.child_by_field_name("function")
    if function is not None and function.type == "generic_function":
        function = function.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    args = [c for c in (arguments.named_children if arguments is not None else []) if c.type not in _COMMENTS]
    if function is None:
        return "", None, "", args
    if function.type == "field_expression":
        receiver = function.child_by_field_name("value")
        return flow.text(function), receiver, flow.field_text(function, "field"), args
    text = flow.text(function)
    return text, None, text, args


# --- judging values --------------------------------------------------------------------------------


class _Judge:
    """The kind of a value in Rust's own shapes. Nodes of the file's tree go back to the flow for
    their names; nodes of a re-parsed macro argument (`parsed`) have their names read at the file's
    tokens at the same offsets. `numeric` names are known numbers (a closure's index)."""

    def __init__(self, flow: Any, level: int, numeric: frozenset[str] = frozenset()) -> None:
        self.flow = flow
        self.level = level
        self.numeric = numeric

    def sub(self, node: tree_sitter.Node) -> str:
        return _Judge(self.flow, self.level + 1, self.numeric).kind(node)

    def kind(self, node: tree_sitter.Node) -> str:
        flow = self.flow
        if self.level > flow.MAX_NESTING:
            return DYNAMIC
        while node.type in ("parenthesized_expression", "reference_expression", "try_expression", "await_expression"):
            inner = [c for c in node.named_children if c.type not in _COMMENTS and c.type != "mutable_specifier"]
            if not inner:
                return DYNAMIC
            node = inner[0]
        if node.type in ("identifier", "self"):
            name = flow.text(node)
            if name in self.numeric:
                return NUMERIC
            original = _file_token(flow, node)
            if original is None:
                return DYNAMIC
            return str(flow.classify(original, self.level + 1)[0])
        if node.type in _STRINGS:
            return CONST if _literal_bounds(node) is not None else DYNAMIC
        if node.type == "binary_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            kinds = [self.sub(c) for c in (left, right) if c is not None]
            operator = node.child_by_field_name("operator")
            if (
                operator is not None
                and flow.text(operator) == "+"
                and any(c is not None and c.type in _STRINGS for c in (left, right))
            ):
                return worst(*kinds)
            return CONST if all(k == CONST for k in kinds) else NUMERIC
        if node.type == "macro_invocation" and _macro_name(flow, node) in _FORMATS:
            read = _format_pieces(flow, node)
            return self.format_kind(read[1]) if read is not None else DYNAMIC
        decided = self.decide(node)
        return decided if decided is not None else DYNAMIC

    def format_kind(self, pieces: _Pieces) -> str:
        """The worst hole of a format string; a number right after a placeholder prefix (`${}`) is
        the placeholder's number."""
        kinds = []
        before = ""
        for piece in pieces:
            if isinstance(piece, str):
                before += piece
                continue
            value, parsed, spec = piece
            if value is not None:
                judged = NUMERIC if value.type == "identifier" and self.flow.text(value) in self.numeric else None
                judged = judged or (self.kind(value) if not isinstance(value, _Captured) else self._captured(value))
            elif parsed is not None:
                judged = self.kind(parsed)
            else:
                judged = DYNAMIC
            if judged == DYNAMIC and spec and spec[-1] in "xXobeE":
                judged = NUMERIC
            if judged in (NUMERIC, CONST) and _NUMBERED_PLACEHOLDER.search(before):
                judged = SAFE
            kinds.append(judged)
            before = ""
        return worst(*kinds)

    def _captured(self, proxy: _Captured) -> str:
        name = proxy.text.decode()
        if name in self.numeric:
            return NUMERIC
        return str(self.flow.classify(proxy, self.level + 1)[0])

    def decide(self, node: tree_sitter.Node) -> str | None:
        """The kind of a value in a shape the shared rules do not read; None for those they do."""
        flow = self.flow
        typ = node.type
        if typ in _LITERALS or typ in ("scoped_identifier", "range_expression", "unit_expression"):
            # A path is a constant, a static, an enum variant or a function: the code decides it.
            return CONST if typ != "range_expression" else NUMERIC
        if typ == "field_expression":
            field = flow.field_text(node, "field")
            if _CONST_NAME.match(field):
                return CONST
            value = node.child_by_field_name("value")
            base = _file_token(flow, value) if value is not None else None
            if base is not None and base.type == "identifier" and not flow.definitions(flow.text(base), base):
                # `interval.0` of a tuple parameter: as constant as what every caller passes
                return flow.fed_by_callers(flow.text(base), base, self.level) or DYNAMIC
            return DYNAMIC
        if typ == "type_cast_expression":
            value = node.child_by_field_name("value")
            kind = self.sub(value) if value is not None else DYNAMIC
            if _NUMBER_TYPES.match(flow.field_text(node, "type")):
                return CONST if kind == CONST else NUMERIC
            return kind
        if typ == "unary_expression":
            inner = [c for c in node.named_children if c.type not in _COMMENTS]
            kind = self.sub(inner[0]) if inner else DYNAMIC
            if flow.text(node).startswith("*"):
                return kind
            return CONST if kind == CONST else NUMERIC  # `-n`, `!flag`
        if typ in ("if_expression", "match_expression", "block"):
            values = _values_of(node)
            return worst(*(self.sub(v) for v in values)) if values else DYNAMIC
        if typ in ("array_expression", "tuple_expression"):
            elements = [c for c in node.named_children if c.type not in _COMMENTS]
            if typ == "array_expression" and any(c.type == ";" for c in node.children):
                elements = elements[:1]  # `[x; n]`
            return worst(*(self.sub(e) for e in elements))
        if typ == "macro_invocation":
            return self.macro_kind(node)
        if typ == "call_expression":
            return self.call_kind(node)
        if typ == "index_expression":
            container = node.named_children[0] if node.named_children else None
            if container is not None and container.type in ("identifier", "scoped_identifier"):
                name = flow.text(container).rsplit("::", 1)[-1]
                if _CONST_NAME.match(name):
                    return CONST  # a lookup in a constant table
            return DYNAMIC
        if typ in ("closure_expression", "struct_expression", "self"):
            return DYNAMIC
        return None

    def macro_kind(self, node: tree_sitter.Node) -> str:
        flow = self.flow
        name = _macro_name(flow, node)
        if name in ("include_str", "env", "option_env", "stringify"):
            return CONST if name != "env" and name != "option_env" else SAFE
        tree = next((c for c in node.children if c.type == "token_tree"), None)
        if tree is None:
            return DYNAMIC
        if name in _LITERAL_MACROS:
            return CONST
        if name in _VALUE_MACROS:
            groups = _groups(tree)
            kinds = []
            for group in groups:
                value = _strip_reference(group)
                if len(value) == 1:
                    kinds.append(self.sub(value[0]))
                    continue
                parsed = _parsed(flow, [value])
                kinds.append(self.sub(parsed[0]) if parsed else DYNAMIC)
            return worst(*kinds)
        return DYNAMIC

    def call_kind(self, node: tree_sitter.Node) -> str:
        flow = self.flow
        callee, receiver, method, args = _call_parts(flow, node)
        if receiver is not None:
            if method == "join":
                return self.collection_kind(receiver)
            if method == "repeat" and receiver.type in _STRINGS:
                return CONST  # `"?, ".repeat(n)`
            if method == "parse" and re.search(r"::<\s*(?:[iu](?:8|16|32|64|128|size)|f32|f64)\s*>", flow.text(node)):
                return NUMERIC
            if method == "get" and _CONST_NAME.match(flow.text(receiver).rsplit("::", 1)[-1]):
                return CONST  # a lookup in a constant table
        if _SAFE_CALLS.search(callee) or _ENV_CALLS.match(callee):
            return SAFE
        if _NUMERIC_CALLS.search(callee):
            return NUMERIC
        if receiver is not None and method in _PASSTHROUGH:
            return self.sub(receiver)
        if receiver is not None and method in _COMBINING:
            return worst(self.sub(receiver), *(self.sub(a) for a in args if a.type != "closure_expression"))
        if _CONVERSIONS.match(callee):
            return worst(*(self.sub(a) for a in args))
        if _EMPTY.match(callee):
            return CONST
        literal = bool(args) and all(a.type in _LITERALS or a.type in _STRINGS for a in args)
        if receiver is None and literal and not _INPUT_ACCESSOR.search(method.rsplit("::", 1)[-1]):
            return CONST  # `table_name("orders")`: the code decides the text
        return DYNAMIC

    def collection_kind(self, node: tree_sitter.Node) -> str:
        """The worst element a collection can hold: a vector filled here, an array, a mapped range."""
        flow = self.flow
        while node.type in ("parenthesized_expression", "reference_expression") and node.named_children:
            node = next(c for c in node.named_children if c.type != "mutable_specifier")
        if node.type == "call_expression":
            mapped = self.mapped_kind(node)
            if mapped is not None:
                return mapped
        if node.type in ("identifier", "self"):
            original = _file_token(flow, node)
            if original is None:
                return DYNAMIC
            name = flow.text(original)
            definitions = flow.definitions(name, original)
            if len(definitions) == 1 and not definitions[0][1] and definitions[0][0].type == "call_expression":
                mapped = _Judge(flow, self.level + 1, self.numeric).mapped_kind(definitions[0][0])
                if mapped is not None:
                    return mapped
            items = flow.list_items(name, original)
            if items is None:
                return str(flow.classify(original, self.level + 1)[0])
            return worst(*(self.sub(i) for i in items))
        return self.sub(node)

    def mapped_kind(self, node: tree_sitter.Node) -> str | None:
        """`(1..=n).map(|i| format!("${i}")).collect()`, `cols.iter().enumerate().map(...)`: what the
        closure yields, its index a number; None when `node` maps nothing."""
        flow = self.flow
        current: tree_sitter.Node | None = node
        closure = None
        while current is not None and current.type == "call_expression":
            _callee, receiver, method, args = _call_parts(flow, current)
            if method in ("map", "flat_map", "filter_map") and args and args[0].type == "closure_expression":
                closure = args[0]
                current = receiver
                break
            current = receiver
        if closure is None or current is None:
            return None
        source = current
        enumerated = False
        while source.type == "call_expression":
            _callee, receiver, method, _args = _call_parts(flow, source)
            enumerated = enumerated or method == "enumerate"
            if receiver is None:
                break
            source = receiver
        while source.type == "parenthesized_expression" and source.named_children:
            source = source.named_children[0]
        parameters = closure.child_by_field_name("parameters")
        names = [flow.text(c) for c in (parameters.named_children if parameters is not None else [])]
        numeric = set(self.numeric)
        if parameters is not None and parameters.named_children:
            first = parameters.named_children[0]
            if enumerated and first.type == "tuple_pattern" and first.named_children:
                numeric.add(flow.text(first.named_children[0]))
            elif source.type == "range_expression" and first.type == "identifier":
                numeric.add(flow.text(first))
        body = closure.child_by_field_name("body")
        if body is None:
            return DYNAMIC
        values = _values_of(body)
        judge = _Judge(flow, self.level + 1, frozenset(numeric))
        kinds = []
        for value in values:
            if value.type == "identifier" and flow.text(value) in names and flow.text(value) not in numeric:
                kinds.append(self.collection_kind(current))  # an element itself
            else:
                kinds.append(judge.kind(value))
        return worst(*kinds) if kinds else CONST


_DIVERGING = frozenset({b"panic", b"unreachable", b"bail", b"todo", b"unimplemented"})


def _values_of(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """What an expression can yield: each branch of `if` / `match`, a block's tail expression. A
    branch that returns, breaks or panics yields nothing."""
    out: list[tree_sitter.Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in ("return_expression", "break_expression", "continue_expression"):
            continue
        macro = current.child_by_field_name("macro") if current.type == "macro_invocation" else None
        if macro is not None and (macro.text or b"").rsplit(b"::", 1)[-1] in _DIVERGING:
            continue
        if current.type in ("block", "unsafe_block"):
            statements = [c for c in current.named_children if c.type not in _COMMENTS]
            last = statements[-1] if statements else None
            if last is not None and last.type == "expression_statement":
                # `if` / `match` ending a block without `;` is its value
                inner = last.named_children
                if inner and inner[0].type in ("if_expression", "match_expression") and last.children[-1].type != ";":
                    stack.append(inner[0])
            elif last is not None and not last.type.endswith(("_declaration", "_item")):
                stack.append(last)  # the tail expression
            continue
        if current.type == "if_expression":
            for field in ("consequence", "alternative"):
                branch = current.child_by_field_name(field)
                if branch is not None:
                    stack.append(branch)
            continue
        if current.type == "else_clause":
            stack.extend(c for c in current.named_children if c.type not in _COMMENTS)
            continue
        if current.type == "match_expression":
            body = current.child_by_field_name("body")
            for arm in body.named_children if body is not None else []:
                value = arm.child_by_field_name("value") if arm.type == "match_arm" else None
                if value is not None:
                    stack.append(value)
            continue
        out.append(current)
    return out


def _file_token(flow: Any, node: Any) -> Any:
    """The node of the file's own tree at `node`'s place: itself, a stand-in for a captured name, or
    for a re-parsed argument the token of the macro's token tree at the same offsets."""
    if isinstance(node, _Captured):
        return node
    root = flow.file.tree.root_node
    found = root.descendant_for_byte_range(node.start_byte, node.end_byte)
    if (
        found is None
        or found.start_byte != node.start_byte
        or found.end_byte != node.end_byte
        or found.type != node.type
    ):
        return None
    return found


def _classify(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    if isinstance(node, _Captured) or node.type in ("identifier", "binary_expression", "parenthesized_expression"):
        return None
    if node.type in _STRINGS:
        return None
    if node.type in _LITERALS:
        return CONST, flow.text(node)
    if node.type == "macro_invocation" and _macro_name(flow, node) in _FORMATS | _LITERAL_MACROS:
        built = flow._flatten(node, level + 1)
        return built.kind, (built.sql_text() if built.kind == CONST else None)
    decided = _Judge(flow, level).decide(node)
    return (decided, None) if decided is not None else None
