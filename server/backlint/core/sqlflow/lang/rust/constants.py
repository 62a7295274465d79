"""Rust's tables: the assignment query, node types, macro and call names, the patterns values are judged by."""

from __future__ import annotations

import re

_ASSIGN = """
(let_declaration pattern: (identifier) @name value: (_) @value) @_stmt
(const_item name: (identifier) @name value: (_) @value) @_stmt
(static_item name: (identifier) @name value: (_) @value) @_stmt
(assignment_expression left: (identifier) @name right: (_) @value) @_stmt
(compound_assignment_expr left: (identifier) @name operator: "+=" right: (_) @value) @_aug
(call_expression function: (field_expression value: (identifier) @name field: (field_identifier) @_m)
      arguments: (arguments . (_) @value .)
      (#eq? @_m "push_str")) @_aug
(call_expression function: (field_expression value: (identifier) @name field: (field_identifier) @_m)
      arguments: (arguments . (_) @value .)
      (#eq? @_m "push")) @_item
(macro_invocation macro: (identifier) @_m (token_tree . (identifier) @name)
      (#any-of? @_m "write" "writeln")) @_aug @value
(macro_invocation macro: (identifier) @_m (token_tree . (mutable_specifier) . (identifier) @name)
      (#any-of? @_m "write" "writeln")) @_aug @value
(for_expression pattern: (identifier) @name value: (_) @value) @_loop
"""

_COMMENTS = ("line_comment", "block_comment")
_CONST_NAME = re.compile(r"^_*[A-Z][A-Z0-9_]*$")
_LITERALS = frozenset({"integer_literal", "float_literal", "boolean_literal", "char_literal"})
_STRINGS = frozenset({"string_literal", "raw_string_literal"})
_NUMBER_TYPES = re.compile(r"^(?:[iu](?:8|16|32|64|128|size)|f32|f64|bool)$")

# Macros that format a string (`write!` / `writeln!` into a destination given first).
_FORMATS = frozenset({"format", "formatdoc", "formatcp", "format_args", "write", "writeln"})
_WRITES = frozenset({"write", "writeln"})
# Macros that only join literals.
_LITERAL_MACROS = frozenset({"concat", "indoc", "concatcp"})

# Calls that return their receiver's text reshaped, or the value inside: as risky as the receiver.
_PASSTHROUGH = frozenset({
    "to_string", "to_owned", "as_str", "as_ref", "clone", "into", "borrow", "deref", "as_deref", "to_lowercase",
    "to_uppercase", "to_ascii_lowercase", "to_ascii_uppercase", "trim", "trim_start", "trim_end", "unwrap",
    "expect", "unwrap_or_default", "into_owned", "to_vec", "iter", "into_iter", "cloned", "copied", "as_slice",
    "into_inner", "lock", "read", "get_ref",
})  # fmt: skip
# Calls that put their receiver and arguments together: as risky as the worst of them.
_COMBINING = frozenset({"unwrap_or", "replace", "replacen", "or", "unwrap_or_else", "map_or"})
# Functions that build a String from their argument (`String::from(x)`), or an empty one.
_CONVERSIONS = re.compile(r"^(?:String::from|String::from_str|str::to_string|ToString::to_string|Cow::from"
                          r"|Cow::Borrowed|Cow::Owned|Some|Ok|Box::new|Arc::new|Rc::new)$")  # fmt: skip
_EMPTY = re.compile(r"^(?:String|Vec|BTreeSet|HashSet|VecDeque)::(?:new|with_capacity|default)$")
_NUMERIC_CALLS = re.compile(
    r"(?:^|\.|::)(?:len|count|capacity|abs|pow|signum|round|floor|ceil|trunc|clamp|min|max|as_secs|as_millis"
    r"|as_micros|as_nanos|timestamp|timestamp_millis|num_seconds|num_minutes|num_hours|num_days|num_milliseconds"
    r"|saturating_\w+|checked_\w+|wrapping_\w+|is_\w+|starts_with|ends_with|contains|position|id"
    # dates, times and ids the code makes: their text cannot change the statement
    r"|to_rfc3339|to_rfc2822|naive_utc|date_naive|new_v4|now_v7|now)$"
    r"|^(?:[iu](?:8|16|32|64|128|size)|f32|f64)::\w+$"
)
_SAFE_CALLS = re.compile(
    r"(?:^|\.|::)(?:quote_ident\w*|quote_identifier|quote_literal|escape_identifier|escape_literal|escape_sql"
    r"|sanitize_identifier|placeholders?|Identifier)$"
)
# Deployment configuration, not request data.
_ENV_CALLS = re.compile(r"^(?:(?:std::)?env::var(?:_os)?|dotenvy?::var|option_env|env)$")
# Accessors that read input even when given only literals (`headers.get("x")`, `params.get("sort")`).
_INPUT_ACCESSOR = re.compile(r"(?i)param|query|arg|input|header|cookie|form|body|field|get|env|read|var")
# A placeholder right before the hole: `$1`, `?1`, `@p1`, `:1`.
_NUMBERED_PLACEHOLDER = re.compile(r"(?:\$|\?|@p|:p)$")

_FORMAT_FIELD = re.compile(r"\{\{|\}\}|\{\s*([0-9]+|[A-Za-z_][A-Za-z0-9_]*)?\s*(?::([^{}]*))?\}")

# The macro and function names the classification reads; every other macro is a value of its own.
_VALUE_MACROS = frozenset({"vec"})

# Method names common outside databases: sinks only on a receiver that reads as a database handle.
_WEAK_SINKS = frozenset({
    "query", "execute", "prepare", "query_row", "query_one", "query_opt", "query_raw", "simple_query",
    "batch_execute", "execute_batch", "prepare_cached", "query_map", "query_first", "query_drop", "query_iter",
    "exec", "exec_drop", "exec_first", "exec_map", "query_and_then", "query_row_and_then", "fetch_all",
    "fetch_one", "fetch_optional", "fetch",
})  # fmt: skip

_NUMERIC_TYPE = r"(?:[iu](?:8|16|32|64|128|size)|f32|f64|bool|Uuid|uuid::Uuid|NaiveDate|NaiveDateTime|DateTime<[^>]*>)"
