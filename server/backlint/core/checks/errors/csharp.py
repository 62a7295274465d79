"""Error-handling checks for C#: catch clauses that swallow the exception (BL201)."""

from __future__ import annotations

import re

import tree_sitter

from ...nodes import node_bytes
from ..base import MatchContext, check
from .common import _falls_back, descendants, enclosing, explained, non_comment_children, parse_or_default

# `catch`, `catch (Exception)` and `catch (SystemException)` take every failure, bugs included.
_BROAD = frozenset({"Exception", "SystemException"})
# Cancellation the code asked for (a stopping token, a delay cut short) is how a background loop ends.
_CANCELLED = frozenset({"OperationCanceledException", "TaskCanceledException"})
_CANCELLATION = re.compile(r"(?i)cancel|\b_?token\b|\bct\b|Task\.Delay|WaitAsync|stopping")
# A filter that lets every failure in but some (`when (ex is not OperationCanceledException)`).
_NEGATION = re.compile(r"\bnot\b|!(?!=)")
# Release builds compile Debug calls away: a handler that only writes there does nothing.
_DEBUG_WRITE = re.compile(rb"^(?:System\.Diagnostics\.)?Debug\.(?:Write|WriteLine|WriteIf|WriteLineIf|Print|Fail)\s*\(")
# Releasing or stopping something after the work is done: nothing is left to recover when it fails.
_CLOSING = re.compile(
    rb"^(?:await\s+)?[\w.?\[\]()]+?\??\."
    rb"(?:Dispose|DisposeAsync|Close|CloseAsync|Kill|Abort|Release|Rollback|RollbackAsync|Shutdown|Stop|StopAsync"
    rb"|Cancel|CancelAsync|Join)\s*\([^()\n]*\)(?:\.ConfigureAwait\(false\))?\s*;$"
)
# Writing a log line (`_logger.LogWarning(...)`, `Console.WriteLine(...)`).
_LOG_WRITE = re.compile(
    rb"^(?:await\s+)?(?:[\w.]*\.)?(?:(?:m_|_)?[lL]og(?:ger|ging)?|Console|Trace|EventLog)\.\w+\s*\("
)
# Conversions whose failure means "not that kind of value": int.Parse, JsonSerializer.Deserialize ...
_PARSE_CALL = re.compile(
    r"\b(?:Parse|ParseExact|Deserialize|DeserializeAsync|DeserializeObject|FromBase64String|ChangeType|GetEncoding"
    r"|FindSystemTimeZoneById|GetCultureInfo|ToObject)\s*[<(]"
    r"|\bnew\s+(?:[\w.]+\.)?(?:Uri|Regex|MailAddress|MailboxAddress|CultureInfo|Version)\s*\("
)


def _short(type_text: str) -> str:
    return type_text.rsplit(".", 1)[-1].strip()


def _filter_hands_over(condition: tree_sitter.Node | None, variable: str | None) -> bool:
    """`catch (Exception ex) when (Log(ex))`: the filter passes the exception to a call (the logging
    idiom that lets it propagate), so the empty body is not where it goes."""
    if condition is None or not variable:
        return False
    encoded = variable.encode()
    return any(
        node.type == "invocation_expression"
        and any(n.type == "identifier" and n.text == encoded for n in descendants(node))
        for node in descendants(condition)
    )


def _parse_or_default(body: tree_sitter.Node, attempt: tree_sitter.Node | None) -> bool:
    return parse_or_default(body, attempt, _PARSE_CALL)


def _closing(attempt: tree_sitter.Node | None) -> bool:
    """The `try` only releases or stops something, or only writes a log line: when the logger itself
    fails there is nowhere left to report it."""
    statements = non_comment_children(attempt) if attempt is not None else []
    return bool(statements) and all(
        _CLOSING.match(text) or _LOG_WRITE.match(text) for text in (node_bytes(s).strip() for s in statements)
    )


def _describe(match: MatchContext, caught: tree_sitter.Node | None, name: tree_sitter.Node | None) -> str:
    if caught is None:
        return "`catch`"
    if name is None:
        return f"`catch ({match.text(caught)})`"
    return f"`catch ({match.text(caught)} {match.text(name)})`"


@check("csharp_catch_swallows")
def csharp_catch_swallows(match: MatchContext) -> bool:
    body, caught, name, condition = match.node("_body"), match.node("_type"), match.node("_name"), match.node("_filter")
    clause = match.context
    if body is None or clause is None:
        return False
    match.message_args["what"] = _describe(match, caught, name)
    variable = match.text(name) if name is not None else None
    short = _short(match.text(caught)) if caught is not None else ""
    if _filter_hands_over(condition, variable):
        return False
    narrow = caught is not None and short not in _BROAD
    # `catch (SqlException e) when (e.Number == 2627)`: the filter names the one failure expected.
    if condition is not None and (narrow or not _NEGATION.search(match.text(condition))):
        return False
    # A specific exception with a reason written beside it (in the clause, just above `catch` or after
    # it on the same line) is a decision; a broad catch needs the reason to say it ignores on purpose.
    falls_back = _falls_back(body) or narrow
    if explained(clause, variable, falls_back=falls_back) or any(
        explained(comment, None, falls_back=falls_back) for comment in _comments_beside(clause)
    ):
        return False
    try_statement = clause.parent
    attempt = try_statement.child_by_field_name("body") if try_statement is not None else None
    if short in _CANCELLED and _cancelled_on_purpose(match, try_statement, attempt, condition):
        return False
    if (
        _parse_or_default(body, attempt)
        or _closing(attempt)
        or _throws_after(try_statement)
        or _in_try_method(clause)
        or _cleanup(try_statement)
    ):
        return False
    statements = non_comment_children(body)
    if not statements:
        return True
    debug_only = False
    for statement in statements:
        if statement.type == "return_statement" and not any(
            n.type in ("invocation_expression", "object_creation_expression", "lambda_expression")
            or (variable is not None and n.type == "identifier" and n.text == variable.encode())
            for n in descendants(statement)
        ):
            continue  # `return null;` after writing to Debug: a default, the error is gone
        if statement.type == "expression_statement" and _DEBUG_WRITE.match(node_bytes(statement)):
            debug_only = True
            continue
        return False
    return debug_only


def _cancelled_on_purpose(
    match: MatchContext,
    try_statement: tree_sitter.Node | None,
    attempt: tree_sitter.Node | None,
    condition: tree_sitter.Node | None,
) -> bool:
    """The cancellation was asked for: the `try` waits on a token or a delay, the filter tests the
    token, or a statement before it in the block cancelled the work awaited (`_cts.Cancel(); await _loop;`)."""
    if any(part is not None and _CANCELLATION.search(match.text(part)) for part in (attempt, condition)):
        return True
    previous = try_statement.prev_named_sibling if try_statement is not None else None
    while previous is not None:
        if _CANCEL_CALL.search(node_bytes(previous)):
            return True
        previous = previous.prev_named_sibling
    return False


def _in_try_method(clause: tree_sitter.Node) -> bool:
    """Inside `TryParse(...)` / `TryGetValue(...)`: by .NET convention a Try method answers failure with
    false or null instead of an exception, so its handler turns the error into that answer."""
    function = enclosing(clause, _FUNCTIONS)
    name = function.child_by_field_name("name") if function is not None else None
    return name is not None and _TRY_METHOD.match(node_bytes(name)) is not None


def _cleanup(try_statement: tree_sitter.Node | None) -> bool:
    """Cleanup that must not throw: in a `finally` block an exception would replace the one on its way
    out, and .NET's Dispose and finalizers must not throw at all."""
    if try_statement is None:
        return False
    block = try_statement.parent
    if block is not None and block.parent is not None and block.parent.type == "finally_clause":
        return True
    function = enclosing(try_statement, (*_FUNCTIONS, "destructor_declaration"))
    if function is None:
        return False
    if function.type == "destructor_declaration":
        return True
    name = function.child_by_field_name("name")
    return name is not None and node_bytes(name) in (b"Dispose", b"DisposeAsync")


def _throws_after(try_statement: tree_sitter.Node | None) -> bool:
    """The statement after the `try` throws: the failure is reported, as another exception."""
    following = try_statement.next_named_sibling if try_statement is not None else None
    while following is not None and following.type == "comment":
        following = following.next_named_sibling
    return following is not None and following.type == "throw_statement"


def _comments_beside(clause: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The comments between the `try` block and this catch clause (across the catch clauses before
    it), and one after it on the same line (`catch { } // ignored: the next poll retries`)."""
    comments = []
    current = clause.prev_sibling
    # A comment above a run of catch clauses speaks for each of them.
    while current is not None and current.type in ("comment", "catch_clause"):
        if current.type == "comment" and not _ANNOTATION.match(node_bytes(current)):
            comments.append(current)
        current = current.prev_sibling
    # The last clause's trailing comment belongs to the block around the `try` statement.
    following = clause.next_sibling or (clause.parent.next_sibling if clause.parent is not None else None)
    if following is not None and following.type == "comment" and following.start_point.row == clause.end_point.row:
        comments.append(following)
    return comments


# Test annotations (`// ruleid: BL201`, semgrep's convention) say what a linter should find, not why.
_ANNOTATION = re.compile(rb"^//\s*(?:ruleid|ok|todoruleid|todook):")
_CANCEL_CALL = re.compile(rb"\.Cancel(?:Async)?\s*\(")
_TRY_METHOD = re.compile(rb"^Try[A-Z]")
_FUNCTIONS = ("method_declaration", "local_function_statement", "lambda_expression", "anonymous_method_expression",
              "accessor_declaration", "constructor_declaration")  # fmt: skip
