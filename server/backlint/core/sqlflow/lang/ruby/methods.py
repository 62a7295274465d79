"""What Ruby and Rails methods return: numbers, escaped text, schema names, their receiver's text."""

from __future__ import annotations

import re

from .clauses import _RESHAPE

_NUMERIC_METHODS = frozenset({
    "to_i", "to_f", "to_d", "to_r", "to_c", "round", "floor", "ceil", "abs", "size", "length", "count", "id",
    "ids", "to_date", "to_time", "to_datetime", "iso8601", "strftime", "to_fs", "to_formatted_s", "beginning_of_day",
    "end_of_day", "beginning_of_month", "end_of_month", "ago", "from_now", "since", "days", "hours", "minutes",
    "seconds", "weeks", "months", "years", "utc", "in_time_zone", "to_param", "succ", "pred", "hash",
})  # fmt: skip
# `to_param` of a record is its id; `to_fs(:db)` of a time is digits and separators.
_NUMERIC_CALLEE = re.compile(
    r"^(?:Integer|Float|BigDecimal|Rational|Time\.(?:now|current|zone\.now|at|parse|iso8601)|Date\.(?:today|current"
    r"|parse|iso8601)|DateTime\.(?:now|current|parse)|SecureRandom\.(?:uuid|hex|random_number|alphanumeric))$"
)
_SAFE_METHODS = frozenset({
    "quote", "quote_string", "quote_column_name", "quote_table_name", "quote_table_name_for_assignment",
    "quoted_table_name", "quoted_primary_key", "quoted_true", "quoted_false", "quoted_date", "sanitize_sql",
    "sanitize_sql_array", "sanitize_sql_for_conditions", "sanitize_sql_for_assignment", "sanitize_sql_for_order",
    "sanitize_sql_hash_for_assignment", "escape", "escape_string", "escape_literal", "escape_identifier",
    "quote_ident", "literal", "qualify", "identifier", "table_name", "primary_key", "arel_table", "to_sql",
    "placeholders", "bind_param",
})  # fmt: skip
# `sanitize_sql_like` only escapes % and _: a quote still ends the literal, so it is not here.
# Escapes for URLs, HTML, regular expressions and shells leave a quote as it is.
_NOT_SQL_ESCAPES = frozenset({"CGI", "URI", "Regexp", "Shellwords", "ERB::Util", "Rack::Utils", "Addressable::URI"})
_SCHEMA_NAMES = frozenset({
    "table_name", "quoted_table_name", "primary_key", "quoted_primary_key", "arel_table", "table_name_prefix",
    "table_name_suffix",
})  # fmt: skip
# Calls whose result is their receiver's (and arguments') text: as risky as those.
_PASSTHROUGH = _RESHAPE | frozenset({
    "to_sym", "titleize", "humanize", "underscore", "camelize", "singularize", "pluralize", "tableize", "classify",
    "parameterize", "capitalize", "gsub", "sub", "tr", "delete", "first", "last", "compact", "uniq", "flatten",
    "sort", "reverse", "to_a", "values_at", "fetch", "dig", "slice", "then",
})  # fmt: skip
# Methods that read the request or a file: never fixed by the code, whatever their arguments.
_INPUT_ACCESSOR = re.compile(r"(?i)param|query|arg|input|header|cookie|form|body|field|env|read|gets|session")
_LITERALS = frozenset({
    "string", "integer", "float", "simple_symbol", "hash_key_symbol", "true", "false", "nil", "string_array",
    "symbol_array",
})  # fmt: skip
