"""Kotlin's SQL flow: string templates (`"$name"`, `"${expr}"`, raw `\"\"\"` strings), `+`,
`String.format` / `"...".format(...)`, `buildString { append(...) }` and StringBuilder chains, lists
joined with `joinToString`, and the values Kotlin code splices in (member access, `toInt()`,
`if` / `when` expressions, `?:`).

Only `built`, `profile` and `sql_text` (and this package's own modules) are imported at module
level: `profiles` imports this package while the flow's layers are still being defined.

`PROFILE` is assembled here from the hooks of the package's modules: `strings` (string literals and
their `$` templates), `builders` (calls that build a string) and `classify` (the values spliced in),
which rest on `calls` (a call's parts), `functions` (what a function declared in the file returns)
and `constants` (the names and patterns matched).
"""

from __future__ import annotations

import re

from ...callers import private_by_modifier
from ...profile import Profile, top_level
from .builders import _expand_call
from .classify import _classify
from .strings import _string_pieces

_ASSIGN = """
(property_declaration (variable_declaration . (identifier) @name) "=" . (_) @value) @_stmt
(assignment left: (identifier) @name operator: "=" right: (_) @value) @_stmt
(assignment left: (identifier) @name operator: "+=" right: (_) @value) @_aug
(call_expression (navigation_expression (_) @name . (identifier) @_m .)
      (value_arguments . (value_argument (_) @value .) .)
      (#any-of? @_m "add" "append" "appendLine")) @_item
(for_statement (variable_declaration . (identifier) @name) "in" . (_) @value) @_loop
"""


PROFILE = Profile(
    strings=frozenset({"string_literal", "multiline_string_literal"}),
    functions=frozenset(
        {
            "function_declaration",
            "lambda_literal",
            "anonymous_function",
            "secondary_constructor",
            "getter",
            "setter",
            "anonymous_initializer",
        }
    ),
    binary="binary_expression",
    paren="parenthesized_expression",
    call="call_expression",
    identifier="identifier",
    assignments=_ASSIGN,
    # Calls are classified by `_classify` (this grammar gives a call's parts no field names).
    numeric_calls=re.compile(r"(?!)"),
    safe_calls=re.compile(r"(?!)"),
    numeric_params=(
        r"\b{name}\s*:\s*(?:Int|Long|Short|Byte|Double|Float|Boolean|BigDecimal|BigInteger|UInt|ULong|UUID"
        r"|java\.util\.UUID|LocalDate|LocalDateTime|Instant|OffsetDateTime|ZonedDateTime)\b\??"
    ),
    guards=(
        r"\.(?:contains|containsKey)\(\s*{name}\s*\)",
        # `require(sort in SORTABLE)`, `if (col !in allowedColumns)`; not a loop's `for (col in cols)`
        r"(?<!for \()(?<!for\()\b{name}\s+!?in\s+(?:[A-Z_][\w.]*|setOf\(|listOf\("
        r"|\w*(?:[Aa]llowed|[Vv]alid|[Ss]ortable|[Ww]hitelist|[Aa]llowlist)\w*)",
        r"\b{name}\.matches\(",
        r"\.matches\(\s*{name}\s*\)",
        r"\bwhen\s*\(\s*{name}\s*\)",
    ),
    interpolated_style="a string template",
    string_pieces=_string_pieces,
    expand_call=_expand_call,
    classify=_classify,
    weak_sinks=frozenset({"fetch"}),
    fragment_sinks=frozenset({"where", "having", "condition", "andWhere", "orWhere"}),
    private_function=private_by_modifier,
    constant_scope=top_level,  # top-level, object and class properties (functions are left out before)
)
