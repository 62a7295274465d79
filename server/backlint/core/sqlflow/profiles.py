"""Per-language profiles: the node types and idioms of each language, and the query that finds
its assignments (plain, `+=`, list appends, loop variables).

Python, JavaScript/TypeScript, Go and Java are written out here (their string and format idioms are
still branches of the flow's layers). Every other language is a package (or module) in
`sqlflow/lang/` whose `PROFILE` carries its hooks (core/sqlflow/profile.py): it is found and
registered by its name.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import tree_sitter

from .. import languages
from .profile import Profile

_PY_ASSIGN = """
(assignment left: (identifier) @name right: (_) @value) @_stmt
(augmented_assignment left: (identifier) @name operator: "+=" right: (_) @value) @_aug
(call function: (attribute object: (identifier) @name attribute: (identifier) @_m)
      arguments: (argument_list . (_) @value)
      (#any-of? @_m "append" "extend" "insert")) @_item
(for_statement left: (identifier) @name right: (_) @value) @_loop
(for_statement left: [(tuple_pattern (identifier) @name) (pattern_list (identifier) @name)] right: (_) @value) @_loop
"""

_JS_ASSIGN = """
(variable_declarator name: (identifier) @name value: (_) @value) @_stmt
(assignment_expression left: (identifier) @name right: (_) @value) @_stmt
(augmented_assignment_expression left: (identifier) @name operator: "+=" right: (_) @value) @_aug
(call_expression function: (member_expression object: (identifier) @name property: (property_identifier) @_m)
      arguments: (arguments (_) @value)
      (#any-of? @_m "push" "unshift")) @_item
(for_in_statement left: (identifier) @name right: (_) @value) @_loop
"""

_GO_ASSIGN = """
(short_var_declaration left: (expression_list . (identifier) @name) right: (expression_list . (_) @value)) @_stmt
(var_spec name: (identifier) @name value: (expression_list . (_) @value)) @_stmt
(const_spec name: (identifier) @name value: (expression_list . (_) @value)) @_stmt
(assignment_statement left: (expression_list . (identifier) @name) operator: "="
      right: (expression_list . (_) @value)) @_stmt
(assignment_statement left: (expression_list . (identifier) @name) operator: "+="
      right: (expression_list . (_) @value)) @_aug
(call_expression function: (identifier) @_m arguments: (argument_list . (identifier) @name (_) @value)
      (#eq? @_m "append")) @_item
(call_expression function: (selector_expression operand: (identifier) @name field: (field_identifier) @_m)
      arguments: (argument_list . (_) @value)
      (#any-of? @_m "WriteString" "WriteByte" "WriteRune")) @_aug
(call_expression function: (selector_expression operand: (identifier) @_pkg field: (field_identifier) @_m)
      arguments: (argument_list . (unary_expression operand: (identifier) @name))
      (#eq? @_pkg "fmt") (#eq? @_m "Fprintf")) @_aug @value
(for_statement (range_clause left: (expression_list (identifier) @name .) right: (_) @value)) @_loop
"""

_JAVA_ASSIGN = """
(local_variable_declaration declarator: (variable_declarator name: (identifier) @name value: (_) @value)) @_stmt
(assignment_expression left: (identifier) @name operator: "=" right: (_) @value) @_stmt
(assignment_expression left: (identifier) @name operator: "+=" right: (_) @value) @_aug
(method_invocation object: (_) @name name: (identifier) @_m arguments: (argument_list . (_) @value)
      (#any-of? @_m "add" "append")) @_item
(enhanced_for_statement name: (identifier) @name value: (_) @value) @_loop
"""

_PROFILES: dict[str, Profile] = {
    "python": Profile(
        strings=frozenset({"string", "concatenated_string"}),
        functions=frozenset({"function_definition", "lambda"}),
        binary="binary_operator",
        paren="parenthesized_expression",
        call="call",
        identifier="identifier",
        assignments=_PY_ASSIGN,
        numeric_calls=re.compile(r"^(?:int|float|len|round|abs|Decimal|math\.\w+|bool|uuid\.UUID|UUID)$"),
        safe_calls=re.compile(
            r"(?:^|\.)(?:quote_ident|quote_literal|quote_name|escape_string|escape|literal|Identifier|Literal|"
            r"quote|escape_identifier|placeholder|placeholders|qmarks|mogrify)$"
        ),
        numeric_params=r"\b{name}\s*:\s*(?:int|float|bool|Decimal|UUID|uuid\.UUID)\b",
        guards=(
            r"\b{name}\s+not\s+in\s+[\w.(\[{{]",
            r"\bif\s+{name}\s+in\s+[\w.(\[{{]",
            r"\bassert\s+{name}\s+in\b",
            r"\b{name}\.(?:isidentifier|isalnum|isdigit|isnumeric|isdecimal)\(\)",
            r"re\.(?:fullmatch|match)\([^)]*,\s*{name}\s*\)",
        ),
    ),
    "javascript": Profile(
        strings=frozenset({"string", "template_string"}),
        functions=frozenset(
            {
                "function_declaration",
                "function_expression",
                "arrow_function",
                "method_definition",
                "generator_function_declaration",
                "function",
            }
        ),
        binary="binary_expression",
        paren="parenthesized_expression",
        call="call_expression",
        identifier="identifier",
        assignments=_JS_ASSIGN,
        numeric_calls=re.compile(
            r"^(?:Number|parseInt|parseFloat|Number\.parseInt|Number\.parseFloat|Number\.isInteger|Math\.\w+|BigInt|Boolean)$"
        ),
        safe_calls=re.compile(
            r"(?:^|\.)(?:escape|escapeId|escapeIdentifier|escapeLiteral|quoteIdentifier|identifier|"
            r"literal|raw|placeholders?)$"
        ),
        numeric_params=r"\b{name}\??\s*:\s*(?:number|bigint|boolean)\b",
        guards=(
            r"\.(?:includes|has|indexOf|hasOwnProperty)\(\s*{name}\s*\)",
            r"\b{name}\s+in\s+[A-Z_][\w.]*",
            r"/\^[^/]*\$/[a-z]*\.test\(\s*{name}\s*\)",
        ),
    ),
    "go": Profile(
        strings=frozenset({"interpreted_string_literal", "raw_string_literal"}),
        functions=frozenset({"function_declaration", "method_declaration", "func_literal"}),
        binary="binary_expression",
        paren="parenthesized_expression",
        call="call_expression",
        identifier="identifier",
        assignments=_GO_ASSIGN,
        numeric_calls=re.compile(
            r"^(?:strconv\.(?:Itoa|FormatInt|FormatUint|FormatFloat|FormatBool|ParseInt|Atoi)|len|int|int64|int32|uint|uint64|float64)$"
        ),
        safe_calls=re.compile(r"(?:^|\.)(?:QuoteIdentifier|QuoteLiteral|EscapeString|Placeholders?|Ident)$"),
        numeric_params=r"\b{name}\b(?:\s*,\s*\w+)*\s+\*?(?:u?int(?:8|16|32|64)?|float(?:32|64)|bool|uuid\.UUID|time\.Time)\b",
        guards=(
            r"\bswitch\s+{name}\b",
            r",\s*ok\s*:?=\s*[\w.]+\[\s*{name}\s*\]",
            r"\.MatchString\(\s*{name}\s*\)",
            r"slices\.Contains\([^)]*,\s*{name}\s*\)",
        ),
    ),
    "java": Profile(
        strings=frozenset({"string_literal", "text_block"}),
        functions=frozenset({"method_declaration", "constructor_declaration", "lambda_expression"}),
        binary="binary_expression",
        paren="parenthesized_expression",
        call="method_invocation",
        identifier="identifier",
        assignments=_JAVA_ASSIGN,
        numeric_calls=re.compile(
            r"(?:^|\.)(?:parseInt|parseLong|parseDouble|valueOf|size|length|intValue|longValue|ordinal|count|getId)$"
        ),
        safe_calls=re.compile(r"(?:^|\.)(?:escapeSql|quoteIdentifier|enquoteIdentifier|enquoteLiteral|escape)$"),
        numeric_params=r"\b(?:int|long|short|byte|double|float|boolean|Integer|Long|Short|Double|Float|BigDecimal|BigInteger|UUID|Boolean|LocalDate|Instant)\s+{name}\b",
        guards=(
            r"\.(?:contains|containsKey)\(\s*{name}\s*\)",
            r"\b{name}\.matches\(",
            r"\bswitch\s*\(\s*{name}\s*\)",
        ),
    ),
}
_PROFILES["typescript"] = _PROFILES["javascript"]
_PROFILES["tsx"] = _PROFILES["javascript"]


def _language_modules() -> dict[str, Profile]:
    """`sqlflow/lang/<name>` modules or packages, each with a `PROFILE` for the language of that name."""
    from . import lang

    found = {}
    for module in pkgutil.iter_modules(lang.__path__):
        found[module.name] = importlib.import_module(f"{lang.__name__}.{module.name}").PROFILE
    return found


_PROFILES.update(_language_modules())

_compiled_assign: dict[str, tree_sitter.Query] = {}


def _assign_query(language: str) -> tree_sitter.Query:
    query = _compiled_assign.get(language)
    if query is None:
        query = tree_sitter.Query(languages.grammar(language), _PROFILES[language].assignments)
        _compiled_assign[language] = query
    return query
