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

This module is imported while `sqlflow.profiles` is being loaded: it reaches the flow's layers only
through the flow object its hooks receive.
"""

from __future__ import annotations

import re
from typing import Any

import tree_sitter

from ... import languages
from ..built import CONST, DYNAMIC, NUMERIC, SAFE, Part, worst
from ..hole_positions import from_request
from ..profile import Piece, Profile
from ..sql_text import placeholder_list_text

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


# --- strings --------------------------------------------------------------------------------------


def _string_pieces(flow: Any, node: tree_sitter.Node) -> list[Piece] | None:
    kind = node.type
    if node.has_error:
        return None  # the grammar lost the string's end (`$@"...""{x}"""`): its text is not the code's
    if kind == "string_literal":
        text = "".join(
            flow.text(c) if c.type == "string_literal_content" else _escape(flow.text(c))
            for c in node.children
            if c.type in ("string_literal_content", "escape_sequence")
        )
        return [("text", text, '"')]
    if kind == "verbatim_string_literal":
        raw = flow.text(node)
        return [("text", raw[2:-1].replace('""', '"'), '@"')]
    if kind == "raw_string_literal":
        start = node.child(0)
        quote = flow.text(start) if start is not None else '"""'
        return [("text", "".join(flow.text(c) for c in node.children if c.type == "raw_string_content"), quote)]
    if kind != "interpolated_string_expression" or _formattable(flow, node):
        return None
    start = node.child(0)
    verbatim = start is not None and "@" in flow.text(start)
    raw = any(c.type == "interpolation_quote" for c in node.children)
    quote = '"""' if raw else '"'
    pieces: list[Piece] = []
    for child in node.children:
        if child.type == "string_content":
            text = flow.text(child)
            if not raw:
                text = text.replace("{{", "{").replace("}}", "}")  # raw strings have no brace escapes
            if verbatim:
                text = text.replace('""', '"')
            pieces.append(("text", text, quote))
        elif child.type == "escape_sequence":
            pieces.append(("text", _escape(flow.text(child)), quote))
        elif child.type == "interpolation":
            inner = [c for c in child.named_children if c.type not in _INTERPOLATION_PARTS and c.type != "comment"]
            if not inner:
                return None
            pieces.append(("hole", inner[0], ""))  # format specs do not make a string a number in .NET
    return pieces


def _escape(text: str) -> str:
    """Quotes and backslashes as SQL reads them (`FROM \\"{table}\\"` names a table); other escapes
    stay as written (the SQL test reads `\\n` as whitespace)."""
    return _QUOTE_ESCAPES.get(text, text)


_QUOTE_ESCAPES = {'\\"': '"', "\\'": "'", "\\\\": "\\"}


def _formattable(flow: Any, node: tree_sitter.Node) -> bool:
    """An interpolated string that becomes a FormattableString: a cast or a declaration says so."""
    parent = node.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    if parent is None:
        return False
    if parent.type == "cast_expression":
        return _FORMATTABLE.match(flow.field_text(parent, "type")) is not None
    if parent.type == "variable_declarator" and parent.parent is not None:
        return _FORMATTABLE.match(flow.field_text(parent.parent, "type")) is not None
    return False


def _literal_text(flow: Any, node: tree_sitter.Node) -> str | None:
    """The text of a string literal without holes; None for anything else."""
    node = flow._unwrap(node)
    if node.type not in _STRINGS:
        return None
    pieces = _string_pieces(flow, node)
    if pieces is None or any(p[0] == "hole" for p in pieces):
        return None
    return "".join(str(p[1]) for p in pieces)


# --- small readers ---------------------------------------------------------------------------------


def _arguments(node: tree_sitter.Node | None) -> list[tree_sitter.Node]:
    """The expressions of an argument list, read through `argument` nodes (and a name before them)."""
    if node is None:
        return []
    out = []
    for child in node.named_children:
        if child.type == "argument" and child.named_children:
            out.append(child.named_children[-1])
        elif child.type != "comment":
            out.append(child)
    return out


def _callee(flow: Any, call: tree_sitter.Node) -> tuple[tree_sitter.Node | None, str, str]:
    """(receiver, receiver text, method name) of an invocation; generic arguments are left out."""
    function = call.child_by_field_name("function")
    if function is None:
        return None, "", ""
    receiver = None
    name_node: tree_sitter.Node | None = function
    if function.type == "member_access_expression":
        receiver = function.child_by_field_name("expression")
        name_node = function.child_by_field_name("name")
    elif function.type == "conditional_access_expression":  # `x?.ToString()`
        receiver = function.child_by_field_name("condition")
        binding = next((c for c in function.named_children if c.type == "member_binding_expression"), None)
        name_node = binding.child_by_field_name("name") if binding is not None else None
    if name_node is not None and name_node.type == "generic_name":
        name_node = name_node.named_children[0] if name_node.named_children else None
    method = flow.text(name_node) if name_node is not None else ""
    return receiver, (flow.text(receiver) if receiver is not None else ""), method


def _is_string_type(text: str) -> bool:
    return _STRING_TYPE.match(text) is not None


def _is_builder_creation(flow: Any, node: tree_sitter.Node | None) -> bool:
    if node is None:
        return False
    node = flow._unwrap(node)
    return node.type == "object_creation_expression" and flow.field_text(node, "type").endswith("StringBuilder")


def _chain_root(flow: Any, call: tree_sitter.Node) -> tree_sitter.Node | None:
    """The receiver at the start of `a.Append(x).Append(y)`: `a` (or the `new StringBuilder()`)."""
    current: tree_sitter.Node | None = call
    while current is not None and current.type == "invocation_expression":
        receiver, _text, method = _callee(flow, current)
        if method not in _BUILDER_WRITES:
            return None
        current = flow._unwrap(receiver) if receiver is not None else None
    return current


# --- file facts: constant fields and enums --------------------------------------------------------

_FIELDS_SOURCE = """
(field_declaration (variable_declaration (variable_declarator name: (identifier) @name) @declarator)) @field
(enum_declaration name: (identifier) @enum)
(property_declaration name: (identifier) @property)
"""
_FIELD_WRITES = """
(assignment_expression left: (identifier) @name right: (_) @value)
(assignment_expression left: (member_access_expression name: (identifier) @name) right: (_) @value)
"""
_APPENDS_SOURCE = """
(invocation_expression
  function: (member_access_expression name: (identifier) @_m)
  (#any-of? @_m "Append" "AppendLine" "AppendFormat" "Insert")) @call
"""
_compiled: dict[str, tree_sitter.Query] = {}


def _query(name: str, source: str) -> tree_sitter.Query:
    query = _compiled.get(name)
    if query is None:
        query = _compiled[name] = tree_sitter.Query(languages.grammar("csharp"), source)
    return query


class _Facts:
    """Constant fields (`const`, `static readonly`), the other fields and properties, and the enums
    declared in one file."""

    def __init__(self, flow: Any) -> None:
        self.constants: dict[str, tree_sitter.Node | None] = {}
        self.members: set[str] = set()
        self.enums: set[str] = set()
        self.fields: dict[str, list[tree_sitter.Node]] = {}  # other fields: the values they are given
        cursor = tree_sitter.QueryCursor(_query("fields", _FIELDS_SOURCE))
        for _index, caps in cursor.matches(flow.file.tree.root_node):
            if "enum" in caps:
                self.enums.add(flow.text(caps["enum"][0]))
                continue
            if "property" in caps:
                self.members.add(flow.text(caps["property"][0]))
                continue
            name = flow.text(caps["name"][0])
            self.members.add(name)
            field = caps["field"][0]
            modifiers = {flow.text(c) for c in field.named_children if c.type == "modifier"}
            declarator = caps["declarator"][0]
            values = [c for c in declarator.named_children if c != declarator.child_by_field_name("name")]
            if "const" not in modifiers and not {"static", "readonly"} <= modifiers:
                self.fields.setdefault(name, []).extend(values[-1:])
                continue
            # Declared twice (in two classes of the file): a name we cannot tell apart.
            self.constants[name] = None if name in self.constants else (values[-1] if values else None)
        # Every value the other fields are given in the file: `m_table = $"Blocks-{guid}"`.
        for _index, caps in tree_sitter.QueryCursor(_query("writes", _FIELD_WRITES)).matches(flow.file.tree.root_node):
            written = flow.text(caps["name"][0])
            if written in self.fields:
                self.fields[written].append(caps["value"][0])


def _facts(flow: Any) -> _Facts:
    facts: _Facts | None = flow.file.cache.get("csharp_sql_facts")
    if facts is None:
        facts = flow.file.cache["csharp_sql_facts"] = _Facts(flow)
    return facts


def _field(flow: Any, name: str, node: tree_sitter.Node, level: int, member: bool) -> tuple[str, str | None] | None:
    """A field of this file (`m_table`, `this._table`) is as risky as the worst value the file gives
    it; None when it is no field here, a local shadows it, or it is never given a value we can see."""
    values = _facts(flow).fields.get(name)
    if not values or level > 8:
        return None
    if not member and (flow.definitions(name, node) or flow.is_parameter(name, node)):
        return None
    return worst(*(flow.classify(v, level + 1)[0] for v in values)), None


def _constant(flow: Any, name: str, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    """A const / static readonly field of this file read by its bare name (no local shadows it)."""
    facts = _facts(flow)
    if name not in facts.constants or flow.definitions(name, node) or flow.is_parameter(name, node):
        return None
    value = facts.constants[name]
    if value is None:
        return CONST, None
    # Whatever a static readonly field is set from, it is set once when the type loads: no request
    # reaches it.
    return CONST, _literal_text(flow, value)


# --- builders -------------------------------------------------------------------------------------

_FORMAT_ITEM = re.compile(r"\{\{|\}\}|\{(\d+)(?:\s*,\s*-?\d+)?(?::[^{}]*)?\}")


def _push_composite(
    flow: Any, template: tree_sitter.Node, values: list[tree_sitter.Node], level: int, stack: list[Any]
) -> bool:
    """`string.Format` / `AppendFormat`: the template's text with `{0}` ... replaced by the values."""
    text = _template_text(flow, template)
    if text is None:
        return False
    if len(values) == 1 and flow._unwrap(values[0]).type in _COLLECTIONS | {"array_creation_expression"}:
        values = _elements(flow, flow._unwrap(values[0]))  # `string.Format(sql, new object[] { a, b })`
    pieces: list[Any] = []
    cursor = 0
    for match in _FORMAT_ITEM.finditer(text):
        pieces.append(("text", text[cursor : match.start()], '"'))
        cursor = match.end()
        if match.group(1) is None:
            pieces.append(("text", match.group(0)[0], '"'))
            continue
        index = int(match.group(1))
        pieces.append(("node", values[index], "") if index < len(values) else ("dyn", None, ""))
    pieces.append(("text", text[cursor:], '"'))
    flow._push_pieces(pieces, flow._unwrap(template), level, stack)
    return True


def _template_text(flow: Any, node: tree_sitter.Node) -> str | None:
    """A format template: a literal here, or a local or constant field holding one."""
    node = flow._unwrap(node)
    text = _literal_text(flow, node)
    if text is not None:
        return text
    if node.type == "identifier":
        name = flow.text(node)
        definitions = flow.definitions(name, node)
        if len(definitions) == 1 and not definitions[0][1]:
            return _literal_text(flow, definitions[0][0])
        if not definitions:
            value = _facts(flow).constants.get(name)
            return _literal_text(flow, value) if value is not None else None
    return None


def _elements(flow: Any, node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The elements written out in a collection expression (`new[] { a, b }`, `[a, b]`, `new List<string> { a }`)."""
    node = flow._unwrap(node)
    if node.type in ("object_creation_expression", "array_creation_expression", "implicit_array_creation_expression"):
        initializer = node.child_by_field_name("initializer") or next(
            (c for c in node.named_children if c.type == "initializer_expression"), None
        )
        copied = [
            a for a in _arguments(node.child_by_field_name("arguments")) if flow._unwrap(a).type != "integer_literal"
        ]
        if copied:
            return [node]  # `new List<string>(names)`: another collection's elements, not written out
        return _elements(flow, initializer) if initializer is not None else []
    if node.type == "collection_expression":
        out = []
        for element in node.named_children:
            inner = element.named_children[0] if element.named_children else element
            if inner.type == "spread_element":
                return [node]  # `[.. other]`: not written out
            out.append(
                inner.named_children[0] if inner.type == "expression_element" and inner.named_children else inner
            )
        return out
    if node.type == "initializer_expression":
        return [c for c in node.named_children if c.type != "comment"]
    return [node]


def _builder_writes(
    flow: Any, name: str, after: int, before: tree_sitter.Node
) -> list[tuple[str, list[tree_sitter.Node]]]:
    """(method, arguments) of each StringBuilder write to local `name` between its creation and
    `before`, in the order of the text (chained appends included)."""
    function = flow.enclosing_function(before)
    if function is None:
        return []
    cursor = tree_sitter.QueryCursor(_query("appends", _APPENDS_SOURCE))
    cursor.set_byte_range(after, before.start_byte)
    writes = []
    for _index, caps in cursor.matches(function):
        call = caps["call"][0]
        if call.start_byte < after or call.end_byte > before.start_byte:
            continue
        root = _chain_root(flow, call)
        if root is None or root.type != "identifier" or flow.text(root) != name:
            continue
        arguments = call.child_by_field_name("arguments")
        position = arguments.start_byte if arguments is not None else call.end_byte
        writes.append((position, _callee(flow, call)[2], _arguments(arguments)))
    writes.sort(key=lambda write: write[0])
    return [(method, args) for _position, method, args in writes]


def _push_write(flow: Any, method: str, args: list[tree_sitter.Node], level: int, stack: list[Any]) -> None:
    """Push one StringBuilder write (the stack is read last-in first-out: push in reverse)."""
    if method == "AppendLine":
        stack.append(("part", Part("\n", None, CONST, quote='"'), level, ""))
    if method == "AppendFormat" and args:
        fmt = 1 if len(args) > 1 and _template_text(flow, args[0]) is None else 0
        if _push_composite(flow, args[fmt], args[fmt + 1 :], level, stack):
            return
    if method == "Insert" and len(args) == 2:
        stack.append(("node", args[1], level, ""))  # where it lands is unknown; what it holds is not
        return
    if len(args) == 1:
        stack.append(("node", args[0], level, ""))
    elif args:
        stack.append(("part", Part(None, None, DYNAMIC), level, ""))  # Append(char, count), Append(s, start, n)


def _push_builder(
    flow: Any, receiver: tree_sitter.Node, sink: tree_sitter.Node, level: int, built: Any, stack: list[Any]
) -> bool:
    """`sb.ToString()`: the StringBuilder's initial text and every write to it before the call."""
    receiver = flow._unwrap(receiver)
    if receiver.type == "invocation_expression":
        root = _chain_root(flow, receiver)
        if root is None or not _is_builder_creation(flow, root):
            return False
        stack.append(("node", receiver, level, ""))  # an inline chain: expand_call reads each append
        built.style = "builder" if built.style == "literal" else built.style
        return True
    if receiver.type != "identifier":
        return False
    definitions = flow.definitions(flow.text(receiver), sink)
    if not definitions or not _is_builder_creation(flow, definitions[0][0]):
        return False
    base, _appends, statement = definitions[0]
    writes = _builder_writes(flow, flow.text(receiver), statement.end_byte, sink)
    built.style = "builder" if built.style == "literal" else built.style
    built.origins.append(statement)
    for method, args in reversed(writes):
        _push_write(flow, method, args, level, stack)
    creation = flow._unwrap(base)
    initial = _arguments(creation.child_by_field_name("arguments"))
    if initial and flow._stringish(initial[0]):
        stack.append(("node", initial[0], level, ""))
    return True


def _joined(flow: Any, args: list[tree_sitter.Node]) -> list[tree_sitter.Node] | None:
    """The values of `string.Join(sep, a, b, c)` or `string.Join(sep, new[] { a, b })`, written out."""
    if len(args) > 2:
        return args[1:]
    if len(args) == 2:
        collection = flow._unwrap(args[1])
        if collection.type in _COLLECTIONS or (
            collection.type == "object_creation_expression"
            and _COLLECTION_TYPE.search(flow.field_text(collection, "type"))
        ):
            elements = _elements(flow, collection)
            if elements != [collection]:
                return elements
    return None


def _expand_call(flow: Any, node: tree_sitter.Node, level: int, built: Any, stack: list[Any]) -> bool:
    receiver, owner, method = _callee(flow, node)
    args = _arguments(node.child_by_field_name("arguments"))
    static_string = _is_string_type(owner) or owner == "System.String"
    if static_string and method == "Format" and args:
        fmt = 1 if len(args) > 1 and _template_text(flow, args[0]) is None else 0  # (IFormatProvider, format, ...)
        if _push_composite(flow, args[fmt], args[fmt + 1 :], level, stack):
            built.style = "string.Format" if built.style == "literal" else built.style
            return True
        return False
    if static_string and method == "Concat" and args:
        values = args if len(args) > 1 else _elements(flow, args[0])
        if len(values) == 1 and values[0] == args[0]:
            return False  # `string.Concat(parts)`: a collection not written out
        built.style = "concatenation" if built.style == "literal" else built.style
        for value in reversed(values):
            stack.append(("node", value, level, ""))
        return True
    if static_string and method == "Join":
        joined = _joined(flow, args)
        separator = _literal_text(flow, args[0]) if args else None
        if joined is None or separator is None:
            return False
        built.style = "concatenation" if built.style == "literal" else built.style
        for index in range(len(joined) - 1, -1, -1):
            stack.append(("node", joined[index], level, ""))
            if index and separator:
                stack.append(("part", Part(separator, args[0], CONST, quote='"'), level, ""))
        return True
    if (
        owner in ("FormattableString", "System.FormattableString")
        and method in ("Invariant", "CurrentCulture")
        and args
    ):
        stack.append(("node", args[-1], level, ""))
        return True
    if receiver is None:
        return False
    if method == "ToString" and _push_builder(flow, receiver, node, level, built, stack):
        return True
    if method in _BUILDER_WRITES:
        root = _chain_root(flow, node)
        if root is not None and _is_builder_creation(flow, root):
            # `new StringBuilder("...").Append(a).Append(b)`: the receiver first, then this write
            built.style = "builder" if built.style == "literal" else built.style
            _push_write(flow, method, args, level, stack)
            if _is_builder_creation(flow, receiver):
                initial = _arguments(flow._unwrap(receiver).child_by_field_name("arguments"))
                if initial and flow._stringish(initial[0]):
                    stack.append(("node", initial[0], level, ""))  # not `new StringBuilder(capacity)`
            else:
                stack.append(("node", receiver, level, ""))
            return True
        return False
    if method in _PASSTHROUGH:
        # `id.ToString()`, `(a + b).Trim()`, `sb.ToString().TrimEnd(',')`: the receiver's text
        stack.append(("node", receiver, level, ""))
        return True
    return False


class _Scratch:
    """A throwaway built string for a dry run of `_expand_call`."""

    def __init__(self) -> None:
        self.style = "literal"
        self.origins: list[tree_sitter.Node] = []


def _expands(flow: Any, node: tree_sitter.Node) -> bool:
    """Whether `_expand_call` reads this call as a string built in place (a dry run)."""
    return _expand_call(flow, node, 0, _Scratch(), [])


# --- classifying values -----------------------------------------------------------------------------


def _numeric_cast_above(flow: Any, node: tree_sitter.Node) -> bool:
    """`(int)status`, `(long)(x)`: the shared layers read through the cast; its type decides."""
    parent = node.parent
    while parent is not None and parent.type in ("parenthesized_expression", "cast_expression"):
        if parent.type == "cast_expression" and _NUMERIC_CAST.match(flow.field_text(parent, "type")):
            return True
        parent = parent.parent
    return False


def _lambda_parameter(flow: Any, node: tree_sitter.Node, level: int) -> str | None:
    """The kind of a lambda parameter that maps a collection: `i` of `.Select((x, i) => ...)` is an
    index, `x` is one of the collection's elements; None for other names."""
    name = flow.text(node)
    current = node.parent
    while current is not None:
        if current.type in _LAMBDAS:
            parameters = current.child_by_field_name("parameters")
            if parameters is None:
                current = current.parent
                continue
            names = (
                [flow.text(parameters)]
                if parameters.type == "implicit_parameter"
                else [flow.field_text(p, "name") for p in parameters.named_children if p.type == "parameter"]
            )
            if name not in names:
                current = current.parent
                continue
            argument = current.parent
            call = argument.parent.parent if argument is not None and argument.parent is not None else None
            if argument is None or argument.type != "argument" or call is None or call.type != "invocation_expression":
                return None
            receiver, _owner, method = _callee(flow, call)
            if method not in _MAPS and method not in ("Where", "Any", "All", "ForEach", "Sum", "Count"):
                return None
            if names.index(name) == 1:
                return NUMERIC  # `.Select((value, index) => ...)`
            if receiver is None or level > 8:
                return None
            return _collection_kind(flow, receiver, call, level + 1)
        if current.type in ("method_declaration", "constructor_declaration", "local_function_statement"):
            return None
        current = current.parent
    return None


def _collection_kind(flow: Any, node: tree_sitter.Node, before: tree_sitter.Node, level: int) -> str:
    """As risky as the worst element the collection can hold."""
    if level > flow.MAX_NESTING:
        return DYNAMIC
    node = flow._unwrap(node)
    text = flow.text(node)
    if placeholder_list_text(text):
        return SAFE
    if node.type in _COLLECTIONS or (
        node.type == "object_creation_expression" and _COLLECTION_TYPE.search(flow.field_text(node, "type"))
    ):
        elements = _elements(flow, node)
        if elements == [node]:
            return DYNAMIC
        return worst(*(flow.classify(e, level + 1)[0] for e in elements)) if elements else CONST
    if node.type == "identifier":
        name = flow.text(node)
        if (
            name in _facts(flow).constants
            and not flow.definitions(name, before)
            and not flow.is_parameter(name, before)
        ):
            return CONST  # a static readonly list of ours
        definitions = flow.definitions(name, before)
        if (
            len(definitions) == 1
            and not definitions[0][1]
            and flow._unwrap(definitions[0][0]).type == "invocation_expression"
        ):
            return _collection_kind(flow, definitions[0][0], before, level + 1)  # `var marks = ids.Select(...)`
        items = flow.list_items(name, before)
        if items is not None:
            return worst(*(flow.classify(i, level + 1)[0] for i in items)) if items else CONST
        return NUMERIC if flow.numeric_typed(name, before) else DYNAMIC
    if node.type == "invocation_expression":
        receiver, owner, method = _callee(flow, node)
        args = _arguments(node.child_by_field_name("arguments"))
        if owner in ("Enumerable", "System.Linq.Enumerable"):
            if method == "Range":
                return NUMERIC
            if method == "Repeat" and args:
                kind: str = flow.classify(args[0], level + 1)[0]
                return kind
        if method in _MAPS and args and receiver is not None:
            return _mapped_kind(flow, args[0], level)
        if method in _KEEPS_ELEMENTS and receiver is not None:
            return _collection_kind(flow, receiver, before, level + 1)
    if node.type == "member_access_expression" and flow.field_text(node, "name") in ("Keys", "Values"):
        owner_node = node.child_by_field_name("expression")
        if (
            owner_node is not None
            and owner_node.type == "identifier"
            and flow.text(owner_node) in _facts(flow).constants
        ):
            return CONST  # the keys of a static readonly map of ours
    return DYNAMIC


def _mapped_kind(flow: Any, callback: tree_sitter.Node, level: int) -> str:
    """What a `.Select(...)` callback yields: its returned expressions, or placeholders."""
    callback = flow._unwrap(callback)
    if callback.type not in _LAMBDAS:
        return DYNAMIC
    body = callback.child_by_field_name("body") or next((c for c in callback.named_children if c.type == "block"), None)
    if body is None:
        return DYNAMIC
    if body.type != "block":
        returned = [body]
    else:
        returned = []
        stack = [body]
        while stack:  # this callback's returns, not those of functions nested in it
            current = stack.pop()
            if current.type == "return_statement":
                returned.extend(c for c in current.named_children if c.type != "comment")
            elif current.type not in _LAMBDAS and current.type != "local_function_statement":
                stack.extend(current.named_children)
    return worst(*(flow.classify(r, level + 1)[0] for r in returned)) if returned else DYNAMIC


def _fixed_by_code(flow: Any, method: str, args: list[tree_sitter.Node], node: tree_sitter.Node, level: int) -> bool:
    """A call the code gives only constants, that is not an input accessor: `GetColumns("users")`,
    `Format(VolumeState.Temporary)`."""
    if not args or _INPUT_ACCESSOR.search(method) or from_request(node) or level > 8:
        return False
    return all(
        flow._unwrap(a).type in _LITERALS
        or _literal_text(flow, a) is not None
        or flow.classify(a, level + 1)[0] == CONST
        for a in args
    )


def _classify(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    kind = node.type
    if kind in _LITERALS:
        return CONST, flow.text(node)
    if kind == "character_literal":
        return CONST, flow.text(node)[1:-1]
    if _numeric_cast_above(flow, node):
        return NUMERIC, None
    if kind in _STRINGS:
        if kind == "interpolated_string_expression" and _formattable(flow, node):
            return SAFE, None  # EF Core sends each hole as a parameter
        if _string_pieces(flow, node) is None:
            return DYNAMIC, None  # a string we cannot read
        return None
    if kind == "conditional_expression":
        # `a ? x : b ? y : z` is one choice among its branches: read them all at this level, or a chain
        # of conditions would use up the depth the flow follows variables to.
        branches, pending = [], [node]
        while pending:
            current = pending.pop()
            for field in ("alternative", "consequence"):
                branch = current.child_by_field_name(field)
                if branch is not None and flow._unwrap(branch).type == "conditional_expression":
                    pending.append(flow._unwrap(branch))
                elif branch is not None:
                    branches.append(branch)
        classified = [flow.classify(b, level) for b in reversed(branches)]
        return worst(*(k for k, _ in classified)), (
            classified[0][1] if classified and all(k == CONST for k, _ in classified) else None
        )
    if kind == "switch_expression":
        values = [
            arm.named_children[-1]
            for arm in node.named_children
            if arm.type == "switch_expression_arm" and arm.named_children
        ]
        return (worst(*(flow.classify(v, level)[0] for v in values)) if values else DYNAMIC), None
    if kind == "postfix_unary_expression" and flow.text(node).endswith("!") and node.named_children:
        same: tuple[str, str | None] = flow.classify(node.named_children[0], level)  # `value!`: null-forgiving
        return same
    if kind == "prefix_unary_expression":
        operand = node.named_children[-1] if node.named_children else None
        if operand is None:
            return DYNAMIC, None
        inner = flow.classify(operand, level + 1)[0]
        return (CONST if inner == CONST else NUMERIC), None  # -x, !x, ~x: a number or a boolean
    if kind == "identifier":
        name = flow.text(node)
        constant = _constant(flow, name, node, level) or _field(flow, name, node, level, member=False)
        if constant is not None:
            return constant
        if not flow.definitions(name, node):
            parameter = _lambda_parameter(flow, node, level)
            if parameter is not None:
                return parameter, None
        return None
    if kind == "member_access_expression":
        return _classify_member(flow, node, level)
    if kind == "element_access_expression":
        container = node.child_by_field_name("expression")
        if container is not None and flow._unwrap(container).type == "identifier":
            name = flow.text(flow._unwrap(container))
            if (
                name in _facts(flow).constants
                and not flow.definitions(name, node)
                and not flow.is_parameter(name, node)
            ):
                return CONST, None  # a lookup in a static readonly map: the value is one of ours
        return None
    if kind == "invocation_expression":
        return _classify_invocation(flow, node, level)
    if kind in _COLLECTIONS or (
        kind == "object_creation_expression" and _COLLECTION_TYPE.search(flow.field_text(node, "type"))
    ):
        return _collection_kind(flow, node, node, level), None
    if kind in ("typeof_expression", "sizeof_expression", "is_pattern_expression", "is_expression"):
        return CONST, None
    return None


def _classify_member(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    text = flow.text(node)
    owner = node.child_by_field_name("expression")
    name = flow.field_text(node, "name")
    if _NUMERIC_MEMBER.search(text):
        return NUMERIC, None
    if text in ("string.Empty", "String.Empty"):
        return CONST, ""
    if text in ("Environment.NewLine", "System.Environment.NewLine"):
        return CONST, "\n"
    if _SQL_MEMBER.match(name) and not from_request(node):
        return SAFE, None  # `template.RawSql`, `filter.WhereClause`: SQL composed where it was built
    if owner is None or owner.type == "this":
        return _constant(flow, name, node, level) or _field(flow, name, node, level, member=True)  # `this.Table`
    owner = flow._unwrap(owner)
    facts = _facts(flow)
    if name in facts.fields and name.startswith(("_", "m_")):
        # `other.m_table`: a private field of a class here (a public name may be another type's member)
        return _field(flow, name, node, level, member=True)
    if owner.type == "typeof_expression":
        return CONST, None  # `typeof(User).Name`
    if owner.type == "identifier":
        owner_name = flow.text(owner)
        local = flow.definitions(owner_name, node) or flow.is_parameter(owner_name, node)
        if local:
            return None
        if owner_name in facts.enums:
            return CONST, name  # an enum member of this file reads as its name
        if name in facts.constants and owner_name[:1].isupper():
            constant = _constant(flow, name, node, level)  # `Queries.ByEmail`, a const of a class here
            if constant is not None:
                return constant
        if (
            _TYPE_NAME.match(owner_name)
            and _TYPE_NAME.match(name)
            and owner_name not in facts.members
            and owner_name not in _CONTEXT_OBJECTS
        ):
            # `OrderStatus.Shipped`, `Tables.Users`: a type's member (an enum value, a constant) when the
            # owner is no local, parameter, field or property of this file.
            return CONST, None
    return None


def _classify_invocation(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    receiver, owner, method = _callee(flow, node)
    args = _arguments(node.child_by_field_name("arguments"))
    text = flow.text(node)
    function = node.child_by_field_name("function")
    if function is not None and flow.text(function) == "nameof":
        return CONST, (text[7:-1].split(".")[-1].strip() if text.endswith(")") else None)
    if _CONFIGURATION.search(text):
        return SAFE, None
    if placeholder_list_text(text):
        return SAFE, None
    if _is_string_type(owner) and method == "Join" and len(args) >= 2 and _joined(flow, args) is None:
        return _collection_kind(flow, args[1], node, level + 1), None
    if _expands(flow, node):
        built = flow._flatten(node, level + 1)
        return built.kind, (built.sql_text() if built.kind == CONST else None)
    if method == "Replace" and receiver is not None and len(args) == 2:
        return worst(flow.classify(receiver, level + 1)[0], flow.classify(args[1], level + 1)[0]), None
    if flow.profile.numeric_calls.search(owner + "." + method if owner else method) or flow.profile.safe_calls.search(
        method
    ):
        return None  # the shared rules read these
    if _fixed_by_code(flow, method, args, node, level):
        return CONST, None  # `GetColumnList("orders")`: the code decides the text
    if _FORMATS_VALUE.search(method) and args and level <= 8:
        kinds = [flow.classify(a, level + 1)[0] for a in args]
        if all(k in (CONST, NUMERIC) for k in kinds):
            return NUMERIC, None  # `FormatInvariant(blockSize)`: a number written out
    return None


# --- the profile ----------------------------------------------------------------------------------

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
)
