"""What a name holds in one file: module and class constants, and the local definitions that
reach a use (latest first, closures seeing their enclosing functions' locals).

The second of QueryFlow's layers: literals -> scope (here) -> flatten -> classify.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import tree_sitter

from .. import languages
from .literals import LiteralReader, SourceFile
from .profiles import _assign_query

# A query match: the pattern index and the nodes of each capture.
QueryMatch = tuple[int, dict[str, list[tree_sitter.Node]]]
# An assignment in a function: (name, kind: "stmt" | "aug" | "item" | "loop", value, statement).
Assignment = tuple[str, str, tree_sitter.Node, tree_sitter.Node]
# How a local got its value: (base value, values appended after it, the assigning statement).
Definition = tuple[tree_sitter.Node, list[tree_sitter.Node], tree_sitter.Node]

_CONST_NAME = re.compile(r"^_*[A-Z][A-Z0-9_]*$")

CONSTANT_MAX_DEPTH = 4
# Nodes whose members are declarations in their own right (classes, their bodies, exports).
_CONTAINERS = frozenset({
    "class_definition", "decorated_definition", "class_declaration", "class_body", "class",
    "abstract_class_declaration", "export_statement", "interface_declaration", "interface_body", "enum_declaration",
    "enum_body", "record_declaration",
    "program", "module", "block",  # `block`: a class body (function bodies are skipped before it)
})  # fmt: skip


class Scope(LiteralReader):
    """Constants and local definitions in one file, found with the language's assignment query."""

    def __init__(self, file: SourceFile) -> None:
        super().__init__(file)
        self._assignments: dict[tuple[int, int], list[Assignment]] = {}
        self._constants: dict[str, tree_sitter.Node | None] | None = None
        self._class_constants: dict[str, tree_sitter.Node | None] = {}

    # --- constants ----------------------------------------------------------------------------

    def constants(self) -> dict[str, tree_sitter.Node | None]:
        """Module-level constants (Python/JS top-level assignments, Go const/var, Java static finals):
        name -> value node (None when the name is constant but its value is not a string)."""
        if self._constants is not None:
            return self._constants
        out: dict[str, tree_sitter.Node | None] = {}
        query = _assign_query(self.language)
        constant_scope = self.profile.constant_scope
        for _index, caps in self._top_level_matches(query):
            if "_stmt" not in caps or constant_scope is None:
                continue
            name, value, stmt = caps["name"][0], caps["value"][0], caps["_stmt"][0]
            if self.enclosing_function(stmt) is not None:
                continue
            where = constant_scope(self, stmt)
            if where is None:
                continue
            key = self.text(name)
            if where == "class":
                self._class_constants.setdefault(key, value)  # class attribute: only self.X / cls.X see it
                continue
            if key in out:
                out[key] = None  # assigned twice at module level: not a constant we can read
                continue
            out[key] = value
        if self.profile.field_constants is not None:
            out.update(self.profile.field_constants(self))
        if self.profile.class_fields:
            self._class_fields()
        self._constants = out
        return out

    def _top_level_matches(self, query: tree_sitter.Query) -> Iterator[QueryMatch]:
        """Matches in module- and class-level statements, never inside function bodies: constants
        live there, and skipping bodies keeps this cheap on large files (it runs on every
        re-analysis). Consecutive statements of a scope share one cursor over their byte range:
        a cursor per statement cost 46 ms on a 14,000-line module of 1,000 small classes."""
        functions = self.profile.functions
        root = self.file.tree.root_node
        # Depth first in document order (the first class to define an attribute wins), with an
        # explicit stack: (scope, its remaining children, the open stretch [start, end] or None).
        stack: list[tuple[tree_sitter.Node, Iterator[tree_sitter.Node], list[int] | None]] = [
            (root, iter(root.named_children), None)
        ]
        while stack:
            scope, children, run = stack.pop()
            for node in children:
                kind = node.type
                if kind in functions or kind in _CONTAINERS or node.named_child_count == 0:
                    if run:
                        yield from self._matches_between(query, scope, run)
                        run = None
                    if kind in _CONTAINERS:
                        stack.append((scope, children, None))
                        stack.append((node, iter(node.named_children), None))
                        break
                    continue
                if run:
                    run[1] = node.end_byte
                else:
                    run = [node.start_byte, node.end_byte]
            else:
                if run:
                    yield from self._matches_between(query, scope, run)

    @staticmethod
    def _matches_between(query: tree_sitter.Query, scope: tree_sitter.Node, run: list[int]) -> Iterator[QueryMatch]:
        cursor = tree_sitter.QueryCursor(query)
        cursor.set_byte_range(run[0], run[1])
        cursor.set_max_start_depth(CONSTANT_MAX_DEPTH + 1)  # from the scope, one level above each statement
        yield from cursor.matches(scope)

    def _class_fields(self) -> None:
        # `table = "users"` / `private readonly table = 'users'`: only `this.table` reads them.
        query = _class_field_queries.get(self.language)
        if query is None:
            query = _class_field_queries[self.language] = tree_sitter.Query(
                languages.grammar(self.language), self.profile.class_fields
            )
        for _i, caps in tree_sitter.QueryCursor(query).matches(self.file.tree.root_node):
            value = caps["value"][0]
            if self._plain_string(value):
                self._class_constants.setdefault(self.text(caps["name"][0]), value)

    def is_constant_name(self, name: str) -> bool:
        return name in self.constants() or bool(_CONST_NAME.match(name))

    # --- local assignments ----------------------------------------------------------------------

    def _function_assignments(self, function: tree_sitter.Node) -> list[Assignment]:
        key = (function.start_byte, function.end_byte)
        found = self._assignments.get(key)
        if found is None:
            found = []
            cursor = tree_sitter.QueryCursor(_assign_query(self.language))
            cursor.set_byte_range(function.start_byte, function.end_byte)
            for _index, caps in cursor.matches(function):
                kind = "item" if "_item" in caps else "aug" if "_aug" in caps else "loop" if "_loop" in caps else "stmt"
                stmt = (caps.get("_item") or caps.get("_aug") or caps.get("_loop") or caps["_stmt"])[0]
                for value in caps["value"]:
                    found.append((self.text(caps["name"][0]), kind, value, stmt))
            found.sort(key=lambda entry: entry[2].start_byte)
            self._assignments[key] = found
        return found

    def definitions(self, name: str, before: tree_sitter.Node) -> list[Definition]:
        """How local `name` got its value before `before`: a list of (base value, [appended values],
        assignment statement) alternatives, latest first; empty when it is not a local variable.
        A loop variable's base is the loop statement's iterable, with the loop as the statement.
        Closures see their enclosing functions' locals; a statement at module level sees the
        module's own assignments (a script that builds its query from `sys.argv` and runs it)."""
        function = self.enclosing_function(before)
        module_level = function is None
        if module_level:
            function = self.file.tree.root_node
        while function is not None:
            scope = None if module_level else function
            entries = [
                e
                for e in self._function_assignments(function)
                if e[0] == name
                and self.enclosing_function(e[3]) == scope
                and (
                    (e[1] == "loop" and e[2].end_byte <= before.start_byte <= e[3].end_byte)
                    or (e[1] != "loop" and e[3].end_byte <= before.start_byte)
                )
            ]
            bases = [e for e in entries if e[1] in ("stmt", "loop")]
            if bases:
                break
            function = self.enclosing_function(function)
        else:
            return []
        sink_block = _block_of(before)
        out: list[Definition] = []
        for base in sorted(bases, key=lambda e: e[3].start_byte if e[1] == "stmt" else e[2].start_byte, reverse=True):
            appends = [e[2] for e in entries if e[1] == "aug" and e[2].start_byte > base[2].start_byte]
            out.append((base[2], appends, base[3]))
            # Stop at a definition that always runs before the sink: earlier ones are overwritten.
            if base[1] == "loop" or _dominates(_block_of(base[3]), sink_block):
                break
        return out

    def list_items(self, name: str, before: tree_sitter.Node) -> list[tree_sitter.Node] | None:
        """The elements a local list/slice/collection receives before `before` (initial literal and
        appends); None when `name` is not a local we can see being filled."""
        function = self.enclosing_function(before)
        if function is None:
            return None
        items: list[tree_sitter.Node] = []
        seen = False
        for entry_name, kind, value, stmt in self._function_assignments(function):
            if entry_name != name or stmt.start_byte >= before.start_byte:
                continue
            if kind == "item":
                items.append(value)
                seen = True
            elif kind == "stmt":
                seen = True
                if self._is_append_call(value, name):
                    continue  # Go `conds = append(conds, ...)`: its items are captured separately
                items.extend(_collection_elements(value))
        return items if seen else None

    def object_property(self, node: tree_sitter.Node) -> tuple[tree_sitter.Node, tree_sitter.Node] | None:
        """(value, defining statement) of `obj.prop` when `obj` is a local assigned once, from an
        object literal written out with that key; None otherwise."""
        obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
        if obj is None or prop is None or obj.type != "identifier" or prop.type != "property_identifier":
            return None
        definitions = self.definitions(self.text(obj), node)
        if len(definitions) != 1 or definitions[0][1]:
            return None
        literal = self._unwrap(definitions[0][0])
        if literal.type != "object":
            return None
        wanted = self.text(prop)
        for pair in literal.named_children:
            key = pair.child_by_field_name("key") if pair.type == "pair" else None
            if key is not None and self.text(key).strip("'\"`") == wanted:
                value = pair.child_by_field_name("value")
                return (value, definitions[0][2]) if value is not None else None
        return None

    def _mapped_values(self, node: tree_sitter.Node) -> list[tree_sitter.Node] | None:
        """What `xs.map(callback)` (JS) / `xs.stream().map(lambda)...` (Java) yields: the callback's
        returned expressions; None when `node` is not such a call."""
        if node.type not in ("call_expression", "method_invocation"):
            return None
        mapped = self.profile.map_call(self, node) if self.profile.map_call is not None else None
        if mapped is None:
            return None
        node, callback_at = mapped
        arguments = node.child_by_field_name("arguments")
        if arguments is None:
            return None
        args = [c for c in arguments.named_children if c.type != "comment"]
        if len(args) <= callback_at or args[callback_at].type not in (
            "arrow_function",
            "function_expression",
            "lambda_expression",
        ):
            return None
        body = args[callback_at].child_by_field_name("body")
        if body is None:
            return None
        if body.type not in ("statement_block", "block"):
            return [body]
        returned: list[tree_sitter.Node] = []
        stack = [body]
        while stack:  # return statements of this callback, not of functions nested in it
            current = stack.pop()
            if current.type == "return_statement":
                returned.extend(c for c in current.named_children if c.type != "comment")
                continue
            if current.type in self.profile.functions or current.type in (
                "arrow_function",
                "function_expression",
                "lambda_expression",
            ):
                continue
            stack.extend(current.named_children)
        return returned

    def _is_append_call(self, node: tree_sitter.Node, name: str) -> bool:
        return node.type == "call_expression" and self.text(node).startswith(("append(" + name, "append( " + name))

    def guarded(self, name: str, before: tree_sitter.Node) -> bool:
        """A whitelist check on `name` earlier in the function (`if col not in ALLOWED: raise`)."""
        function = self.enclosing_function(before)
        if function is None:
            return False
        text = self.file.data[function.start_byte : before.start_byte].decode("utf-8", "replace")
        escaped = re.escape(name)
        return any(re.search(pattern.format(name=escaped), text) for pattern in self.profile.guards)

    def is_parameter(self, name: str, before: tree_sitter.Node) -> bool:
        """`name` is a parameter of a function enclosing `before` (it shadows any constant)."""
        function = self.enclosing_function(before)
        while function is not None:
            if self._declares(function, name):
                return True
            function = self.enclosing_function(function)
        return False

    def numeric_typed(self, name: str, before: tree_sitter.Node) -> bool:
        """`name` is declared with a numeric type in the function using it, or in one it closes over
        (an arrow function setting `statement_timeout = ${timeoutMs}` inside `f(timeoutMs: number)`)."""
        typed = re.compile(self.profile.numeric_params.format(name=re.escape(name)))
        function = self.enclosing_function(before)
        while function is not None:
            text = self.file.data[function.start_byte : before.start_byte].decode("utf-8", "replace")
            if typed.search(text) is not None:
                return True
            if self._declares(function, name):
                return False  # the innermost declaration decides
            function = self.enclosing_function(function)
        return False

    def _declares(self, function: tree_sitter.Node, name: str) -> bool:
        parameters = (
            function.child_by_field_name("parameters")
            or function.child_by_field_name("parameter")
            # Grammars whose parameter list has no field (Kotlin)
            or next((c for c in function.named_children if c.type in _PARAMETER_LISTS), None)
        )
        return (
            parameters is not None and re.search(rf"(?<![\w.]){re.escape(name)}\b", self.text(parameters)) is not None
        )


_LOOPS = {"for_statement", "for_in_statement", "enhanced_for_statement"}
_PARAMETER_LISTS = frozenset({"function_value_parameters", "lambda_parameters"})

_BLOCKS = {
    "block", "statement_block", "statement_list", "module", "program", "source_file", "class_body",
    "switch_block_statement_group", "expression_case", "default_case", "switch_case", "switch_default",
}  # fmt: skip

_class_field_queries: dict[str, tree_sitter.Query] = {}


# Statements that run their body only sometimes: a brace-less body (`if (p == null) p = "";`) is
# still conditional, so the statement itself stands for its block.
_CONDITIONAL = {
    "if_statement",
    "else_clause",
    "while_statement",
    "for_statement",
    "for_in_statement",
    "enhanced_for_statement",
    "do_statement",
}


def _block_of(node: tree_sitter.Node) -> tree_sitter.Node | None:
    child, current = node, node.parent
    while current is not None and current.type not in _BLOCKS:
        if (
            current.type in _CONDITIONAL
            and child.type not in _BLOCKS
            and child != current.child_by_field_name("condition")
        ):
            return current
        child, current = current, current.parent
    return current


def _dominates(block: tree_sitter.Node | None, sink_block: tree_sitter.Node | None) -> bool:
    """Whether statements of `block` run on every path to a statement in `sink_block` (structural:
    the same block or an enclosing one)."""
    if block is None or sink_block is None:
        return True
    current: tree_sitter.Node | None = sink_block
    while current is not None:
        if current == block:
            return True
        current = current.parent
    return False


_EMPTY_COLLECTION = re.compile(
    r"^(?:new\s+)?(?:[\w.]+\.)?(?:ArrayList|LinkedList|HashSet|StringJoiner|list|set|make|Array)\s*(?:<[^>]*>)?\s*\(\s*(?:\)|\[\]|\d|len\()"
)
_LISTED_COLLECTION = re.compile(r"^(?:List\.of|Arrays\.asList|Set\.of|Stream\.of)\(")


def _collection_elements(value: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The elements a collection expression starts with: a literal's items, `List.of(...)`'s
    arguments, nothing for `new ArrayList<>()` / `make([]string, 0)` / `[]`; else the value itself."""
    while value.type == "parenthesized_expression" and value.named_children:
        value = value.named_children[0]
    if value.type in ("list", "array", "tuple", "set"):
        return [c for c in value.named_children if c.type != "comment"]
    if value.type == "composite_literal":
        body = value.child_by_field_name("body")
        return [
            c.named_children[0] if c.type == "literal_element" and c.named_children else c
            for c in (body.named_children if body is not None else [])
        ]
    if value.type in ("object_creation_expression", "call_expression", "method_invocation", "new_expression", "call"):
        text = value.text.decode("utf-8", "replace") if value.text else ""
        if _EMPTY_COLLECTION.match(text):
            return []
        if _LISTED_COLLECTION.match(text):
            args = value.child_by_field_name("arguments")
            return list(args.named_children) if args is not None else []
    return [value]
