"""Functions whose every return value is text their own code chose: `order_by_clause(sort_key)` that
returns "ORDER BY " + one of its own columns, `positionalList(n)` that writes `$1, $2, ...`. A call
of one, here or from another file of the project, splices nothing a caller controls into the SQL.

A file's such functions are a summary fact (core/facts.py), like its runners and builders, so a cached
result is checked again when the other file changes. A function that returns one of its parameters,
or anything the flow cannot read, is not one.
"""

from __future__ import annotations

import threading
from typing import Any

import tree_sitter

from .. import facts
from ..sqlflow import CONST, NUMERIC, SAFE, QueryFlow
from ..sqlflow.classify import register_fixed_return_resolver
from .other_files import SummaryKey, cached_summary, parsed
from .sql_builders import _functions_by_name, _returned_values
from .sql_imports import imported_candidates
from .sql_remote_builders import called_name

_FIXED = frozenset({CONST, SAFE, NUMERIC})
_OWN_RECEIVERS = frozenset({"self", "this", "cls", "static", "$this"})
_SUMMARIES: dict[SummaryKey, list[list[Any]]] = {}
_summarising = threading.local()  # files being summarised on this thread: imports in a circle end


@register_fixed_return_resolver
def returns_fixed_text(flow: QueryFlow, call: tree_sitter.Node) -> bool:
    """Whether `call` is to a function of this file or of the project whose returns are all fixed text."""
    file: Any = flow.file
    if not hasattr(file, "path"):
        return False
    named = called_name(file, call)
    if named is None:
        return False
    name, receiver = named
    cache: dict[tuple[str, str | None], bool] = file.cache.setdefault("sql_fixed_returns", {})
    key = (name, receiver)
    if key in cache:
        return cache[key]
    cache[key] = False  # asked again while working it out (recursion): not known to be fixed
    found = False
    if receiver is None or receiver in _OWN_RECEIVERS:
        functions = _functions_by_name(file, flow).get(name, [])
        found = bool(functions) and all(_fixed_returns(flow, function) for function in functions)
    if not found and (receiver is None or receiver not in _OWN_RECEIVERS):
        found = any(
            [remote] in facts.consulted("sql-fixed-returns", path)
            for path, remote in imported_candidates(file, name, receiver)
        )
    cache[key] = found
    return found


def _fixed_returns(flow: QueryFlow, function: tree_sitter.Node) -> bool:
    returned = _returned_values(flow, function)
    return bool(returned) and all(flow.classify(value)[0] in _FIXED for value in returned)


@facts.evaluator("sql-fixed-returns")
def fixed_returns_in(path: str) -> list[list[str]]:
    """The functions of the file at `path` whose every return is fixed text, as [[name], ...]."""
    busy: set[str] = getattr(_summarising, "paths", set())
    if path in busy:
        return []
    busy.add(path)
    _summarising.paths = busy
    try:
        return cached_summary(_SUMMARIES, path, _summarise)
    finally:
        busy.discard(path)


def _summarise(path: str, size: int, data: bytes | None) -> list[list[Any]]:
    other = parsed(path, size, data)
    if other is None:
        return []
    flow = QueryFlow.for_file(other)
    return sorted(
        [name]
        for name, functions in _functions_by_name(other, flow).items()
        if all(_fixed_returns(flow, function) for function in functions)
    )
