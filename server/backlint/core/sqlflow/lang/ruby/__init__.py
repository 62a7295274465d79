"""Ruby's SQL flow: interpolating strings (`"...#{x}..."`, `%Q(...)`, heredocs), adjacent literals,
`+`, `format` / `sprintf`, `<<` and `+=` appends, arrays joined in place, and the values Ruby code
splices in (constants, `to_i`, `.id`, ActiveRecord's quoting and schema names, ternaries).

ActiveRecord's clause methods (`order`, `group`, `select`, `pluck`) take the text after a keyword
they write themselves; a literal given to them is read with that keyword in front (`ORDER BY ...`),
so that it reads as the SQL it becomes.

Only `built`, `profile`, `sql_text` and `hole_positions` are imported at module level: `profiles`
imports this package while the flow's layers are still being defined.

`PROFILE` is here (the registry in `profiles` reads `lang.ruby.PROFILE`); its hooks are in one
module per concept:

    syntax      the grammar's node types the others read (comments, strings, functions)
    clauses     ActiveRecord's clause methods, `Arel.sql(...)`, reshaping calls, reading a call
    strings     string literals, interpolation, heredocs (`string_pieces`)
    builders    `format` / `sprintf`, `.join` and the other calls that build a string (`expand_call`)
    constants   the file's constants and their text
    methods     what Ruby and Rails methods return: numbers, escaped text, schema names
    classify    the values spliced in (`classify`)

Imports run one way, in that order: each module reads only those above it.
"""

from __future__ import annotations

import re

from ...profile import Profile
from .builders import _expand_call
from .classify import _classify
from .strings import _string_pieces
from .syntax import _FUNCTIONS, _STRINGS

_ASSIGN = """
(assignment left: (identifier) @name right: (_) @value) @_stmt
(assignment left: (left_assignment_list . (identifier) @name) right: (right_assignment_list . (_) @value)) @_stmt
(assignment left: (left_assignment_list . (_) . (identifier) @name)
      right: (right_assignment_list . (_) . (_) @value)) @_stmt
(assignment left: (left_assignment_list . (_) . (_) . (identifier) @name)
      right: (right_assignment_list . (_) . (_) . (_) @value)) @_stmt
(assignment left: (left_assignment_list (identifier) @name)
      right: [(identifier) (call) (element_reference) (array) (instance_variable)
              (parenthesized_statements)] @value) @_stmt
(operator_assignment left: (identifier) @name operator: "+=" right: (_) @value) @_aug
(binary left: (identifier) @name operator: "<<" right: (_) @value) @_aug
(binary left: (identifier) @name operator: "<<" right: (_) @value) @_item
(call receiver: (identifier) @name method: (identifier) @_m arguments: (argument_list . (_) @value)
      (#eq? @_m "concat")) @_aug
(call receiver: (identifier) @name method: (identifier) @_m arguments: (argument_list (_) @value)
      (#any-of? @_m "push" "append" "unshift")) @_item
(call receiver: (_) @value method: (identifier) @_m
      block: [(do_block parameters: (block_parameters . (identifier) @name))
              (block parameters: (block_parameters . (identifier) @name))]
      (#any-of? @_m "each" "each_with_index" "map" "flat_map" "collect" "filter_map" "each_with_object")) @_loop
(for pattern: (identifier) @name value: (in (_) @value)) @_loop
"""
# `a, b = x, y` pairs the names with the values by position; `a, b = call` gives each name the whole
# value. `sql << "..."` appends to a string and `conditions << "..."` to an array: the same shape,
# read as both (an append to the string built so far, an item of the list).

PROFILE = Profile(
    strings=_STRINGS,
    functions=_FUNCTIONS,
    binary="binary",
    paren="parenthesized_statements",
    call="call",
    identifier="identifier",
    assignments=_ASSIGN,
    numeric_calls=re.compile(r"^(?:Integer|Float|BigDecimal)$|\.(?:to_i|to_f|to_d|size|length|count|id)$"),
    safe_calls=re.compile(r"(?:^|\.)(?:quote\w*|sanitize_sql(?!_like)\w*|escape\w*|literal|quoted_table_name)$"),
    numeric_params=r"\b{name}:\s*(?:T\.nilable\()?(?:Integer|Float|Numeric|BigDecimal|Date|Time)\b",
    guards=(
        r"\.include\?\(?\s*{name}\s*\)?",
        r"\b{name}\.in\?\(",
        r"\bcase\s+{name}\b",
        r"\b{name}\s*=~\s*/\\A",
        r"\b{name}\.match\?\(\s*/\\A",
        r"/\\A[^/\n]*\\z/\.match\?\(\s*{name}\s*\)",
        r"\.(?:key|has_key|member)\?\(\s*{name}\s*\)",
        r"\bunless\s+\(?{name}\.(?:is_a|kind_of|instance_of)\?\s*\(?\s*(?:Float|Integer|Numeric|BigDecimal|Date|Time)\b",
    ),
    string_pieces=_string_pieces,
    expand_call=_expand_call,
    classify=_classify,
    interpolated_style="string interpolation",
    fragment_sinks=frozenset({
        "where", "rewhere", "not", "having", "joins", "find_by", "update_all", "exclude", "filter",
        "find_or_create_by", "find_or_initialize_by",
    }),
)  # fmt: skip
