"""Kotlin's SQL flow: string templates (`"$name"`, `"${expr}"`, raw `\"\"\"` strings), `+`,
`String.format` / `"...".format(...)`, `buildString { append(...) }` and StringBuilder chains, lists
joined with `joinToString`, and the values Kotlin code splices in (member access, `toInt()`,
`if` / `when` expressions, `?:`).

Only `built`, `profile` and `sql_text` are imported at module level: `profiles` imports this module
while the flow's layers are still being defined.
"""

from __future__ import annotations

import re
from typing import Any

import tree_sitter

from ..built import CONST, DYNAMIC, NUMERIC, SAFE, Built, Part, worst
from ..profile import Piece, Profile
from ..sql_text import placeholder_list_text

_ASSIGN = """
(property_declaration (variable_declaration . (identifier) @name) "=" . (_) @value) @_stmt
(assignment left: (identifier) @name operator: "=" right: (_) @value) @_stmt
(assignment left: (identifier) @name operator: "+=" right: (_) @value) @_aug
(call_expression (navigation_expression (_) @name . (identifier) @_m .)
      (value_arguments . (value_argument (_) @value .) .)
      (#any-of? @_m "add" "append" "appendLine")) @_item
(for_statement (variable_declaration . (identifier) @name) "in" . (_) @value) @_loop
"""

_CONST_NAME = re.compile(r"^_*[A-Z][A-Z0-9_]*$")
_COMMENTS = ("line_comment", "block_comment", "comment")

# --- `$name` entries ---------------------------------------------------------------------------------

# This grammar version leaves `$name` in a one-line string as two string_content nodes, "$" and
# "name...", and parses only `${...}` (and `$name` in raw strings) as an interpolation.
_TEMPLATE_NAME = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*|`[^`\r\n]+`")


class _TemplateName:
    """The identifier of a `$name` entry the grammar left inside string_content: the few members of
    tree_sitter.Node the flow reads of a hole, with the string literal as its parent so that the
    scope of the name (the enclosing function) is found as for any other node."""

    type = "identifier"
    is_named = True
    children: tuple[tree_sitter.Node, ...] = ()
    named_children: tuple[tree_sitter.Node, ...] = ()
    child_count = 0
    named_child_count = 0

    def __init__(self, parent: tree_sitter.Node, start: int, end: int, text: bytes) -> None:
        self.parent = parent
        self.start_byte = start
        self.end_byte = end
        self.text = text

    def child_by_field_name(self, _name: str) -> None:
        return None

    def child(self, _index: int) -> None:
        return None


_ESCAPES = {"\\$": "$", '\\"': '"', "\\'": "'"}


def _string_pieces(reader: Any, node: tree_sitter.Node) -> list[Piece] | None:
    quote = '"""' if node.type == "multiline_string_literal" else '"'
    data: bytes = reader.file.data
    pieces: list[Piece] = []
    children = node.children
    index = 0
    while index < len(children):
        child = children[index]
        index += 1
        if child.type == "string_content":
            following = children[index] if index < len(children) else None
            if data[child.start_byte : child.end_byte] == b"$" and following is not None:
                name = (
                    _TEMPLATE_NAME.match(data, following.start_byte, following.end_byte)
                    if following.type == "string_content"
                    else None
                )
                if name is not None:
                    proxy: Any = _TemplateName(node, name.start(), name.end(), name.group(0))
                    pieces.append(("hole", proxy, ""))
                    rest = data[name.end() : following.end_byte].decode("utf-8", "replace")
                    if rest:
                        pieces.append(("text", rest, quote))
                    index += 1
                    continue
            pieces.append(("text", reader.text(child), quote))
        elif child.type == "escape_sequence":
            raw = reader.text(child)
            pieces.append(("text", _ESCAPES.get(raw, raw), quote))
        elif child.type == "interpolation":
            inner = [c for c in child.named_children if c.type not in _COMMENTS]
            if not inner:
                return None
            pieces.append(("hole", inner[0], ""))
    return pieces


# --- calls ---------------------------------------------------------------------------------------


class _Call:
    """A call's parts (this grammar names none of them): what is called, on what, with which
    arguments and trailing lambda. `f(a) { ... }` is two nested call nodes; they are read as one."""

    def __init__(self, flow: Any, node: tree_sitter.Node) -> None:
        named = [c for c in node.named_children if c.type not in _COMMENTS]
        callee = named[0] if named else None
        rest = named[1:]
        lam = next((c for c in rest if c.type == "annotated_lambda"), None)
        arguments = next((c for c in rest if c.type == "value_arguments"), None)
        if callee is not None and callee.type == "call_expression" and arguments is None and lam is not None:
            inner = [c for c in callee.named_children if c.type not in _COMMENTS]
            callee = inner[0] if inner else None
            arguments = next((c for c in inner[1:] if c.type == "value_arguments"), None)
        self.callee = callee
        self.args: list[tree_sitter.Node] = []
        self.names: list[str] = []  # the argument's name, "" when positional
        for argument in arguments.named_children if arguments is not None else []:
            if argument.type != "value_argument" or not argument.named_children:
                continue
            parts = [c for c in argument.named_children if c.type not in _COMMENTS]
            self.args.append(parts[-1])
            named_argument = len(parts) > 1 and any(not c.is_named and c.type == "=" for c in argument.children)
            self.names.append(flow.text(parts[0]) if named_argument else "")
        self.lambda_body = None
        if lam is not None:
            self.lambda_body = next((c for c in lam.named_children if c.type == "lambda_literal"), None)
        self.receiver: tree_sitter.Node | None = None
        self.method = ""
        if callee is not None and callee.type == "navigation_expression":
            parts = [c for c in callee.named_children if c.type not in _COMMENTS]
            if len(parts) == 2 and parts[1].type == "identifier":
                self.receiver, self.method = parts[0], flow.text(parts[1])
        elif callee is not None and callee.type == "identifier":
            self.method = flow.text(callee)
        self.receiver_text = flow.text(self.receiver) if self.receiver is not None else ""


def _lambda_results(body: tree_sitter.Node | None) -> list[tree_sitter.Node]:
    """What a lambda (or a block) yields: its last expression, through nested `if` / `when`."""
    if body is None:
        return []
    statements = [c for c in body.named_children if c.type not in _COMMENTS and c.type != "lambda_parameters"]
    if not statements:
        return []
    return _values_of(statements[-1])


def _values_of(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The values an expression can yield: both branches of `if`, every `when` entry, the last
    expression of a block. A branch that throws or returns yields nothing."""
    out: list[tree_sitter.Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        while current.type == "parenthesized_expression" and current.named_children:
            current = current.named_children[0]
        if current.type in ("throw_expression", "return_expression"):
            continue
        if current.type in ("block", "lambda_literal"):
            statements = [c for c in current.named_children if c.type not in _COMMENTS]
            if statements:
                stack.append(statements[-1])
            continue
        if current.type == "if_expression":
            condition = current.child_by_field_name("condition")
            stack.extend(c for c in current.named_children if c != condition and c.type not in _COMMENTS)
            continue
        if current.type == "when_expression":
            for entry in current.named_children:
                if entry.type != "when_entry":
                    continue
                bodies = [
                    c
                    for i, c in enumerate(entry.children)
                    if c.is_named and entry.field_name_for_child(i) != "condition" and c.type not in _COMMENTS
                ]
                if bodies:
                    stack.append(bodies[-1])
            continue
        out.append(current)
    return out


# Calls that return their receiver's text reshaped: as risky as the receiver (and their arguments).
_PASSTHROUGH = {
    "trim", "trimIndent", "trimMargin", "trimStart", "trimEnd", "lowercase", "uppercase", "toLowerCase",
    "toUpperCase", "toString", "removeSuffix", "removePrefix", "removeSurrounding", "replace", "prependIndent",
    "replaceIndent", "take", "takeLast", "drop", "dropLast", "substring", "padStart", "padEnd", "plus",
    "requireNotNull", "checkNotNull", "orEmpty", "ifBlank", "ifEmpty", "capitalize", "replaceFirstChar",
}  # fmt: skip
_NUMERIC_METHODS = {
    "toInt", "toLong", "toShort", "toByte", "toDouble", "toFloat", "toBigDecimal", "toBigInteger", "toIntOrNull",
    "toLongOrNull", "toDoubleOrNull", "toUInt", "toULong", "count", "sum", "sumOf", "size", "coerceIn",
    "coerceAtMost", "coerceAtLeast", "roundToInt", "roundToLong", "parseInt", "parseLong", "parseDouble",
    "maxOf", "minOf", "abs", "ordinal", "hashCode", "nextInt", "nextLong", "currentTimeMillis", "nanoTime",
    "toEpochMilli", "epochSecond", "indexOf", "lastIndexOf", "compareTo", "isEmpty", "isNotEmpty", "isBlank",
    "isNotBlank", "contains", "toBoolean", "toBooleanStrict",
}  # fmt: skip
# Values that cannot carry SQL text: numbers, UUIDs, dates (their text is digits and separators).
_NUMERIC_CALLEE = re.compile(
    r"^(?:java\.util\.)?UUID\.(?:fromString|randomUUID|nameUUIDFromBytes)$|^(?:Integer|Long|Int|Double|Short)\.(?:parseInt"
    r"|parseLong|valueOf|parseDouble)$|^(?:LocalDate|LocalDateTime|Instant|OffsetDateTime|ZonedDateTime|LocalTime)\.\w+$"
    r"|^(?:Math|kotlin\.math)\.\w+$"
)
_SAFE_METHODS = {
    "escapeSql",
    "quoteIdentifier",
    "enquoteIdentifier",
    "enquoteLiteral",
    "quote",
    "escape",
    "placeholders",
}
_FORMAT_RECEIVERS = {"String", "java.lang.String"}
_ENV = re.compile(r"^System\.(?:getenv|getProperty)$")
# Member names that are numbers whatever their owner.
_NUMERIC_MEMBERS = {"size", "length", "lastIndex", "ordinal", "epochSecond", "nano", "year", "monthValue", "dayOfMonth"}
# Collections written out in place: their arguments are the elements.
_COLLECTION_BUILDERS = {
    "listOf", "setOf", "arrayOf", "mutableListOf", "mutableSetOf", "arrayListOf", "hashSetOf", "linkedSetOf",
    "sortedSetOf", "listOfNotNull",
}  # fmt: skip
_BUILDER_TYPES = {"StringBuilder", "java.lang.StringBuilder", "StringBuffer"}
_APPENDS = {"append", "appendLine"}


def _is_format(flow: Any, call: _Call) -> bool:
    return call.method == "format" and call.receiver is not None and bool(call.args)


def _builds_string(flow: Any, node: tree_sitter.Node) -> bool:
    """The call builds a string from pieces `_expand_call` reads (a format, a builder, a reshaped
    string, a list of pieces joined in place): asked of `_expand_call` itself, so that the two can
    never disagree (classify flattens such a call, and flattening a call it cannot read classifies it)."""
    return _expand_call(flow, node, 0, Built(node=node, style="literal"), [])


def _builder_root(flow: Any, node: tree_sitter.Node) -> tree_sitter.Node | None:
    """`StringBuilder(...)` at the root of an append chain, or the local `sb` holding one."""
    current: tree_sitter.Node = flow._unwrap(node)
    while current.type == "call_expression":
        call = _Call(flow, current)
        if call.method in _BUILDER_TYPES and call.receiver is None:
            return current
        if call.method not in _APPENDS or call.receiver is None:
            return None
        current = flow._unwrap(call.receiver)
    if current.type == "identifier":
        definitions = flow.definitions(flow.text(current), current)
        if len(definitions) == 1 and definitions[0][0].type == "call_expression":
            base = _Call(flow, definitions[0][0])
            if base.method in _BUILDER_TYPES and base.receiver is None:
                return current
    return None


def _written_out(flow: Any, node: tree_sitter.Node | None) -> list[tree_sitter.Node] | None:
    """The elements of `listOf(a, b, c)` written in place; None for any other collection."""
    if node is None:
        return None
    node = flow._unwrap(node)
    if node.type != "call_expression":
        return None
    call = _Call(flow, node)
    if call.method in _COLLECTION_BUILDERS and call.receiver is None and call.lambda_body is None:
        return call.args
    return None


def _push_text(stack: list[Any], text: str, node: tree_sitter.Node, level: int) -> None:
    stack.append(("part", Part(text, node, CONST, quote='"'), level, ""))


def _expand_call(flow: Any, node: tree_sitter.Node, level: int, built: Any, stack: list[Any]) -> bool:
    """Push the pieces of a call that builds a string; False for any other call (a hole)."""
    from ..flatten import PRINTF_VERB  # the flow's layers import this module's profile

    call = _Call(flow, node)
    if _is_format(flow, call):
        receiver = call.receiver
        args = call.args
        if call.receiver_text in _FORMAT_RECEIVERS:
            # String.format(fmt, args...), String.format(locale, fmt, args...)
            at = 1 if len(args) > 1 and flow._template(args[0]) is None else 0
            template = flow._template(args[at])
            args = args[at + 1 :]
        else:
            template = flow._template(receiver) if receiver is not None else None  # "...".format(args...)
        if template is None:
            return False
        built.style = "string-format" if built.style == "literal" else built.style
        flow._push_formatted(template[0], template[1], PRINTF_VERB, args, level, stack)
        return True
    if call.method in ("trimIndent", "trimMargin", "trim", "prependIndent") and call.receiver is not None:
        stack.append(("node", call.receiver, level, ""))
        return True
    if call.method == "buildString" and call.lambda_body is not None:
        built.style = "builder" if built.style == "literal" else built.style
        for value, newline in reversed(_implicit_appends(flow, call.lambda_body)):
            if newline:
                _push_text(stack, "\n", node, level)
            stack.append(("node", value, level, ""))
        return True
    if call.receiver is not None and (call.method in _APPENDS or (call.method == "toString" and not call.args)):
        root = _builder_root(flow, call.receiver)
        if root is None:
            return False
        built.style = "builder" if built.style == "literal" else built.style
        pieces = _builder_pieces(flow, node, root)
        if pieces is None:
            return False
        for value, newline in reversed(pieces):
            if newline:
                _push_text(stack, "\n", node, level)
            stack.append(("node", value, level, ""))
        return True
    if call.method == "joinToString" and call.lambda_body is None:
        elements = _written_out(flow, call.receiver)
        if elements is None:
            return False
        separator = call.args[0] if call.args else None
        if separator is not None and not flow._plain_string(separator):
            return False
        built.style = "concatenation" if built.style == "literal" else built.style
        for index in range(len(elements) - 1, -1, -1):
            stack.append(("node", elements[index], level, ""))
            if index:
                if separator is not None:
                    stack.append(("node", separator, level, ""))
                else:
                    _push_text(stack, ", ", node, level)
        return True
    return False


def _implicit_appends(flow: Any, body: tree_sitter.Node) -> list[tuple[tree_sitter.Node, bool]]:
    """`append(x)` / `appendLine(x)` calls on the implicit receiver of `buildString { ... }`, in
    order (chains `append(a).append(b)` included, nested buildString calls left out)."""
    found: list[tuple[tree_sitter.Node, bool]] = []
    stack = list(reversed(body.named_children))
    while stack:
        current = stack.pop()
        if current.type == "call_expression":
            call = _Call(flow, current)
            if call.method == "buildString":
                continue
            if call.method in _APPENDS and call.args and _implicit_chain(flow, call):
                found.append((call.args[0], call.method == "appendLine"))
        stack.extend(reversed(current.named_children))
    found.sort(key=lambda entry: entry[0].start_byte)
    return found


def _implicit_chain(flow: Any, call: _Call) -> bool:
    receiver = call.receiver
    while receiver is not None:
        receiver = flow._unwrap(receiver)
        if receiver.type == "this_expression":
            return True
        if receiver.type != "call_expression":
            return False
        inner = _Call(flow, receiver)
        if inner.method not in _APPENDS:
            return False
        receiver = inner.receiver
    return True


def _builder_pieces(
    flow: Any, node: tree_sitter.Node, root: tree_sitter.Node
) -> list[tuple[tree_sitter.Node, bool]] | None:
    """What a StringBuilder holds when `node` reads it: its initial text and every append before."""
    pieces: list[tuple[tree_sitter.Node, bool]] = []
    if root.type == "call_expression":  # StringBuilder("...").append(a).append(b): the chain itself
        start = _Call(flow, root)
        if start.args and start.args[0].type != "number_literal":
            pieces.append((start.args[0], False))
        return pieces + _chained_appends(flow, node, root)
    name = flow.text(root)
    definitions = flow.definitions(name, root)
    if len(definitions) != 1:
        return None
    base, _appends, statement = definitions[0]
    start = _Call(flow, base)
    if start.args and start.args[0].type != "number_literal":
        pieces.append((start.args[0], False))
    function = flow.enclosing_function(node)
    if function is None:
        return None
    for _entry, kind, value, item in flow._function_assignments(function):
        if kind != "item" or item.start_byte <= statement.start_byte or item.end_byte > node.start_byte:
            continue
        if _chain_root_text(flow, item) != name:
            continue
        method = _Call(flow, item).method
        if method in _APPENDS:
            pieces.append((value, method == "appendLine"))
    return pieces + _chained_appends(flow, node, root)  # sb.append(x).toString()


def _chained_appends(flow: Any, node: tree_sitter.Node, root: tree_sitter.Node) -> list[tuple[tree_sitter.Node, bool]]:
    """The appends of a chain `root.append(a).append(b)...` that ends at `node`, in order."""
    links: list[tuple[tree_sitter.Node, bool]] = []
    current = node
    while current.type == "call_expression" and current != root:
        call = _Call(flow, current)
        if call.method in _APPENDS and call.args:
            links.append((call.args[0], call.method == "appendLine"))
        if call.receiver is None:
            break
        current = flow._unwrap(call.receiver)
    return list(reversed(links))


def _chain_root_text(flow: Any, node: tree_sitter.Node) -> str:
    current: tree_sitter.Node | None = node
    while current is not None and current.type == "call_expression":
        current = _Call(flow, current).receiver
    return flow.text(current) if current is not None and current.type == "identifier" else ""


# --- classifying ---------------------------------------------------------------------------------


def _classify(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    typ = node.type
    if typ in ("number_literal", "character_literal"):
        return CONST, flow.text(node)
    if typ == "identifier":
        name = flow.text(node)
        if name in ("true", "false", "null"):
            return CONST, name
        definitions = flow.definitions(name, node) if level < flow.MAX_DEPTH else []
        if len(definitions) == 1 and definitions[0][2].type == "for_statement":
            # `for (table in listOf("a", "b"))`, `for (id in ids)` with `ids: List<Long>`
            return _element_kind(flow, definitions[0][0], node, level + 1), None
        return None
    if typ == "unary_expression":
        operator = node.child_by_field_name("operator")
        argument = node.child_by_field_name("argument")
        if operator is not None and argument is not None and flow.text(operator) == "!!":
            return flow.classify(argument, level + 1)[0], None
        return None
    if typ == "binary_expression":
        operator = node.child_by_field_name("operator")
        if operator is not None and flow.text(operator) == "?:":
            # `limit ?: 20`, `ALLOWED[sort] ?: throw ...`: a branch that leaves the function yields nothing
            values = [
                v
                for side in ("left", "right")
                if (c := node.child_by_field_name(side)) is not None
                for v in _values_of(c)
            ]
            return worst(*(flow.classify(v, level + 1)[0] for v in values)), None
        return None
    if typ in ("if_expression", "when_expression"):
        values = _values_of(node)
        classified = [flow.classify(v, level + 1) for v in values]
        texts = {t for _, t in classified}
        kind = worst(*(k for k, _ in classified))
        return kind, (next(iter(texts)) if kind == CONST and len(texts) == 1 else None)
    if typ == "navigation_expression":
        return _classify_member(flow, node, level)
    if typ == "call_expression":
        return _classify_call(flow, node, level)
    if typ == "callable_reference":
        return CONST, None
    return None


def _classify_member(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None]:
    parts = [c for c in node.named_children if c.type not in _COMMENTS]
    text = flow.text(node)
    if len(parts) != 2 or "::" in text:
        return CONST, None  # `User::class.simpleName`: a name the code has
    owner, member = parts
    last = flow.text(member)
    if last in _NUMERIC_MEMBERS:
        return NUMERIC, None
    owner_text = flow.text(owner)
    if owner.type == "this_expression" or owner_text == "Companion":
        constants = flow.constants()
        if last in constants:
            return CONST, flow._const_value_text(constants[last])
        return (CONST, None) if _CONST_NAME.match(last) else (DYNAMIC, None)
    if _CONST_NAME.match(last):
        return CONST, flow._const_value_text(flow.constants().get(last))
    # `Tables.USERS`, `Queries.byEmail`, `Status.ACTIVE.name`: members of an object, a companion or
    # an enum the code declares, not values from a caller.
    root = owner
    while root.type == "navigation_expression" and root.named_children:
        root = root.named_children[0]
    if root.type == "identifier" and flow.text(root)[:1].isupper() and not flow.definitions(flow.text(root), node):
        return CONST, None
    if (
        last == "name"
        and owner.type == "navigation_expression"
        and _CONST_NAME.match(flow.text(owner.named_children[-1]))
    ):
        return CONST, None  # `Status.ACTIVE.name`
    return DYNAMIC, None


def _classify_call(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    call = _Call(flow, node)
    callee = flow.text(call.callee) if call.callee is not None else ""
    method = call.method
    if _ENV.match(callee):
        return SAFE, None  # deployment configuration, not request data
    if placeholder_list_text(flow.text(node)):
        return SAFE, None
    if method in _NUMERIC_METHODS or _NUMERIC_CALLEE.match(callee):
        return NUMERIC, None
    if method in _SAFE_METHODS:
        return SAFE, None
    if _builds_string(flow, node):
        built = flow._flatten(node, level + 1)
        return built.kind, (built.sql_text() if built.kind == CONST else None)
    if method == "joinToString" or method == "map":
        return _classify_joined(flow, call, node, level), None
    if method in _PASSTHROUGH:
        inputs = [a for a in call.args if a.type != "lambda_literal"]
        if call.receiver is not None:
            inputs.append(call.receiver)
        return (worst(*(flow.classify(a, level + 1)[0] for a in inputs)) if inputs else CONST), None
    if _object_call(flow, call):
        return CONST, None  # `FilmsTable.nameInDatabaseCase()`: an object's own text, computed by code
    if call.callee is not None and call.method:
        returned = _declared_results(flow, method, node)
        if returned:
            # `ORDER BY ${orderBy(sort)}` with `private fun orderBy(sort: Sort) = when (sort) { ... }`,
            # `${dir.sql()}` with `private fun Direction.sql() = when (this) { ... }`: as risky as what
            # the one function of that name in this file returns.
            resolving: set[int] = flow.file.cache.setdefault(_RESOLVING, set())
            key = returned[0].start_byte
            resolving.add(key)
            try:
                classified = [flow.classify(value, level + 1) for value in returned]
            finally:
                resolving.discard(key)
            kind = worst(*(k for k, _ in classified))
            texts = {t for _, t in classified}
            return kind, (next(iter(texts)) if kind == CONST and len(texts) == 1 else None)
    if method in ("let", "run", "also", "apply", "takeIf", "takeUnless") and call.receiver is not None:
        if method in ("also", "apply", "takeIf", "takeUnless"):
            return flow.classify(call.receiver, level + 1)[0], None
        return None
    return None


_LITERALS = frozenset({"string_literal", "number_literal", "float_literal", "character_literal"})


def _object_call(flow: Any, call: _Call) -> bool:
    """A call on an object, enum or companion the code declares (`Tables.USERS.qualifiedName()`),
    with no arguments or only literal ones."""
    root = call.receiver
    while root is not None and root.type == "navigation_expression" and root.named_children:
        root = root.named_children[0]
    if root is None or root.type != "identifier" or not flow.text(root)[:1].isupper():
        return False
    if flow.definitions(flow.text(root), root) or flow.is_parameter(flow.text(root), root):
        return False
    return all(
        a.type in _LITERALS and not any(c.type == "interpolation" or c.text == b"$" for c in a.named_children)
        for a in call.args
    )


_DECLARATIONS = "(function_declaration name: (identifier) @name (function_body) @body) @function"
_declarations_query: list[tree_sitter.Query] = []
_RESOLVING = "kotlin_resolving"  # file.cache key: the functions whose results are being classified


def _declared_results(flow: Any, name: str, call: tree_sitter.Node) -> list[tree_sitter.Node]:
    """What the one function of that name declared in this file returns (expression body or
    `return` values); [] when there is none, several, or it is already being followed (recursion)."""
    cache = flow.file.cache
    functions = cache.get("kotlin_functions")
    if functions is None:
        if not _declarations_query:
            from ... import languages  # the grammar registry; imported here like the flow's layers

            _declarations_query.append(tree_sitter.Query(languages.grammar("kotlin"), _DECLARATIONS))
        functions = {}
        cursor = tree_sitter.QueryCursor(_declarations_query[0])
        for _index, caps in cursor.matches(flow.file.tree.root_node):
            functions.setdefault(flow.text(caps["name"][0]), []).append(caps["body"][0])
        cache["kotlin_functions"] = functions
    bodies = functions.get(name, [])
    if len(bodies) != 1:
        return []
    body = bodies[0]
    if body.start_byte <= call.start_byte < body.end_byte:
        return []  # a call inside the function itself
    inner = [c for c in body.named_children if c.type not in _COMMENTS]
    if not inner:
        return []
    if inner[0].type != "block":
        values = _values_of(inner[0])
    else:
        values = []
        for node in _descendants(inner[0]):
            if node.type == "return_expression":
                returned = [c for c in node.named_children if c.type not in _COMMENTS]
                if not returned:
                    return []
                values.extend(_values_of(returned[0]))
    resolving: set[int] = cache.get(_RESOLVING, set())
    return [] if values and values[0].start_byte in resolving else values


def _descendants(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The nodes under one function body, skipping nested functions and lambdas (their `return`s)."""
    out: list[tree_sitter.Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(c for c in current.named_children if c.type not in ("function_declaration", "lambda_literal"))
    return out


def _classify_joined(flow: Any, call: _Call, node: tree_sitter.Node, level: int) -> str:
    """`xs.joinToString(sep) { transform }` / `xs.map { ... }`: as risky as what each element
    becomes; the transform's parameter (`it`) stands for an element of `xs`."""
    elements = _element_kind(flow, call.receiver, node, level)
    if call.lambda_body is None:
        return elements
    parameters = {"it"}
    for child in call.lambda_body.named_children:
        if child.type == "lambda_parameters":
            parameters.update(flow.text(c) for c in child.named_children)
    kinds: list[str] = []
    for value in _lambda_results(call.lambda_body):
        value = flow._unwrap(value)
        if value.type == "identifier" and flow.text(value) in parameters:
            kinds.append(elements)
            continue
        built = flow._flatten(value, level + 1)
        for part in built.holes:
            if part.node is not None and part.node.type == "identifier" and flow.text(part.node) in parameters:
                kinds.append(elements)
            else:
                kinds.append(part.kind)
    return worst(*kinds)


_NUMERIC_COLLECTION = (
    r"\b{name}\s*:\s*(?:List|Set|Collection|Iterable|Array|MutableList|MutableSet)"
    r"<(?:Int|Long|Short|UUID|java\.util\.UUID)\??>"
)


def _element_kind(flow: Any, collection: tree_sitter.Node | None, before: tree_sitter.Node, level: int) -> str:
    """The worst element a collection can hold: written out in place, a local filled in this
    function, a constant, a range, or a parameter typed as a list of numbers."""
    if collection is None:
        return DYNAMIC
    collection = flow._unwrap(collection)
    written = _written_out(flow, collection)
    if written is not None:
        return worst(*(flow.classify(e, level + 1)[0] for e in written)) if written else CONST
    if collection.type == "range_expression":
        return NUMERIC
    if collection.type == "call_expression":
        inner = _Call(flow, collection)
        if inner.method in ("map", "mapIndexed", "List", "Array", "mapNotNull") and inner.lambda_body is not None:
            return _classify_joined(flow, inner, collection, level)
        if inner.method in ("nCopies",) and len(inner.args) == 2:
            return str(flow.classify(inner.args[1], level + 1)[0])
        if inner.method in ("keys", "values", "entries", "toList", "toSet", "sorted", "distinct", "filter"):
            return _element_kind(flow, inner.receiver, before, level + 1)
        return DYNAMIC
    if collection.type == "navigation_expression":
        kind, _text = _classify_member(flow, collection, level)
        return kind if kind == CONST else DYNAMIC
    if collection.type == "identifier":
        name = flow.text(collection)
        if re.search(_NUMERIC_COLLECTION.format(name=re.escape(name)), _function_text(flow, before)):
            return NUMERIC
        definitions = flow.definitions(name, before)
        if not definitions:
            return CONST if flow.is_constant_name(name) and not flow.is_parameter(name, before) else DYNAMIC
        kinds: list[str] = []
        for base, _appends, _statement in definitions:
            base_elements = _written_out(flow, base)
            if base_elements is not None:
                kinds.extend(flow.classify(e, level + 1)[0] for e in base_elements)
            elif base.type == "call_expression" and re.match(
                r"^(?:mutableListOf|arrayListOf|ArrayList|mutableSetOf)\b", flow.text(base)
            ):
                pass
            else:
                kinds.append(_element_kind(flow, base, before, level + 1) if level < flow.MAX_DEPTH else DYNAMIC)
        items = flow.list_items(name, before) or []
        kinds.extend(flow.classify(i, level + 1)[0] for i in items if _written_out(flow, i) is None)
        function = flow.enclosing_function(before)
        for entry, kind, value, statement in flow._function_assignments(function) if function is not None else []:
            if entry == name and kind == "aug" and statement.end_byte <= before.start_byte:
                kinds.append(flow.classify(value, level + 1)[0])  # `conditions += "a = ?"` adds an element
        return worst(*kinds) if kinds else CONST
    return DYNAMIC


def _function_text(flow: Any, node: tree_sitter.Node) -> str:
    function = flow.enclosing_function(node)
    while function is not None and flow.enclosing_function(function) is not None:
        function = flow.enclosing_function(function)
    if function is None:
        return ""
    data: bytes = flow.file.data
    return data[function.start_byte : node.start_byte].decode("utf-8", "replace")


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
)
