"""Classifying the values interpolated into a query: constant (literals, module constants, Go
consts, Java static finals), numeric (`int(...)`, `%d`, `strconv.Itoa`, int-typed parameters), safe
(placeholder lists, quoting helpers, whitelisted identifiers) or dynamic.

The last of QueryFlow's layers: literals -> scope -> flatten -> classify (here).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import tree_sitter

from . import callers
from .built import CONST, DYNAMIC, NUMERIC, SAFE, Part, worst
from .flatten import Flattener
from .hole_positions import from_request
from .literals import SourceFile
from .scope import _CONST_NAME, _LOOPS, _collection_elements
from .sql_text import placeholder_list_text

_ENV_LOOKUP = re.compile(
    r"^(?:os\.environ(?:\.get)?[\[(]|os\.getenv\(|process\.env\.\w+$|process\.env\[|os\.Getenv\(|"
    r"System\.(?:getenv|getProperty)\()"
)
_PLACEHOLDER_NAME = re.compile(r"(?i)placeholder|qmark|marks$|^binds?$|bind_?vars|params_sql|in_clause_marks")
_SQL_TEXT_NAME = re.compile(
    r"(?i)(?:sql|stmt|statement|clause|fragment)s?$|^(?:sql|stmt)(?:_|[A-Z]|$)"
    r"|(?:base|sub|inner|raw|count|select|outer|main|cte)_?query$|^where(?:_|[A-Z]|$)"
)
_SELECTION_ARGS = re.compile(rb"\b(?:selectionArgs|whereArgs)\b")
_BIND_VALUES = re.compile(
    r"(?i)^(?:args|params|values|bindings|binds|bind_?values|bind_?params|query_?params|sql_?params|parameters"
    r"|arguments|replacements)$"
)
_WORD = re.compile(r"[A-Za-z_]\w*")
_CALLS = frozenset({"call", "call_expression", "method_invocation", "invocation_expression", "member_call_expression"})
# A field of a value: Rust `t.0`, Python `p.name`, JS `p.name`, Java `p.name`, Go `p.Name`.
_MEMBER_ACCESS = frozenset(
    {"field_expression", "attribute", "member_expression", "field_access", "selector_expression"}
)
# ALL-CAPS members of the request are its input, not constants: Django's `request.POST`, `request.GET`.
_REQUEST_MEMBER = re.compile(r"(?:^|\.)(?:request|req|self\.request)\.[A-Z]+$")


def _constant_member(text: str) -> bool:
    """`x.SOME_NAME`: a member that reads as a constant (not one of the request's input dicts)."""
    return bool(_CONST_NAME.match(re.split(r"[.]", text)[-1])) and not _REQUEST_MEMBER.search(text)


_NUMERIC_SPECS = set("diouxXeEfFgGbc")

# The database handle itself: `db.typeInt()`, `self.db.now()`, `{db.big_int}` are its dialect's SQL.
_DB_HANDLE = re.compile(
    r"^(?:self\.|this\.|app\.|s\.|h\.)?(?:db|database|dialect|driver|conn|connection|engine)$", re.I
)
_LITERAL_TYPES = frozenset({
    "string", "integer", "float", "number", "interpreted_string_literal", "raw_string_literal", "int_literal",
    "float_literal", "string_literal", "decimal_integer_literal", "true", "false", "template_string",
})  # fmt: skip
# Callees that read input even when given only literals: `getParam("id")`, `input("> ")`, `c.Query("q")`.
_INPUT_ACCESSOR = re.compile(r"(?i)param|query|arg|input|header|cookie|form|body|field|getenv|environ|prompt|read")


def _fixed_by_code(
    callee: str,
    receiver: tree_sitter.Node | None,
    args: list[tree_sitter.Node],
    text: Callable[[tree_sitter.Node], str],
) -> bool:
    """A call whose result the code fixes: only literal arguments to a function that is not an input
    accessor, or the database handle asked for its dialect's text."""
    method = re.split(r"[.]", callee)[-1]
    literal = all(a.type in _LITERAL_TYPES and not (a.type == "template_string" and a.named_children) for a in args)
    if receiver is not None and _DB_HANDLE.match(text(receiver)) and literal:
        return True
    return bool(args) and literal and not _INPUT_ACCESSOR.search(method)


# Whether a call is to a function whose every return value is text its code chose (`order_by_clause(key)`
# returning "ORDER BY " + one of its own columns). Answered by checks/sql_fixed_returns.py, which reads
# other files; sqlflow itself reads only the file it is given.
_FIXED_RETURN_RESOLVERS: list[Callable[[QueryFlow, tree_sitter.Node], bool]] = []


def register_fixed_return_resolver(
    resolver: Callable[[QueryFlow, tree_sitter.Node], bool],
) -> Callable[[QueryFlow, tree_sitter.Node], bool]:
    _FIXED_RETURN_RESOLVERS.append(resolver)
    return resolver


class QueryFlow(Flattener):
    """Flattens and classifies string-building expressions in one file."""

    MAX_NESTING = 40  # expression nesting classify() descends into

    @classmethod
    def for_file(cls, file: SourceFile) -> QueryFlow:
        flow: QueryFlow | None = file.cache.get("sqlflow")
        if flow is None:
            flow = file.cache["sqlflow"] = cls(file)
        return flow

    # --- classifying holes ----------------------------------------------------------------------

    def _hole(self, node: tree_sitter.Node | None, level: int, spec: str) -> Part:
        if node is None:
            return Part(None, None, DYNAMIC, spec=spec)
        if spec in self.profile.quoting_specs:
            return Part(None, node, SAFE, spec=spec)  # pg-format quotes literals and identifiers
        kind, const_text = self.classify(node, level)
        if kind == DYNAMIC and spec and spec[-1] in _NUMERIC_SPECS and not spec.startswith("!"):
            kind = NUMERIC
        caller_sql = (
            kind == SAFE
            and node.type == "identifier"
            and _SQL_TEXT_NAME.search(self.text(node)) is not None
            and self.is_parameter(self.text(node), node)
        )
        return Part(None, node, kind, spec=spec, const_text=const_text, caller_sql=caller_sql)

    def classify(self, node: tree_sitter.Node, level: int = 0) -> tuple[str, str | None]:
        """(kind, constant text if known) of a value interpolated into a string. Iterative over
        expression nesting; follows local variables to a bounded depth."""
        if level > self.MAX_NESTING:
            return DYNAMIC, None  # absurdly nested: assume the worst rather than recurse further
        node = self._unwrap(node)
        if node.type in _MEMBER_ACCESS:
            base = node.named_children[0] if node.named_children else None
            base_name = self.text(base) if base is not None and base.type == "identifier" else ""
            if base_name and not self.definitions(base_name, node) and self.is_parameter(base_name, node):
                fed = self.fed_by_callers(base_name, node, level)
                if fed is not None:
                    return fed, None  # `interval.0` of a tuple every caller passes as constants
        if self.profile.classify is not None:
            decided = self.profile.classify(self, node, level)
            if decided is not None:
                return decided
        text = self.text(node)
        typ = node.type
        if typ in (
            "integer",
            "float",
            "number",
            "int_literal",
            "float_literal",
            "decimal_integer_literal",
            "decimal_floating_point_literal",
            "true",
            "false",
            "none",
            "null",
            "nil",
            "null_literal",
            "undefined",
        ):
            return CONST, text
        if typ in self.profile.strings:
            pieces = self._string_pieces(node)
            texts = [p[1] for p in pieces if p[0] == "text"] if pieces is not None else None
            if pieces is not None and texts is not None and len(texts) == len(pieces):  # no hole in it
                return CONST, "".join(texts)
            built = self._flatten(node, level + 1)
            return built.kind, None
        if typ == self.profile.binary:
            operator = node.child_by_field_name("operator")
            op = self.text(operator) if operator is not None else ""
            if op in ("+", "%") and self._stringish(node) and not self._counted(node):
                built = self._flatten(node, level + 1)
                return built.kind, (built.sql_text() if built.kind == CONST else None)
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op == "&&" and right is not None:
                # `key && COLUMNS.get(key)`: the right side, or a falsy left one ('', 0, null), which
                # writes nothing a caller chose.
                return self.classify(right, level + 1)[0], None
            if op == "*" and any(c is not None and self._plain_string(c) for c in (left, right)):
                return CONST, None  # "?," * len(ids): a repeated literal
            kinds = [self.classify(c, level + 1)[0] for c in (left, right) if c is not None]
            kind = worst(*kinds)
            if op in ("-", "*", "/", "//", "<<", ">>") or kind == NUMERIC:
                return (CONST if kind == CONST else NUMERIC if kind in (NUMERIC, DYNAMIC) else kind), None
            return kind, None
        if typ in ("unary_expression", "unary_operator") and re.match(r"^[-+~]", text):
            return NUMERIC if self.classify(node.named_children[-1], level + 1)[0] != CONST else CONST, None
        if typ == "boolean_operator":  # Python `a or b`
            right = node.child_by_field_name("right")
            if right is not None and self.field_text(node, "operator") == "and":
                return self.classify(right, level + 1)[0], None  # as JS's `&&` above
            return worst(
                *(
                    self.classify(c, level + 1)[0]
                    for c in (node.child_by_field_name("left"), node.child_by_field_name("right"))
                    if c is not None
                )
            ), None
        if typ in ("conditional_expression", "ternary_expression"):
            branches = (
                node.named_children[1:]
                if typ == "ternary_expression"
                else [node.named_children[0], node.named_children[-1]]
            )
            classified = [self.classify(b, level + 1) for b in branches]
            return worst(*(k for k, _ in classified)), (
                classified[0][1] if all(k == CONST for k, _ in classified) else None
            )
        if typ == "identifier":
            return self._classify_name(node, level)
        if _ENV_LOOKUP.match(text):
            return SAFE, None  # deployment configuration, not request data
        if typ in ("attribute", "member_expression", "selector_expression", "field_access"):
            last = re.split(r"[.]", text)[-1]
            owner = node.named_children[0] if node.named_children else None
            if (
                owner is not None
                and owner.type == "identifier"
                and _CONST_NAME.match(self.text(owner))
                and self.profile.constant_table_members
            ):
                return CONST, None  # `SORTS.newest`: a member of a constant table (Go's pkg.Name is not)
            if _constant_member(text) or last in ("db_table", "__tablename__"):
                value = self.constants().get(last) if _CONST_NAME.match(last) else None
                return CONST, self._const_value_text(value)
            if last in self.profile.count_members:
                return NUMERIC, None
            if last in self.profile.opaque_members:
                return DYNAMIC, None
            if owner is not None and _DB_HANDLE.match(self.text(owner)):
                return CONST, None  # `{db.big_int}`: the database handle's dialect, SQL text the code chose
            if re.match(r"^(?:self|cls|this)\.\w+$", text):
                self.constants()
                if last in self._class_constants:
                    return CONST, self._const_value_text(self._class_constants[last])  # a class-level constant
            return DYNAMIC, None
        if typ in ("subscript", "subscript_expression", "index_expression", "array_access"):
            container = node.named_children[0] if node.named_children else None
            if container is not None:
                container_name = re.split(r"[.]", self.text(container))[-1]
                if _constant_member(self.text(container)) or (
                    container.type == "identifier"
                    and container_name in self.constants()
                    and not self.definitions(container_name, node)
                ):
                    return CONST, None  # a lookup in a constant mapping: the value is one of ours
                if container.type not in (
                    "identifier",
                    "attribute",
                    "member_expression",
                    "selector_expression",
                    "field_access",
                ):
                    return self.classify(container, level + 1)[0], None  # `("?," * n)[:-1]`: a slice of a built string
            return DYNAMIC, None
        if typ in (self.profile.call, "method_invocation", "call_expression", "object_creation_expression"):
            return self._classify_call(node, level)
        if typ in ("list", "tuple", "array", "composite_literal"):
            return worst(*(self.classify(c, level + 1)[0] for c in node.named_children)), None
        if typ in ("generator_expression", "list_comprehension"):
            body = node.child_by_field_name("body")
            return (self.classify(body, level + 1)[0] if body is not None else DYNAMIC), None
        return DYNAMIC, None

    def _const_value_text(self, value: tree_sitter.Node | None) -> str | None:
        if value is None:
            return None
        value = self._unwrap(value)
        if value.type in self.profile.strings and self._plain_string(value):
            return self._literal_text(value)
        return None

    def _mapped_element_kind(self, name: str, node: tree_sitter.Node, level: int) -> str | None:
        """`ROOT_ROLE_TYPES.map((type) => `'${type}'`)`: the callback's first parameter is an element of
        the list it maps, as risky as that list (JavaScript's map / flatMap)."""
        function = self.enclosing_function(node)
        if function is None or function.type not in ("arrow_function", "function_expression", "function"):
            return None
        parameters = function.child_by_field_name("parameters") or function.child_by_field_name("parameter")
        first = parameters.named_children[0] if parameters is not None and parameters.named_children else parameters
        if first is None or self.text(first).split(":")[0].strip() != name:
            return None
        arguments = function.parent
        call = arguments.parent if arguments is not None and arguments.type == "arguments" else None
        callee = call.child_by_field_name("function") if call is not None else None
        if (
            callee is None
            or callee.type != "member_expression"
            or self.field_text(callee, "property")
            not in (
                "map",
                "flatMap",
            )
        ):
            return None
        receiver = callee.child_by_field_name("object")
        return self.classify(receiver, level + 1)[0] if receiver is not None else None

    def _returned_with_bind_values(self, name: str, base: tree_sitter.Node, stmt: tree_sitter.Node) -> bool:
        """`clause, args := inClause(1, ids)`, `sql, params = qs.query.sql_with_params()`,
        `const { filterQuery, queryParams } = parseFilters(...)`: a fragment handed back together with
        the values it binds is parameterised where it was built."""
        call = base
        while call.type in ("await_expression", "parenthesized_expression") and call.named_children:
            call = call.named_children[-1]
        if call.type not in _CALLS or stmt.start_byte > base.start_byte:
            return False
        targets = set(_WORD.findall(self.file.data[stmt.start_byte : base.start_byte].decode("utf-8", "replace")))
        return name in targets and any(_BIND_VALUES.match(t) for t in targets - {name})

    def _selection_parameter(self, name: str, node: tree_sitter.Node) -> bool:
        """Android's query convention: `selection` is a WHERE clause with `?` marks whose values come in
        `selectionArgs`; beside those args, `sortOrder` / `orderBy` is the caller's ORDER BY text."""
        if name == "selection":
            return True
        if name not in ("sortOrder", "orderBy"):
            return False
        function = self.enclosing_function(node)
        if function is None:
            return False
        # The signature: up to the body (Kotlin's `function_body` has no field name).
        body = function.child_by_field_name("body") or next(
            (c for c in function.children if c.type.endswith("body") or c.type in ("block", "statement_block")), None
        )
        header = self.file.data[function.start_byte : body.start_byte if body is not None else function.end_byte]
        return _SELECTION_ARGS.search(header) is not None

    def _classify_name(self, node: tree_sitter.Node, level: int) -> tuple[str, str | None]:
        name = self.text(node)
        definitions = self.definitions(name, node) if level < self.MAX_DEPTH else []
        shadowed = self.is_parameter(name, node)
        if not definitions and not shadowed and name in self.constants():
            return CONST, self._const_value_text(self.constants()[name])
        if not definitions and not shadowed and _CONST_NAME.match(name):
            return CONST, None
        if _PLACEHOLDER_NAME.search(name):
            return SAFE, None
        if not definitions and shadowed and (_SQL_TEXT_NAME.search(name) or self._selection_parameter(name, node)):
            return SAFE, None  # SQL text handed in by the caller (`base_query`, `where_sql`): judged where it is built
        if self.guarded(name, node):
            return SAFE, None
        if not definitions and shadowed:
            element = self._mapped_element_kind(name, node, level)
            if element is not None:
                return element, None
            fed = self.fed_by_callers(name, node, level)
            if fed is not None:
                return fed, None
        if definitions:
            kinds = []
            const_text = None
            for base, appends, stmt in definitions:
                if stmt.type in _LOOPS:
                    kinds.append(self._classify_iterable(base, stmt, level))
                elif self._is_building(base) or appends:
                    built = self._flatten(base, level + 1)
                    for extra in appends:
                        built.parts.extend(self._flatten(extra, level + 1).parts)
                    kinds.append(built.kind)
                    if built.kind == CONST:
                        const_text = built.sql_text()
                elif self._returned_with_bind_values(name, base, stmt):
                    kinds.append(SAFE)
                else:
                    kind, const_text = self.classify(base, level + 1)
                    kinds.append(kind)
            kind = worst(*kinds)
            if kind == DYNAMIC and self.numeric_typed(name, node):
                kind = NUMERIC
            return kind, (const_text if kind == CONST and len(definitions) == 1 else None)
        if self.numeric_typed(name, node):
            return NUMERIC, None
        return DYNAMIC, None

    def fed_by_callers(self, name: str, node: tree_sitter.Node, level: int) -> str | None:
        """What every caller passes for parameter `name` of a private function (constants only: the
        parameter is one); None when unknown or when some caller passes anything else."""
        function = self.enclosing_function(node)
        while function is not None and not self._declares_parameter(function, name):
            function = self.enclosing_function(function)
        if function is None:
            return None
        kind = callers.parameter_kind(self, function, name, level)
        return kind if kind is not None and kind != DYNAMIC else None

    def _declares_parameter(self, function: tree_sitter.Node, name: str) -> bool:
        parameters = function.child_by_field_name("parameters") or function.child_by_field_name("parameter")
        pattern = rf"(?<![\w.]){re.escape(name)}\b"
        return parameters is not None and re.search(pattern, self.text(parameters)) is not None

    def _classify_iterable(self, iterable: tree_sitter.Node, loop: tree_sitter.Node, level: int) -> str:
        """A loop variable is as risky as what it iterates over."""
        iterable = self._unwrap(iterable)
        text = self.text(iterable)
        elements = _collection_elements(iterable)
        if iterable.type in ("list", "tuple", "array", "composite_literal", "set") or elements != [iterable]:
            return worst(*(self.classify(e, level + 1)[0] for e in elements)) if elements else CONST
        if iterable.type == "identifier":
            if self.is_constant_name(text) and not self.definitions(text, loop):
                return CONST
            items = self.list_items(text, loop)
            if items is not None:
                return worst(*(self.classify(i, level + 1)[0] for i in items)) if items else CONST
            return DYNAMIC
        if any(text.startswith(name + "(") for name in self.profile.counting_calls):
            return NUMERIC
        if re.match(r"^(?:\w+\.)*[A-Z][A-Z0-9_]*(?:\.(?:keys|values|items)\(\))?$", text):
            return CONST
        return DYNAMIC

    def _classify_call(self, node: tree_sitter.Node, level: int) -> tuple[str, str | None]:
        text = self.text(node)
        function = node.child_by_field_name("function") or node.child_by_field_name("constructor")
        callee, _method, receiver = self.call_parts(node, function)
        args_node = node.child_by_field_name("arguments")
        args = [c for c in (args_node.named_children if args_node is not None else []) if c.type != "comment"]
        method = re.split(r"[.]", callee)[-1]
        if placeholder_list_text(text):
            return SAFE, None
        if _ENV_LOOKUP.match(text):
            return SAFE, None  # deployment configuration, not request data
        if (
            method in ("get", "getOrDefault", "get_or")
            and receiver is not None
            and _constant_member(self.text(receiver))
        ):
            return CONST, None  # a lookup in a constant mapping: the value is one of ours
        numeric = self.profile.numeric_calls.search(callee) or self.profile.numeric_calls.search(method)
        if numeric and not (self.profile.text_calls is not None and self.profile.text_calls.fullmatch(callee)):
            return NUMERIC, None
        if self.profile.safe_calls.search(callee):
            return SAFE, None
        if callee in self.profile.stringify_calls and args:
            return worst(*(self.classify(a, level + 1)[0] for a in args)), None
        if callee in self.profile.dynamic_conversions:
            return DYNAMIC, None
        # Conversions and pure string functions: as risky as their inputs.
        passthrough = self.profile.passthrough_calls
        if callee in passthrough or method in passthrough:
            inputs = list(args)
            if receiver is not None:
                inputs.append(receiver)
            return worst(*(self.classify(a, level + 1)[0] for a in inputs)) if inputs else CONST, None
        if method in ("join", "Join", "joining"):
            return self._classify_join(node, receiver, args, level), None
        if self._is_building(node):
            built = self._flatten(node, level + 1)
            return built.kind, (built.sql_text() if built.kind == CONST else None)
        if _fixed_by_code(callee, receiver, args, self.text) and not from_request(node):
            return CONST, None  # `getDateSQL('created_at', 'hour')`, `db.typeInt()`: the code decides the text
        # A placeholder generator given numbers: `placeholders(len(args))`, `bindMarks(3)` write marks, not values.
        if _PLACEHOLDER_NAME.search(method) and all(self.classify(a, level + 1)[0] in (CONST, NUMERIC) for a in args):
            return SAFE, None
        # The handle's dialect helper given numbers and our own constants: `db.dateAdd(secs, "SECOND")`.
        dialect_helper = receiver is not None and _DB_HANDLE.match(self.text(receiver)) is not None
        if dialect_helper and args and all(self.classify(a, level + 1)[0] in (CONST, NUMERIC) for a in args):
            return CONST, None
        if any(resolver(self, node) for resolver in _FIXED_RETURN_RESOLVERS):
            return CONST, None  # a function of the project whose every return is text the code chose
        return DYNAMIC, None

    def _classify_join(
        self, node: tree_sitter.Node, receiver: tree_sitter.Node | None, args: list[tree_sitter.Node], level: int
    ) -> str:
        """`sep.join(xs)` / `xs.join(sep)` / `strings.Join(xs, sep)` / `String.join(sep, xs)`:
        as risky as the worst element the collection can hold."""
        at = self.profile.join_collection  # None: the receiver holds it (`xs.join(sep)`)
        collection = receiver if at is None else args[at] if len(args) > at else None
        if collection is None:
            return DYNAMIC
        collection = self._unwrap(collection)
        if collection.type == "identifier":
            definitions = self.definitions(self.text(collection), node)
            if len(definitions) == 1 and not definitions[0][1]:
                mapped = self._mapped_values(self._unwrap(definitions[0][0]))
                if mapped is not None:
                    return worst(*(self.classify(v, level + 1)[0] for v in mapped)) if mapped else CONST
            items = self.list_items(self.text(collection), node)
            if items is None:
                return DYNAMIC
            return worst(*(self.classify(i, level + 1)[0] for i in items)) if items else CONST
        mapped = self._mapped_values(collection)
        if mapped is not None:
            return worst(*(self.classify(v, level + 1)[0] for v in mapped)) if mapped else CONST
        if collection.type in (
            "list",
            "tuple",
            "array",
            "generator_expression",
            "list_comprehension",
            "binary_operator",
        ):
            if collection.type == "binary_operator":
                left = collection.child_by_field_name("left")
                return self.classify(left, level + 1)[0] if left is not None else DYNAMIC
            return self.classify(collection, level + 1)[0]
        return DYNAMIC
