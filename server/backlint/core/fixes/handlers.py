"""What the `log-and-reraise` fixers share: the document's text (line ending, indentation), finding
the handler, and writing a new handler body in the file's own style.

A rewritten handler keeps the comments on lines of their own and, for the languages added later
(PHP, C#, Ruby, Kotlin), the statements that do work of their own (`DB::rollBack();`,
`order.fail!`): `kept_statements` drops only what made the handler swallow the error (a fallback
value, `return`, `next`, a debug print) and gives up on anything whose effect on control flow it
cannot see (a nested `if`, a loop, a `return` inside another statement).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import tree_sitter

from ..model import Span
from ..nodes import node_bytes


class Text:
    """The analysed document: bytes, line ending and indentation helpers."""

    def __init__(self, data: bytes):
        self.data = data
        self.eol = "\r\n" if b"\r\n" in data else ("\r" if b"\r" in data and b"\n" not in data else "\n")

    def line_start(self, offset: int) -> int:
        return max(self.data.rfind(b"\n", 0, offset), self.data.rfind(b"\r", 0, offset)) + 1

    def indent_of(self, offset: int) -> str:
        """Leading whitespace of the line holding `offset`."""
        start = self.line_start(offset)
        end = start
        while end < len(self.data) and self.data[end : end + 1] in (b" ", b"\t"):
            end += 1
        return self.data[start:end].decode()

    def starts_line(self, node: tree_sitter.Node) -> bool:
        return not self.data[self.line_start(node.start_byte) : node.start_byte].strip()


def node_at(root: tree_sitter.Node, span: Span, types: tuple[str, ...]) -> tree_sitter.Node | None:
    node = root.descendant_for_byte_range(span.start_byte, span.end_byte)
    while node is not None and node.type not in types:
        node = node.parent
    return node


def indent_unit(text: Text, outer: tree_sitter.Node | None, inner: tree_sitter.Node | None, default: str) -> str:
    """The file's indentation step, read from a nested statement under its parent; else `default`."""
    if outer is not None and inner is not None:
        outside, inside = text.indent_of(outer.start_byte), text.indent_of(inner.start_byte)
        if inside.startswith(outside) and len(inside) > len(outside):
            return inside[len(outside) :]
    return default


def own_line_comments(text: Text, block: tree_sitter.Node) -> list[str]:
    """Comments on lines of their own inside a block (Go keeps them in a statement_list)."""
    children = list(block.named_children)
    for child in block.named_children:
        if child.type == "statement_list":
            children.extend(child.named_children)
    children.sort(key=lambda node: node.start_byte)
    return [
        node_bytes(child).decode() for child in children if child.type.endswith("comment") and text.starts_line(child)
    ]


def braced_block(text: Text, base: str, unit: str, comments: list[str], statements: list[str]) -> str:
    lines = [base + unit + line for line in comments + statements]
    return "{" + text.eol + text.eol.join(lines) + text.eol + base + "}"


def enclosing(node: tree_sitter.Node, types: tuple[str, ...], stop: tuple[str, ...] = ()) -> tree_sitter.Node | None:
    current = node.parent
    while current is not None:
        if current.type in types:
            return current
        if current.type in stop:
            return None
        current = current.parent
    return None


def fresh_name(scope_text: str, candidates: tuple[str, ...]) -> str | None:
    """The first candidate name not already used in the scope's text."""
    return next((n for n in candidates if not re.search(r"(?<![\w$@])" + re.escape(n) + r"\b", scope_text)), None)


def kept_statements(
    statements: list[tree_sitter.Node],
    drop: Callable[[tree_sitter.Node, bool], bool],
    keep: Callable[[tree_sitter.Node], bool],
) -> list[str] | None:
    """The statements a rewritten handler keeps, in order: each is dropped when `drop(node, last)`
    says so, kept when `keep(node)` does, and anything else means no fix (None)."""
    out = []
    for index, statement in enumerate(statements):
        if statement.type.endswith("comment"):
            continue
        if drop(statement, index == len(statements) - 1):
            continue
        if not keep(statement):
            return None
        out.append(node_bytes(statement).decode())
    return out


def contains(node: tree_sitter.Node, types: tuple[str, ...], inside: tuple[str, ...] = ()) -> bool:
    """A node of one of `types` under `node`, not looking into nodes of the `inside` types
    (functions and lambdas, whose `return` is their own)."""
    stack = list(node.children)
    while stack:
        current = stack.pop()
        if current.type in types:
            return True
        if current.type not in inside:
            stack.extend(current.children)
    return False
