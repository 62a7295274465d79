"""C#: how queries are built and what the values spliced into them are.

Strings: regular `"..."`, verbatim `@"..."`, raw `\"\"\"...\"\"\"` and interpolated `$"..."` /
`$@"..."` / `$$\"\"\"...\"\"\"` literals (`interpolation` children are the holes). Builders:
`string.Format` (and `StringBuilder.AppendFormat`) with .NET composite format items `{0}`,
`string.Concat`, `string.Join` of values written out, StringBuilder appends read back with
`ToString()`, `FormattableString.Invariant`. Values: const and static readonly fields, enums declared
in the file, casts to numbers, `nameof`, conditional and switch expressions, collections and the
lambdas that map them (`ids.Select((_, i) => $"@id{i}")` yields placeholders).

An interpolated string typed as `FormattableString` is not text at all: EF Core turns its holes into
parameters, so it is SAFE here (its own sinks, `FromSqlInterpolated`, are not sinks).

This package is imported while `sqlflow.profiles` is being loaded: it reaches the flow's layers only
through the flow object its hooks receive.
"""

from __future__ import annotations

import re

from ...callers import private_by_modifier
from ...profile import Profile
from .builders import _expand_call
from .classify import _classify
from .constants import _NUMBER_TYPE, _STRINGS
from .strings import _string_pieces

_FUNCTIONS = frozenset({
    "method_declaration", "constructor_declaration", "local_function_statement", "lambda_expression",
    "anonymous_method_expression", "accessor_declaration", "operator_declaration", "conversion_operator_declaration",
    "destructor_declaration",
})  # fmt: skip

_ASSIGN = """
(variable_declarator name: (identifier) @name "=" (_) @value) @_stmt
(assignment_expression left: (identifier) @name operator: "=" right: (_) @value) @_stmt
(assignment_expression left: (identifier) @name operator: "+=" right: (_) @value) @_aug
(invocation_expression
  function: (member_access_expression expression: (identifier) @name name: (identifier) @_m)
  arguments: (argument_list . (argument (_) @value .) .)
  (#any-of? @_m "Add" "AddRange" "Append" "AppendLine" "Push" "Enqueue")) @_item
(foreach_statement left: (identifier) @name right: (_) @value) @_loop
"""

PROFILE = Profile(
    strings=_STRINGS,
    functions=_FUNCTIONS,
    binary="binary_expression",
    paren="parenthesized_expression",
    call="invocation_expression",
    identifier="identifier",
    assignments=_ASSIGN,
    numeric_calls=re.compile(
        rf"^(?:System\.)?{_NUMBER_TYPE}\.(?:Parse|ParseExact)$|^(?:System\.)?Convert\.To(?:U?Int\d+|Decimal|Double"
        r"|Single|Boolean|Byte|DateTime)$|^(?:System\.)?Math\.\w+$|(?:^|\.)\w*(?:Guid|GUID|Uuid|UUID|Hex)\w*$"
        r"|(?:^|\.)(?:Count|LongCount|Sum|Average|GetHashCode|CompareTo|IndexOf)$"
    ),
    safe_calls=re.compile(
        r"(?:^|\.)(?:QuoteIdentifier|QuoteName|EscapeIdentifier|DelimitIdentifier|EscapeSqlIdentifier"
        r"|Placeholders?|ParameterName|GetParameterName)$"
    ),
    numeric_params=(
        rf"(?:\b{_NUMBER_TYPE}\??(?:\[\])?|\b(?:IEnumerable|IList|List|ICollection|IReadOnlyList|IReadOnlyCollection"
        rf"|HashSet|ISet|IReadOnlySet)<{_NUMBER_TYPE}\??>)\s+{{name}}\b"
    ),
    guards=(
        r"\.(?:Contains|ContainsKey|ContainsValue)\(\s*{name}\s*\)",
        r"\bswitch\s*\(\s*{name}\s*\)",
        r"\b{name}\s+switch\b",
        r"Regex\.IsMatch\(\s*{name}\s*,",
        r"\bEnum\.(?:IsDefined|TryParse)\b[^;]*\b{name}\b",
        r"\bTryGetValue\([^;()]*,\s*out\s+(?:var|string|String)\s+{name}\s*\)",
    ),
    string_pieces=_string_pieces,
    expand_call=_expand_call,
    # Dapper's names that other libraries use too (Polly's `Execute`, a mediator's `Query`).
    weak_sinks=frozenset({"Query", "QueryAsync", "Execute", "ExecuteAsync"}),
    interpolated_style="an interpolated string",
    classify=_classify,
    private_function=private_by_modifier,
)
