"""Error-handling checks for Rust: empty `Err` handlers (BL201), Results of commits and statements
thrown away with `let _ =` or `.ok()` (BL203) and reqwest clients without a timeout (BL207).

Unit tests live beside the code in Rust (`#[cfg(test)] mod tests`, `#[test]` functions): a file's
role cannot say so, so these checks skip such items themselves, as the test role would.

Every fact a check reads comes from the matched statement, its enclosing top-level item or the
file's `use` declarations, so re-analysing one edited item finds what a full analysis finds.
"""

from __future__ import annotations

import re

import tree_sitter

from ...nodes import node_bytes
from ..base import MatchContext, check
from .common import descendants, enclosing, explained, non_comment_children

_TEST_ATTRIBUTE = re.compile(rb"^#\[\s*(?:cfg\s*\(\s*test\s*\)|(?:[\w:]+::)?test\b)")
_ITEMS = ("function_item", "mod_item", "impl_item")


def _in_test_code(node: tree_sitter.Node) -> bool:
    """Inside a `#[cfg(test)]` module or a `#[test]` / `#[tokio::test]` function."""
    current = node.parent
    while current is not None:
        if current.type in _ITEMS:
            previous = current.prev_named_sibling
            while previous is not None and previous.type in ("attribute_item", "line_comment", "block_comment"):
                if previous.type == "attribute_item" and _TEST_ATTRIBUTE.match(node_bytes(previous)):
                    return True
                previous = previous.prev_named_sibling
        current = current.parent
    return False


def _top_item(node: tree_sitter.Node) -> tree_sitter.Node:
    """The item of the file that holds `node` (what incremental re-analysis re-runs as a whole)."""
    current = node
    while current.parent is not None and current.parent.parent is not None:
        current = current.parent
    return current


# --- BL201 -----------------------------------------------------------------------------------------


@check("rust_err_arm_is_empty")
def rust_err_arm_is_empty(match: MatchContext) -> bool:
    pattern, body, context = match.node("finding"), match.node("_body"), match.context
    if pattern is None or body is None or context is None:
        return False
    kind = pattern.child_by_field_name("type")
    inner = [
        c for c in pattern.children if c != kind and c.type not in ("(", ")", ",", "line_comment", "block_comment")
    ]
    if len(inner) != 1:
        return False
    binding = inner[0]
    if binding.type == "ref_pattern" and binding.named_children:
        binding = binding.named_children[-1]
    # `Err(_)`, `Err(e)`: any error. `Err(Error::NotFound)` handles one case on purpose.
    if binding.type != "identifier" and match.text(binding) != "_":
        return False
    if context.type == "match_arm":
        match_pattern = context.child_by_field_name("pattern")
        if match_pattern is not None and match_pattern.child_by_field_name("condition") is not None:
            return False  # `Err(e) if e.kind() == NotFound => {}`: one case, chosen by the guard
        if _other_err_arms(match, context):
            return False  # the errors that matter were handled by the arms before: the rest carry on
    elif context.child_by_field_name("alternative") is not None:
        return False  # `if let Err(_) = x {} else { ... }`: written for the success case
    if body.type == "block" and non_comment_children(body):
        return False
    variable = match.text(binding)
    if explained(body, variable if variable != "_" else None) or explained(context.child_by_field_name("value")):
        return False
    if _comment_before(context) or _in_test_code(context):
        return False
    shape = "`if let Err(...) = ... {}`" if context.type == "if_expression" else "`Err(...) => {}`"
    match.message_args["what"] = shape.replace("...", variable, 1)
    return True


def _other_err_arms(match: MatchContext, arm: tree_sitter.Node) -> bool:
    """The match has other `Err` arms (a variant, a guard): this one is what is left over."""
    block = arm.parent
    for other in block.named_children if block is not None else []:
        if other == arm or other.type != "match_arm":
            continue
        pattern = other.child_by_field_name("pattern")
        if pattern is not None and match.text(pattern).lstrip().startswith(("Err(", "Err (")):
            return True
    return False


def _comment_before(node: tree_sitter.Node) -> bool:
    """A comment on the line above the statement that says why (`// the receiver may be gone: ignore`)."""
    statement = node
    while statement.parent is not None and statement.parent.type not in ("block", "match_block", "declaration_list"):
        statement = statement.parent
    line = statement.start_point[0]
    previous = statement.prev_sibling
    while previous is not None and previous.type in ("line_comment", "block_comment"):
        if line - previous.end_point[0] > 1:
            return False
        if explained(previous):
            return True
        line = previous.start_point[0]
        previous = previous.prev_sibling
    return False


# --- BL203 -----------------------------------------------------------------------------------------

# Calls whose failure leaves the work undone while the code carries on: a transaction not committed,
# a statement not run, a file not written. Cleanup (`rollback`, `remove_file`), channel sends to a
# receiver that may be gone, and flushing a terminal are dropped on purpose often enough to be left out.
_MUST_CHECK_METHODS = frozenset({
    "commit", "execute", "execute_batch", "batch_execute", "exec", "exec_drop", "query_drop", "execute_unprepared",
    "sync_all", "sync_data", "persist",
})  # fmt: skip
_MUST_CHECK_FUNCTIONS = re.compile(r"^(?:(?:std|tokio|async_std)::)?fs::write$")
# `execute` / `exec` are common names: the receiver or an argument must read as a database handle
# (`conn`, `pool`, `&mut *tx`, `&state.db`), or the receiver be a query being run (`sqlx::query(...)`).
_DB_HANDLE = re.compile(
    r"(?i)(?:^|[._*&\s])(?:\w*db\w*|\w*pool\w*|conn\w*|connection|client|tx|txn|trx|transaction|executor|database"
    r"|session|stmt|statement)(?:\(\))?$"
)
_QUERY_RECEIVER = re.compile(r"(?:^|::)(?:query|query_as|query_scalar|sql_query|raw_sql|insert_into|update|delete)\b")


def _strip(node: tree_sitter.Node) -> tree_sitter.Node:
    while node.type in ("await_expression", "parenthesized_expression", "try_expression") and node.named_children:
        node = node.named_children[0]
    return node


def _discarded_call(match: MatchContext, value: tree_sitter.Node) -> str | None:
    """The text of the call whose Result is dropped, when it is one that must be checked."""
    call = _strip(value)
    if call.type == "call_expression":
        function = call.child_by_field_name("function")
        if (
            function is not None
            and function.type == "field_expression"
            and match.text(function.child_by_field_name("field")) in ("ok", "unwrap_or_default")
        ):
            inner = function.child_by_field_name("value")
            if inner is not None:
                call = _strip(inner)  # `let _ = x.ok()`
    if call.type != "call_expression":
        return None
    function = call.child_by_field_name("function")
    if function is None:
        return None
    if function.type == "field_expression":
        method = match.text(function.child_by_field_name("field"))
        receiver = function.child_by_field_name("value")
        receiver_text = match.text(receiver)
        if method not in _MUST_CHECK_METHODS:
            return None
        if method in ("commit", "sync_all", "sync_data", "persist"):
            return f"{receiver_text.split(chr(10))[0]}.{method}()"
        arguments = call.child_by_field_name("arguments")
        handles = [receiver_text] + [match.text(a) for a in (arguments.named_children if arguments else [])]
        if any(_DB_HANDLE.search(h.strip()) for h in handles) or _QUERY_RECEIVER.search(receiver_text):
            name = receiver_text if "\n" not in receiver_text and len(receiver_text) <= 40 else "..."
            return f"{name}.{method}()"
        return None
    text = match.text(function)
    if _MUST_CHECK_FUNCTIONS.match(text):
        return f"{text}()"
    # `db::mark_refunded(&state.pool, id)`: a write of the data layer, given the database handle.
    arguments = call.child_by_field_name("arguments")
    handed = [match.text(a) for a in (arguments.named_children if arguments else [])]
    if _DATA_LAYER_WRITE.search(text) and any(_DB_HANDLE.search(h.strip()) for h in handed):
        return f"{text}()"
    return None


_DATA_LAYER_WRITE = re.compile(
    r"(?:^|::)(?:db|database|repo|repository|repositories|store|storage|dao|queries|persistence)::"
    r"(?:insert|update|delete|mark|save|set|create|remove|upsert|record|store|add|put|write|apply)\w*$"
)


_CLEANUP_SQL = re.compile(
    r"(?i)\b(?:drop\s+(?:temporary\s+)?(?:table|view|index|sequence)\s+if\s+exists|deallocate|discard\s+all)\b"
)


def _cleanup(match: MatchContext, statement: tree_sitter.Node, value: tree_sitter.Node) -> bool:
    """The statement only cleans up (`DROP TABLE IF EXISTS`), like a rollback: nothing is lost when
    it fails. The SQL is read in the call, or where a name in it was assigned in the same function."""
    text = match.text(value)
    if _CLEANUP_SQL.search(text):
        return True
    function = statement.parent
    while function is not None and function.type not in ("function_item", "closure_expression"):
        function = function.parent
    if function is None:
        return False
    body = match.file.data[function.start_byte : statement.start_byte].decode("utf-8", "replace")
    for name in set(re.findall(r"\b[a-z_][a-z0-9_]*\b", text)):
        assigned = re.search(rf"\blet\s+(?:mut\s+)?{name}\s*(?::[^=]*)?=([^;]*);", body)
        if assigned is not None and _CLEANUP_SQL.search(assigned.group(1)):
            return True
    return False


@check("rust_discards_result")
def rust_discards_result(match: MatchContext) -> bool:
    statement, value = match.node("finding"), match.node("_value")
    if statement is None or value is None:
        return False
    if value.type == "try_expression":
        return False  # `let _ = tx.execute(q).await?;`: `?` hands the error up; only the value is dropped
    called = _discarded_call(match, value)
    if called is None or _cleanup(match, statement, value):
        return False
    if _comment_before(statement) or _in_test_code(statement):
        return False
    if _records_the_failure(match, statement):
        return False
    how = "bound to `_`" if statement.type == "let_declaration" else "turned into an Option with `.ok()`"
    if statement.type != "let_declaration" and "unwrap_or_default" in match.text(statement).rsplit(".", 1)[-1]:
        how = "replaced with a default"
    match.message_args["what"] = f"the Result of `{called}` is {how} and never looked at"
    return True


def _records_the_failure(match: MatchContext, statement: tree_sitter.Node) -> bool:
    """`if let Err(e) = step { let _ = record(e).await; return Err(e); }`: on the way out with the
    original error, a best-effort note of it (a `last_error` column, a status) that may fail too."""
    block = statement.parent
    if block is None or block.type != "block":
        return False
    holder = block.parent
    pattern_text = ""
    if holder is not None and holder.type == "if_expression":
        condition = holder.child_by_field_name("condition")
        pattern_text = match.text(condition) if condition is not None else ""
    elif holder is not None and holder.type == "match_arm":
        pattern = holder.child_by_field_name("pattern")
        pattern_text = match.text(pattern) if pattern is not None else ""
    if not re.match(r"^(?:let\s+)?Err\s*\(", pattern_text):
        return False
    after = block.named_children[block.named_children.index(statement) + 1 :]
    return any(re.match(r"^(?:return\s+)?Err\s*\(", match.text(node)) for node in after)


# --- BL207 -----------------------------------------------------------------------------------------

_REQWEST_USE = re.compile(rb"^\s*(?:pub(?:\([^)]*\))?\s+)?use\s+reqwest\b(?!::blocking)", re.M)
_BLOCKING_USE = re.compile(rb"^\s*(?:pub(?:\([^)]*\))?\s+)?use\s+reqwest::blocking\b", re.M)
_TIMEOUT_CALL = re.compile(rb"\.(?:timeout|read_timeout)\s*\(")


def _reqwest_imports(match: MatchContext) -> tuple[bool, bool]:
    """(the file uses reqwest, it uses reqwest's blocking client): from its `use` declarations."""
    file = match.file
    cached: tuple[bool, bool] | None = file.cache.get("rust_reqwest")
    if cached is None:
        cached = (_REQWEST_USE.search(file.data) is not None, _BLOCKING_USE.search(file.data) is not None)
        file.cache["rust_reqwest"] = cached
    return cached


def _within_timeout(node: tree_sitter.Node) -> bool:
    """Inside `tokio::time::timeout(duration, ...)`: the caller bounds the wait itself."""
    current = node.parent
    while current is not None and current.type not in ("function_item", "closure_expression"):
        if current.type == "call_expression":
            function = current.child_by_field_name("function")
            if function is not None and node_bytes(function).rsplit(b"::", 1)[-1] == b"timeout":
                return True
        current = current.parent
    return False


def _first_request(match: MatchContext, call: tree_sitter.Node) -> tree_sitter.Node | None:
    """`let client = Client::new(); ... client.post(url)`: the first request made through a client
    kept in a local variable, in the same function."""
    declaration = call.parent
    pattern = declaration.child_by_field_name("pattern") if declaration is not None else None
    function = enclosing(call, ("function_item", "closure_expression"))
    if declaration is None or declaration.type != "let_declaration" or pattern is None or function is None:
        return None
    name = node_bytes(pattern)
    for node in descendants(function):
        if node.start_byte <= declaration.end_byte or node.type != "call_expression":
            continue
        callee = node.child_by_field_name("function")
        if callee is None or callee.type != "field_expression":
            continue
        target, field = callee.child_by_field_name("value"), callee.child_by_field_name("field")
        if target is not None and node_bytes(target) == name and field is not None and node_bytes(field) in _VERBS:
            return node
    return None


_VERBS = frozenset({b"get", b"post", b"put", b"patch", b"delete", b"head", b"request", b"execute"})


@check("rust_client_lacks_timeout")
def rust_client_lacks_timeout(match: MatchContext) -> bool:
    call, callee = match.node("finding"), match.node("_callee")
    if call is None or callee is None:
        return False
    path = match.text(callee.child_by_field_name("path"))
    function = match.text(match.node("_fn"))
    uses_reqwest, uses_blocking = _reqwest_imports(match)
    # The blocking client times out after 30 s; another crate's `Client` (awc, hyper, redis) is not
    # ours to judge. A bare `Client` is reqwest's when the file imports reqwest and not its blocking API.
    if "::" in path:
        if not path.startswith("reqwest") or "blocking" in path:
            return False
    elif uses_blocking or not uses_reqwest:
        return False
    if _in_test_code(call) or _within_timeout(call):
        return False
    arguments = call.child_by_field_name("arguments")
    if function != "builder" and arguments is not None and arguments.named_children and match.node("_pkg") is None:
        return False  # reqwest-middleware's `ClientBuilder::new(client)` wraps a client built elsewhere
    if match.node("_pkg") is not None:
        match.message_args["what"] = "`reqwest::get()` uses a client with no timeout"
        return True
    item = _top_item(call)
    if function in ("new", "default"):
        # A client whose requests carry their own `.timeout(...)` is bounded: a local client's requests
        # are in its function; a client kept in a struct is used across the item (its impl).
        if call.parent is not None and call.parent.type == "let_declaration":
            item = enclosing(call, ("function_item", "closure_expression")) or item
        if _TIMEOUT_CALL.search(match.file.data, item.start_byte, item.end_byte):
            return False
        match.message_args["what"] = f"`{match.text(callee)}()` builds a client with no timeout"
        request = _first_request(match, call)
        if request is not None:
            # The hang happens where the request is sent: report there, naming the client built above.
            match.finding = request
            match.message_args["what"] = (
                f"`{match.text(request.child_by_field_name('function'))}()` is sent through a client built with "
                f"`{match.text(callee)}()` (line {call.start_point[0] + 1}), which has no timeout"
            )
        return True
    # `Client::builder()...build()`: the chain itself must set a timeout. A builder kept in a variable
    # may get one later: left alone.
    current = call
    while current.parent is not None and current.parent.type == "field_expression":
        method_call = current.parent.parent
        if method_call is None or method_call.type != "call_expression":
            return False
        field = match.text(current.parent.child_by_field_name("field"))
        if field in ("timeout", "read_timeout"):
            return False
        if field == "build":
            match.message_args["what"] = f"`{match.text(callee)}()` builds a client without `.timeout(...)`"
            return True
        current = method_call
    return False
