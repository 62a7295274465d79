"""Checks for the SQL-injection family.

The queries match calls to query sinks by name; `sql_built_from_strings` keeps those whose query
argument was built from strings (here or through a local variable), reads as SQL, and interpolates
something that is not a constant.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import tree_sitter

from ..model import Span
from ..nodes import node_bytes
from ..sqlflow import (
    NUMERIC,
    Built,
    QueryFlow,
    count_position,
    from_request,
    hole_roles,
    name_position,
    reads_as_condition,
    reads_as_sql,
    sort_key_position,
)
from .base import MatchContext, check

# Sinks that take a fragment (WHERE/ORDER BY ...), not a whole statement.
FRAGMENT_SINKS = {
    "python": {"extra"},
    "javascript": {"whereRaw", "orWhereRaw", "andWhereRaw", "havingRaw", "orHavingRaw", "orderByRaw", "groupByRaw",
                   "joinRaw", "fromRaw", "literal", "where", "andWhere", "orWhere", "having", "andHaving", "orHaving"},
    "go": {"Where", "Or", "Not", "Having", "Joins", "Order", "Group"},
    "java": {"where", "having", "condition", "sqlRestriction"},
}  # fmt: skip

# Method names common enough outside databases that the receiver must look like a database handle.
WEAK_SINKS = {
    # pg8000's `conn.run(sql)` and asyncpg's `conn.cursor(sql)` share their names with everything.
    "python": {
        "fetch",
        "fetchrow",
        "fetchval",
        "query",
        "fetch_all",
        "fetch_one",
        "fetch_val",
        "iterate",
        "run",
        "cursor",
    },
    "javascript": {
        "run",
        "all",
        "get",
        "each",
        "exec",
        "prepare",
        "any",
        "one",
        "none",
        "many",
        "oneOrNone",
        "manyOrNone",
        "result",
        "multi",
        "unsafe",
    },
    "go": set(),
    "java": {"fetch"},
}
DB_RECEIVER = re.compile(
    r"(?i)(?:^|[._])(?:\w*db\w*|\w*sql\w*|conn\w*|client|pool|database|knex|sequelize|prisma|manager|em|"
    r"\w*repo\w*|\w*runner|tx|trx|transaction|cur|cursor|session|engine|stmt|statement|handle|dsl|create|"
    r"jdbc\w*|template|sql|t)$"
)

# Where the query is when it is not the first argument.
_PY_QUERY_KEYWORDS = ("sql", "query", "statement", "operation", "stmt", "raw_query")
_PY_SECOND_ARG = {"execute_values", "execute_batch", "execute_mogrify"}
_GO_DEST_FIRST = {"Get", "Select", "GetContext", "SelectContext"}
# A context first argument: `ctx`, `reqCtx`, `c.ctx`, `r.Context()`, `c.Request().Context()`,
# `c.Request.Context()`, `context.Background()`.
_CTX = re.compile(r"^(?:c|context|(?:[\w.()]+\.)?(?:ctx|\w*Ctx)|[\w.()]*\bContext\(\)|context\.\w+\(\))$")

_HOW = {
    "f-string": "an f-string",
    "concatenation": "string concatenation",
    "percent": "% formatting",
    "format": "str.format()",
    "template": "a template literal",
    "sprintf": "fmt.Sprintf",
    "string-format": "String.format",
    "builder": "a string builder",
    "literal": "string building",
}


# Grammars that wrap each call argument in a node of its own (PHP and C# `argument`, Kotlin
# `value_argument`): the expression is its last named child (after a name, for named arguments).
_ARGUMENT_WRAPPERS = frozenset({"argument", "value_argument"})


def _arguments(node: tree_sitter.Node | None) -> list[tree_sitter.Node]:
    if node is None:
        return []
    out = []
    for child in node.named_children:
        if child.type in ("comment", "line_comment", "block_comment", "multiline_comment"):
            continue
        if child.type in _ARGUMENT_WRAPPERS and child.named_children:
            child = child.named_children[-1]
        out.append(child)
    return out


def query_argument(match: MatchContext, language: str, method: str) -> tree_sitter.Node | None:
    """The argument of the sink call that carries the SQL text."""
    if match.node("_query") is not None:
        return match.node("_query")  # a sink that is not a call (C# `command.CommandText = sql`)
    args = _arguments(match.node("_args"))
    if not args:
        return None
    if language == "python":
        for arg in args:
            if arg.type == "keyword_argument" and match.text(arg.child_by_field_name("name")) in _PY_QUERY_KEYWORDS:
                return arg.child_by_field_name("value")
        positional = [a for a in args if a.type not in ("keyword_argument", "list_splat", "dictionary_splat")]
        index = 1 if method in _PY_SECOND_ARG else 0
        return positional[index] if len(positional) > index else None
    if language == "go":
        rest = list(args)
        if rest and _CTX.match(match.text(rest[0])):
            rest = rest[1:]
        if method in _GO_DEST_FIRST and len(rest) >= 2 and rest[0].type in ("unary_expression", "identifier"):
            rest = rest[1:]  # sqlx Get/Select: the destination comes before the query
        return rest[0] if rest else None
    if language in ("javascript", "typescript", "tsx"):
        first = args[0]
        if first.type == "identifier":
            # `const query = { text: ..., values }` declared earlier, then `pool.query(query)`
            definitions = QueryFlow.for_file(match.file).definitions(match.text(first), first)
            if len(definitions) == 1 and definitions[0][0].type == "object":
                first = definitions[0][0]
        if first.type == "object":
            # mysql `{ sql, values }` and pg `{ text, values }` query configs
            for pair in first.named_children:
                if pair.type == "pair" and match.text(pair.child_by_field_name("key")).strip("'\"") in (
                    "sql",
                    "text",
                    "query",
                ):
                    return pair.child_by_field_name("value")
            return None
        return first
    if language == "java" and method == "newQuery" and len(args) >= 2:
        return args[1]  # JDO: `newQuery("javax.jdo.query.SQL", sql)`, `newQuery(Person.class, filter)`
    return args[0]


def _receiver_text(match: MatchContext) -> str:
    receiver = match.node("_receiver")
    return match.text(receiver) if receiver is not None else ""


def _finding_span(match: MatchContext, call: tree_sitter.Node, method_node: tree_sitter.Node | None) -> Span:
    start = method_node.start_byte if method_node is not None else call.start_byte
    return match.file.lines.span(start, call.end_byte)


def _passes_parameters(match: MatchContext, language: str, query_arg: tree_sitter.Node) -> bool:
    args = _arguments(match.node("_args"))
    after = [a for a in args if a.start_byte > query_arg.end_byte]
    return bool(after)


_JOIN_OF_FIELD = re.compile(
    r"^(?:strings\.Join\(\s*[\w.]+\.\w+\s*,|String\.join\([^,]+,\s*[\w.]+\.\w+\s*\)|[\"'][^\"']*[\"']\.join\(\s*(?:self|this)\.\w+\s*\))"
)


def _builder_call(node: tree_sitter.Node | None) -> bool:
    """`e.buildCondition()`: a method without arguments that composes the query's own clauses, or
    `strings.Join(b.conditions, " AND ")`: the builder's own list of clauses."""
    if node is None or node.type not in ("call", "call_expression", "method_invocation"):
        return False
    if _JOIN_OF_FIELD.match(node_bytes(node).decode("utf-8", "replace")):
        return True
    arguments = node.child_by_field_name("arguments")
    function = node.child_by_field_name("function") or node.child_by_field_name("name")
    return (
        arguments is not None
        and not arguments.named_children
        and function is not None
        and function.type in ("attribute", "member_expression", "selector_expression", "identifier")
        and (node.type == "method_invocation" or function.type != "identifier")
    )


def _composed_fragment(node: tree_sitter.Node | None) -> bool:
    """Where SQL syntax goes (not inside quotes, not after `=`), a call's or a variable's text is
    a clause the code composes (`${filterQuery}`, `timeCondition`, `db.upsert(...)`) while the query
    passes its values as parameters. Request input spliced there stays a finding."""
    return (
        node is not None
        and node.type
        in (
            "call",
            "call_expression",
            "method_invocation",
            "identifier",
            "attribute",
            "member_expression",
            "selector_expression",
            "field_access",
            # PHP
            "variable_name",
            "function_call_expression",
            "member_call_expression",
            "nullsafe_member_call_expression",
            "scoped_call_expression",
            "member_access_expression",
            "invocation_expression",  # C# (its member access shares PHP's name)
        )
        and not from_request(node)
    )


def _dangerous(built: Built, fragment: bool, with_parameters: bool = False) -> tuple[bool, bool]:
    """(is a finding, numeric-only) for one way the query was built."""
    names = {
        part.node.text
        for index, part in enumerate(built.parts)
        if part.is_hole and part.node is not None and name_position(built, index) and not from_request(part.node)
    }
    roles = dict(hole_roles(built)) if with_parameters else {}
    risky = [
        (index, part)
        for index, part in enumerate(built.parts)
        if part.is_hole
        and part.kind in ("dynamic", NUMERIC)
        # A name (table, column, schema) cannot be a parameter: that advice belongs elsewhere. The
        # same expression used again (`SET ${col} = ${col} + 1`) is the same name; but a sort key
        # (`SELECT ${col} ... GROUP BY ${col}`) in SQL that binds none of its values stays a finding.
        and not (
            part.node is not None
            and part.node.text in names
            and (with_parameters or not sort_key_position(built, index))
        )
        # Clauses composed by the query's own builder while the values travel as parameters.
        and not (with_parameters and _builder_call(part.node))
        # LIMIT / OFFSET take a number: pagination values checked where they enter (a schema, a
        # coercion), not here. Request input spliced straight in stays a finding.
        and not (count_position(built, index) and not from_request(part.node))
        and not (
            with_parameters
            and roles.get(index) == "identifier"
            and _composed_fragment(part.node)
            and not sort_key_position(built, index)
        )
    ]
    if risky and _CATALOG.search(built.sql_text()):
        # Over the catalog, names are compared and whole conditions on them composed (`AND ${inTables}`).
        clause = dict(hole_roles(built))
        risky = [
            (index, part)
            for index, part in risky
            if not _catalog_name(built, index) and (clause.get(index) != "identifier" or from_request(part.node))
        ]
    if not risky or all(part.kind == NUMERIC for _, part in risky):
        return False, False  # a number spliced in cannot change the statement
    if with_parameters and all(
        roles.get(index) in ("identifier", "dquoted")
        and not from_request(part.node)
        and not sort_key_position(built, index)
        for index, part in risky
    ):
        # The values travel as parameters; only names (a column, a time zone) are spliced in: the
        # advice is an allow-list or quoting (BL102), not parameters. A sort key stays: `ORDER BY`
        # is where request input most often lands as a name.
        return False, False
    text = built.sql_text()
    if fragment:
        if not reads_as_condition(text):
            return False, False
        roles = dict(hole_roles(built))
        # A number in a value position cannot change the statement: only text holes decide.
        risky_roles = [roles[i] for i, p in enumerate(built.parts) if p.is_hole and p.kind == "dynamic"]
        if not any(role in ("quoted", "dquoted", "in-quotes", "value", "list") for role in risky_roles):
            return False, False
    elif not reads_as_sql(text):
        return False, False
    return True, False


# The database's own catalog: a query over it compares names (`relname = '${table}'`), which its
# callers take from the schema they manage, not from a request.
_CATALOG = re.compile(
    r"(?i)\b(?:pg_catalog|information_schema|sqlite_master|sqlite_schema|pg_class|pg_namespace|pg_tables"
    r"|pg_indexes|sys\.(?:tables|columns|objects|schemas)|all_tab_columns|user_tables)\b"
)
_CATALOG_NAME_BEFORE = re.compile(
    r"(?i)\b(?:relname|nspname|schemaname|tablename|indexname|\w+_name|\w+_schema|\w+_catalog|owner)"
    r"\s*(?:=|like|in\s*\()\s*'?$"
)


def _catalog_name(built: Built, index: int) -> bool:
    """The hole is compared with a catalog's name column: `WHERE t.relname = '${name}'`."""
    start = index
    while start > 0 and built.parts[start - 1].is_hole:
        start -= 1  # `'${prefix}${name}'`: the holes glued before this one are the same name
    texts: list[str] = []
    while start > 0 and not built.parts[start - 1].is_hole:
        start -= 1  # the text right before may come in pieces (`"... = " + "'" + name + "'"`)
        texts.insert(0, built.parts[start].text or "")
    return _CATALOG_NAME_BEFORE.search("".join(texts).rstrip()) is not None


# QuerySet.extra(select, where, params, tables, order_by, select_params): the SQL-bearing ones.
_EXTRA_SQL_POSITIONS = (0, 1, 3, 4)


def _django_extra(match: MatchContext, flow: QueryFlow) -> list[tuple[Built, tree_sitter.Node]]:
    """`.extra(where=[...], select={...}, tables=[...], order_by=[...])`: every string in them."""
    out: list[tuple[Built, tree_sitter.Node]] = []
    positional = 0
    for arg in _arguments(match.node("_args")):
        if arg.type == "keyword_argument":
            if match.text(arg.child_by_field_name("name")) not in ("where", "select", "tables", "order_by"):
                continue
            value = arg.child_by_field_name("value")
        else:
            positional += 1
            if positional - 1 not in _EXTRA_SQL_POSITIONS:
                continue
            value = arg
        stack = [value] if value is not None else []
        while stack:
            node = stack.pop()
            if node.type in ("list", "tuple", "dictionary"):
                stack.extend(node.named_children)
            elif node.type == "pair":
                pair_value = node.child_by_field_name("value")
                if pair_value is not None:
                    stack.append(pair_value)
            else:
                out.extend((b, node) for b in flow.build(node))
    return out


class _Sink(NamedTuple):
    call: tree_sitter.Node
    method_node: tree_sitter.Node
    method: str
    candidates: list[tuple[Built, tree_sitter.Node]]  # each way the query is built, with the node it is built at
    query_arg: tree_sitter.Node | None  # None for Django's `.extra(...)`, whose SQL is in several arguments
    with_parameters: bool  # the call passes parameters after the query
    fragment: bool  # the sink takes a fragment (WHERE, ORDER BY ...), not a whole statement


def _sink(match: MatchContext) -> _Sink | None:
    """The database call this match is, with what reaches it, or None when this match is not a
    database call carrying SQL."""
    file = match.file
    language = file.language
    family = "javascript" if language in ("typescript", "tsx") else language
    call = match.node("finding")
    method_node = match.node("_method")
    if call is None or method_node is None:
        return None
    method = match.text(method_node)
    flow = QueryFlow.for_file(file)
    weak = WEAK_SINKS.get(family, flow.profile.weak_sinks)
    if method in weak:
        receiver = _receiver_text(match)
        if not receiver or not DB_RECEIVER.search(receiver.split("(")[0].split("?")[0]):
            return None
    if family == "python" and method == "extra":
        candidates = _django_extra(match, flow)
        query_arg = None
    else:
        query_arg = query_argument(match, language, method)
        if query_arg is None:
            return None
        candidates = [(b, query_arg) for b in flow.build(query_arg)]
    with_parameters = query_arg is not None and (
        _passes_parameters(match, language, query_arg) or method in flow.profile.prepared_sinks
    )
    fragment = method in FRAGMENT_SINKS.get(family, flow.profile.fragment_sinks) or method == "extra"
    return _Sink(call, method_node, method, candidates, query_arg, with_parameters, fragment)


@check("sql_built_from_strings")
def sql_built_from_strings(match: MatchContext) -> bool:
    """The query reaching this sink was built from strings with a non-constant value in it."""
    sink = _sink(match)
    if sink is None:
        return False
    call, method_node, method, candidates, query_arg, with_parameters, fragment = sink
    for built, _node in candidates:
        hit, numeric_only = _dangerous(built, fragment, with_parameters)
        if not hit:
            continue
        match.finding = _finding_span(match, call, method_node)
        match.context = call
        match.message_args["how"] = _HOW.get(built.style, built.style)  # a language's own style is in words
        match.message_args["sink"] = method
        if numeric_only:
            match.lower_confidence()
        for origin in built.origins:
            match.relate(origin, "SQL built here")
        if built.direct and query_arg is not None:
            match.fix_data = {
                "argument": [query_arg.start_byte, query_arg.end_byte],
                "call": [call.start_byte, call.end_byte],
                "sink": method,
                "receiver": _receiver_text(match),
                "style": built.style,
            }
        return True
    return False


# Names that come from the schema itself: ORM metadata and the database's own catalog.
_SCHEMA_SOURCE = re.compile(
    r"(?:TableName|table_name|tableName|Schema\.Table|_meta\.|__tablename__|db_table|getTableName|quote_ident|quoteIdentifier"
    r"|sqlite_master|sqlite_schema|information_schema|pg_tables|pg_catalog|pg_class|show\s+tables|show\s+columns|sys\.tables"
    r"|sysobjects)",
    re.I,
)
# A sanitiser that leaves only identifier characters: `re.sub(r"[^a-zA-Z0-9_]", "", name)`, `replace(/\W/g, "")`.
_IDENTIFIER_SANITISER = re.compile(r"\[\^[A-Za-z0-9_\\w-]{1,16}\]|\\W|isidentifier\(|isalnum\(|\^\[?\\?w")


def _name_from_schema(flow: QueryFlow, node: tree_sitter.Node | None) -> bool:
    """The name comes from the schema's own metadata, the catalog, or a sanitiser that leaves only
    identifier characters: here, or where the variable holding it was assigned or looped over."""
    if node is None:
        return False
    texts = [node_bytes(node).decode("utf-8", "replace")]
    root = node
    while (
        root.type in ("subscript", "subscript_expression", "index_expression", "attribute", "member_expression")
        and root.named_children
    ):
        root = root.named_children[0]
    if root.type == "identifier":
        for base, appends, statement in flow.definitions(node_bytes(root).decode("utf-8", "replace"), node):
            texts.extend(node_bytes(n).decode("utf-8", "replace") for n in (base, statement, *appends) if n is not None)
    return any(_SCHEMA_SOURCE.search(t) or _IDENTIFIER_SANITISER.search(t) for t in texts)


@check("sql_name_spliced")
def sql_name_spliced(match: MatchContext) -> bool:
    """A table, column or schema name spliced into SQL: not a value a parameter could carry, so it
    needs an allow-list or identifier quoting instead. Silent where BL101 already reports the query,
    and where the name comes from the schema's own metadata."""
    sink = _sink(match)
    if sink is None:
        return False
    call, method_node, method, candidates, _query_arg, with_parameters, fragment = sink
    flow = QueryFlow.for_file(match.file)
    for built, _node in candidates:
        if _dangerous(built, fragment, with_parameters)[0] or fragment:
            continue
        names = [
            part
            for index, part in enumerate(built.parts)
            if part.is_hole
            and part.kind == "dynamic"
            and name_position(built, index)
            and not _name_from_schema(flow, part.node)
        ]
        if not names or not reads_as_sql(built.sql_text()):
            continue
        match.finding = _finding_span(match, call, method_node)
        match.context = call
        match.message_args["sink"] = method
        match.message_args["name"] = match.text(names[0].node) if names[0].node is not None else "a name"
        for origin in built.origins:
            match.relate(origin, "SQL built here")
        return True
    return False
