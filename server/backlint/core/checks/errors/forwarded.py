"""HTTP options forwarded by a helper: `def get_json(url, **kwargs): return requests.get(url,
**kwargs)`. The call has a timeout exactly when the helper's callers pass one.

A reviewer wants one fix, in the helper (`kwargs.setdefault("timeout", 10)`), not one per caller,
so the finding stays on the helper's HTTP call and names the callers in this file that pass no
timeout. A helper with no caller in the file (used from elsewhere) stays unknown: no finding.
"""

from __future__ import annotations

import tree_sitter

from ...nodes import node_bytes
from ...sqlflow import QueryFlow
from ...sqlflow.callers import calls_to, function_name_of
from ..base import FileContext
from .common import enclosing


def describe(file: FileContext, call_part: tree_sitter.Node, callers: list[str], default: str) -> str:
    """`gets its timeout only from the callers of get_json(), and the one in rates() passes none:
    give get_json() a default (...)`. Callers are named by their function, which edits elsewhere in
    the file do not change (a line number would go stale between the editor's full passes)."""
    function = enclosing(call_part, ("function_definition", *_JS_FUNCTIONS))
    name = None
    if function is not None:
        name = function_name_of(QueryFlow.for_file(file), function) or _js_function_name(file, function)
    name = name or "its helper"
    shown = ", ".join(f"{c}()" if c != "module level" else c for c in callers[:4]) + (
        ", ..." if len(callers) > 4 else ""
    )
    which = f"the one in {shown} passes" if len(callers) == 1 else f"those in {shown} pass"
    return f"gets its timeout only from the callers of {name}(), and {which} none: give {name}() a default ({default})"


def _caller_name(file: FileContext, call: tree_sitter.Node) -> str:
    function = enclosing(call, ("function_definition", *_JS_FUNCTIONS))
    if function is None:
        return "module level"
    return function_name_of(QueryFlow.for_file(file), function) or _js_function_name(file, function) or "a callback"


def python_callers_without(file: FileContext, arguments: tree_sitter.Node, keyword: str) -> list[str] | None:
    """Where this file's calls to the enclosing function that pass neither
    `keyword=` nor a `**` splat, when the HTTP call's only splat is that function's own `**kwargs`
    parameter; None when that is not the shape or the function has no caller here."""
    splat = next((a for a in arguments.named_children if a.type == "dictionary_splat"), None)
    forwarded = splat.named_children[0] if splat is not None and splat.named_children else None
    function = enclosing(arguments, ("function_definition",))
    if forwarded is None or forwarded.type != "identifier" or function is None:
        return None
    parameters = function.child_by_field_name("parameters")
    own = [p for p in parameters.named_children if p.type == "dictionary_splat_pattern"] if parameters else []
    if not own or node_bytes(own[0]).lstrip(b"*") != node_bytes(forwarded):
        return None  # not the helper's own **kwargs handed on
    body = file.data[function.start_byte : arguments.start_byte]
    if keyword.encode() in body:
        return None  # the helper sets or checks it itself (`kwargs.setdefault("timeout", 10)`)
    flow = QueryFlow.for_file(file)
    name = function_name_of(flow, function)
    calls = calls_to(flow, name) if name is not None else []
    if not calls:
        return None
    lines = []
    for call, _own in calls:
        passed = call.child_by_field_name("arguments")
        values = passed.named_children if passed is not None else []
        keywords = {
            node_bytes(v.child_by_field_name("name") or v).decode() for v in values if v.type == "keyword_argument"
        }
        if keyword not in keywords and not any(v.type == "dictionary_splat" for v in values):
            lines.append(_caller_name(file, call))
    return lines


_JS_FUNCTIONS = ("function_declaration", "function_expression", "arrow_function", "method_definition")


def js_callers_without(file: FileContext, options: tree_sitter.Node, keys: tuple[str, ...]) -> list[str] | None:
    """For an HTTP call whose options are the enclosing function's own parameter (`fetch(url,
    options)`, `axios.get(url, { ...options })`): the lines of this file's calls to that function
    that pass no options, or an object literal with none of `keys` and no spread; None when that is
    not the shape or the function has no caller here. Callers are named as `_caller_name` does."""
    forwarded = options
    if forwarded.type == "object":
        spreads = [c for c in forwarded.named_children if c.type == "spread_element"]
        if len(spreads) != 1 or any(_js_key(file, c) in keys for c in forwarded.named_children):
            return None
        forwarded = spreads[0].named_children[0] if spreads[0].named_children else forwarded
    if forwarded.type != "identifier":
        return None
    function = enclosing(options, _JS_FUNCTIONS)
    flow = QueryFlow.for_file(file)
    if function is None:
        return None
    position = next(
        (i for i, p in enumerate(_js_parameters(function)) if _js_parameter_name(file, p) == file.text(forwarded)), None
    )
    name = _js_function_name(file, function)
    calls = calls_to(flow, name) if name is not None and position is not None else []
    if not calls or position is None:
        return None
    lines = []
    for call, _own in calls:
        passed = call.child_by_field_name("arguments")
        values = [v for v in passed.named_children if v.type != "comment"] if passed is not None else []
        value = values[position] if position < len(values) else None
        if value is None or (
            value.type == "object"
            and not any(c.type == "spread_element" or _js_key(file, c) in keys for c in value.named_children)
        ):
            lines.append(_caller_name(file, call))
    return lines


def _js_key(file: FileContext, pair: tree_sitter.Node) -> str | None:
    if pair.type == "shorthand_property_identifier":
        return file.text(pair)
    key = pair.child_by_field_name("key") if pair.type == "pair" else None
    return file.text(key).strip("'\"") if key is not None else None


def _js_parameters(function: tree_sitter.Node) -> list[tree_sitter.Node]:
    parameters = function.child_by_field_name("parameters") or function.child_by_field_name("parameter")
    if parameters is None:
        return []
    if parameters.type == "identifier":
        return [parameters]
    return [p for p in parameters.named_children if p.type != "comment"]


def _js_parameter_name(file: FileContext, parameter: tree_sitter.Node) -> str | None:
    if parameter.type == "identifier":
        return file.text(parameter)
    inner = parameter.child_by_field_name("pattern") or parameter.child_by_field_name("left")
    return file.text(inner) if inner is not None and inner.type == "identifier" else None


def _js_function_name(file: FileContext, function: tree_sitter.Node) -> str | None:
    name = function.child_by_field_name("name")
    if name is not None:
        return file.text(name)
    parent = function.parent  # `const getJson = async (url, options) => ...`
    if parent is not None and parent.type == "variable_declarator":
        declared = parent.child_by_field_name("name")
        return file.text(declared) if declared is not None else None
    return None
