"""`log-and-reraise` for PHP: `catch (... $e) { }` -> log, then `throw $e;`.

The log line uses the project's logger where one is in sight: `$this->logger` (a PSR-3 logger the
class holds), Laravel's `Log` facade (imported or used), else `error_log()`. A catch without a
variable (PHP 8) gets `$e`. The handler keeps its comments and the statements that do work of their
own (`DB::rollBack();`); a fallback `return`, `break` or `continue` at its end goes.
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

_FUNCTIONS = ("function_definition", "method_declaration", "anonymous_function", "arrow_function")
_NESTED = ("anonymous_function", "arrow_function", "function_definition", "class_declaration")
_VALUES = (
    "null",
    "boolean",
    "integer",
    "float",
    "string",
    "encapsed_string",
    "variable_name",
    "array_creation_expression",
)


def handle(root: tree_sitter.Node, context: Span, text: Text) -> Fix | None:
    clause = node_at(root, context, ("catch_clause",))
    body = clause.child_by_field_name("body") if clause is not None else None
    types = clause.child_by_field_name("type") if clause is not None else None
    if clause is None or body is None or types is None:
        return None
    kept = kept_statements(list(body.named_children), _drop, _keep)
    if kept is None:
        return None
    function = enclosing(clause, _FUNCTIONS)
    scope_text = (function or root).text or b""
    edits: list[Edit] = []
    variable_node = clause.child_by_field_name("name")
    if variable_node is not None:
        variable = (variable_node.text or b"").decode()
    else:
        fresh = fresh_name(scope_text.decode(), ("$e", "$exception", "$error"))
        if fresh is None:
            return None
        variable = fresh
        edits.append(Edit(types.end_byte, types.end_byte, " " + variable))
    log = _log_line(root, clause, function, text, variable)
    try_statement = clause.parent
    try_body = try_statement.child_by_field_name("body") if try_statement is not None else None
    first = try_body.named_children[0] if try_body is not None and try_body.named_children else None
    unit = indent_unit(text, try_statement, first, "    ")
    base = text.indent_of(body.start_byte)
    statements = [*kept, log, f"throw {variable};"]
    edits.append(
        Edit(body.start_byte, body.end_byte, braced_block(text, base, unit, own_line_comments(text, body), statements))
    )
    return Fix(title="Log the exception and rethrow it", edits=edits, safe=False)


def _drop(node: tree_sitter.Node, last: bool) -> bool:
    if node.type in ("return_statement", "break_statement", "continue_statement"):
        return last
    if node.type == "expression_statement" and node.named_child_count == 1:
        return node.named_children[0].type in _VALUES  # `null;`: a value nothing reads
    return node.type == "empty_statement"


def _keep(node: tree_sitter.Node) -> bool:
    return node.type in ("expression_statement", "unset_statement", "echo_statement") and not contains(
        node, ("return_statement", "throw_expression", "yield_expression", "exit_statement"), _NESTED
    )


def _name(function: tree_sitter.Node | None) -> str:
    name = function.child_by_field_name("name") if function is not None else None
    return (name.text or b"").decode() if name is not None else ""


def _log_line(
    root: tree_sitter.Node, clause: tree_sitter.Node, function: tree_sitter.Node | None, text: Text, variable: str
) -> str:
    method = enclosing(clause, ("method_declaration",))
    name = _name(function) or _name(method)
    message = f"{name} failed" if name else "unexpected error"
    source = text.data.decode("utf-8", "replace")
    klass = enclosing(clause, ("class_declaration", "trait_declaration"))
    static = method is not None and any(c.type == "static_modifier" for c in method.children)
    class_text = (klass.text or b"").decode("utf-8", "replace") if klass is not None else ""
    if (
        klass is not None
        and not static
        and re.search(r"\$this->logger->\w+\(|LoggerInterface\s+\$logger\b", class_text)
    ):
        return f"$this->logger->error('{message}', ['exception' => {variable}]);"
    facade = re.search(r"^\s*use\s+Illuminate\\Support\\Facades\\Log\s*;", source, re.M)
    if facade or re.search(r"(?<![\w\\])Log::(?:error|warning|info|debug)\(", source):
        return f"Log::error('{message}', ['exception' => {variable}]);"
    if re.search(r"\\Log::(?:error|warning|info|debug)\(", source):
        return f"\\Log::error('{message}', ['exception' => {variable}]);"
    return f"error_log('{message}: ' . {variable});"
