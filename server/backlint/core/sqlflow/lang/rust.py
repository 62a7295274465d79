"""Rust's SQL flow: `format!` (and `write!` / `writeln!` into a String, `concat!`, `indoc!`), `+`
on Strings, `push_str` / `+=` appends, `.join(...)` of vectors, and the values Rust code splices in
(paths like `Self::TABLE`, `as i64` casts, `.len()`, `if` / `match` expressions).

`format!` is a macro: the grammar leaves its arguments as a token tree, not expressions. Its format
string is read here (`{}`, `{0}`, `{name}`, `{name:?}`, `{{`); a name captured in the string
(`{id}`, Rust 2021) becomes a stand-in identifier node (`_Captured`) that the flow reads like any
other; an argument of one token is that token; a longer one (`user.id`, `ids.len()`, `x as i64`) is
parsed again on its own, at its own byte offsets, and judged here, its names read at the original
tokens.

Only `built`, `profile` and `sql_text` are imported at module level: `profiles` imports this module
while the flow's layers are still being defined.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import tree_sitter

from ..built import CONST, DYNAMIC, NUMERIC, SAFE, Part, worst
from ..profile import Piece, Profile

_ASSIGN = """
(let_declaration pattern: (identifier) @name value: (_) @value) @_stmt
(const_item name: (identifier) @name value: (_) @value) @_stmt
(static_item name: (identifier) @name value: (_) @value) @_stmt
(assignment_expression left: (identifier) @name right: (_) @value) @_stmt
(compound_assignment_expr left: (identifier) @name operator: "+=" right: (_) @value) @_aug
(call_expression function: (field_expression value: (identifier) @name field: (field_identifier) @_m)
      arguments: (arguments . (_) @value .)
      (#eq? @_m "push_str")) @_aug
(call_expression function: (field_expression value: (identifier) @name field: (field_identifier) @_m)
      arguments: (arguments . (_) @value .)
      (#eq? @_m "push")) @_item
(macro_invocation macro: (identifier) @_m (token_tree . (identifier) @name)
      (#any-of? @_m "write" "writeln")) @_aug @value
(macro_invocation macro: (identifier) @_m (token_tree . (mutable_specifier) . (identifier) @name)
      (#any-of? @_m "write" "writeln")) @_aug @value
(for_expression pattern: (identifier) @name value: (_) @value) @_loop
"""

_COMMENTS = ("line_comment", "block_comment")
_CONST_NAME = re.compile(r"^_*[A-Z][A-Z0-9_]*$")
_LITERALS = frozenset({"integer_literal", "float_literal", "boolean_literal", "char_literal"})
_STRINGS = frozenset({"string_literal", "raw_string_literal"})
_NUMBER_TYPES = re.compile(r"^(?:[iu](?:8|16|32|64|128|size)|f32|f64|bool)$")

# Macros that format a string (`write!` / `writeln!` into a destination given first).
_FORMATS = frozenset({"format", "formatdoc", "formatcp", "format_args", "write", "writeln"})
_WRITES = frozenset({"write", "writeln"})
# Macros that only join literals.
_LITERAL_MACROS = frozenset({"concat", "indoc", "concatcp"})

# Calls that return their receiver's text reshaped, or the value inside: as risky as the receiver.
_PASSTHROUGH = frozenset({
    "to_string", "to_owned", "as_str", "as_ref", "clone", "into", "borrow", "deref", "as_deref", "to_lowercase",
    "to_uppercase", "to_ascii_lowercase", "to_ascii_uppercase", "trim", "trim_start", "trim_end", "unwrap",
    "expect", "unwrap_or_default", "into_owned", "to_vec", "iter", "into_iter", "cloned", "copied", "as_slice",
    "into_inner", "lock", "read", "get_ref",
})  # fmt: skip
# Calls that put their receiver and arguments together: as risky as the worst of them.
_COMBINING = frozenset({"unwrap_or", "replace", "replacen", "or", "unwrap_or_else", "map_or"})
# Functions that build a String from their argument (`String::from(x)`), or an empty one.
_CONVERSIONS = re.compile(r"^(?:String::from|String::from_str|str::to_string|ToString::to_string|Cow::from"
                          r"|Cow::Borrowed|Cow::Owned|Some|Ok|Box::new|Arc::new|Rc::new)$")  # fmt: skip
_EMPTY = re.compile(r"^(?:String|Vec|BTreeSet|HashSet|VecDeque)::(?:new|with_capacity|default)$")
_NUMERIC_CALLS = re.compile(
    r"(?:^|\.|::)(?:len|count|capacity|abs|pow|signum|round|floor|ceil|trunc|clamp|min|max|as_secs|as_millis"
    r"|as_micros|as_nanos|timestamp|timestamp_millis|num_seconds|num_minutes|num_hours|num_days|num_milliseconds"
    r"|saturating_\w+|checked_\w+|wrapping_\w+|is_\w+|starts_with|ends_with|contains|position|id"
    # dates, times and ids the code makes: their text cannot change the statement
    r"|to_rfc3339|to_rfc2822|naive_utc|date_naive|new_v4|now_v7|now)$"
    r"|^(?:[iu](?:8|16|32|64|128|size)|f32|f64)::\w+$"
)
_SAFE_CALLS = re.compile(
    r"(?:^|\.|::)(?:quote_ident\w*|quote_identifier|quote_literal|escape_identifier|escape_literal|escape_sql"
    r"|sanitize_identifier|placeholders?|Identifier)$"
)
# Deployment configuration, not request data.
_ENV_CALLS = re.compile(r"^(?:(?:std::)?env::var(?:_os)?|dotenvy?::var|option_env|env)$")
# Accessors that read input even when given only literals (`headers.get("x")`, `params.get("sort")`).
_INPUT_ACCESSOR = re.compile(r"(?i)param|query|arg|input|header|cookie|form|body|field|get|env|read|var")
# A placeholder right before the hole: `$1`, `?1`, `@p1`, `:1`.
_NUMBERED_PLACEHOLDER = re.compile(r"(?:\$|\?|@p|:p)$")

_FORMAT_FIELD = re.compile(r"\{\{|\}\}|\{\s*([0-9]+|[A-Za-z_][A-Za-z0-9_]*)?\s*(?::([^{}]*))?\}")

# The macro and function names the classification reads; every other macro is a value of its own.
_VALUE_MACROS = frozenset({"vec"})


# --- string literals -------------------------------------------------------------------------------


def _literal_bounds(node: tree_sitter.Node) -> tuple[int, int] | None:
    """(start, end) of a string literal's source text between its delimiters; None for byte and C
    strings (`b"..."`, `c"..."`)."""
    if (node.text or b"")[:1] in (b"b", b"c"):
        return None
    if node.type == "raw_string_literal":  # `r#"..."#`: only its content is a node
        content = next((c for c in node.children if c.type == "string_content"), None)
        return (content.start_byte, content.end_byte) if content is not None else (node.end_byte, node.end_byte)
    if len(node.children) < 2:
        return None
    return node.children[0].end_byte, node.children[-1].start_byte


def _string_pieces(reader: Any, node: tree_sitter.Node) -> list[Piece] | None:
    bounds = _literal_bounds(node)
    if bounds is None:
        return None
    data: bytes = reader.file.data
    return [("text", data[bounds[0] : bounds[1]].decode("utf-8", "replace"), '"')]


# --- names captured in a format string -------------------------------------------------------------


class _Captured:
    """The identifier of a `{name}` captured in a format string: the few members of tree_sitter.Node
    the flow reads of a hole, with the string literal as its parent so that the name's scope (the
    enclosing function) is found as for any other node."""

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


# --- macro arguments -------------------------------------------------------------------------------

_PARSER: list[tree_sitter.Parser] = []


def _parser() -> tree_sitter.Parser:
    if not _PARSER:
        from ... import languages  # here: `languages` is ready by the time a file is read

        _PARSER.append(tree_sitter.Parser(languages.grammar("rust")))
    return _PARSER[0]


def _macro_name(flow: Any, node: tree_sitter.Node) -> str:
    macro = node.child_by_field_name("macro")
    return flow.text(macro).rsplit("::", 1)[-1] if macro is not None else ""


def _groups(tree: tree_sitter.Node) -> list[list[tree_sitter.Node]]:
    """A token tree's arguments: its tokens split at top-level commas (a `[x; n]` repeat keeps `x`)."""
    groups: list[list[tree_sitter.Node]] = [[]]
    for child in tree.children[1:-1]:
        if child.type in _COMMENTS:
            continue
        if child.type == ";":
            break
        if child.type == ",":
            groups.append([])
            continue
        groups[-1].append(child)
    return [g for g in groups if g]


def _strip_reference(group: list[tree_sitter.Node]) -> list[tree_sitter.Node]:
    """`&x`, `&mut x`, `*x`: the value itself."""
    while len(group) > 1 and group[0].type in ("&", "*", "mutable_specifier", "&&"):
        group = group[1:]
    return group


def _value_tokens(group: list[tree_sitter.Node]) -> list[tree_sitter.Node]:
    """The value of an argument: after `name =` for a named one."""
    if len(group) > 2 and group[0].type == "identifier" and group[1].type == "=":
        return group[2:]
    return group


def _parsed(flow: Any, groups: list[list[tree_sitter.Node]]) -> list[tree_sitter.Node] | None:
    """The argument groups parsed as the arguments of a call, each at its own byte offsets (so the
    nodes' text is the file's), or None when they do not parse. Cached per file."""
    if not groups:
        return []
    start, end = groups[0][0].start_byte, groups[-1][-1].end_byte
    cache: dict[tuple[int, int, int], list[tree_sitter.Node] | None] = flow.file.cache.setdefault("rust_args", {})
    key = (start, end, len(groups))
    if key in cache:
        return cache[key]
    data: bytes = flow.file.data
    result: list[tree_sitter.Node] | None = None
    if start >= 9:
        doc = bytearray(b" " * (end + 3))
        doc[start - 9 : start] = b"fn _(){_("
        for index, group in enumerate(groups):
            first, last = group[0].start_byte, group[-1].end_byte
            doc[first:last] = data[first:last]
            if index + 1 < len(groups):
                doc[last] = ord(",")  # a comma follows every group in the source, so there is room
        doc[end : end + 3] = b")}\n"
        tree = _parser().parse(bytes(doc))
        function = tree.root_node.named_children[0] if tree.root_node.named_children else None
        body = function.child_by_field_name("body") if function is not None else None
        call = body.named_children[-1] if body is not None and body.named_children else None
        arguments = (
            call.child_by_field_name("arguments") if call is not None and call.type == "call_expression" else None
        )
        if arguments is not None and not tree.root_node.has_error:
            args = [c for c in arguments.named_children if c.type not in _COMMENTS]
            if len(args) == len(groups):
                result = args
    cache[key] = result
    return result


class _Hole(NamedTuple):
    """A value in a format string: the node the flow reads (a token, or a stand-in for a captured
    name), or else the re-parsed argument to judge here (None when it cannot be read either)."""

    value: Any
    parsed: tree_sitter.Node | None
    spec: str


# A format string's pieces: its text, and its holes.
_Pieces = list[str | _Hole]


def _format_pieces(flow: Any, node: tree_sitter.Node) -> tuple[tree_sitter.Node, _Pieces] | None:
    """(the format string, its pieces) of a format macro, or None when the format string is not a
    literal here (or the arguments cannot be read)."""
    tree = next((c for c in node.children if c.type == "token_tree"), None)
    if tree is None:
        return None
    groups = _groups(tree)
    if _macro_name(flow, node) in _WRITES:
        groups = groups[1:]  # the destination
    if not groups or len(groups[0]) != 1 or groups[0][0].type not in _STRINGS:
        return None
    literal = groups[0][0]
    bounds = _literal_bounds(literal)
    if bounds is None:
        return None
    positional: list[list[tree_sitter.Node]] = []
    named: dict[str, list[tree_sitter.Node]] = {}
    for group in groups[1:]:
        if len(group) > 2 and group[0].type == "identifier" and group[1].type == "=":
            named[flow.text(group[0])] = group
        else:
            positional.append(group)
    values = [_strip_reference(_value_tokens(g)) for g in groups[1:]]
    multi = [v for v in values if len(v) > 1]
    parsed = _parsed(flow, multi) if multi else []
    by_group: dict[int, tree_sitter.Node | None] = {}
    for index, value in enumerate(multi):
        by_group[value[0].start_byte] = parsed[index] if parsed is not None else None

    def hole(group: list[tree_sitter.Node], spec: str) -> _Hole:
        value = _strip_reference(_value_tokens(group))
        if len(value) == 1:
            return _Hole(value[0], None, spec)
        return _Hole(None, by_group.get(value[0].start_byte), spec)

    data: bytes = flow.file.data
    template = data[bounds[0] : bounds[1]].decode("utf-8", "replace")
    pieces: _Pieces = []
    cursor, auto = 0, 0
    for match in _FORMAT_FIELD.finditer(template):
        pieces.append(template[cursor : match.start()])
        cursor = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            pieces.append(token[0])
            continue
        argument, spec = match.group(1), match.group(2) or ""
        if ".*" in spec:
            auto += 1  # `{:.*}` takes the precision first
        spec = ":" + spec if spec else ""
        if argument is None or argument.isdigit():
            index = auto if argument is None else int(argument)
            auto += argument is None
            pieces.append(hole(positional[index], spec) if index < len(positional) else _Hole(None, None, spec))
        elif argument in named:
            pieces.append(hole(named[argument], spec))
        else:
            start = bounds[0] + len(template[: match.start(1)].encode())  # bytes, not characters
            proxy: Any = _Captured(literal, start, start + len(argument), argument.encode())
            pieces.append(_Hole(proxy, None, spec))
    pieces.append(template[cursor:])
    return literal, pieces


# --- the flattener's hook --------------------------------------------------------------------------


def _call_parts(flow: Any, node: tree_sitter.Node) -> tuple[str, tree_sitter.Node | None, str, list[tree_sitter.Node]]:
    """(callee text, receiver, method or function name, arguments) of a call."""
    function = node.child_by_field_name("function")
    if function is not None and function.type == "generic_function":
        function = function.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    args = [c for c in (arguments.named_children if arguments is not None else []) if c.type not in _COMMENTS]
    if function is None:
        return "", None, "", args
    if function.type == "field_expression":
        receiver = function.child_by_field_name("value")
        return flow.text(function), receiver, flow.field_text(function, "field"), args
    text = flow.text(function)
    return text, None, text, args


def _expand(flow: Any, node: tree_sitter.Node, level: int, built: Any, stack: list[Any]) -> bool:
    if node.type == "macro_invocation":
        return _expand_macro(flow, node, level, built, stack)
    callee, receiver, method, args = _call_parts(flow, node)
    if receiver is not None and method in _PASSTHROUGH and not args:
        stack.append(("node", receiver, level, ""))  # `sql.as_str()`, `"SELECT ...".to_string()`
        return True
    if _CONVERSIONS.match(callee) and len(args) == 1:
        stack.append(("node", args[0], level, ""))
        return True
    return bool(_EMPTY.match(callee))  # String::new(): nothing yet


def _expand_macro(flow: Any, node: tree_sitter.Node, level: int, built: Any, stack: list[Any]) -> bool:
    name = _macro_name(flow, node)
    if name in _LITERAL_MACROS:
        tree = next((c for c in node.children if c.type == "token_tree"), None)
        groups = _groups(tree) if tree is not None else []
        if not groups or any(len(g) != 1 or g[0].type not in _STRINGS for g in groups):
            return False
        for group in reversed(groups):
            stack.append(("node", group[0], level, ""))
        return True
    if name not in _FORMATS:
        return False
    read = _format_pieces(flow, node)
    if read is None:
        return False
    literal, pieces = read
    if any(isinstance(piece, _Hole) for piece in pieces) and built.style == "literal":
        built.style = "`format!`"
    for piece in reversed(pieces):
        if isinstance(piece, str):
            if piece:
                stack.append(("part", Part(piece, literal, CONST, quote='"'), level, ""))
            continue
        value, parsed, spec = piece
        if value is not None:
            stack.append(("node", value, level, spec))
        elif parsed is not None:
            kind_of = _Judge(flow, level).kind(parsed)
            stack.append(("part", Part(None, parsed, kind_of, spec=spec), level, ""))
        else:
            stack.append(("part", Part(None, None, DYNAMIC, spec=spec), level, ""))
    return True


# --- judging values --------------------------------------------------------------------------------


class _Judge:
    """The kind of a value in Rust's own shapes. Nodes of the file's tree go back to the flow for
    their names; nodes of a re-parsed macro argument (`parsed`) have their names read at the file's
    tokens at the same offsets. `numeric` names are known numbers (a closure's index)."""

    def __init__(self, flow: Any, level: int, numeric: frozenset[str] = frozenset()) -> None:
        self.flow = flow
        self.level = level
        self.numeric = numeric

    def sub(self, node: tree_sitter.Node) -> str:
        return _Judge(self.flow, self.level + 1, self.numeric).kind(node)

    def kind(self, node: tree_sitter.Node) -> str:
        flow = self.flow
        if self.level > flow.MAX_NESTING:
            return DYNAMIC
        while node.type in ("parenthesized_expression", "reference_expression", "try_expression", "await_expression"):
            inner = [c for c in node.named_children if c.type not in _COMMENTS and c.type != "mutable_specifier"]
            if not inner:
                return DYNAMIC
            node = inner[0]
        if node.type in ("identifier", "self"):
            name = flow.text(node)
            if name in self.numeric:
                return NUMERIC
            original = _file_token(flow, node)
            if original is None:
                return DYNAMIC
            return str(flow.classify(original, self.level + 1)[0])
        if node.type in _STRINGS:
            return CONST if _literal_bounds(node) is not None else DYNAMIC
        if node.type == "binary_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            kinds = [self.sub(c) for c in (left, right) if c is not None]
            operator = node.child_by_field_name("operator")
            if (
                operator is not None
                and flow.text(operator) == "+"
                and any(c is not None and c.type in _STRINGS for c in (left, right))
            ):
                return worst(*kinds)
            return CONST if all(k == CONST for k in kinds) else NUMERIC
        if node.type == "macro_invocation" and _macro_name(flow, node) in _FORMATS:
            read = _format_pieces(flow, node)
            return self.format_kind(read[1]) if read is not None else DYNAMIC
        decided = self.decide(node)
        return decided if decided is not None else DYNAMIC

    def format_kind(self, pieces: _Pieces) -> str:
        """The worst hole of a format string; a number right after a placeholder prefix (`${}`) is
        the placeholder's number."""
        kinds = []
        before = ""
        for piece in pieces:
            if isinstance(piece, str):
                before += piece
                continue
            value, parsed, spec = piece
            if value is not None:
                judged = NUMERIC if value.type == "identifier" and self.flow.text(value) in self.numeric else None
                judged = judged or (self.kind(value) if not isinstance(value, _Captured) else self._captured(value))
            elif parsed is not None:
                judged = self.kind(parsed)
            else:
                judged = DYNAMIC
            if judged == DYNAMIC and spec and spec[-1] in "xXobeE":
                judged = NUMERIC
            if judged in (NUMERIC, CONST) and _NUMBERED_PLACEHOLDER.search(before):
                judged = SAFE
            kinds.append(judged)
            before = ""
        return worst(*kinds)

    def _captured(self, proxy: _Captured) -> str:
        name = proxy.text.decode()
        if name in self.numeric:
            return NUMERIC
        return str(self.flow.classify(proxy, self.level + 1)[0])

    def decide(self, node: tree_sitter.Node) -> str | None:
        """The kind of a value in a shape the shared rules do not read; None for those they do."""
        flow = self.flow
        typ = node.type
        if typ in _LITERALS or typ in ("scoped_identifier", "range_expression", "unit_expression"):
            # A path is a constant, a static, an enum variant or a function: the code decides it.
            return CONST if typ != "range_expression" else NUMERIC
        if typ == "field_expression":
            field = flow.field_text(node, "field")
            return CONST if _CONST_NAME.match(field) else DYNAMIC
        if typ == "type_cast_expression":
            value = node.child_by_field_name("value")
            kind = self.sub(value) if value is not None else DYNAMIC
            if _NUMBER_TYPES.match(flow.field_text(node, "type")):
                return CONST if kind == CONST else NUMERIC
            return kind
        if typ == "unary_expression":
            inner = [c for c in node.named_children if c.type not in _COMMENTS]
            kind = self.sub(inner[0]) if inner else DYNAMIC
            if flow.text(node).startswith("*"):
                return kind
            return CONST if kind == CONST else NUMERIC  # `-n`, `!flag`
        if typ in ("if_expression", "match_expression", "block"):
            values = _values_of(node)
            return worst(*(self.sub(v) for v in values)) if values else DYNAMIC
        if typ in ("array_expression", "tuple_expression"):
            elements = [c for c in node.named_children if c.type not in _COMMENTS]
            if typ == "array_expression" and any(c.type == ";" for c in node.children):
                elements = elements[:1]  # `[x; n]`
            return worst(*(self.sub(e) for e in elements))
        if typ == "macro_invocation":
            return self.macro_kind(node)
        if typ == "call_expression":
            return self.call_kind(node)
        if typ == "index_expression":
            container = node.named_children[0] if node.named_children else None
            if container is not None and container.type in ("identifier", "scoped_identifier"):
                name = flow.text(container).rsplit("::", 1)[-1]
                if _CONST_NAME.match(name):
                    return CONST  # a lookup in a constant table
            return DYNAMIC
        if typ in ("closure_expression", "struct_expression", "self"):
            return DYNAMIC
        return None

    def macro_kind(self, node: tree_sitter.Node) -> str:
        flow = self.flow
        name = _macro_name(flow, node)
        if name in ("include_str", "env", "option_env", "stringify"):
            return CONST if name != "env" and name != "option_env" else SAFE
        tree = next((c for c in node.children if c.type == "token_tree"), None)
        if tree is None:
            return DYNAMIC
        if name in _LITERAL_MACROS:
            return CONST
        if name in _VALUE_MACROS:
            groups = _groups(tree)
            kinds = []
            for group in groups:
                value = _strip_reference(group)
                if len(value) == 1:
                    kinds.append(self.sub(value[0]))
                    continue
                parsed = _parsed(flow, [value])
                kinds.append(self.sub(parsed[0]) if parsed else DYNAMIC)
            return worst(*kinds)
        return DYNAMIC

    def call_kind(self, node: tree_sitter.Node) -> str:
        flow = self.flow
        callee, receiver, method, args = _call_parts(flow, node)
        if receiver is not None:
            if method == "join":
                return self.collection_kind(receiver)
            if method == "repeat" and receiver.type in _STRINGS:
                return CONST  # `"?, ".repeat(n)`
            if method == "parse" and re.search(r"::<\s*(?:[iu](?:8|16|32|64|128|size)|f32|f64)\s*>", flow.text(node)):
                return NUMERIC
            if method == "get" and _CONST_NAME.match(flow.text(receiver).rsplit("::", 1)[-1]):
                return CONST  # a lookup in a constant table
        if _SAFE_CALLS.search(callee) or _ENV_CALLS.match(callee):
            return SAFE
        if _NUMERIC_CALLS.search(callee):
            return NUMERIC
        if receiver is not None and method in _PASSTHROUGH:
            return self.sub(receiver)
        if receiver is not None and method in _COMBINING:
            return worst(self.sub(receiver), *(self.sub(a) for a in args if a.type != "closure_expression"))
        if _CONVERSIONS.match(callee):
            return worst(*(self.sub(a) for a in args))
        if _EMPTY.match(callee):
            return CONST
        literal = bool(args) and all(a.type in _LITERALS or a.type in _STRINGS for a in args)
        if receiver is None and literal and not _INPUT_ACCESSOR.search(method.rsplit("::", 1)[-1]):
            return CONST  # `table_name("orders")`: the code decides the text
        return DYNAMIC

    def collection_kind(self, node: tree_sitter.Node) -> str:
        """The worst element a collection can hold: a vector filled here, an array, a mapped range."""
        flow = self.flow
        while node.type in ("parenthesized_expression", "reference_expression") and node.named_children:
            node = next(c for c in node.named_children if c.type != "mutable_specifier")
        if node.type == "call_expression":
            mapped = self.mapped_kind(node)
            if mapped is not None:
                return mapped
        if node.type in ("identifier", "self"):
            original = _file_token(flow, node)
            if original is None:
                return DYNAMIC
            name = flow.text(original)
            definitions = flow.definitions(name, original)
            if len(definitions) == 1 and not definitions[0][1] and definitions[0][0].type == "call_expression":
                mapped = _Judge(flow, self.level + 1, self.numeric).mapped_kind(definitions[0][0])
                if mapped is not None:
                    return mapped
            items = flow.list_items(name, original)
            if items is None:
                return str(flow.classify(original, self.level + 1)[0])
            return worst(*(self.sub(i) for i in items))
        return self.sub(node)

    def mapped_kind(self, node: tree_sitter.Node) -> str | None:
        """`(1..=n).map(|i| format!("${i}")).collect()`, `cols.iter().enumerate().map(...)`: what the
        closure yields, its index a number; None when `node` maps nothing."""
        flow = self.flow
        current: tree_sitter.Node | None = node
        closure = None
        while current is not None and current.type == "call_expression":
            _callee, receiver, method, args = _call_parts(flow, current)
            if method in ("map", "flat_map", "filter_map") and args and args[0].type == "closure_expression":
                closure = args[0]
                current = receiver
                break
            current = receiver
        if closure is None or current is None:
            return None
        source = current
        enumerated = False
        while source.type == "call_expression":
            _callee, receiver, method, _args = _call_parts(flow, source)
            enumerated = enumerated or method == "enumerate"
            if receiver is None:
                break
            source = receiver
        while source.type == "parenthesized_expression" and source.named_children:
            source = source.named_children[0]
        parameters = closure.child_by_field_name("parameters")
        names = [flow.text(c) for c in (parameters.named_children if parameters is not None else [])]
        numeric = set(self.numeric)
        if parameters is not None and parameters.named_children:
            first = parameters.named_children[0]
            if enumerated and first.type == "tuple_pattern" and first.named_children:
                numeric.add(flow.text(first.named_children[0]))
            elif source.type == "range_expression" and first.type == "identifier":
                numeric.add(flow.text(first))
        body = closure.child_by_field_name("body")
        if body is None:
            return DYNAMIC
        values = _values_of(body)
        judge = _Judge(flow, self.level + 1, frozenset(numeric))
        kinds = []
        for value in values:
            if value.type == "identifier" and flow.text(value) in names and flow.text(value) not in numeric:
                kinds.append(self.collection_kind(current))  # an element itself
            else:
                kinds.append(judge.kind(value))
        return worst(*kinds) if kinds else CONST


_DIVERGING = frozenset({b"panic", b"unreachable", b"bail", b"todo", b"unimplemented"})


def _values_of(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    """What an expression can yield: each branch of `if` / `match`, a block's tail expression. A
    branch that returns, breaks or panics yields nothing."""
    out: list[tree_sitter.Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in ("return_expression", "break_expression", "continue_expression"):
            continue
        macro = current.child_by_field_name("macro") if current.type == "macro_invocation" else None
        if macro is not None and (macro.text or b"").rsplit(b"::", 1)[-1] in _DIVERGING:
            continue
        if current.type in ("block", "unsafe_block"):
            statements = [c for c in current.named_children if c.type not in _COMMENTS]
            last = statements[-1] if statements else None
            if last is not None and last.type == "expression_statement":
                # `if` / `match` ending a block without `;` is its value
                inner = last.named_children
                if inner and inner[0].type in ("if_expression", "match_expression") and last.children[-1].type != ";":
                    stack.append(inner[0])
            elif last is not None and not last.type.endswith(("_declaration", "_item")):
                stack.append(last)  # the tail expression
            continue
        if current.type == "if_expression":
            for field in ("consequence", "alternative"):
                branch = current.child_by_field_name(field)
                if branch is not None:
                    stack.append(branch)
            continue
        if current.type == "else_clause":
            stack.extend(c for c in current.named_children if c.type not in _COMMENTS)
            continue
        if current.type == "match_expression":
            body = current.child_by_field_name("body")
            for arm in body.named_children if body is not None else []:
                value = arm.child_by_field_name("value") if arm.type == "match_arm" else None
                if value is not None:
                    stack.append(value)
            continue
        out.append(current)
    return out


def _file_token(flow: Any, node: Any) -> Any:
    """The node of the file's own tree at `node`'s place: itself, a stand-in for a captured name, or
    for a re-parsed argument the token of the macro's token tree at the same offsets."""
    if isinstance(node, _Captured):
        return node
    root = flow.file.tree.root_node
    found = root.descendant_for_byte_range(node.start_byte, node.end_byte)
    if (
        found is None
        or found.start_byte != node.start_byte
        or found.end_byte != node.end_byte
        or found.type != node.type
    ):
        return None
    return found


def _classify(flow: Any, node: tree_sitter.Node, level: int) -> tuple[str, str | None] | None:
    if isinstance(node, _Captured) or node.type in ("identifier", "binary_expression", "parenthesized_expression"):
        return None
    if node.type in _STRINGS:
        return None
    if node.type in _LITERALS:
        return CONST, flow.text(node)
    if node.type == "macro_invocation" and _macro_name(flow, node) in _FORMATS | _LITERAL_MACROS:
        built = flow._flatten(node, level + 1)
        return built.kind, (built.sql_text() if built.kind == CONST else None)
    decided = _Judge(flow, level).decide(node)
    return (decided, None) if decided is not None else None


# Method names common outside databases: sinks only on a receiver that reads as a database handle.
_WEAK_SINKS = frozenset({
    "query", "execute", "prepare", "query_row", "query_one", "query_opt", "query_raw", "simple_query",
    "batch_execute", "execute_batch", "prepare_cached", "query_map", "query_first", "query_drop", "query_iter",
    "exec", "exec_drop", "exec_first", "exec_map", "query_and_then", "query_row_and_then", "fetch_all",
    "fetch_one", "fetch_optional", "fetch",
})  # fmt: skip

_NUMERIC_TYPE = r"(?:[iu](?:8|16|32|64|128|size)|f32|f64|bool|Uuid|uuid::Uuid|NaiveDate|NaiveDateTime|DateTime<[^>]*>)"

PROFILE = Profile(
    strings=_STRINGS,
    functions=frozenset({"function_item", "closure_expression"}),
    binary="binary_expression",
    paren="parenthesized_expression",
    call="call_expression",
    identifier="identifier",
    assignments=_ASSIGN,
    numeric_calls=_NUMERIC_CALLS,
    safe_calls=_SAFE_CALLS,
    numeric_params=(
        # `id: i64`, `ids: &[i64]`, `page: Option<u32>`, `let n: usize`
        r"\b{name}\s*:\s*&?(?:mut\s+)?(?:Option<\s*|Vec<\s*|\[\s*)?" + _NUMERIC_TYPE + r"\b"
        # `for i in 0..n`, `for (i, c) in cols.iter().enumerate()`
        r"|\bfor\s+{name}\s+in\s+\(?[\w.()\s+-]*\.\.|\bfor\s+\(\s*{name}\s*,[^)]*\)\s+in\s+[^{{;]*\.enumerate\(\)"
    ),
    guards=(
        r"\.contains\(\s*&?\s*{name}(?:\.as_str\(\))?\s*\)",
        r"\bmatches!\(\s*{name}(?:\.as_str\(\))?\s*,",
        r"\b{name}\.(?:chars|bytes)\(\)\s*\.all\(",
    ),
    expand_call=_expand,
    expand_types=frozenset({"macro_invocation"}),
    string_pieces=_string_pieces,
    weak_sinks=_WEAK_SINKS,
    interpolated_style="`format!`",
    classify=_classify,
)
