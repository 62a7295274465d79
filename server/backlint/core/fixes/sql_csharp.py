"""`sql-parameterize` for C#.

- EF Core: `FromSqlRaw($"... '{x}'")` -> `FromSqlInterpolated($"... {x}")`, and likewise
  `ExecuteSqlRaw[Async]` -> `ExecuteSqlInterpolated[Async]`, `SqlQueryRaw<T>` -> `SqlQuery<T>`: EF
  sends each hole of the interpolated string as a parameter. A concatenation or `string.Format`
  becomes the interpolated string.
- Dapper (the file has `using Dapper;`): `Query<T>($"... '{email}'")` -> `Query<T>("... @email",
  new { email })`.
- ADO.NET, where the command's variable and its provider type are known:
  `var command = new SqlCommand("... '" + x + "'", connection);` (also `using var`, `using (...)`,
  `SqlCommand command = new(...)`, the Npgsql, MySql and Sqlite commands and the data adapters) gets
  `@p0` placeholders and `command.Parameters.AddWithValue("@p0", x);` after the declaration;
  `command.CommandText = ...;` the same after the assignment, when `command` was declared as such a
  command in the method (or made by `CreateCommand()` of such a connection). A command in an object
  initializer or built up with `+=` gets no fix.
"""

from __future__ import annotations

import re

import tree_sitter

from .base import Edit, Fix
from .handlers import enclosing
from .sql_shared import (
    Lit,
    Rewritten,
    Segment,
    Site,
    Slot,
    concatenation,
    eol,
    indent_of,
    parameterize,
    walk,
)
from .sql_shared import fix as make_fix

_EF = {
    "FromSqlRaw": "FromSqlInterpolated",
    "ExecuteSqlRaw": "ExecuteSqlInterpolated",
    "ExecuteSqlRawAsync": "ExecuteSqlInterpolatedAsync",
    "SqlQueryRaw": "SqlQuery",
}
_DAPPER = {
    "Query", "QueryAsync", "QueryFirst", "QueryFirstAsync", "QueryFirstOrDefault", "QueryFirstOrDefaultAsync",
    "QuerySingle", "QuerySingleAsync", "QuerySingleOrDefault", "QuerySingleOrDefaultAsync", "QueryMultiple",
    "QueryMultipleAsync", "Execute", "ExecuteAsync", "ExecuteScalar", "ExecuteScalarAsync", "ExecuteReader",
    "ExecuteReaderAsync",
}  # fmt: skip
_PROVIDERS = ("Sql", "Npgsql", "MySql", "Sqlite")
_COMMANDS = {p + "Command" for p in _PROVIDERS}
_ADAPTERS = {p + "DataAdapter" for p in _PROVIDERS}
_CONNECTIONS = {p + "Connection" for p in _PROVIDERS}
_STRINGS = ("string_literal", "verbatim_string_literal", "interpolated_string_expression")
# `Request.Query["tag"]` is a StringValues: spliced in, it was its ToString(); as a parameter, a list.
_STRING_VALUES = re.compile(r"\.(?:Query|Form|Headers)\[[^\]]*\]$")
_SIMPLE = ("identifier", "member_access_expression", "invocation_expression", "element_access_expression")


# --- the query, read from the source ---------------------------------------------------------------


def _segments(site: Site, node: tree_sitter.Node) -> list[Segment] | None:
    text = site.text(node)
    if node.type == "parenthesized_expression" and node.named_child_count == 1:
        return _segments(site, node.named_children[0])
    if node.type == "string_literal":
        return [Lit(text[1:-1], '"')] if text.startswith('"') and text.endswith('"') else None
    if node.type == "verbatim_string_literal":
        return [Lit(text[2:-1], '@"')] if text.startswith('@"') and text.endswith('"') else None
    if node.type == "interpolated_string_expression":
        return _interpolated(site, node)
    if node.type == "binary_expression":
        return concatenation(site, node, lambda n: n.type in _STRINGS, _segments)
    if node.type == "invocation_expression":
        return _string_format(site, node)
    return None


def _interpolated(site: Site, node: tree_sitter.Node) -> list[Segment] | None:
    start = next((c for c in node.children if c.type == "interpolation_start"), None)
    quotes = [c for c in node.children if c.type in ('"', "interpolation_quote")]
    if start is None or len(quotes) != 2 or any(site.text(q) != '"' for q in quotes):
        return None  # raw `$"""` strings, `$$` brace counts: not certain
    flavor = {"$": '"', "$@": '@"', "@$": '@"'}.get(site.text(start))
    if flavor is None:
        return None
    out: list[Segment] = []
    position = quotes[0].end_byte
    for child in node.children:
        if child.type != "interpolation":
            continue
        inner = [c for c in child.named_children if c.type != "interpolation_brace"]
        if not inner:
            return None
        spec = "".join(site.text(c) for c in inner[1:])  # `,10` alignment, `:N2` format
        out.append(Lit(site.data[position : child.start_byte].decode(), flavor, "brace"))
        out.append(Slot(inner[0], site.text(inner[0]), spec))
        position = child.end_byte
    out.append(Lit(site.data[position : quotes[1].start_byte].decode(), flavor, "brace"))
    return out


def _string_format(site: Site, node: tree_sitter.Node) -> list[Segment] | None:
    """`string.Format("... {0} ...", a)`: `{n}` take the arguments, `{n:fmt}` / `{n,w}` are specs."""
    if site.text(node.child_by_field_name("function")) not in (
        "string.Format",
        "String.Format",
        "System.String.Format",
    ):
        return None
    args = _arguments(node)
    if not args or any(a.named_child_count != 1 for a in args):
        return None
    template = args[0].named_children[0]
    if template.type not in ("string_literal", "verbatim_string_literal"):
        return None
    pieces = _segments(site, template)
    values = [a.named_children[0] for a in args[1:]]
    if not pieces or not isinstance(pieces[0], Lit):
        return None
    raw, flavor = pieces[0].raw, pieces[0].flavor
    out: list[Segment] = []
    position = 0
    for match in re.finditer(r"\{\{|\}\}|\{(\d+)([^{}]*)\}", raw):
        if match.group(1) is None:
            continue
        index = int(match.group(1))
        if index >= len(values):
            return None
        out.append(Lit(raw[position : match.start()], flavor, "brace"))
        out.append(Slot(values[index], site.text(values[index]), match.group(2)))
        position = match.end()
    out.append(Lit(raw[position:], flavor, "brace"))
    return out


def _arguments(call: tree_sitter.Node) -> list[tree_sitter.Node]:
    args = call.child_by_field_name("arguments")
    if args is None:
        args = next((c for c in call.named_children if c.type == "argument_list"), None)
    return [c for c in args.named_children if c.type == "argument"] if args is not None else []


def _literal(rewritten: Rewritten, marker: list[str]) -> str | None:
    flavors = {p.flavor for p in rewritten.pieces if isinstance(p, Lit)}
    if len(flavors) != 1:
        return None
    flavor = flavors.pop()
    body = "".join(p.raw if isinstance(p, Lit) else marker[p] for p in rewritten.pieces)
    return flavor + body + '"'


def _interpolated_literal(rewritten: Rewritten) -> str | None:
    flavors = {p.flavor for p in rewritten.pieces if isinstance(p, Lit)}
    if len(flavors) != 1:
        return None
    body = []
    for piece in rewritten.pieces:
        if isinstance(piece, Lit):
            body.append(piece.raw.replace("{", "{{").replace("}", "}}"))
            continue
        value = rewritten.values[piece]
        if "\n" in value.text:
            return None
        text = _value(value)
        body.append("{" + (text if value.node.type in _SIMPLE else f"({text})") + "}")
    return "$" + flavors.pop() + "".join(body) + '"'


def _value(slot: Slot) -> str:
    return slot.text + ".ToString()" if _STRING_VALUES.search(slot.text) else slot.text


# --- the sinks --------------------------------------------------------------------------------------


def fix(site: Site) -> Fix | None:
    call = site.call
    if call.type == "assignment_expression":
        return _command_text(site)
    args = _arguments(call)
    if not args or args[0].named_child_count != 1 or args[0].named_children[0] != site.argument:
        return None
    segments = _segments(site, site.argument)
    rewritten = parameterize(segments, site.argument) if segments is not None else None
    if rewritten is None:
        return None
    if call.type in ("object_creation_expression", "implicit_object_creation_expression"):
        return _ado_constructor(site, rewritten)
    if call.type != "invocation_expression" or len(args) != 1:
        return None
    function = call.child_by_field_name("function")
    name = function.child_by_field_name("name") if function is not None else None
    if name is not None and name.type == "generic_name":
        name = next((c for c in name.named_children if c.type == "identifier"), None)
    if name is None or function is None or function.type != "member_access_expression":
        return None
    method = site.text(name)
    if method in _EF:
        literal = _interpolated_literal(rewritten)
        if literal is None:
            return None
        return make_fix([site.edit(name, _EF[method]), site.edit(site.argument, literal)], safe=True)
    if method in _DAPPER and re.search(r"^\s*using\s+Dapper\s*;", site.source, re.M):
        return _dapper(site, rewritten)
    return None


def _dapper(site: Site, rewritten: Rewritten) -> Fix | None:
    names: list[str] = []
    members: list[str] = []
    for index, value in enumerate(rewritten.values):
        node = value.node
        if node.type == "identifier":
            names.append(value.text)
            members.append(value.text)
        elif node.type == "member_access_expression" and node.child_by_field_name("name") is not None:
            names.append(site.text(node.child_by_field_name("name")))
            members.append(value.text)
        else:
            names.append(f"p{index}")
            members.append(f"p{index} = {_value(value)}")
    if len({n.lower() for n in names}) != len(names):  # the same name twice: number them all
        names = [f"p{i}" for i in range(len(names))]
        members = [f"p{i} = {_value(v)}" for i, v in enumerate(rewritten.values)]
    literal = _literal(rewritten, ["@" + n for n in names])
    if literal is None:
        return None
    return make_fix([site.edit(site.argument, f"{literal}, new {{ {', '.join(members)} }}")], safe=True)


def _parameters(site: Site, rewritten: Rewritten, scope: tree_sitter.Node) -> tuple[str, list[str]] | None:
    """The literal with `@p0`, `@p1` ... and the values, unless the method already names them."""
    scope_text = site.text(scope)
    names = [f"@p{i}" for i in range(len(rewritten.values))]
    if any(f'"{n}"' in scope_text for n in names):
        return None
    literal = _literal(rewritten, names)
    return (literal, names) if literal is not None else None


def _ado_constructor(site: Site, rewritten: Rewritten) -> Fix | None:
    call = site.call
    declarator = call.parent
    declaration = declarator.parent if declarator is not None else None
    if declarator is None or declaration is None or declarator.type != "variable_declarator":
        return None
    if declaration.type != "variable_declaration" or len(declaration.named_children) != 2:
        return None  # more than one variable declared
    type_node = call.child_by_field_name("type") or declaration.child_by_field_name("type")
    type_name = site.text(type_node).rsplit(".", 1)[-1]
    if type_name not in _COMMANDS | _ADAPTERS:
        return None
    variable = site.text(declarator.child_by_field_name("name") or declarator.named_children[0])
    target = f"{variable}.SelectCommand" if type_name in _ADAPTERS else variable
    statement = declaration.parent
    scope = enclosing(call, ("method_declaration", "constructor_declaration", "local_function_statement"))
    parameters = _parameters(site, rewritten, scope) if scope is not None else None
    if statement is None or parameters is None:
        return None
    literal, names = parameters
    lines = [
        f'{target}.Parameters.AddWithValue("{n}", {_value(v)});' for n, v in zip(names, rewritten.values, strict=True)
    ]
    newline = eol(site.data)
    if statement.type == "local_declaration_statement" and statement.parent is not None:
        if statement.parent.type != "block":
            return None
        indent = indent_of(site.data, statement.start_byte)
        added = "".join(newline + indent + line for line in lines)
        return make_fix([site.edit(site.argument, literal), site.insert_after(statement, added)], safe=False)
    if statement.type == "using_statement":
        body = statement.child_by_field_name("body")
        if body is None or body.type != "block" or not body.children:
            return None
        first = body.named_children[0] if body.named_children else None
        if first is not None and first.start_point[0] != body.start_point[0]:
            indent = indent_of(site.data, first.start_byte)
        else:
            return None  # `{ ... }` on one line: where the new lines go is not certain
        added = "".join(newline + indent + line for line in lines)
        open_brace = body.children[0]
        return make_fix(
            [site.edit(site.argument, literal), Edit(open_brace.end_byte, open_brace.end_byte, added)], safe=False
        )
    return None


def _command_text(site: Site) -> Fix | None:
    assignment = site.call
    left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
    operator = assignment.child_by_field_name("operator")
    statement = assignment.parent
    if left is None or right is None or right != site.argument or operator is None or site.text(operator) != "=":
        return None
    if statement is None or statement.type != "expression_statement" or statement.parent is None:
        return None
    if statement.parent.type != "block" or left.type != "member_access_expression":
        return None
    target = left.child_by_field_name("expression")
    if target is None or target.type != "identifier":
        return None
    scope = enclosing(assignment, ("method_declaration", "constructor_declaration", "local_function_statement"))
    if scope is None or _declared_type(site, scope, site.text(target)) not in _COMMANDS:
        return None
    segments = _segments(site, site.argument)
    rewritten = parameterize(segments, site.argument) if segments is not None else None
    parameters = _parameters(site, rewritten, scope) if rewritten is not None else None
    if rewritten is None or parameters is None:
        return None
    literal, names = parameters
    variable = site.text(target)
    newline = eol(site.data)
    indent = indent_of(site.data, statement.start_byte)
    added = "".join(
        f'{newline}{indent}{variable}.Parameters.AddWithValue("{n}", {_value(v)});'
        for n, v in zip(names, rewritten.values, strict=True)
    )
    return make_fix([site.edit(site.argument, literal), site.insert_after(statement, added)], safe=False)


def _declared_type(site: Site, scope: tree_sitter.Node, name: str, depth: int = 0) -> str | None:
    """The provider type of a local or parameter of the method: from its declared type, `new T(...)`,
    or `connection.CreateCommand()` of a connection whose type is known the same way."""
    for node in walk(scope):
        if node.type == "parameter" and site.text(node.child_by_field_name("name")) == name:
            return site.text(node.child_by_field_name("type")).rsplit(".", 1)[-1]
        if node.type != "variable_declarator" or not node.named_children or site.text(node.named_children[0]) != name:
            continue
        declaration = node.parent
        declared = site.text(declaration.child_by_field_name("type")) if declaration is not None else ""
        if declared and declared != "var":
            return declared.rsplit(".", 1)[-1]
        value = node.named_children[-1]
        if value.type == "object_creation_expression":
            return site.text(value.child_by_field_name("type")).rsplit(".", 1)[-1]
        function = value.child_by_field_name("function") if value.type == "invocation_expression" else None
        if function is not None and function.type == "member_access_expression" and depth == 0:
            receiver, method = function.child_by_field_name("expression"), function.child_by_field_name("name")
            if site.text(method) == "CreateCommand" and receiver is not None and receiver.type == "identifier":
                connection = _declared_type(site, scope, site.text(receiver), depth + 1)
                if connection in _CONNECTIONS:
                    return connection.replace("Connection", "Command")
        return None
    return None
