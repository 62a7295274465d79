"""C# node types, type names, method names and member patterns the other modules match on."""

from __future__ import annotations

import re

_STRINGS = frozenset(
    {"string_literal", "verbatim_string_literal", "raw_string_literal", "interpolated_string_expression"}
)
_LITERALS = frozenset({"integer_literal", "real_literal", "boolean_literal", "null_literal", "default_expression"})
_INTERPOLATION_PARTS = frozenset(
    {"interpolation_brace", "interpolation_alignment_clause", "interpolation_format_clause"}
)
_LAMBDAS = frozenset({"lambda_expression", "anonymous_method_expression"})
_COLLECTIONS = frozenset({
    "implicit_array_creation_expression", "array_creation_expression", "initializer_expression",
    "collection_expression", "implicit_stack_alloc_expression",
})  # fmt: skip
_COLLECTION_TYPE = re.compile(
    r"^(?:System\.Collections\.Generic\.)?(?:List|HashSet|SortedSet|Collection|ReadOnlyCollection|Queue|Stack"
    r"|LinkedList|ImmutableList|ImmutableArray)\b|\[\s*\]$"
)
_NUMBER_TYPE = (
    r"(?:u?int|u?long|u?short|s?byte|decimal|double|float|bool|Int16|Int32|Int64|UInt16|UInt32|UInt64|Decimal"
    r"|Double|Single|Boolean|Guid|DateTime|DateTimeOffset|DateOnly|TimeOnly|TimeSpan)"
)
_NUMERIC_CAST = re.compile(rf"^(?:System\.)?{_NUMBER_TYPE}\??$")
_STRING_TYPE = re.compile(r"^(?:string|String|System\.String)$")
_FORMATTABLE = re.compile(r"^(?:System\.)?FormattableString$")
# Methods that return their receiver's text changed only in case or whitespace.
_PASSTHROUGH = frozenset({
    "ToString", "Trim", "TrimEnd", "TrimStart", "ToLower", "ToUpper", "ToLowerInvariant", "ToUpperInvariant",
})  # fmt: skip
_BUILDER_WRITES = frozenset({"Append", "AppendLine", "AppendFormat", "Insert"})
# Enumerable operators whose result holds (some of) the receiver's elements.
_KEEPS_ELEMENTS = frozenset({
    "ToList", "ToArray", "ToHashSet", "AsEnumerable", "Distinct", "Where", "OrderBy", "OrderByDescending",
    "ThenBy", "Take", "Skip", "Reverse", "Concat", "Union", "ToImmutableList", "ToImmutableArray",
})  # fmt: skip
_MAPS = frozenset({"Select", "ConvertAll", "SelectMany"})
# Members whose value is a number or a date the code decides, never request text.
_NUMERIC_MEMBER = re.compile(
    r"(?:^|\.)(?:Length|Count|LongLength)$|^(?:System\.)?(?:DateTime|DateTimeOffset)\.(?:Now|UtcNow|Today)$"
    r"|^(?:System\.)?(?:Guid\.Empty|(?:int|long|short|byte|decimal|double|float|Int32|Int64)\.(?:MaxValue|MinValue))$"
)
_TYPE_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")
# Helpers that write a value out as text: given only numbers, they yield a number's text.
_FORMATS_VALUE = re.compile(r"(?i)format|tostring|invariant")
# Properties controllers, pages and views inherit: `Request.Query`, `Input.Email` are request data.
_CONTEXT_OBJECTS = frozenset({
    "Request", "Response", "HttpContext", "Context", "User", "RouteData", "ModelState", "Model", "Input", "ViewBag",
    "ViewData", "TempData", "Session", "Form", "Query", "Headers", "Cookies", "Url", "Page", "Server", "Params",
    "Body", "Args", "Arguments", "Item", "Current", "Value",
})  # fmt: skip
# Members that hold SQL text a builder composed (Dapper's SqlBuilder `template.RawSql`).
_SQL_MEMBER = re.compile(r"^(?:RawSql|\w*Sql|CommandText|\w+Clause)$")
# Callees that read input even when given only literals (`Request.Query["id"]`, `GetValue("name")`).
_INPUT_ACCESSOR = re.compile(r"(?i)param|query|arg|input|header|cookie|form(?!at)|body|field|claim|route|read|getvalue")
# Deployment configuration, not request data.
_CONFIGURATION = re.compile(
    r"^(?:System\.)?Environment\.GetEnvironmentVariable\(|\bGetConnectionString\(|(?:^|\.)_?[cC]onfiguration\["
)
