"""What the SQL flow needs to know about one language (a `Profile`), and the hooks a language module
in `sqlflow/lang/` gives for its own idioms."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import tree_sitter

# A piece of a string literal: ("text", raw text, quote) or ("hole", expression, format spec).
Piece = tuple[Literal["text"], str, str] | tuple[Literal["hole"], tree_sitter.Node, str]


class NameInString:
    """A name written inside a string literal that the grammar leaves as text (Kotlin's `$name`,
    Rust's `{name}` in a format string): the few members of tree_sitter.Node the flow reads of a
    hole, with the string literal as its parent so that the name's scope is found as for any node."""

    type = "identifier"
    is_named = True
    children: tuple[tree_sitter.Node, ...] = ()
    named_children: tuple[tree_sitter.Node, ...] = ()
    child_count = 0
    named_child_count = 0

    def __init__(self, parent: tree_sitter.Node, start: int, end: int, text: bytes) -> None:
        self.parent = parent
        self.start_byte = start
        self.end_byte = end
        self.text = text

    def child_by_field_name(self, _name: str) -> None:
        return None

    def child(self, _index: int) -> None:
        return None


@dataclass(frozen=True)
class Profile:
    """Node types and idioms of one language."""

    strings: frozenset[str]  # plain or interpolating string literals
    functions: frozenset[str]  # nodes that open a function scope
    binary: str
    paren: str
    call: str
    identifier: str
    assignments: str  # query: @name @value, with @_aug on `+=` forms and @_item on list appends
    numeric_calls: re.Pattern[str]
    safe_calls: re.Pattern[str]
    numeric_params: str  # regex template with {name}
    guards: tuple[str, ...]  # regex templates with {name}: a whitelist check on the identifier
    # Hooks for a language module (None: the behaviour written out for the first five languages).
    concat_operators: tuple[str, ...] = ("+",)  # binary operators that join strings (PHP: ".")
    # (reader, string node) -> its pieces, or None for a literal that is not read (bytes).
    string_pieces: Callable[[Any, tree_sitter.Node], list[Piece] | None] | None = None
    # (flattener, call node, level, built, stack) -> True when the call builds a string (a format
    # function) and its pieces were pushed with the flattener's helpers.
    expand_call: Callable[[Any, tree_sitter.Node, int, Any, list[Any]], bool] | None = None
    # Node types besides `call` that expand_call is given (Rust's `format!` macro invocations).
    expand_types: frozenset[str] = frozenset()
    # Sink methods whose name alone is too common (`query`, `get`): sinks only on a receiver that
    # reads as a database handle (checks/sql.py DB_RECEIVER).
    weak_sinks: frozenset[str] = frozenset()
    # Sink methods that take a fragment (WHERE, ORDER BY), not a whole statement (`whereRaw`).
    fragment_sinks: frozenset[str] = frozenset()
    # The style an interpolating string literal gives the built query: a key of checks/sql.py `_HOW`,
    # or words of its own ("string interpolation").
    interpolated_style: str = "template"
    # Sinks that prepare a statement whose values are bound later (PHP's `prepare`, then
    # `execute($values)`): read as passing parameters, as a call with arguments after the query is.
    prepared_sinks: frozenset[str] = frozenset()
    # (flow, node, level) -> (kind, constant text) of a value in the language's own shapes (member
    # access, calls, `if`/`when` expressions), or None to leave it to the shared rules.
    classify: Callable[[Any, tree_sitter.Node, int], tuple[str, str | None] | None] | None = None
