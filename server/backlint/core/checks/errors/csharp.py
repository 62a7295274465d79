"""Error-handling checks for C#: catch clauses that swallow the exception (BL201)."""

from __future__ import annotations

import re

import tree_sitter

from ...nodes import node_bytes
from ..base import FileContext, MatchContext, check
from .cleanup import is_teardown, removes_a_file
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
    fallback_values,
    follows_other_handlers,
    in_loop_body,
    is_probe,
    non_comment_children,
    parse_or_default,
    promises_handling,
    reasons_given,
)

# `catch`, `catch (Exception)` and `catch (SystemException)` take every failure, bugs included. Any
# other type is narrow: catching it is a decision (common's policy 1).
_BROAD = frozenset({"Exception", "SystemException"})
# What takes every failure of a whole subsystem (the database, files, the network): broad for policy 1.
_SUBSYSTEM = frozenset({"SqlException", "DbException", "IOException", "HttpRequestException"})
IDIOMS = Idioms(
    variables=frozenset({"identifier", "this", "this_expression"}),
    functions=frozenset({"method_declaration", "local_function_statement", "lambda_expression",
                         "anonymous_method_expression", "accessor_declaration", "constructor_declaration"}),
    throws=frozenset({"throw_statement", "throw_expression"}),
    assignments=frozenset({"assignment_expression"}),
)  # fmt: skip
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
    """The `try` only releases or stops something, removes a file, or only writes a log line: when the
    logger itself fails there is nowhere left to report it."""
    statements = non_comment_children(attempt) if attempt is not None else []
    return bool(statements) and all(
        _CLOSING.match(text) or _LOG_WRITE.match(text) or removes_a_file(text.decode("utf-8", "replace"))
        for text in (node_bytes(s).strip() for s in statements)
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
    specific = caught is not None and short not in _BROAD
    # `catch (SqlException e) when (e.Number == 2627)`: the filter names the one failure expected.
    if condition is not None and (specific or not _NEGATION.search(match.text(condition))):
        return False
    try_statement = clause.parent
    attempt = try_statement.child_by_field_name("body") if try_statement is not None else None
    # Cancellation nobody asked for is HttpClient's timeout; the client's own catch-all is every failure
    # of the call. Neither is the narrow decision of policy 1.
    cancelled = short in _CANCELLED
    narrow = specific and short not in _SUBSYSTEM and not cancelled and not client_catch_all(short, attempt)
    # A specific exception with a reason written beside it (in the clause, just above `catch` or after
    # it on the same line) is a decision; a broad catch needs the reason to say it ignores on purpose.
    falls_back = _falls_back(body) or specific
    beside = _comments_beside(clause)
    if explained(clause, variable, falls_back=falls_back) or any(
        explained(comment, None, falls_back=falls_back) for comment in beside
    ):
        return False
    if cancelled and _cancelled_on_purpose(match, try_statement, attempt, condition):
        return False
    if _parse_or_default(body, attempt) or _closing(attempt) or _cleanup(try_statement):
        return False
    statements = non_comment_children(body)
    if not statements:
        if narrow and not promises_handling([body]):
            return False  # policy 1: nothing after a narrow catch is a decision, unless a TODO says not yet
        if reasons_given([body, *beside]) or explained_above(try_statement):
            return False  # policy 3: a reason written beside the empty handler
    elif not _debug_only(statements, variable):
        return False  # the handler does something of its own
    elif computed_fallback(fallback_values(statements, IDIOMS), IDIOMS, variable):
        return False
    method = _method_name(clause)
    if try_statement is None or is_probe(method) or is_teardown(method):
        return False
    if (narrow or not statements) and in_loop_body(try_statement) and not follows_other_handlers(clause):
        return False  # policy 4: one item's failure must not stop the others
    return not (attempt is not None and checked_later(attempt, IDIOMS, after=try_statement)) and not answered_after(
        try_statement, IDIOMS
    )


def _debug_only(statements: list[tree_sitter.Node], variable: str | None) -> bool:
    """Writes to Debug (compiled away in release builds), then at most `return null;`."""
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


def _method_name(clause: tree_sitter.Node) -> str:
    """The named method around the clause (a property's name for its accessor), lambdas skipped."""
    function = enclosing(clause, _FUNCTIONS)
    while function is not None and function.type in ("lambda_expression", "anonymous_method_expression"):
        function = enclosing(function, _FUNCTIONS)
    if function is not None and function.type == "accessor_declaration":
        function = enclosing(function, ("property_declaration", "indexer_declaration"))
    name = function.child_by_field_name("name") if function is not None else None
    return node_bytes(name).decode("utf-8", "replace") if name is not None else ""


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
    return name is not None and is_teardown(node_bytes(name).decode("utf-8", "replace"))


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
_ANNOTATION = re.compile(rb"^//\s*(?:ruleid|ok|todoruleid|todook|expect):")
_CANCEL_CALL = re.compile(rb"\.Cancel(?:Async)?\s*\(")
_FUNCTIONS = ("method_declaration", "local_function_statement", "lambda_expression", "anonymous_method_expression",
              "accessor_declaration", "constructor_declaration")  # fmt: skip


@check("csharp_async_void_outside_handler")
def csharp_async_void_outside_handler(match: MatchContext) -> bool:
    """An `async void` method that is not an event handler (`(object sender, EventArgs e)`), where
    async void is the only signature the event accepts."""
    parameters = match.node("_params")
    declared = [p for p in parameters.named_children if p.type == "parameter"] if parameters is not None else []
    types = [match.text(p.child_by_field_name("type")) for p in declared]
    if len(types) == 2 and (types[0] in ("object", "object?") or _EVENT_ARGS.search(types[1])):
        return False
    name = match.text(match.node("finding"))
    if _HANDLER_NAME.search(name):
        return False  # UI and Blazor handlers (`OnSaveClicked`, `DetailsClick`) are bound as void delegates
    method = match.context
    if method is not None and any(c.type == "modifier" and c.text == b"override" for c in method.children):
        return False  # the base method's signature decides; the override cannot return Task
    body = method.child_by_field_name("body") if method is not None else None
    if body is not None and not _unguarded_awaits(match.file, body, depth=1):
        return False  # what can fail asynchronously is caught: a timer callback that logs its failures
    match.message_args["what"] = f"`{match.text(match.node('finding'))}()`"
    return True


def _unguarded_awaits(file: FileContext, body: tree_sitter.Node, depth: int) -> list[tree_sitter.Node]:
    """The awaits in `body` whose failure would escape it: not inside a `try` with a catch-all, not a
    `Task.Delay`, not a call of a method of this file that catches its own failures the same way."""
    found = []
    for node in descendants(body):
        if node.type != "await_expression" or enclosing(node, _FUNCTIONS) not in (None, body.parent):
            continue
        if _inside_catch_all(node, body):
            continue
        awaited = _awaited_call(node)
        if awaited is not None and _SAFE_AWAIT.match(awaited):
            continue
        method = _local_method(file, awaited) if awaited is not None and depth > 0 else None
        method_body = method.child_by_field_name("body") if method is not None else None
        if method_body is not None and _catches_for_itself(file, method_body, depth - 1):
            continue
        found.append(node)
    return found


def _catches_for_itself(file: FileContext, body: tree_sitter.Node, depth: int) -> bool:
    has_catch_all = any(
        n.type == "try_statement" and any(_catches_everything(c) for c in n.named_children if c.type == "catch_clause")
        for n in descendants(body)
    )
    return has_catch_all and not _unguarded_awaits(file, body, depth)


def _inside_catch_all(node: tree_sitter.Node, stop: tree_sitter.Node) -> bool:
    current = node
    while current.parent is not None and current is not stop:
        parent = current.parent
        in_try_block = parent.type == "try_statement" and current == parent.child_by_field_name("body")
        if in_try_block and any(_catches_everything(c) for c in parent.named_children if c.type == "catch_clause"):
            return True
        current = parent
    return False


def _catches_everything(clause: tree_sitter.Node) -> bool:
    """`catch { }`, `catch (Exception e)`: what takes any failure (a `when` filter narrows it)."""
    if any(c.type == "catch_filter_clause" for c in clause.named_children):
        return False
    declaration = next((c for c in clause.named_children if c.type == "catch_declaration"), None)
    if declaration is None:
        return True
    caught = declaration.child_by_field_name("type")
    return caught is not None and node_bytes(caught) in (b"Exception", b"System.Exception")


def _awaited_call(await_node: tree_sitter.Node) -> str | None:
    """What an await waits on, by name: `Task.Delay`, `SendAsync`, `this.Flush` (ConfigureAwait unwrapped)."""
    expression = await_node.named_children[-1] if await_node.named_children else None
    while expression is not None and expression.type == "invocation_expression":
        function = expression.child_by_field_name("function")
        if function is None:
            return None
        if function.type == "member_access_expression":
            name = function.child_by_field_name("name")
            inner = function.child_by_field_name("expression")
            if name is not None and node_bytes(name) == b"ConfigureAwait" and inner is not None:
                expression = inner
                continue
        return node_bytes(function).decode("utf-8", "replace")
    return None


def _local_method(file: FileContext, called: str) -> tree_sitter.Node | None:
    """The method of this file that `Name(...)` / `this.Name(...)` calls, when exactly one has that name."""
    methods: dict[str, list[tree_sitter.Node]] | None = file.cache.get("cs_methods_by_name")
    if methods is None:
        methods = {}
        for node in descendants(file.tree.root_node):
            declared = node.child_by_field_name("name") if node.type == "method_declaration" else None
            if declared is not None:
                methods.setdefault(node_bytes(declared).decode("utf-8", "replace"), []).append(node)
        file.cache["cs_methods_by_name"] = methods
    found = methods.get(called.removeprefix("this."), [])
    return found[0] if len(found) == 1 else None


_SAFE_AWAIT = re.compile(r"^(?:System\.Threading\.Tasks\.)?Task\.(?:Delay|Yield|CompletedTask)$")


_EVENT_ARGS = re.compile(r"EventArgs\b")
_HANDLER_NAME = re.compile(r"^On[A-Z]|(?:Click|Clicked|Changed|Tapped|Pressed|Selected|Handler|Elapsed|Tick)$")


# --- C#: BL207 http-no-timeout ----------------------------------------------------------------------

_HTTP_CLIENT = re.compile(r"^new\s+(?:System\.Net\.Http\.)?HttpClient\b")


def _http_clients_created(match: MatchContext) -> dict[str, tree_sitter.Node]:
    """The names (locals and fields) this file gives a `new HttpClient(...)`, with that creation."""
    cached: dict[str, tree_sitter.Node] | None = match.file.cache.get("cs_http_clients")
    if cached is not None:
        return cached
    found: dict[str, tree_sitter.Node] = {}
    for node in descendants(match.file.tree.root_node):
        name: tree_sitter.Node | None
        value: tree_sitter.Node | None
        if node.type == "variable_declarator" and node.named_children:
            name, value = node.named_children[0], node.named_children[-1]
        elif node.type == "assignment_expression":
            name, value = node.child_by_field_name("left"), node.child_by_field_name("right")
        else:
            continue
        if name is None or value is None:
            continue
        declaration = node.parent if node.type == "variable_declarator" else None
        declared = declaration.named_children[0] if declaration is not None and declaration.named_children else None
        implicit = value.type == "implicit_object_creation_expression" and declared is not None
        if (value.type == "object_creation_expression" and _HTTP_CLIENT.match(match.text(value))) or (
            implicit and match.text(declared).rsplit(".", 1)[-1] == "HttpClient"  # `HttpClient Client = new();`
        ):
            found[match.text(name).removeprefix("this.")] = value
    match.file.cache["cs_http_clients"] = found
    return found


@check("csharp_http_client_lacks_timeout")
def csharp_http_client_lacks_timeout(match: MatchContext) -> bool:
    """A request through an HttpClient this file creates and never gives a Timeout: it waits 100 s."""
    receiver = match.text(match.node("_receiver"))
    created = _http_clients_created(match).get(receiver)
    if created is None or re.search(r"\bTimeout\s*=", match.text(created)):
        return False
    data = match.file.data
    if re.search(rb"(?:^|[^\w.])(?:this\.)?" + re.escape(receiver.encode()) + rb"\.Timeout\s*=", data, re.M):
        return False
    arguments = match.node("_args")
    if arguments is not None and re.search(r"(?i)token\b|\bct\b", match.text(arguments)):
        return False  # a cancellation token bounds the wait
    match.message_args["what"] = f"`{receiver}.{match.text(match.node('_fn'))}()`"
    match.message_args["how"] = "on a `new HttpClient()` whose Timeout is never set (it waits 100 seconds)"
    return True
