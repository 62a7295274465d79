"""`log-and-reraise` for Ruby: `rescue => e` ... -> log, then `raise`.

The log line goes to the logger in sight: `Rails.logger` in a Rails file, else `logger` / `@logger`
where the file already logs through it; without one the handler only re-raises. A rescue that logs
gets `=> e` when it had no variable. The handler keeps its comments and the statements that do work
of their own; its last expression goes when it was only the fallback value (`nil`, a constant, a
`redirect_to` / `render` / `head` response, `next`, `return`). A `rescue` modifier
(`x = y rescue nil`) has no handler to rewrite: no fix.
"""

from __future__ import annotations

import re

import tree_sitter

from ..model import Span
from .base import Edit, Fix
from .handlers import Text, contains, enclosing, fresh_name, kept_statements, node_at

_VALUES = (
    "nil", "true", "false", "integer", "float", "string", "simple_symbol", "symbol", "identifier", "constant",
    "instance_variable", "array", "hash", "scope_resolution", "self",
)  # fmt: skip
_CONTROL = ("next", "return", "break")
_RESPONSES = {"redirect_to", "redirect_back", "render", "head"}
_NESTED = ("block", "do_block", "lambda", "method", "singleton_method")
_RAILS = re.compile(r"\bRails\.|<\s*(?:Application(?:Controller|Record|Job|Mailer)|ActiveRecord::Base)\b")


def handle(root: tree_sitter.Node, context: Span, text: Text) -> Fix | None:
    clause = node_at(root, context, ("rescue", "rescue_modifier"))
    if clause is None or clause.type != "rescue" or any(c.type == "then" and not c.is_named for c in clause.children):
        return None
    body = clause.child_by_field_name("body")
    statements = list(body.named_children) if body is not None else []
    if any(s.type == "retry" for s in statements):
        return None
    kept = kept_statements(statements, _drop, _keep)
    if kept is None:
        return None
    method = enclosing(clause, ("method", "singleton_method"))
    logger = _logger(text)
    lines = list(kept)
    header_end = _header_end(clause)
    named = ""  # ` => e`, when the rescue logs and had no variable
    if logger is not None:
        variable_node = clause.child_by_field_name("variable")
        if variable_node is not None and variable_node.named_children:
            variable = (variable_node.named_children[0].text or b"").decode()
        else:
            fresh = fresh_name(((method or root).text or b"").decode(), ("e", "error", "exception"))
            if fresh is None:
                return None
            variable = fresh
            named = f" => {variable}"
        name_node = method.child_by_field_name("name") if method is not None else None
        label = f"{(name_node.text or b'').decode()} failed" if name_node is not None else "unexpected error"
        lines.append(f'{logger}.error("{label}: #{{{variable}.class}}: #{{{variable}.message}}")')
    lines.append("raise")
    comments = [c for c in clause.named_children if c.type == "comment" and text.starts_line(c)]
    if body is not None:
        comments += [c for c in body.named_children if c.type == "comment" and text.starts_line(c)]
    comments.sort(key=lambda c: c.start_byte)
    first = statements[0] if statements else (comments[0] if comments else None)
    if first is not None and first.start_point[0] != clause.start_point[0]:
        indent = text.indent_of(first.start_byte)
    else:
        indent = text.indent_of(clause.start_byte) + "  "
    end = max([header_end] + [n.end_byte for n in [*statements, *comments]])
    new = "".join(text.eol + indent + line for line in [*((c.text or b"").decode() for c in comments), *lines])
    title = "Log the error and re-raise it" if logger is not None else "Re-raise the error"
    return Fix(title=title, edits=[Edit(header_end, end, named + new)], safe=False)


def _header_end(clause: tree_sitter.Node) -> int:
    """Where `rescue A, B => e` ends."""
    end = clause.children[0].end_byte
    for field in ("exceptions", "variable"):
        node = clause.child_by_field_name(field)
        if node is not None:
            end = max(end, node.end_byte)
    return end


def _drop(node: tree_sitter.Node, last: bool) -> bool:
    if not last:
        return False
    if node.type in _VALUES or node.type in _CONTROL:
        return True
    method = node.child_by_field_name("method") if node.type == "call" else None
    if node.type == "identifier":
        return True
    return (
        method is not None
        and node.child_by_field_name("receiver") is None
        and (method.text or b"").decode() in _RESPONSES
    )


def _keep(node: tree_sitter.Node) -> bool:
    if node.type in ("if", "unless", "case", "while", "until", "for", "begin", "if_modifier", "unless_modifier"):
        return False
    if node.type in _CONTROL or node.type in ("retry", "redo"):
        return False
    return not contains(node, (*_CONTROL, "retry", "redo"), _NESTED)


def _logger(text: Text) -> str | None:
    source = text.data.decode("utf-8", "replace")
    if _RAILS.search(source):
        return "Rails.logger"
    used = re.search(r"(?<![\w.])(@?logger)\.(?:error|warn|info|debug|fatal)\b", source)
    return used.group(1) if used else None
