"""Error-handling checks for Python: swallowed exceptions (BL201), `contextlib.suppress(Exception)`
(BL202) and HTTP calls without a timeout (BL207)."""

from __future__ import annotations

import re

import tree_sitter

from ...nodes import node_bytes
from ..base import FileContext, MatchContext, check
from . import forwarded
from .cleanup import is_teardown, only_removes_a_file
from .comments_above import explained_above
from .common import (
    Idioms,
    _falls_back,
    _real_fallback,
    answered_after,
    checked_later,
    computed_fallback,
    descendants,
    enclosing,
    explained,
    failure_verdict,
    fallback_values,
    file_matches,
    follows_other_handlers,
    function_name,
    helper,
    in_loop_body,
    is_probe,
    non_comment_children,
    reasons_given,
)

# --- Python: BL201 swallowed-exception ------------------------------------------------------------

# The query matches the broad handlers only (bare `except:`, Exception, BaseException): a narrow one is
# a decision (common's policy 1) and never reaches the check.
IDIOMS = Idioms(
    variables=frozenset({"identifier"}),
    functions=frozenset({"function_definition", "lambda"}),
    throws=frozenset({"raise_statement"}),
    assignments=frozenset({"assignment"}),
)

_PY_REPORTING_CALL = re.compile(
    r"(?i)log|exception|exc_info|capture|report|sentry|traceback|warn|print|notify|alert|exit|abort|retry|fail"
    r"|sleep|backoff"  # a retry loop waits and tries again; the last attempt's error surfaces after it
    r"|error"  # on_error(), handle_error(), messages.error(): someone is told
    r"|stderr"  # sys.stderr.write(...): where a logging handler reports its own failures
)
# Branches and loops in a handler are handling logic of their own, not a reflexive swallow.
_PY_COMPOUND = {
    "if_statement",
    "for_statement",
    "while_statement",
    "with_statement",
    "try_statement",
    "match_statement",
}


def _py_body_handles_error(body: tree_sitter.Node, exception_name: str | None) -> bool:
    """Anything in the body that re-raises, mentions the exception, or records/reports it."""
    if any(statement.type in _PY_COMPOUND for statement in body.named_children):
        return True
    for part in descendants(body):
        if part.type == "raise_statement":
            return True
        if part.type == "identifier" and exception_name and node_bytes(part).decode() == exception_name:
            return True
        if part.type == "call":
            function = part.child_by_field_name("function")
            if function is not None and _PY_REPORTING_CALL.search(node_bytes(function).decode()):
                return True
    return False


def _py_exception_name(clause: tree_sitter.Node) -> str | None:
    value = clause.child_by_field_name("value")
    if value is not None and value.type == "as_pattern":
        alias = value.child_by_field_name("alias")
        if alias is not None:
            return node_bytes(alias).decode().strip()
    return None


# Functions that answer a question: failing to find out is an answer (`is_valid`, `has_access`, `_safe_isinstance`).
_PY_PREDICATE = re.compile(
    r"^_*(?:is|has|can|should|may|needs|supports|exists|check|looks_like|contains|safe)(?:_|$)|_safe_|^_*safe", re.I
)


def _py_predicate_fallback(clause: tree_sitter.Node, body: tree_sitter.Node) -> bool:
    """`except Exception: return False` in a predicate."""
    statements = non_comment_children(body)
    if len(statements) != 1 or statements[0].type != "return_statement":
        return False
    value = statements[0].named_children[0] if statements[0].named_children else None
    if value is not None and value.type not in ("true", "false", "none"):
        return False
    function = enclosing(clause, ("function_definition",))
    name = function.child_by_field_name("name") if function is not None else None
    text = node_bytes(name).decode() if name is not None else ""
    return bool(text) and (_PY_PREDICATE.search(text) is not None or is_probe(text))


# What a handler hands back or records says the operation failed: `return StatusResponse("Failed to
# connect ...")`, `error_message = r.text`, `return PaymentPendingStatus()`. The caller learns of it.
_FAILURE_WORDS = re.compile(r"(?i)fail|error|invalid|unable|could ?not|cannot|can't|pending|unavailable|unknown")
_SERVER_ERROR_RESPONSE = re.compile(r"status(?:_code)?\s*=\s*5\d\d|HTTP_5\d\d|InternalServerError|\b5\d\d\s*\)\s*$")


def _py_try_body(clause: tree_sitter.Node) -> tree_sitter.Node | None:
    statement = clause.parent
    return (
        statement.child_by_field_name("body") if statement is not None and statement.type == "try_statement" else None
    )


def _reports_failure(body: tree_sitter.Node) -> bool:
    for statement in non_comment_children(body):
        if statement.type == "return_statement" and statement.named_children:
            value = statement.named_children[0]
            text = node_bytes(value).decode("utf-8", "replace")
            if _SERVER_ERROR_RESPONSE.search(text):
                return False  # a 500 tells the client, and no one on the server learns why
            if value.type in ("call", "string") and _FAILURE_WORDS.search(text):
                return True
            if value.type == "dictionary" and (_FAILURE_WORDS.search(text) or re.search(r":\s*False\b", text)):
                return True  # `return {"sent": False}`: the answer says it did not happen
        elif (
            statement.type == "expression_statement"
            and statement.named_children
            and statement.named_children[0].type == "assignment"
        ):
            assignment = statement.named_children[0]
            target = assignment.child_by_field_name("left")
            assigned = assignment.child_by_field_name("right")
            if target is not None and _FAILURE_WORDS.search(node_bytes(target).decode("utf-8", "replace")):
                return True
            if assigned is not None and assigned.type == "false":
                return True  # `valid = False`: a verdict the code goes on to check (fail closed)
    return False


# A value to go on with; `None` is the absence of one (`zone = None` then `zone.upper()`).
_PY_LITERALS = frozenset({"string", "integer", "float", "true", "false", "list", "dictionary", "tuple"})


def _default_set_before(try_statement: tree_sitter.Node) -> bool:
    """The attempt only assigns one name, and the statement right before the `try` gave that name a
    literal: the default the code goes on with when the attempt fails."""
    attempt = try_statement.child_by_field_name("body")
    inside = non_comment_children(attempt) if attempt is not None else []
    before = try_statement.prev_named_sibling
    while before is not None and before.type == "comment":
        before = before.prev_named_sibling
    return len(inside) == 1 and before is not None and _literal_default_for(inside[0], before)


def _default_given_in_handler(try_statement: tree_sitter.Node, statements: list[tree_sitter.Node]) -> bool:
    """`try: ingredients = scraped.ingredients()` / `except Exception: ingredients = []`: the attempt
    only assigns one name and the handler gives that name a literal, the value the code goes on with
    (as `_default_set_before`, written in the handler instead of above the `try`)."""
    attempt = try_statement.child_by_field_name("body")
    inside = non_comment_children(attempt) if attempt is not None else []
    return len(inside) == 1 and len(statements) == 1 and _literal_default_for(inside[0], statements[0])


def _literal_default_for(attempted: tree_sitter.Node, default: tree_sitter.Node) -> bool:
    """Both statements assign the same plain name, and `default` gives it a literal."""
    assignments = []
    for statement in (attempted, default):
        assignment = statement.named_children[0] if statement.type == "expression_statement" else None
        if assignment is None or assignment.type != "assignment":
            return False
        assignments.append(assignment)
    target, left = assignments[0].child_by_field_name("left"), assignments[1].child_by_field_name("left")
    right = assignments[1].child_by_field_name("right")
    return (
        target is not None
        and left is not None
        and target.type == "identifier"
        and target.text == left.text
        and right is not None
        and right.type in _PY_LITERALS
    )


def _lookup_or_default(attempt: tree_sitter.Node | None, statements: list[tree_sitter.Node]) -> bool:
    """`try: props = data["opengraph"][0]["properties"]` / `except Exception: return None`: the attempt
    only reads nested data (no call that could fail for another reason), and the handler hands back
    or sets the value for "not there"."""
    inside = non_comment_children(attempt) if attempt is not None else []
    if len(inside) != 1 or len(statements) > 1:
        return False
    statement = inside[0]
    value = statement.named_children[0] if statement.named_children else None
    if value is not None and value.type == "assignment":
        value = value.child_by_field_name("right")
    elif statement.type != "return_statement":
        return False
    if value is None or value.type != "subscript" or any(n.type == "call" for n in descendants(value)):
        return False
    return (
        not statements
        or statements[0].type == "return_statement"
        or (
            statements[0].type == "expression_statement"
            and bool(statements[0].named_children)
            and statements[0].named_children[0].type == "assignment"
        )
    )


@check("py_handler_swallows")
def py_handler_swallows(match: MatchContext) -> bool:
    """The handler body only passes, continues, evaluates `...`, or returns/assigns a default,
    never touching the exception."""
    body = match.node("_body")
    clause = match.context
    if body is None or clause is None:
        return False
    value = clause.child_by_field_name("value")
    if match.node("_type") is None and value is not None:
        return False  # the bare-except pattern also sees typed handlers; those need a broad type
    what = "bare `except:`" if value is None else f"`except {match.text(value)}`"
    match.message_args["what"] = what
    name = _py_exception_name(clause)
    if explained(clause, name, falls_back=_falls_back(body)) or _py_predicate_fallback(clause, body):
        return False
    try_statement = clause.parent
    if _reports_failure(body) or _real_fallback(body, _py_try_body(clause)):
        return False
    if failure_verdict(non_comment_children(body), IDIOMS, "False"):
        return False  # `return False` where the work done answers True: the caller is told
    statements = [
        s
        for s in non_comment_children(body)
        if s.type != "pass_statement" and not (s.type == "expression_statement" and s.text == b"...")
    ]
    if not statements and (reasons_given([clause]) or explained_above(clause.parent)):
        return False  # policy 3: a reason written in the empty handler
    if computed_fallback(fallback_values(statements, IDIOMS), IDIOMS, name):
        return False  # policy 2: it degrades to an alternative built from the data at hand
    # Policy 4, except for what also takes KeyboardInterrupt and SystemExit: a loop that drops those
    # cannot be stopped.
    catches_exit = value is None or "BaseException" in match.text(match.node("_type"))
    only_continues = all(s.type == "continue_statement" for s in statements) and not catches_exit
    per_item = try_statement is not None and in_loop_body(try_statement) and not follows_other_handlers(clause)
    if only_continues and per_item:
        return False
    if not statements and not catches_exit and only_removes_a_file(_py_try_body(clause)):
        return False  # `os.remove(tmp)`: a temporary file left behind is the whole cost
    if not statements and try_statement is not None and _default_set_before(try_statement):
        return False  # `lang = "en"` then `try: lang = detect(text)`: failing leaves the default written above
    if try_statement is not None and _default_given_in_handler(try_statement, statements):
        return False
    if _lookup_or_default(_py_try_body(clause), statements):
        return False
    if not statements and try_statement is not None:
        function = function_name(clause, IDIOMS)
        if is_probe(function) or is_teardown(function):
            return False
        attempt = try_statement.child_by_field_name("body")
        if (attempt is not None and checked_later(attempt, IDIOMS, after=try_statement)) or answered_after(
            try_statement, IDIOMS
        ):
            return False
    # What the handler does instead (return a default, roll back, continue) does not matter: the
    # error itself is gone unless something raises, logs, reports or uses it.
    return not _py_body_handles_error(body, name)


# --- Python: BL202 suppressed-broad-exception -----------------------------------------------------

_PY_IMPORTS_FROM = helper("python", "imports-from", "module", "name", "alias")


def _py_imported_names(file: FileContext) -> dict[str, str]:
    """Local name -> "module.name" for every `from module import name [as alias]`."""
    cached = file.cache.get("py_from_imports")
    if cached is None:
        cached = {}
        for captures in file_matches(file, _PY_IMPORTS_FROM):
            module = file.text(captures["module"][0])
            name = file.text(captures["name"][0])
            local = file.text(captures["alias"][0]) if "alias" in captures else name
            cached[local] = f"{module}.{name}"
        file.cache["py_from_imports"] = cached
    return cached


@check("py_suppress_is_contextlib")
def py_suppress_is_contextlib(match: MatchContext) -> bool:
    module = match.node("_module")
    if module is not None:
        ok = match.text(module) == "contextlib"
    else:
        ok = _py_imported_names(match.file).get("suppress") == "contextlib.suppress"
    match.message_args["what"] = match.text(match.node("_type"))
    return ok


# --- Python: BL207 http-no-timeout ----------------------------------------------------------------

_PY_SESSIONS = helper("python", "http-sessions", "target", "module", "factory")
_PY_REQUESTS_VERBS = {"get", "post", "put", "patch", "delete", "head", "options", "request"}
_PY_HTTPX_CALLS = _PY_REQUESTS_VERBS | {"stream", "Client", "AsyncClient", "send"}


def _py_http_clients(file: FileContext) -> dict[str, str]:
    """Receiver text -> "requests" | "httpx" for sessions/clients created in this file."""
    cached = file.cache.get("py_http_clients")
    if cached is None:
        cached = {}
        # A whole-file query; only a file that names either module can create one of their clients.
        mentions = b"requests" in file.data or b"httpx" in file.data
        for captures in file_matches(file, _PY_SESSIONS) if mentions else ():
            module = file.text(captures["module"][0])
            factory = file.text(captures["factory"][0])
            target = file.text(captures["target"][0])
            if module == "requests" and factory in ("Session", "session"):
                cached[target] = "requests"
            elif module == "httpx" and factory in ("Client", "AsyncClient"):
                cached[target] = "httpx"
        file.cache["py_http_clients"] = cached
    return cached


_PY_MODULE_ALIAS = re.compile(rb"^[ \t]*import[ \t]+(requests|httpx)[ \t]+as[ \t]+(\w+)", re.M)


def _py_module_aliases(file: FileContext) -> dict[str, str]:
    cached = file.cache.get("py_http_aliases")
    if cached is None:
        cached = {m.group(2).decode(): m.group(1).decode() for m in _PY_MODULE_ALIAS.finditer(file.data)}
        file.cache["py_http_aliases"] = cached
    return cached


def _py_splat_lacks_timeout(match: MatchContext, arguments: tree_sitter.Node) -> bool:
    """`requests.get(url, **opts)` where `opts` is a dict this function builds and never gives a
    timeout. A `**kwargs` passed through from the caller stays unknown."""
    splat = next((a for a in arguments.named_children if a.type == "dictionary_splat"), None)
    name = splat.named_children[0] if splat is not None and splat.named_children else None
    if name is None or name.type != "identifier":
        return False
    function = enclosing(arguments, ("function_definition",))
    if function is None:
        return False
    body = match.file.data[function.start_byte : arguments.start_byte]
    variable = re.escape(node_bytes(name))
    built_here = re.search(rb"(?m)^[ \t]*" + variable + rb"[ \t]*=[ \t]*(?:\{|dict\()", body)
    return built_here is not None and b"timeout" not in body[built_here.start() :]


def _py_keyword(arguments: tree_sitter.Node, name: str) -> tree_sitter.Node | bool | None:
    """The value of keyword `name`; True when a `**kwargs` might carry it; None when absent."""
    for argument in arguments.named_children:
        if argument.type == "keyword_argument":
            key = argument.child_by_field_name("name")
            if key is not None and node_bytes(key).decode() == name:
                return argument.child_by_field_name("value")
        elif argument.type == "dictionary_splat":
            return True
    return None


@check("py_http_call_lacks_timeout")
def py_http_call_lacks_timeout(match: MatchContext) -> bool:
    receiver = match.text(match.node("_receiver"))
    method = match.text(match.node("_method"))
    arguments = match.node("_args")
    library = receiver if receiver in ("requests", "httpx") else _py_http_clients(match.file).get(receiver)
    if library is None:
        library = _py_module_aliases(match.file).get(receiver)  # `import requests as http`
    if library is None or arguments is None:
        return False
    timeout = _py_keyword(arguments, "timeout")
    how = "without a timeout"
    if timeout is True:
        callers = forwarded.python_callers_without(match.file, arguments, "timeout")
        if callers:
            how = forwarded.describe(match.file, arguments, callers, 'kwargs.setdefault("timeout", 10)')
        elif not _py_splat_lacks_timeout(match, arguments):
            return False
        timeout = None
    # An explicit `timeout=None` is written on purpose (a payment whose outcome must be waited for,
    # an event stream, a caller that bounds the wait itself); httpx has a default timeout of its own.
    if library != "requests" or method not in _PY_REQUESTS_VERBS:
        return False
    match.message_args["what"] = f"{receiver}.{method}()"
    match.message_args["how"] = how
    return timeout is None
