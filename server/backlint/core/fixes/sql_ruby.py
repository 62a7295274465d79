"""`sql-parameterize` for Ruby.

- ActiveRecord (and Sequel, which reads `?` the same way): `where("name = '#{x}'")` ->
  `where("name = ?", x)`, and `rewhere`, `having`, `find_by`, `where.not`;
  `find_by_sql("... #{x}")` -> `find_by_sql(["... ?", x])`, and `count_by_sql`, `update_all`.
- pg (the file requires it): `conn.exec("... '#{x}'")` -> `conn.exec_params("... $1", [x])`.

The query is a double- or single-quoted literal (with `#{}`), a `+` chain of them, or `format` /
`sprintf` with `%s` and `%d`; heredocs and `%Q()` get no fix.
"""

from __future__ import annotations

import re

import tree_sitter

from .base import Fix
from .sql_shared import Lit, Rewritten, Segment, Site, Slot, concatenation, parameterize, printf_segments
from .sql_shared import fix as make_fix

_CONDITIONS = {"where", "rewhere", "having", "find_by"}
_SQL_ARRAY = {"find_by_sql", "count_by_sql", "update_all"}
_PG = {"exec": "exec_params", "async_exec": "async_exec_params"}


def _segments(site: Site, node: tree_sitter.Node) -> list[Segment] | None:
    if node.type == "parenthesized_statements" and node.named_child_count == 1:
        return _segments(site, node.named_children[0])
    if node.type == "string":
        return _string(site, node)
    if node.type == "binary":
        return concatenation(site, node, lambda n: n.type == "string", _string)
    if node.type == "call" and site.text(node.child_by_field_name("method")) in ("format", "sprintf"):
        receiver = node.child_by_field_name("receiver")
        if receiver is not None and site.text(receiver) != "Kernel":
            return None
        args = _arguments(node)
        if not args or args[0].type != "string" or any(not _plain(a) for a in args[1:]):
            return None
        template = _string(site, args[0])
        return printf_segments(template, [Slot(a, site.text(a)) for a in args[1:]]) if template else None
    return None


def _plain(node: tree_sitter.Node) -> bool:
    return node.type not in ("splat_argument", "hash_splat_argument", "pair", "block_argument")


def _string(site: Site, node: tree_sitter.Node) -> list[Segment] | None:
    text = site.text(node)
    quote = text[:1]
    if quote not in ('"', "'") or not text.endswith(quote) or len(text) < 2:
        return None  # %Q(), heredocs
    out: list[Segment] = []
    position = node.start_byte + 1
    for child in node.named_children:
        if child.type != "interpolation":
            continue
        inner = [c for c in child.named_children if c.type != "comment"]
        if len(inner) != 1:
            return None
        out.append(Lit(site.data[position : child.start_byte].decode(), quote))
        if (inner[0].start_byte, inner[0].end_byte) in site.constant_holes():
            out.append(Lit(site.text(child), quote))  # `#{BASE}`, a constant, stays in the text
        else:
            out.append(Slot(inner[0], site.text(inner[0])))
        position = child.end_byte
    out.append(Lit(site.data[position : node.end_byte - 1].decode(), quote))
    return out


def _arguments(call: tree_sitter.Node) -> list[tree_sitter.Node]:
    args = call.child_by_field_name("arguments")
    return [c for c in args.named_children if c.type != "comment"] if args is not None else []


def _literal(rewritten: Rewritten, markers: list[str]) -> str | None:
    """One literal: single-quoted when every piece was, else double-quoted."""
    flavors = {p.flavor for p in rewritten.pieces if isinstance(p, Lit)}
    quote = "'" if flavors <= {"'"} else '"'
    body = []
    for piece in rewritten.pieces:
        if not isinstance(piece, Lit):
            body.append(markers[piece])
        elif quote == '"' and piece.flavor == "'" and re.search(r'[\\"#]', piece.raw):
            return None
        else:
            body.append(piece.raw)
    return quote + "".join(body) + quote


def fix(site: Site) -> Fix | None:
    call = site.call
    if call.type == "element_reference":  # Sequel: `DB["... '#{x}'"]` -> `DB["... ?", x]`
        args = [c for c in call.named_children[1:] if c.type != "comment"]
        return _with_values(site, site.argument) if args == [site.argument] else None
    args = _arguments(call)
    if call.type != "call" or args != [site.argument]:
        return None  # more arguments (hash conditions, binds) or not a method call
    lit = _sequel_lit(site, site.argument)
    if lit is not None:  # `where(Sequel.lit("... '#{x}'"))` -> `where(Sequel.lit("... ?", x))`
        return _with_values(site, lit)
    segments = _segments(site, site.argument)
    rewritten = parameterize(segments, site.argument) if segments is not None else None
    if rewritten is None:
        return None
    values = [v.text for v in rewritten.values]
    method = site.text(call.child_by_field_name("method"))
    receiver = site.text(call.child_by_field_name("receiver"))
    if method in _CONDITIONS or (method == "not" and receiver.endswith("where")):
        literal = _literal(rewritten, ["?"] * len(values))
        return make_fix([site.edit(site.argument, ", ".join([literal, *values]))], safe=True) if literal else None
    if method in _SQL_ARRAY:
        literal = _literal(rewritten, ["?"] * len(values))
        return (
            make_fix([site.edit(site.argument, f"[{', '.join([literal, *values])}]")], safe=True) if literal else None
        )
    if method in _PG and re.search(
        r"""^\s*require\s*\(?\s*["']pg["']|\bPG(?:::Connection|\.connect)\b""", site.source, re.M
    ):
        name = call.child_by_field_name("method")
        literal = _literal(rewritten, [f"${i + 1}" for i in range(len(values))])
        if literal is None or name is None:
            return None
        edits = [site.edit(name, _PG[method]), site.edit(site.argument, f"{literal}, [{', '.join(values)}]")]
        return make_fix(edits, safe=True)
    return None


def _sequel_lit(site: Site, node: tree_sitter.Node) -> tree_sitter.Node | None:
    if node.type != "call" or site.text(node.child_by_field_name("receiver")) != "Sequel":
        return None
    args = _arguments(node)
    return args[0] if site.text(node.child_by_field_name("method")) == "lit" and len(args) == 1 else None


def _with_values(site: Site, node: tree_sitter.Node) -> Fix | None:
    """The query literal `node` becomes `"... ?", a, b` in place."""
    segments = _segments(site, node)
    rewritten = parameterize(segments, node) if segments is not None else None
    literal = _literal(rewritten, ["?"] * len(rewritten.values)) if rewritten is not None else None
    if rewritten is None or literal is None:
        return None
    return make_fix([site.edit(node, ", ".join([literal, *(v.text for v in rewritten.values)]))], safe=True)
