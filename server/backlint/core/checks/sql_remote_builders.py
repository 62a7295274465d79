"""Builders in other files: `build_customer_search(name)` imported from queries.py returns SQL with
its `name` spliced in; a call of it, with a request value, handed to a function that runs its SQL,
is the injection. The summary of a file's builders is a fact (core/facts.py), like its runners'."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import tree_sitter

from .. import facts
from ..model import Point, Related, Span
from .base import FileContext
from .other_files import SummaryKey, cached_summary, parsed
from .sql_builders import _builder, _functions_by_name
from .sql_imports import imported_candidates

_SUMMARIES: dict[SummaryKey, list[list[Any]]] = {}


@dataclass(frozen=True)
class RemoteBuilder:
    path: str
    name: str
    spliced: dict[int, str]  # parameter position -> its name
    takes_self: bool
    span: list[int]  # where it builds the SQL: start byte, end byte, start line/column, end line/column
    names: frozenset[int] = frozenset()  # positions spliced only where a name goes (see sql_builders)


def imported_builder(file: FileContext, callee: str, receiver: str | None) -> RemoteBuilder | None:
    """The builder another file of the project defines under the name this call uses, if any."""
    for path, name in imported_candidates(file, callee, receiver):
        for entry in facts.consulted("sql-builders", path):
            if entry[0] == name:
                names = frozenset(int(k) for k in entry[4]) if len(entry) > 4 else frozenset()
                return RemoteBuilder(path, name, {int(k): v for k, v in entry[1]}, bool(entry[2]), entry[3], names)
    return None


def relate_builder(file: FileContext, related: list[Related], builder: RemoteBuilder, message: str) -> None:
    start_byte, end_byte, start_line, start_column, end_line, end_column = builder.span
    span = Span(start_byte, end_byte, Point(start_line, start_column), Point(end_line, end_column))
    # Paths as the user gave theirs: relative when the checked file's is (the CLI), absolute otherwise.
    path = builder.path if os.path.isabs(file.path) else os.path.relpath(builder.path)
    related.append(Related(span, message, path))


@facts.evaluator("sql-builders")
def builders_in(path: str) -> list[list[Any]]:
    """The builders of the file at `path`, as JSON: [name, [[position, parameter]...], takes_self, span,
    [name-only positions]].
    An open editor's unsaved text of the file is read instead of the disk."""
    return cached_summary(_SUMMARIES, path, _summarise)


def _summarise(path: str, size: int, data: bytes | None) -> list[list[Any]]:
    other = parsed(path, size, data)
    if other is None:
        return []
    from ..sqlflow import QueryFlow  # the flow analysis, only when another file asks

    flow = QueryFlow.for_file(other)
    out = []
    for name, functions in _functions_by_name(other, flow).items():
        for function in functions:
            found = _builder(flow, function, name)
            if found is not None:
                span = other.span(found.returned)
                out.append(
                    [
                        name,
                        sorted([position, parameter] for position, parameter in found.spliced.items()),
                        found.takes_self,
                        [
                            span.start_byte,
                            span.end_byte,
                            span.start.line,
                            span.start.column,
                            span.end.line,
                            span.end.column,
                        ],
                        sorted(found.names),
                    ]
                )
                break
    return out


def called_name(file: FileContext, call: tree_sitter.Node) -> tuple[str, str | None] | None:
    """(function, receiver) of `f(...)`, `module.f(...)`, `pkg.F(...)`; None for anything else."""
    if call.type == "method_invocation":  # Java: `SqlBuilders.searchByName(name)`
        name, target = call.child_by_field_name("name"), call.child_by_field_name("object")
        if name is None:
            return None
        if target is None:
            return file.text(name), None
        return (file.text(name), file.text(target)) if target.type == "identifier" else None
    function = call.child_by_field_name("function")
    if function is None:
        return None
    if function.type in ("identifier", "simple_identifier"):
        return file.text(function), None
    if function.type in ("attribute", "member_expression", "selector_expression"):
        target = (
            function.child_by_field_name("object")
            or function.child_by_field_name("operand")
            or function.child_by_field_name("value")
        )
        name = (
            function.child_by_field_name("attribute")
            or function.child_by_field_name("property")
            or function.child_by_field_name("field")
        )
        if target is not None and name is not None and target.type == "identifier":
            return file.text(name), file.text(target)
    return None
