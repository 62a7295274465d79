"""Deterministic fixes for the errors family.

`log-and-reraise` turns a handler that swallows the error into one that records it and lets it
propagate: Python `logger.exception(...)` + `raise`, JS/TS `console.error(err); throw err;`, Java
`throw new RuntimeException(e);`, Go `return fmt.Errorf("<func>: %w", err)`; PHP, C#, Ruby, Kotlin
and Rust in a module each (`errors_<language>.py`). Each fixer returns None unless the result is
certain; the caller verifies the edit before anyone sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import tree_sitter

from ..model import Span
from ..nodes import node_bytes
from . import errors_csharp, errors_kotlin, errors_php, errors_ruby, errors_rust
from .base import Edit, Fix, FixRequest, fixer
from .handlers import Text, braced_block, indent_unit, node_at, own_line_comments

# The languages whose fixer lives in a module of its own (`errors_<language>.py`, on `handlers.py`).
_MORE_LANGUAGES: dict[str, Callable[[tree_sitter.Node, Span, Text], Fix | None]] = {
    "php": errors_php.handle,
    "csharp": errors_csharp.handle,
    "ruby": errors_ruby.handle,
    "kotlin": errors_kotlin.handle,
    "rust": errors_rust.handle,
}
_PY_LOGGER_NAMES = ("logger", "log", "LOGGER", "LOG", "_logger", "_log")
_JAVA_UNCHECKED = {
    "RuntimeException",
    "IllegalArgumentException",
    "IllegalStateException",
    "NullPointerException",
    "UnsupportedOperationException",
    "IndexOutOfBoundsException",
    "ArithmeticException",
    "ClassCastException",
}
_GO_NIL_TYPES = {"pointer_type", "slice_type", "map_type", "channel_type", "function_type", "interface_type"}
_GO_NUMBERS = {
    "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
    "float32", "float64", "complex64", "complex128", "byte", "rune",
}  # fmt: skip


@fixer("log-and-reraise")
def log_and_reraise(request: FixRequest) -> Fix | None:
    finding, analysis = request.finding, request.analysis
    context = finding.context
    if context is None or analysis.tree is None or analysis.source is None:
        return None
    root = analysis.tree.root_node
    text = Text(analysis.source.data)
    language = analysis.language
    if language == "python":
        return _python(root, context, text)
    if language in ("javascript", "typescript", "tsx"):
        return _javascript(root, context, text)
    if language == "java":
        return _java(root, context, text)
    if language == "go":
        return _go(root, context, text)
    more = _MORE_LANGUAGES.get(language)
    return more(root, context, text) if more is not None else None


# --- Python ---------------------------------------------------------------------------------------


def _py_module_logger(root: tree_sitter.Node) -> str | None:
    for statement in root.named_children:
        if statement.type != "expression_statement" or not statement.named_children:
            continue
        assignment = statement.named_children[0]
        if assignment.type != "assignment":
            continue
        left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
        if (
            left is not None
            and right is not None
            and right.type == "call"
            and node_bytes(left).decode() in _PY_LOGGER_NAMES
        ):
            return node_bytes(left).decode()
    return None


def _py_imports_logging(root: tree_sitter.Node) -> bool:
    for statement in root.named_children:
        if statement.type == "import_statement":
            for name in statement.children_by_field_name("name"):
                if name.type == "dotted_name" and (
                    node_bytes(name) == b"logging" or node_bytes(name).startswith(b"logging.")
                ):
                    return True
    return False


def _py_import_edit(root: tree_sitter.Node, text: Text) -> Edit:
    """`import logging` after the module's last top-level import (or its docstring), else first."""
    anchor = None
    for statement in root.named_children:
        if statement.type in ("import_statement", "import_from_statement", "future_import_statement"):
            anchor = statement
        elif (
            anchor is None
            and statement.type == "expression_statement"
            and statement.named_children
            and statement.named_children[0].type == "string"
        ):
            anchor = statement  # the module docstring
        elif statement.type != "comment":
            break
    if anchor is None:
        return Edit(0, 0, "import logging" + text.eol)
    return Edit(anchor.end_byte, anchor.end_byte, text.eol + "import logging")


def _python(root: tree_sitter.Node, context: Span, text: Text) -> Fix | None:
    clause = node_at(root, context, ("except_clause",))
    if clause is None:
        return None
    body = next((c for c in clause.named_children if c.type == "block"), None)
    if body is None or not body.named_children:
        return None
    function = clause.parent
    while function is not None and function.type not in ("function_definition", "lambda"):
        function = function.parent
    if function is not None and function.type == "lambda":
        return None
    name_node = function.child_by_field_name("name") if function is not None else None
    name = node_bytes(name_node).decode() if name_node is not None else ""
    message = f"{name} failed" if name else "unexpected error"
    logger = _py_module_logger(root)
    edits: list[Edit] = []
    if logger is None:
        logger = "logging"
        if not _py_imports_logging(root):
            edits.append(_py_import_edit(root, text))
    first = body.named_children[0]
    statements = [f'{logger}.exception("{message}")', "raise"]
    clause_indent = text.indent_of(clause.start_byte)
    if text.starts_line(first) and first.start_point[0] != clause.start_point[0]:
        indent = text.indent_of(first.start_byte)
        comments = own_line_comments(text, body)
        lines = comments + statements
        edits.append(Edit(body.start_byte, body.end_byte, (text.eol + indent).join(lines)))
    else:  # `except Exception: pass` on one line
        unit = "\t" if clause_indent.startswith("\t") else "    "
        indent = clause_indent + unit
        colon = next((c for c in clause.children if c.type == ":"), None)
        if colon is None:
            return None
        edits.append(Edit(colon.end_byte, body.end_byte, "".join(text.eol + indent + line for line in statements)))
    return Fix(title="Log the exception and re-raise it", edits=edits, safe=False)


# --- JavaScript / TypeScript ----------------------------------------------------------------------


def _javascript(root: tree_sitter.Node, context: Span, text: Text) -> Fix | None:
    clause = node_at(root, context, ("catch_clause",))
    if clause is None:
        return None  # a promise `.catch(() => {})`: rethrowing there only moves the rejection
    body = clause.child_by_field_name("body")
    parameter = clause.child_by_field_name("parameter")
    if body is None:
        return None
    edits: list[Edit] = []
    if parameter is None:
        name = "err"
        catch_keyword = clause.children[0]
        edits.append(Edit(catch_keyword.end_byte, catch_keyword.end_byte, f" ({name})"))
    elif parameter.type == "identifier":
        name = node_bytes(parameter).decode()
    else:
        return None  # destructured: the error object itself has no name
    try_statement = clause.parent
    try_body = try_statement.child_by_field_name("body") if try_statement is not None else None
    first = try_body.named_children[0] if try_body is not None and try_body.named_children else None
    unit = indent_unit(text, try_statement, first, "  ")
    base = text.indent_of(body.start_byte)
    statements = [f"console.error({name});", f"throw {name};"]
    edits.append(
        Edit(body.start_byte, body.end_byte, braced_block(text, base, unit, own_line_comments(text, body), statements))
    )
    return Fix(title="Log the error and rethrow it", edits=edits, safe=False)


# --- Java -----------------------------------------------------------------------------------------


def _java(root: tree_sitter.Node, context: Span, text: Text) -> Fix | None:
    clause = node_at(root, context, ("catch_clause",))
    if clause is None:
        return None
    parameter = next((c for c in clause.named_children if c.type == "catch_formal_parameter"), None)
    body = clause.child_by_field_name("body")
    if parameter is None or body is None:
        return None
    name_node = parameter.child_by_field_name("name")
    caught = next((c for c in parameter.named_children if c.type == "catch_type"), None)
    if name_node is None or caught is None:
        return None
    name = node_bytes(name_node).decode()
    types = [node_bytes(t).decode().rsplit(".", 1)[-1] for t in caught.named_children]
    statements = []
    if "InterruptedException" in types:
        statements.append("Thread.currentThread().interrupt();")
    if types and all(t in _JAVA_UNCHECKED for t in types):
        statements.append(f"throw {name};")
    else:
        statements.append(f"throw new RuntimeException({name});")
    try_statement = clause.parent
    try_body = try_statement.child_by_field_name("body") if try_statement is not None else None
    first = try_body.named_children[0] if try_body is not None and try_body.named_children else None
    unit = indent_unit(text, try_statement, first, "    ")
    base = text.indent_of(body.start_byte)
    comments = own_line_comments(text, body)
    new_body = braced_block(text, base, unit, comments, statements)
    return Fix(title="Rethrow the exception", edits=[Edit(body.start_byte, body.end_byte, new_body)], safe=False)


# --- Go -------------------------------------------------------------------------------------------


def _go_zero_value(type_node: tree_sitter.Node) -> str | None:
    """The zero value of a result type, when the type alone makes it certain."""
    if type_node.type in _GO_NIL_TYPES:
        return "nil"
    if type_node.type == "type_identifier":
        name = node_bytes(type_node).decode()
        if name in _GO_NUMBERS:
            return "0"
        if name == "string":
            return '""'
        if name == "bool":
            return "false"
        if name in ("error", "any"):
            return "nil"
    return None


def _go_results(result: tree_sitter.Node) -> list[tree_sitter.Node] | None:
    """One type node per result value (a declaration `a, b int` counts twice)."""
    if result.type != "parameter_list":
        return [result]
    types: list[tree_sitter.Node] = []
    for declaration in result.named_children:
        if declaration.type != "parameter_declaration":
            return None  # variadic or something unexpected
        type_node = declaration.child_by_field_name("type")
        if type_node is None:
            return None
        count = max(1, len(declaration.children_by_field_name("name")))
        types.extend([type_node] * count)
    return types


def _go_function_name(function: tree_sitter.Node) -> str | None:
    current: tree_sitter.Node | None = function
    while current is not None and current.type not in ("function_declaration", "method_declaration"):
        current = current.parent
    if current is None:
        return None
    name = current.child_by_field_name("name")
    return node_bytes(name).decode() if name is not None else None


def _go_import_edits(root: tree_sitter.Node, text: Text) -> list[Edit] | None:
    """Edits that import "fmt", or [] when it already is."""
    declarations = [c for c in root.named_children if c.type == "import_declaration"]
    for declaration in declarations:
        for spec in (n for n in _walk(declaration) if n.type == "import_spec"):
            path = spec.child_by_field_name("path")
            if path is not None and node_bytes(path).strip(b'"`') == b"fmt":
                return [] if spec.child_by_field_name("name") is None else None  # aliased fmt: unsure
    if not declarations:
        package = next((c for c in root.named_children if c.type == "package_clause"), None)
        if package is None:
            return None
        return [Edit(package.end_byte, package.end_byte, text.eol + text.eol + 'import "fmt"')]
    first = declarations[0]
    spec_list = next((c for c in first.named_children if c.type == "import_spec_list"), None)
    if spec_list is None:
        single = next((c for c in first.named_children if c.type == "import_spec"), None)
        if single is None:
            return None
        lines = sorted([node_bytes(single).decode(), '"fmt"'], key=lambda s: s.split()[-1])
        body = "".join(text.eol + "\t" + s for s in lines)
        return [Edit(first.start_byte, first.end_byte, "import (" + body + text.eol + ")")]
    specs = [c for c in spec_list.named_children if c.type == "import_spec"]
    if not specs:
        return None
    # Insert in alphabetical order within the first group (the standard library's, by convention).
    target = specs[0]
    for index, spec in enumerate(specs):
        if index and spec.start_point[0] - specs[index - 1].end_point[0] > 1:
            break  # a blank line starts the next group
        target = spec
        path = spec.child_by_field_name("path")
        if path is not None and node_bytes(path).strip(b'"`') > b"fmt":
            indent = text.indent_of(spec.start_byte)
            return [Edit(spec.start_byte, spec.start_byte, '"fmt"' + text.eol + indent)]
    indent = text.indent_of(target.start_byte)
    return [Edit(target.end_byte, target.end_byte, text.eol + indent + '"fmt"')]


def _walk(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)


def _go(root: tree_sitter.Node, context: Span, text: Text) -> Fix | None:
    statement = node_at(root, context, ("if_statement",))
    if statement is None:
        return None
    condition = statement.child_by_field_name("condition")
    body = statement.child_by_field_name("consequence")
    if condition is None or body is None:
        return None
    error_name = next((node_bytes(c).decode() for c in condition.named_children if c.type == "identifier"), None)
    function = statement.parent
    while function is not None and function.type not in ("function_declaration", "method_declaration", "func_literal"):
        function = function.parent
    if error_name is None or function is None:
        return None
    result = function.child_by_field_name("result")
    name = _go_function_name(function)
    results = _go_results(result) if result is not None else None
    if not results or name is None or results[-1].text != b"error":
        return None
    zeros: list[str] = []
    for type_node in results[:-1]:
        zero = _go_zero_value(type_node)
        if zero is None:
            return None
        zeros.append(zero)
    import_edits = _go_import_edits(root, text)
    if import_edits is None:
        return None
    values = [*zeros, f'fmt.Errorf("{name}: %w", {error_name})']
    base = text.indent_of(statement.start_byte)
    new_body = braced_block(text, base, "\t", own_line_comments(text, body), ["return " + ", ".join(values)])
    return Fix(
        title="Return the error, wrapped with the function's name",
        edits=[*import_edits, Edit(body.start_byte, body.end_byte, new_body)],
        safe=False,
    )
