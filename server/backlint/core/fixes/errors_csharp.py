"""`log-and-reraise` for C#: `catch (Exception ex) { }` -> log, then `throw;` (which keeps the stack
trace; `throw ex;` would reset it).

The log line uses the class's `ILogger` where there is one (`_logger.LogError(ex, "...")`, or
Serilog's `.Error(ex, "...")` when the file uses Serilog and not Microsoft.Extensions.Logging);
without a logger in sight the handler only rethrows. A catch without a variable gets one only when
there is a line to log it. Writes to Debug / Trace (what made the handler a swallow) go, as does a
fallback `return` at the end; other statements stay.
"""

from __future__ import annotations

import re

import tree_sitter

from ..model import Span
from .base import Edit, Fix
from .handlers import (
    Text,
    braced_block,
    contains,
    enclosing,
    fresh_name,
    indent_unit,
    kept_statements,
    node_at,
    own_line_comments,
)

_MEMBERS = ("method_declaration", "constructor_declaration", "local_function_statement", "property_declaration")
_TYPES = ("class_declaration", "record_declaration", "struct_declaration")
_NESTED = ("lambda_expression", "anonymous_method_expression", "local_function_statement")
_DEBUG = re.compile(r"^(?:System\.Diagnostics\.)?(?:Debug|Trace)\.\w+\(")
_VALUES = ("null_literal", "boolean_literal", "integer_literal", "string_literal", "identifier", "default_expression")


def handle(root: tree_sitter.Node, context: Span, text: Text) -> Fix | None:
    clause = node_at(root, context, ("catch_clause",))
    body = clause.child_by_field_name("body") if clause is not None else None
    if clause is None or body is None:
        return None
    kept = kept_statements(list(body.named_children), _drop, _keep)
    if kept is None:
        return None
    member = enclosing(clause, _MEMBERS)
    logger = _logger(clause, member, text)
    statements = list(kept)
    edits: list[Edit] = []
    if logger is not None:
        variable = _variable(clause, member or clause, edits)
        if variable is None:
            return None
        name_node = member.child_by_field_name("name") if member is not None else None
        message = f"{(name_node.text or b'').decode()} failed" if name_node is not None else "Unexpected error"
        statements.append(f'{logger}({variable}, "{message}");')
    statements.append("throw;")
    try_statement = clause.parent
    try_body = try_statement.child_by_field_name("body") if try_statement is not None else None
    first = try_body.named_children[0] if try_body is not None and try_body.named_children else None
    unit = indent_unit(text, try_statement, first, "    ")
    base = text.indent_of(body.start_byte)
    new_body = braced_block(text, base, unit, own_line_comments(text, body), statements)
    previous = body.prev_sibling
    if try_body is not None and text.starts_line(try_body) and not text.starts_line(body) and previous is not None:
        # `catch { }` on one line in a file that puts braces on their own line: so does the new body.
        added = [e for e in edits if e.start_byte == previous.end_byte]
        edits = [e for e in edits if e not in added]
        header = "".join(e.new_text for e in added)
        edits.append(Edit(previous.end_byte, body.end_byte, header + text.eol + base + new_body))
    else:
        edits.append(Edit(body.start_byte, body.end_byte, new_body))
    title = "Log the exception and rethrow it" if logger is not None else "Rethrow the exception"
    return Fix(title=title, edits=edits, safe=False)


def _drop(node: tree_sitter.Node, last: bool) -> bool:
    if node.type in ("return_statement", "break_statement", "continue_statement"):
        return last
    if node.type == "expression_statement" and node.named_child_count == 1:
        expression = node.named_children[0]
        return expression.type in _VALUES or _DEBUG.match((expression.text or b"").decode()) is not None
    return node.type == "empty_statement"


def _keep(node: tree_sitter.Node) -> bool:
    return node.type == "expression_statement" and not contains(
        node, ("return_statement", "throw_expression", "throw_statement", "yield_statement"), _NESTED
    )


def _variable(clause: tree_sitter.Node, scope: tree_sitter.Node, edits: list[Edit]) -> str | None:
    """The exception's variable, adding one to `catch (T)` or a bare `catch`."""
    declaration = next((c for c in clause.named_children if c.type == "catch_declaration"), None)
    name = declaration.child_by_field_name("name") if declaration is not None else None
    if name is not None:
        return (name.text or b"").decode()
    fresh = fresh_name((scope.text or b"").decode(), ("ex", "exception", "error"))
    if fresh is None:
        return None
    if declaration is not None:
        declared = declaration.child_by_field_name("type")
        if declared is None:
            return None
        edits.append(Edit(declared.end_byte, declared.end_byte, " " + fresh))
    else:
        keyword = clause.children[0]
        edits.append(Edit(keyword.end_byte, keyword.end_byte, f" (Exception {fresh})"))
    return fresh


def _logger(clause: tree_sitter.Node, member: tree_sitter.Node | None, text: Text) -> str | None:
    """`_logger.LogError` (or Serilog's `_logger.Error`) for the class's logger, if it has one and
    the handler is not in a static member (an instance field is out of reach there)."""
    owner = enclosing(clause, _TYPES)
    if owner is None:
        return None
    owner_text = (owner.text or b"").decode("utf-8", "replace")
    found = re.search(r"\bILogger(<[^<>]+>)?\??\s+(_?[A-Za-z]\w*)\s*[;,)=]", owner_text)
    if found is None:
        return None
    field = found.group(2)
    static = member is not None and any((c.text or b"") == b"static" for c in member.children if c.type == "modifier")
    if static and not re.search(r"\bstatic\b[^;{]*\bILogger\b", owner_text):
        return None
    source = text.data.decode("utf-8", "replace")
    microsoft = re.search(r"^\s*using\s+Microsoft\.Extensions\.Logging\s*;", source, re.M)
    serilog = re.search(r"^\s*using\s+Serilog\s*;", source, re.M)
    if found.group(1) or microsoft or not serilog:
        return f"{field}.LogError"
    return f"{field}.Error"
