"""PHP's SQL flow: `.` joins strings, `"...$x..."` / `{$x->y}` and heredocs interpolate, `sprintf`
formats, and values are made safe by casts (`(int) $id`), `intval`, the driver's quoting
(`$pdo->quote`, `real_escape_string`, `esc_sql`, `$wpdb->prepare`) or placeholder lists built from a
count (`implode(',', array_fill(0, count($ids), '?'))`).

Variables are `variable_name` nodes whose text keeps the `$`; class constants (`self::TABLE`), global
constants (`DB_PREFIX`) and class properties with a literal default (`protected $table = 'users'`)
are read from this file.
"""

from __future__ import annotations

from ...callers import private_by_modifier
from ...profile import Profile
from .names import _NUMERIC_CALLS, _SAFE_CALLS
from .nodes import _CONSTANTS, _FUNCTIONS, _STRINGS
from .strings import _expand_call, _string_pieces
from .values import _classify, from_request_text

__all__ = ["PROFILE", "from_request_text"]

_ASSIGN = """
(assignment_expression left: (variable_name) @name right: (_) @value) @_stmt
(augmented_assignment_expression left: (variable_name) @name operator: ".=" right: (_) @value) @_aug
(assignment_expression left: (subscript_expression . (variable_name) @name) right: (_) @value) @_item
(function_call_expression function: (name) @_m
      arguments: (arguments . (argument (variable_name) @name) (argument (_) @value))
      (#any-of? @_m "array_push" "array_unshift")) @_item
(foreach_statement . (_) @value . [(variable_name) @name (pair (variable_name) @name)
                                  (pair (_) . (variable_name) @name .)]) @_loop
"""


PROFILE = Profile(
    strings=_STRINGS | _CONSTANTS,
    functions=_FUNCTIONS,
    binary="binary_expression",
    paren="parenthesized_expression",
    call="function_call_expression",
    identifier="variable_name",
    assignments=_ASSIGN,
    numeric_calls=_NUMERIC_CALLS,
    safe_calls=_SAFE_CALLS,
    numeric_params=r"(?<![\w\\])\??(?:int|float|bool)\s+{name}\b",
    guards=(
        r"\bin_array\(\s*{name}\s*,",
        r"\barray_key_exists\(\s*{name}\s*,",
        r"\bisset\(\s*[\w$:>\-]+\[\s*{name}\s*\]",
        r"\bswitch\s*\(\s*{name}\s*\)",
        r"\bpreg_match\(\s*(['\"])\W?\^[^'\"]*\$\W?\w*\1\s*,\s*{name}\s*\)",
        r"\b(?:ctype_digit|ctype_alnum|ctype_alpha|is_numeric|is_int)\(\s*{name}\s*\)",
    ),
    concat_operators=(".",),
    string_pieces=_string_pieces,
    expand_call=_expand_call,
    prepared_sinks=frozenset(
        {"prepare", "mysqli_prepare", "pg_prepare", "sqlsrv_prepare", "odbc_prepare", "db2_prepare", "oci_parse"}
    ),
    fragment_sinks=frozenset(
        {"whereRaw", "orWhereRaw", "havingRaw", "orHavingRaw", "orderByRaw", "selectRaw", "groupByRaw", "raw"}
    ),
    classify=_classify,
    interpolated_style="string interpolation",
    private_function=private_by_modifier,
)
