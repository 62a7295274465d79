"""Is this string SQL, and how was this expression built?

Shared by the SQL checks and the SQL fixer. Given the expression a query sink receives, `QueryFlow`
flattens it into literal text and holes (f-string fields, `+` operands, `%` / `.format` /
`fmt.Sprintf` / `String.format` arguments, template substitutions, StringBuilder appends), following
local variables assigned earlier in the same function. Each hole is classified: a constant (literals,
module constants, Go consts, Java static finals), numeric (`int(...)`, `%d`, `strconv.Itoa`, int-typed
parameters), safe (placeholder lists, quoting helpers, whitelisted identifiers) or dynamic.

Walks are iterative, and the only Python traversal is over one expression or one function's
assignments (found with a compiled query), never over the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import tree_sitter

from . import languages

# ---------------------------------------------------------------------------------------------
# "Does this text read as SQL?"
# ---------------------------------------------------------------------------------------------

HOLE = "\x00"  # stands for an interpolated value in the text we test

# Words that make "select ... from ..." prose: articles and pronouns never name a table or column.
_ARTICLES = {
    "a", "an", "the", "your", "you", "my", "our", "their", "this", "that", "these", "those", "which",
    "what", "one", "some", "please", "here", "below", "above", "it", "them", "me", "us", "any", "each",
}
# In a select list these read as English too ("Select an option from ...").
_PROSE_WORDS = _ARTICLES | {"option", "options", "to", "how", "where", "when", "dropdown", "menu"}

_LEADING_NOISE = re.compile(r"^(?:\s|\(|\x00|--[^\n]*\n|/\*.*?\*/|;)*", re.S)

_STATEMENT = re.compile(
    r"""(?:
        select\s+(?P<select_list>.+?)\s+from\s+(?P<after_from>[^\s]+)
      | select\s+(?:\d|\*|\x00|count\s*\(|sum\s*\(|max\s*\(|min\s*\(|avg\s*\(|exists\s*\(|now\s*\(|current_|nextval|setval|version\s*\(|pg_|@@|last_insert_id|\w+\s*\()
      | insert\s+(?:ignore\s+|or\s+\w+\s+)?into\s+(?P<insert_target>[^\s(]+)
      | update\s+(?P<update_target>[^\s]+)\s+(?:\w+\s+)?set\s+\S
      | delete\s+from\s+(?P<delete_target>[^\s]+)
      | delete\s+\w+\s+(?:\w+\s+)?where\b
      | with\s+(?:recursive\s+)?[\w\x00]+\s*(?:\([^)]*\)\s*)?as\s*\(
      | (?:create|drop|alter|truncate)\s+(?:(?:temporary|temp|unique|or\s+replace|if\s+(?:not\s+)?exists|materialized|global|unlogged)\s+)*
            (?:table|index|view|schema|database|sequence|trigger|function|procedure|type|extension|user|role|column|constraint)\b
      | truncate\s+[\w\x00"`.]+\s*;?\s*$
      | (?:replace|merge)\s+into\s+\S
      | upsert\s+into\s+\S
      | exec(?:ute)?\s+(?:sp_|dbo\.|[\w.]+\s+@|\x00)
      | call\s+[\w.\x00]+\s*\(
      | \{\s*(?:\?\s*=\s*)?call\s+[\w.\x00]  # JDBC's escape syntax: `{call proc(?)}`, `{? = call f(?)}`
      | (?:grant|revoke)\s+\w+.*\s+(?:on|to|from)\s
      | show\s+(?:tables|columns|databases|index|indexes|create|grants|variables|full)
      | (?:describe|desc)\s+[\w\x00`"]+\s*;?\s*$
      | pragma\s+\w
      | (?:vacuum|reindex)\b
      | analyze\s+[\w\x00]
      | explain\s+(?:analyze\s+)?(?:select|insert|update|delete|with)\b
      | copy\s+\S+\s+(?:from|to)\s
      | copy\s*\(\s*(?:select|with)\s
      | set\s+(?:session|local|search_path|role|time\s+zone|names|@)
      | lock\s+tables?\s
      | from\s+[\w\x00.]+(?:\s+(?:as\s+)?\w+)?\s+(?:where|order\s+by|join|inner|left|group\s+by)\b
      | (?:listen|notify|unlisten)\s+[\w\x00]
    )""",
    re.I | re.S | re.X,
)

# A fragment that continues a query: what `base + " WHERE id = " + x` adds.
_CLAUSE = re.compile(
    r"""^(?:
        where\s+\S+?\s*(?:=|<|>|!=|like\b|ilike\b|in\b|is\b|between\b|not\b)
      | where\s+\x00
      | (?:and|or)\s+[\w.\x00]+\s*(?:=|<|>|!=|like\b|ilike\b|in\b|is\b|between\b)
      | order\s+by\s+\S
      | group\s+by\s+\S
      | having\s+\S
      | limit\s+(?:\d|\x00)
      | offset\s+(?:\d|\x00)
      | (?:inner\s+|left\s+(?:outer\s+)?|right\s+|cross\s+|full\s+)?join\s+\S+\s+on\b
      | values\s*\(
      | set\s+[\w\x00]+\s*=
      | union\s+(?:all\s+)?select\b
      | on\s+conflict\b
      | returning\s+\S
    )""",
    re.I | re.S | re.X,
)

# What a query-builder fragment (`.where(...)`, `whereRaw`, gorm `Where`, Django `extra`) looks like.
_CONDITION = re.compile(
    r"(?:=|<>|!=|<|>|\blike\b|\bilike\b|\bin\s*\(|\bis\s+(?:not\s+)?null\b|\bbetween\b|\bregexp\b|\bmatch\b)", re.I
)


def _normalise(text: str) -> str:
    # Escapes arrive as source text; `\n` in a literal is whitespace to SQL.
    return re.sub(r"\\[nrt]", " ", text)


def _is_prose_select(match: re.Match) -> bool:
    """"Select an option from the list", "select the file from disk": English, not SQL."""
    select_list = match.group("select_list")
    after_from = match.group("after_from")
    if select_list is None:
        return False
    words = select_list.replace(HOLE, " ").split()
    if words and words[0].lower().strip(",") in _PROSE_WORDS:
        return True
    if after_from and after_from.strip("\"'`,.:;").lower() in _ARTICLES:
        return True
    return False


def reads_as_sql(text: str) -> bool:
    """True when `text` (holes written as HOLE) reads as a SQL statement or a clause of one."""
    body = _normalise(text)
    body = body[_LEADING_NOISE.match(body).end() :]
    if not body:
        return False
    match = _STATEMENT.match(body)
    if match is not None:
        if _is_prose_select(match):
            return False
        for group in ("insert_target", "update_target", "delete_target"):
            target = match.groupdict().get(group)
            if target and target.strip("\"'`").lower() in _ARTICLES:
                return False
        return True
    return _CLAUSE.match(body) is not None


def reads_as_condition(text: str) -> bool:
    """True when `text` reads as a WHERE/HAVING/JOIN fragment handed to a query builder."""
    body = _normalise(text).strip()
    return bool(body) and (reads_as_sql(body) or _CONDITION.search(body.replace(HOLE, " x ")) is not None)


# ---------------------------------------------------------------------------------------------
# How an expression was built
# ---------------------------------------------------------------------------------------------

# Hole kinds, ordered from harmless to dangerous: combining takes the worst.
CONST, SAFE, NUMERIC, DYNAMIC = "const", "safe", "numeric", "dynamic"
_RANK = {CONST: 0, SAFE: 1, NUMERIC: 2, DYNAMIC: 3}


def worst(*kinds: str) -> str:
    return max(kinds, key=_RANK.__getitem__) if kinds else CONST


@dataclass
class Part:
    """A piece of the built string: literal source text, or a hole holding an expression."""

    text: str | None  # literal text (format escapes like `{{` / `%%` already undone); None for a hole
    node: tree_sitter.Node | None = None
    kind: str = CONST
    spec: str = ""  # how the hole is formatted: "" (plain), "!r", ":>10", "%s", "%05d", "%v" ...
    quote: str = ""  # for literals: the opening delimiter of the literal they came from
    const_text: str | None = None  # a constant hole's text when known (feeds the SQL test)
    caller_sql: bool = False  # safe only as SQL text from the caller (`base_query`): not in a value position

    @property
    def is_hole(self) -> bool:
        return self.text is None


@dataclass
class Built:
    """A string-building expression, flattened."""

    node: tree_sitter.Node
    style: str  # f-string, concatenation, percent, format, template, sprintf, string-format, builder
    parts: list[Part] = field(default_factory=list)
    origins: list[tree_sitter.Node] = field(default_factory=list)  # assignments it came through
    direct: bool = True  # built inline in the sink's argument

    @property
    def holes(self) -> list[Part]:
        return [p for p in self.parts if p.is_hole]

    @property
    def risky_holes(self) -> list[Part]:
        return [p for p in self.parts if p.is_hole and p.kind in (DYNAMIC, NUMERIC)]

    @property
    def kind(self) -> str:
        return worst(*(p.kind for p in self.holes))

    def sql_text(self) -> str:
        out = []
        for part in self.parts:
            if part.text is not None:
                out.append(part.text)
            elif part.kind == CONST and part.const_text is not None:
                out.append(part.const_text)
            else:
                out.append(HOLE)
        return "".join(out)


@dataclass(frozen=True)
class Profile:
    """Node types and idioms of one language."""

    strings: frozenset[str]  # plain or interpolating string literals
    functions: frozenset[str]  # nodes that open a function scope
    binary: str
    paren: str
    call: str
    identifier: str
    assignments: str  # query: @name @value, with @_aug on `+=` forms and @_item on list appends
    numeric_calls: re.Pattern
    safe_calls: re.Pattern
    numeric_params: str  # regex template with {name}
    guards: tuple[str, ...]  # regex templates with {name}: a whitelist check on the identifier


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
(assignment_statement left: (expression_list . (identifier) @name) operator: "=" right: (expression_list . (_) @value)) @_stmt
(assignment_statement left: (expression_list . (identifier) @name) operator: "+=" right: (expression_list . (_) @value)) @_aug
(call_expression function: (identifier) @_m arguments: (argument_list . (identifier) @name (_) @value) (#eq? @_m "append")) @_item
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
(method_invocation object: (_) @name name: (identifier) @_m arguments: (argument_list . (_) @value) (#any-of? @_m "add" "append")) @_item
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
        functions=frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition",
                             "generator_function_declaration", "function"}),
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

_ENV_LOOKUP = re.compile(
    r"^(?:os\.environ(?:\.get)?[\[(]|os\.getenv\(|process\.env\.\w+$|process\.env\[|os\.Getenv\(|"
    r"System\.(?:getenv|getProperty)\()"
)
_PLACEHOLDER_LITERAL = re.compile(r"^\s*(?:[?,\s]|%s|\$\d*|@p?\d*|:\w*)*\s*$")
_PLACEHOLDER_NAME = re.compile(r"(?i)placeholder|qmark|marks$|^binds?$|bind_?vars|params_sql|in_clause_marks")
_SQL_TEXT_NAME = re.compile(
    r"(?i)(?:sql|stmt|statement|clause|fragment)s?$|^(?:sql|stmt)(?:_|[A-Z]|$)"
    r"|(?:base|sub|inner|raw|count|select|outer|main|cte)_?query$|^where(?:_|[A-Z]|$)"
)
_CONST_NAME = re.compile(r"^_*[A-Z][A-Z0-9_]*$")
# ALL-CAPS members of the request are its input, not constants: Django's `request.POST`, `request.GET`.
_REQUEST_MEMBER = re.compile(r"(?:^|\.)(?:request|req|self\.request)\.[A-Z]+$")


def _constant_member(text: str) -> bool:
    """`x.SOME_NAME`: a member that reads as a constant (not one of the request's input dicts)."""
    return bool(_CONST_NAME.match(re.split(r"[.]", text)[-1])) and not _REQUEST_MEMBER.search(text)
_STRING_IN_TEXT = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"|`([^`$]*)`")
_JOINERS = re.compile(r"\bjoin\b|\bJoin\b|joining|\brepeat\b|\bRepeat\b|nCopies|\bfill\b")

_compiled_assign: dict[str, tree_sitter.Query] = {}

PRINTF_VERB = re.compile(r"%(?:(\d+)\$)?[-#0 +,(]*(?:\d+|\*)?(?:\.(?:\d+|\*))?([a-zA-Z%])")
PY_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?([diouxXeEfFgGcrsa%])")
FORMAT_FIELD = re.compile(r"\{\{|\}\}|\{([^{}!:]*)(![rsa])?(:[^{}]*)?\}")
_NUMERIC_SPECS = set("diouxXeEfFgGbc")


def _assign_query(language: str) -> tree_sitter.Query:
    query = _compiled_assign.get(language)
    if query is None:
        query = tree_sitter.Query(languages.grammar(language), _PROFILES[language].assignments)
        _compiled_assign[language] = query
    return query


def placeholder_list_text(text: str) -> bool:
    """An expression that only ever yields placeholders: `", ".join(["%s"] * len(ids))`,
    `ids.map(() => "?").join(",")`, `strings.Repeat("?,", n)`, `Collections.nCopies(n, "?")`."""
    literals = [next(g for g in m.groups() if g is not None) for m in _STRING_IN_TEXT.finditer(text)]
    if not literals or not _JOINERS.search(text):
        return False
    if not all(_PLACEHOLDER_LITERAL.match(lit) for lit in literals):
        return False
    return any(re.search(r"\?|%s|\$|@p|:\w", lit) for lit in literals)


CONSTANT_MAX_DEPTH = 4
# Nodes whose members are declarations in their own right (classes, their bodies, exports).
_CONTAINERS = frozenset({
    "class_definition", "decorated_definition", "class_declaration", "class_body", "class", "abstract_class_declaration",
    "export_statement", "interface_declaration", "interface_body", "enum_declaration", "enum_body", "record_declaration",
    "program", "module", "block",  # `block`: a class body (function bodies are skipped before it)
})


class QueryFlow:
    """Flattens and classifies string-building expressions in one file."""

    MAX_DEPTH = 4  # local variables followed through other local variables
    MAX_NESTING = 40  # expression nesting classify() descends into
    MAX_PARTS = 400

    def __init__(self, file) -> None:
        self.file = file
        self.language = file.language
        self.profile = _PROFILES[file.language]
        self._assignments: dict[tuple[int, int], list[tuple[str, str, tree_sitter.Node, tree_sitter.Node]]] = {}
        self._constants: dict[str, tree_sitter.Node | None] | None = None
        self._class_constants: dict[str, tree_sitter.Node | None] = {}

    @classmethod
    def for_file(cls, file) -> "QueryFlow":
        flow = file.cache.get("sqlflow")
        if flow is None:
            flow = file.cache["sqlflow"] = cls(file)
        return flow

    # --- text helpers -------------------------------------------------------------------------

    def text(self, node: tree_sitter.Node) -> str:
        return self.file.text(node)

    def enclosing_function(self, node: tree_sitter.Node) -> tree_sitter.Node | None:
        current = node.parent
        while current is not None:
            if current.type in self.profile.functions:
                return current
            current = current.parent
        return None

    # --- constants ----------------------------------------------------------------------------

    def constants(self) -> dict[str, tree_sitter.Node | None]:
        """Module-level constants (Python/JS top-level assignments, Go const/var, Java static finals):
        name -> value node (None when the name is constant but its value is not a string)."""
        if self._constants is not None:
            return self._constants
        out: dict[str, tree_sitter.Node | None] = {}
        query = _assign_query(self.language)
        for _index, caps in self._top_level_matches(query):
            if "_stmt" not in caps:
                continue
            name, value, stmt = caps["name"][0], caps["value"][0], caps["_stmt"][0]
            if self.enclosing_function(stmt) is not None:
                continue
            if not self._is_module_constant(stmt):
                continue
            key = self.text(name)
            if self.language == "python" and stmt.parent.parent.type == "block":
                self._class_constants.setdefault(key, value)  # class attribute: only self.X / cls.X see it
                continue
            if key in out:
                out[key] = None  # assigned twice at module level: not a constant we can read
                continue
            out[key] = value
        if self.language == "java":
            self._java_fields(out)
        if self.language in ("javascript", "typescript", "tsx"):
            self._js_class_fields()
        self._constants = out
        return out

    def _top_level_matches(self, query: tree_sitter.Query):
        """Matches in module- and class-level statements, never inside function bodies: constants
        live there, and skipping bodies keeps this cheap on large files (it runs on every
        re-analysis). Consecutive statements of a scope share one cursor over their byte range:
        a cursor per statement cost 46 ms on a 14,000-line module of 1,000 small classes."""
        functions = self.profile.functions
        root = self.file.tree.root_node
        # Depth first in document order (the first class to define an attribute wins), with an
        # explicit stack: (scope, its remaining children, the open stretch [start, end] or None).
        stack: list[tuple[tree_sitter.Node, Iterator[tree_sitter.Node], list[int] | None]] = [(root, iter(root.named_children), None)]
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
    def _matches_between(query: tree_sitter.Query, scope: tree_sitter.Node, run: list[int]):
        cursor = tree_sitter.QueryCursor(query)
        cursor.set_byte_range(run[0], run[1])
        cursor.set_max_start_depth(CONSTANT_MAX_DEPTH + 1)  # from the scope, one level above each statement
        for match in cursor.matches(scope):
            yield match

    def _is_module_constant(self, stmt: tree_sitter.Node) -> bool:
        if self.language == "python":
            parent = stmt.parent  # expression_statement
            return parent is not None and parent.parent is not None and parent.parent.type in ("module", "block") and (
                parent.parent.type == "module" or (parent.parent.parent is not None and parent.parent.parent.type == "class_definition")
            )
        if self.language in ("javascript", "typescript", "tsx"):
            decl = stmt.parent
            if decl is None or decl.type not in ("lexical_declaration", "variable_declaration"):
                return False
            holder = decl.parent
            if holder is not None and holder.type == "export_statement":
                holder = holder.parent
            return holder is not None and holder.type == "program" and self.text(decl).startswith("const")
        if self.language == "go":
            return True  # package-level const or var (functions excluded above)
        return False

    def _java_fields(self, out: dict[str, tree_sitter.Node | None]) -> None:
        # Java: `static final` fields, found with a small query (never a walk over the whole tree).
        query = _java_field_query()
        for _i, caps in tree_sitter.QueryCursor(query).matches(self.file.tree.root_node):
            mods = self.text(caps["_mods"][0])
            if "final" not in mods.split():
                continue
            value = caps.get("value")
            out[self.text(caps["name"][0])] = value[0] if value else None

    def _js_class_fields(self) -> None:
        # `table = "users"` / `private readonly table = 'users'`: only `this.table` reads them.
        source = (
            "(public_field_definition name: (property_identifier) @name value: (_) @value)"
            if self.language != "javascript"
            else "(field_definition property: (property_identifier) @name value: (_) @value)"
        )
        query = _class_field_queries.get(self.language)
        if query is None:
            query = _class_field_queries[self.language] = tree_sitter.Query(languages.grammar(self.language), source)
        for _i, caps in tree_sitter.QueryCursor(query).matches(self.file.tree.root_node):
            value = caps["value"][0]
            if self._plain_string(value):
                self._class_constants.setdefault(self.text(caps["name"][0]), value)

    def is_constant_name(self, name: str) -> bool:
        return name in self.constants() or bool(_CONST_NAME.match(name))

    # --- local assignments ----------------------------------------------------------------------

    def _function_assignments(self, function: tree_sitter.Node):
        key = (function.start_byte, function.end_byte)
        found = self._assignments.get(key)
        if found is None:
            found = []
            cursor = tree_sitter.QueryCursor(_assign_query(self.language))
            cursor.set_byte_range(function.start_byte, function.end_byte)
            for _index, caps in cursor.matches(function):
                kind = "item" if "_item" in caps else "aug" if "_aug" in caps else "loop" if "_loop" in caps else "stmt"
                stmt = (caps.get("_item") or caps.get("_aug") or caps.get("_loop") or caps.get("_stmt"))[0]
                for value in caps["value"]:
                    found.append((self.text(caps["name"][0]), kind, value, stmt))
            found.sort(key=lambda entry: entry[2].start_byte)
            self._assignments[key] = found
        return found

    def definitions(self, name: str, before: tree_sitter.Node):
        """How local `name` got its value before `before`: a list of (base value, [appended values],
        assignment statement) alternatives, latest first; empty when it is not a local variable.
        A loop variable's base is the loop statement's iterable, with the loop as the statement.
        Closures see their enclosing functions' locals."""
        function = self.enclosing_function(before)
        while function is not None:
            entries = [
                e for e in self._function_assignments(function)
                if e[0] == name and self.enclosing_function(e[3]) == function
                and ((e[1] == "loop" and e[2].end_byte <= before.start_byte <= e[3].end_byte)
                     or (e[1] != "loop" and e[3].end_byte <= before.start_byte))
            ]
            bases = [e for e in entries if e[1] in ("stmt", "loop")]
            if bases:
                break
            function = self.enclosing_function(function)
        else:
            return []
        sink_block = _block_of(before)
        out = []
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
        pattern = re.compile(rf"(?<![\w.]){re.escape(name)}\b")
        while function is not None:
            parameters = function.child_by_field_name("parameters") or function.child_by_field_name("parameter")
            if parameters is not None and pattern.search(self.text(parameters)):
                return True
            function = self.enclosing_function(function)
        return False

    def numeric_typed(self, name: str, before: tree_sitter.Node) -> bool:
        function = self.enclosing_function(before)
        if function is None:
            return False
        text = self.file.data[function.start_byte : before.start_byte].decode("utf-8", "replace")
        return re.search(self.profile.numeric_params.format(name=re.escape(name)), text) is not None

    # --- flattening ---------------------------------------------------------------------------

    def build(self, expr: tree_sitter.Node, *, follow: bool = True) -> list[Built]:
        """Every way the value of `expr` (a sink argument) may have been built; [] when it is neither
        built from strings here nor traceable to a local that was."""
        expr = self._unwrap(expr)
        if expr.type == self.profile.identifier and follow:
            name = self.text(expr)
            if self.is_constant_name(name):
                return []
            out = []
            for base, appends, stmt in self.definitions(name, expr):
                built = self._flatten(base, 1)
                built.origins.append(stmt)
                for extra in appends:
                    more = self._flatten(extra, 1)
                    built.parts.extend(more.parts)
                    if built.style == "literal" and more.style != "literal":
                        built.style = more.style
                    if more.risky_holes and extra.parent is not None:
                        built.origins.append(extra.parent)
                built.direct = False
                out.append(built)
            return out
        if self.language == "go" and follow and _is_go_builder_string(expr, self):
            receiver = expr.child_by_field_name("function").child_by_field_name("operand")
            builder = self._go_builder(receiver, expr)
            return [builder] if builder is not None else []
        if self.language == "java" and follow and _is_to_string(expr, self):
            receiver = expr.child_by_field_name("object")
            if receiver is not None and receiver.type == "identifier":
                builder = self._java_builder(receiver, expr)
                return [builder] if builder is not None else []
        built = self._flatten(expr, 0)
        return [built]

    def _java_builder(self, receiver: tree_sitter.Node, before: tree_sitter.Node) -> Built | None:
        name = self.text(receiver)
        definitions = self.definitions(name, before)
        if not definitions:
            return None
        base, _aug, stmt = definitions[0]
        built = self._flatten(base, 1)
        built.style = "builder"
        built.direct = False
        built.origins.append(stmt)
        function = self.enclosing_function(before)
        for entry_name, kind, value, item_stmt in self._function_assignments(function):
            if kind != "item" or item_stmt.start_byte <= stmt.start_byte or item_stmt.end_byte > before.start_byte:
                continue
            if _chain_root(item_stmt, self) != name:
                continue
            built.parts.extend(self._flatten(value, 1).parts)
        return built

    def _go_builder(self, receiver: tree_sitter.Node, before: tree_sitter.Node) -> Built | None:
        """A `strings.Builder` / `bytes.Buffer` filled with WriteString before `.String()`."""
        name = self.text(receiver)
        function = self.enclosing_function(before)
        if function is None:
            return None
        writes = [e for e in self._function_assignments(function)
                  if e[0] == name and e[1] == "aug" and e[3].end_byte <= before.start_byte and e[3].type == "call_expression"]
        if not writes:
            return None
        built = Built(node=writes[0][3], style="builder", direct=False)
        for index, (_name, _kind, value, stmt) in enumerate(writes):
            piece = self._flatten(value, 1)
            built.parts.extend(piece.parts)
            if index == 0 or piece.risky_holes:
                built.origins.append(stmt)
        return built

    def _unwrap(self, node: tree_sitter.Node) -> tree_sitter.Node:
        while node.type in (self.profile.paren, "as_expression", "non_null_expression", "satisfies_expression",
                            "type_assertion", "await_expression", "cast_expression"):
            inner = [c for c in node.named_children if c.type not in ("type_identifier", "type_annotation", "predefined_type",
                                                                      "generic_type", "comment")]
            if not inner:
                break
            node = inner[0] if node.type != "cast_expression" else node.child_by_field_name("value") or inner[-1]
        return node

    def _flatten(self, root: tree_sitter.Node, depth: int) -> Built:
        """Iteratively flatten `root` into literal parts and classified holes."""
        built = Built(node=root, style="literal")
        stack: list[tuple[str, object, int, str]] = [("node", root, depth, "")]
        while stack:
            if len(built.parts) > self.MAX_PARTS:
                built.parts.append(Part(None, None, DYNAMIC))
                break
            tag, item, level, spec = stack.pop()
            if tag == "part":
                built.parts.append(item)  # type: ignore[arg-type]
                continue
            node = self._unwrap(item)  # type: ignore[arg-type]
            pushed = self._expand(node, level, built, stack, spec)
            if not pushed:
                built.parts.append(self._hole(node, level, spec))
        for index in range(1, len(built.parts)):
            part, previous = built.parts[index], built.parts[index - 1]
            # `$${values.length}` / "$" + (i + 1): a numbered placeholder, not a value
            if part.is_hole and part.kind in (NUMERIC, CONST) and previous.text is not None and re.search(r"(?:\$|@p|:p)$", previous.text):
                part.kind = SAFE
        if any(p.caller_sql for p in built.parts):
            for index, role in hole_roles(built):
                if built.parts[index].caller_sql and role not in ("identifier", "dquoted"):
                    built.parts[index].kind = DYNAMIC  # named like SQL, used as a value: it is data
        return built

    def _expand(self, node, level, built: Built, stack, spec) -> bool:
        """Push the pieces of a string-building node; False when `node` is a leaf value (a hole)."""
        language = self.language
        if node.type in self.profile.strings:
            pieces = self._string_pieces(node)
            if pieces is None:
                return False
            interpolating = any(p[0] == "hole" for p in pieces)
            if interpolating and built.style == "literal":
                built.style = "f-string" if language == "python" else "template"
            for piece in reversed(pieces):
                if piece[0] == "hole":
                    stack.append(("node", piece[1], level, piece[2]))
                else:
                    stack.append(("part", Part(piece[1], node, CONST, quote=piece[2]), level, ""))
            return True
        if node.type == self.profile.binary:
            operator = node.child_by_field_name("operator")
            op = self.text(operator) if operator is not None else ""
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is None or right is None:
                return False
            if op == "+" and (self._stringish(left) or self._stringish(right)):
                if built.style == "literal":
                    built.style = "concatenation"
                stack.append(("node", right, level, ""))
                stack.append(("node", left, level, ""))
                return True
            template = self._template(left) if op == "%" and language == "python" else None
            if template is not None:
                built.style = "percent" if built.style == "literal" else built.style
                self._push_formatted(template[0], template[1], PY_PERCENT, _percent_values(right, self), level, stack, percent=True)
                return True
            return False
        if node.type == self.profile.call:
            return self._expand_call(node, level, built, stack)
        if node.type == "object_creation_expression" and self._builder_chain(node):
            args = [c for c in node.child_by_field_name("arguments").named_children if c.type != "comment"]
            if len(args) == 1 and self._stringish(args[0]):
                stack.append(("node", args[0], level, ""))
            elif len(args) > 1:
                return False
            built.style = "builder" if built.style == "literal" else built.style
            return True
        if node.type == "member_expression" and level < self.MAX_DEPTH:
            # `statement.text` where `const statement = { text: `...${x}...` }` in this function
            value, origin = self._object_property(node)
            if value is not None:
                built.origins.append(origin)
                stack.append(("node", value, level + 1, ""))
                return True
        if node.type == "identifier" and level < self.MAX_DEPTH:
            name = self.text(node)
            if self.is_constant_name(name):
                return False
            definitions = self.definitions(name, node)
            if len(definitions) == 1 and definitions[0][2].type not in _LOOPS and self._is_building(definitions[0][0]):
                base, appends, stmt = definitions[0]
                built.origins.append(stmt)
                for extra in reversed(appends):
                    stack.append(("node", extra, level + 1, ""))
                stack.append(("node", base, level + 1, ""))
                return True
        return False

    def _object_property(self, node):
        """(value, defining statement) of `obj.prop` when `obj` is a local assigned once, from an
        object literal written out with that key; (None, None) otherwise."""
        obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
        if obj is None or prop is None or obj.type != "identifier" or prop.type != "property_identifier":
            return None, None
        definitions = self.definitions(self.text(obj), node)
        if len(definitions) != 1 or definitions[0][1]:
            return None, None
        literal = self._unwrap(definitions[0][0])
        if literal.type != "object":
            return None, None
        wanted = self.text(prop)
        for pair in literal.named_children:
            key = pair.child_by_field_name("key") if pair.type == "pair" else None
            if key is not None and self.text(key).strip("'\"`") == wanted:
                return pair.child_by_field_name("value"), definitions[0][2]
        return None, None

    def _expand_call(self, node, level, built: Built, stack) -> bool:
        language = self.language
        function = node.child_by_field_name("function") if language != "java" else None
        args = [c for c in (node.child_by_field_name("arguments") or node).named_children if c.type != "comment"]
        joined = self._joined_literal_list(node, function, args)
        if joined is not None:
            # `" ".join(["SELECT", cols, "FROM t"])`, `['SELECT ', col, ' FROM t'].join('')`,
            # `strings.Join([]string{...}, " ")`, `String.join(" ", a, b, c)`: the pieces in order.
            elements, separator = joined
            built.style = "concatenation" if built.style == "literal" else built.style
            for index in range(len(elements) - 1, -1, -1):
                stack.append(("node", elements[index], level, ""))
                if index and separator is not None:
                    stack.append(("node", separator, level, ""))
            return True
        if language == "python" and function is not None and function.type == "attribute":
            method = self.text(function.child_by_field_name("attribute"))
            receiver = function.child_by_field_name("object")
            template = self._template(receiver) if method == "format" and receiver is not None else None
            if template is not None:
                built.style = "format" if built.style == "literal" else built.style
                positional = [a for a in args if a.type not in ("keyword_argument", "list_splat", "dictionary_splat")]
                keywords = {}
                for a in args:
                    if a.type == "keyword_argument":
                        keywords[self.text(a.child_by_field_name("name"))] = a.child_by_field_name("value")
                if any(a.type in ("list_splat", "dictionary_splat") for a in args):
                    positional, keywords = [], {}
                self._push_format_fields(template[0], template[1], positional, keywords, level, stack)
                return True
        if language in ("javascript", "typescript", "tsx") and function is not None and args and \
                self.text(function) in ("format", "util.format", "pgFormat", "pg_format", "sqlFormat", "format.withArray"):
            # util.format / pg-format: %s splices text in; pg-format's %L and %I quote (see _hole)
            template = self._template(args[0])
            if template is not None:
                built.style = "template" if built.style == "literal" else built.style
                self._push_formatted(template[0], template[1], PRINTF_VERB, args[1:], level, stack)
                return True
        if language == "go" and function is not None and self.text(function) in ("fmt.Sprintf", "fmt.Fprintf") and args:
            # fmt.Fprintf(&builder, format, ...) writes into a builder: the format comes second
            skip = 1 if self.text(function) == "fmt.Fprintf" else 0
            template = self._template(args[skip]) if len(args) > skip else None
            if template is not None:
                built.style = "sprintf" if built.style == "literal" else built.style
                self._push_formatted(template[0], template[1], PRINTF_VERB, args[skip + 1 :], level, stack)
                return True
        if language == "java":
            name_node = node.child_by_field_name("name")
            method = self.text(name_node) if name_node is not None else ""
            receiver = node.child_by_field_name("object")
            if method == "format" and receiver is not None and self.text(receiver) == "String" and args:
                # String.format(Locale, fmt, args...) puts the template second
                fmt_index = 1 if self._template(args[0]) is None and len(args) > 1 and self._template(args[1]) is not None else 0
                template = self._template(args[fmt_index])
                if template is not None:
                    built.style = "string-format" if built.style == "literal" else built.style
                    self._push_formatted(template[0], template[1], PRINTF_VERB, args[fmt_index + 1 :], level, stack)
                    return True
            if method == "format" and receiver is not None and self.text(receiver) in ("MessageFormat", "java.text.MessageFormat") and args:
                template = self._template(args[0])
                if template is not None:
                    built.style = "string-format" if built.style == "literal" else built.style
                    self._push_format_fields(template[0], template[1], args[1:], {}, level, stack)
                    return True
            template = self._template(receiver) if method == "formatted" and receiver is not None else None
            if template is not None:
                built.style = "string-format" if built.style == "literal" else built.style
                self._push_formatted(template[0], template[1], PRINTF_VERB, args, level, stack)
                return True
            if method in ("append", "concat") and receiver is not None and len(args) == 1 and self._builder_chain(receiver):
                built.style = "builder" if built.style == "literal" else built.style
                stack.append(("node", args[0], level, ""))
                stack.append(("node", receiver, level, ""))
                return True
            if method == "toString" and receiver is not None and not args and self._builder_chain(receiver):
                stack.append(("node", receiver, level, ""))
                return True
        return False

    def _joined_literal_list(self, node, function, args) -> tuple[list, tree_sitter.Node | None] | None:
        """(elements, separator literal) when `node` joins a list written out in place with a
        literal separator; None otherwise (a separator of "" is returned as None)."""
        language = self.language
        elements, separator = None, None
        if language == "python" and function is not None and function.type == "attribute" and len(args) == 1:
            receiver = function.child_by_field_name("object")
            if self.text(function.child_by_field_name("attribute")) == "join" and receiver is not None:
                collection = self._unwrap(args[0])
                if collection.type in ("list", "tuple"):
                    elements, separator = collection.named_children, receiver
        elif language in ("javascript", "typescript", "tsx") and function is not None and function.type == "member_expression":
            receiver = self._unwrap(function.child_by_field_name("object"))
            prop = function.child_by_field_name("property")
            if prop is not None and self.text(prop) == "join" and receiver.type == "array" and len(args) == 1:
                elements, separator = receiver.named_children, args[0]
        elif language == "go" and function is not None and self.text(function) == "strings.Join" and len(args) == 2:
            collection = self._unwrap(args[0])
            body = collection.child_by_field_name("body") if collection.type == "composite_literal" else None
            if body is not None:
                elements = [c.named_children[0] if c.type == "literal_element" and c.named_children else c for c in body.named_children]
                separator = args[1]
        elif language == "java" and len(args) >= 3:  # String.join(sep, a, b, ...); (sep, list) joins a collection
            name, receiver = node.child_by_field_name("name"), node.child_by_field_name("object")
            if name is not None and self.text(name) == "join" and receiver is not None and self.text(receiver) == "String":
                elements, separator = args[1:], args[0]
        if elements is None or separator is None or not self._plain_string(separator):
            return None
        elements = [e for e in elements if e.type != "comment"]
        if any(e.type in ("list_splat", "spread_element", "variadic_argument") for e in elements):
            return None
        return elements, (separator if self._literal_text(self._unwrap(separator)) else None)

    def _template(self, node) -> tuple[str, tree_sitter.Node] | None:
        """The text of a format template: a plain literal here, or a constant / local holding one."""
        node = self._unwrap(node)
        if self._plain_string(node):
            return self._literal_text(node), node
        value = None
        if node.type == "identifier":
            name = self.text(node)
            definitions = self.definitions(name, node)
            if len(definitions) == 1 and not definitions[0][1]:
                value = definitions[0][0]
            elif not definitions:
                value = self.constants().get(name)
        elif node.type in ("attribute", "member_expression", "selector_expression", "field_access"):
            last = self.text(node).split(".")[-1]
            if _CONST_NAME.match(last):
                value = self.constants().get(last)
        if value is not None:
            value = self._unwrap(value)
            if self._plain_string(value):
                return self._literal_text(value), value
        return None

    def _builder_chain(self, node) -> bool:
        """A `new StringBuilder(...)...append(...)` chain (not an arbitrary receiver)."""
        current = node
        while current is not None:
            if current.type == "object_creation_expression":
                type_node = current.child_by_field_name("type")
                if type_node is not None and self.text(type_node) in ("StringBuilder", "StringBuffer"):
                    args = current.child_by_field_name("arguments")
                    return True if args is not None else False
                return False
            if current.type == "method_invocation":
                current = current.child_by_field_name("object")
                continue
            return False
        return False

    def _push_format_fields(self, template: str, literal_node, positional, keywords, level, stack) -> None:
        pieces: list[tuple[str, object, str]] = []
        auto = 0
        cursor = 0
        quote = self._quote_of(literal_node)
        for match in FORMAT_FIELD.finditer(template):
            pieces.append(("text", template[cursor : match.start()], quote))
            cursor = match.end()
            token = match.group(0)
            if token in ("{{", "}}"):
                pieces.append(("text", token[0], quote))
                continue
            field_name = match.group(1) or ""
            value = None
            key = re.split(r"[.\[]", field_name)[0]
            if key == "":
                value = positional[auto] if auto < len(positional) else None
                auto += 1
            elif key.isdigit():
                index = int(key)
                value = positional[index] if index < len(positional) else None
            else:
                value = keywords.get(key)
            if value is None or key != field_name:
                pieces.append(("dyn", None, ""))
            else:
                pieces.append(("node", value, (match.group(2) or "") + (match.group(3) or "")))
        pieces.append(("text", template[cursor:], quote))
        self._push_pieces(pieces, literal_node, level, stack)

    def _push_formatted(self, template: str, literal_node, pattern: re.Pattern, values, level, stack, percent=False) -> None:
        pieces: list[tuple[str, object, str]] = []
        cursor = 0
        index = 0
        quote = self._quote_of(literal_node)
        named = values if isinstance(values, dict) else None
        for match in pattern.finditer(template):
            pieces.append(("text", template[cursor : match.start()], quote))
            cursor = match.end()
            verb = match.group(2)
            if verb == "%":
                pieces.append(("text", "%", quote))
                continue
            if verb == "n" and not percent:
                pieces.append(("text", "\n", quote))
                continue
            if named is not None:
                value = named.get(match.group(1) or "")
            elif not percent and match.group(1):
                position = int(match.group(1)) - 1
                value = values[position] if 0 <= position < len(values) else None
            else:
                value = values[index] if values is not None and index < len(values) else None
                index += 1
            pieces.append(("node", value, match.group(0)) if value is not None else ("dyn", None, match.group(0)))
        pieces.append(("text", template[cursor:], quote))
        self._push_pieces(pieces, literal_node, level, stack)

    def _push_pieces(self, pieces, literal_node, level, stack) -> None:
        for kind, value, extra in reversed(pieces):
            if kind == "text":
                if value:
                    stack.append(("part", Part(value, literal_node, CONST, quote=extra), level, ""))
            elif kind == "dyn":
                stack.append(("part", Part(None, None, DYNAMIC, spec=extra), level, ""))
            else:
                stack.append(("node", value, level, extra))

    def _string_pieces(self, node):
        """Literal pieces of a string node: ("text", raw, quote) and ("hole", expr, spec) tuples, or
        None for byte strings and other literals we do not read."""
        language = self.language
        if language == "python":
            strings = [node] if node.type == "string" else [c for c in node.named_children if c.type == "string"]
            pieces = []
            for string in strings:
                start = string.child(0)
                prefix = self.text(start) if start is not None else '"'
                if "b" in prefix.lower():
                    return None
                is_f = "f" in prefix.lower()
                quote = prefix.replace("f", "").replace("F", "")
                for child in string.children:
                    if child.type == "string_content":
                        text = self.text(child)
                        if is_f:
                            text = text.replace("{{", "{").replace("}}", "}")
                        pieces.append(("text", text, quote))
                    elif child.type == "interpolation":
                        expr = child.child_by_field_name("expression")
                        conversion = child.child_by_field_name("type_conversion")
                        spec_node = child.child_by_field_name("format_specifier")
                        spec = self.text(conversion) if conversion is not None else ""
                        if spec_node is not None:
                            spec += ":" + self.text(spec_node).lstrip(":")
                        if expr is None:
                            return None
                        pieces.append(("hole", expr, spec))
            return pieces
        if node.type == "template_string":
            pieces = []
            for child in node.named_children:
                if child.type in ("string_fragment", "escape_sequence"):
                    pieces.append(("text", self.text(child), "`"))
                elif child.type == "template_substitution":
                    inner = [c for c in child.named_children if c.type != "comment"]
                    if not inner:
                        return None
                    pieces.append(("hole", inner[0], ""))
            # Raw text between fragments (e.g. whitespace-only fragments are always nodes) is contiguous.
            return pieces
        if node.type in ("string", "string_literal", "text_block", "interpreted_string_literal", "raw_string_literal"):
            return [("text", self._literal_text(node), self._quote_of(node))]
        return None

    def _quote_of(self, node) -> str:
        if node is None:
            return ""
        if self.language == "python" and node.type == "string":
            start = node.child(0)
            return self.text(start).replace("f", "").replace("F", "") if start is not None else '"'
        if node.type == "text_block":
            return '"""'
        raw = self.text(node)
        return raw[:3] if raw.startswith('"""') else raw[:1]

    def _literal_text(self, node) -> str:
        """Raw source text inside the delimiters of a plain (non-interpolating) literal."""
        if self.language == "python" and node.type == "string":
            return "".join(self.text(c) for c in node.children if c.type == "string_content")
        if self.language == "python" and node.type == "concatenated_string":
            return "".join(self._literal_text(c) for c in node.named_children)
        raw = self.text(node)
        quote = self._quote_of(node)
        if len(raw) >= 2 * len(quote):
            return raw[len(quote) : len(raw) - len(quote)]
        return ""

    def _plain_string(self, node) -> bool:
        node = self._unwrap(node)
        if node.type not in self.profile.strings:
            return False
        pieces = self._string_pieces(node)
        return pieces is not None and all(p[0] == "text" for p in pieces)

    def _stringish(self, node) -> bool:
        """Whether `node` evaluates to a string we can read (iterative over `+` / `%` chains)."""
        stack = [node]
        while stack:
            current = self._unwrap(stack.pop())
            if current.type in self.profile.strings or current.type == "identifier":
                return True  # `a + b` of two names: let the SQL test decide whether it is a query
            if current.type == self.profile.binary:
                operator = current.child_by_field_name("operator")
                if operator is not None and self.text(operator) in ("+", "%"):
                    # right operand first: chains nest to the left, so their leaves sit on the right
                    stack.extend(c for c in (current.child_by_field_name("left"), current.child_by_field_name("right")) if c is not None)
                continue
            if current.type == self.profile.call:
                text = self.text(current)
                if text.startswith(("fmt.Sprintf", "String.format", "MessageFormat.format", "str(", "String(")) or ".format(" in text or ".join(" in text:
                    return True
        return False

    def _is_building(self, node) -> bool:
        node = self._unwrap(node)
        if node.type in self.profile.strings:
            return True
        if node.type == self.profile.binary:
            return self._stringish(node)
        if node.type == self.profile.call:
            text = self.text(node)
            return text.startswith(("fmt.Sprintf", "String.format", "MessageFormat.format")) or re.match(r"^[\"'].*[\"']\s*\.format\(", text, re.S) is not None \
                or text.rstrip().endswith(".toString()") and "StringBuilder" in text or ".formatted(" in text
        return False

    # --- classifying holes ----------------------------------------------------------------------

    def _hole(self, node, level: int, spec: str) -> Part:
        if node is None:
            return Part(None, None, DYNAMIC, spec=spec)
        if spec in ("%L", "%I") and self.language in ("javascript", "typescript", "tsx"):
            return Part(None, node, SAFE, spec=spec)  # pg-format quotes literals and identifiers
        kind, const_text = self.classify(node, level)
        if kind == DYNAMIC and spec and spec[-1] in _NUMERIC_SPECS and not spec.startswith("!"):
            kind = NUMERIC
        caller_sql = kind == SAFE and node.type == "identifier" and _SQL_TEXT_NAME.search(self.text(node)) is not None \
            and self.is_parameter(self.text(node), node)
        return Part(None, node, kind, spec=spec, const_text=const_text, caller_sql=caller_sql)

    def classify(self, node, level: int = 0) -> tuple[str, str | None]:
        """(kind, constant text if known) of a value interpolated into a string. Iterative over
        expression nesting; follows local variables to a bounded depth."""
        if level > self.MAX_NESTING:
            return DYNAMIC, None  # absurdly nested: assume the worst rather than recurse further
        node = self._unwrap(node)
        language = self.language
        text = self.text(node)
        typ = node.type
        if typ in ("integer", "float", "number", "int_literal", "float_literal", "decimal_integer_literal",
                   "decimal_floating_point_literal", "true", "false", "none", "null", "nil", "null_literal", "undefined"):
            return CONST, text
        if typ in self.profile.strings:
            pieces = self._string_pieces(node)
            if pieces is not None and all(p[0] == "text" for p in pieces):
                return CONST, "".join(p[1] for p in pieces)
            built = self._flatten(node, level + 1)
            return built.kind, None
        if typ == self.profile.binary:
            operator = node.child_by_field_name("operator")
            op = self.text(operator) if operator is not None else ""
            if op in ("+", "%") and self._stringish(node):
                built = self._flatten(node, level + 1)
                return built.kind, (built.sql_text() if built.kind == CONST else None)
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
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
            return worst(*(self.classify(c, level + 1)[0] for c in (node.child_by_field_name("left"), node.child_by_field_name("right")) if c is not None)), None
        if typ in ("conditional_expression", "ternary_expression"):
            branches = node.named_children[1:] if typ == "ternary_expression" else [node.named_children[0], node.named_children[-1]]
            kinds = [self.classify(b, level + 1) for b in branches]
            return worst(*(k for k, _ in kinds)), (kinds[0][1] if all(k == CONST for k, _ in kinds) else None)
        if typ == "identifier":
            return self._classify_name(node, level)
        if _ENV_LOOKUP.match(text):
            return SAFE, None  # deployment configuration, not request data
        if typ in ("attribute", "member_expression", "selector_expression", "field_access"):
            last = re.split(r"[.]", text)[-1]
            owner = node.named_children[0] if node.named_children else None
            if owner is not None and owner.type == "identifier" and _CONST_NAME.match(self.text(owner)) and language != "go":
                return CONST, None  # `SORTS.newest`: a member of a constant table (Go's pkg.Name is not)
            if _constant_member(text) or last in ("db_table", "__tablename__"):
                value = self.constants().get(last) if _CONST_NAME.match(last) else None
                return CONST, self._const_value_text(value)
            if last in ("length", "size", "count", "id") and language != "python":
                return (NUMERIC if last != "id" else DYNAMIC), None
            if language == "python" and re.search(r"\.(?:id|pk|count)$", text):
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
                if _constant_member(self.text(container)) or (container.type == "identifier" and container_name in self.constants()
                                                         and not self.definitions(container_name, node)):
                    return CONST, None  # a lookup in a constant mapping: the value is one of ours
                if container.type not in ("identifier", "attribute", "member_expression", "selector_expression", "field_access"):
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

    def _const_value_text(self, value) -> str | None:
        if value is None:
            return None
        value = self._unwrap(value)
        if value.type in self.profile.strings and self._plain_string(value):
            return self._literal_text(value)
        return None

    def _classify_name(self, node, level: int) -> tuple[str, str | None]:
        name = self.text(node)
        definitions = self.definitions(name, node) if level < self.MAX_DEPTH else []
        shadowed = self.is_parameter(name, node)
        if not definitions and not shadowed and name in self.constants():
            return CONST, self._const_value_text(self.constants()[name])
        if not definitions and not shadowed and _CONST_NAME.match(name):
            return CONST, None
        if _PLACEHOLDER_NAME.search(name):
            return SAFE, None
        if not definitions and shadowed and _SQL_TEXT_NAME.search(name):
            return SAFE, None  # SQL text handed in by the caller (`base_query`, `where_sql`): judged where it is built
        if self.guarded(name, node):
            return SAFE, None
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

    def _classify_iterable(self, iterable, loop, level: int) -> str:
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
        if re.match(r"^(?:range|enumerate)\(", text) and self.language == "python":
            return NUMERIC if text.startswith("range") else DYNAMIC
        if re.match(r"^(?:\w+\.)*[A-Z][A-Z0-9_]*(?:\.(?:keys|values|items)\(\))?$", text):
            return CONST
        return DYNAMIC

    def _classify_call(self, node, level: int) -> tuple[str, str | None]:
        language = self.language
        text = self.text(node)
        if language == "java":
            name_node = node.child_by_field_name("name")
            receiver = node.child_by_field_name("object")
            callee = (self.text(receiver) + "." if receiver is not None else "") + (self.text(name_node) if name_node is not None else "")
            args_node = node.child_by_field_name("arguments")
        else:
            function = node.child_by_field_name("function") or node.child_by_field_name("constructor")
            callee = self.text(function) if function is not None else ""
            args_node = node.child_by_field_name("arguments")
            receiver = function.child_by_field_name("object") if function is not None and function.type in ("attribute", "member_expression") else None
            if function is not None and function.type == "selector_expression":
                receiver = function.child_by_field_name("operand")
        args = [c for c in (args_node.named_children if args_node is not None else []) if c.type != "comment"]
        method = re.split(r"[.]", callee)[-1]
        if placeholder_list_text(text):
            return SAFE, None
        if _ENV_LOOKUP.match(text):
            return SAFE, None  # deployment configuration, not request data
        if method in ("get", "getOrDefault", "get_or") and receiver is not None and _constant_member(self.text(receiver)):
            return CONST, None  # a lookup in a constant mapping: the value is one of ours
        if self.profile.numeric_calls.search(callee) or self.profile.numeric_calls.search(method):
            if not (language == "java" and method == "valueOf" and callee.startswith("String.")):
                return NUMERIC, None
        if self.profile.safe_calls.search(callee):
            return SAFE, None
        if language == "go" and callee == "fmt.Sprint" and args:
            return worst(*(self.classify(a, level + 1)[0] for a in args)), None
        # Conversions and pure string functions: as risky as their inputs.
        passthrough = {
            "python": ("str", "strip", "lower", "upper", "title", "rstrip", "lstrip", "replace"),
            "javascript": ("String", "toString", "trim", "toLowerCase", "toUpperCase", "toFixed", "repeat", "slice"),
            "go": ("strings.Repeat", "strings.TrimSuffix", "strings.TrimRight", "strings.TrimSpace", "strings.ToUpper",
                   "strings.ToLower", "fmt.Sprint", "string"),
            "java": ("String.valueOf", "toString", "trim", "toUpperCase", "toLowerCase", "repeat", "nCopies",
                     "Collections.nCopies", "name"),
        }[language if language in ("python", "go", "java") else "javascript"]
        if callee in passthrough or method in passthrough:
            inputs = list(args)
            if receiver is not None:
                inputs.append(receiver)
            if language == "go" and callee == "string":
                return DYNAMIC, None
            return worst(*(self.classify(a, level + 1)[0] for a in inputs)) if inputs else CONST, None
        if method in ("join", "Join", "joining"):
            return self._classify_join(node, receiver, args, level), None
        if language == "python" and callee in ("format",) and args:
            return worst(*(self.classify(a, level + 1)[0] for a in args)), None
        if self._is_building(node):
            built = self._flatten(node, level + 1)
            return built.kind, (built.sql_text() if built.kind == CONST else None)
        if _fixed_by_code(callee, receiver, args, self.text) and not from_request(node):
            return CONST, None  # `getDateSQL('created_at', 'hour')`, `db.typeInt()`: the code decides the text
        return DYNAMIC, None

    def _mapped_values(self, node) -> list[tree_sitter.Node] | None:
        """What `xs.map(callback)` (JS) / `xs.stream().map(lambda)...` (Java) yields: the callback's
        returned expressions; None when `node` is not such a call."""
        if node.type not in ("call_expression", "method_invocation"):
            return None
        if self.language in ("javascript", "typescript", "tsx"):
            function = node.child_by_field_name("function")
            if function is None or function.type != "member_expression" or self.text(function.child_by_field_name("property")) != "map":
                return None
        elif self.language == "java":
            current = node
            while current is not None and current.type == "method_invocation" and self.text(current.child_by_field_name("name")) != "map":
                current = current.child_by_field_name("object")
            if current is None or current.type != "method_invocation":
                return None
            node = current
        else:
            return None
        args = [c for c in node.child_by_field_name("arguments").named_children if c.type != "comment"]
        if not args or args[0].type not in ("arrow_function", "function_expression", "lambda_expression"):
            return None
        body = args[0].child_by_field_name("body")
        if body is None:
            return None
        if body.type not in ("statement_block", "block"):
            return [body]
        returned = []
        stack = [body]
        while stack:  # return statements of this callback, not of functions nested in it
            current = stack.pop()
            if current.type == "return_statement":
                returned.extend(c for c in current.named_children if c.type != "comment")
                continue
            if current.type in self.profile.functions or current.type in ("arrow_function", "function_expression", "lambda_expression"):
                continue
            stack.extend(current.named_children)
        return returned

    def _classify_join(self, node, receiver, args, level: int) -> str:
        """`sep.join(xs)` / `xs.join(sep)` / `strings.Join(xs, sep)` / `String.join(sep, xs)`:
        as risky as the worst element the collection can hold."""
        language = self.language
        if language == "python":
            collection = args[0] if args else None
        elif language == "go":
            collection = args[0] if args else None
        elif language == "java":
            collection = args[1] if len(args) > 1 else None
        else:
            collection = receiver
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
        if collection.type in ("list", "tuple", "array", "generator_expression", "list_comprehension", "binary_operator"):
            if collection.type == "binary_operator":
                collection = collection.child_by_field_name("left")
            return self.classify(collection, level + 1)[0]
        return DYNAMIC


# ---------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------

_LOOPS = {"for_statement", "for_in_statement", "enhanced_for_statement"}

_BLOCKS = {"block", "statement_block", "statement_list", "module", "program", "source_file", "class_body",
           "switch_block_statement_group", "expression_case", "default_case", "switch_case", "switch_default"}

_java_field_compiled: list[tree_sitter.Query] = []
_class_field_queries: dict[str, tree_sitter.Query] = {}


def _java_field_query() -> tree_sitter.Query:
    if not _java_field_compiled:
        _java_field_compiled.append(
            tree_sitter.Query(
                languages.grammar("java"),
                "(field_declaration (modifiers) @_mods declarator: (variable_declarator name: (identifier) @name value: (_)? @value))",
            )
        )
    return _java_field_compiled[0]


# Statements that run their body only sometimes: a brace-less body (`if (p == null) p = "";`) is
# still conditional, so the statement itself stands for its block.
_CONDITIONAL = {"if_statement", "else_clause", "while_statement", "for_statement", "for_in_statement",
                "enhanced_for_statement", "do_statement"}


def _block_of(node: tree_sitter.Node) -> tree_sitter.Node | None:
    child, current = node, node.parent
    while current is not None and current.type not in _BLOCKS:
        if current.type in _CONDITIONAL and child.type not in _BLOCKS and child != current.child_by_field_name("condition"):
            return current
        child, current = current, current.parent
    return current


def _dominates(block: tree_sitter.Node | None, sink_block: tree_sitter.Node | None) -> bool:
    """Whether statements of `block` run on every path to a statement in `sink_block` (structural:
    the same block or an enclosing one)."""
    if block is None or sink_block is None:
        return True
    current = sink_block
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
        return [c.named_children[0] if c.type == "literal_element" and c.named_children else c
                for c in (body.named_children if body is not None else [])]
    if value.type in ("object_creation_expression", "call_expression", "method_invocation", "new_expression", "call"):
        text = value.text.decode("utf-8", "replace") if value.text else ""
        if _EMPTY_COLLECTION.match(text):
            return []
        if _LISTED_COLLECTION.match(text):
            args = value.child_by_field_name("arguments")
            return list(args.named_children) if args is not None else []
    return [value]


def _is_to_string(node: tree_sitter.Node, flow: QueryFlow) -> bool:
    if node.type != "method_invocation":
        return False
    name = node.child_by_field_name("name")
    args = node.child_by_field_name("arguments")
    return name is not None and flow.text(name) == "toString" and (args is None or not args.named_children)


def _is_go_builder_string(node: tree_sitter.Node, flow: QueryFlow) -> bool:
    if node.type != "call_expression":
        return False
    function = node.child_by_field_name("function")
    args = node.child_by_field_name("arguments")
    return (
        function is not None and function.type == "selector_expression"
        and flow.text(function.child_by_field_name("field")) == "String"
        and function.child_by_field_name("operand").type == "identifier"
        and (args is None or not args.named_children)
    )


def _chain_root(node: tree_sitter.Node, flow: QueryFlow) -> str:
    current = node
    while current is not None and current.type == "method_invocation":
        current = current.child_by_field_name("object")
    return flow.text(current) if current is not None and current.type == "identifier" else ""


def _percent_values(right: tree_sitter.Node, flow: QueryFlow):
    right = flow._unwrap(right)
    if right.type == "tuple":
        return [c for c in right.named_children if c.type != "comment"]
    if right.type == "dictionary":
        out = {}
        for pair in right.named_children:
            if pair.type == "pair":
                key = pair.child_by_field_name("key")
                if key is not None and key.type == "string" and flow._plain_string(key):
                    out[flow._literal_text(key)] = pair.child_by_field_name("value")
        return out
    return [right]


# ---------------------------------------------------------------------------------------------
# Where a hole sits in the query
# ---------------------------------------------------------------------------------------------

_VALUE_BEFORE = re.compile(
    r"(?:=|<>|!=|<|>|\blike|\bilike|\blimit|\boffset|\bbetween|\bthen|\belse)\s*$", re.I
)
_QUOTED_BEFORE = re.compile(r"(?<![\w'])'$")
_QUOTED_AFTER = re.compile(r"^'(?!\w)")
_DQUOTED_BEFORE = re.compile(r'(?<![\w"])"$')
_DQUOTED_AFTER = re.compile(r'^"(?!\w)')


def _values_tuple_open(before: str) -> bool:
    """The text ends inside `VALUES (...` at a position where a value goes."""
    upper = before.upper()
    at = upper.rfind("VALUES")
    if at < 0:
        return False
    tail = before[at + 6 :]
    return tail.count("(") > tail.count(")") and re.search(r"[(,]\s*$", tail) is not None


# Where SQL wants a name, not a value: a table, column list, schema or database. A parameter cannot
# go there, so "pass the values as parameters" is the wrong advice; an allow-list or quoting is the
# right one. ORDER BY / GROUP BY are left out on purpose: a sort key is the name most often taken
# straight from a query string, and it stays an injection finding.
_NAME_BEFORE = re.compile(
    r"(?:\b(?:from|join|into|update|table|database|schema|extension|index|view|sequence|exists|truncate|describe"
    r"|desc|column|columns\s+(?:in|from)|tables\s+(?:in|from)|as|alter\s+table|drop|grant\s+\w+\s+on)"
    r"|\btable_info\s*\(|\bselect(?:\s+distinct)?|\bset|\bsearch_path\s+(?:to|=)|\buse|\.)\s*[`\"\[]?$",
    re.I,
)
_NAME_AFTER = re.compile(r"^[`\"\]]?\s*(?:\.|,|\)|$|=|\s+(?:from|where|as|on|set|values|asc|desc|limit|order|group)\b)", re.I)


# `WHERE <name> < ?`: the left side of a comparison is a column.
_CONDITION_START = re.compile(r"\b(?:where|and|or|on)\s*[`\"\[]?$", re.I)
_COMPARED_AFTER = re.compile(r"^[`\"\]]?\s*(?:=|<>|!=|<=|>=|<|>|\bnot\b|\blike\b|\bilike\b|\bin\b|\bis\b|\bbetween\b)", re.I)


def count_position(built: Built, index: int) -> bool:
    """The hole is the number after LIMIT / OFFSET / TOP / FETCH FIRST."""
    before = _normalise("".join(p.text if p.text is not None else HOLE for p in built.parts[:index]))
    return re.search(r"\b(?:limit|offset|top|fetch\s+(?:first|next))\s*\(?\s*$", before, re.I) is not None


def sort_key_position(built: Built, index: int) -> bool:
    """The hole follows ORDER BY / GROUP BY (or a comma in their list)."""
    before = _normalise("".join(p.text if p.text is not None else HOLE for p in built.parts[:index]))
    return re.search(r"\b(?:order|group)\s+by\b[^()]*$", before, re.I) is not None and not re.search(
        r"\b(?:limit|offset|having)\b[^()]*$", before, re.I
    )


def name_position(built: Built, index: int) -> bool:
    """The hole at `index` sits where the SQL names a table, column, schema or database."""
    parts = built.parts
    before = _normalise("".join(p.text if p.text is not None else HOLE for p in parts[:index]))
    after = _normalise("".join(p.text if p.text is not None else HOLE for p in parts[index + 1 :]))
    if re.search(r"[A-Za-z_]\w*$", before) and not re.search(r"\b(?:select|from|where|and|or|set|by)$", before, re.I):
        # Glued to letters (`"d" + day`, `audit_${year}`): the hole is part of one identifier.
        before = re.sub(r"[A-Za-z_]\w*$", "", before)
        after = re.sub(r"^\w+", "", after)
    if _CONDITION_START.search(before) and _COMPARED_AFTER.search(after):
        return True
    if not _NAME_BEFORE.search(before):
        return False
    if _values_tuple_open(before):
        return False
    if re.search(r"\bset\s*$", before, re.I):
        return _NAME_AFTER.search(after) is not None  # `SET <hole> = ...` names a column
    return True


# Request input spliced straight in stays a finding even where SQL wants a name: `ORDER BY ${req.query.sort}`.
_REQUEST_INPUT = re.compile(
    r"\b(?:req|request|ctx\.request|params|query|body|form|args|headers|cookies)\b[.\[]|\bc\.(?:Query|Param|PostForm|DefaultQuery)\("
    r"|\br\.(?:URL|Form|PostForm|FormValue)\b|getParameter\(|\bsys\.argv|\bprocess\.argv"
)


# The database handle itself: `db.typeInt()`, `self.db.now()`, `{db.big_int}` are its dialect's SQL.
_DB_HANDLE = re.compile(r"^(?:self\.|this\.|app\.|s\.|h\.)?(?:db|database|dialect|driver|conn|connection|engine)$", re.I)
_LITERAL_TYPES = frozenset({"string", "integer", "float", "number", "interpreted_string_literal", "raw_string_literal",
                            "int_literal", "float_literal", "string_literal", "decimal_integer_literal", "true", "false",
                            "template_string"})
# Callees that read input even when given only literals: `getParam("id")`, `input("> ")`, `c.Query("q")`.
_INPUT_ACCESSOR = re.compile(r"(?i)param|query|arg|input|header|cookie|form|body|field|getenv|environ|prompt|read")


def _fixed_by_code(callee: str, receiver, args: list, text) -> bool:
    """A call whose result the code fixes: only literal arguments to a function that is not an input
    accessor, or the database handle asked for its dialect's text."""
    method = re.split(r"[.]", callee)[-1]
    literal = all(a.type in _LITERAL_TYPES and not (a.type == "template_string" and a.named_children) for a in args)
    if receiver is not None and _DB_HANDLE.match(text(receiver)) and literal:
        return True
    return bool(args) and literal and not _INPUT_ACCESSOR.search(method)


def from_request(node: tree_sitter.Node | None) -> bool:
    return node is not None and _REQUEST_INPUT.search(node.text.decode("utf-8", "replace")) is not None


def hole_roles(built: Built) -> list[tuple[int, str]]:
    """(index into built.parts, role) for each hole: "quoted" (inside '...'), "value" (after a
    comparison, LIMIT/OFFSET or in a VALUES tuple) or "identifier" (anything else: table, column,
    ORDER BY direction, a whole clause)."""
    roles = []
    parts = built.parts
    for index, part in enumerate(parts):
        if not part.is_hole:
            continue
        before = "".join(p.text if p.text is not None else HOLE for p in parts[:index])
        after = "".join(p.text if p.text is not None else HOLE for p in parts[index + 1 :])
        before_n, after_n = _normalise(before), _normalise(after)
        if _QUOTED_BEFORE.search(before_n) and _QUOTED_AFTER.search(after_n):
            roles.append((index, "quoted"))
        elif _DQUOTED_BEFORE.search(before_n) and _DQUOTED_AFTER.search(after_n) and built.node is not None and "'" not in before_n[-1:]:
            # "..." around a value is a string literal in MySQL/SQLite dialects, an identifier in others.
            roles.append((index, "dquoted"))
        elif before_n.replace("''", "").count("'") % 2 == 1:
            roles.append((index, "in-quotes"))  # part of a quoted literal: '%{term}%', 'prefix-{x}'
        elif re.search(r"\bin\s*\(\s*$", before_n, re.I):
            roles.append((index, "list"))
        elif _VALUE_BEFORE.search(before_n) or _values_tuple_open(before_n):
            roles.append((index, "value"))
        else:
            roles.append((index, "identifier"))
    return roles
