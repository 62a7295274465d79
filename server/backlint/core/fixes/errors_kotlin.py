"""`log-and-reraise` for Kotlin: `catch (e: Exception) { }` -> log, then `throw e`.

The log line uses the logger the class or file declares (`log` / `logger` / `LOG` / `LOGGER` made by
SLF4J's `LoggerFactory`, Log4j's `LogManager`, or kotlin-logging, whose lambda form it follows);
without one the handler only rethrows. An `InterruptedException` restores the interrupt flag first,
as in Java. The handler keeps its comments and the statements that do work of their own;
`e.printStackTrace()` and a fallback value or `return` at its end go (a `try` used as an expression
still has a type: `throw` is `Nothing`). `runCatching { }` has no handler to rewrite: no fix.
"""

from __future__ import annotations

import re

import tree_sitter

from ..model import Span
from .base import Edit, Fix
from .handlers import Text, braced_block, contains, enclosing, indent_unit, kept_statements, node_at, own_line_comments

_VALUES = (
    "identifier", "string_literal", "number_literal", "boolean_literal", "null_literal", "character_literal",
    "navigation_expression", "unit",
)  # fmt: skip
_NESTED = ("lambda_literal", "anonymous_function", "function_declaration", "object_literal")
_LOGGER = re.compile(r"\b(?:val|var)\s+(log|logger|LOG|LOGGER)\b[^=\n]*=\s*([^\n]*)")
_OWNERS = ("class_declaration", "object_declaration", "companion_object", "source_file")


def handle(root: tree_sitter.Node, context: Span, text: Text) -> Fix | None:
    clause = node_at(root, context, ("catch_block", "call_expression"))
    if clause is None or clause.type != "catch_block":
        return None
    names = [c for c in clause.named_children if c.type in ("identifier", "simple_identifier")]
    caught = next((c for c in clause.named_children if c.type in ("user_type", "nullable_type")), None)
    body = next((c for c in clause.named_children if c.type in ("block", "statements")), None)
    if not names or caught is None or body is None:
        return None
    variable = (names[0].text or b"").decode()
    kept = kept_statements(list(body.named_children), lambda n, last: _drop(n, last, variable), _keep)
    if kept is None:
        return None
    function = enclosing(clause, ("function_declaration",))
    name_node = next((c for c in function.named_children if c.type == "identifier"), None) if function else None
    message = f"{(name_node.text or b'').decode()} failed" if name_node is not None else "unexpected error"
    statements = list(kept)
    if (caught.text or b"").decode().rsplit(".", 1)[-1] == "InterruptedException":
        statements.append("Thread.currentThread().interrupt()")
    logger = _logger(root, clause)
    if logger is not None:
        field, lambda_style = logger
        statements.append(
            f'{field}.error({variable}) {{ "{message}" }}'
            if lambda_style
            else f'{field}.error("{message}", {variable})'
        )
    statements.append(f"throw {variable}")
    try_expression = clause.parent
    try_body = next((c for c in try_expression.named_children if c.type == "block"), None) if try_expression else None
    first = try_body.named_children[0] if try_body is not None and try_body.named_children else None
    unit = indent_unit(text, try_expression, first, "    ")
    base = text.indent_of(body.start_byte)
    new_body = braced_block(text, base, unit, own_line_comments(text, body), statements)
    title = "Log the exception and rethrow it" if logger is not None else "Rethrow the exception"
    return Fix(title=title, edits=[Edit(body.start_byte, body.end_byte, new_body)], safe=False)


def _drop(node: tree_sitter.Node, last: bool, variable: str) -> bool:
    text = (node.text or b"").decode()
    if re.fullmatch(rf"{re.escape(variable)}\s*\.\s*printStackTrace\(\s*\)", text):
        return True
    if node.type == "jump_expression" or node.type == "return_expression":
        return last
    return last and (node.type in _VALUES or text in ("null", "Unit", "emptyList()", "emptyMap()", "listOf()"))


def _keep(node: tree_sitter.Node) -> bool:
    if node.type in ("if_expression", "when_expression", "for_statement", "while_statement", "do_while_statement"):
        return False
    if node.type in ("try_expression", "jump_expression", "return_expression"):
        return False
    return not contains(node, ("jump_expression", "return_expression", "throw_expression"), _NESTED)


def _logger(root: tree_sitter.Node, clause: tree_sitter.Node) -> tuple[str, bool] | None:
    """(the logger's name, kotlin-logging's lambda style) for a logger declared in the file at the top
    level or in a class (or its companion) around the handler."""
    owners = []
    current: tree_sitter.Node | None = clause
    while current is not None:
        if current.type in _OWNERS:
            owners.append(current)
        current = current.parent
    for owner in owners:
        for declaration in owner.named_children if owner.type == "source_file" else _members(owner):
            if declaration.type != "property_declaration":
                continue
            found = _LOGGER.search((declaration.text or b"").decode("utf-8", "replace"))
            if found is None:
                continue
            initializer = found.group(2)
            if "KotlinLogging" in initializer or re.search(r"\blogger\s*\{", initializer):
                return found.group(1), True
            if re.search(r"LoggerFactory|LogManager|getLogger\(|\blogger\(\)", initializer):
                return found.group(1), False
    return None


def _members(owner: tree_sitter.Node) -> list[tree_sitter.Node]:
    body = next((c for c in owner.named_children if c.type in ("class_body", "enum_class_body")), None)
    out = list(body.named_children) if body is not None else []
    for member in list(out):
        if member.type == "companion_object":
            out.extend(_members(member))
    return out
