"""Error-handling checks for PHP: catch blocks that swallow the exception (BL201) and Guzzle clients
or curl handles without a timeout (BL207)."""

from __future__ import annotations

import re
from pathlib import Path

import tree_sitter

from ...nodes import node_bytes
from ..base import FileContext, MatchContext, check
from .cleanup import is_teardown
from .comments_above import explained_above
from .common import (
    Idioms,
    _falls_back,
    answered_after,
    checked_later,
    client_catch_all,
    computed_fallback,
    descendants,
    enclosing,
    explained,
    failure_verdict,
    fallback_values,
    follows_other_handlers,
    function_name,
    in_loop_body,
    is_probe,
    non_comment_children,
    parse_or_default,
    promises_handling,
    reasons_given,
)

# --- BL201 swallowed-exception ----------------------------------------------------------------------

# What takes every failure, bugs included. Any other type is narrow: catching it is a decision.
_BROAD = frozenset({"Exception", "Throwable"})
# What takes every failure of a whole subsystem (the database, HTTP): broad for policy 1.
_SUBSYSTEM = frozenset({"PDOException", "GuzzleException", "ClientExceptionInterface", "TransportExceptionInterface"})
_FUNCTIONS = ("function_definition", "method_declaration", "anonymous_function", "arrow_function")
IDIOMS = Idioms(variables=frozenset({"variable_name"}), functions=frozenset(_FUNCTIONS))
_CALLS = frozenset(
    {"function_call_expression", "member_call_expression", "nullsafe_member_call_expression", "scoped_call_expression"}
)
# A call that tells someone: loggers, Laravel's report(), error trackers, flash messages, the
# console's error output, a retry that waits and tries again.
_REPORTING = re.compile(
    r"(?i)log|report|error|warn|notice|critical|alert|emergency|exception|capture|sentry|bugsnag|rollbar|notify"
    r"|abort|fail|retry|backoff|sleep|flash|dump|^dd$|die$|^exit$|stderr|^printf?$|^var_export$|send_json_error"
)
# Branches and loops in a handler are handling logic of their own, not a reflexive swallow.
_COMPOUND = frozenset(
    {"if_statement", "foreach_statement", "for_statement", "while_statement", "do_statement", "switch_statement",
     "try_statement"}
)  # fmt: skip
# What a handler hands back or records says the operation failed: `return ['success' => false]`,
# `return $this->json(['error' => ...], 422)`, `$this->errors[] = 'Invalid date'`.
_FAILURE_WORDS = re.compile(
    r"(?i)fail|error|invalid|unable|could ?not|cannot|can't|denied|not found|unavailable|unknown|exception|throwable"
)
_FAILURE_VALUE = re.compile(
    r"(?i)(?:['\"](?:success|ok|status|sent|valid|result)['\"]\s*=>\s*false)|\b4\d\d\s*\)\s*;?$"
)
_SERVER_ERROR = re.compile(r"\b5\d\d\s*\)\s*;?$|HTTP_INTERNAL_SERVER_ERROR|Response::HTTP_5")
# Functions that answer a question: failing to find out is an answer (`isValid`, `hasAccess`).
_PREDICATE = re.compile(r"^_*(?:is|has|can|should|may|needs|supports|exists|check|contains|validate|try)(?:[A-Z_]|$)")
# Functions whose name promises a default when they cannot: `tryRead()`, `safeReturn()`, `findOrNull()`.
_DEFAULTING = re.compile(r"^_*(?:try|safe)(?:[A-Z_]|$)|Or(?:Default|Null|False|Empty)$")
# The default the caller handed in or the function names as such: `return $default;`.
_DEFAULT_VALUE = re.compile(r"(?i)^(?:\$|(?:self|static|\w+)::)\w*(?:default|fallback)\w*$")
# Conversions whose failure means "not that kind of value": the default is the answer.
_PARSE_CALL = re.compile(
    r"(?i)(?:\bjson_(?:de|en)code|\bunserialize|->load(?:HTML|XML)\w*|\bparse\w*|createFromFormat|\bnew\s+\\?(?:DateTime(?:Immutable)?|DateTimeZone"
    r"|DateInterval|Carbon\w*)|\bCarbon\w*::\w+|\bdecrypt\w*|\bbase64_decode|\bsimplexml_load_string|\bintdiv"
    r"|fromString|\bidn_to_\w+|\binet_pton|\bversion_compare|::(?:of|from\w*|parse\w*|createFrom\w*))\s*\("
)
# An empty catch the author kept on purpose and said so to another linter or in words: the linter's
# expectation for an empty catch, or a comment saying the code below handles the failure.
_KEPT_EMPTY = re.compile(
    r"(?i)empty[-_ ]?catch|EmptyStatement|fall(?:s|ing)?\s+(?:through|back)|handled\s+(?:below|by|in)|\bbelow\b"
)
# Closing or removing what the `try` opened: nothing on the server can recover from either failing.
_CLEANUP = re.compile(
    r"(?i)^@?(?:\$[\w>-]+(?:->|::))?(?:unlink|fclose|close|disconnect|rmdir|closeCursor|ob_end_clean|socket_close"
    r"|curl_close|imagedestroy|release|unlock|session_write_close|stop|terminate|kill|shutdown)\s*\("
)


def _caught(match: MatchContext, types: tree_sitter.Node) -> list[str]:
    """The caught classes' short names (`\\Exception` and `App\\Exception` are both `Exception`)."""
    return [match.text(t).rsplit("\\", 1)[-1] for t in types.named_children if t.type == "named_type"]


# PHP's own exception classes: global, never in an application's namespace.
_GLOBAL_EXCEPTIONS = frozenset({
    "Exception", "Throwable", "Error", "ErrorException", "RuntimeException", "LogicException", "PDOException",
    "InvalidArgumentException", "DomainException", "LengthException", "OutOfRangeException", "OutOfBoundsException",
    "RangeException", "OverflowException", "UnderflowException", "UnexpectedValueException", "TypeError",
    "ValueError", "ArithmeticError", "DivisionByZeroError", "JsonException", "BadFunctionCallException",
    "BadMethodCallException",
})  # fmt: skip
_NAMESPACE = re.compile(rb"(?m)^\s*namespace\s+([\w\\]+)\s*[;{]")


def _catches_nothing(file: FileContext, types: tree_sitter.Node) -> bool:
    """Every caught class is one of PHP's own, written unqualified in a namespaced file that neither
    imports it nor has it beside (`Exception.php` in the same folder, where PSR-4 would put the
    namespace's own): PHP resolves it to a class of this namespace that does not exist, and the catch
    never matches anything."""
    names = [node_bytes(t).decode("utf-8", "replace") for t in types.named_children if t.type == "named_type"]
    if not names or any("\\" in name or name not in _GLOBAL_EXCEPTIONS for name in names):
        return False  # a class of the application may well live in this namespace
    return all(_unresolved_in_namespace(file, name) for name in names)


def _unresolved_in_namespace(file: FileContext, name: str) -> bool:
    """Once per file and name (re-analysis after a keystroke asks again for every catch)."""
    answers: dict[str, bool] = file.cache.setdefault("php_unresolved_names", {})
    if name not in answers:
        encoded = re.escape(name.encode())
        answers[name] = (
            _NAMESPACE.search(file.data) is not None
            and re.search(rb"(?m)^\s*use\s+[^;]*\b" + encoded + rb"\s*[;,}]", file.data) is None
            and re.search(rb"\b(?:class|interface)\s+" + encoded + rb"\b", file.data) is None
            and not (Path(file.path).parent / f"{name}.php").exists()
        )
    return answers[name]


def _callee_name(call: tree_sitter.Node) -> str:
    """`Log::info`, `$this->logger->warning`, `report`: what is called, without its arguments."""
    arguments = call.child_by_field_name("arguments")
    end = arguments.start_byte if arguments is not None else call.end_byte
    return (call.text or b"")[: end - call.start_byte].decode("utf-8", "replace").rsplit("\\", 1)[-1]


def _arguments_text(call: tree_sitter.Node) -> str:
    arguments = call.child_by_field_name("arguments")
    return node_bytes(arguments).decode("utf-8", "replace") if arguments is not None else ""


def _handles(body: tree_sitter.Node, variable: str | None) -> bool:
    """Anything in the handler that rethrows, uses the exception, tells someone or branches."""
    if any(statement.type in _COMPOUND for statement in body.named_children):
        return True
    encoded = variable.encode() if variable else None
    for part in descendants(body):
        if part.type in ("throw_expression", "exit_statement", "echo_statement", "print_intrinsic"):
            return True
        if part.type == "variable_name" and encoded is not None and part.text == encoded:
            return True
        if part.type in _CALLS and any(_REPORTING.search(p) for p in re.split(r"->|::|\?->", _callee_name(part))):
            return True
        if part.type in _CALLS and _FAILURE_WORDS.search(_arguments_text(part)):
            return True  # `add_option('webhook_sync_failed', time())`: the failure is recorded
    return False


def _reports_failure(body: tree_sitter.Node) -> bool:
    """The handler answers the failure: it returns or records a value that says so."""
    for statement in non_comment_children(body):
        text = node_bytes(statement).decode("utf-8", "replace")
        if statement.type == "return_statement" and statement.named_children:
            if _SERVER_ERROR.search(text):
                return False  # a 500 tells the client, and no one on the server learns why
            if _FAILURE_VALUE.search(text) or (
                statement.named_children[0].type != "variable_name" and _FAILURE_WORDS.search(text)
            ):
                return True
        elif statement.type == "expression_statement" and statement.named_children:
            assignment = statement.named_children[0]
            target = assignment.child_by_field_name("left") if assignment.type == "assignment_expression" else None
            value = assignment.child_by_field_name("right") if target is not None else None
            if target is not None and _FAILURE_WORDS.search(node_bytes(target).decode("utf-8", "replace")):
                return True  # `$error = 'Could not reach the gateway'`, `$this->errors[] = ...`
            if value is not None and node_bytes(value).lower() == b"false":
                return True  # `$valid = false`: a verdict the code goes on to check (fail closed)
            if (
                value is not None
                and value.type != "variable_name"
                and _FAILURE_WORDS.search(node_bytes(value).decode("utf-8", "replace"))
            ):
                return True  # `$message = __('... an error occurred ...')`: what the user is told
    return False


def _predicate_fallback(clause: tree_sitter.Node, body: tree_sitter.Node) -> bool:
    """`catch (\\Exception $e) { return false; }` in `isValid()`: not knowing is the answer."""
    statements = non_comment_children(body)
    if len(statements) != 1:
        return False
    inner = statements[0].named_children[0] if statements[0].named_children else None
    if inner is not None and inner.type == "assignment_expression":
        # `$mime = self::DEFAULT_MIME;`: a default the code names as such
        assigned = inner.child_by_field_name("right")
        return (
            assigned is not None and _DEFAULT_VALUE.match(node_bytes(assigned).decode("utf-8", "replace")) is not None
        )
    if statements[0].type != "return_statement":
        return False
    value = node_bytes(statements[0]).decode("utf-8", "replace").lower()
    function = enclosing(clause, _FUNCTIONS)
    named = function.child_by_field_name("name") if function is not None else None
    name = node_bytes(named).decode("utf-8", "replace") if named is not None else ""
    returned = statements[0].named_children[0] if statements[0].named_children else None
    if returned is not None and _DEFAULT_VALUE.match(node_bytes(returned).decode("utf-8", "replace")):
        return True  # `return $default;`: the function's contract says what failure gives
    if _DEFAULTING.search(name):
        # `tryReadLyrics()`: the name promises a default when it cannot; any literal one will do
        return re.search(r"return\s+(?:true|false|null|''|\"\"|\[\]|-?\d+)?\s*;?$", value) is not None
    if not re.search(r"return\s+(?:true|false|null)?\s*;?$", value):
        return False
    return _PREDICATE.search(name) is not None or is_probe(name)


def _try_body(clause: tree_sitter.Node) -> tree_sitter.Node | None:
    statement = clause.parent
    return statement.child_by_field_name("body") if statement is not None else None


def _kept_empty(clause: tree_sitter.Node, body: tree_sitter.Node) -> bool:
    """A comment in the empty catch, or closing the block just above it, that tells a linter the empty
    catch is expected or says the code below handles the failure."""
    comments = [n for n in descendants(body) if n.type == "comment"]
    previous = clause.prev_named_sibling
    while previous is not None and previous.type == "compound_statement" and previous.named_children:
        previous = previous.named_children[-1]  # the try body's (or the previous catch's) last line
    if previous is not None and previous.type == "comment":
        comments.append(previous)
    return any(_KEPT_EMPTY.search(node_bytes(c).decode("utf-8", "replace")) for c in comments)


def _parse_or_default(body: tree_sitter.Node, attempt: tree_sitter.Node | None) -> bool:
    return parse_or_default(body, attempt, _PARSE_CALL)


def _cleanup_only(attempt: tree_sitter.Node | None) -> bool:
    """The `try` only closes or removes things: `try { fclose($fh); } catch (\\Throwable) {}`."""
    tried = non_comment_children(attempt) if attempt is not None else []
    return bool(tried) and all(
        s.type == "expression_statement" and _CLEANUP.match(node_bytes(s).decode("utf-8", "replace").strip())
        for s in tried
    )


@check("php_catch_swallows")
def php_catch_swallows(match: MatchContext) -> bool:
    body, types, name = match.node("_body"), match.node("_type"), match.node("_name")
    clause = match.context
    if body is None or types is None or clause is None:
        return False
    variable = match.text(name) if name is not None else None
    caught = _caught(match, types)
    match.message_args["what"] = f"`catch ({match.text(types)}{' ' + variable if variable else ''})`"
    if _catches_nothing(match.file, types):
        return False  # `catch (Exception $e)` in a namespace with no `use Exception;`: it never matches
    attempt = _try_body(clause)
    # The client's own catch-all (`PDOException` around `$this->pdo`) is every failure of the call.
    broad = any(t in _BROAD or t in _SUBSYSTEM or client_catch_all(t, attempt) for t in caught)
    statements = non_comment_children(body)
    # A specific exception caught with a reason beside it is a decision; a broad catch needs the
    # reason to say it ignores on purpose.
    if explained(body, variable.lstrip("$") if variable else None, falls_back=_falls_back(body) or not broad):
        return False
    if _parse_or_default(body, attempt) or _cleanup_only(attempt):
        return False
    try_statement = clause.parent
    name_of_function = function_name(clause, IDIOMS)
    if not statements:
        if not broad and not promises_handling([body]):
            return False  # policy 1: nothing after a narrow catch is a decision, unless a TODO says not yet
        if reasons_given([body]) or _kept_empty(clause, body) or explained_above(clause.parent):
            return False  # policy 3: a reason written in (or just above) the empty handler
        if try_statement is None or (in_loop_body(try_statement) and not follows_other_handlers(clause)):
            return False  # policy 4: one item's failure must not stop the others
        if is_probe(name_of_function) or is_teardown(name_of_function):
            return False
        return not (attempt is not None and checked_later(attempt, IDIOMS, after=try_statement)) and not answered_after(
            try_statement, IDIOMS
        )
    if not broad:
        return False  # a specific exception with a handler of its own: the code decided what it means
    if _predicate_fallback(clause, body) or _reports_failure(body) or _handles(body, variable):
        return False
    if failure_verdict(statements, IDIOMS):
        return False  # `return false;` where the work done answers true: the caller is told
    if computed_fallback(fallback_values(statements, IDIOMS), IDIOMS, variable):
        return False  # policy 2: it degrades to an alternative built from the data at hand
    only_continues = all(s.type == "continue_statement" for s in statements)
    per_item = try_statement is not None and in_loop_body(try_statement) and not follows_other_handlers(clause)
    if only_continues and per_item:
        return False  # policy 4
    # What the handler does instead (a default, a rollback) does not matter: the error itself is gone
    # unless something rethrows, logs, reports or uses it. A default handed back is sometimes the
    # intended answer, so these are less certain than an empty catch.
    match.lower_confidence()
    return True


# --- BL207 http-no-timeout --------------------------------------------------------------------------

_GUZZLE_USE = re.compile(rb"(?m)^[ \t]*use[ \t]+\\?GuzzleHttp\\Client\b(?:[ \t]+as[ \t]+(\w+))?[ \t]*;")
_GUZZLE_GROUP = re.compile(rb"(?m)^[ \t]*use[ \t]+\\?GuzzleHttp\\\{([^}]*)\}")
_TIMEOUT_KEY = re.compile(r"""^(?:['"]timeout['"]|(?:\\?GuzzleHttp\\)?RequestOptions::TIMEOUT)$""")
_GUZZLE_REQUESTS = (
    "get", "post", "put", "patch", "delete", "head", "options", "request", "send", "getAsync", "postAsync",
    "putAsync", "patchAsync", "deleteAsync", "headAsync", "requestAsync", "sendAsync",
)  # fmt: skip
_CURL_TIMEOUT = re.compile(rb"CURLOPT_TIMEOUT(?:_MS)?\b")


def _guzzle_names(file: FileContext) -> set[str]:
    """The names `new` may use for GuzzleHttp\\Client in this file."""
    cached: set[str] | None = file.cache.get("php_guzzle_names")
    if cached is None:
        cached = {"\\GuzzleHttp\\Client", "GuzzleHttp\\Client"}
        for found in _GUZZLE_USE.finditer(file.data):
            cached.add((found.group(1) or b"Client").decode())
        for group in _GUZZLE_GROUP.finditer(file.data):
            for entry in group.group(1).decode("utf-8", "replace").split(","):
                parts = entry.split()
                if parts and parts[0] == "Client":
                    cached.add(parts[2] if len(parts) == 3 and parts[1].lower() == "as" else "Client")
        file.cache["php_guzzle_names"] = cached
    return cached


def _array_keys(array: tree_sitter.Node) -> list[str] | None:
    """The keys of an array literal written out in place; None when a spread hides some."""
    keys = []
    for element in array.named_children:
        if element.type != "array_element_initializer":
            continue
        if any(c.type == "variadic_unpacking" for c in element.named_children):
            return None
        children = [c for c in element.named_children if c.type != "comment"]
        if len(children) == 2:
            keys.append(node_bytes(children[0]).decode("utf-8", "replace"))
    return keys


def _options(file: FileContext, argument: tree_sitter.Node | None) -> list[str] | None:
    """The option keys a client or a request is given; None when they cannot be read here."""
    if argument is None:
        return []
    value = argument.named_children[-1] if argument.type == "argument" and argument.named_children else argument
    if value.type == "array_creation_expression":
        return _array_keys(value)
    if value.type == "variable_name":
        return _assigned_array_keys(value)
    return None


def _assigned_array_keys(variable: tree_sitter.Node) -> list[str] | None:
    """The top-level keys of `$opts = [...]`, the one assignment to `$opts` before its use in this
    function (`'timeout'` nested under `'headers'` is a header, not an option); None when the array
    is changed or built some other way."""
    function = enclosing(variable, _FUNCTIONS)
    if function is None:
        return None
    name = node_bytes(variable)
    arrays = []
    for node in descendants(function):
        if node.start_byte >= variable.start_byte:
            break
        if node.type in ("assignment_expression", "augmented_assignment_expression"):
            target = node.child_by_field_name("left")
            if target is None:
                continue
            subscripted = target.type == "subscript_expression" and target.named_children
            if subscripted and node_bytes(target.named_children[0]) == name:
                return None  # `$opts['timeout'] = ...`: keys added one by one
            if node_bytes(target) != name:
                continue
            right = node.child_by_field_name("right")
            if node.type != "assignment_expression" or right is None or right.type != "array_creation_expression":
                return None
            arrays.append(right)
    if len(arrays) != 1:
        return None
    return _array_keys(arrays[0])


def _bound_name(node: tree_sitter.Node) -> str | None:
    """`$client` / `$this->client` of `$client = new Client(...)`."""
    parent = node.parent
    if parent is None or parent.type != "assignment_expression":
        return None
    target = parent.child_by_field_name("left")
    return node_bytes(target).decode("utf-8", "replace") if target is not None else None


def _requests_all_time_out(file: FileContext, node: tree_sitter.Node, name: str) -> bool:
    """Every request made through `name` (in this function for a local, in this file for a property)
    passes a `timeout` option of its own, and there is one."""
    scope = enclosing(node, _FUNCTIONS) if not name.startswith("$this->") else None
    calls = [
        call
        for call in descendants(scope if scope is not None else file.tree.root_node)
        if call.type == "member_call_expression" and _requested_through(call, name)
    ]
    if not calls:
        return False
    for call in calls:
        arguments = call.child_by_field_name("arguments")
        given = [c for c in arguments.named_children if c.type == "argument"] if arguments is not None else []
        # The options come last: get($url, $options), request('GET', $url, $options).
        keys = _options(file, given[-1]) if len(given) >= 2 else []
        if not keys or not any(_TIMEOUT_KEY.match(key) for key in keys):
            return False
    return True


def _requested_through(call: tree_sitter.Node, name: str) -> bool:
    method = call.child_by_field_name("name")
    target = call.child_by_field_name("object")
    return (
        method is not None
        and target is not None
        and node_bytes(method).decode("utf-8", "replace") in _GUZZLE_REQUESTS
        and node_bytes(target).decode("utf-8", "replace") == name
    )


def _curl_lacks_timeout(match: MatchContext, call: tree_sitter.Node) -> bool:
    function = enclosing(call, _FUNCTIONS)
    scope = match.file.data[function.start_byte : function.end_byte] if function is not None else match.file.data
    if b"curl_init" not in scope or _CURL_TIMEOUT.search(scope):
        return False  # a handle opened elsewhere is configured elsewhere
    if re.search(rb"curl_setopt_array\s*\(\s*\$\w+\s*,\s*(?!\[|array\s*\()|curl_setopt\s*\(\s*\$\w+\s*,\s*\$", scope):
        return False  # options chosen somewhere we do not read (`curl_setopt($ch, $key, $value)`)
    match.message_args["what"] = "`curl_exec()`"
    match.message_args["how"] = "runs a handle without `CURLOPT_TIMEOUT`: curl waits forever by default"
    return True


@check("php_http_lacks_timeout")
def php_http_lacks_timeout(match: MatchContext) -> bool:
    node = match.node("finding")
    if node is None:
        return False
    if node.type == "function_call_expression":
        return _curl_lacks_timeout(match, node)
    cls = match.node("_class")
    if cls is None or match.text(cls) not in _guzzle_names(match.file):
        return False
    arguments = next((c for c in node.named_children if c.type == "arguments"), None)
    first = next((c for c in arguments.named_children if c.type == "argument"), None) if arguments is not None else None
    keys = _options(match.file, first)
    if keys is None or any(_TIMEOUT_KEY.match(key) for key in keys):
        return False
    name = _bound_name(node)
    if name is not None and _requests_all_time_out(match.file, node, name):
        return False
    match.message_args["what"] = f"`new {match.text(cls)}()`"
    match.message_args["how"] = "sets no `timeout` option: Guzzle waits forever by default"
    request = _first_request(node, name) if name is not None and not name.startswith("$this->") else None
    if request is not None:
        # The hang happens where the request is sent: report there, naming the client made above.
        method = request.child_by_field_name("name")
        match.finding = request
        match.message_args["what"] = f"`{name}->{match.text(method) if method is not None else 'request'}()`"
        match.message_args["how"] = (
            f"is sent through `new {match.text(cls)}()` (line {node.start_point[0] + 1}), which sets no `timeout`"
            " option: Guzzle waits forever by default"
        )
    return True


def _first_request(creation: tree_sitter.Node, name: str) -> tree_sitter.Node | None:
    """The first request made through the local client `name` after it is created, in its function."""
    function = enclosing(creation, _FUNCTIONS)
    if function is None:
        return None
    return next(
        (
            call
            for call in descendants(function)
            if call.start_byte > creation.end_byte
            and call.type == "member_call_expression"
            and _requested_through(call, name)
        ),
        None,
    )
