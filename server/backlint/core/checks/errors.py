"""Checks for the error-handling family (BL2xx).

The queries find the shapes (broad handlers, statement-level calls, clients); these predicates
decide what the shape cannot say on its own: whether a handler body does anything with the error,
whether a Go call returns an error, whether a JS call returns a promise. Facts about the whole
file (its async functions, its error-returning Go functions, its loggers) are computed once per
file with small queries and kept in `FileContext.cache`.
"""

from __future__ import annotations

import re
from typing import Iterator

import tree_sitter

from .. import languages, project
from .base import FileContext, MatchContext, check

# --- shared helpers -------------------------------------------------------------------------------


def descendants(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """Every node under `node` (itself included), walked with an explicit stack."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def uses_identifier(node: tree_sitter.Node, name: str, types: tuple[str, ...] = ("identifier",)) -> bool:
    encoded = name.encode()
    return any(n.type in types and n.text == encoded for n in descendants(node))


def enclosing(node: tree_sitter.Node, types: tuple[str, ...]) -> tree_sitter.Node | None:
    current = node.parent
    while current is not None and current.type not in types:
        current = current.parent
    return current


def non_comment_children(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    return [child for child in node.named_children if not child.type.endswith("comment")]


_QUERIES: dict[tuple[str, str], tree_sitter.Query] = {}


_COMMENT_TYPES = frozenset({"comment", "line_comment", "block_comment"})
_FALLBACK_STATEMENTS = frozenset({"return_statement", "continue_statement", "break_statement", "local_variable_declaration",
                                  "assignment_statement"})
_ASSIGNMENTS = frozenset({"assignment", "assignment_expression", "augmented_assignment"})


def _falls_back(body: tree_sitter.Node | None) -> bool:
    """The handler does something instead: returns or assigns a default, continues, breaks."""
    if body is None:
        return False
    for statement in non_comment_children(body):
        if statement.type in _FALLBACK_STATEMENTS:
            return True
        if statement.type == "expression_statement" and any(c.type in _ASSIGNMENTS for c in statement.named_children):
            return True
    return False
# An exception variable named to say "on purpose": `catch (Exception ignored)`, `catch (_ignored)`.
_DELIBERATE_NAME = re.compile(r"^_*(?:ignored?|expected|unused|ok|_)$", re.I)


def explained(handler: tree_sitter.Node | None, variable: str | None = None, *, falls_back: bool = False) -> bool:
    """The handler is a deliberate choice and says so: an exception variable named `ignored`, a
    comment that says the error is ignored on purpose, or a comment beside a fallback (a default
    returned or assigned). "best effort" or "the gateway is flaky" above nothing at all is still a
    swallowed error: the reason explains the gap, it does not close it."""
    if variable and _DELIBERATE_NAME.match(variable):
        return True
    if handler is None:
        return False
    reasons = [node.text.decode("utf-8", "replace") for node in descendants(handler) if node.type in _COMMENT_TYPES]
    reasons = [r for r in reasons if _gives_a_reason(r)]
    return any(_DELIBERATE_WORDS.search(r) for r in reasons) or (falls_back and bool(reasons))


_DELIBERATE_WORDS = re.compile(
    r"(?i)\b(?:ignor\w*|intentional\w*|deliberate\w*|on purpose|expected|silent\w*|quiet\w*|no-?op|nothing to do"
    r"|can(?:'|no)?t happen|never happens|safe to|harmless|not an error|fall ?back|default)\b|忽略|静默"
)


# Not reasons: a promise to come back (TODO), a linter directive, or an ellipsis.
_NOT_A_REASON = re.compile(
    r"^(?:todo|fixme|xxx|hack|tbd)\b|^(?:noqa|nolint|nosec|nosonar|type:\s*ignore|pylint:|eslint-|ts-ignore|ts-expect-error"
    r"|backlint:)",  # a suppression is its own, visible decision: the finding stays, marked suppressed
    re.I
)


def _gives_a_reason(comment: str) -> bool:
    text = comment.strip().lstrip("#/*!").rstrip("*/").strip()
    return any(c.isalpha() for c in text) and not _NOT_A_REASON.search(text)


def file_matches(file: FileContext, source: str) -> list[dict[str, list[tree_sitter.Node]]]:
    """Run a helper query over the whole file (compiled once per grammar)."""
    key = (file.language, source)
    query = _QUERIES.get(key)
    if query is None:
        query = _QUERIES[key] = tree_sitter.Query(languages.grammar(file.language), source)
    return [captures for _index, captures in tree_sitter.QueryCursor(query).matches(file.tree.root_node)]


# --- Python: BL201 swallowed-exception ------------------------------------------------------------

_PY_REPORTING_CALL = re.compile(
    r"(?i)log|exception|exc_info|capture|report|sentry|traceback|warn|print|notify|alert|exit|abort|retry|fail"
    r"|sleep|backoff"  # a retry loop waits and tries again; the last attempt's error surfaces after it
    r"|error"  # on_error(), handle_error(), messages.error(): someone is told
    r"|stderr"  # sys.stderr.write(...): where a logging handler reports its own failures
)
# Branches and loops in a handler are handling logic of their own, not a reflexive swallow.
_PY_COMPOUND = {"if_statement", "for_statement", "while_statement", "with_statement", "try_statement", "match_statement"}


def _py_body_handles_error(body: tree_sitter.Node, exception_name: str | None) -> bool:
    """Anything in the body that re-raises, mentions the exception, or records/reports it."""
    if any(statement.type in _PY_COMPOUND for statement in body.named_children):
        return True
    for part in descendants(body):
        if part.type == "raise_statement":
            return True
        if part.type == "identifier" and exception_name and part.text.decode() == exception_name:
            return True
        if part.type == "call":
            function = part.child_by_field_name("function")
            if function is not None and _PY_REPORTING_CALL.search(function.text.decode()):
                return True
    return False


def _py_exception_name(clause: tree_sitter.Node) -> str | None:
    value = clause.child_by_field_name("value")
    if value is not None and value.type == "as_pattern":
        alias = value.child_by_field_name("alias")
        if alias is not None:
            return alias.text.decode().strip()
    return None


# Functions that answer a question: failing to find out is an answer (`is_valid`, `has_access`, `_safe_isinstance`).
_PY_PREDICATE = re.compile(r"^_*(?:is|has|can|should|may|needs|supports|exists|check|looks_like|contains|safe)(?:_|$)|_safe_|^_*safe", re.I)


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
    return name is not None and _PY_PREDICATE.search(name.text.decode()) is not None


# What a handler hands back or records says the operation failed: `return StatusResponse("Failed to
# connect ...")`, `error_message = r.text`, `return PaymentPendingStatus()`. The caller learns of it.
_FAILURE_WORDS = re.compile(r"(?i)fail|error|invalid|unable|could ?not|cannot|can't|pending|unavailable|unknown")
_SERVER_ERROR_RESPONSE = re.compile(r"status(?:_code)?\s*=\s*5\d\d|HTTP_5\d\d|InternalServerError|\b5\d\d\s*\)\s*$")


# Conversions whose failure means "not that kind of value": int(), float(), bytes.fromhex, json.loads,
# version.parse, Integer.parseInt, InetAddress.getByName ...
_PARSE_CALL = re.compile(
    r"\b(?:int|float|Decimal|fromhex|loads|parse|strptime|fromisoformat|UUID|ip_address|ip_network|b64decode"
    r"|urlparse|literal_eval|parseInt|parseLong|parseDouble|parseFloat|valueOf|getByName|getLocalHost|getHostName"
    r"|forName|decode)\s*\("
)


def _real_fallback(body: tree_sitter.Node, attempt: tree_sitter.Node | None) -> bool:
    """Parse or default: the `try` only converts a value (`return float(raw)`, `Integer.parseInt(s)`)
    and the handler only supplies the default (`return None`, `host = "127.0.0.1"`). Failing to convert
    is the expected case, handled on purpose; anything bigger in the `try` stays a finding."""
    tried = non_comment_children(attempt) if attempt is not None else []
    if not 1 <= len(tried) <= 2 or not any(_PARSE_CALL.search(t.text.decode("utf-8", "replace")) for t in tried):
        return False
    statements = [s for s in non_comment_children(body) if s.type != "pass_statement"]
    if not statements:
        return True  # the default was set before the `try`
    if len(statements) != 1:
        return False
    statement = statements[0]
    if statement.type == "return_statement":
        return True
    inner = statement.named_children[0] if statement.type == "expression_statement" and statement.named_children else None
    return inner is not None and inner.type in ("assignment", "assignment_expression")


def _py_try_body(clause: tree_sitter.Node) -> tree_sitter.Node | None:
    statement = clause.parent
    return statement.child_by_field_name("body") if statement is not None and statement.type == "try_statement" else None


def _reports_failure(body: tree_sitter.Node) -> bool:
    for statement in non_comment_children(body):
        if statement.type == "return_statement" and statement.named_children:
            value = statement.named_children[0]
            text = value.text.decode("utf-8", "replace")
            if _SERVER_ERROR_RESPONSE.search(text):
                return False  # a 500 tells the client, and no one on the server learns why
            if value.type in ("call", "string") and _FAILURE_WORDS.search(text):
                return True
        elif statement.type == "expression_statement" and statement.named_children and statement.named_children[0].type == "assignment":
            target = statement.named_children[0].child_by_field_name("left")
            if target is not None and _FAILURE_WORDS.search(target.text.decode("utf-8", "replace")):
                return True
    return False


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
    if _reports_failure(body) or _real_fallback(body, _py_try_body(clause)):
        return False
    # What the handler does instead (return a default, roll back, continue) does not matter: the
    # error itself is gone unless something raises, logs, reports or uses it.
    return not _py_body_handles_error(body, name)


# --- Python: BL202 suppressed-broad-exception -----------------------------------------------------

_PY_IMPORTS_FROM = """
(import_from_statement
  module_name: (dotted_name) @module
  name: [(dotted_name) @name (aliased_import name: (dotted_name) @name alias: (identifier) @alias)])
"""


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

_PY_SESSIONS = """
[
  (assignment left: (_) @target right: (call function: (attribute object: (identifier) @module attribute: (identifier) @factory)))
  (with_item value: (as_pattern (call function: (attribute object: (identifier) @module attribute: (identifier) @factory)) alias: (as_pattern_target (_) @target)))
]
"""
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
    variable = re.escape(name.text)
    built_here = re.search(rb"(?m)^[ \t]*" + variable + rb"[ \t]*=[ \t]*(?:\{|dict\()", body)
    return built_here is not None and b"timeout" not in body[built_here.start() :]


def _py_keyword(arguments: tree_sitter.Node, name: str) -> tree_sitter.Node | None | bool:
    """The value of keyword `name`; True when a `**kwargs` might carry it; None when absent."""
    for argument in arguments.named_children:
        if argument.type == "keyword_argument":
            key = argument.child_by_field_name("name")
            if key is not None and key.text.decode() == name:
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
    if timeout is True:
        if not _py_splat_lacks_timeout(match, arguments):
            return False
        timeout = None
    # An explicit `timeout=None` is written on purpose (a payment whose outcome must be waited for,
    # an event stream, a caller that bounds the wait itself); httpx has a default timeout of its own.
    if library != "requests" or method not in _PY_REQUESTS_VERBS:
        return False
    match.message_args["what"] = f"{receiver}.{method}()"
    match.message_args["how"] = "without a timeout"
    return timeout is None


# --- JavaScript / TypeScript ----------------------------------------------------------------------

@check("js_catch_swallows")
def js_catch_swallows(match: MatchContext) -> bool:
    """An empty catch block, or a `.catch()` handler with an empty body."""
    body = match.node("_body")
    if body is not None:
        match.message_args["what"] = "an empty `catch` block"
        clause = body.parent
        parameter = clause.child_by_field_name("parameter") if clause is not None else None
        if explained(body, parameter.text.decode() if parameter is not None else None):
            return False
        return not non_comment_children(body)
    match.message_args["what"] = "a `.catch()` handler that does nothing"
    handler = match.node("_handler")
    if handler is None:
        return False
    inner = handler.child_by_field_name("body")
    if inner is None:
        return False
    if inner.type == "statement_block":
        return not non_comment_children(inner) and not explained(inner)
    # `.catch(() => null)` hands a fallback value on (`meta?.info` reads it): the rejection is answered.
    return False


_JS_ASYNC_DECLARATIONS = """
[
  (function_declaration "async" name: (identifier) @name)
  (generator_function_declaration "async" name: (identifier) @name)
  (variable_declarator name: (identifier) @name value: [(arrow_function "async") (function_expression "async")])
  (method_definition "async" name: (property_identifier) @name)
  (pair key: (property_identifier) @name value: [(arrow_function "async") (function_expression "async")])
  (public_field_definition name: (property_identifier) @name value: [(arrow_function "async") (function_expression "async")])
]
"""
_JS_SYNC_DECLARATIONS = """
[
  (function_declaration name: (identifier) @name) @decl
  (variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression)] @decl)
  (method_definition name: (property_identifier) @name) @decl
]
"""


_JS_PROMISE_RETURNERS = """
[
  (function_declaration name: (identifier) @name body: (statement_block (return_statement (_) @value)))
  (variable_declarator name: (identifier) @name value: (arrow_function body: (statement_block (return_statement (_) @value))))
  (variable_declarator name: (identifier) @name value: (arrow_function body: (call_expression) @value))
]
"""
_JS_PROMISE_EXPRESSION = re.compile(
    r"^(fetch|axios)\s*\(|^axios\.\w+\s*\(|^new Promise\b|^Promise\.(all|allSettled|race|any|resolve|reject)\s*\("
    r"|\.then\s*\(|\.catch\s*\(|\.finally\s*\(",
    re.S,
)


def _js_promise_returners(file: FileContext) -> set[str]:
    """Non-async functions whose top-level `return` (or arrow body) hands back a promise they create:
    `function report(x) { return client.post(...) }` where the call is itself known to be a promise."""
    cached = file.cache.get("js_promise_returners")
    if cached is None:
        # Filled in place: a function returning another same-file function's promise is found when
        # that one was seen first, and the lookup below never recurses into an unfinished set.
        cached = file.cache["js_promise_returners"] = set()
        for captures in file_matches(file, _JS_PROMISE_RETURNERS):
            value = captures["value"][0]
            if _JS_PROMISE_EXPRESSION.search(file.text(value)) or (
                value.type == "call_expression" and _js_returns_promise_call(file, value)
            ):
                cached.add(file.text(captures["name"][0]))
    return cached


def _js_returns_promise_call(file: FileContext, call: tree_sitter.Node) -> bool:
    function, arguments = call.child_by_field_name("function"), call.child_by_field_name("arguments")
    if function is None or arguments is None:
        return False
    return _js_awaited_callee(file, call) or _js_promise_call(file, function, arguments) is not None


_JS_AWAITED_CALLS = """
(await_expression (call_expression function: [(identifier) (member_expression)] @callee arguments: (arguments) @args))
"""
# Receivers that by name are data-access or messaging objects (`this.users`, `orderRepository`,
# `redisClient`, `queue`); objects like a package.json editor mix sync setters with async saves.
_JS_DATA_RECEIVER = re.compile(
    r"(?i)(repo|repository|model|dao|store|db|database|client|cache|queue|collection|prisma|redis|bus|broker"
    r"|publisher|producer|[a-z]s)$"
)
# Methods that write or send: on an object whose other calls this file awaits, these return promises too.
_JS_ASYNC_VERBS = {
    "save", "update", "insert", "delete", "remove", "upsert", "increment", "decrement", "softDelete", "restore",
    "add", "set", "del", "publish", "send", "put", "write", "enqueue", "emitAsync", "destroy", "flush", "sync",
    "create", "createMany", "updateMany", "deleteMany", "bulkCreate", "execute", "query", "refresh", "invalidate",
}


def _js_awaited(file: FileContext) -> tuple[set[str], set[str]]:
    """(callee texts, receiver texts) that this file awaits somewhere."""
    cached = file.cache.get("js_awaited")
    if cached is None:
        callees, receivers = set(), set()
        for captures in file_matches(file, _JS_AWAITED_CALLS):
            if _js_has_callback(captures["args"][0]):
                continue  # `await timer.start("x", async () => ...)` awaits the callback, not the call
            callee = captures["callee"][0]
            callees.add(" ".join(file.text(callee).split()))
            if callee.type == "member_expression":
                receiver = callee.child_by_field_name("object")
                if receiver is not None and receiver.type in ("identifier", "member_expression"):
                    if _JS_DATA_RECEIVER.search(_js_last_name(receiver)):
                        receivers.add(" ".join(file.text(receiver).split()))
        cached = file.cache["js_awaited"] = (callees, receivers)
    return cached


def _js_awaited_callee(file: FileContext, call: tree_sitter.Node) -> bool:
    function = call.child_by_field_name("function")
    return function is not None and " ".join(file.text(function).split()) in _js_awaited(file)[0]


def _js_async_names(file: FileContext) -> set[str]:
    """Names of functions and methods declared async in this file, minus names also declared sync."""
    cached = file.cache.get("js_async_names")
    if cached is None:
        source = _JS_ASYNC_DECLARATIONS
        if file.language == "javascript":
            source = source.replace(
                "(public_field_definition name: (property_identifier) @name",
                "(field_definition property: (property_identifier) @name",
            )
        asynchronous = {file.text(c["name"][0]) for c in file_matches(file, source)}
        synchronous = set()
        for captures in file_matches(file, _JS_SYNC_DECLARATIONS):
            declaration = captures["decl"][0]
            if not any(child.type == "async" for child in declaration.children):
                synchronous.add(file.text(captures["name"][0]))
        cached = asynchronous - synchronous
        file.cache["js_async_names"] = cached
        file.cache["js_sync_names"] = synchronous - asynchronous
    return cached


_JS_ASYNC_BODIES = """
[
  (function_declaration "async" name: (identifier) @name body: (statement_block) @body)
  (variable_declarator name: (identifier) @name value: [(arrow_function "async" body: (statement_block) @body)
                                                        (function_expression "async" body: (statement_block) @body)])
  (method_definition "async" name: (property_identifier) @name body: (statement_block) @body)
]
"""


def _js_never_rejecting(file: FileContext) -> set[str]:
    """Async functions of this file whose whole body is one `try` with a `catch` that neither throws
    nor rethrows: calling them without `await` loses nothing (`safeBeat()`, fire-and-forget jobs)."""
    cached = file.cache.get("js_never_rejecting")
    if cached is None:
        safe: dict[str, bool] = {}
        for captures in file_matches(file, _JS_ASYNC_BODIES):
            name = file.text(captures["name"][0])
            statements = non_comment_children(captures["body"][0])
            handler = statements[0].child_by_field_name("handler") if len(statements) == 1 and statements[0].type == "try_statement" else None
            catches = handler is not None and not any(n.type == "throw_statement" for n in descendants(handler))
            safe[name] = safe.get(name, True) and catches
        cached = file.cache["js_never_rejecting"] = {name for name, ok in safe.items() if ok}
    return cached


def _js_sync_names(file: FileContext) -> set[str]:
    """Names of functions this file declares without `async` (and never with it)."""
    _js_async_names(file)
    return file.cache["js_sync_names"]


_JS_DB_RECEIVERS = re.compile(r"^(db|pool|client|conn|connection|knex|sequelize|pg|mysql|database|trx|tx)$", re.I)
_JS_PRISMA_OPS = {
    "create", "createMany", "update", "updateMany", "upsert", "delete", "deleteMany", "findMany",
    "findUnique", "findFirst", "findUniqueOrThrow", "findFirstOrThrow", "count", "aggregate", "groupBy",
    "$executeRaw", "$queryRaw", "$executeRawUnsafe", "$queryRawUnsafe", "$transaction", "$connect", "$disconnect",
}
# Objects whose methods share names with async methods a file may declare (`get`, `send`, `emit`).
_JS_NOT_PROMISE_RECEIVERS = {
    "app", "router", "res", "req", "response", "request", "console", "logger", "log", "server", "emitter",
    "events", "io", "socket", "process", "Object", "Array", "JSON", "Math", "Promise", "express", "map",
    "set", "headers", "url", "searchParams", "params", "query", "body", "next", "ctx", "reply",
}
# MongoDB driver / Mongoose / TypeORM calls that only exist in promise form.
_JS_DOCUMENT_DB_OPS = {
    "insertOne", "insertMany", "updateOne", "updateMany", "deleteOne", "deleteMany", "replaceOne", "bulkWrite",
    "findOneAndUpdate", "findOneAndDelete", "findOneAndReplace", "findByIdAndUpdate", "findByIdAndDelete",
    "countDocuments", "exec",
}
_JS_REDIS_RECEIVER = re.compile(r"(?i)^redis|redis$")
_JS_REDIS_COMMANDS = {
    "set", "get", "del", "expire", "incr", "decr", "hset", "hget", "hdel", "publish", "lpush", "rpush", "sadd",
    "srem", "zadd", "setex", "setEx", "hSet", "hGet", "lPush", "rPush", "sAdd", "zAdd", "incrBy", "hIncrBy",
}


def _js_has_callback(arguments: tree_sitter.Node) -> bool:
    return any(a.type in ("arrow_function", "function_expression", "function") for a in arguments.named_children)


_AXIOS_VERBS = {"get", "post", "put", "patch", "delete", "head", "options", "request"}


def _js_last_name(node: tree_sitter.Node) -> str:
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return prop.text.decode() if prop is not None else ""
    return node.text.decode() if node.type in ("identifier", "this") else ""


def _js_sends_sdk_command(arguments: tree_sitter.Node) -> bool:
    """`client.send(new PutObjectCommand({...}))`: AWS SDK v3 clients return a promise for every
    command (unless given a callback)."""
    args = [a for a in arguments.named_children if a.type != "comment"]
    if not args or args[0].type != "new_expression" or _js_has_callback(arguments):
        return False
    constructor = args[0].child_by_field_name("constructor")
    return constructor is not None and _js_last_name(constructor).endswith("Command")


# A last argument that receives the result: the callback form of an API (mysql's `query(sql, params,
# (err, rows) => ...)`, Mongoose's `save(cb)`, node-redis's `get(key, cb)`, eventproxy's `ep.done(...)`).
_JS_CALLBACK_NAME = re.compile(r"^(?:cb|callback|done|next|fn|handler|\w+Callback|\w+Cb|callback\w*)$")
_JS_CALLBACK_FACTORIES = {"done", "doneLater", "group", "fail", "bind"}


def _js_callback_style(arguments: tree_sitter.Node) -> bool:
    args = [a for a in arguments.named_children if a.type != "comment"]
    if not args:
        return False
    last = args[-1]
    if last.type in ("arrow_function", "function_expression", "function"):
        return True
    if last.type == "identifier":
        return _JS_CALLBACK_NAME.match(last.text.decode()) is not None
    if last.type == "call_expression":
        function = last.child_by_field_name("function")
        return function is not None and function.type == "member_expression" and _js_last_name(function) in _JS_CALLBACK_FACTORIES
    return False


def _js_promise_call(file: FileContext, callee: tree_sitter.Node, arguments: tree_sitter.Node) -> str | None:
    """What makes this call return a promise, or None when nothing says it does."""
    if callee.type == "identifier" and file.text(callee) in ("fetch", "axios"):
        return f"`{file.text(callee)}()`"
    if _js_callback_style(arguments) and not _js_declared_async(file, callee):
        return None  # the result goes to the callback; there is no promise to lose
    if callee.type == "identifier":
        name = file.text(callee)
        if name in ("fetch", "axios"):
            return f"`{name}()`"
        if name in _js_async_names(file):
            if name in _js_never_rejecting(file):
                return None  # its whole body is a try whose catch keeps the error in: nothing can reject
            return f"async `{name}()`"
        if name in _js_promise_returners(file):
            return f"`{name}()`, which returns a promise,"
        if name in _js_awaited(file)[0]:
            return f"`{name}()` (awaited elsewhere in this file)"
        return None
    if callee.type != "member_expression":
        return None
    receiver = callee.child_by_field_name("object")
    method = _js_last_name(callee)
    if receiver is None:
        return None
    receiver_name = _js_last_name(receiver)
    if file.text(receiver) in ("exports", "module.exports", "this") and method in _js_sync_names(file) \
            and method not in _js_promise_returners(file):
        return None  # `exports.sendMail(...)` calls this file's own, synchronous `sendMail`
    if receiver.type == "identifier" and receiver_name == "Promise" and method in ("all", "allSettled", "race", "any"):
        return f"`Promise.{method}()`"
    if receiver.type == "identifier" and receiver_name == "axios" and method in _AXIOS_VERBS:
        return f"`axios.{method}()`"
    if method in _AXIOS_VERBS and file.text(receiver) in _js_axios_instances(file):
        return f"`{file.text(callee)}()`"
    if method in ("query", "execute") and _JS_DB_RECEIVERS.match(receiver_name):
        if _js_has_callback(arguments):
            return None  # callback style: no promise
        return f"`{file.text(callee)}()`"
    if method in _JS_PRISMA_OPS and "prisma" in file.text(receiver).lower():
        return f"`{file.text(callee)}()`"
    if method == "exec" and any(a.type != "comment" for a in arguments.named_children):
        pass  # mongoose's `query.exec()` takes no argument; `db.exec(sql)` (better-sqlite3, sqlite) is synchronous
    elif method in _JS_DOCUMENT_DB_OPS or (method == "save" and receiver_name not in _JS_NOT_PROMISE_RECEIVERS):
        return f"`{file.text(callee)}()`"
    if _JS_REDIS_RECEIVER.search(receiver_name) and method in _JS_REDIS_COMMANDS and _js_awaits_receiver(file, receiver):
        return f"`{file.text(callee)}()`"
    if method == "sendMail" and not _js_has_callback(arguments):
        return f"`{file.text(callee)}()`"
    if method == "send" and _js_sends_sdk_command(arguments):
        return f"`{file.text(callee)}()` (an AWS SDK command)"
    if method in _js_async_names(file) and _js_receiver_has_async(file, receiver, method):
        if method in _js_never_rejecting(file):
            return None
        return f"async `{method}()`"
    if method in _JS_REPOSITORY_OPS and _js_typed_repository(file, receiver_name):
        return f"`{file.text(callee)}()` (a TypeORM repository method)"
    # The same call awaited elsewhere says it returns a promise; the receiver's other methods being
    # awaited says nothing about this one.
    callees, _receivers = _js_awaited(file)
    if " ".join(file.text(callee).split()) in callees:
        return f"`{file.text(callee)}()` (awaited elsewhere in this file)"
    return None


# TypeORM's Repository / EntityManager methods that touch the database (all return promises).
_JS_REPOSITORY_OPS = {
    "save", "insert", "update", "delete", "remove", "softDelete", "softRemove", "restore", "increment",
    "decrement", "upsert", "clear", "find", "findOne", "findOneBy", "findBy", "count", "query",
}


def _js_typed_repository(file: FileContext, name: str) -> bool:
    """The file declares `name: Repository<T>` (or another TypeORM repository type)."""
    if not name:
        return False
    declared = re.compile(
        rb"\b" + re.escape(name.encode()) + rb"\s*[?!]?\s*:\s*(?:Repository|MongoRepository|TreeRepository|EntityManager)\b"
    )
    return declared.search(file.data) is not None


def _js_awaits_receiver(file: FileContext, receiver: tree_sitter.Node) -> bool:
    """Some call on this receiver is awaited in the file: its client speaks promises (node-redis 4,
    ioredis), not node-redis 3's callbacks, where a command without a callback returns a boolean."""
    return re.search(rb"await\s+" + re.escape(receiver.text) + rb"\s*\.", file.data) is not None


def _js_declared_async(file: FileContext, callee: tree_sitter.Node) -> bool:
    """This file declares the called function or method async: it returns a promise whatever it is given."""
    name = file.text(callee) if callee.type == "identifier" else _js_last_name(callee)
    return name in _js_async_names(file)


_JS_RECEIVER_FACTS = """
[
  (class_declaration name: (_) @class body: (class_body (method_definition "async" name: (property_identifier) @method)))
  (variable_declarator name: (identifier) @object value: (new_expression constructor: (identifier) @class))
  (variable_declarator name: (identifier) @object value: (object (method_definition "async" name: (property_identifier) @method)))
  (variable_declarator name: (identifier) @object value: (object (pair key: (property_identifier) @method value: [(arrow_function "async") (function_expression "async")])))
]
"""


def _js_receiver_has_async(file: FileContext, receiver: tree_sitter.Node, method: str) -> bool:
    """`this.m()` / `super.m()`, or `x.m()` where `x` is this file's object literal or `new` of this
    file's class declaring `async m`. Other receivers (a Set's `add`, a Map's `delete`) are unknown."""
    if receiver.type in ("this", "super"):
        return True
    if receiver.type != "identifier":
        return False
    facts = file.cache.get("js_receivers")
    if facts is None:
        class_methods: dict[str, set[str]] = {}
        object_methods: dict[str, set[str]] = {}
        instances: dict[str, str] = {}
        for captures in file_matches(file, _JS_RECEIVER_FACTS):
            if "object" in captures and "class" in captures:
                instances[file.text(captures["object"][0])] = file.text(captures["class"][0])
            elif "class" in captures:
                class_methods.setdefault(file.text(captures["class"][0]), set()).add(file.text(captures["method"][0]))
            else:
                object_methods.setdefault(file.text(captures["object"][0]), set()).add(file.text(captures["method"][0]))
        for name, class_name in instances.items():
            object_methods.setdefault(name, set()).update(class_methods.get(class_name, set()))
        facts = file.cache["js_receivers"] = object_methods
    return method in facts.get(receiver.text.decode(), set())


def _js_top_level(node: tree_sitter.Node) -> bool:
    current = node
    while current.parent is not None and current.type not in ("expression_statement",):
        current = current.parent
    return current.parent is not None and current.parent.type == "program"


@check("js_call_returns_promise")
def js_call_returns_promise(match: MatchContext) -> bool:
    callback = match.node("_callback")
    if callback is not None:
        match.message_args["what"] = f"an async callback passed to `{match.text(match.node('_each'))}`"
        return True
    callee, arguments = match.node("_callee"), match.node("_args")
    if callee is None or arguments is None:
        return False
    statement = match.node("finding")
    if callee.type == "identifier" and statement is not None and _js_top_level(statement):
        return False  # `bootstrap();` at the top of the entry module: a rejection ends the process loudly
    reason = _js_promise_call(match.file, callee, arguments)
    if reason is None:
        return False
    match.message_args["what"] = f"the promise from {reason}"
    return True


def _js_chain_methods(call: tree_sitter.Node) -> list[tuple[str, tree_sitter.Node]]:
    """(method, arguments) from the outermost call of a chain inwards."""
    out = []
    current = call
    while current is not None and current.type == "call_expression":
        function = current.child_by_field_name("function")
        if function is None or function.type != "member_expression":
            break
        out.append((_js_last_name(function), current.child_by_field_name("arguments")))
        current = function.child_by_field_name("object")
        while current is not None and current.type in ("parenthesized_expression", "await_expression"):
            current = current.named_children[0] if current.named_children else None
    return out


@check("js_chain_lacks_catch")
def js_chain_lacks_catch(match: MatchContext) -> bool:
    call = match.node("finding")
    if call is None or call.text.startswith(b"await"):
        return False  # `await a.b<T>().then(...)`: tree-sitter-typescript puts the await inside the chain
    chain = _js_chain_methods(call)
    names = [name for name, _ in chain]
    if "then" not in names or "catch" in names:
        return False
    for name, arguments in chain:
        if name == "then" and arguments is not None and len(arguments.named_children) >= 2:
            return False  # then(onFulfilled, onRejected)
    return True


def _js_object_keys(node: tree_sitter.Node) -> set[str] | None:
    """Keys of an object literal; None when a spread could bring in any key."""
    keys = set()
    for child in node.named_children:
        if child.type == "spread_element":
            return None
        if child.type == "pair":
            key = child.child_by_field_name("key")
            if key is not None:
                keys.add(key.text.decode().strip("'\""))
        elif child.type in ("shorthand_property_identifier", "method_definition"):
            keys.add(child.text.decode() if child.type != "method_definition" else "")
    return keys


# Set anywhere in the project (a server's constructor), axios's default timeout covers every call.
_AXIOS_DEFAULT_TIMEOUT = re.compile(rb"axios\.defaults\.timeout\s*=\s*[1-9]")
_JS_AXIOS_DEFAULTS = """
(assignment_expression
  left: (member_expression
    object: (member_expression object: (identifier) @axios property: (property_identifier) @defaults)
    property: (property_identifier) @timeout)
  (#eq? @axios "axios") (#eq? @defaults "defaults") (#eq? @timeout "timeout"))
"""


_JS_AXIOS_INSTANCES = """
[
  (variable_declarator
    name: (identifier) @name
    value: (call_expression
      function: (member_expression object: (identifier) @axios property: (property_identifier) @create)
      arguments: (arguments) @args))
  (assignment_expression
    left: (member_expression) @name
    right: (call_expression
      function: (member_expression object: (identifier) @axios property: (property_identifier) @create)
      arguments: (arguments) @args))
]
"""


def _js_axios_instances(file: FileContext) -> dict[str, bool]:
    """Instance name -> True when `axios.create(...)` gave it no timeout."""
    cached = file.cache.get("js_axios_instances")
    if cached is None:
        cached = {}
        for captures in file_matches(file, _JS_AXIOS_INSTANCES):
            if file.text(captures["axios"][0]) != "axios" or file.text(captures["create"][0]) != "create":
                continue
            args = [a for a in captures["args"][0].named_children if a.type != "comment"]
            if not args:
                lacks = True
            elif args[0].type == "object":
                keys = _js_object_keys(args[0])
                lacks = keys is not None and not (keys & {"timeout", "signal"})
            else:
                lacks = False  # config built elsewhere
            cached[file.text(captures["name"][0])] = lacks
        file.cache["js_axios_instances"] = cached
    return cached


_NODE_FETCH_IMPORT = re.compile(rb"""(?:require\(\s*|from\s+|import\s+)['"](?:node-fetch|cross-fetch|isomorphic-fetch|undici-fetch)['"]""")
_NODE_SETS_TIMEOUT = re.compile(rb"\.setTimeout\(|\.on\(\s*['\"]timeout['\"]")


@check("js_http_call_lacks_timeout")
def js_http_call_lacks_timeout(match: MatchContext) -> bool:
    callee = match.text(match.node("_callee"))
    arguments = match.node("_args")
    if arguments is None:
        return False
    args = [a for a in arguments.named_children if a.type != "comment"]
    module = match.node("_module")
    instance = match.node("_instance")
    if instance is not None:
        if not _js_axios_instances(match.file).get(match.text(instance), False):
            return False
        module = instance
    if callee == "fetch" and module is None:
        if not _NODE_FETCH_IMPORT.search(match.file.data):
            # Node's own fetch (undici) gives up after 300 s without headers or body: slow, not
            # forever. node-fetch and other polyfills have no such limit.
            return False
        options = args[1] if len(args) > 1 else None
        wanted = {"signal", "timeout"}  # node-fetch 2 takes `timeout`
        what = "`fetch()`"
    elif module is not None and match.text(module) in ("http", "https"):
        # http.get(url[, options][, callback]) / https.request(options[, callback]): no timeout by default.
        if _NODE_SETS_TIMEOUT.search(match.file.data):
            return False
        options = next((a for a in args[:2] if a.type == "object"), None)
        if options is None and args and args[0].type == "identifier" and len(args) <= 2:
            return False  # options built elsewhere: cannot see inside
        wanted = {"timeout", "signal"}
        what = f"`{match.text(module)}.{callee}()`"
    elif (callee == "got" and module is None) or (module is not None and match.text(module) == "got"):
        # got(url, options), got.post(url, options), got(options)
        index = 0 if args and args[0].type == "object" else 1
        options = args[index] if len(args) > index else None
        wanted = {"timeout", "signal"}
        what = "`got()`" if module is None else f"`got.{callee}()`"
    else:
        if "js_axios_defaults" not in match.file.cache:
            match.file.cache["js_axios_defaults"] = bool(file_matches(match.file, _JS_AXIOS_DEFAULTS)) or project.mentions(
                match.file.path, _AXIOS_DEFAULT_TIMEOUT, (".js", ".cjs", ".mjs", ".ts")
            )
        if match.file.cache["js_axios_defaults"]:
            return False
        if module is None:  # axios(config) or axios(url, config)
            index = 0 if args and args[0].type == "object" else 1
        elif callee == "request":
            index = 0
        elif callee in ("post", "put", "patch"):
            index = 2
        else:
            index = 1
        options = args[index] if len(args) > index else None
        wanted = {"timeout", "signal", "cancelToken"}
        what = "`axios()`" if module is None else f"`{match.text(module)}.{callee}()`"
        if instance is not None:
            what += " (an `axios.create()` instance without a timeout)"
    if not args:
        return False
    match.message_args["what"] = what
    if options is None:
        return True
    if options.type != "object":
        return False  # options built elsewhere: cannot see inside
    keys = _js_object_keys(options)
    return keys is not None and not (keys & wanted)


# --- Go -------------------------------------------------------------------------------------------


@check("go_block_is_empty")
def go_block_is_empty(match: MatchContext) -> bool:
    body = match.node("_body")
    if body is None:
        return False
    match.message_args["what"] = f"`if {match.text(match.node('finding'))} {{}}`"
    if explained(body):
        return False
    return all(not non_comment_children(child) for child in non_comment_children(body))


# Package functions whose last result is an error.
_GO_ERROR_FUNCS = {
    "json.Unmarshal", "json.Marshal", "json.MarshalIndent", "json.Indent", "json.Compact",
    "xml.Unmarshal", "xml.Marshal", "xml.MarshalIndent", "yaml.Unmarshal", "yaml.Marshal",
    "proto.Marshal", "proto.Unmarshal", "toml.Unmarshal", "toml.Decode", "toml.DecodeFile",
    "io.ReadAll", "io.Copy", "io.CopyN", "io.CopyBuffer", "io.WriteString", "io.ReadFull", "io.ReadAtLeast",
    "ioutil.ReadAll", "ioutil.ReadFile", "ioutil.WriteFile", "ioutil.ReadDir", "ioutil.TempFile", "ioutil.TempDir",
    "os.ReadFile", "os.WriteFile", "os.Remove", "os.RemoveAll", "os.Mkdir", "os.MkdirAll", "os.Rename",
    "os.Setenv", "os.Unsetenv", "os.Chdir", "os.Chmod", "os.Chown", "os.Chtimes", "os.Open", "os.OpenFile",
    "os.Create", "os.Stat", "os.Lstat", "os.Getwd", "os.Hostname", "os.Symlink", "os.Link", "os.Truncate",
    "os.MkdirTemp", "os.CreateTemp", "os.ReadDir", "os.Executable", "os.UserHomeDir", "os.Readlink",
    "strconv.Atoi", "strconv.ParseInt", "strconv.ParseUint", "strconv.ParseFloat", "strconv.ParseBool",
    "strconv.Unquote", "time.Parse", "time.ParseDuration", "time.LoadLocation", "time.ParseInLocation",
    "url.Parse", "url.ParseQuery", "url.ParseRequestURI", "url.QueryUnescape", "url.PathUnescape",
    "http.NewRequest", "http.NewRequestWithContext", "http.Get", "http.Post", "http.Head", "http.PostForm",
    "http.ListenAndServe", "http.ListenAndServeTLS", "http.Serve", "http.ReadRequest", "http.ReadResponse",
    "sql.Open", "hex.DecodeString", "uuid.Parse", "uuid.NewRandom", "template.ParseFiles", "template.ParseGlob",
    "godotenv.Load", "godotenv.Overload", "filepath.Abs", "filepath.Rel", "filepath.Glob", "filepath.Walk",
    "filepath.WalkDir", "filepath.EvalSymlinks", "net.Dial", "net.DialTimeout", "net.Listen", "net.SplitHostPort",
    "net.LookupHost", "net.LookupIP", "net.ResolveTCPAddr", "regexp.Compile", "bcrypt.GenerateFromPassword",
    "bcrypt.CompareHashAndPassword", "jwt.Parse", "jwt.ParseWithClaims", "rand.Int", "x509.ParseCertificate",
    "x509.ParsePKCS1PrivateKey", "x509.ParsePKCS8PrivateKey", "x509.ParsePKIXPublicKey", "tls.LoadX509KeyPair",
    "gzip.NewReader", "zlib.NewReader", "binary.Write", "binary.Read", "syscall.Kill", "exec.LookPath",
    "mail.ParseAddress", "mime.ParseMediaType", "netip.ParseAddr", "strconv.QuotedPrefix", "pgx.Connect",
    "pgxpool.New", "pgxpool.Connect", "sqlx.Connect", "sqlx.Open", "gorm.Open", "redis.ParseURL",
    "mongo.Connect", "grpc.Dial", "grpc.NewClient", "envconfig.Process", "migrate.New",
    "fmt.Sscanf", "fmt.Sscan", "fmt.Sscanln", "fmt.Fscan", "fmt.Fscanf", "fmt.Fscanln",
    "base64.StdEncoding.DecodeString",
}
# Methods whose last result is an error, whatever the receiver (no type information).
_GO_ERROR_METHODS = {
    "Exec", "ExecContext", "Query", "QueryContext", "Prepare", "PrepareContext", "Begin", "BeginTx",
    "Commit", "Ping", "PingContext", "Scan", "RowsAffected", "LastInsertId", "Unmarshal", "Marshal",
    "Decode", "Encode", "ReadAll", "ReadFile", "WriteFile", "ReadFrom", "WriteTo", "Shutdown",
    "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS", "ParseForm", "ParseMultipartForm", "FormFile",
    "Execute", "ExecuteTemplate", "SetDeadline", "SetReadDeadline", "SetWriteDeadline", "Accept", "Read",
    "ReadString", "ReadBytes", "ReadLine", "Write", "WriteString", "WriteByte", "WriteRune", "Publish",
    "ShouldBind", "ShouldBindJSON", "ShouldBindQuery", "ShouldBindUri", "ShouldBindWith", "Bind",
    "BindJSON", "BindQuery", "Validate", "Struct", "DecodeString", "Output", "CombinedOutput", "Connect",
    "Dial", "DialContext", "Sync", "Seek", "Truncate", "Chmod", "Stat", "Readdir", "ReadDir", "Parse",
    "ParseFiles", "ParseGlob", "Remove", "Rename", "Mkdir", "MkdirAll", "Unlock", "SendMail", "Send",
    "Upgrade", "WriteJSON", "ReadJSON", "WriteMessage", "ReadMessage", "NextWriter", "Migrate", "AutoMigrate",
    "ExecuteWithContext", "UnmarshalJSON", "MarshalJSON", "Result", "Bytes", "Int", "Int64",
    "Close", "Rollback",
}
# Functions and methods whose second (or last) result is not an error: (value, bool), (value, int),
# a cancel func. A trailing `_` on these drops nothing that reports failure.
_GO_NOT_ERROR_NAMES = {
    "Load", "LoadOrStore", "LoadAndDelete", "Swap", "CompareAndSwap", "Lookup", "LookupEnv", "Cut",
    "CutPrefix", "CutSuffix", "Get", "GetOk", "GetQuery", "GetPostForm", "GetPostFormArray", "GetQueryArray",
    "Peek", "Pop", "TryLock", "Caller", "DecodeRune", "DecodeRuneInString", "DecodeLastRune",
    "DecodeLastRuneInString", "Split", "Modf", "Frexp", "Value", "Deadline", "WithTimeout", "WithCancel",
    "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause", "Find", "BinarySearch",
    "BinarySearchFunc", "Next", "Min", "Max", "Sincos", "Div", "Add", "Sub", "Mul", "Accuracy", "Callers",
    "FromContext", "Unwrap", "ReadLine",
}
# Calls whose error is conventionally ignored: printing, reading a prompt's answer (an error leaves the
# default), removing a file that may not exist.
_GO_ALLOWED_FUNCS = re.compile(r"^(?:fmt\.(Print|Println|Printf|Fprint|Fprintln|Fprintf|Scan|Scanln|Scanf)|os\.(Remove|RemoveAll))$")
# `defer x.Close()` / `defer tx.Rollback()` are never matched (defer statements are not calls used as
# statements); a bare `resp.Body.Close()` or `_ = f.Close()` is reported like any other dropped error.
_GO_ALLOWED_METHODS = {"CloseWithError", "Unlock", "RUnlock", "Done", "Log", "Logf"}
# Receivers that by name are in-memory buffers or hashes, when no declaration in the file says so.
_GO_BUFFER_NAMES = {"buf", "buffer", "sb", "builder", "b", "h", "hasher", "mac", "digest"}
_GO_WRITE_METHODS = {"Write", "WriteString", "WriteByte", "WriteRune"}
_GO_FALLIBLE_VERB = re.compile(
    r"^(Get|Find|Fetch|Load|Query|Create|Insert|Update|Delete|Save|Store|Read|Write|Parse|Open|Decode|Encode"
    r"|Marshal|Unmarshal|Send|Dial|Connect|List|Resolve|Exec|Do|Call|Post|Put|Upload|Download|Sign|Verify"
    r"|Generate|Hash|Encrypt|Decrypt|Validate|Register|Login|Authenticate|Process|Handle|Import|Export|Build"
    r"|Lookup|Retrieve|Acquire|Publish|Consume|Subscribe|Scan|Convert|Render|Compile)"
)
_GO_PACKAGES = {
    "json", "xml", "yaml", "proto", "toml", "io", "ioutil", "os", "strconv", "time", "url", "http", "sql",
    "hex", "base64", "uuid", "template", "godotenv", "filepath", "net", "regexp", "bcrypt", "jwt", "rand",
    "x509", "tls", "gzip", "zlib", "binary", "syscall", "exec", "mail", "mime", "netip", "pgx", "pgxpool",
    "sqlx", "gorm", "redis", "mongo", "grpc", "envconfig", "migrate", "signal", "fmt", "strings", "bytes",
    "errors", "log", "sort", "math", "context", "sync", "atomic", "utf8", "path", "bufio", "slog", "zap",
    "runtime", "reflect", "unicode", "crypto", "sha256", "md5", "hmac", "sha1", "sha512", "csv", "gob",
}

_GO_IMPORTS = """
(import_spec name: (_)? @alias path: (_) @path)
"""
_GO_VERSION_SUFFIX = re.compile(r"^v\d+$")


def _go_import_name(path: str) -> str:
    """The name an import path binds by default: its last element, skipping a /vN suffix and a
    `.vN` (gopkg.in) or `go-` decoration."""
    parts = [p for p in path.strip('"`').split("/") if p]
    if len(parts) > 1 and _GO_VERSION_SUFFIX.match(parts[-1]):
        parts.pop()
    name = parts[-1] if parts else ""
    name = re.sub(r"\.v\d+$", "", name)
    return re.sub(r"^go-", "", name).replace("-", "_")


_GO_DECLARATIONS = """
[
  (function_declaration name: (identifier) @name result: (_)? @result)
  (method_declaration
    receiver: (parameter_list (parameter_declaration name: (identifier)? @receiver))
    name: (field_identifier) @name result: (_)? @result)
]
"""
_GO_BINDINGS = """
[
  (short_var_declaration left: (expression_list (_) @last .) right: (expression_list . (call_expression function: (_) @callee) .))
  (assignment_statement left: (expression_list (_) @last .) right: (expression_list . (call_expression function: (_) @callee) .))
]
"""
_GO_BUFFERS = """
[
  (var_spec name: (identifier) @name type: (_) @type)
  (short_var_declaration left: (expression_list . (identifier) @name) right: (expression_list . (_) @value))
  (parameter_declaration name: (identifier) @name type: (_) @type)
  (field_declaration name: (field_identifier) @field type: (_) @type)
]
"""
_GO_BUFFER_TYPES = re.compile(r"(strings\.Builder|bytes\.Buffer|hash\.Hash(32|64)?|ResponseWriter)\b")
_GO_BUFFER_VALUES = re.compile(
    r"^&?(strings\.Builder|bytes\.Buffer)\{|^new\((strings\.Builder|bytes\.Buffer)\)|^bytes\.NewBuffer"
    r"|^(sha1|sha256|sha512|md5|fnv|crc32|crc64|adler32)\.New|^hmac\.New|^sha3\.New"
)


def _go_packages(file: FileContext) -> set[str]:
    """Names that are packages in this file: its imports (by alias or default name) and the usual ones."""
    packages = file.cache.get("go_packages")
    if packages is None:
        packages = set(_GO_PACKAGES)
        for captures in file_matches(file, _GO_IMPORTS):
            alias = file.text(captures["alias"][0]) if "alias" in captures else ""
            path = file.text(captures["path"][0])
            packages.add(alias if alias and alias not in ("_", ".") else _go_import_name(path))
        file.cache["go_packages"] = packages
    return packages


def _go_result_ends_in_error(result: tree_sitter.Node | None) -> bool:
    if result is None:
        return False
    if result.type == "parameter_list":
        declarations = [c for c in result.named_children if c.type == "parameter_declaration"]
        if not declarations:
            return False
        last_type = declarations[-1].child_by_field_name("type")
        return last_type is not None and last_type.text == b"error"
    return result.text == b"error"


def _go_file_facts(file: FileContext) -> dict:
    facts = file.cache.get("go_errors")
    if facts is not None:
        return facts
    declared: dict[str, bool] = {}
    receivers: dict[str, set[str]] = {}  # method name -> the receiver variables it is declared with
    for captures in file_matches(file, _GO_DECLARATIONS):
        name = file.text(captures["name"][0])
        if "receiver" in captures:
            receivers.setdefault(name, set()).add(file.text(captures["receiver"][0]))
        returns_error = _go_result_ends_in_error((captures.get("result") or [None])[0])
        # Two declarations under one name (methods of different types) agree only when both say error.
        declared[name] = declared.get(name, True) and returns_error
    # callee key -> receiver text -> what its last result was bound to ("error" / "bool")
    evidence: dict[str, dict[str, set[str]]] = {}
    for captures in file_matches(file, _GO_BINDINGS):
        last = file.text(captures["last"][0])
        callee = captures["callee"][0]
        key = _go_callee_key(file, callee)[1]
        seen = evidence.setdefault(key, {}).setdefault(_go_receiver_text(file, callee), set())
        if re.fullmatch(r"err|.*Err|.*Error", last):
            seen.add("error")
        elif re.fullmatch(r"ok|found|exists|present|has\w*|is\w*|loaded", last):
            seen.add("bool")
    writers: set[str] = set()
    fields: dict[str, bool] = {}  # struct field -> is an in-memory writer
    files: set[str] = set()  # struct fields declared *os.File
    for captures in file_matches(file, _GO_BUFFERS):
        if "field" in captures:
            buffer = _GO_BUFFER_TYPES.search(file.text(captures["type"][0])) is not None
            fields[file.text(captures["field"][0])] = buffer
            if file.text(captures["type"][0]).lstrip("*") == "os.File":
                files.add(file.text(captures["field"][0]))
            continue
        name = file.text(captures["name"][0])
        if "type" in captures and _GO_BUFFER_TYPES.search(file.text(captures["type"][0])):
            writers.add(name)
        elif "value" in captures and _GO_BUFFER_VALUES.search(file.text(captures["value"][0])):
            writers.add(name)
    facts = {"declared": declared, "receivers": receivers, "evidence": evidence, "writers": writers, "fields": fields,
             "files": files}
    file.cache["go_errors"] = facts
    return facts


def _go_callee_key(file: FileContext, callee: tree_sitter.Node) -> tuple[str, str]:
    """(kind, key): ("func", "json.Marshal") for package functions, ("func", "name") for local
    functions, ("method", "Name") for methods."""
    if callee.type == "identifier":
        return "func", file.text(callee)
    if callee.type == "selector_expression":
        operand = callee.child_by_field_name("operand")
        field = callee.child_by_field_name("field")
        name = file.text(field) if field is not None else ""
        if operand is not None and operand.type == "identifier" and file.text(operand) in _go_packages(file):
            return "func", f"{file.text(operand)}.{name}"
        return "method", name
    return "other", ""


def _go_writes_to_memory(file: FileContext, callee: tree_sitter.Node) -> bool:
    """The receiver of a Write is an in-memory writer (or the response), or its type is not visible."""
    operand = callee.child_by_field_name("operand")
    facts = _go_file_facts(file)
    if operand is None:
        return True
    if operand.type == "identifier":
        name = operand.text.decode()
        return name in facts["writers"] or name in _GO_BUFFER_NAMES
    if operand.type == "selector_expression":
        field = operand.child_by_field_name("field")
        # `h.audit.WriteString`: this file's struct says what `audit` is; an unknown field is left alone.
        return facts["fields"].get(field.text.decode() if field is not None else "", True)
    return True


def _go_receiver_text(file: FileContext, callee: tree_sitter.Node) -> str:
    """`h.DB` for `h.DB.Get`; "" for a plain function."""
    operand = callee.child_by_field_name("operand") if callee.type == "selector_expression" else None
    return file.text(operand) if operand is not None else ""


def _go_receiver_name(callee: tree_sitter.Node) -> str:
    operand = callee.child_by_field_name("operand") if callee.type == "selector_expression" else None
    return operand.text.decode() if operand is not None and operand.type == "identifier" else ""


def _go_returns_error(file: FileContext, callee: tree_sitter.Node, *, several_results: bool) -> bool | None:
    """True / False when known; None when nothing says."""
    facts = _go_file_facts(file)
    kind, key = _go_callee_key(file, callee)
    if kind == "other":
        return None
    if kind == "func" and "." not in key and key in facts["declared"]:
        return facts["declared"][key]
    if kind == "method" and key in facts["declared"]:
        return facts["declared"][key]
    if kind == "func" and key in _GO_ERROR_FUNCS:
        return True
    name = key.rsplit(".", 1)[-1]
    by_receiver = facts["evidence"].get(key, {})
    receiver = _go_receiver_text(file, callee)
    if receiver in by_receiver:
        seen = by_receiver[receiver]
    elif kind == "method" and name in _GO_NOT_ERROR_NAMES:
        # `err := h.DB.Get(...)` says nothing about `app.Get(...)` (a router): for names this
        # ambiguous only the same receiver's use counts.
        seen = set()
    else:
        seen = set().union(*by_receiver.values())
    if seen == {"error"}:
        return True
    if "bool" in seen:
        return False
    if name in _GO_NOT_ERROR_NAMES:
        return False
    if kind == "method" and key in _GO_ERROR_METHODS:
        return True
    if several_results:
        # `v, _ := f()`: the trailing result of a Go call is an error far more often than not.
        return None if not _GO_FALLIBLE_VERB.match(name) else True
    return None


# Dropped on purpose, and errcheck's default agrees: `_ = f()` and `v, _ := f()` are how Go says "I
# know". Only where a dropped error corrupts what follows is a discard still reported: a transaction
# or statement that may not have run, rows not read, request input not decoded.
_GO_MUST_CHECK = {
    "Exec", "ExecContext", "Query", "QueryContext", "Prepare", "PrepareContext", "Begin", "BeginTx", "Commit",
    "Scan", "ShouldBind", "ShouldBindJSON", "ShouldBindQuery", "ShouldBindUri", "ShouldBindWith", "Bind",
    "BindJSON", "BindQuery", "ListenAndServe", "ListenAndServeTLS",
}
_GO_DECODERS = {"Decode", "Unmarshal"}
_GO_REQUEST_INPUT = re.compile(r"\b(r|req|request|c\.Request|ctx\.Request)\.Body\b|\bbody\b|\bBody\(\)")
# Cleanup whose failure there is nothing to do about: a bare `resp.Body.Close()` or `tx.Rollback()`.
_GO_CLEANUP = {"Close", "Rollback"}


# `Scan` must be checked on database rows; a bufio.Scanner's `Scan` returns a bool.
_GO_ROWS = re.compile(r"(?i)(?:^|\.)rows?$|QueryRow(?:Context)?\(")
# Files opened for writing in this function's file: their Write errors lose data.
_GO_FILE_WRITER = re.compile(rb"(\w+)\s*(?:,\s*\w+\s*)?:?=\s*os\.(?:Create|OpenFile|CreateTemp)\(")


def _go_must_check(file: FileContext, callee: tree_sitter.Node, call: tree_sitter.Node) -> bool:
    name = file.text(callee).rsplit(".", 1)[-1]
    if name == "Scan":
        return _GO_ROWS.search(_go_receiver_text(file, callee)) is not None
    if name in _GO_MUST_CHECK:
        return True
    if name in _GO_WRITE_METHODS:
        operand = callee.child_by_field_name("operand")
        if operand is not None and operand.type == "selector_expression":
            field = operand.child_by_field_name("field")
            return field is not None and file.text(field) in _go_file_facts(file)["files"]
        receiver = _go_receiver_name(callee)
        return bool(receiver) and receiver.encode() in {m.group(1) for m in _GO_FILE_WRITER.finditer(file.data)}
    if name in _GO_DECODERS:
        # json.NewDecoder(r.Body).Decode(&req), json.Unmarshal(body, &req): the request's input.
        return _GO_REQUEST_INPUT.search(file.text(call)) is not None
    return False


_GORM_IMPORT = re.compile(rb'"(?:gorm\.io/gorm|github\.com/jinzhu/gorm)"')
# GORM's finishers: they run the statement and leave the outcome in the returned *DB's `.Error`.
_GORM_FINISHERS = {
    "Create", "CreateInBatches", "Save", "Delete", "Update", "Updates", "UpdateColumn", "UpdateColumns", "First",
    "Find", "Take", "Last", "Exec", "Scan", "Count", "Pluck", "FirstOrCreate", "FirstOrInit", "AutoMigrate",
}
_GORM_HANDLE = re.compile(r"(?:^|\.)(?:\w*DB\w*|db|tx|Db|\w*Db)\b|\.(?:Where|Model|Table|Debug|WithContext|Session|Unscoped|Preload|Joins|Select|Omit|Order|Limit|Offset|Raw)\(")


def _go_gorm_result_dropped(file: FileContext, callee: tree_sitter.Node) -> bool:
    """`db.Create(&user)` as a statement: GORM reports failure only in the returned *DB's `.Error`
    (and v2's AutoMigrate returns the error itself), so the statement drops it either way."""
    if callee.type != "selector_expression" or not _GORM_IMPORT.search(file.data):
        return False
    field = callee.child_by_field_name("field")
    operand = callee.child_by_field_name("operand")
    if field is None or operand is None or file.text(field) not in _GORM_FINISHERS:
        return False
    text = file.text(operand)
    if re.search(r"\.(?:QueryRow|QueryRowContext|Query|QueryContext)\(", text):
        return False  # database/sql's rows, not a GORM chain
    return _GORM_HANDLE.search(text) is not None


def _go_in_bool_function(node: tree_sitter.Node) -> bool:
    """The statement is in a function whose only result is a bool: an existence check."""
    function = enclosing(node, ("function_declaration", "method_declaration", "func_literal"))
    result = function.child_by_field_name("result") if function is not None else None
    return result is not None and result.text == b"bool"


def _go_known_method(file: FileContext, callee: tree_sitter.Node) -> bool:
    """This file declares the method, or binds the same receiver's call to an error elsewhere: the
    name alone (Send, Run, Publish) says nothing about a type declared in another file."""
    facts = _go_file_facts(file)
    kind, key = _go_callee_key(file, callee)
    if kind != "method":
        return True
    receiver = _go_receiver_text(file, callee)
    # `s.audit()` inside `func (s *Server) ...` is this file's method; `global.Cache.Set()` is not,
    # even when some other type here has a `Set`.
    if key in facts["declared"] and receiver in facts["receivers"].get(key, ()):
        return True
    return receiver in facts["evidence"].get(key, {})


@check("go_discards_error")
def go_discards_error(match: MatchContext) -> bool:
    file = match.file
    callee, call = match.node("_callee"), match.node("_call")
    statement = match.node("finding")
    if callee is None or call is None or statement is None:
        return False
    kind, key = _go_callee_key(file, callee)
    method = key if kind == "method" else ""
    if kind == "func" and _GO_ALLOWED_FUNCS.match(key):
        return False
    if method in _GO_ALLOWED_METHODS or method in _GO_CLEANUP:
        return False
    if method in _GO_WRITE_METHODS and _go_writes_to_memory(file, callee):
        return False  # buffers, builders, hashes and the HTTP response: nothing useful to do on failure
    if method == "Do" and _go_receiver_name(callee).lower().endswith("once"):
        return False
    if statement.type == "expression_statement" and _go_gorm_result_dropped(file, callee):
        match.message_args["what"] = f"`{file.text(callee)}()` returns a *gorm.DB whose `.Error` is never looked at"
        return True
    if statement.type != "expression_statement":
        if not _go_must_check(file, callee, call) or _go_returns_error(file, callee, several_results=True) is False:
            return False
        if method.startswith(("ShouldBind", "Bind")):
            return False  # `_ = c.ShouldBindJSON(&req)`, then validation of req: the discard is written on purpose
        match.message_args["what"] = f"the error from `{file.text(callee)}()` is assigned to `_`"
        return True
    if _go_returns_error(file, callee, several_results=False) is not True:
        return False
    if not (_go_known_method(file, callee) or _go_must_check(file, callee, call)):
        return False
    if method == "Scan" and _go_in_bool_function(statement):
        return False  # `QueryRow(...).Scan(&found); return found`: no row is the answer "no"
    match.message_args["what"] = f"the error from `{file.text(callee)}()` is never looked at"
    return True


def _go_assigns_err(statement: tree_sitter.Node) -> bool:
    if statement.type not in ("short_var_declaration", "assignment_statement"):
        return False
    left = statement.child_by_field_name("left")
    return left is not None and any(c.type == "identifier" and c.text == b"err" for c in left.named_children)


def _go_reads_err(statement: tree_sitter.Node) -> bool:
    """`err` mentioned anywhere except as a plain target of this statement's assignment."""
    if _go_assigns_err(statement):
        right = statement.child_by_field_name("right")
        return right is not None and uses_identifier(right, "err")
    return uses_identifier(statement, "err")


@check("go_err_overwrites_unchecked")
def go_err_overwrites_unchecked(match: MatchContext) -> bool:
    statement = match.node("finding")
    if statement is None or statement.parent is None or statement.parent.type not in ("statement_list", "block"):
        return False
    if _go_reads_err(statement):
        return False  # `err = fmt.Errorf("...: %w", err)` reads the previous value
    previous = statement.prev_named_sibling
    while previous is not None:
        if previous.type == "comment":
            previous = previous.prev_named_sibling
            continue
        if _go_assigns_err(previous) and not _go_reads_err(previous):
            match.relate(previous, "the earlier error, never checked")
            return True
        if uses_identifier(previous, "err"):
            return False
        if previous.type in ("return_statement", "labeled_statement", "goto_statement", "break_statement", "continue_statement"):
            return False
        previous = previous.prev_named_sibling
    return False


def _go_bound_name(value: tree_sitter.Node | None) -> str | None:
    """The variable a value is stored in: `c := v`, `var c = v`, `c = v`, `s.client = v`."""
    current = value
    while current is not None and current.type in ("unary_expression", "composite_literal", "expression_list"):
        parent = current.parent
        if parent is None:
            return None
        if parent.type in ("short_var_declaration", "assignment_statement"):
            left = parent.child_by_field_name("left")
            return left.named_children[0].text.decode() if left is not None and left.named_children else None
        if parent.type == "var_spec":
            name = parent.child_by_field_name("name")
            return name.text.decode() if name is not None else None
        current = parent
    return None


_GO_TIMEOUT_CONTEXT = re.compile(rb"WithTimeout|WithDeadline")


@check("go_client_lacks_timeout")
def go_client_lacks_timeout(match: MatchContext) -> bool:
    fields = match.node("_fields")
    file = match.file
    if "go_default_timeout" not in file.cache:
        file.cache["go_default_timeout"] = re.search(rb"http\.DefaultClient\.Timeout\s*=", file.data) is not None
    if fields is not None:
        match.message_args["what"] = "`http.Client{}` without `Timeout`"
        for element in fields.named_children:
            if element.type == "keyed_element":
                key = element.named_children[0] if element.named_children else None
                if key is not None and key.text.strip() == b"Timeout":
                    return False
        # `client := &http.Client{}` followed by `client.Timeout = ...`
        name = _go_bound_name(match.node("finding"))
        if name is None:
            return True
        scope = enclosing(fields, ("function_declaration", "method_declaration", "func_literal")) or file.tree.root_node
        assigned = re.compile(rb"\b" + re.escape(name.encode()) + rb"\.Timeout\s*=[^=]")
        return assigned.search(file.data[scope.start_byte : scope.end_byte]) is None
    if file.cache["go_default_timeout"]:
        return False
    function = match.text(match.node("_fn"))
    match.message_args["what"] = f"`http.{'DefaultClient.' if match.node('_client') else ''}{function}()` uses a client with no timeout"
    if function == "Do":
        scope = enclosing(match.node("finding"), ("function_declaration", "method_declaration", "func_literal"))
        if scope is not None and _GO_TIMEOUT_CONTEXT.search(file.data[scope.start_byte : scope.end_byte]):
            return False  # the request carries a deadline of its own
    return True


# --- Java -----------------------------------------------------------------------------------------

_JAVA_BROAD = {"Exception", "Throwable", "RuntimeException", "java.lang.Exception", "java.lang.Throwable"}


# Checked exceptions the JDK declares for cases a literal charset or a Cloneable class rules out.
_JAVA_CANNOT_HAPPEN = {"UnsupportedEncodingException", "CloneNotSupportedException"}


# Closing a stream after the work is done, or writing the response to a client that may have gone:
# nothing on the server can recover either.
_JAVA_LAST_WRITE = re.compile(rb"\.close\(\)\s*;$|getWriter\(\)\.(?:print|write)|getOutputStream\(\)\.write|ImageIO\.write\(")


def _java_closing(clause: tree_sitter.Node | None) -> bool:
    try_statement = clause.parent if clause is not None else None
    body = try_statement.child_by_field_name("body") if try_statement is not None else None
    statements = non_comment_children(body) if body is not None else []
    return bool(statements) and all(_JAVA_LAST_WRITE.search(s.text) for s in statements)


@check("java_catch_swallows")
def java_catch_swallows(match: MatchContext) -> bool:
    body, caught, name = match.node("_body"), match.node("_type"), match.node("_name")
    if body is None or caught is None or name is None:
        return False
    types = [match.text(t) for t in caught.named_children]
    match.message_args["what"] = f"`catch ({match.text(caught)} {match.text(name)})`"
    variable = match.text(name)
    if explained(body, variable, falls_back=_falls_back(body)):
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
        call = statement.named_children[0] if statement.type == "expression_statement" and statement.named_children else None
        if call is None or call.type != "method_invocation":
            return False
        target, method = call.child_by_field_name("object"), call.child_by_field_name("name")
        if target is None or method is None or match.text(target) != variable or match.text(method) != "printStackTrace":
            return False
        printed = True
    return printed
