"""Error-handling checks for Ruby: rescues that swallow the error (BL201) and HTTP calls through
clients that have no timeout unless given one (BL207)."""

from __future__ import annotations

import re

import tree_sitter

from ...nodes import node_bytes
from ..base import MatchContext, check
from .common import (
    _DELIBERATE_WORDS,
    Idioms,
    _gives_a_reason,
    checked_later,
    computed_fallback,
    descendants,
    enclosing,
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

# --- Ruby: BL201 swallowed-exception --------------------------------------------------------------

# What a bare `rescue` and `rescue => e` catch, and the class above it. Any other class is narrow:
# rescuing it is a decision (common's policy 1), whatever the handler does.
_RB_BROAD = {"StandardError", "Exception", "::StandardError", "::Exception"}
IDIOMS = Idioms(
    variables=frozenset({"identifier", "instance_variable", "class_variable", "self"}),
    functions=frozenset({"method", "singleton_method"}),
    throws=frozenset(),
    returns=frozenset({"return"}),
    assignments=frozenset({"assignment", "operator_assignment"}),
)
# Where a statement's value is dropped: a `begin` here, or a rescue's `nil` in it, is no value.
_RB_STATEMENTS = frozenset({"body_statement", "then", "else", "do", "block_body", "program", "begin", "ensure"})

# Calls that raise again, report, log, count or wait to retry: the error does not vanish. Matched on
# the words of the callee (`Rails.logger.error`, `Sentry.capture_exception`, `notify_processing_error`,
# `ErrorTracker.track`), so that `Catalog.default` or `login` are not taken for logging.
_RB_REPORTING_WORDS = frozenset({
    "log", "logger", "logging", "report", "reporter", "notify", "notifier", "notification", "notice", "capture",
    "sentry", "honeybadger", "bugsnag", "rollbar", "airbrake", "appsignal", "newrelic", "datadog", "track",
    "tracker", "alert", "warn", "warning", "puts", "print", "p", "pp", "abort", "exit", "retry", "fail", "raise",
    "error", "errors", "stderr", "sleep", "backoff", "instrument", "increment", "statsd", "metric", "metrics",
})  # fmt: skip
_RB_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def _rb_reports(callee: str) -> bool:
    return any(word.lower() in _RB_REPORTING_WORDS for word in _RB_WORD.findall(callee))


# Statements that branch or loop: handling logic of their own, not a reflexive swallow.
_RB_COMPOUND = {
    "if", "unless", "case", "case_match", "while", "until", "for", "begin", "if_modifier", "unless_modifier",
    "while_modifier", "until_modifier",
}  # fmt: skip
# What a handler gives back instead of the error: a default.
_RB_DEFAULTS = {
    "nil", "true", "false", "integer", "float", "string", "simple_symbol", "array", "hash", "self", "constant",
    "scope_resolution",
}  # fmt: skip
_RB_FALLBACK_STATEMENTS = {"return", "next", "break", "assignment", "operator_assignment"}
_RB_NAMES = {"identifier", "instance_variable", "class_variable"}

# Conversions whose failure means "not that kind of value": `JSON.parse(s)`, `Integer(x)`, `URI(url)`,
# `Time.zone.parse(s)`, `value.to_date`, `"#{name}Format".constantize`, `Base64.strict_decode64(s)`.
_RB_PARSE = re.compile(
    r"(?:\b(?:Integer|Float|BigDecimal|Rational|Complex|URI|Pathname|IPAddr\.new|Gem::Version\.new|Time\.at"
    r"|Nokogiri::(?:HTML5?|XML)(?:::Document\.parse)?)\s*\("
    r"|\.(?:(?:\w+_)?parse|strptime|iso8601|rfc2822|httpdate|load|load_file|safe_load|safe_load_file"
    r"|unsafe_load|decode|decode64|strict_decode64|urlsafe_decode64|unpack1?|to_date|to_time|to_datetime|from"
    r"|constantize|safe_constantize|const_get|to_r|to_c|from_json|from_xml|escape|unescape|unescapeHTML"
    r"|escapeHTML|encode|unicode_normalize|find_encoding|verify|verified|decrypt|decrypt_and_verify)\b"
    r"|\bEncoding\.find\b|\bparse_\w+\s*\(|\bconst_get\s*\("
    # Reshaping a string (failing only on input of another kind), reading a preferences store.
    r"|\.(?:gsub|sub|tr|delete|squish)\s*\(|\bConfig\s*\[)"
)
# Releasing a resource after the work is done or while failing: nothing left to recover.
_RB_CLEANUP = re.compile(
    r"^(?:[\w@:.&]+(?:\.|&\.))?(?:close|close!|finish|disconnect!?|shutdown|quit|logout|unlink|close_write"
    r"|close_read|release|kill|terminate|stop)(?:\(.*\))?$",
    re.S,
)

_RB_FAILURE_WORDS = re.compile(
    r"(?i)fail|error|invalid|unable|could ?not|cannot|can't|pending|unavailable|unknown|not[ _]found|denied|forbidden"
)
# A response that tells the client the request failed (4xx); a 5xx tells no one on the server why.
_RB_CLIENT_ERROR = re.compile(
    r":(?:bad_request|unauthorized|forbidden|not_found|conflict|gone|unprocessable_entity|unprocessable_content"
    r"|not_acceptable|payment_required|precondition_failed|too_many_requests|request_timeout)\b|\b4\d\d\b"
)
_RB_SERVER_ERROR = re.compile(r":internal_server_error\b|\b5\d\d\b")
_RB_RESPONSES = {"render", "head", "redirect_to", "redirect_back", "redirect_back_or_to", "respond_with", "halt"}

# Methods that answer a question: failing to find out is an answer (`valid?`, `reachable?`).
_RB_PREDICATE = re.compile(r"\?$|^_*(?:is|has|can|should|may|needs|supports|exists|check|looks_like|safe)(?:_|$)")


def _text(node: tree_sitter.Node | None) -> str:
    return node_bytes(node).decode("utf-8", "replace") if node is not None else ""


def _rb_method_name(call: tree_sitter.Node) -> str:
    return _text(call.child_by_field_name("method"))


def _rb_handles(body: tree_sitter.Node, variable: str | None) -> bool:
    """Anything in the body that raises again, retries, uses the error, or records/reports it."""
    if any(statement.type in _RB_COMPOUND for statement in body.named_children):
        return True
    for part in descendants(body):
        if part.type == "retry":
            return True
        if part.type == "identifier":
            name = _text(part)
            if (variable and name == variable) or name in ("raise", "fail", "abort", "exit", "exit!", "retry"):
                return True
            if part.parent is not None and part.parent.type == "then" and _rb_reports(name):
                return True  # `notify_processing_error`: a method called without arguments
        elif part.type == "global_variable" and _text(part) in ("$!", "$ERROR_INFO", "$@"):
            return True
        elif part.type == "call":
            receiver = part.child_by_field_name("receiver")
            callee = (_text(receiver) + "." if receiver is not None else "") + _rb_method_name(part)
            if _rb_reports(callee):
                return True
    return False


def _rb_falls_back(statements: list[tree_sitter.Node]) -> bool:
    """The handler does something instead: returns or assigns a default, skips to the next item, or
    ends with a default value."""
    if any(s.type in _RB_FALLBACK_STATEMENTS for s in statements):
        return True
    return bool(statements) and statements[-1].type in _RB_DEFAULTS


def _rb_reports_failure(statements: list[tree_sitter.Node]) -> bool:
    """What the handler hands back or records says the operation failed: `{ success: false, ... }`,
    `@error = ...`, `self.status = :failed`, `render json: { error: ... }, status: :unprocessable_entity`."""
    for index, statement in enumerate(statements):
        value = statement
        if statement.type == "return":
            value = statement.named_children[0] if statement.named_children else statement
            if value.type == "argument_list" and value.named_children:
                value = value.named_children[0]
        text = _text(value)
        if statement.type in ("assignment", "operator_assignment"):
            target, assigned = statement.child_by_field_name("left"), statement.child_by_field_name("right")
            if _RB_FAILURE_WORDS.search(_text(target)) or re.search(r"\[:(?:alert|warning)\]", _text(target)):
                return True  # `@error = ...`, `flash[:alert] = ...`: someone is told
            if assigned is not None and assigned.type == "string" and _RB_FAILURE_WORDS.search(_text(assigned)):
                return True  # `flash[:notice] = "We could not send the email"`
            if assigned is not None and (
                assigned.type == "false"
                or (assigned.type == "simple_symbol" and _RB_FAILURE_WORDS.search(_text(assigned)))
            ):
                return True  # `valid = false`, `self.status = :failed`: a verdict the code goes on to check
            continue
        if (value.type == "binary" and _text(value.child_by_field_name("operator")) == "<<") or (
            value.type == "call" and _rb_method_name(value) in ("push", "add", "append", "<<")
        ):
            if _RB_FAILURE_WORDS.search(text):
                return True  # `messages << [:mail_from, l(:invalid)]`: the failure is collected for the caller
            continue
        if value.type == "call" and _rb_method_name(value) in _RB_RESPONSES:
            if _RB_SERVER_ERROR.search(text):
                return False  # a 500 tells the client, and no one on the server learns why
            if _RB_CLIENT_ERROR.search(text) or _RB_FAILURE_WORDS.search(text):
                return True
            continue
        last = index == len(statements) - 1 or statement.type == "return"
        if not last:
            continue
        if value.type == "hash" and (_RB_FAILURE_WORDS.search(text) or re.search(r"(?::|=>)\s*false\b", text)):
            return True  # `{ success: false, message: ... }`: the answer says it did not happen
        if value.type in ("call", "string", "simple_symbol") and _RB_FAILURE_WORDS.search(text):
            return True
    return False


def _rb_attempt(clause: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The statements a rescue clause guards (those before it in its `begin`, method or block)."""
    parent = clause.parent
    out = []
    for child in parent.named_children if parent is not None else []:
        if child.type in ("rescue", "else", "ensure"):
            break
        if child.type != "comment":
            out.append(child)
    return out


def _rb_data_read(node: tree_sitter.Node) -> bool:
    """`le['author']['__content__']`: digging in data already in memory, no call made. Failing means
    the key is not there; no outage can hide behind it."""
    parts = list(descendants(node))
    return any(n.type == "element_reference" for n in parts) and not any(n.type == "call" for n in parts)


def _rb_parse_or_default(attempt: list[tree_sitter.Node], statements: list[tree_sitter.Node]) -> bool:
    """The guarded code only converts (or digs out) a value and the handler only supplies the default:
    failing to convert is the expected case, handled on purpose."""
    if not 1 <= len(attempt) <= 2 or not any(_RB_PARSE.search(_text(s)) or _rb_data_read(s) for s in attempt):
        return False
    if not statements:
        return True  # the default was set before
    if len(statements) != 1:
        return False
    value = statements[0]
    duration = value.type == "call" and (value.child_by_field_name("receiver") or value).type in ("integer", "float")
    return value.type in _RB_DEFAULTS | _RB_FALLBACK_STATEMENTS | _RB_NAMES or duration  # `30.days`


def _rb_predicate_fallback(clause: tree_sitter.Node, statements: list[tree_sitter.Node]) -> bool:
    """`rescue StandardError; false` in a method that answers a question (`reachable?`)."""
    if len(statements) != 1:
        return False
    value = statements[0]
    if value.type == "return":
        value = value.named_children[0] if value.named_children else value
        if value.type == "argument_list" and value.named_children:
            value = value.named_children[0]
    if value.type not in ("true", "false", "nil", "return"):
        return False
    method = enclosing(clause, ("method", "singleton_method"))
    name = method.child_by_field_name("name") if method is not None else None
    return name is not None and _RB_PREDICATE.search(_text(name)) is not None


def _rb_comment_after(statement: tree_sitter.Node) -> bool:
    """A comment giving a reason at the end of the statement's line."""
    following = statement.next_sibling
    return (
        following is not None
        and following.type == "comment"
        and following.start_point[0] == statement.end_point[0]
        and _gives_a_reason(_text(following))
    )


# A comment above a statement describes the statement; it speaks of its rescue when it names the
# failure ("a NoMethodError would be raised", "the version can be invalid") or the choice to ignore it.
_RB_FAILURE_EXPECTED = re.compile(
    r"(?i)\b(?:fail\w*|error\w*|rais\w*|exception\w*|invalid|missing|broken|unavailable|not (?:set|found|exist\w*|"
    r"available|present)|(?:does|do|may|might|can)n?'?o?t? (?:exist|be found|be set))\b"
)


def _rb_comment_beside(statement: tree_sitter.Node) -> bool:
    """A comment giving a reason on the statement's own line, or right above it speaking of the
    failure or of ignoring it."""
    if _rb_comment_after(statement):
        return True
    previous = statement.prev_sibling
    holder = statement
    while (
        previous is None
        and holder.parent is not None
        and holder.parent.type in ("body_statement", "then", "block_body")
    ):
        holder = holder.parent  # a block's leading comment sits before its body
        previous = holder.prev_sibling
    row = statement.start_point[0]
    while previous is not None and previous.type == "comment" and previous.end_point[0] == row - 1:
        comment = _text(previous)
        if _gives_a_reason(comment) and (_RB_FAILURE_EXPECTED.search(comment) or _DELIBERATE_WORDS.search(comment)):
            return True
        row = previous.start_point[0]
        previous = previous.prev_sibling
    return False


def _rb_statement(node: tree_sitter.Node) -> tree_sitter.Node:
    """The statement `node` belongs to (a child of a body, block or program)."""
    current = node
    while current.parent is not None and current.parent.type not in (
        "program", "body_statement", "then", "else", "do", "block_body", "begin", "rescue", "ensure", "when",
        "parenthesized_statements",
    ):  # fmt: skip
        current = current.parent
    return current


def _rb_modifier_swallows(match: MatchContext, modifier: tree_sitter.Node) -> bool:
    """`value = risky rescue nil`: every StandardError becomes the default. Conversions (`JSON.parse(s)
    rescue {}`, `Integer(x) rescue nil`) are parse-or-default; a reason written beside it explains it."""
    handler = modifier.child_by_field_name("handler")
    attempt = modifier.child_by_field_name("body")
    if handler is None or attempt is None or handler.type not in _RB_DEFAULTS - {"constant", "scope_resolution"}:
        return False
    built = handler.type in ("array", "hash") or any(c.type == "interpolation" for c in handler.named_children)
    if handler.named_children and built:
        return False  # a value built from something: handling of its own
    match.message_args["what"] = f"`rescue {_text(handler)}` modifier"
    if _RB_PARSE.search(_text(attempt)) or _RB_CLEANUP.match(_text(attempt)) or _rb_data_read(attempt):
        return False
    if _rb_nil_contract([handler], _rb_method_value(modifier)):
        return False
    statement = _rb_statement(modifier)
    if _rb_comment_beside(statement):
        return False  # `... rescue nil # profiles are optional`
    if _rb_checked_next(modifier, statement):
        return False
    assignment = modifier.parent
    target = (
        assignment.child_by_field_name("left") if assignment is not None and assignment.type == "assignment" else None
    )
    return target is None or not checked_later(statement, IDIOMS, {_text(target)})


def _rb_last_statement(node: tree_sitter.Node) -> bool:
    siblings = [c for c in node.parent.named_children if c.type != "comment"] if node.parent is not None else []
    return bool(siblings) and siblings[-1] == node


def _rb_method_value(node: tree_sitter.Node) -> bool:
    """`node` is what its method returns: the method body's last statement, or the last statement of
    an `if`/`unless`/`case` branch that is itself the method's value."""
    current = node
    while current.parent is not None:
        parent = current.parent
        if parent.type == "body_statement" and parent.parent is not None:
            if parent.parent.type in ("method", "singleton_method"):
                return _rb_last_statement(current)
            return False
        if parent.type in ("then", "else", "when", "if", "unless", "case", "parenthesized_statements"):
            if parent.type in ("then", "else", "parenthesized_statements") and not _rb_last_statement(current):
                return False
            current = parent
            continue
        return parent.type in ("method", "singleton_method")  # `def x = expr`, or a body of one statement
    return False


def _rb_nil_contract(handler_values: list[tree_sitter.Node], value_of_method: bool) -> bool:
    """The rescue gives nil as its method's answer: Ruby's "could not" (`find_by`, `rescue nil`),
    which a caller meets as nil and handles or fails on at once (the factory that returns nil for an
    unknown class, the adapter with no info for a missing repository)."""
    # Written out: an empty rescue ending a method that notifies or saves drops its failure instead.
    return value_of_method and bool(handler_values) and all(v.type == "nil" for v in handler_values)


def _rb_nil_is_an_answer(clause: tree_sitter.Node) -> bool:
    """An empty rescue whose value is its method's, in a method that also answers nil on a normal
    path (`command = ENV["DOT"] or return nil`): nil is one of its answers, which callers handle."""
    method = enclosing(clause, ("method", "singleton_method"))
    holder = clause.parent
    if method is None or holder is None:
        return False
    gives = holder.parent if holder.type == "body_statement" else holder  # the method, a block, a begin
    if gives is not None and gives.type in ("do_block", "block"):
        gives = gives.parent  # the call the block belongs to
    if gives is None or (gives != method and not _rb_method_value(gives)):
        return False
    return any(n.type == "return" and _text(n).split() in (["return"], ["return", "nil"]) for n in descendants(method))


def _rb_checked_next(modifier: tree_sitter.Node, statement: tree_sitter.Node) -> bool:
    """`klass = lookup(name) rescue nil` followed by `raise ... unless klass`: the default is the
    failure signal the next statement acts on."""
    assignment = modifier.parent
    if assignment is None or assignment.type != "assignment" or assignment.child_by_field_name("right") != modifier:
        return False
    target = assignment.child_by_field_name("left")
    following = statement.next_named_sibling
    while following is not None and following.type == "comment":
        following = following.next_named_sibling
    if target is None or following is None:
        return False
    name = _text(target)
    mentions = any(n.type in ("identifier", "instance_variable") and _text(n) == name for n in descendants(following))
    leaves = any(
        n.type in ("return", "next", "break") or (n.type == "identifier" and _text(n) in ("raise", "fail"))
        for n in descendants(following)
    )
    return mentions and leaves


# Iterators that read their block's value: a rescue ending such a block answers for that item.
_RB_VALUE_BLOCKS = frozenset(
    {"detect", "find", "select", "filter", "reject", "map", "collect", "filter_map", "flat_map", "any?", "all?",
     "none?", "count", "sort_by", "min_by", "max_by", "group_by", "partition", "sum", "find_index", "index_by"}
)  # fmt: skip


def _rb_value_used(container: tree_sitter.Node | None) -> bool:
    """The rescue's value is the method's, the `begin`'s where that is assigned or passed on, or the
    block's where its iterator reads it (`line_items.detect do ... rescue StandardError; same_variant end`)."""
    if container is None:
        return False
    if container.type == "begin":
        return container.parent is not None and container.parent.type not in _RB_STATEMENTS
    block = container.parent if container.type == "body_statement" else None
    if block is not None and block.type in ("do_block", "block") and block.parent is not None:
        return block.parent.type == "call" and _rb_method_name(block.parent) in _RB_VALUE_BLOCKS
    return (
        container.type == "body_statement"
        and container.parent is not None
        and container.parent.type
        in (
            "method",
            "singleton_method",
        )
    )


def _rb_alternative(statements: list[tree_sitter.Node], used: bool, variable: str | None) -> bool:
    """Policy 2: the handler degrades to a value built from the data at hand (`ERB::Util.h(text)`,
    `self.data = plain`): assigned, returned, or the rescue's value where that is used."""
    values = fallback_values(statements, IDIOMS)
    last = statements[-1] if statements else None
    bang = last is not None and last.type == "call" and _rb_method_name(last).endswith("!")
    if used and last is not None and last.type not in IDIOMS.assignments and last.type != "return" and not bang:
        values.append(last)
    return computed_fallback(values, IDIOMS, variable)


@check("ruby_rescue_swallows")
def ruby_rescue_swallows(match: MatchContext) -> bool:
    clause = match.context
    if clause is None:
        return False
    if clause.type == "rescue_modifier":
        return _rb_modifier_swallows(match, clause)
    exceptions = clause.child_by_field_name("exceptions")
    types = [_text(t) for t in exceptions.named_children] if exceptions is not None else []
    if types and not any(t in _RB_BROAD for t in types):
        return False  # a specific error, rescued on purpose
    variable_node = clause.child_by_field_name("variable")
    names = [c for c in variable_node.named_children if c.type == "identifier"] if variable_node is not None else []
    variable = _text(names[0]) if names else None
    caught = " ".join(filter(None, (", ".join(types), f"=> {variable}" if variable else "")))
    match.message_args["what"] = f"`rescue {caught}`" if caught else "bare `rescue`"
    body = clause.child_by_field_name("body")
    container = clause.parent
    used = _rb_value_used(container)
    statements = [
        s
        for s in (non_comment_children(body) if body is not None else [])
        if s.type != "empty_statement" and (used or s.type != "nil")  # a dropped `nil` does nothing
    ]
    if explained(clause, variable, falls_back=_rb_falls_back(statements)):
        return False
    if not statements and reasons_given([clause]):
        return False  # policy 3: a reason written in the empty handler
    if _rb_predicate_fallback(clause, statements) or _rb_reports_failure(statements):
        return False
    method_level = container is not None and container.type == "body_statement" and used
    if (
        not any(t in ("Exception", "::Exception") for t in types)
        and not promises_handling([clause])  # a TODO says the handling is still to come
        and (_rb_nil_contract(statements, method_level) or (not statements and _rb_nil_is_an_answer(clause)))
    ):
        return False  # `def info ... rescue nil end`: nil is the method's "could not"
    attempt = _rb_attempt(clause)
    if _rb_parse_or_default(attempt, statements):
        return False
    if attempt and all(_RB_CLEANUP.match(_text(s)) for s in attempt):
        return False  # `http&.finish` while failing or in `ensure`: nothing left to recover
    begin = container if container is not None and container.type == "begin" else None
    falls_back = _rb_falls_back(statements) or not statements
    if begin is not None and falls_back and _rb_comment_beside(_rb_statement(begin)):
        return False  # the reason written above `begin` (or `x = begin ... end`)
    if _rb_alternative(statements, used, variable):
        return False
    # Policy 4, except for `rescue Exception`, which takes Interrupt and SystemExit too: a loop that
    # drops those cannot be stopped.
    stoppable = not any(t in ("Exception", "::Exception") for t in types)
    only_next = all(s.type == "next" for s in statements) and stoppable
    if only_next and container is not None and in_loop_body(container) and not follows_other_handlers(clause):
        return False  # one item's failure must not stop the others
    if not statements and is_probe(function_name(clause, IDIOMS)):
        return False  # policy 5: a question answered "no" (nil)
    if not statements and begin is not None and checked_later(begin, IDIOMS, after=begin):
        return False  # policy 6: `begin title = og_title(doc) rescue end`, then `if title.to_s == ""`
    if begin is not None and begin.parent is not None and begin.parent.type == "assignment":
        target = begin.parent.child_by_field_name("left")
        if target is not None and checked_later(_rb_statement(begin), IDIOMS, {_text(target)}):
            return False  # policy 6: `user = begin ... rescue nil end`, then `if user.nil?`
    # What the handler does instead (a default, a rollback) does not matter: the error is gone unless
    # something raises, retries, logs, reports or uses it.
    return body is None or not _rb_handles(body, variable)


# --- Ruby: BL207 http-no-timeout -------------------------------------------------------------------

_RB_TIMEOUT_KEYS = {"timeout", "timeout_ms"}


def _rb_option_keys(args: list[tree_sitter.Node]) -> set[str] | None:
    """The keys of the options given after the URL (keyword arguments or a hash written out); None
    when they cannot be read (`**opts`, an options variable)."""
    keys: set[str] = set()
    for argument in args[1:]:
        pairs = [argument] if argument.type == "pair" else argument.named_children if argument.type == "hash" else None
        if pairs is None:
            return None
        for pair in pairs:
            if pair.type != "pair":
                return None  # `**defaults` inside the hash
            keys.add(_text(pair.child_by_field_name("key")).strip(":\"'"))
    return keys


def _rb_splat_lacks_timeout(splat: tree_sitter.Node) -> bool:
    """`HTTP.get(url, **options)` where `options` is a hash this method writes out without a timeout.
    Options handed in by the caller stay unknown."""
    name = next((c for c in splat.named_children if c.type == "identifier"), None)
    method = enclosing(splat, ("method", "singleton_method"))
    if name is None or method is None:
        return False
    data = method.text or b""
    before = data[: splat.start_byte - method.start_byte]
    built = re.search(rb"(?m)^[ \t]*" + re.escape(_text(name).encode()) + rb"[ \t]*=[ \t]*\{", before)
    return built is not None and b"timeout" not in before[built.start() :]


@check("ruby_http_lacks_timeout")
def ruby_http_lacks_timeout(match: MatchContext) -> bool:
    call, receiver, method_node = match.node("finding"), match.node("_receiver"), match.node("_method")
    if call is None or receiver is None or method_node is None:
        return False
    method = _text(method_node)
    receiver_text = _text(receiver)
    if receiver_text in ("Typhoeus", "Typhoeus::Request"):
        if (receiver_text == "Typhoeus::Request") != (method == "new"):
            return False
        arguments = call.child_by_field_name("arguments")
        keys = _rb_option_keys(non_comment_children(arguments) if arguments is not None else [])
        if keys is None or keys & _RB_TIMEOUT_KEYS:
            return False
        match.message_args["what"] = f"{receiver_text}.{method}()"
        match.message_args["how"] = "without `timeout:` (libcurl sets no overall limit by default)"
        return True
    # The http gem: `HTTP.<chain>.<verb>(...)`; `.timeout(...)` anywhere in the chain sets one.
    chain = [method]
    current = receiver
    while current.type == "call":
        chain.append(_rb_method_name(current))
        inner = current.child_by_field_name("receiver")
        if inner is None:
            return False
        current = inner
    if current.type != "constant" or _text(current) != "HTTP" or "timeout" in chain:
        return False
    arguments = call.child_by_field_name("arguments")
    for argument in arguments.named_children if arguments is not None else []:
        if argument.type == "pair" and _text(argument.child_by_field_name("key")).strip(":\"'").startswith("timeout"):
            return False  # `timeout_class:` / `timeout_options:` given to the request itself
        if argument.type == "hash_splat_argument" and not _rb_splat_lacks_timeout(argument):
            return False
    match.message_args["what"] = "HTTP." + ".".join(f"{name}()" for name in reversed(chain))
    match.message_args["how"] = "without `.timeout(...)` (the http gem waits indefinitely by default)"
    return True
