"""The `sql-parameterize` fix: turn a query built from strings into placeholders plus parameters.

Offered only where the result is certain:
- the query is built inline in the sink's argument (not through a variable);
- the call passes no parameters yet (a trailing callback in JS is fine);
- every interpolated value sits where a parameter can go: wrapped in '...' quotes exactly, after a
  comparison, LIMIT/OFFSET, or inside a VALUES tuple; never a table, column, LIKE pattern or IN list;
- plain formatting only (no `!r`, widths or precision);
- the driver's placeholder style is known from the sink or the file's imports.
Otherwise the fixer returns None and no action is offered. PHP, C#, Ruby, Kotlin and Rust have a
module each (`sql_<language>.py`, on `sql_shared.py`), under the same rules.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import tree_sitter

from ..checks.base import FileContext
from ..sqlflow import CONST, Built, QueryFlow, hole_roles
from . import sql_csharp, sql_kotlin, sql_php, sql_ruby, sql_rust
from .base import Edit, Fix, FixRequest, fixer
from .sql_shared import Site, flow_agrees

_PLAIN_SPECS = {"", "%s", "%d", "%i", "%v"}

# The languages whose fixer lives in a module of its own, reading the query from the source.
_MORE_LANGUAGES = {
    "php": sql_php.fix,
    "csharp": sql_csharp.fix,
    "ruby": sql_ruby.fix,
    "kotlin": sql_kotlin.fix,
    "rust": sql_rust.fix,
}

# Placeholder styles: "qmark" (?), "format" (%s, with % doubled), "numeric" ($1, $2 ...).
_PY_DRIVERS = {
    "sqlite3": "qmark", "aiosqlite": "qmark", "pyodbc": "qmark",
    "psycopg2": "format", "psycopg": "format", "pymysql": "format", "MySQLdb": "format", "mysql": "format",
    "aiomysql": "format", "aiopg": "format", "django": "format", "pgdb": "format",
    "asyncpg": "numeric",
}  # fmt: skip
_JS_DRIVERS = {
    "pg": "numeric",
    "mysql": "qmark",
    "mysql2": "qmark",
    "mysql2/promise": "qmark",
    "sqlite3": "qmark",
    "better-sqlite3": "qmark",
}
_GO_DRIVERS = {
    "github.com/lib/pq": "numeric",
    "github.com/jackc/pgx": "numeric",
    "github.com/jackc/pgx/v4": "numeric",
    "github.com/jackc/pgx/v5": "numeric",
    "github.com/jackc/pgx/v5/stdlib": "numeric",
    "github.com/jackc/pgx/v4/stdlib": "numeric",
    "github.com/go-sql-driver/mysql": "qmark",
    "github.com/mattn/go-sqlite3": "qmark",
    "modernc.org/sqlite": "qmark",
}

_PY_DBAPI_SINKS = {"execute", "fetch", "fetchrow", "fetchval"}
_JS_SINKS = {"query", "execute", "raw", "whereRaw", "orWhereRaw", "havingRaw", "run", "all", "get"}
_GO_SINKS = {"Query", "QueryContext", "QueryRow", "QueryRowContext", "Exec", "ExecContext", "Raw", "Where",
             "Get", "Select", "GetContext", "SelectContext"}  # fmt: skip
_JDBC_TEMPLATE_SINKS = {"update", "query", "queryForObject", "queryForList", "queryForMap"}


def _node_at(tree: tree_sitter.Tree, start: int, end: int) -> tree_sitter.Node | None:
    node = tree.root_node.descendant_for_byte_range(start, end)
    while node is not None and (node.start_byte, node.end_byte) != (start, end):
        node = node.parent
        if node is not None and (node.start_byte < start or node.end_byte > end):
            return None
    return node


def _imports(data: bytes, language: str) -> set[str]:
    text = data.decode("utf-8", "replace")
    if language == "python":
        found = set(re.findall(r"^\s*(?:import|from)\s+([\w.]+)", text, re.M))
        return {name.split(".")[0] for name in found}
    if language in ("javascript", "typescript", "tsx"):
        return set(re.findall(r"""(?:require\(\s*|from\s+)['"]([^'"]+)['"]""", text))
    if language == "go":
        return _go_imports(data)
    return set()


def _go_imports(data: bytes) -> set[str]:
    text = data.decode("utf-8", "replace")
    out = set()
    for block in re.findall(r"^import\s*\((.*?)^\)", text, re.S | re.M):
        out.update(re.findall(r'"([^"]+)"', block))
    out.update(re.findall(r'^import\s+(?:[\w_.]+\s+)?"([^"]+)"', text, re.M))
    return out


def _style_from(imports: set[str], table: dict[str, str]) -> str | None:
    styles = {table[name] for name in imports if name in table}
    return styles.pop() if len(styles) == 1 else None


def _placeholder(style: str, number: int) -> str:
    return {"qmark": "?", "format": "%s", "numeric": f"${number}"}[style]


def _unwrap_value(flow: QueryFlow, node: tree_sitter.Node) -> str:
    """The value to pass as a parameter: `str(x)` / `strconv.Itoa(x)` / `String.valueOf(x)` pass x."""
    text = flow.text(node)
    patterns = {
        "python": r"^str\((?P<inner>[^()]*)\)$",
        "go": r"^(?:strconv\.Itoa|fmt\.Sprint)\((?P<inner>[^()]*)\)$",
        "java": r"^(?:String\.valueOf|Integer\.toString|Long\.toString)\((?P<inner>[^()]*)\)$",
    }
    pattern = patterns.get(flow.language)
    if pattern:
        match = re.match(pattern, text)
        if match and match.group("inner").strip():
            return match.group("inner").strip()
    return text


def _rewrite(built: Built, style: str, language: str) -> tuple[list[tuple[str, str]], list[tree_sitter.Node]] | None:
    """(literal pieces with their quotes, the nodes of the values to pass) with each value replaced by
    a placeholder, or None when some value is not in a parameter position."""
    roles = dict(hole_roles(built))
    parts = built.parts
    pieces: list[tuple[str | None, str]] = []  # (text, quote); text None: a placeholder slot
    values: list[tree_sitter.Node] = []
    strip_next_quote = False
    for index, part in enumerate(parts):
        if part.text is not None:  # a literal
            text = part.text
            if strip_next_quote:
                if not text.startswith(("'", "\\'")):
                    return None
                text = text[2:] if text.startswith("\\") else text[1:]
                strip_next_quote = False
            pieces.append((text, part.quote))
            continue
        if part.kind == CONST or part.node is None:
            return None  # constant or unreadable pieces would need the string kept dynamic: not certain
        if part.spec not in _PLAIN_SPECS:
            return None
        role = roles.get(index)
        if role == "quoted":
            previous = pieces[-1][0] if pieces else None
            if previous is None or not previous.endswith("'"):
                return None
            pieces[-1] = (previous[:-2] if previous.endswith("\\'") else previous[:-1], pieces[-1][1])
            strip_next_quote = True
        elif role != "value":
            return None
        values.append(part.node)
        pieces.append((None, ""))  # placeholder slot
    if strip_next_quote:
        return None
    literal_text = "".join(text for text, _quote in pieces if text is not None)
    if _existing_placeholders(literal_text, style):
        return None  # already has placeholders: mixing numbering with new ones is not certain
    out: list[tuple[str, str]] = []
    number = 0
    for piece, quote in pieces:
        if piece is None:
            number += 1
            out.append((_placeholder(style, number), "*"))
        else:
            out.append((piece.replace("%", "%%") if style == "format" else piece, quote))
    return out, values


def _existing_placeholders(text: str, style: str) -> bool:
    # Quoted literals may legitimately hold '?' or '%s'; strip them before looking.
    bare = re.sub(r"'(?:[^']|'')*'", "''", text)
    return bool(re.search(r"\?|%s|\$\d+", bare))


def _join_literal(pieces: list[tuple[str, str]], language: str) -> str | None:
    """One literal in the language from pieces that may come from literals with different quotes."""
    quotes = {q for _t, q in pieces if q != "*"}
    if not quotes:
        quotes = {'"'}
    if language == "python":
        delimiters = {q.lstrip("rRuU") for q in quotes}
        prefixes = {q[: len(q) - len(q.lstrip("rRuU"))].lower() for q in quotes}
        if len(prefixes) > 1 or len(delimiters) > 1:
            return None
        quote = next(iter(quotes))
        delimiter = next(iter(delimiters))
        body = "".join(t for t, _q in pieces)
        if len(delimiter) == 1 and "\n" in body:
            return None
        if delimiter in body.replace("\\" + delimiter, ""):
            return None
        return f"{quote}{body}{delimiter}"
    if language in ("javascript", "typescript", "tsx"):
        if len(quotes) == 1:
            quote = next(iter(quotes))
            body = "".join(t for t, _q in pieces)
            return f"{quote}{body}{quote}"
        body = ""
        for text, quote in pieces:
            if quote in ("'", '"'):
                text = text.replace("\\" + quote, quote)
            body += text.replace("`", "\\`").replace("${", "\\${") if quote != "`" else text
        return f"`{body}`"
    if language == "go":
        if len(quotes) > 1:
            if any(q == "`" and re.search(r'["\\\n]', t) for t, q in pieces):
                return None
            quotes = {'"'}
        quote = next(iter(quotes))
        return quote + "".join(t for t, _q in pieces) + quote
    if language == "java":
        if len(quotes) > 1:
            return None
        quote = next(iter(quotes))
        return quote + "".join(t for t, _q in pieces) + quote
    return None


def _args(node: tree_sitter.Node | None) -> list[tree_sitter.Node]:
    if node is None:
        return []
    return [c for c in node.named_children if c.type not in ("comment", "line_comment", "block_comment")]


@fixer("sql-parameterize")
def parameterize(request: FixRequest) -> Fix | None:
    finding, analysis = request.finding, request.analysis
    data = finding.fix_data or {}
    if "argument" not in data or "call" not in data:
        return None
    tree, source, lines = analysis.tree, analysis.source, analysis.lines
    if tree is None or source is None or lines is None:
        return None
    argument = _node_at(tree, *data["argument"])
    call = _node_at(tree, *data["call"])
    if argument is None or call is None:
        return None
    language = analysis.language
    file = FileContext(path=analysis.path, language=language, data=source.data, tree=tree, lines=lines)
    more = _MORE_LANGUAGES.get(language)
    if more is not None:
        site = Site(analysis, tree, source.data, call, argument, data.get("sink", ""), data.get("receiver", ""), file)
        return more(site) if flow_agrees(site) else None
    flow = QueryFlow(file)
    built_list = flow.build(argument, follow=False)
    if len(built_list) != 1 or built_list[0].origins:
        return None
    built = built_list[0]
    sink = data.get("sink", "")
    args_node = call.child_by_field_name("arguments")
    args = _args(args_node)
    if not args or args[-1].end_byte < argument.end_byte:
        return None
    position = next((i for i, a in enumerate(args) if a.start_byte == argument.start_byte), None)
    if position is None:
        return None
    after = args[position + 1 :]
    family = "javascript" if language in ("typescript", "tsx") else language

    if family == "python":
        # BL103: the placeholders are those of the driver the runner's own file imports.
        return _fix_python(flow, built, call, argument, after, sink, data, _driver_source(data, source.data))
    if family == "javascript":
        return _fix_javascript(flow, built, call, argument, after, sink, data, _driver_source(data, source.data))
    if "variadic" in data and family in ("go", "java"):
        return _fix_variadic_runner(flow, built, argument, after, family, _driver_source(data, source.data), data)
    if family == "go":
        return _fix_go(flow, built, call, argument, after, sink, data, source.data)
    if family == "java":
        return _fix_java(flow, built, call, argument, after, sink, data, source.data)
    return None


def _driver_source(data: dict[str, Any], source: bytes) -> bytes:
    """The text whose imports name the database driver: the runner's file for SQL handed to a
    function of another file (BL103), else the file being fixed."""
    path = data.get("runner_path")
    if not path:
        return source
    try:
        return Path(path).read_bytes()
    except OSError:
        return b""


def _compose(flow: QueryFlow, built: Built, style: str) -> tuple[str, list[str]] | None:
    rewritten = _rewrite(built, style, flow.language)
    if rewritten is None:
        return None
    pieces, value_nodes = rewritten
    literal = _join_literal(pieces, flow.language)
    if literal is None:
        return None
    values = [_unwrap_value(flow, node) for node in value_nodes]
    if not values:
        return None
    return literal, values


def _fix_python(
    flow: QueryFlow,
    built: Built,
    call: tree_sitter.Node,
    argument: tree_sitter.Node,
    after: list[tree_sitter.Node],
    sink: str,
    data: dict[str, Any],
    source: bytes,
) -> Fix | None:
    if after or argument.parent is None or argument.parent.type == "keyword_argument":
        return None
    imports = _imports(source, "python")
    style: str | None
    if sink in ("fetch", "fetchrow", "fetchval"):
        style = "numeric" if "asyncpg" in imports else None
    elif sink == "raw":
        style = "format"  # Django's Manager.raw(raw_query, params)
    elif sink in _PY_DBAPI_SINKS:
        style = _style_from(imports, _PY_DRIVERS)
    else:
        return None
    if style is None:
        return None
    composed = _compose(flow, built, style)
    if composed is None:
        return None
    literal, values = composed
    if style == "numeric":
        replacement = literal + ", " + ", ".join(values)
    elif sink == "raw":
        replacement = f"{literal}, [{', '.join(values)}]"
    else:
        replacement = f"{literal}, ({', '.join(values)}{',' if len(values) == 1 else ''})"
    return Fix(
        title="Pass the values as query parameters",
        edits=[Edit(argument.start_byte, argument.end_byte, replacement)],
    )


def _fix_javascript(
    flow: QueryFlow,
    built: Built,
    call: tree_sitter.Node,
    argument: tree_sitter.Node,
    after: list[tree_sitter.Node],
    sink: str,
    data: dict[str, Any],
    source: bytes,
) -> Fix | None:
    if sink not in _JS_SINKS:
        return None
    imports = _imports(source, flow.language)
    receiver = data.get("receiver", "")
    style: str | None
    if sink in ("raw", "whereRaw", "orWhereRaw", "havingRaw"):
        if "knex" not in imports and "knex" not in receiver:
            return None
        style = "qmark"  # knex bindings are always `?`
    else:
        style = _style_from(imports, _JS_DRIVERS)
    if style is None:
        return None
    if after and not (len(after) == 1 and after[0].type in ("arrow_function", "function_expression", "function")):
        return None
    composed = _compose(flow, built, style)
    if composed is None:
        return None
    literal, values = composed
    replacement = f"{literal}, [{', '.join(values)}]"
    return Fix(
        title="Pass the values as query parameters",
        edits=[Edit(argument.start_byte, argument.end_byte, replacement)],
    )


def _fix_go(
    flow: QueryFlow,
    built: Built,
    call: tree_sitter.Node,
    argument: tree_sitter.Node,
    after: list[tree_sitter.Node],
    sink: str,
    data: dict[str, Any],
    source: bytes,
) -> Fix | None:
    if sink not in _GO_SINKS or after:
        return None
    imports = _go_imports(source)
    style: str | None
    if sink in ("Raw", "Where"):
        if not any(i in ("gorm.io/gorm", "github.com/jinzhu/gorm") for i in imports):
            return None
        style = "qmark"  # gorm always takes `?`
    else:
        style = _style_from(imports, _GO_DRIVERS)
    return _values_after_the_sql(flow, built, argument, style, "Pass the values as query arguments")


def _values_after_the_sql(
    flow: QueryFlow, built: Built, argument: tree_sitter.Node, style: str | None, title: str
) -> Fix | None:
    """The SQL with placeholders, and the values as the next arguments of the same call."""
    if style is None:
        return None
    composed = _compose(flow, built, style)
    if composed is None:
        return None
    literal, values = composed
    return Fix(title=title, edits=[Edit(argument.start_byte, argument.end_byte, literal + ", " + ", ".join(values))])


def _fix_variadic_runner(
    flow: QueryFlow,
    built: Built,
    argument: tree_sitter.Node,
    after: list[tree_sitter.Node],
    family: str,
    driver_source: bytes,
    data: dict[str, Any],
) -> Fix | None:
    """BL103 in Go and Java: the runner hands its variadic parameter (`args ...any`, `Object...
    params`) to the driver after the SQL, so the values follow the SQL in the call."""
    if not data["variadic"] or after:
        return None
    style = _style_from(_go_imports(driver_source), _GO_DRIVERS) if family == "go" else "qmark"
    return _values_after_the_sql(flow, built, argument, style, "Pass the values as query parameters")


def _fix_java(
    flow: QueryFlow,
    built: Built,
    call: tree_sitter.Node,
    argument: tree_sitter.Node,
    after: list[tree_sitter.Node],
    sink: str,
    data: dict[str, Any],
    source: bytes,
) -> Fix | None:
    # JdbcTemplate's varargs overloads take the values after the SQL (and its mapper, if any).
    receiver = data.get("receiver", "")
    if sink not in _JDBC_TEMPLATE_SINKS or "named" in receiver.lower():
        return None
    if not re.search(r"(?i)jdbc|template", receiver):
        return None
    if len(after) > 1 or argument != _args(call.child_by_field_name("arguments"))[0]:
        return None
    if sink in ("update", "queryForMap") and after:
        return None
    if sink == "query" and not after:
        return None
    composed = _compose(flow, built, "qmark")
    if composed is None:
        return None
    literal, values = composed
    joined = ", " + ", ".join(values)
    if not after:
        edits = [Edit(argument.start_byte, argument.end_byte, literal + joined)]
    else:
        edits = [
            Edit(argument.start_byte, argument.end_byte, literal),
            Edit(after[-1].end_byte, after[-1].end_byte, joined),
        ]
    return Fix(title="Pass the values as query parameters", edits=edits)
