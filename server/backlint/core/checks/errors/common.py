"""What every error-handling check shares: tree walks, "is this handler a deliberate choice?", the
parse-or-default fallback, and the helper queries that compute facts about a whole file.

A helper query lives in `queries/<folder>/helpers/<name>.scm` and is read like a rule's query: a
language that inherits a folder (TypeScript and TSX inherit `javascript/`) reads the inherited file
first, then its own `helpers/<name>.scm` (patterns added for its grammar), then its own
`helpers/<name>.local.scm` (patterns only that folder's grammar compiles, never inherited). Each is
compiled once per grammar, on first use, and kept. Every helper is declared with `helper(...)`, which
names the captures the checks read, so `tests/catalog/test_helper_queries.py` compiles each one against
every grammar that uses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import tree_sitter

from ... import languages
from ...nodes import node_bytes
from ...querypaths import queries_root
from ..base import FileContext

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


_COMMENT_TYPES = frozenset({"comment", "line_comment", "block_comment"})
_FALLBACK_STATEMENTS = frozenset(
    {"return_statement", "continue_statement", "break_statement", "local_variable_declaration", "assignment_statement"}
)
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
    returned or assigned). For BL201 an otherwise empty handler with any reason in it is deliberate
    too (`reasons_given`, policy 3 below); Go's and Rust's checks still want the words."""
    if variable and _DELIBERATE_NAME.match(variable):
        return True
    if handler is None:
        return False
    reasons = [
        node_bytes(node).decode("utf-8", "replace") for node in descendants(handler) if node.type in _COMMENT_TYPES
    ]
    reasons = [r for r in reasons if _gives_a_reason(r)]
    return any(_DELIBERATE_WORDS.search(r) for r in reasons) or (falls_back and bool(reasons))


_DELIBERATE_WORDS = re.compile(
    r"(?i)\b(?:ignor\w*|intentional\w*|deliberate\w*|on purpose|expected|silent\w*|quiet\w*|no-?op|nothing to do"
    r"|can(?:'|no)?t happen|never happens|safe to|harmless|not an error|fall ?back|default|instead|otherwise"
    r"|if (?:that|this|it) fails)\b|忽略|静默"
)


# Not reasons: a promise to come back (TODO), a linter directive, or an ellipsis.
_NOT_A_REASON = re.compile(
    r"^(?:todo|fixme|xxx|hack|tbd)\b|^(?:noqa|nolint|nosec|nosonar|type:\s*ignore|pylint:|eslint-|ts-ignore|ts-expect-error"
    r"|backlint:)"  # a suppression is its own, visible decision: the finding stays, marked suppressed
    r"|^(?:ruleid|ok|todoruleid|todook|expect)\s*:",  # test markup says what a linter should find, not why
    re.I,
)


def _gives_a_reason(comment: str) -> bool:
    text = comment.strip().lstrip("#/*!").rstrip("*/").strip()
    return any(c.isalpha() for c in text) and not _NOT_A_REASON.search(text)


# Conversions whose failure means "not that kind of value": int(), float(), bytes.fromhex, json.loads,
# version.parse, Integer.parseInt, InetAddress.getByName ...
_PARSE_CALL = re.compile(
    r"\b(?:int|float|Decimal|fromhex|loads|parse|strptime|fromisoformat|UUID|ip_address|ip_network|b64decode"
    r"|urlparse|literal_eval|parseInt|parseLong|parseDouble|parseFloat|valueOf|getByName|getLocalHost|getHostName"
    r"|forName|decode|json\.load|safe_load|toml\.load)\s*\("
)


def parse_or_default(body: tree_sitter.Node, attempt: tree_sitter.Node | None, parse_call: re.Pattern[str]) -> bool:
    """Parse or default: the `try` only converts a value (`return float(raw)`, `int.Parse(s)`,
    `Carbon::parse($raw)`: one of the language's `parse_call`s) and the handler only supplies the
    default (`return None`, `host = "127.0.0.1"`). Failing to convert is the expected case, handled
    on purpose; anything bigger in the `try` stays a finding."""
    tried = non_comment_children(attempt) if attempt is not None else []
    if not 1 <= len(tried) <= 2 or not any(parse_call.search(node_bytes(t).decode("utf-8", "replace")) for t in tried):
        return False
    statements = [s for s in non_comment_children(body) if s.type != "pass_statement"]
    if not statements:
        return True  # the default was set before the `try`
    if len(statements) != 1:
        return False
    statement = statements[0]
    if statement.type == "return_statement":
        return True
    inner = (
        statement.named_children[0] if statement.type == "expression_statement" and statement.named_children else None
    )
    return inner is not None and inner.type in ("assignment", "assignment_expression")


def _real_fallback(body: tree_sitter.Node, attempt: tree_sitter.Node | None) -> bool:
    return parse_or_default(body, attempt, _PARSE_CALL)


# --- BL201: what a reviewer counts as handling ----------------------------------------------------
#
# One policy, every language (docs/rules/BL201.md says it in words). A handler is not reported when:
# 1. it catches a narrow type (not the language's broad ones) and does nothing or falls back: a decision
#    about an expected failure (`NotFoundException` -> try the next source). A TODO in it says the decision
#    is still to be made; printing the stack trace is no decision either; and a client's own catch-all
#    (`StripeException` around the Stripe client, `RedisException` around Redis) is broad for that call;
# 2. it degrades to an alternative computed from the data at hand (`return ERB::Util.h(text)`,
#    `ext_name = dir_name`), even under a broad catch; a literal or constant default is no alternative;
# 3. it is otherwise empty and a comment in it gives a reason (any reason, as ESLint's no-empty reads it);
# 4. it is empty (or only continues) in a loop whose body is the `try`: best effort per item, or polling;
# 5. it answers "no" in a function whose name asks a question (`is_x`, `hasX`, `TryX`, `x?`);
# 6. the code right after it acts on the failure: the value the `try` was to set is checked before use,
#    or the next statement throws or answers that it failed.


@dataclass(frozen=True)
class Idioms:
    """How one grammar spells what the policy reads."""

    variables: frozenset[str]  # nodes that read a variable or the object's state (`x`, `$x`, `@x`, `this`)
    functions: frozenset[str]  # function, method and lambda nodes: where a scope ends
    throws: frozenset[str] = frozenset({"throw_statement", "raise_statement", "throw_expression"})
    returns: frozenset[str] = frozenset({"return_statement"})
    assignments: frozenset[str] = frozenset({"assignment", "assignment_expression"})


_KEYWORDS = frozenset({"null", "nil", "None", "true", "false", "True", "False", "undefined"})
_CALLS = frozenset(
    {"call_expression", "call", "invocation_expression", "method_invocation", "function_call_expression"}
)
_ARGUMENTS = frozenset(
    {"argument_list", "arguments", "value_arguments", "annotated_lambda", "argument", "value_argument"}
)
# Where a read names something other than a variable: a callee, a member, a keyword, a type.
_NOT_READS = frozenset({"function", "name", "method", "attribute", "property", "field", "key", "type", "constructor"})
_LOOPS = frozenset({
    "for_statement", "enhanced_for_statement", "foreach_statement", "for_in_statement", "while_statement",
    "do_statement", "do_while_statement", "while", "until", "for",
})  # fmt: skip
# What lies between a loop and the `try` that is its body: blocks and branches.
_PASS_THROUGH = frozenset({
    "block", "statement_block", "compound_statement", "body_statement", "block_body", "statements",
    "control_structure_body", "then", "else", "do", "else_clause", "elif_clause", "else_if_clause",
    "if_statement", "if", "unless", "if_expression", "expression_statement", "function_body",
})  # fmt: skip
_LAMBDAS = frozenset({
    "lambda_expression", "arrow_function", "function_expression", "function", "lambda_literal", "do_block",
    "block", "anonymous_function", "anonymous_method_expression",
})  # fmt: skip
# Calls whose function argument runs once per item.
_ITERATORS = re.compile(
    r"(?:^|[.\s:>])(?:forEach|ForEach|for_each|foreach|each(?:_\w+)?|find_each|times|loop|map|collect|flatMap|flat_map"
    r"|filter_map|array_map|array_walk|forEachIndexed|onEach|upto|downto|step)\s*(?:\(\s*)?$"
)
_TODO = re.compile(r"^(?:todo|fixme|xxx|hack|tbd)\b", re.I)
# Test markup (`ruleid: BL201`, `expect: error-handling`) says what a linter should find, not why.
_ANNOTATION = re.compile(r"^(?:ruleid|ok|todoruleid|todook|expect)\s*:", re.I)
# Code commented out (`console.error(error);`, `log.warn(e)`) documents nothing.
_COMMENTED_OUT = re.compile(r"^[\w$.\[\]'\"]+\s*(?:\(.*\)\s*;?|=[^=].*;)\s*$")
# A value that is an answer to the client, not a degraded result: judged by what it says, elsewhere.
_RESPONSE = re.compile(
    r"(?i)(?:^|[^\w])(?:jsonify|\w*response|render\w*|redirect\w*|abort|head|status(?:_?code)?|problem|view|back"
    r"|not_?found|bad_?request|unauthorized|forbidden|no_?content|ok)\s*[(:]|,\s*[45]\d\d\s*\)?\s*$"
    r"|(?:^|[^\w.])(?:render|redirect_to|redirect_back\w*|head|respond_with|halt)\s+[\w:@\"'{\[]"  # Ruby, no parens
)
_NULL_CHECK = (
    r"(?:{n}\s*(?:[!=]==?|\bis(?:\s+not)?)\s*(?:null|nil|None|undefined)\b|\b(?:null|nil|None|undefined)\s*[!=]==?\s*{n}\b"
    r"|(?:!|\bnot\s+|\bunless\s+)\s*\(?\s*{n}\b(?!\s*[.\[(])|{n}\s*(?:\.nil\?|\.blank\?|\.present\?|\.(?:is)?[eE]mpty\b|\?\?|\|\||\?:)"
    r"|\b(?:isset|empty|is_null|Objects\.isNull|Objects\.nonNull)\s*\(\s*{n}\s*\)|^\(?\s*{n}\s*\)?$"
    # the empty default compared: `if title.to_s == ""`, `title === ''`
    r"|{n}(?:\.to_s|\.strip|\.trim\(\))?\s*[!=]==?\s*(?:\"\"|'')|(?:\"\"|'')\s*[!=]==?\s*{n}\b)"
)
_FAILURE_ANSWER = re.compile(
    r"(?i)\b\w*(?:fail(?:ed|ure)?|error)\w*\s*\(|\b(?:ok|success|sent|found|valid)['\"]?\s*(?::|=>?)\s*false\b"
)
_PROBE_VERBS = frozenset({"is", "has", "can", "try"})
_QUALIFIERS = frozenset({"internal"})  # `InternalIsTesting` asks as `IsTesting` does
# Words of a name that asks rather than does: its `false` is an answer, not a failure report.
_QUESTION_WORDS = _PROBE_VERBS | {"should", "may", "needs", "supports", "exists", "exist", "check", "contains", "valid"}
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def reasons_given(nodes: list[tree_sitter.Node]) -> list[str]:
    """The comments among and under `nodes` that give a reason (not a TODO, a linter directive or code)."""
    found = []
    for node in nodes:
        for part in descendants(node):
            if part.type in _COMMENT_TYPES:
                text = node_bytes(part).decode("utf-8", "replace")
                body = text.strip().lstrip("#/*!").rstrip("*/").strip()
                if _gives_a_reason(text) and not _COMMENTED_OUT.match(body) and not _ANNOTATION.match(body):
                    found.append(text)
    return found


def promises_handling(nodes: list[tree_sitter.Node]) -> bool:
    """A TODO or FIXME in the handler: the author says the handling is still missing."""
    return any(
        _TODO.match(node_bytes(n).decode("utf-8", "replace").strip().lstrip("#/*!").strip())
        for node in nodes
        for n in descendants(node)
        if n.type in _COMMENT_TYPES
    )


def words(name: str) -> list[str]:
    """`InternalIsTesting` -> internal, is, testing; `has_access?` -> has, access."""
    return [w.lower() for w in _WORD.findall(name)]


def is_probe(name: str) -> bool:
    """A function whose name asks a question: `is_valid`, `hasAccess`, `TryParse`, `InternalIsTesting`,
    Ruby's `valid?`. Failing to find out is an answer: no."""
    parts = words(name)
    while parts and parts[0] in _QUALIFIERS:
        parts = parts[1:]
    return name.endswith("?") or (bool(parts) and parts[0] in _PROBE_VERBS)


def function_name(node: tree_sitter.Node, idioms: Idioms) -> str:
    function = enclosing(node, tuple(idioms.functions))
    named = function.child_by_field_name("name") if function is not None else None
    if named is None and function is not None:
        named = next((c for c in function.named_children if c.type in ("identifier", "simple_identifier")), None)
    return node_bytes(named).decode("utf-8", "replace") if named is not None else ""


def reads_data(value: tree_sitter.Node, idioms: Idioms, exception: str | None = None) -> bool:
    """The value reads a variable, a parameter or the object's state (not the exception itself): it is
    computed from the data at hand. Literals, constants and `Catalog.default` read none."""
    skip = {exception, f"${exception}" if exception else None} - {None}
    for node in descendants(value):
        if node.type not in idioms.variables:
            continue
        text = node_bytes(node).decode("utf-8", "replace")
        parent = node.parent
        field = parent.field_name_for_child(list(parent.children).index(node)) if parent is not None else None
        if text in skip or text in _KEYWORDS or field in _NOT_READS or text[:1].isupper():
            continue
        if field is None and parent is not None and parent.type in _CALLS and parent.named_children[:1] == [node]:
            continue  # Kotlin's `g()`: the callee, not a read
        return True
    return False


def is_response(value: tree_sitter.Node) -> bool:
    return _RESPONSE.search(node_bytes(value).decode("utf-8", "replace").strip()) is not None


def fallback_values(statements: list[tree_sitter.Node], idioms: Idioms) -> list[tree_sitter.Node]:
    """What the handler returns or assigns instead of the result."""
    values = []
    for statement in statements:
        inner = statement
        if statement.type == "expression_statement" and statement.named_children:
            inner = statement.named_children[0]
        if inner.type in idioms.returns and inner.named_children:
            value = inner.named_children[0]
            if value.type == "argument_list" and value.named_children:  # Ruby's `return x`
                value = value.named_children[0]
            values.append(value)
        elif inner.type in idioms.assignments:
            right = inner.child_by_field_name("right") or (inner.named_children[-1] if inner.named_children else None)
            if right is not None:
                values.append(right)
    return values


def computed_fallback(values: list[tree_sitter.Node], idioms: Idioms, exception: str | None = None) -> bool:
    """Policy 2: the handler degrades to an alternative built from the data at hand, or gives the
    empty answer the function gives on a normal path too."""
    return any(reads_data(v, idioms, exception) and not is_response(v) for v in values) or _normal_answer(
        values, idioms
    )


_EMPTY_ANSWERS = frozenset({"null", "nil", "None", "[]", "{}", "false", "False", "array()", '""', "''"})
_HANDLER_NODE = re.compile(r"catch|rescue|except")


def _normal_answer(values: list[tree_sitter.Node], idioms: Idioms) -> bool:
    """`return null` from a handler in a function that also returns null when nothing is found: null
    is one of its answers, which every caller already handles (Koel's streamability probe)."""
    for value in values:
        text = node_bytes(value).decode("utf-8", "replace").strip()
        if text not in _EMPTY_ANSWERS:
            continue
        handler = value.parent
        while handler is not None and not _HANDLER_NODE.search(handler.type):
            handler = handler.parent
        function = enclosing(value, tuple(idioms.functions))
        if handler is None or function is None:
            continue
        for node in descendants(function):
            if node.type not in idioms.returns or not node.named_children:
                continue
            if handler.start_byte <= node.start_byte < handler.end_byte:
                continue
            if enclosing(node, tuple(idioms.functions)) == function and (
                node_bytes(_returned(node)).decode("utf-8", "replace").strip() == text
            ):
                return True
    return False


def _callee_before(call: tree_sitter.Node, argument: tree_sitter.Node) -> str:
    data = call.text or b""
    return data[: argument.start_byte - call.start_byte].decode("utf-8", "replace").rstrip()


def in_loop_body(attempt: tree_sitter.Node) -> bool:
    """Policy 4: the `try` is (part of) the body of a loop, directly or under a branch, or of a function
    handed to `forEach` / `each` / `map`: one item's failure must not stop the others."""
    node = attempt
    while node.parent is not None:
        parent = node.parent
        if parent.type in _LOOPS:
            return True
        if node.type in _LAMBDAS and node is not attempt and parent.type in _ARGUMENTS | _CALLS:
            call: tree_sitter.Node | None = parent
            while call is not None and call.type in _ARGUMENTS:
                call = call.parent
            return call is not None and _ITERATORS.search(_callee_before(call, node)) is not None
        if parent.type not in _PASS_THROUGH and parent.type not in _LAMBDAS:
            return False
        node = parent
    return False


def follows_other_handlers(clause: tree_sitter.Node) -> bool:
    """`except IntegrityError: ...` then `except Exception: continue`: the expected failure has its own
    handler, so the broad one after it takes only the unexpected, and skipping those is no decision."""
    previous = clause.prev_named_sibling
    while previous is not None:
        if previous.type == clause.type:
            return True
        previous = previous.prev_named_sibling
    return False


def _assigned_names(attempt: tree_sitter.Node, idioms: Idioms) -> set[str]:
    names = set()
    for node in descendants(attempt):
        if node.type in idioms.assignments:
            left = node.child_by_field_name("left") or (node.named_children[0] if node.named_children else None)
            if left is not None and left.type in idioms.variables:
                names.add(node_bytes(left).decode("utf-8", "replace"))
    return names


def checked_later(
    attempt: tree_sitter.Node, idioms: Idioms, names: set[str] | None = None, after: tree_sitter.Node | None = None
) -> bool:
    """Policy 6: the value the `try` (`attempt`) was to set (`x = lookup()`) is first read, after the whole
    statement (`after`: its catch and finally clauses too), in a test for null / nil / empty
    (`if (x == null)`, `unless x`, `x ?? y`): the default is the signal acted on."""
    names = _assigned_names(attempt, idioms) if names is None else names
    function = enclosing(attempt, tuple(idioms.functions))
    end = (after or attempt).end_byte
    if not names or function is None:
        return False
    checked = False
    for name in names:
        reads = [
            n
            for n in descendants(function)
            if n.type in idioms.variables and n.start_byte >= end and node_bytes(n).decode() == name
        ]
        reads = [n for n in reads if not _written(n, idioms)]
        if not reads:
            continue
        first = min(reads, key=lambda n: n.start_byte)
        context = _condition_of(first)
        text = " ".join(node_bytes(context).decode("utf-8", "replace").split()) if context is not None else ""
        pattern = _NULL_CHECK.format(n=re.escape(name))
        if not text or not re.search(pattern, text):
            return False  # used as if it had been set
        checked = True
    return checked


def _written(node: tree_sitter.Node, idioms: Idioms) -> bool:
    parent = node.parent
    return parent is not None and parent.type in idioms.assignments and parent.named_children[:1] == [node]


def _condition_of(node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The condition (of an if, unless, ternary, or a `??` / `||` expression) the read belongs to."""
    current = node
    for _ in range(8):
        parent = current.parent
        if parent is None:
            return None
        field = parent.field_name_for_child(list(parent.children).index(current))
        if field == "condition":
            return current
        if parent.type in ("binary_expression", "binary", "boolean_operator", "elvis_expression") and field in (
            "left",
            None,
        ):
            grand = parent.parent
            if grand is None or grand.field_name_for_child(list(grand.children).index(parent)) != "condition":
                return parent
        current = parent
        if current.type.endswith("statement") or current.type in ("if", "unless", "if_modifier", "unless_modifier"):
            return None
    return None


def answered_after(attempt: tree_sitter.Node, idioms: Idioms) -> bool:
    """Policy 6: the statement after the `try` throws, or answers that the work failed
    (`return CommonResult.failed()`, `callback({ ok: false })`)."""
    following = attempt.next_named_sibling
    while following is not None and following.type in _COMMENT_TYPES:
        following = following.next_named_sibling
    if following is None:
        return False
    if following.type in idioms.throws or any(n.type in idioms.throws for n in following.named_children[:1]):
        return True
    text = node_bytes(following).decode("utf-8", "replace")
    if _RETURNS_FALSE.match(text) and _RETURNS_TRUE.search(node_bytes(attempt).decode("utf-8", "replace")):
        return True  # `try { ...; return true } catch {}` then `return false`: the failure is the answer
    return _FAILURE_ANSWER.search(text) is not None


_RETURNS_FALSE = re.compile(r"^return\s+(?:false|False)\s*;?$")
_RETURNS_TRUE = re.compile(r"\breturn\s+(?:true|True)\b")


def failure_verdict(statements: list[tree_sitter.Node], idioms: Idioms, false: str = "false") -> bool:
    """`return false` in a function that answers `true` when the work is done: false is its failure
    answer, and the caller is told (as `{"sent": False}` tells it)."""
    values = [v for v in fallback_values(statements, idioms) if node_bytes(v).decode("utf-8", "replace") == false]
    if not values or len(statements) != 1 or statements[0].type not in idioms.returns | {"expression_statement"}:
        return False
    function = enclosing(statements[0], tuple(idioms.functions))
    if _QUESTION_WORDS & set(words(function_name(statements[0], idioms))):
        return False  # `customer_exists()`: its False answers the question, wrongly when the lookup failed
    truth = false.replace("false", "true").replace("False", "True")
    return function is not None and any(
        n.type in idioms.returns and n.named_children and node_bytes(_returned(n)).decode("utf-8", "replace") == truth
        for n in descendants(function)
    )


def _returned(node: tree_sitter.Node) -> tree_sitter.Node:
    value = node.named_children[0]
    return value.named_children[0] if value.type == "argument_list" and value.named_children else value


_CLIENT_TAIL = frozenset({"api", "client", "service", "sdk", "connection", "transport", "request", "server", "remote"})
_CLIENT_NOUNS = _CLIENT_TAIL | {
    "adapter",
    "gateway",
    "proxy",
    "session",
    "pool",
    "conn",
    "instance",
    "handle",
    "facade",
}


def client_catch_all(type_name: str, attempt: tree_sitter.Node | None) -> bool:
    """`StripeException` around `_stripeAdapter.GetCustomerAsync(...)`, `RedisException` around
    `$this->redis->pconnect(...)`: the exception named after the client the `try` calls is every failure
    that client has, outages included. It is as broad as `Exception` for that call."""
    stem = re.sub(r"(?:Exception|Error)(?:Interface)?$", "", type_name.rsplit(".", 1)[-1].rsplit("\\", 1)[-1])
    parts = words(stem)
    if attempt is None or not parts or any(p not in _CLIENT_TAIL for p in parts[1:]):
        return False
    text = node_bytes(attempt).decode("utf-8", "replace")
    receivers = re.findall(
        r"(?:^|[^\w$@.>])[$@]?(?:this\.|this->|\$this->|self\.|@)?([a-z_]\w*)\s*(?:\.|->|\?\.)\s*\w+", text
    )
    receivers += re.findall(r"\bnew\s+\\?(?:\w+\\)*(\w+)", text)
    # `_stripeAdapter`, `alipayClient`, `$this->redis`, `new \Redis()`; not `new ReflectionFunction(...)`
    return any(
        words(r)[:1] == parts[:1] and set(words(r)[1:]) <= _CLIENT_NOUNS for r in receivers if r not in ("this", "self")
    )


# --- helper queries -------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one declaration, one cache entry
class HelperQuery:
    """`queries/<folder>/helpers/<name>.scm`, run over a whole file by `file_matches`. `captures` are
    the names the checks read from its matches (the catalog test holds the query to exactly these)."""

    folder: str  # the queries/ folder it belongs to; every language that reads that folder runs it
    name: str
    captures: frozenset[str]

    def grammars(self) -> list[str]:
        """The grammars that read this helper's folder."""
        return [name for name in languages.LANGUAGES if self.folder in languages.query_folders(name)]

    def files(self, language: str) -> list[Path]:
        """The files that make up the helper for one grammar, as `rules.query_files` orders a rule's."""
        folders = languages.query_folders(language)
        if self.folder not in folders:
            raise ValueError(f"helper query {self.folder}/helpers/{self.name} is not read by {language}")
        root = queries_root()
        files = [root / folder / "helpers" / f"{self.name}.scm" for folder in reversed(folders)]
        files.append(root / folders[0] / "helpers" / f"{self.name}.local.scm")
        return [path for path in files if path.is_file()]

    def compile(self, language: str) -> tree_sitter.Query:
        """The helper's query for one grammar. A missing file or a query the grammar rejects is a
        packaging or authoring error: it names the files (`rules.CatalogError` cannot be raised here,
        see `queries_root`)."""
        files = self.files(language)
        if not files:
            raise FileNotFoundError(
                f"{queries_root() / self.folder / 'helpers' / self.name}.scm: the helper query is missing"
            )
        text = "\n".join(path.read_text(encoding="utf-8") for path in files)
        try:
            return tree_sitter.Query(languages.grammar(language), text)
        except tree_sitter.QueryError as error:
            raise tree_sitter.QueryError(f"{' + '.join(str(path) for path in files)}: {error}") from error


# Every helper query the checks use, for the catalog test.
HELPERS: list[HelperQuery] = []
_QUERIES: dict[tuple[str, HelperQuery], tree_sitter.Query] = {}


def helper(folder: str, name: str, *captures: str) -> HelperQuery:
    """Declare a helper query (at import time; nothing is read or compiled until a file needs it)."""
    declared = HelperQuery(folder, name, frozenset(captures))
    HELPERS.append(declared)
    return declared


def file_matches(file: FileContext, query_of: HelperQuery) -> list[dict[str, list[tree_sitter.Node]]]:
    """Run a helper query over the whole file (compiled once per grammar)."""
    key = (file.language, query_of)
    query = _QUERIES.get(key)
    if query is None:
        query = _QUERIES[key] = query_of.compile(file.language)
    return [captures for _index, captures in tree_sitter.QueryCursor(query).matches(file.tree.root_node)]
