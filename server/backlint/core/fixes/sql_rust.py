"""`sql-parameterize` for Rust, where the query is `format!(...)` (or `&format!(...)`) in the call.

- sqlx: `sqlx::query(&format!("... '{x}'"))` -> `sqlx::query("... $1").bind(x)` (also `query_as`,
  `query_scalar`); `$1` for Postgres, `?` for MySQL and SQLite, read from the pool and connection
  types the file names; no fix when it names none or several.
- diesel: `sql_query(format!("... '{x}'"))` -> `sql_query("... $1").bind::<diesel::sql_types::Text, _>(x)`
  (`?` for MySQL and SQLite connections).
- rusqlite: `conn.execute(&format!("... '{x}'"), [])` -> `conn.execute("... ?1", rusqlite::params![x])`
  (and `query_row`), when the call passes no parameters yet.

A bound value needs a type the driver encodes, and the compiler would reject a guess: each value is
a variable whose type the function declares (a parameter or an annotated `let`), text (`&str`,
`String`) where the SQL had it in quotes, a number or bool where it had it bare. Anything else (a
field, an expression, an `Option`) gets no fix.
"""

from __future__ import annotations

import re

import tree_sitter

from .base import Fix
from .handlers import enclosing
from .sql_shared import Lit, Rewritten, Segment, Site, Slot, parameterize, walk
from .sql_shared import fix as make_fix

_SQLX = {"query", "query_as", "query_scalar"}
_RUSQLITE = {"execute", "query_row"}
_NO_PARAMS = {"[]", "()", "&[]", "params![]", "rusqlite::params![]", "NO_PARAMS"}
_FAMILIES = {
    "pg": re.compile(r"\b(?:PgPool|PgConnection|PgPoolOptions|PgRow|PgExecutor|Postgres|sqlx::postgres|diesel::pg)\b"),
    "mysql": re.compile(r"\b(?:MySqlPool|MySqlConnection|MySqlRow|MySql|MysqlConnection|sqlx::mysql|diesel::mysql)\b"),
    "sqlite": re.compile(r"\b(?:SqlitePool|SqliteConnection|SqliteRow|Sqlite|sqlx::sqlite|diesel::sqlite)\b"),
}
_NUMBERS = {"i8", "i16", "i32", "i64", "f32", "f64"}
_DIESEL_TYPES = {"i16": "SmallInt", "i32": "Integer", "i64": "BigInt", "f32": "Float", "f64": "Double", "bool": "Bool"}


def _format_macro(node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The `format!(...)` invocation the argument is: `format!(..)`, `&format!(..)`, `format!(..).as_str()`."""
    if node.type == "reference_expression":
        node = node.child_by_field_name("value") or node
    if node.type == "call_expression":
        function = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if function is None or function.type != "field_expression" or args is None or args.named_child_count:
            return None
        field = function.child_by_field_name("field")
        if field is None or field.text not in (b"as_str", b"as_ref"):
            return None
        node = function.child_by_field_name("value") or node
    if node.type != "macro_invocation":
        return None
    macro = node.child_by_field_name("macro")
    name = macro.text.decode() if macro is not None and macro.text is not None else ""
    return node if name in ("format", "std::format", "alloc::format") else None


def _segments(site: Site, argument: tree_sitter.Node) -> list[Segment] | None:
    macro = _format_macro(argument)
    tree = next((c for c in macro.children if c.type == "token_tree"), None) if macro is not None else None
    if tree is None or len(tree.children) < 3:
        return None
    template = tree.children[1]
    arguments: list[list[tree_sitter.Node]] = [[]]
    for child in tree.children[2:-1]:
        if child.type == ",":
            arguments.append([])
        else:
            arguments[-1].append(child)
    if arguments[0]:
        return None  # something between the template and the first comma
    arguments = [a for a in arguments[1:] if a]
    positional: list[str] = []
    named: dict[str, str] = {}
    for tokens in arguments:
        text = site.data[tokens[0].start_byte : tokens[-1].end_byte].decode()
        if len(tokens) > 2 and tokens[0].type == "identifier" and tokens[1].type == "=":
            named[site.text(tokens[0])] = site.data[tokens[2].start_byte : tokens[-1].end_byte].decode()
        elif named:
            return None
        else:
            positional.append(text)
    raw, flavor = _template(site, template)
    if raw is None:
        return None
    out: list[Segment] = []
    position, following = 0, 0
    for match in re.finditer(r"\{\{|\}\}|\{([^{}:]*)(:[^{}]*)?\}", raw):
        if match.group(0) in ("{{", "}}"):
            continue
        key = match.group(1).strip()
        if key == "":
            value = positional[following] if following < len(positional) else None
            following += 1
        elif key.isdigit():
            value = positional[int(key)] if int(key) < len(positional) else None
        elif re.fullmatch(r"[A-Za-z_]\w*", key):
            value = named.get(key, key)  # an argument of that name, else the variable it captures
        else:
            value = None
        if value is None:
            return None
        out.append(Lit(raw[position : match.start()], flavor, "brace"))
        out.append(Slot(template, value, match.group(2) or ""))
        position = match.end()
    out.append(Lit(raw[position:], flavor, "brace"))
    return out


def _template(site: Site, node: tree_sitter.Node) -> tuple[str | None, str]:
    text = site.text(node)
    if node.type == "string_literal" and text.startswith('"') and text.endswith('"'):
        return text[1:-1], '"'
    raw = re.fullmatch(r'(r#*")(.*)("#*)', text, re.S)
    if node.type == "raw_string_literal" and raw is not None:
        return raw.group(2), raw.group(1)
    return None, ""


def _literal(rewritten: Rewritten, markers: list[str]) -> str | None:
    flavors = {p.flavor for p in rewritten.pieces if isinstance(p, Lit)}
    if len(flavors) != 1:
        return None
    flavor = flavors.pop()
    body = "".join(p.raw if isinstance(p, Lit) else markers[p] for p in rewritten.pieces)
    return flavor + body + '"' + "#" * (len(flavor) - 2 if flavor.startswith("r") else 0)


def _declared_types(site: Site, call: tree_sitter.Node) -> dict[str, str] | None:
    """name -> declared type text, for the function's parameters and annotated `let`s before the
    call; None inside a closure (its own parameters may shadow them)."""
    if enclosing(call, ("closure_expression",), stop=("function_item",)) is not None:
        return None
    function = enclosing(call, ("function_item",))
    if function is None:
        return None
    out: dict[str, str] = {}
    parameters = function.child_by_field_name("parameters")
    for parameter in parameters.named_children if parameters is not None else []:
        pattern, declared = parameter.child_by_field_name("pattern"), parameter.child_by_field_name("type")
        if (
            parameter.type == "parameter"
            and pattern is not None
            and declared is not None
            and pattern.type == "identifier"
        ):
            out[site.text(pattern)] = site.text(declared)
    body = function.child_by_field_name("body")
    for node in walk(body) if body is not None else []:
        if node.start_byte >= call.start_byte:
            break
        pattern, declared = node.child_by_field_name("pattern"), node.child_by_field_name("type")
        if node.type == "let_declaration" and pattern is not None:
            name = site.text(pattern.named_children[-1] if pattern.type == "mut_pattern" else pattern)
            if declared is not None:
                out[name] = site.text(declared)
            else:
                out.pop(name, None)  # a new binding of unknown type shadows the parameter
    return out


def _kind(declared: str) -> tuple[str, bool] | None:
    """("text" | "i64" ... | "bool", is a reference) for the types a value may be bound as."""
    reference = declared.startswith("&")
    bare = re.sub(r"^&\s*(?:'\w+\s+)?(?:mut\s+)?", "", declared).strip()
    if bare in ("str", "String"):
        return "text", reference
    if bare in _NUMBERS or bare == "bool":
        return bare, reference
    return None


def _typed(site: Site, rewritten: Rewritten) -> list[tuple[str, str, bool]] | None:
    """(value, kind, is a reference) per value, or None unless each one's type fits where it sits."""
    types = _declared_types(site, site.call)
    if types is None:
        return None
    out = []
    for value, quoted in zip(rewritten.values, rewritten.quoted, strict=True):
        kind = _kind(types[value.text]) if value.text in types else None
        if kind is None or (kind[0] == "text") != quoted:
            return None
        out.append((value.text, kind[0], kind[1]))
    return out


def _family(source: str) -> str | None:
    found = [name for name, pattern in _FAMILIES.items() if pattern.search(source)]
    return found[0] if len(found) == 1 else None


def _function_name(site: Site, call: tree_sitter.Node) -> str:
    function = call.child_by_field_name("function")
    if function is not None and function.type == "generic_function":
        function = function.child_by_field_name("function")
    return site.text(function)


def fix(site: Site) -> Fix | None:
    call = site.call
    args = call.child_by_field_name("arguments")
    arguments = [c for c in args.named_children if "comment" not in c.type] if args is not None else []
    if not arguments or arguments[0] != site.argument or call.type != "call_expression":
        return None
    segments = _segments(site, site.argument)
    rewritten = parameterize(segments, site.argument) if segments is not None else None
    if rewritten is None:
        return None
    typed = _typed(site, rewritten)
    if typed is None:
        return None
    name = _function_name(site, call)
    path, _, last = name.rpartition("::")
    family = _family(site.source)
    count = len(typed)
    if last in _SQLX and len(arguments) == 1 and (path == "sqlx" or (not path and "sqlx" in site.source)):
        if family is None:
            return None
        literal = _literal(rewritten, _markers(family, count))
        binds = "".join(f".bind({'&' + v if k == 'text' and not ref else v})" for v, k, ref in typed)
        return (
            make_fix([site.edit(site.argument, literal), site.insert_after(call, binds)], safe=False)
            if literal
            else None
        )
    if last == "sql_query" and len(arguments) == 1 and (path == "diesel" or (not path and "diesel" in site.source)):
        if family is None:
            return None
        literal = _literal(rewritten, _markers(family, count))
        binds = "".join(
            f".bind::<diesel::sql_types::{'Text' if k == 'text' else _DIESEL_TYPES[k]}, _>"
            f"({'&' + v if k == 'text' and not ref else v})"
            for v, k, ref in typed
        )
        return (
            make_fix([site.edit(site.argument, literal), site.insert_after(call, binds)], safe=False)
            if literal
            else None
        )
    function = call.child_by_field_name("function")
    if (
        function is not None
        and function.type == "field_expression"
        and site.text(function.child_by_field_name("field")) in _RUSQLITE
        and len(arguments) >= 2
        and site.text(arguments[1]).replace(" ", "") in _NO_PARAMS
        and "rusqlite" in site.source
    ):
        literal = _literal(rewritten, [f"?{i + 1}" for i in range(count)])
        params = f"rusqlite::params![{', '.join(v for v, _k, _r in typed)}]"
        return (
            make_fix([site.edit(site.argument, literal), site.edit(arguments[1], params)], safe=True)
            if literal
            else None
        )
    return None


def _markers(family: str, count: int) -> list[str]:
    return [f"${i + 1}" for i in range(count)] if family == "pg" else ["?"] * count
