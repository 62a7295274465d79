"""Reading one file's expressions: a node's text, the function around it, and string literals.

The first of QueryFlow's layers: literals (here) -> scope -> flatten -> classify.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import tree_sitter

from .profile import Piece
from .profiles import _PROFILES


class SourceFile(Protocol):
    """What the flow reads of the file under analysis (checks.base.FileContext is one; a Protocol
    keeps sqlflow from importing the checks package, which imports sqlflow)."""

    language: str
    data: bytes
    tree: tree_sitter.Tree
    cache: dict[str, Any]

    def text(self, node: tree_sitter.Node) -> str: ...


# A piece of a string literal: ("text", the literal text, its opening quote) or ("hole", the
# interpolated expression, its format spec).

# The receiver and method name fields of a callee that is a member: `obj.method`, `pkg.Func`.
_MEMBER_FIELDS = {
    "attribute": ("object", "attribute"),
    "member_expression": ("object", "property"),
    "selector_expression": ("operand", "field"),
}


class LiteralReader:
    """The text of nodes in one file, and what its string literals hold."""

    def __init__(self, file: SourceFile) -> None:
        self.file = file
        self.language = file.language
        self.profile = _PROFILES[file.language]

    # --- text helpers -------------------------------------------------------------------------

    def text(self, node: tree_sitter.Node) -> str:
        return self.file.text(node)

    def field_text(self, node: tree_sitter.Node, field: str) -> str:
        """The text of `node`'s child in `field` ("" in the rare tree where the grammar left it out)."""
        child = node.child_by_field_name(field)
        return self.text(child) if child is not None else ""

    def call_parts(
        self, node: tree_sitter.Node, function: tree_sitter.Node | None
    ) -> tuple[str, str, tree_sitter.Node | None]:
        """(callee text, method name, receiver) of a call whose callee is `function`: `fmt.Sprintf`,
        `Sprintf`, `fmt`; for a plain function `format` it is ("format", "", None). A grammar whose call
        holds its receiver and method name itself (the profile's `method_fields`) has no function."""
        if self.profile.method_fields is not None:
            receiver_field, name_field = self.profile.method_fields
            receiver = node.child_by_field_name(receiver_field)
            method = self.field_text(node, name_field)
            return (self.text(receiver) + "." if receiver is not None else "") + method, method, receiver
        if function is None:
            return "", "", None
        fields = _MEMBER_FIELDS.get(function.type)
        if fields is None:
            return self.text(function), "", None
        return self.text(function), self.field_text(function, fields[1]), function.child_by_field_name(fields[0])

    def enclosing_function(self, node: tree_sitter.Node) -> tree_sitter.Node | None:
        current = node.parent
        while current is not None:
            if current.type in self.profile.functions:
                return current
            current = current.parent
        return None

    def _unwrap(self, node: tree_sitter.Node) -> tree_sitter.Node:
        while node.type in (
            self.profile.paren,
            "as_expression",
            "non_null_expression",
            "satisfies_expression",
            "type_assertion",
            "await_expression",
            "cast_expression",
            "reference_expression",  # Rust `&sql`, `&mut sql`
        ):
            inner = [
                c
                for c in node.named_children
                if c.type not in ("type_identifier", "type_annotation", "predefined_type", "generic_type", "comment")
                and c.type != "mutable_specifier"  # Rust `&mut sql`
            ]
            if not inner:
                break
            node = inner[0] if node.type != "cast_expression" else node.child_by_field_name("value") or inner[-1]
        return node

    # --- string literals ----------------------------------------------------------------------

    def _string_pieces(self, node: tree_sitter.Node) -> list[Piece] | None:
        """Literal pieces of a string node: ("text", raw, quote) and ("hole", expr, spec) tuples, or
        None for byte strings and other literals we do not read."""
        if self.profile.string_pieces is not None:
            return self.profile.string_pieces(self, node)
        if node.type == "template_string":
            pieces: list[Piece] = []
            for child in node.named_children:
                if child.type in ("string_fragment", "escape_sequence"):
                    pieces.append(("text", self.text(child), "`"))
                elif child.type == "template_substitution":
                    inner = [c for c in child.named_children if c.type != "comment"]
                    if not inner:
                        return None
                    pieces.append(("hole", inner[0], ""))
            # Raw text between fragments (e.g. whitespace-only fragments are always nodes) is contiguous.
            return pieces
        if node.type in ("string", "string_literal", "text_block", "interpreted_string_literal", "raw_string_literal"):
            return [("text", self._literal_text(node), self._quote_of(node))]
        return None

    def _quote_of(self, node: tree_sitter.Node) -> str:
        if node is None:
            return ""
        if self.profile.quote_of is not None:
            quote = self.profile.quote_of(self, node)
            if quote is not None:
                return quote
        if node.type == "text_block":
            return '"""'
        raw = self.text(node)
        return raw[:3] if raw.startswith('"""') else raw[:1]

    def _literal_text(self, node: tree_sitter.Node) -> str:
        """Raw source text inside the delimiters of a plain (non-interpolating) literal."""
        if self.profile.literal_text is not None:
            text = self.profile.literal_text(self, node)
            if text is not None:
                return text
        raw = self.text(node)
        quote = self._quote_of(node)
        if len(raw) >= 2 * len(quote):
            return raw[len(quote) : len(raw) - len(quote)]
        return ""

    def _plain_string(self, node: tree_sitter.Node) -> bool:
        node = self._unwrap(node)
        if node.type not in self.profile.strings:
            return False
        pieces = self._string_pieces(node)
        return pieces is not None and all(p[0] == "text" for p in pieces)

    def _stringish(self, node: tree_sitter.Node) -> bool:
        """Whether `node` evaluates to a string we can read (iterative over `+` / `%` chains)."""
        stack = [node]
        while stack:
            current = self._unwrap(stack.pop())
            if current.type in self.profile.strings or current.type == self.profile.identifier:
                return True  # `a + b` of two names: let the SQL test decide whether it is a query
            if current.type == self.profile.binary:
                operator = current.child_by_field_name("operator")
                if operator is not None and self.text(operator) in (*self.profile.concat_operators, "%"):
                    # right operand first: chains nest to the left, so their leaves sit on the right
                    stack.extend(
                        c
                        for c in (current.child_by_field_name("left"), current.child_by_field_name("right"))
                        if c is not None
                    )
                continue
            if current.type == self.profile.call:
                text = self.text(current)
                if (
                    text.startswith(("fmt.Sprintf", "String.format", "MessageFormat.format", "str(", "String("))
                    or ".format(" in text
                    or ".join(" in text
                ):
                    return True
        return False

    def optional_fragment(self, node: tree_sitter.Node) -> tree_sitter.Node | None:
        """The fragment of `cond ? ' WHERE ' + x : ''` (or Python's `x if cond else ""`): a clause
        present or absent. The query is judged as if it were present; None for any other node."""
        node = self._unwrap(node)
        if node.type == "ternary_expression":
            branches = node.named_children[1:]
        elif node.type == "conditional_expression" and len(node.named_children) == 3:
            branches = [node.named_children[0], node.named_children[-1]]
        else:
            return None
        if len(branches) != 2:
            return None
        empty = [b for b in branches if self._plain_string(b) and not self._literal_text(self._unwrap(b)).strip()]
        if len(empty) != 1:
            return None
        present = branches[1] if empty[0] is branches[0] else branches[0]
        return present if self._is_building(present) else None

    def _counted(self, node: tree_sitter.Node | None) -> bool:
        """`i + 1 + offset`: a sum of names and numbers, at least one a number literal, and no string:
        a count (after `$`, the number of a placeholder)."""
        stack = [node] if node is not None else []
        number = False
        while stack:
            current = self._unwrap(stack.pop())
            if current.type == self.profile.binary and self.field_text(current, "operator") == "+":
                stack.extend(
                    c for c in (current.child_by_field_name("left"), current.child_by_field_name("right")) if c
                )
            elif re.fullmatch(r"\d+", self.text(current)):
                number = True
            elif current.type != self.profile.identifier:
                return False
        return number

    def _is_building(self, node: tree_sitter.Node) -> bool:
        node = self._unwrap(node)
        if node.type in self.profile.strings:
            return True
        fragment = self.optional_fragment(node)
        if fragment is not None:
            return True
        if node.type == self.profile.binary:
            return self._stringish(node)
        if node.type == self.profile.call:
            text = self.text(node)
            return (
                text.startswith(("fmt.Sprintf", "String.format", "MessageFormat.format"))
                or re.match(r"^[\"'].*[\"']\s*\.format\(", text, re.S) is not None
                or (text.rstrip().endswith(".toString()") and "StringBuilder" in text)
                or ".formatted(" in text
            )
        return False
