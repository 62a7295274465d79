"""A Kotlin call's parts, and the values an expression, a block or a lambda can yield."""

from __future__ import annotations

from typing import Any

import tree_sitter

from .constants import _COMMENTS

# --- calls ---------------------------------------------------------------------------------------


class _Call:
    """A call's parts (this grammar names none of them): what is called, on what, with which
    arguments and trailing lambda. `f(a) { ... }` is two nested call nodes; they are read as one."""

    def __init__(self, flow: Any, node: tree_sitter.Node) -> None:
        named = [c for c in node.named_children if c.type not in _COMMENTS]
        callee = named[0] if named else None
        rest = named[1:]
        lam = next((c for c in rest if c.type == "annotated_lambda"), None)
        arguments = next((c for c in rest if c.type == "value_arguments"), None)
        if callee is not None and callee.type == "call_expression" and arguments is None and lam is not None:
            inner = [c for c in callee.named_children if c.type not in _COMMENTS]
            callee = inner[0] if inner else None
            arguments = next((c for c in inner[1:] if c.type == "value_arguments"), None)
        self.callee = callee
        self.args: list[tree_sitter.Node] = []
        self.names: list[str] = []  # the argument's name, "" when positional
        for argument in arguments.named_children if arguments is not None else []:
            if argument.type != "value_argument" or not argument.named_children:
                continue
            parts = [c for c in argument.named_children if c.type not in _COMMENTS]
            self.args.append(parts[-1])
            named_argument = len(parts) > 1 and any(not c.is_named and c.type == "=" for c in argument.children)
            self.names.append(flow.text(parts[0]) if named_argument else "")
        self.lambda_body = None
        if lam is not None:
            self.lambda_body = next((c for c in lam.named_children if c.type == "lambda_literal"), None)
        self.receiver: tree_sitter.Node | None = None
        self.method = ""
        if callee is not None and callee.type == "navigation_expression":
            parts = [c for c in callee.named_children if c.type not in _COMMENTS]
            if len(parts) == 2 and parts[1].type == "identifier":
                self.receiver, self.method = parts[0], flow.text(parts[1])
        elif callee is not None and callee.type == "identifier":
            self.method = flow.text(callee)
        self.receiver_text = flow.text(self.receiver) if self.receiver is not None else ""


def _lambda_results(body: tree_sitter.Node | None) -> list[tree_sitter.Node]:
    """What a lambda (or a block) yields: its last expression, through nested `if` / `when`."""
    if body is None:
        return []
    statements = [c for c in body.named_children if c.type not in _COMMENTS and c.type != "lambda_parameters"]
    if not statements:
        return []
    return _values_of(statements[-1])


def _values_of(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The values an expression can yield: both branches of `if`, every `when` entry, the last
    expression of a block. A branch that throws or returns yields nothing."""
    out: list[tree_sitter.Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        while current.type == "parenthesized_expression" and current.named_children:
            current = current.named_children[0]
        if current.type in ("throw_expression", "return_expression"):
            continue
        if current.type in ("block", "lambda_literal"):
            statements = [c for c in current.named_children if c.type not in _COMMENTS]
            if statements:
                stack.append(statements[-1])
            continue
        if current.type == "if_expression":
            condition = current.child_by_field_name("condition")
            stack.extend(c for c in current.named_children if c != condition and c.type not in _COMMENTS)
            continue
        if current.type == "when_expression":
            for entry in current.named_children:
                if entry.type != "when_entry":
                    continue
                bodies = [
                    c
                    for i, c in enumerate(entry.children)
                    if c.is_named and entry.field_name_for_child(i) != "condition" and c.type not in _COMMENTS
                ]
                if bodies:
                    stack.append(bodies[-1])
            continue
        out.append(current)
    return out
