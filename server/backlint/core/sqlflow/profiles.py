"""Per-language profiles: the node types and idioms of each language, and the query that finds
its assignments (plain, `+=`, list appends, loop variables).

Python, JavaScript/TypeScript, Go and Java are written out here: their profiles' data, and the hooks
for the shapes only their grammars have (Python's string nodes, the written-out lists each joins, Go's
and Java's string builders). Every other language is a package (or module) in `sqlflow/lang/` whose
`PROFILE` carries its hooks (core/sqlflow/profile.py): it is found and registered by its name.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import tree_sitter

from .. import languages
from .built import Built
from .callers import private_by_modifier
from .profile import ConstantScope, FormatCall, Joined, Piece, Profile, top_level

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

# --- Python ---------------------------------------------------------------------------------------


def _python_string_pieces(reader: Any, node: tree_sitter.Node) -> list[Piece] | None:
    """A string, or adjacent strings, read from its nodes: the quote with its prefix, text, and f-string fields."""
    strings = [node] if node.type == "string" else [c for c in node.named_children if c.type == "string"]
    pieces: list[Piece] = []
    for string in strings:
        start = string.child(0)
        prefix = reader.text(start) if start is not None else '"'
        if "b" in prefix.lower():
            return None
        is_f = "f" in prefix.lower()
        quote = prefix.replace("f", "").replace("F", "")
        for child in string.children:
            if child.type == "string_content":
                text = reader.text(child)
                if is_f:
                    text = text.replace("{{", "{").replace("}}", "}")
                pieces.append(("text", text, quote))
            elif child.type == "interpolation":
                expr = child.child_by_field_name("expression")
                conversion = child.child_by_field_name("type_conversion")
                spec_node = child.child_by_field_name("format_specifier")
                spec = reader.text(conversion) if conversion is not None else ""
                if spec_node is not None:
                    spec += ":" + reader.text(spec_node).lstrip(":")
                if expr is None:
                    return None
                pieces.append(("hole", expr, spec))
    return pieces


def _python_quote(reader: Any, node: tree_sitter.Node) -> str | None:
    if node.type != "string":
        return None
    start = node.child(0)
    if start is None:
        return '"'
    prefix: str = reader.text(start)
    return prefix.replace("f", "").replace("F", "")  # the quote with its other prefixes (`r`, `b`)


def _python_literal_text(reader: Any, node: tree_sitter.Node) -> str | None:
    if node.type == "string":
        return "".join(reader.text(c) for c in node.children if c.type == "string_content")
    if node.type == "concatenated_string":
        return "".join(reader._literal_text(c) for c in node.named_children)
    return None


def _python_join(
    flow: Any, _node: tree_sitter.Node, function: tree_sitter.Node | None, args: list[tree_sitter.Node]
) -> Joined | None:
    """`" ".join(["SELECT", cols, "FROM t"])`, or of a local list written out and appended to."""
    if function is None or function.type != "attribute" or len(args) != 1:
        return None
    receiver = function.child_by_field_name("object")
    if flow.field_text(function, "attribute") != "join" or receiver is None:
        return None
    collection = flow._unwrap(args[0])
    if collection.type in ("list", "tuple"):
        return collection.named_children, receiver
    if collection.type == "identifier":
        # `parts = ["SELECT ..."]; parts.append(f"AND name = '{name}'"); " ".join(parts)`
        items = flow._filled_list(collection, ("list",))
        if items:
            return items, receiver
    return None


def _python_private(flow: Any, function: tree_sitter.Node, name: str) -> bool:
    """A nested function, or one named `_like_this` (not `__dunder__`)."""
    nested = flow.enclosing_function(function) is not None
    return nested or (name.startswith("_") and not name.startswith("__"))


def _python_constant_scope(_scope: Any, stmt: tree_sitter.Node) -> ConstantScope | None:
    """A module's assignment is its constant; a class body's is a class attribute (only self.X / cls.X see it)."""
    parent = stmt.parent  # expression_statement
    holder = parent.parent if parent is not None else None
    if holder is None:
        return None
    if holder.type == "module":
        return "module"
    if holder.type == "block" and holder.parent is not None and holder.parent.type == "class_definition":
        return "class"
    return None


# --- JavaScript and TypeScript ----------------------------------------------------------------------


def _js_join(
    flow: Any, _node: tree_sitter.Node, function: tree_sitter.Node | None, args: list[tree_sitter.Node]
) -> Joined | None:
    """`['SELECT ', col, ' FROM t'].join('')`, or of a local array filled with `push` first."""
    if function is None or function.type != "member_expression":
        return None
    obj = function.child_by_field_name("object")
    receiver = flow._unwrap(obj) if obj is not None else None
    prop = function.child_by_field_name("property")
    if prop is None or flow.text(prop) != "join" or receiver is None or len(args) != 1:
        return None
    if receiver.type == "array":
        return receiver.named_children, args[0]
    if receiver.type == "identifier":
        items = flow._filled_list(receiver, ("array",))  # `clauses.push(...)` then join
        if items:
            return items, args[0]
    return None


def _js_private(flow: Any, function: tree_sitter.Node, name: str) -> bool:
    """Neither exported where it is declared nor through `exports` later."""
    parent = function.parent
    exported = parent is not None and parent.type == "export_statement"
    exported_later = re.search(rb"\bexports\b[^\n]*\b" + re.escape(name.encode()) + rb"\b", flow.file.data)
    return not exported and exported_later is None


def _js_constant_scope(scope: Any, stmt: tree_sitter.Node) -> ConstantScope | None:
    """A `const` declared at the top of the module (exported or not)."""
    decl = stmt.parent
    if decl is None or decl.type not in ("lexical_declaration", "variable_declaration"):
        return None
    holder = decl.parent
    if holder is not None and holder.type == "export_statement":
        holder = holder.parent
    at_top = holder is not None and holder.type == "program"
    return "module" if at_top and scope.text(decl).startswith("const") else None


def _js_map_call(scope: Any, node: tree_sitter.Node) -> tuple[tree_sitter.Node, int] | None:
    """`xs.map(callback)`, and `Array.from({ length: n }, (_, i) => ...)` with its callback second."""
    function = node.child_by_field_name("function")
    if function is not None and scope.text(function) == "Array.from":
        return node, 1
    if function is None or function.type != "member_expression" or scope.field_text(function, "property") != "map":
        return None
    return node, 0


# --- Go -------------------------------------------------------------------------------------------


def _go_join(
    flow: Any, _node: tree_sitter.Node, function: tree_sitter.Node | None, args: list[tree_sitter.Node]
) -> Joined | None:
    """`strings.Join([]string{...}, " ")`."""
    if function is None or flow.text(function) != "strings.Join" or len(args) != 2:
        return None
    collection = flow._unwrap(args[0])
    body = collection.child_by_field_name("body") if collection.type == "composite_literal" else None
    if body is None:
        return None
    elements = [
        c.named_children[0] if c.type == "literal_element" and c.named_children else c for c in body.named_children
    ]
    return elements, args[1]


def _go_read_builder(flow: Any, expr: tree_sitter.Node) -> list[Built] | None:
    """`b.String()` of a `strings.Builder` / `bytes.Buffer` filled with WriteString (or Fprintf) before."""
    if expr.type != "call_expression":
        return None
    function = expr.child_by_field_name("function")
    arguments = expr.child_by_field_name("arguments")
    if function is None or function.type != "selector_expression":
        return None
    if arguments is not None and arguments.named_children:
        return None
    receiver = function.child_by_field_name("operand")
    if flow.field_text(function, "field") != "String" or receiver is None or receiver.type != "identifier":
        return None
    name = flow.text(receiver)
    enclosing = flow.enclosing_function(expr)
    if enclosing is None:
        return []
    writes = [
        e
        for e in flow._function_assignments(enclosing)
        if e[0] == name and e[1] == "aug" and e[3].end_byte <= expr.start_byte and e[3].type == "call_expression"
    ]
    if not writes:
        return []
    built = Built(node=writes[0][3], style="builder", direct=False)
    for index, (_name, _kind, value, stmt) in enumerate(writes):
        piece = flow._flatten(value, 1)
        built.parts.extend(piece.parts)
        if index == 0 or piece.risky_holes:
            built.origins.append(stmt)
    return [built]


# --- Java -----------------------------------------------------------------------------------------


def _java_join(
    flow: Any, node: tree_sitter.Node, _function: tree_sitter.Node | None, args: list[tree_sitter.Node]
) -> Joined | None:
    """`String.join(" ", a, b, c)`; `String.join(sep, list)` joins a collection, not written out here."""
    if len(args) < 3:
        return None
    name, receiver = node.child_by_field_name("name"), node.child_by_field_name("object")
    if name is None or flow.text(name) != "join" or receiver is None or flow.text(receiver) != "String":
        return None
    return args[1:], args[0]


def _java_read_builder(flow: Any, expr: tree_sitter.Node) -> list[Built] | None:
    """`sb.toString()` of a local StringBuilder: its first value, then what was appended to it before."""
    if expr.type != "method_invocation":
        return None
    name_node, arguments = expr.child_by_field_name("name"), expr.child_by_field_name("arguments")
    if name_node is None or flow.text(name_node) != "toString" or (arguments is not None and arguments.named_children):
        return None
    receiver = expr.child_by_field_name("object")
    if receiver is None or receiver.type != "identifier":
        return None
    name = flow.text(receiver)
    definitions = flow.definitions(name, expr)
    if not definitions:
        return []
    base, _aug, stmt = definitions[0]
    built = flow._flatten(base, 1)
    built.style = "builder"
    built.direct = False
    built.origins.append(stmt)
    function = flow.enclosing_function(expr)
    if function is None:  # never: a local has a definition only inside a function
        return [built]
    for _entry_name, kind, value, item_stmt in flow._function_assignments(function):
        if kind != "item" or item_stmt.start_byte <= stmt.start_byte or item_stmt.end_byte > expr.start_byte:
            continue
        if _chain_root(item_stmt, flow) != name:
            continue
        built.parts.extend(flow._flatten(value, 1).parts)
    return [built]


def _chain_root(node: tree_sitter.Node, flow: Any) -> str:
    current: tree_sitter.Node | None = node
    while current is not None and current.type == "method_invocation":
        current = current.child_by_field_name("object")
    return flow.text(current) if current is not None and current.type == "identifier" else ""


_java_field_compiled: list[tree_sitter.Query] = []


def _java_static_finals(scope: Any) -> Iterator[tuple[str, tree_sitter.Node | None]]:
    """`static final` fields, found with a small query (never a walk over the whole tree)."""
    if not _java_field_compiled:
        _java_field_compiled.append(
            tree_sitter.Query(
                languages.grammar("java"),
                "(field_declaration (modifiers) @_mods"
                " declarator: (variable_declarator name: (identifier) @name value: (_)? @value))",
            )
        )
    for _i, caps in tree_sitter.QueryCursor(_java_field_compiled[0]).matches(scope.file.tree.root_node):
        mods = scope.text(caps["_mods"][0])
        if "final" not in mods.split():
            continue
        value = caps.get("value")
        yield scope.text(caps["name"][0]), (value[0] if value else None)


def _java_map_call(scope: Any, node: tree_sitter.Node) -> tuple[tree_sitter.Node, int] | None:
    """`xs.stream().map(lambda)...`: the `map` call in the chain."""
    current: tree_sitter.Node | None = node
    while current is not None and current.type == "method_invocation" and scope.field_text(current, "name") != "map":
        current = current.child_by_field_name("object")
    if current is None or current.type != "method_invocation":
        return None
    return current, 0


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
        string_pieces=_python_string_pieces,
        quote_of=_python_quote,
        literal_text=_python_literal_text,
        interpolated_style="f-string",
        percent_formats=True,
        format_methods={"format": FormatCall("format", fields=True)},
        written_join=_python_join,
        count_members=frozenset(),
        opaque_members=frozenset({"id", "pk", "count"}),
        counting_calls=frozenset({"range"}),
        stringify_calls=frozenset({"format"}),
        passthrough_calls=frozenset({"str", "strip", "lower", "upper", "title", "rstrip", "lstrip", "replace"}),
        join_collection=0,
        private_function=_python_private,
        receiver_parameters=frozenset({"self", "cls"}),
        constant_scope=_python_constant_scope,
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
        # util.format / pg-format: %s splices text in; pg-format's %L and %I quote (quoting_specs)
        format_functions={
            name: FormatCall("template")
            for name in ("format", "util.format", "pgFormat", "pg_format", "sqlFormat", "format.withArray")
        },
        quoting_specs=frozenset({"%L", "%I"}),
        written_join=_js_join,
        private_function=_js_private,
        constant_scope=_js_constant_scope,
        class_fields="(field_definition property: (property_identifier) @name value: (_) @value)",
        map_call=_js_map_call,
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
        format_functions={"fmt.Sprintf": FormatCall("sprintf"), "fmt.Fprintf": FormatCall("sprintf", template=1)},
        written_join=_go_join,
        read_builder=_go_read_builder,
        constant_table_members=False,
        stringify_calls=frozenset({"fmt.Sprint"}),
        dynamic_conversions=frozenset({"string"}),
        passthrough_calls=frozenset(
            {
                "strings.Repeat",
                "strings.TrimSuffix",
                "strings.TrimRight",
                "strings.TrimSpace",
                "strings.ToUpper",
                "strings.ToLower",
                "fmt.Sprint",
                "string",
            }
        ),
        join_collection=0,
        constant_scope=top_level,
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
        method_fields=("object", "name"),
        format_functions={
            "String.format": FormatCall("string-format", after_locale=True),
            "MessageFormat.format": FormatCall("string-format", fields=True),
            "java.text.MessageFormat.format": FormatCall("string-format", fields=True),
        },
        format_methods={"formatted": FormatCall("string-format")},
        written_join=_java_join,
        concat_methods=frozenset({"concat"}),
        builder_appends=frozenset({"append", "concat"}),
        builder_reads=frozenset({"toString"}),
        read_builder=_java_read_builder,
        text_calls=re.compile(r"String\.(?:.*\.)?valueOf", re.S),
        passthrough_calls=frozenset(
            {
                "String.valueOf",
                "toString",
                "trim",
                "toUpperCase",
                "toLowerCase",
                "repeat",
                "nCopies",
                "Collections.nCopies",
                "name",
            }
        ),
        join_collection=1,
        private_function=private_by_modifier,
        field_constants=_java_static_finals,
        map_call=_java_map_call,
    ),
}
# TypeScript's grammar names a class field differently; TSX is TypeScript's grammar.
_PROFILES["typescript"] = replace(
    _PROFILES["javascript"],
    class_fields="(public_field_definition name: (property_identifier) @name value: (_) @value)",
)
_PROFILES["tsx"] = _PROFILES["typescript"]


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
