"""`sql-parameterize` for PHP.

- Laravel: `DB::select("... '$x'")` -> `DB::select("... ?", [$x])` (and `selectOne`, `insert`,
  `update`, `delete`, `statement`, `DB::connection(...)->...`); `->whereRaw("a = '$x'")` ->
  `->whereRaw("a = ?", [$x])` (and the other `...Raw` builders that take bindings). `DB::raw` takes
  none: no fix.
- Doctrine DBAL: `$conn->fetchAllAssociative("...")` -> `("... ?", [$x])`.
- WordPress: `$wpdb->get_results("... '$x'")` -> `$wpdb->get_results($wpdb->prepare("... %s", $x))`.
- PDO: `->query()` / `->exec()` whose result is unused becomes `->prepare("... ?")->execute([$x])`;
  `$rows = $pdo->query(...)` becomes `$rows = $pdo->prepare(...); $rows->execute([...]);`; where the
  result feeds an expression, the call is evaluated first in its statement and that statement sits in
  a block, the prepared statement is made just before it (`exec()`'s count is its `rowCount()`).
  Anywhere else (inside a condition, after other work in the statement) there is no fix.
- mysqli: `$mysqli->query(...)` -> `$mysqli->execute_query("... ?", [$x])`, `mysqli_query($link, ...)`
  -> `mysqli_execute_query($link, "... ?", [$x])`: the same result, from PHP 8.2 (said in the title).
"""

from __future__ import annotations

import re

import tree_sitter

from .base import Edit, Fix
from .handlers import enclosing
from .sql_shared import (
    TITLE,
    Lit,
    Rewritten,
    Segment,
    Site,
    Slot,
    concat_operands,
    eol,
    indent_of,
    parameterize,
    printf_segments,
)
from .sql_shared import fix as make_fix

_LARAVEL_DB = {"select", "selectOne", "insert", "update", "delete", "statement", "affectingStatement", "cursor"}
_LARAVEL_RAW = {"whereRaw", "orWhereRaw", "havingRaw", "orHavingRaw", "selectRaw", "orderByRaw", "groupByRaw"}
_DBAL_FETCH = {
    "fetchAllAssociative", "fetchAssociative", "fetchOne", "fetchNumeric", "fetchAllNumeric", "fetchFirstColumn",
    "fetchAllKeyValue", "fetchAllAssociativeIndexed", "iterateAssociative", "iterateNumeric", "iterateColumn",
}  # fmt: skip
_DBAL_EXECUTE = {"executeQuery", "executeStatement"}
_WPDB = {"query", "get_results", "get_row", "get_var", "get_col"}
_DB_FACADE = re.compile(r"^\\?(?:Illuminate\\Support\\Facades\\)?DB(?:::connection\(.*\))?$", re.S)
_FRESH = ("$statement", "$stmt", "$prepared")


# --- the query, read from the source ---------------------------------------------------------------


def _segments(site: Site, node: tree_sitter.Node) -> list[Segment] | None:
    if node.type == "parenthesized_expression" and node.named_child_count == 1:
        return _segments(site, node.named_children[0])
    text = site.text(node)
    if node.type == "string":
        return [Lit(text[1:-1], "'")] if text.startswith("'") and text.endswith("'") else None
    if node.type == "encapsed_string":
        return _encapsed(site, node)
    if node.type == "binary_expression":
        operands = concat_operands(node, _is_concat, lambda n: n.type in ("string", "encapsed_string"))
        if operands is None:
            return None
        out: list[Segment] = []
        for operand in operands:
            if operand.type in ("string", "encapsed_string"):
                inner = _segments(site, operand)
                if inner is None:
                    return None
                out.extend(inner)
            else:
                out.append(Slot(operand, site.text(operand)))
        return out
    if node.type == "function_call_expression":
        function = node.child_by_field_name("function")
        if site.text(function).lstrip("\\") != "sprintf":
            return None
        args = [a.named_children[0] if a.named_child_count == 1 else a for a in _arguments(node)]
        if not args or any(a.type in ("argument", "variadic_unpacking") for a in args):
            return None
        template = _segments(site, args[0]) if args[0].type in ("string", "encapsed_string") else None
        if template is None:
            return None
        return printf_segments(template, [Slot(a, site.text(a)) for a in args[1:]])
    return None


def _is_concat(node: tree_sitter.Node) -> bool:
    operator = node.child_by_field_name("operator")
    return node.type == "binary_expression" and operator is not None and operator.type == "."


def _encapsed(site: Site, node: tree_sitter.Node) -> list[Segment] | None:
    """A double-quoted string: its text and its `$x`, `$o->p`, `$a[0]`, `{$expr}` holes."""
    children = node.children
    if len(children) < 2 or children[0].type != '"' or children[-1].type != '"':
        return None  # heredoc, nowdoc, b"..."
    out: list[Segment] = []
    position = children[0].end_byte
    index = 1
    while index < len(children) - 1:
        child = children[index]
        index += 1
        if child.type in ("string_content", "escape_sequence", "text"):
            continue
        if child.type == "{":  # `{$expr}`: the expression, then `}`
            if index + 1 >= len(children) or children[index + 1].type != "}":
                return None
            expression, end = children[index], children[index + 1].end_byte
            value = site.text(expression)
            index += 2
        elif child.type in ("variable_name", "member_access_expression", "subscript_expression"):
            expression, end = child, child.end_byte
            value = _simple_value(site, child)
        else:
            return None  # `${name}`, method calls the grammar read oddly: not certain
        out.append(Lit(site.data[position : child.start_byte].decode(), '"'))
        if (expression.start_byte, expression.end_byte) in site.constant_holes():
            out.append(Lit(site.data[child.start_byte : end].decode(), '"'))  # `{$wpdb->posts}` stays
        else:
            out.append(Slot(expression, value))
        position = end
    out.append(Lit(site.data[position : children[-1].start_byte].decode(), '"'))
    return out


def _simple_value(site: Site, node: tree_sitter.Node) -> str:
    """`"$a[key]"` reads the key as a string: outside the string it is `$a['key']`."""
    if node.type == "subscript_expression":
        index = next((c for c in node.named_children[1:]), None)
        if index is not None and index.type == "name":
            return f"{site.text(node.named_children[0])}['{site.text(index)}']"
    return site.text(node)


def _arguments(call: tree_sitter.Node) -> list[tree_sitter.Node]:
    args = call.child_by_field_name("arguments")
    return [c for c in args.named_children if c.type != "comment"] if args is not None else []


def _literal(rewritten: Rewritten, marker: str) -> str | None:
    """One PHP literal: single-quoted when every piece was, else double-quoted."""
    flavors = {p.flavor for p in rewritten.pieces if isinstance(p, Lit)}
    quote = "'" if flavors <= {"'"} else '"'
    body = []
    for piece in rewritten.pieces:
        if not isinstance(piece, Lit):
            body.append(marker)
            continue
        if quote == '"' and piece.flavor == "'" and re.search(r'[\\"$]', piece.raw):
            return None
        body.append(piece.raw.replace("%", "%%") if marker == "%s" else piece.raw)
    return quote + "".join(body) + quote


# --- the sinks --------------------------------------------------------------------------------------


def fix(site: Site) -> Fix | None:
    call = site.call
    args = _arguments(call)
    argument = site.argument
    position = next(
        (i for i, a in enumerate(args) if a.start_byte <= argument.start_byte and argument.end_byte <= a.end_byte), None
    )
    if position is None or args[position].named_child_count != 1:
        return None  # a named argument (`query: ...`) or a spread
    after = args[position + 1 :]
    segments = _segments(site, site.argument)
    rewritten = parameterize(segments, site.argument) if segments is not None else None
    if rewritten is None:
        return None
    values = "[" + ", ".join(v.text for v in rewritten.values) + "]"
    method = site.sink
    receiver = _receiver(site, call)
    if call.type == "function_call_expression":
        return _mysqli_function(site, rewritten, position, after, values)
    if position != 0:
        return None
    if (method in _LARAVEL_DB and _DB_FACADE.match(receiver)) or method in _LARAVEL_RAW:
        return _bindings(site, rewritten, after, values)
    if method in _DBAL_FETCH or (method in _DBAL_EXECUTE and "Doctrine\\DBAL" in site.source):
        return _bindings(site, rewritten, after, values)
    if method in _WPDB and re.search(r"\$(?:this->)?wpdb$", receiver):
        literal = _literal(rewritten, "%s")
        if literal is None:
            return None
        args_text = ", ".join(v.text for v in rewritten.values)
        return make_fix([site.edit(site.argument, f"{receiver}->prepare({literal}, {args_text})")], safe=True)
    if method not in ("query", "exec") or after:
        return None
    driver = _driver(receiver, site.source)
    literal = _literal(rewritten, "?")
    if literal is None or driver is None:
        return None
    if driver == "mysqli":
        if method != "query":
            return None
        name = call.child_by_field_name("name")
        if name is None:
            return None
        return Fix(
            title=TITLE + " (mysqli::execute_query, PHP 8.2+)",
            edits=[site.edit(name, "execute_query"), site.edit(site.argument, f"{literal}, {values}")],
            safe=False,
        )
    return _pdo(site, receiver, literal, values)


def _receiver(site: Site, call: tree_sitter.Node) -> str:
    node = call.child_by_field_name("object") or call.child_by_field_name("scope")
    return site.text(node)


def _bindings(site: Site, rewritten: Rewritten, after: list[tree_sitter.Node], values: str) -> Fix | None:
    literal = _literal(rewritten, "?")
    if literal is None or after:
        return None
    return make_fix([site.edit(site.argument, f"{literal}, {values}")], safe=True)


def _driver(receiver: str, source: str) -> str | None:
    name = receiver.lower()
    if "mysqli" in name:
        return "mysqli"
    if "pdo" in name:
        return "pdo"
    pdo, mysqli = re.search(r"\bPDO\b", source), re.search(r"\bmysqli\b", source, re.I)
    if pdo and not mysqli:
        return "pdo"
    if mysqli and not pdo:
        return "mysqli"
    return None


def _mysqli_function(
    site: Site, rewritten: Rewritten, position: int, after: list[tree_sitter.Node], values: str
) -> Fix | None:
    function = site.call.child_by_field_name("function")
    if site.text(function).lstrip("\\") != "mysqli_query" or position != 1 or after:
        return None
    literal = _literal(rewritten, "?")
    if literal is None or function is None:
        return None
    return Fix(
        title=TITLE + " (mysqli_execute_query, PHP 8.2+)",
        edits=[site.edit(function, "mysqli_execute_query"), site.edit(site.argument, f"{literal}, {values}")],
        safe=False,
    )


def _pdo(site: Site, receiver: str, literal: str, values: str) -> Fix | None:
    call, method = site.call, site.sink
    prepared = f"{receiver}->prepare({literal})"
    parent = call.parent
    if parent is None:
        return None
    if parent.type == "expression_statement":  # the result is unused
        return make_fix([site.edit(call, f"{prepared}->execute({values})")], safe=False)
    newline = eol(site.data)
    left = parent.child_by_field_name("left")
    if (
        method == "query"
        and parent.type == "assignment_expression"
        and parent.child_by_field_name("right") == call
        and left is not None
        and left.type == "variable_name"
        and parent.parent is not None
        and parent.parent.type == "expression_statement"
    ):
        statement = parent.parent
        variable = site.text(left)
        indent = indent_of(site.data, statement.start_byte)
        return make_fix(
            [
                site.edit(call, prepared),
                site.insert_after(statement, f"{newline}{indent}{variable}->execute({values});"),
            ],
            safe=False,
        )
    leading = _leading_statement(call)
    scope = enclosing(call, ("function_definition", "method_declaration", "anonymous_function", "program"))
    if leading is None or scope is None:
        return None
    scope_text = site.text(scope)
    name = next((n for n in _FRESH if not re.search(re.escape(n) + r"\b", scope_text)), None)
    if name is None:
        return None
    indent = indent_of(site.data, leading.start_byte)
    hoisted = f"{name} = {prepared};{newline}{indent}{name}->execute({values});{newline}{indent}"
    before = site.data[leading.start_byte : call.start_byte].decode()
    use = name if method == "query" else f"{name}->rowCount()"
    return make_fix([Edit(leading.start_byte, call.end_byte, hoisted + before + use)], safe=False)


def _leading_statement(call: tree_sitter.Node) -> tree_sitter.Node | None:
    """The statement of a block in which this call is the first thing evaluated, or None."""
    node = call
    while True:
        parent = node.parent
        if parent is None:
            return None
        if parent.type in ("expression_statement", "return_statement", "echo_statement"):
            block = parent.parent
            return parent if block is not None and block.type in ("compound_statement", "program") else None
        first = parent.named_children[0] if parent.named_children else None
        if (parent.type == "member_call_expression" and parent.child_by_field_name("object") == node) or (
            parent.type == "member_access_expression" and parent.child_by_field_name("object") == node
        ):
            pass
        elif parent.type in ("parenthesized_expression", "binary_expression", "conditional_expression"):
            if first != node:
                return None
        elif parent.type == "assignment_expression":
            left = parent.child_by_field_name("left")
            if parent.child_by_field_name("right") != node or left is None or left.type != "variable_name":
                return None
        else:
            return None
        node = parent
