"""The JDK client's `send(request, ...)` with a request built without `.timeout(...)` (BL207), in Java
and Kotlin.

`HttpClient.newBuilder().connectTimeout(...)` bounds only the connection; how long the response may
take is the request's own `timeout`, which defaults to none. The request is read where the call
builds it, from the local it was built into, or, when the method sending it takes it as a parameter
(a helper), from what this file's callers of the helper pass: the finding then stays on the helper's
`send`, naming the callers, as for Python's forwarded `**kwargs` (errors/forwarded.py).
"""

from __future__ import annotations

import re

import tree_sitter

from ...sqlflow import QueryFlow
from ...sqlflow.callers import calls_to, function_name_of, parameter_position
from ..base import MatchContext
from .common import enclosing

_METHODS = (
    "method_declaration",
    "constructor_declaration",
    "lambda_expression",
    "function_declaration",  # Kotlin
    "lambda_literal",
    "anonymous_function",
)
_BUILT = re.compile(r"HttpRequest\s*\.\s*newBuilder\s*\(")
_TIMEOUT = re.compile(r"\.\s*timeout\s*\(")


# A request's builder chain: to the `;` (Java), or over the lines that go on with `.` (Kotlin).
_REQUEST_CHAIN = re.compile(rb"HttpRequest\s*\.\s*newBuilder\s*\(((?:[^;\n]|\n\s*\.)*)")


def every_request_timed(data: bytes) -> bool:
    """Every request the file builds sets its own timeout (or, building none here, the file says
    `.timeout(` somewhere: a builder kept in a variable). Then a client with no timeouts of its own
    is bounded by its requests'."""
    chains = [m.group(1) for m in _REQUEST_CHAIN.finditer(data)]
    if not chains:
        return re.search(rb"\.\s*timeout\s*\(", data) is not None
    return all(re.search(rb"\.\s*timeout\s*\(", chain) for chain in chains)


def request_lacks_timeout(match: MatchContext) -> bool:
    file = match.file
    if b"java.net.http" not in file.data:
        return False  # another library's `send`
    client, request = match.node("_client"), match.node("_request")
    if client is None or request is None:
        return False
    name = match.text(client).removeprefix("this.")
    if re.search(rb"\b" + re.escape(name.encode()) + rb"\s*=\s*HttpClient\s*\.\s*newHttpClient\s*\(", file.data):
        return False  # that client is reported where it is created
    verdict = _built_without_timeout(match, request)
    if verdict is True:
        match.message_args["what"] = "the request sent here has no `.timeout(...)`, so the response is awaited forever"
        return True
    if isinstance(verdict, list) and verdict:
        shown = ", ".join(f"{c}()" for c in verdict[:4]) + (", ..." if len(verdict) > 4 else "")
        match.message_args["what"] = (
            f"the requests {shown} hand{'s' if len(verdict) == 1 else ''} to this method have no `.timeout(...)`"
        )
        return True
    return False


def _built_without_timeout(match: MatchContext, request: tree_sitter.Node) -> bool | list[str] | None:
    """True when the request is built here without a timeout; the callers that pass such a request
    when it is the method's parameter; None when how it was built is not seen."""
    text = match.text(request)
    if _BUILT.search(text):
        return _TIMEOUT.search(text) is None
    if request.type != "identifier":
        return None
    method = enclosing(request, _METHODS)
    if method is None:
        return None
    before = match.file.data[method.start_byte : request.start_byte].decode("utf-8", "replace")
    name = re.escape(text)
    # `name = <chain>;` (Java) or `val name = <chain>` whose lines go on while they start with `.` (Kotlin).
    local = list(re.finditer(r"\b" + name + r"\s*=\s*((?:[^;\n]|\n\s*\.)*)", before))
    if local:
        value = local[-1].group(1)
        return _TIMEOUT.search(value) is None if _BUILT.search(value) else None
    flow = QueryFlow.for_file(match.file)
    if parameter_position(flow, method, text) is None:
        return None
    return _callers_without(match, flow, method, parameter_position(flow, method, text) or 0)


def _callers_without(match: MatchContext, flow: QueryFlow, method: tree_sitter.Node, position: int) -> list[str]:
    helper = function_name_of(flow, method)
    out: list[str] = []
    for call, _own in calls_to(flow, helper) if helper else []:
        arguments = call.child_by_field_name("arguments")
        values = [v for v in arguments.named_children if v.type != "comment"] if arguments is not None else []
        if position >= len(values):
            continue
        verdict = _built_without_timeout(match, values[position])
        caller = enclosing(call, _METHODS)
        if verdict is True:
            name = function_name_of(flow, caller) if caller is not None else None
            out.append(name or "a lambda")
    return out
