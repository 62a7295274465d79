"""`sql-parameterize` for Kotlin.

- Spring JdbcTemplate: `jdbcTemplate.query("... '$x'", mapper)` -> `("... ?", mapper, x)`, as for
  Java (the varargs overloads; not with a trailing lambda, which must stay last).
- JDBC: `connection.prepareStatement("... '$x'")` -> `prepareStatement("... ?").also { it.setObject(1,
  x) }`; `connection.createStatement().executeQuery("...")` -> the same prepared statement's
  `.executeQuery()`.
- JPA: `em.createQuery("... '$x'", T::class.java)` -> `createQuery("... :x", ...).setParameter("x",
  x)`; `createNativeQuery` with `?1` and `.setParameter(1, x)`.
- Spring R2DBC (the file imports it): `databaseClient.sql("... '$x'")` -> `.sql("... :x").bind("x", x)`.
- Exposed: `exec("... '$x'") { ... }` -> `exec("... ?", listOf(TextColumnType() to x)) { ... }`
  when each value is a parameter of the function declared `String`, `Int` or `Long` (the column type
  has to be named); the import is added unless the package is imported whole.
"""

from __future__ import annotations

import re

import tree_sitter

from .base import Edit, Fix
from .handlers import enclosing
from .sql_shared import Lit, Rewritten, Segment, Site, Slot, concatenation, parameterize, printf_segments
from .sql_shared import fix as make_fix

_JDBC_TEMPLATE = {"update", "query", "queryForObject", "queryForList", "queryForMap"}
_STATEMENT = {"executeQuery", "executeUpdate", "execute"}
_STRINGS = ("string_literal", "multiline_string_literal")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EXPOSED_TYPES = {"String": "TextColumnType", "Int": "IntegerColumnType", "Long": "LongColumnType"}


# --- the query, read from the source ---------------------------------------------------------------


def _segments(site: Site, node: tree_sitter.Node) -> list[Segment] | None:
    if node.type == "parenthesized_expression" and node.named_child_count == 1:
        return _segments(site, node.named_children[0])
    if node.type in _STRINGS:
        return _string(site, node)
    if node.type == "binary_expression":
        return concatenation(site, node, lambda n: n.type in _STRINGS, _string)
    if node.type == "call_expression":
        return _format(site, node)
    return None


def _string(site: Site, node: tree_sitter.Node) -> list[Segment] | None:
    """A string literal's text and `$name` / `${expr}` entries. This grammar leaves `$name` in a
    one-line string as two string_content nodes, "$" and "name...": read from the text."""
    quote = '"""' if node.type == "multiline_string_literal" else '"'
    data = site.data
    if not site.text(node).startswith(quote):
        return None
    out: list[Segment] = []
    position = node.start_byte + len(quote)
    children = node.children
    index = 0
    while index < len(children):
        child = children[index]
        index += 1
        hole: tuple[tree_sitter.Node, str, int] | None = None
        if child.type == "string_content" and site.text(child) == "$" and index < len(children):
            following = children[index]
            name = _NAME.match(site.text(following)) if following.type == "string_content" else None
            if name is not None:
                hole = (node, name.group(0), following.start_byte + len(name.group(0).encode()))
                index += 1
        elif child.type == "interpolation":
            inner = [c for c in child.named_children if "comment" not in c.type]
            if len(inner) != 1:
                return None
            hole = (inner[0], site.text(inner[0]), child.end_byte)
        if hole is not None:
            out.append(Lit(data[position : child.start_byte].decode(), quote))
            out.append(Slot(hole[0], hole[1]))
            position = hole[2]
    out.append(Lit(data[position : node.end_byte - len(quote)].decode(), quote))
    return out


def _format(site: Site, node: tree_sitter.Node) -> list[Segment] | None:
    """`String.format("... %s", a)` and `"... %s".format(a)`."""
    callee = node.named_children[0] if node.named_children else None
    args = _arguments(node)
    if callee is None or callee.type != "navigation_expression" or _trailing_lambda(node):
        return None
    receiver, member = callee.named_children[0], callee.named_children[-1]
    if site.text(member) != "format" or any(_named(a) for a in args):
        return None
    values = [a.named_children[0] for a in args]
    if site.text(receiver) == "String" and values and values[0].type in _STRINGS:
        template, values = values[0], values[1:]
    elif receiver.type in _STRINGS:
        template = receiver
    else:
        return None
    pieces = _string(site, template)
    return printf_segments(pieces, [Slot(v, site.text(v)) for v in values]) if pieces else None


def _arguments(call: tree_sitter.Node) -> list[tree_sitter.Node]:
    args = next((c for c in call.named_children if c.type == "value_arguments"), None)
    return [c for c in args.named_children if c.type == "value_argument"] if args is not None else []


def _named(argument: tree_sitter.Node) -> bool:
    return any(c.type in ("=", "*") for c in argument.children) or argument.named_child_count != 1


def _trailing_lambda(call: tree_sitter.Node) -> bool:
    own = any(c.type == "annotated_lambda" for c in call.named_children)
    parent = call.parent
    return own or (
        parent is not None
        and parent.type == "call_expression"
        and parent.named_children[0] == call
        and any(c.type == "annotated_lambda" for c in parent.named_children)
    )


def _literal(rewritten: Rewritten, markers: list[str]) -> str | None:
    flavors = {p.flavor for p in rewritten.pieces if isinstance(p, Lit)}
    if len(flavors) != 1:
        return None
    quote = flavors.pop()
    return quote + "".join(p.raw if isinstance(p, Lit) else markers[p] for p in rewritten.pieces) + quote


def _names(rewritten: Rewritten) -> list[str]:
    """A parameter name per value: the variable's (or property's) own, else p1, p2 ..."""
    names = []
    for index, value in enumerate(rewritten.values):
        last = re.search(r"([A-Za-z_]\w*)$", value.text)
        names.append(last.group(1) if last and re.fullmatch(r"[\w.]+", value.text) else f"p{index + 1}")
    if len(set(names)) != len(names):
        names = [f"p{i + 1}" for i in range(len(names))]
    return names


# --- the sinks --------------------------------------------------------------------------------------


def fix(site: Site) -> Fix | None:
    call = site.call
    args = _arguments(call)
    if call.type != "call_expression" or not args or args[0].named_children[0] != site.argument:
        return None
    if any(_named(a) for a in args):
        return None
    after = args[1:]
    callee = call.named_children[0]
    if callee.type == "navigation_expression":
        receiver_node: tree_sitter.Node | None = callee.named_children[0]
        method = site.text(callee.named_children[-1])
    elif callee.type == "identifier":
        receiver_node, method = None, site.text(callee)
    else:
        return None
    receiver = site.text(receiver_node)
    segments = _segments(site, site.argument)
    rewritten = parameterize(segments, site.argument) if segments is not None else None
    if rewritten is None:
        return None
    values = [v.text for v in rewritten.values]
    if method in _JDBC_TEMPLATE and re.search(r"(?i)jdbc|template", receiver) and "named" not in receiver.lower():
        return _jdbc_template(site, rewritten, method, after)
    if method == "prepareStatement":
        return _prepared(site, rewritten, call, "")
    if method in _STATEMENT and receiver_node is not None and not after:
        created = receiver_node
        if created.type == "call_expression" and not _arguments(created):
            callee = created.named_children[0]
            if callee.type == "navigation_expression" and site.text(callee.named_children[-1]) == "createStatement":
                connection = site.text(callee.named_children[0])
                return _prepared(site, rewritten, call, f"{connection}.prepareStatement", f".{method}()")
        return None
    if method in ("createQuery", "createNativeQuery") and len(after) <= 1:
        native = method == "createNativeQuery"
        names = _names(rewritten)
        markers = [f"?{i + 1}" for i in range(len(values))] if native else [":" + n for n in names]
        literal = _literal(rewritten, markers)
        if literal is None:
            return None
        keys = [str(i + 1) for i in range(len(values))] if native else [f'"{n}"' for n in names]
        chain = "".join(f".setParameter({k}, {v})" for k, v in zip(keys, values, strict=True))
        return make_fix([site.edit(site.argument, literal), site.insert_after(call, chain)], safe=True)
    if method == "sql" and not after and "org.springframework.r2dbc" in site.source:
        names = _names(rewritten)
        literal = _literal(rewritten, [":" + n for n in names])
        if literal is None:
            return None
        chain = "".join(f'.bind("{n}", {v})' for n, v in zip(names, values, strict=True))
        return make_fix([site.edit(site.argument, literal), site.insert_after(call, chain)], safe=False)
    if method == "exec" and not after and (receiver_node is None or "transaction" in receiver.lower()):
        return _exposed(site, rewritten)
    return None


def _jdbc_template(site: Site, rewritten: Rewritten, method: str, after: list[tree_sitter.Node]) -> Fix | None:
    if _trailing_lambda(site.call) or len(after) > 1:
        return None
    if (method in ("update", "queryForMap") and after) or (method == "query" and not after):
        return None
    literal = _literal(rewritten, ["?"] * len(rewritten.values))
    if literal is None:
        return None
    joined = ", " + ", ".join(v.text for v in rewritten.values)
    edits = [site.edit(site.argument, literal if after else literal + joined)]
    if after:
        edits.append(site.insert_after(after[-1], joined))
    return make_fix(edits, safe=True)


def _prepared(site: Site, rewritten: Rewritten, call: tree_sitter.Node, prepare: str, then: str = "") -> Fix | None:
    """`.also { it.setObject(1, x) }` after the prepared statement (`it`, not `this`: a value named
    like one of the statement's properties must not resolve to it)."""
    values = [v.text for v in rewritten.values]
    if any(re.search(r"\bit\b", v) for v in values):
        return None
    literal = _literal(rewritten, ["?"] * len(values))
    if literal is None:
        return None
    sets = "; ".join(f"it.setObject({i + 1}, {v})" for i, v in enumerate(values))
    also = f".also {{ {sets} }}"
    if not prepare:
        return make_fix([site.edit(site.argument, literal), site.insert_after(call, also)], safe=False)
    return make_fix([site.edit(call, f"{prepare}({literal}){also}{then}")], safe=False)


def _exposed(site: Site, rewritten: Rewritten) -> Fix | None:
    imports = re.findall(r"^\s*import\s+([\w.]+(?:\.\*)?)", site.source, re.M)
    if not any(i.startswith("org.jetbrains.exposed.") for i in imports):
        return None
    package = (
        "org.jetbrains.exposed.v1.core"
        if any(i.startswith("org.jetbrains.exposed.v1.") for i in imports)
        else "org.jetbrains.exposed.sql"
    )
    function = enclosing(site.call, ("function_declaration",), stop=("lambda_literal",))
    if function is None:
        function = enclosing(site.call, ("function_declaration",))
    types = _parameter_types(site, function) if function is not None else {}
    pairs, needed = [], set()
    for value in rewritten.values:
        column = _EXPOSED_TYPES.get(types.get(value.text, ""))
        if column is None:
            return None  # the column type cannot be named
        pairs.append(f"{column}() to {value.text}")
        needed.add(column)
    literal = _literal(rewritten, ["?"] * len(pairs))
    if literal is None:
        return None
    edits: list[Edit] = [site.edit(site.argument, f"{literal}, listOf({', '.join(pairs)})")]
    newline = "\r\n" if "\r\n" in site.source else "\n"
    lines = list(re.finditer(r"^import\s+([\w.]+)[^\r\n]*", site.source, re.M))
    added: dict[int, str] = {}  # one edit per place, the imports in order within it
    for column in sorted(c for c in needed if f"{package}.*" not in imports and f"{package}.{c}" not in imports):
        # In order among the imports: before the first that sorts after it, else after the last.
        path = f"{package}.{column}"
        following = next((m for m in lines if m.group(1) > path), None)
        if following is not None:
            at = len(site.source[: following.start()].encode())
            added[at] = added.get(at, "") + f"import {path}{newline}"
        else:
            at = len(site.source[: lines[-1].end()].encode())
            added[at] = added.get(at, "") + f"{newline}import {path}"
    edits.extend(Edit(at, at, text) for at, text in added.items())
    return make_fix(edits, safe=False)


def _parameter_types(site: Site, function: tree_sitter.Node) -> dict[str, str]:
    out = {}
    parameters = next((c for c in function.named_children if c.type == "function_value_parameters"), None)
    for parameter in parameters.named_children if parameters is not None else []:
        if parameter.type == "parameter" and len(parameter.named_children) == 2:
            name, declared = parameter.named_children
            out[site.text(name)] = site.text(declared)
    return out
