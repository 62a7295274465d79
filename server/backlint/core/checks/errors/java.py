"""Error-handling checks for Java: catch blocks that swallow the exception (BL201)."""

from __future__ import annotations

import re

import tree_sitter

from ...nodes import node_bytes
from ..base import MatchContext, check
from .common import _falls_back, _real_fallback, descendants, explained, non_comment_children

# --- Java -----------------------------------------------------------------------------------------

_JAVA_BROAD = {"Exception", "Throwable", "RuntimeException", "java.lang.Exception", "java.lang.Throwable"}


# Checked exceptions the JDK declares for cases a literal charset or a Cloneable class rules out.
_JAVA_CANNOT_HAPPEN = {"UnsupportedEncodingException", "CloneNotSupportedException"}


# Closing a stream after the work is done, or writing the response to a client that may have gone:
# nothing on the server can recover either.
_JAVA_LAST_WRITE = re.compile(
    rb"\.close\(\)\s*;|getWriter\(\)\.(?:print|write)|getOutputStream\(\)\.write|ImageIO\.write\("
    rb"|^response\.set\w+\("  # the response's headers, set just before its body is written
)
_JAVA_BROAD_TYPES = frozenset({"Exception", "Throwable", "RuntimeException", "Error"})


def _java_closing(clause: tree_sitter.Node | None) -> bool:
    try_statement = clause.parent if clause is not None else None
    body = try_statement.child_by_field_name("body") if try_statement is not None else None
    statements = non_comment_children(body) if body is not None else []
    return bool(statements) and all(_JAVA_LAST_WRITE.search(node_bytes(s)) for s in statements)


@check("java_catch_swallows")
def java_catch_swallows(match: MatchContext) -> bool:
    body, caught, name = match.node("_body"), match.node("_type"), match.node("_name")
    if body is None or caught is None or name is None:
        return False
    types = [match.text(t) for t in caught.named_children]
    match.message_args["what"] = f"`catch ({match.text(caught)} {match.text(name)})`"
    variable = match.text(name)
    # A specific exception caught with a reason written beside it is a decision ("the version could
    # not be parsed: keep the raw one"); a broad catch needs the reason to say it ignores on purpose.
    narrow = not any(t.rsplit(".", 1)[-1] in _JAVA_BROAD_TYPES for t in types)
    if explained(body, variable, falls_back=_falls_back(body) or narrow):
        return False
    if all(t.rsplit(".", 1)[-1] in _JAVA_CANNOT_HAPPEN for t in types):
        return False
    try_statement = match.context.parent if match.context is not None else None
    attempt = try_statement.child_by_field_name("body") if try_statement is not None else None
    if _real_fallback(body, attempt) or _java_closing(match.context):
        return False
    statements = non_comment_children(body)
    if not statements:
        return True
    # Printing the stack trace of any exception, broad or specific, is still swallowing it.
    printed = False
    for statement in statements:
        if statement.type == "return_statement" and not any(
            n.type in ("method_invocation", "object_creation_expression", "lambda_expression") or n.text == name.text
            for n in descendants(statement)
        ):
            continue  # `return null;` / `return false;` after printing: a default, the error is gone
        call = (
            statement.named_children[0]
            if statement.type == "expression_statement" and statement.named_children
            else None
        )
        if call is None or call.type != "method_invocation":
            return False
        target, method = call.child_by_field_name("object"), call.child_by_field_name("name")
        if (
            target is None
            or method is None
            or match.text(target) != variable
            or match.text(method) != "printStackTrace"
        ):
            return False
        printed = True
    return printed
