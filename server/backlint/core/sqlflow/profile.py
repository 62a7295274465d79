"""What the SQL flow needs to know about one language (a `Profile`), and the hooks a language module
in `sqlflow/lang/` gives for its own idioms."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
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
class FormatCall:
    """A call that fills a template with values: where the template is, and how its holes are written."""

    style: str  # the style it gives the built query: a key of checks/sql.py `_HOW`
    fields: bool = False  # holes are `{}` / `{0}` / `{name}` fields (str.format, MessageFormat), not `%` verbs
    template: int = 0  # the argument holding the template, for a function (fmt.Fprintf's comes after the writer)
    after_locale: bool = False  # the template may come second, after a locale (Java's String.format)


# The elements of a joined list and the separator literal between them.
Joined = tuple[list[tree_sitter.Node], tree_sitter.Node]
# Where an assignment outside functions puts its name: the file's constants, or a class's (read as self.X).
ConstantScope = Literal["module", "class"]


def top_level(_scope: Any, _assignment: tree_sitter.Node) -> ConstantScope:
    """The `constant_scope` of a language whose every assignment outside functions is a constant of the
    file (Go's package-level const and var; Kotlin's top-level, object and class properties)."""
    return "module"


@dataclass(frozen=True)
class Profile:
    """Node types and idioms of one language. The hooks take the flow (or one of its layers) first; a
    hook left None means the language has no such idiom, or that the shared rule reads it."""

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
    concat_operators: tuple[str, ...] = ("+",)  # binary operators that join strings (PHP: ".")
    # (reader, string node) -> its pieces, or None for a literal that is not read (bytes).
    string_pieces: Callable[[Any, tree_sitter.Node], list[Piece] | None] | None = None
    # (reader, literal) -> its opening quote, or None to take it from the literal's text (Python: a node).
    quote_of: Callable[[Any, tree_sitter.Node], str | None] | None = None
    # (reader, plain literal) -> the text inside its quotes, or None to cut the quotes off its text (Python).
    literal_text: Callable[[Any, tree_sitter.Node], str | None] | None = None
    # (flattener, call node, level, built, stack) -> True when the call builds a string (a format
    # function) and its pieces were pushed with the flattener's helpers; replaces the shared call rules.
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
    # --- the idioms the shared rules read (data, and hooks for shapes only one grammar has) -----------
    # Fields of the call node holding its receiver and method name, where there is no `function` child (Java).
    method_fields: tuple[str, str] | None = None
    # `template % values` formats a string (Python's printf-style operator), rather than taking a remainder.
    percent_formats: bool = False
    # Functions that format a template given as an argument, by callee text (`fmt.Sprintf`, `util.format`).
    format_functions: Mapping[str, FormatCall] = field(default_factory=dict)
    # Methods that format the template they are called on (Python's `"...".format(...)`, Java's `.formatted`).
    format_methods: Mapping[str, FormatCall] = field(default_factory=dict)
    # (flattener, call node, its function, its arguments) -> (elements, separator) of a join of a list
    # written out in place (`" ".join([...])`, `[...].join(" ")`), or None for any other call.
    written_join: (
        Callable[[Any, tree_sitter.Node, tree_sitter.Node | None, list[tree_sitter.Node]], Joined | None] | None
    ) = None
    # Methods that append their one argument to the string literal they are called on (Java's String.concat).
    concat_methods: frozenset[str] = frozenset()
    # Methods that append their one argument to a `new StringBuilder(...)` chain (Java's `append`).
    builder_appends: frozenset[str] = frozenset()
    # Methods that read the text out of a `new StringBuilder(...)` chain (Java's `toString`).
    builder_reads: frozenset[str] = frozenset()
    # (flattener, sink argument) -> how a local string builder read out there (Go's `b.String()`, Java's
    # `sb.toString()`) was filled, or None when the argument reads no builder.
    read_builder: Callable[[Any, tree_sitter.Node], list[Any] | None] | None = None
    # Format verbs whose value the formatting function quotes itself (pg-format's %L literal and %I name).
    quoting_specs: frozenset[str] = frozenset()
    # A member of an ALL-CAPS owner (`SORTS.newest`) is an entry of a constant table (false in Go: `pkg.Name`).
    constant_table_members: bool = True
    # Members that are a count (`rows.length`); Python's `.count` is a method, not a number.
    count_members: frozenset[str] = frozenset({"length", "size", "count"})
    # Members that are the caller's data whatever the owner: a record's key (`user.id`; Python's `.pk`, `.count`).
    opaque_members: frozenset[str] = frozenset({"id"})
    # Functions whose loop variable is a count (Python's `for i in range(n)`).
    counting_calls: frozenset[str] = frozenset()
    # Calls that numeric_calls matches by their method name but that return text (Java's String.valueOf).
    text_calls: re.Pattern[str] | None = None
    # Functions as risky as their arguments alone (Python's `format(x)`, Go's `fmt.Sprint(x)`, not via `fmt`).
    stringify_calls: frozenset[str] = frozenset()
    # Conversions whose text is the caller's data whatever they convert (Go's `string(b)` of bytes or a rune).
    dynamic_conversions: frozenset[str] = frozenset()
    # Conversions and pure string functions, as risky as their inputs (the default: JavaScript's).
    passthrough_calls: frozenset[str] = frozenset(
        {"String", "toString", "trim", "toLowerCase", "toUpperCase", "toFixed", "repeat", "slice"}
    )
    # The argument of a `join` call that holds the collection (strings.Join(xs, sep): 0); None: the receiver.
    join_collection: int | None = None
    # (flow, function node, its name) -> callable only from this file, so that its callers here are all
    # of them; None: never known (Go's packages span files, Ruby's visibility is a statement).
    private_function: Callable[[Any, tree_sitter.Node, str], bool] | None = None
    # Names of a method's first parameter when it is the receiver (Python's self, cls): calls do not pass it.
    receiver_parameters: frozenset[str] = frozenset()
    # (scope, an assignment outside functions) -> where it defines a constant, or None; no hook: none does.
    constant_scope: Callable[[Any, tree_sitter.Node], ConstantScope | None] | None = None
    # (scope) -> (name, value or None) of constants declared as class fields (Java's `static final`).
    field_constants: Callable[[Any], Iterable[tuple[str, tree_sitter.Node | None]]] | None = None
    # Query: class fields (@name, @value) that `this.name` reads; a plain string value is a class constant.
    class_fields: str = ""
    # (scope, call) -> (the call that maps a collection with a callback, the callback's argument index)
    # for `xs.map(f)` shapes, or None.
    map_call: Callable[[Any, tree_sitter.Node], tuple[tree_sitter.Node, int] | None] | None = None
