"""Error-handling checks for Kotlin: catch blocks and `runCatching` results that swallow the failure
(BL201), and HTTP clients that wait forever (BL207)."""

from __future__ import annotations

import re

import tree_sitter

from ...nodes import node_bytes
from ..base import MatchContext, check
from .cleanup import is_teardown
from .comments_above import explained_above
from .common import (
    _DELIBERATE_NAME,
    _DELIBERATE_WORDS,
    Idioms,
    _gives_a_reason,
    answered_after,
    checked_later,
    client_catch_all,
    descendants,
    follows_other_handlers,
    function_name,
    in_loop_body,
    is_probe,
    non_comment_children,
    promises_handling,
    reasons_given,
)
from .java_request_timeout import every_request_timed, request_lacks_timeout

_COMMENTS = ("line_comment", "block_comment")
# What takes every failure, bugs included, and what takes every failure of a whole subsystem (the
# database, files and sockets). Any other type is narrow: catching it is a decision.
_BROAD = frozenset({
    "Exception", "Throwable", "RuntimeException", "Error",
    "SQLException", "DataAccessException", "IOException", "UncheckedIOException",
})  # fmt: skip
# Not a failure but a request to stop: dropping it clears the thread's interrupt flag, whatever the loop.
_NOT_A_DECISION = frozenset({"InterruptedException"})
IDIOMS = Idioms(
    variables=frozenset({"identifier", "this_expression"}),
    functions=frozenset({"function_declaration", "lambda_literal", "anonymous_function", "getter", "setter",
                         "secondary_constructor"}),
    throws=frozenset({"throw_expression"}),
    returns=frozenset({"return_expression"}),
    assignments=frozenset({"assignment"}),
)  # fmt: skip
# Checked exceptions the JDK declares for cases a literal charset or a Cloneable class rules out.
_CANNOT_HAPPEN = frozenset({"UnsupportedEncodingException", "CloneNotSupportedException"})
# Conversions whose failure means "not that kind of value": `s.toInt()`, `UUID.fromString(s)`,
# `LocalDate.parse(s)`, `enumValueOf<Role>(s)`, `mapper.readValue<T>(json)`.
_CONVERSION = re.compile(
    r"\.(?:toInt|toLong|toDouble|toFloat|toShort|toByte|toBigDecimal|toBigInteger|toBoolean|toBooleanStrict)\(\)"
    r"|\b(?:UUID\.fromString|\w+\.parse|parse\w*|[A-Z]\w*\.(?:from[A-Z]\w*|of)|valueOf|enumValueOf|decodeFromString|readValue|readTree|fromJson"
    r"|Base64\.\w+\(\)\.decode|decode|URI|URL|Regex|Pattern\.compile|InetAddress\.getByName|ZoneId\.of|Duration\.parse"
    r"|Currency\.getInstance|Locale\.forLanguageTag|Class\.forName)\s*(?:<[^>]*>)?\("
)
# Closing after the work is done, or writing to a client that may have gone: nothing to recover.
_LAST_WRITE = re.compile(rb"\.close\(\)\s*;?$|\.(?:flush|closeQuietly)\(\)\s*;?$")


def _caught_type(clause: tree_sitter.Node, name: tree_sitter.Node, body: tree_sitter.Node) -> tree_sitter.Node | None:
    for child in clause.named_children:
        if name.end_byte <= child.start_byte and child.end_byte <= body.start_byte:
            return child
    return None


def _comments_near(statement: tree_sitter.Node) -> tuple[list[str], list[str]]:
    """(comments inside `statement` or at the end of its last line, comments on the lines right
    above it), each one that gives a reason."""
    beside = [node_bytes(n).decode("utf-8", "replace") for n in descendants(statement) if n.type in _COMMENTS]
    following = statement.next_sibling
    if following is not None and following.type in _COMMENTS and following.start_point[0] == statement.end_point[0]:
        beside.append(node_bytes(following).decode("utf-8", "replace"))
    above = []
    previous = statement.prev_sibling
    row = statement.start_point[0]
    while previous is not None and previous.type in _COMMENTS and previous.end_point[0] >= row - 1:
        above.append(node_bytes(previous).decode("utf-8", "replace"))
        row = previous.start_point[0]
        previous = previous.prev_sibling
    return [t for t in beside if _gives_a_reason(t)], [t for t in above if _gives_a_reason(t)]


def _deliberate(reasons: list[str]) -> bool:
    return any(_DELIBERATE_WORDS.search(r) for r in reasons)


@check("kotlin_swallows")
def kotlin_swallows(match: MatchContext) -> bool:
    if match.node("_lambda") is not None:
        return _run_catching_drops(match)
    return _catch_swallows(match)


# --- catch blocks ---------------------------------------------------------------------------------


def _catch_swallows(match: MatchContext) -> bool:
    clause, body, name = match.context, match.node("_body"), match.node("_name")
    if clause is None or body is None or name is None:
        return False
    caught = _caught_type(clause, name, body)
    type_text = match.text(caught) if caught is not None else "Throwable"
    simple = re.sub(r"\?$", "", type_text).rsplit(".", 1)[-1]
    variable = match.text(name)
    what = f"`catch ({variable}: {type_text})`"
    if _DELIBERATE_NAME.match(variable) or simple in _CANNOT_HAPPEN:
        return False
    try_expression = clause.parent
    attempt = next((c for c in try_expression.named_children if c.type == "block"), None) if try_expression else None
    interrupt = simple in _NOT_A_DECISION
    narrow = simple not in _BROAD and not interrupt and not client_catch_all(simple, attempt)
    statements = non_comment_children(body)
    reasons = [node_bytes(n).decode("utf-8", "replace") for n in descendants(body) if n.type in _COMMENTS]
    reasons = [r for r in reasons if _gives_a_reason(r)]
    # A specific exception caught with a reason written beside it is a decision ("the header is
    # optional"); a broad catch needs the reason to say it ignores on purpose.
    if _deliberate(reasons) or (reasons and narrow):
        return False
    tried = non_comment_children(attempt) if attempt is not None else []
    if tried and all(_LAST_WRITE.search(node_bytes(t).strip()) for t in tried):
        return False  # closing a stream after the work is done
    if not statements:
        if 1 <= len(tried) <= 2 and any(_CONVERSION.search(node_bytes(t).decode("utf-8", "replace")) for t in tried):
            return False  # parse or keep the default set before the `try`
        if narrow and not promises_handling([body]):
            return False  # policy 1: nothing after a narrow catch is a decision, unless a TODO says not yet
        if reasons_given([body]) or explained_above(try_expression):
            return False  # policy 3: a reason written in the empty handler, or above its `try`
        what = f"{what} is empty"
    else:
        # Printing the stack trace, and then at most yielding a default, is still swallowing it.
        for statement in statements:
            text = node_bytes(statement).decode("utf-8", "replace").strip()
            if text == f"{variable}.printStackTrace()" or re.fullmatch(_DEFAULT, text):
                continue
            return False
        printed = f"{variable}.printStackTrace()"
        if not any(node_bytes(s).decode("utf-8", "replace").strip() == printed for s in statements):
            return False
        what = f"{what} only prints the stack trace"
    match.message_args["what"] = what
    if interrupt:
        return True  # the thread was asked to stop and the request is gone
    function = function_name(clause, IDIOMS)
    if try_expression is None or is_probe(function) or is_teardown(function):
        return False
    # Policy 4; printing under a broad catch, per item, still hides every item's bug.
    if (narrow or not statements) and in_loop_body(try_expression) and not follows_other_handlers(clause):
        return False
    if attempt is not None and checked_later(attempt, IDIOMS, after=try_expression):
        return False
    return not answered_after(try_expression, IDIOMS)


_DEFAULT = r"(?:return\s*)?(?:null|false|true|-?\d+|\"\"|emptyList\(\)|emptyMap\(\)|Unit)?"


# --- runCatching ----------------------------------------------------------------------------------

# Result methods that look at the failure (or hand it on).
_OBSERVING = frozenset(
    {"onFailure", "getOrThrow", "exceptionOrNull", "isFailure", "isSuccess", "fold", "recover", "recoverCatching"}
)
# Result methods that turn the failure into a value and lose it.
_UNWRAPPING = frozenset({"getOrNull", "getOrDefault", "getOrElse"})
_SCOPE_FUNCTIONS = frozenset({"let", "also", "run", "apply", "takeIf", "takeUnless"})
_STATEMENT_PARENTS = frozenset({"block", "source_file", "class_body", "statements"})


def _chain(call: tree_sitter.Node) -> tuple[list[tuple[str, tree_sitter.Node]], tree_sitter.Node]:
    """The methods called on the Result, in order, with each call node; and the chain's top node."""
    methods: list[tuple[str, tree_sitter.Node]] = []
    current = call
    while True:
        parent = current.parent
        if parent is None or parent.type != "navigation_expression" or parent.named_children[:1] != [current]:
            break
        outer = parent.parent
        if outer is None or outer.type != "call_expression":
            break
        member = parent.named_children[-1]
        methods.append((node_bytes(member).decode("utf-8", "replace"), outer))
        current = outer
    return methods, current


# Calls that only build a default value: `getOrElse { emptyList() }` still drops the failure.
_DEFAULT_BUILDERS = frozenset(
    {"emptyList", "emptyMap", "emptySet", "emptySequence", "emptyArray", "listOf", "mapOf", "setOf", "arrayOf"}
)


def _handles_failure(call: tree_sitter.Node) -> bool:
    """`getOrElse { e -> log.warn(..., e); null }` looks at the failure and `getOrElse { badRequest(...) }`
    decides what it means; `getOrElse { null }` / `getOrElse { emptyList() }` only supplies a default."""
    lam = next((c for c in call.named_children if c.type == "annotated_lambda"), None)
    literal = next((c for c in lam.named_children if c.type == "lambda_literal"), None) if lam is not None else None
    if literal is None:
        return False
    names = {"it"}
    for child in literal.named_children:
        if child.type == "lambda_parameters":
            names = {node_bytes(c).decode() for c in descendants(child) if c.type == "identifier"} - {"_"}
    for statement in literal.named_children:
        if statement.type == "lambda_parameters":
            continue
        for node in descendants(statement):
            if node.type == "identifier" and node_bytes(node).decode() in names:
                return True
            if node.type in ("throw_expression", "return_expression"):
                return True
            if node.type == "call_expression" and node.named_children:
                callee = node.named_children[0]
                if callee.type != "identifier" or node_bytes(callee).decode() not in _DEFAULT_BUILDERS:
                    return True
    return False


def _statement_of(node: tree_sitter.Node) -> tree_sitter.Node:
    current = node
    while current.parent is not None and current.parent.type not in _STATEMENT_PARENTS | {"lambda_literal"}:
        current = current.parent
    return current


def _value_discarded(top: tree_sitter.Node) -> bool:
    """The chain is a statement of its own, not the value of a block or lambda."""
    parent = top.parent
    if parent is None:
        return False
    if parent.type in _STATEMENT_PARENTS:
        # The last statement of a function body is no value (a block body returns explicitly).
        return True
    if parent.type == "lambda_literal":
        statements = [c for c in parent.named_children if c.type not in _COMMENTS and c.type != "lambda_parameters"]
        return bool(statements) and statements[-1] != top
    return False


def _run_catching_drops(match: MatchContext) -> bool:
    call, lam = match.node("finding"), match.node("_lambda")
    if call is None or lam is None:
        return False
    methods, top = _chain(call)
    unwrap = None
    for method, node in methods:
        if method in _UNWRAPPING:
            unwrap = (method, node)
            break  # what follows sees a value, not the failure
        if method in _OBSERVING or method in _SCOPE_FUNCTIONS:
            return False  # looked at, or the Result handed to code that may look (`.let { r -> ... }`)
    if unwrap is not None and unwrap[0] == "getOrElse" and _handles_failure(unwrap[1]):
        return False
    beside, above = _comments_near(_statement_of(call))
    if _deliberate(beside + above):
        return False
    if unwrap is None:
        if not _value_discarded(top):
            return False  # the Result is kept, returned or handed on: someone else looks at it
        if beside:
            return False  # policy 3: the dropped Result is the empty handler, with a reason beside it
        match.message_args["what"] = "the Result of `runCatching { … }` is dropped, so nothing looks at its failure"
        return True
    body = [c for c in lam.named_children if c.type not in _COMMENTS and c.type != "lambda_parameters"]
    if len(body) == 1 and _CONVERSION.search(node_bytes(body[0]).decode("utf-8", "replace")):
        return False  # `runCatching { UUID.fromString(raw) }.getOrNull()`: not that kind of value
    if beside:
        return False  # a default with its reason written beside it (a comment above may describe the function)
    into = "null" if unwrap[0] == "getOrNull" else "a default"
    match.message_args["what"] = f"`runCatching {{ … }}.{unwrap[0]}` turns every failure into {into} and logs none"
    return True


# --- HTTP clients ---------------------------------------------------------------------------------

_URL_RECEIVER = re.compile(r"^(?:java\.net\.)?URL\(|\.toURL\(\)$")
_NOT_HTTP = re.compile(r"toURI\(\)|\bFile\(|getResource|[\"'](?:file|jar|classpath):", re.I)
_URL_NAME = re.compile(r"(?i)url$|^url|endpoint$|uri$")
_HTTP_CONNECTION = re.compile(rb"\bHttps?URLConnection\b")
_TIMEOUT_SET = re.compile(rb"\b(?:connectTimeout|readTimeout|setConnectTimeout|setReadTimeout)\b")
_REQUEST_FACTORY = re.compile(rb"requestFactory\s*=|setRequestFactory\(|\.requestFactory\(|RestTemplateBuilder")
_FUNCTIONS = ("function_declaration", "lambda_literal", "anonymous_function", "getter", "setter")


def _enclosing_function(node: tree_sitter.Node) -> tree_sitter.Node | None:
    current = node.parent
    outer = None
    while current is not None:
        if current.type in _FUNCTIONS:
            outer = current
            if current.type == "function_declaration":
                return current
        current = current.parent
    return outer


def _is_url(match: MatchContext, receiver: tree_sitter.Node) -> bool:
    text = match.text(receiver)
    if _NOT_HTTP.search(text):
        return False
    if _URL_RECEIVER.search(text):
        return True
    if receiver.type != "identifier":
        return False
    function = _enclosing_function(receiver)
    scope = match.file.data[function.start_byte : receiver.start_byte] if function is not None else b""
    name = re.escape(text.encode())
    declared = re.search(
        rb"\b(?:val|var)\s+"
        + name
        + rb"\s*(?::\s*URL\??\s*)?=\s*([^\n]*)|\b"
        + name
        + rb"\s*:\s*(?:java\.net\.)?URL\b",
        scope,
    )
    if declared is None:
        return False
    value = (declared.group(1) or b"").decode("utf-8", "replace")
    return not value or (bool(_URL_RECEIVER.search(value.strip())) and not _NOT_HTTP.search(value))


@check("kotlin_client_lacks_timeout")
def kotlin_client_lacks_timeout(match: MatchContext) -> bool:
    file = match.file
    call, fn, kind = match.node("finding"), match.node("_fn"), match.node("_type")
    if call is None:
        return False
    if match.node("_send") is not None:
        return request_lacks_timeout(match)
    if kind is not None and match.text(kind) == "RestTemplate":
        args = match.node("_args")
        if args is None or args.named_children or _REQUEST_FACTORY.search(file.data):
            return False
        match.message_args["what"] = "`RestTemplate()` connects and reads with no timeout"
        return True
    if kind is not None:  # HttpClient.newHttpClient()
        if every_request_timed(file.data):
            return False
        match.message_args["what"] = "`HttpClient.newHttpClient()` has no connect timeout and its requests none either"
        return True
    receiver = match.node("_receiver")
    if fn is None or receiver is None:
        return False
    method = match.text(fn)
    if method == "openConnection":
        if not (_is_url(match, receiver) or (receiver.type == "identifier" and _URL_NAME.search(match.text(receiver)))):
            return False
        if _NOT_HTTP.search(match.text(receiver)):
            return False
        function = _enclosing_function(call)
        scope = file.data[function.start_byte : function.end_byte] if function is not None else file.data
        # Only an HTTP connection (a jar: or file: URL opens another kind), and one whose timeouts
        # this function never sets.
        if not _HTTP_CONNECTION.search(scope) or _TIMEOUT_SET.search(scope):
            return False
        match.message_args["what"] = "`openConnection()` keeps URLConnection's default timeouts of 0 (wait forever)"
        return True
    if not _is_url(match, receiver):
        return False
    match.message_args["what"] = f"`URL(…).{method}()` uses URLConnection's default timeouts of 0 (wait forever)"
    return True


@check("kotlin_launch_without_handler")
def kotlin_launch_without_handler(match: MatchContext) -> bool:
    """The scope has no CoroutineExceptionHandler, and the coroutine's body does not catch for itself."""
    receiver, body = match.node("_receiver"), match.node("_lambda")
    if receiver is None or body is None:
        return False
    if _HANDLER.search(match.text(receiver)):
        return False  # `CoroutineScope(Dispatchers.IO + handler)`
    statements = [
        s for s in (body.named_children[0].named_children if body.named_children else []) if "comment" not in s.type
    ]
    if len(statements) == 1 and _CATCHES.match(match.text(statements[0])):
        return False  # the whole body is a try/catch or a runCatching
    match.message_args["what"] = f"`{match.text(receiver)}.launch`"
    return True


_HANDLER = re.compile(r"(?i)handler")
_CATCHES = re.compile(r"^(?:try\s*\{|runCatching\s*\{|supervisorScope)")
