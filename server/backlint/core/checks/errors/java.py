"""Error-handling checks for Java: catch blocks that swallow the exception (BL201). The policy is
common's (`Idioms` and the functions after it); this module says how Java spells it."""

from __future__ import annotations

import re

import tree_sitter

from ...nodes import node_bytes
from ..base import MatchContext, check
from .cleanup import is_teardown
from .comments_above import explained_above
from .common import (
    Idioms,
    _falls_back,
    _real_fallback,
    answered_after,
    checked_later,
    client_catch_all,
    computed_fallback,
    descendants,
    explained,
    fallback_values,
    follows_other_handlers,
    function_name,
    in_loop_body,
    is_probe,
    non_comment_children,
    promises_handling,
    reasons_given,
)

# --- Java -----------------------------------------------------------------------------------------

# What takes every failure, bugs included, and what takes every failure of a whole subsystem (the
# database, files and sockets). Any other type is narrow: catching it is a decision.
_BROAD = frozenset({
    "Exception", "Throwable", "RuntimeException", "Error",
    "SQLException", "DataAccessException", "IOException", "UncheckedIOException",
})  # fmt: skip
# Not a failure but a request to stop: dropping it clears the thread's interrupt flag, whatever the loop.
_NOT_A_DECISION = frozenset({"InterruptedException"})
# Checked exceptions a signature forces on code where they cannot happen: a named charset the JVM
# must have, a clone of a Cloneable, reflection on a member made accessible (`setAccessible(true)`,
# the idiom every such helper starts with).
_JAVA_CANNOT_HAPPEN = {"UnsupportedEncodingException", "CloneNotSupportedException", "IllegalAccessException"}

IDIOMS = Idioms(
    variables=frozenset({"identifier", "this"}),
    functions=frozenset({"method_declaration", "constructor_declaration", "lambda_expression"}),
    assignments=frozenset({"assignment_expression"}),
)

# Closing a stream after the work is done, or writing the response to a client that may have gone:
# nothing on the server can recover either.
_JAVA_LAST_WRITE = re.compile(
    rb"\.close\(\)\s*;|getWriter\(\)|getOutputStream\(\)|ImageIO\.write\("
    rb"|^\w*[Rr]esponse\.set\w+\("  # the response's headers, set just before its body is written
)
# The response's stream taken into a local (`os = response.getOutputStream();`), then written and flushed.
_JAVA_STREAM_WRITE = re.compile(rb"^\w+\.(?:write|flush|print|println)\(")


def _java_closing(clause: tree_sitter.Node | None) -> bool:
    try_statement = clause.parent if clause is not None else None
    body = try_statement.child_by_field_name("body") if try_statement is not None else None
    statements = non_comment_children(body) if body is not None else []
    writes_response = body is not None and re.search(rb"getWriter\(\)|getOutputStream\(\)", node_bytes(body))
    return bool(statements) and all(
        _JAVA_LAST_WRITE.search(node_bytes(s)) or (writes_response and _JAVA_STREAM_WRITE.search(node_bytes(s)))
        for s in statements
    )


def _only_prints(statements: list[tree_sitter.Node], variable: str) -> bool:
    """`e.printStackTrace();`, then at most `return null;`: stdout nobody collects, and a default."""
    printed = False
    for statement in statements:
        if statement.type == "return_statement" and not any(
            n.type in ("method_invocation", "object_creation_expression", "lambda_expression")
            or node_bytes(n).decode() == variable
            for n in descendants(statement)
        ):
            continue
        call = statement.named_children[0] if statement.type == "expression_statement" else None
        target = call.child_by_field_name("object") if call is not None and call.type == "method_invocation" else None
        method = call.child_by_field_name("name") if call is not None and call.type == "method_invocation" else None
        if target is None or method is None or node_bytes(target).decode() != variable:
            return False
        if node_bytes(method) != b"printStackTrace":
            return False
        printed = True
    return printed


@check("java_catch_swallows")
def java_catch_swallows(match: MatchContext) -> bool:
    body, caught, name, clause = match.node("_body"), match.node("_type"), match.node("_name"), match.context
    if body is None or caught is None or name is None or clause is None:
        return False
    types = [match.text(t).rsplit(".", 1)[-1] for t in caught.named_children]
    match.message_args["what"] = f"`catch ({match.text(caught)} {match.text(name)})`"
    variable = match.text(name)
    try_statement = clause.parent
    attempt = try_statement.child_by_field_name("body") if try_statement is not None else None
    interrupt = all(t in _NOT_A_DECISION for t in types)
    narrow = not any(t in _BROAD or t in _NOT_A_DECISION or client_catch_all(t, attempt) for t in types)
    if explained(body, variable, falls_back=_falls_back(body) or narrow):
        return False
    if all(t in _JAVA_CANNOT_HAPPEN for t in types):
        return False
    if _real_fallback(body, attempt) or _java_closing(clause):
        return False
    statements = non_comment_children(body)
    if statements and not _only_prints(statements, variable):
        return False  # the handler does something of its own
    if not statements:
        # Policy 1: nothing at all after a narrow catch is a decision, unless a TODO says it is not yet.
        if narrow and not promises_handling([body]):
            return False
        if reasons_given([body]) or explained_above(clause.parent):
            return False  # policy 3: a reason written in the empty handler, or above its `try`
    elif computed_fallback(fallback_values(statements, IDIOMS), IDIOMS, variable):
        return False
    if interrupt or try_statement is None:
        return True  # the thread was asked to stop and the request is gone
    # Policy 4; printing under a broad catch, per item, still hides every item's bug.
    if (narrow or not statements) and in_loop_body(try_statement) and not follows_other_handlers(clause):
        return False
    name_of_function = function_name(clause, IDIOMS)
    if is_teardown(name_of_function) or is_probe(name_of_function):
        return False
    return not (attempt is not None and checked_later(attempt, IDIOMS, after=try_statement)) and not answered_after(
        try_statement, IDIOMS
    )
