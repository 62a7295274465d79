"""Functions whose every return value is text their own code chose: `order_by_clause(sort_key)` that
returns "ORDER BY " + one of its own columns, `positionalList(n)` that writes `$1, $2, ...`. A call
of one, here or from another file of the project, splices nothing a caller controls into the SQL.

Whether another file's function is one is a fact (core/facts.py), asked per name, so a cached result
is checked again when that file changes. A function that returns one of its parameters, or anything
the flow cannot read, is not one.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import tree_sitter

from .. import facts
from ..sqlflow import CONST, NUMERIC, SAFE, QueryFlow
from ..sqlflow.classify import register_fixed_return_resolver
from .base import FileContext
from .other_files import MAX_CACHED, MAX_SUMMARISED_BYTES, SummaryKey, parsed, summary_key
from .sql_builders import _functions_by_name, _returned_values
from .sql_imports import imported_candidates
from .sql_remote_builders import called_name

_FIXED = frozenset({CONST, SAFE, NUMERIC})
_OWN_RECEIVERS = frozenset({"self", "this", "cls", "static", "$this"})
_ANSWERS: dict[SummaryKey, dict[str, bool]] = {}  # per version of a file: function name -> fixed
_PARSED: dict[str, FileContext] = {}  # the last files parsed for an answer, by path
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
            facts.consulted("sql-fixed-return", path, remote)
            for path, remote in imported_candidates(file, name, receiver)
        )
    cache[key] = found
    return found


def _fixed_returns(flow: QueryFlow, function: tree_sitter.Node) -> bool:
    returned = _returned_values(flow, function)
    return bool(returned) and all(flow.classify(value)[0] in _FIXED for value in returned)


@facts.evaluator("sql-fixed-return")
def fixed_return_in(path: str, name: str) -> bool:
    """Whether the file at `path` defines `name` and its every return is fixed text. Worked out per
    name, and the file parsed only when its text mentions it: a Go call asks every file of its package."""
    found = summary_key(path)
    if found is None:
        return False
    key, data = found
    answers = _ANSWERS.setdefault(key, {})
    if name in answers:
        return answers[name]
    busy: set[str] = getattr(_summarising, "paths", set())
    if path in busy:
        return False  # asked again while working this file out (helpers in a circle)
    busy.add(path)
    _summarising.paths = busy
    try:
        answers[name] = _answer(path, key[2], data, name)
    finally:
        busy.discard(path)
    if len(_ANSWERS) > MAX_CACHED:
        _ANSWERS.clear()
    return answers[name]


def _answer(path: str, size: int, data: bytes | None, name: str) -> bool:
    if data is None:
        try:
            data = Path(path).read_bytes() if size <= MAX_SUMMARISED_BYTES else b""
        except OSError:
            return False
    if name.encode() not in data:
        return False
    other = _PARSED.get(path)
    if other is None or other.data != data:
        other = parsed(path, size, data)
        if other is None:
            return False
        if len(_PARSED) > 64:
            _PARSED.clear()
        _PARSED[path] = other
    flow = QueryFlow.for_file(other)
    functions = _functions_by_name(other, flow).get(name, [])
    return bool(functions) and all(_fixed_returns(flow, function) for function in functions)
