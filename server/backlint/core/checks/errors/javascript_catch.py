"""Error-handling checks for JavaScript and TypeScript: empty catches and `.catch()` handlers that do
nothing (BL201)."""

from __future__ import annotations

import re

import tree_sitter

from ...nodes import node_bytes
from ..base import MatchContext, check
from .cleanup import is_teardown, only_removes_a_file
from .comments_above import explained_above
from .common import (
    Idioms,
    answered_after,
    checked_later,
    descendants,
    explained,
    function_name,
    in_loop_body,
    is_probe,
    non_comment_children,
    parse_or_default,
    reasons_given,
)

# --- JavaScript / TypeScript ----------------------------------------------------------------------


# Every `catch` takes every thrown value (JavaScript has no typed catch): common's policy 1 never applies.
IDIOMS = Idioms(
    variables=frozenset({"identifier", "this", "shorthand_property_identifier"}),
    functions=frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition",
                         "generator_function_declaration", "function"}),
    throws=frozenset({"throw_statement"}),
    assignments=frozenset({"assignment_expression"}),
)  # fmt: skip


def _deliberate_empty(body: tree_sitter.Node) -> bool:
    """Common's policies 3-6 for an empty `catch` block: a reason written in it, a loop it keeps going,
    a question it answers "no", a shutdown, or code after it that acts on the failure."""
    statement = body.parent.parent if body.parent is not None else None
    if reasons_given([body]) or explained_above(statement):
        return True
    if statement is None or statement.type != "try_statement":
        return False
    name = function_name(statement, IDIOMS)
    if in_loop_body(statement) or is_probe(name) or is_teardown(name):
        return True
    attempt = statement.child_by_field_name("body")
    if attempt is not None and parse_or_default(body, attempt, _JS_PARSE_CALL):
        return True  # `try { levels = JSON.parse(raw) } catch {}`: what was there before stays
    if attempt is not None and (_cleanup_step(statement, attempt) or only_removes_a_file(attempt)):
        return True
    return (attempt is not None and checked_later(attempt, IDIOMS, after=statement)) or answered_after(
        statement, IDIOMS
    )


def _called_method(call: tree_sitter.Node) -> str:
    """`handle.cleanup()` -> cleanup; `fs.promises.unlink(p)` -> unlink; `release()` -> release."""
    function = call.child_by_field_name("function")
    if function is not None and function.type == "member_expression":
        function = function.child_by_field_name("property")
    return node_bytes(function).decode("utf-8", "replace") if function is not None else ""


def _cleanup_step(statement: tree_sitter.Node, attempt: tree_sitter.Node) -> bool:
    """A `try` around one cleanup call: closing or releasing (whose failure is not worth a crash), or
    removing something on the way to the real work that follows (`try { await prisma.access.deleteMany(…) }
    catch {}` before the user row itself is deleted, unguarded)."""
    tried = non_comment_children(attempt)
    if len(tried) != 1:
        return False
    calls = [n for n in descendants(tried[0]) if n.type == "call_expression"]
    if len(calls) != 1:
        return False
    method = _called_method(calls[0])
    if is_teardown(method):
        return True
    following = statement.next_named_sibling
    while following is not None and following.type == "comment":
        following = following.next_named_sibling
    return _REMOVAL.match(method) is not None and following is not None


_REMOVAL = re.compile(r"^(?:delete|remove|unlink|rm|rmdir|rimraf)(?:[A-Z_]\w*)?$")


# Converting a value, or reading a file that may not be there: failing is the expected case, and the
# code goes on with what it had (the default above the `try`, or the return below it).
_JS_PARSE_CALL = re.compile(
    r"\b(?:JSON5?\.parse|parseInt|parseFloat|Number|BigInt|decodeURIComponent|decodeURI|atob|readFileSync"
    r"|yaml\.(?:load|parse)|Buffer\.from)\s*\(|\bnew\s+(?:URL|Date|RegExp|Intl\.\w+)\s*\("
)


@check("js_catch_swallows")
def js_catch_swallows(match: MatchContext) -> bool:
    """An empty catch block, or a `.catch()` handler with an empty body."""
    body = match.node("_body")
    if body is not None:
        match.message_args["what"] = "an empty `catch` block"
        clause = body.parent
        parameter = clause.child_by_field_name("parameter") if clause is not None else None
        if explained(body, node_bytes(parameter).decode() if parameter is not None else None):
            return False
        return not non_comment_children(body) and not _deliberate_empty(body)
    match.message_args["what"] = "a `.catch()` handler that does nothing"
    handler = match.node("_handler")
    if handler is None:
        return False
    inner = handler.child_by_field_name("body")
    if inner is None:
        return False
    if inner.type == "statement_block":
        if non_comment_children(inner) or explained(inner) or reasons_given([inner]):
            return False
        # `handle.cleanup().catch(() => {})`: a close or cleanup whose failure is not worth a crash
        chain = match.context.child_by_field_name("function") if match.context is not None else None
        target = chain.child_by_field_name("object") if chain is not None else None
        return not (target is not None and target.type == "call_expression" and is_teardown(_called_method(target)))
    # `.catch(() => null)` hands a fallback value on (`meta?.info` reads it): the rejection is answered.
    return False
