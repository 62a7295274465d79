"""SQL handed to a function that runs it: `run_query(conn, f"... {name}")` where `run_query` passes
its `sql` parameter straight to `cursor.execute`.

The summary of a file is the functions whose parameter reaches one of BL101's sinks unchanged (the
sink's query argument is that parameter, never reassigned): name -> which argument, and where the
SQL runs. It is computed from BL101's own query and sink test, so every sink the rule knows makes a
wrapper too. Calls to a summarised function are then judged like a sink call: the SQL given in
that argument position is flattened and classified exactly as BL101 would at the sink, and the
finding sits at the call (where the SQL was built), related to the sink it reaches.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tree_sitter

from .. import facts, languages
from ..model import Confidence, Point, Related, Span
from ..querypaths import query_files
from ..sqlflow import DYNAMIC, QueryFlow, from_request
from ..sqlflow.callers import argument_at, calls_own_receiver, calls_to, function_name_of, parameter_position
from .base import FileContext, MatchContext, check
from .other_files import MAX_CACHED, MAX_SUMMARISED_BYTES, SummaryKey, cached_summary, parsed
from .sql import _HOW, _dangerous, _sink
from .sql_builders import Builder, builder_named
from .sql_imports import RemoteRunner, imported_candidates, imported_function_names, imported_runner
from .sql_remote_builders import RemoteBuilder, called_name, imported_builder, relate_builder


@dataclass(frozen=True)
class Runner:
    """A function that runs the SQL given in one of its parameters."""

    name: str
    parameter: str
    position: int  # among the parameters as declared (a Python method's `self` counts)
    takes_self: bool  # a Python method: calls through `self.` do not pass the first parameter
    sink: str  # the driver call it reaches: `execute`
    sink_node: tree_sitter.Node
    # The parameter it hands to the sink as the query's parameters (`run(conn, sql, params)` calling
    # `cursor.execute(sql, params)`): a call may then pass its values there instead (BL103's fix).
    params_position: int | None = None
    # That parameter collects the values one by one (Go's `args ...any`, Java's `Object... params`):
    # a call passes them after the SQL, not as one list.
    params_variadic: bool = False


def runners(file: FileContext) -> dict[str, Runner]:
    """The functions of this file that run SQL handed to them, by name."""
    cached: dict[str, Runner] | None = file.cache.get("sql_runners")
    if cached is not None:
        return cached
    found: dict[str, Runner] = {}
    sink_arguments: dict[int, tuple[str, tree_sitter.Node]] = {}  # where BL101 reads a sink's SQL
    sink_query = _sink_query(file.language)
    if sink_query is not None:
        flow = QueryFlow.for_file(file)
        cursor = tree_sitter.QueryCursor(sink_query)
        for _pattern, captures in cursor.matches(file.tree.root_node):
            runner = _runner(file, flow, captures, sink_arguments)
            if runner is not None and runner.name not in found:
                found[runner.name] = runner
    _runners_through_runners(file, found)
    file.cache["sql_runners"] = found
    file.cache["sql_sink_arguments"] = sink_arguments
    sources = dict(sink_arguments)
    if sink_query is not None:
        flow = QueryFlow.for_file(file)
        for start, (method, method_node) in sink_arguments.items():
            argument = file.tree.root_node.descendant_for_byte_range(start, start)
            while argument is not None and argument.parent is not None and argument.parent.start_byte == start:
                if argument.type in _NAMES:
                    break
                argument = argument.parent
            if argument is not None and argument.type in _NAMES:
                for base, _appends, _statement in flow.definitions(file.text(argument).lstrip("$"), argument):
                    sources.setdefault(base.start_byte, (method, method_node))
    file.cache["sql_sink_sources"] = sources  # the sinks' SQL and the values their locals were given
    return found


_SINK_QUERIES: dict[str, tree_sitter.Query | None] = {}
_SINK_QUERY_LOCK = threading.Lock()


def _sink_query(language: str) -> tree_sitter.Query | None:
    """BL101's patterns (its sinks) for one grammar, compiled once: read from its query files, as the
    catalog reads them (the checks cannot import the catalog, which imports them)."""
    with _SINK_QUERY_LOCK:
        if language not in _SINK_QUERIES:
            files = query_files(language, "sql-string-building")
            text = "\n".join(path.read_text(encoding="utf-8") for path in files)
            _SINK_QUERIES[language] = tree_sitter.Query(languages.grammar(language), text) if text else None
        return _SINK_QUERIES[language]


def _runners_through_runners(file: FileContext, found: dict[str, Runner]) -> None:
    """Functions that hand a parameter on, unchanged, to a runner (this file's or an imported one)
    are runners too: handler -> service -> repository. Each round adds at least one function, so the
    rounds end."""
    flow = QueryFlow.for_file(file)
    inners: dict[str, Runner] = dict(found)
    for name in imported_function_names(file):
        calls = calls_to(flow, name)
        remote = imported_runner(file, name, None) if calls else None
        if remote is not None:  # handed on to another file's runner: the call here stands for its sink
            inners[name] = Runner(name, remote.parameter, remote.position, False, remote.sink, calls[0][0])
    added = True
    while added:
        added = False
        for inner in list(inners.values()):
            for call, own_receiver in calls_to(flow, inner.name):
                skipped = 1 if own_receiver and inner.takes_self else 0
                argument = argument_at(flow, call, inner.position - skipped)
                if argument is None or argument.type not in _NAMES:
                    continue
                name = file.text(argument).lstrip("$")
                function = flow.enclosing_function(call)
                if function is None or flow.definitions(name, argument) or not flow.is_parameter(name, argument):
                    continue
                outer = function_name_of(flow, function)
                position = parameter_position(flow, function, name)
                if outer is None or position is None or outer in inners:
                    continue
                takes_self = calls_own_receiver(flow, function)
                found[outer] = inners[outer] = Runner(outer, name, position, takes_self, inner.sink, call)
                added = True


def _runner(
    file: FileContext,
    flow: QueryFlow,
    captures: dict[str, list[tree_sitter.Node]],
    sink_arguments: dict[int, tuple[str, tree_sitter.Node]],
) -> Runner | None:
    call = captures.get("finding", [None])[0]
    if call is None:
        return None
    match = MatchContext(file, captures, Confidence.HIGH, call)
    sink = _sink(match)
    if sink is None or sink.query_arg is None:
        return None
    sink_arguments[sink.query_arg.start_byte] = (sink.method, sink.method_node)
    if sink.fragment:
        return None
    argument = sink.query_arg
    if argument.type not in _NAMES:
        return None
    name = file.text(argument).lstrip("$")
    if _CONNECTION.match(name):
        return None  # a helper named like a sink that takes the connection first: not its SQL
    if flow.definitions(name, argument) or not flow.is_parameter(name, argument):
        return None  # reassigned on the way, or not handed in
    function = flow.enclosing_function(argument)
    if function is None:
        return None
    position = parameter_position(flow, function, name)
    function_name = function_name_of(flow, function)
    if position is None or function_name is None:
        return None
    takes_self = calls_own_receiver(flow, function)
    params, variadic = _forwarded_params(file, flow, sink.call, argument, function)
    return Runner(function_name, name, position, takes_self, sink.method, sink.method_node, params, variadic)


def _forwarded_params(
    file: FileContext, flow: QueryFlow, call: tree_sitter.Node, query: tree_sitter.Node, function: tree_sitter.Node
) -> tuple[int | None, bool]:
    """The position of the function's parameter the sink call passes right after the query, if one
    is, and whether the function declares it variadic."""
    arguments = call.child_by_field_name("arguments")
    values = [c for c in arguments.named_children if "comment" not in c.type] if arguments is not None else []
    index = next((i for i, v in enumerate(values) if v.start_byte == query.start_byte), None)
    if index is None or index + 1 >= len(values):
        return None, False
    value = values[index + 1]
    if value.type == "variadic_argument" and value.named_children:  # Go `db.Query(q, args...)`
        value = value.named_children[0]
    if value.type not in _NAMES:
        return None, False
    name = file.text(value).lstrip("$")
    if flow.definitions(name, value) or not flow.is_parameter(name, value):
        return None, False
    return parameter_position(flow, function, name), _declared_variadic(file, function, name)


def _declared_variadic(file: FileContext, function: tree_sitter.Node, name: str) -> bool:
    parameters = function.child_by_field_name("parameters")
    for declaration in parameters.named_children if parameters is not None else []:
        if declaration.type not in ("variadic_parameter_declaration", "spread_parameter"):
            continue
        names = [c for c in declaration.named_children if c.type in ("identifier", "variable_declarator")]
        if any(file.text(n).split()[0] == name for n in names):
            return True  # Go `args ...any`, Java `Object... params`
    return False


_OWN_RECEIVERS = frozenset({"self", "this", "cls", "static", "$this"})
_NAMES = frozenset({"identifier", "variable_name", "simple_identifier"})
_CONNECTION = re.compile(r"^_?(?:conn|connection|db|database|cursor|cur|session|engine|pool|tx|client)$")


def _defined_here(file: FileContext, name: str) -> bool:
    """Whether the file's text declares a function or method of this name: a cheap look before the
    file's summary is worked out (most calls are to other code, and an editor re-analyses often)."""
    declared: set[bytes] | None = file.cache.get("sql_declared_names")
    if declared is None:
        pattern = _DECLARATIONS.get(file.language, _DECLARATIONS["javascript"])
        declared = {next(g for g in m.groups() if g) for m in pattern.finditer(file.data)}
        file.cache["sql_declared_names"] = declared
    return name.encode() in declared


# Where each language declares a function or method by name (a superset is harmless: it only lets
# the summary be worked out).
_JS_DECLARATION = re.compile(
    rb"\bfunction\s*\*?\s*(\w+)|\b(\w+)\s*[:=]\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*=>|\w+\s*=>)"
    rb"|^[ \t]*(?:(?:static|async|public|private|protected|get|set)\s+)*(\w+)\s*\([^)\n]*\)\s*(?::[^{\n]+)?\{",
    re.M,
)
_DECLARATIONS = {
    "python": re.compile(rb"\bdef\s+(\w+)"),
    "javascript": _JS_DECLARATION,
    "typescript": _JS_DECLARATION,
    "tsx": _JS_DECLARATION,
    "go": re.compile(rb"\bfunc\s+(?:\([^)]*\)\s*)?(\w+)"),
    "java": re.compile(rb"^[ \t]*(?:[\w@<>\[\],.?]+[ \t]+)+(\w+)\s*\([^;{]*\)\s*(?:throws[\w\s,.]+)?\{", re.M),
}


def _where(file: FileContext, runner: Runner | RemoteRunner) -> str:
    if isinstance(runner, RemoteRunner):
        where = os.path.relpath(runner.path, os.path.dirname(os.path.abspath(file.path)))
        return f" ({where}:{runner.span[2] + 1})"
    # In this file the related location shows the line: a number in the message would go stale when
    # the editor re-analyses only the statements an edit touched.
    return ""


def _relate_sink(match: MatchContext, runner: Runner | RemoteRunner, message: str) -> None:
    if isinstance(runner, Runner):
        match.relate(runner.sink_node, message)
        return
    start_byte, end_byte, start_line, start_column, end_line, end_column = runner.span
    span = Span(start_byte, end_byte, Point(start_line, start_column), Point(end_line, end_column))
    # Paths as the user gave theirs: relative when the checked file's is (the CLI), absolute otherwise.
    path = runner.path if os.path.isabs(match.file.path) else os.path.relpath(runner.path)
    match.related.append(Related(span, message, path))


def _built_for_a_sink(
    match: MatchContext, builder: Builder, call: tree_sitter.Node, arguments: tree_sitter.Node, through_self: bool
) -> bool:
    """`execute(by_name_sql(name))`: a builder's SQL reaches a sink, with a value of the caller's
    spliced in where the builder splices that parameter."""
    file = match.file
    sink = file.cache["sql_sink_sources"][call.start_byte]
    flow = QueryFlow.for_file(file)
    values = [c for c in arguments.named_children if "comment" not in c.type]
    for position, parameter in sorted(builder.spliced.items()):
        index = position - (1 if builder.takes_self and through_self else 0)
        if not 0 <= index < len(values) or values[index].type in _SPREAD:
            continue
        value = values[index]
        if flow.classify(value)[0] != DYNAMIC or (position in builder.names and not from_request(value)):
            continue
        method, method_node = sink
        match.finding = file.span(value)
        match.context = call
        match.message_args["what"] = (
            f"that {builder.name}() builds from its `{parameter}` argument reaches {method}() "
            "with this value spliced in"
        )
        match.relate(builder.returned, f"{builder.name}() splices `{parameter}` into the SQL here")
        match.relate(method_node, "the SQL runs here")
        return True
    return False


_SPREAD = frozenset({"keyword_argument", "list_splat", "dictionary_splat", "spread_element"})


@check("sql_passed_to_runner")
def sql_passed_to_runner(match: MatchContext) -> bool:
    """The SQL given to a function that runs it was built from strings with a non-constant value."""
    callee = match.node("_callee")
    arguments = match.node("_args")
    call = match.node("finding")
    if callee is None or arguments is None or call is None:
        return False
    file = match.file
    receiver_node = match.node("_receiver")
    receiver = file.text(receiver_node) if receiver_node is not None else None
    own = receiver is None or receiver in _OWN_RECEIVERS
    defined_here = own and _defined_here(file, file.text(callee))
    runner: Runner | RemoteRunner | None = runners(file).get(file.text(callee)) if defined_here else None
    if runner is None:
        # Not this file's: a function imported by name, or one of an imported module's.
        runner = imported_runner(file, file.text(callee), None if own else receiver, call)
    if runner is None:
        # A builder's call, if its result reaches a query here. The file's summary (every sink of the
        # file) is worked out only for calls that may be a builder's, which keeps a keystroke near
        # `len(rows)` from redoing it in the editor.
        if not defined_here:
            name, where = file.text(callee), None if own else receiver
            if not imported_candidates(file, name, where):
                return False  # defined in no other file of the project: no builder to follow
            runners(file)
            if call.start_byte not in file.cache["sql_sink_sources"]:
                return False
            remote = imported_builder(file, name, where)
            return remote is not None and _remote_built_for_a_sink(match, remote, call, arguments)
        builder = builder_named(file, file.text(callee))
        if builder is None:
            return False
        runners(file)
        if call.start_byte not in file.cache["sql_sink_sources"]:
            return False  # its result is not seen reaching a query here
        return _built_for_a_sink(match, builder, call, arguments, receiver is not None)
    flow = QueryFlow.for_file(file)
    through_self = receiver is not None and own
    position = runner.position - (1 if runner.takes_self and through_self else 0)
    values = [c for c in arguments.named_children if "comment" not in c.type]
    spread = ("keyword_argument", "list_splat", "dictionary_splat", "spread_element")
    if any(v.type in spread for v in values[: position + 1]):
        return False
    if not 0 <= position < len(values):
        return False
    argument = values[position]
    if argument.type in ("argument", "value_argument") and argument.named_children:
        argument = argument.named_children[-1]
    runners(file)  # (a runner was found: the file's summary is worth working out now)
    if argument.start_byte in file.cache["sql_sink_arguments"]:
        return False  # BL101 judges this SQL where it is, as a sink's own
    for built in flow.build(argument):
        hit, _numeric = _dangerous(built, fragment=False)
        if not hit:
            continue
        match.finding = file.span(argument)
        match.context = call
        how = _HOW.get(built.style, built.style)
        match.message_args["what"] = (
            f"built with {how} is passed to {runner.name}(), which runs its `{runner.parameter}` argument with "
            f"{runner.sink}(){_where(file, runner)}"
        )
        _relate_sink(match, runner, f"{runner.name}() runs its `{runner.parameter}` argument here")
        for origin in built.origins:
            if not (argument.start_byte <= origin.start_byte < argument.end_byte):
                match.relate(origin, "SQL built here")
        # The fix passes the values in the runner's parameters argument, when it takes one right
        # after the SQL and this call gives nothing after it.
        if built.direct and runner.params_position == runner.position + 1 and argument.end_byte == values[-1].end_byte:
            match.fix_data = {
                "argument": [argument.start_byte, argument.end_byte],
                "call": [call.start_byte, call.end_byte],
                "sink": runner.sink,
                "runner_path": runner.path if isinstance(runner, RemoteRunner) else "",
                "style": built.style,
                "variadic": runner.params_variadic,
            }
        return True
    return _remote_builder_passed(match, runner, argument, call, flow)


_CALL_TYPES = frozenset({"call", "call_expression", "method_invocation", "invocation_expression"})


def _remote_built_for_a_sink(
    match: MatchContext, builder: RemoteBuilder, call: tree_sitter.Node, arguments: tree_sitter.Node
) -> bool:
    """`runSql(buildInvoiceSearch(term))`: SQL a builder of another file makes reaches a query here,
    with the caller's untrusted value spliced in."""
    file = match.file
    method, method_node = file.cache["sql_sink_sources"][call.start_byte]
    found = _untrusted_spliced(builder, arguments, QueryFlow.for_file(file))
    if found is None:
        return False
    value, parameter = found
    # Built on an earlier line and kept in a local: the finding is where the query gets it.
    sink_call = method_node
    while sink_call is not None and sink_call.type not in _CALL_TYPES:
        sink_call = sink_call.parent
    inside = sink_call is not None and sink_call.start_byte <= call.start_byte < sink_call.end_byte
    shown = sink_call.child_by_field_name("arguments") if sink_call is not None and not inside else None
    match.finding = file.span(shown if shown is not None else value)
    match.context = call
    where = f"{os.path.basename(builder.path)}:{builder.span[2] + 1}"
    match.message_args["what"] = (
        f"that {builder.name}() ({where}) builds from its `{parameter}` argument reaches {method}() "
        "with this value spliced in"
    )
    relate_builder(file, match.related, builder, f"{builder.name}() splices `{parameter}` into the SQL here")
    match.relate(method_node, "the SQL runs here")
    return True


def _untrusted_spliced(
    builder: RemoteBuilder, arguments: tree_sitter.Node, flow: Any
) -> tuple[tree_sitter.Node, str] | None:
    """The first value this call passes where the builder splices a parameter that is untrusted."""
    values = [c for c in arguments.named_children if "comment" not in c.type]
    for position, parameter in sorted(builder.spliced.items()):
        index = position - (1 if builder.takes_self else 0)
        if (
            0 <= index < len(values)
            and values[index].type not in _SPREAD
            and flow.classify(values[index])[0] == DYNAMIC
            and (position not in builder.names or from_request(values[index]))
        ):
            return values[index], parameter
    return None


def _remote_builder_passed(
    match: MatchContext, runner: Runner | RemoteRunner, argument: tree_sitter.Node, call: tree_sitter.Node, flow: Any
) -> bool:
    """`run_query(conn, build_customer_search(name))`, or through a local: SQL that a builder of
    another file makes from its parameter, with the caller's untrusted value for it."""
    file = match.file
    source = argument
    if source.type in ("identifier", "simple_identifier"):
        definitions = flow.definitions(file.text(source), source)
        if len(definitions) != 1 or definitions[0][1]:
            return False
        source = definitions[0][0]
    while source.type in ("await_expression", "parenthesized_expression") and source.named_children:
        source = source.named_children[-1]
    named = called_name(file, source) if source.type in ("call", "call_expression", "method_invocation") else None
    builder = imported_builder(file, *named) if named is not None else None
    arguments = source.child_by_field_name("arguments") if builder is not None else None
    if builder is None or arguments is None:
        return False
    found = _untrusted_spliced(builder, arguments, flow)
    if found is None:
        return False
    value, parameter = found
    # Built on an earlier line and handed on in a local: the finding is where it is handed over.
    match.finding = file.span(value if source is argument or source.parent is argument else argument)
    match.context = call
    where = os.path.basename(builder.path)
    match.message_args["what"] = (
        f"that {builder.name}() ({where}:{builder.span[2] + 1}) builds from its `{parameter}` argument is "
        f"passed to {runner.name}(), which runs its `{runner.parameter}` argument with {runner.sink}()"
        f"{_where(file, runner)}"
    )
    relate_builder(file, match.related, builder, f"{builder.name}() splices `{parameter}` into the SQL here")
    _relate_sink(match, runner, f"{runner.name}() runs its `{runner.parameter}` argument here")
    return True


# --- the summary of another file, as a fact ---------------------------------------------------

# Keyed by (path, modification time, size) for files on disk, by (path, content hash) for text open
# in the editor. Big enough for a whole workspace's code (the editor indexes it, lsp/workspace_index.py).
_SUMMARIES: dict[SummaryKey, list[list[Any]]] = {}
_SUMMARISING = threading.local()  # the files being summarised on this thread (import cycles)


@facts.evaluator("sql-runners")
def runners_in(path: str) -> list[list[Any]]:
    """The runners of the file at `path`, as JSON: [name, parameter, position, takes_self, sink, span].
    An open editor's unsaved text of the file (core/open_texts.py) is read instead of the disk."""
    return cached_summary(_SUMMARIES, path, _summary_unless_in_progress)


def _summary_unless_in_progress(path: str, size: int, data: bytes | None) -> list[list[Any]]:
    in_progress: set[str] = _SUMMARISING.__dict__.setdefault("paths", set())
    if path in in_progress:
        return []  # modules importing each other: the one being worked out knows nothing of itself yet
    in_progress.add(path)
    try:
        return _summary_by_content(path, size, data)
    finally:
        in_progress.discard(path)


# Summaries by the file's content, shared with the CLI's result cache (core/scan.py loads them before
# a scan and keeps what the workers computed): a helper unchanged since the last run is not parsed
# again to re-check its callers. Open editor text is summarised as it is, never stored.
_BY_CONTENT: dict[str, list[list[Any]]] = {}
_COMPUTED: dict[str, list[list[Any]]] = {}  # in this process since the last `computed_summaries()`
_COLLECTING = threading.Event()  # set by a scan that keeps them (the editor never drains them)


def _summary_by_content(path: str, size: int, data: bytes | None) -> list[list[Any]]:
    spec = languages.for_path(path)
    if data is not None or size > MAX_SUMMARISED_BYTES or spec is None:
        return _summarise(path, size, data)
    try:
        content = Path(path).read_bytes()
    except OSError:
        return []
    digest = f"{spec.name}:{hashlib.blake2b(content, digest_size=16).hexdigest()}"
    stored = _BY_CONTENT.get(digest)
    if stored is not None:
        return stored
    summary = _summarise(path, len(content), content)
    if len(_BY_CONTENT) >= MAX_CACHED:
        _BY_CONTENT.clear()
    _BY_CONTENT[digest] = summary
    if _COLLECTING.is_set():
        _COMPUTED[digest] = summary
    return summary


def load_summaries(stored: dict[str, Any]) -> None:
    """Summaries a previous run computed, by content (from the result cache); from now on what this
    process works out is collected for `computed_summaries()`."""
    _COLLECTING.set()
    for digest, summary in stored.items():
        if isinstance(summary, list) and len(_BY_CONTENT) < MAX_CACHED:
            _BY_CONTENT.setdefault(digest, summary)


def computed_summaries() -> dict[str, list[list[Any]]]:
    """What this process summarised since the last call (a worker hands these back with its results)."""
    out = dict(_COMPUTED)
    _COMPUTED.clear()
    return out


def _summarise(path: str, size: int, data: bytes | None) -> list[list[Any]]:
    other = parsed(path, size, data)
    if other is None:
        return []
    out = []
    for runner in runners(other).values():
        span = other.span(runner.sink_node)
        out.append(
            [
                runner.name,
                runner.parameter,
                runner.position,
                runner.takes_self,
                runner.sink,
                [span.start_byte, span.end_byte, span.start.line, span.start.column, span.end.line, span.end.column],
                runner.params_position,
                runner.params_variadic,
            ]
        )
    return out
