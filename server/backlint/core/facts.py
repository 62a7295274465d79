"""Facts a file's analysis read from other files, recorded so a cached result can be checked.

A few checks look past the file they analyse: whether the project sets an axios default timeout
somewhere (core/project.py), which functions of the same Go package report their own errors
(checks/errors/go.py). A cached result is valid only while those answers are still the same, so
each such lookup goes through `consulted`, which records (kind, key, answer) while a recording is
active, and `still_true` asks the same question again when the cache is read.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

# A fact as JSON can hold it: its kind, the question's arguments and the answer.
Fact = tuple[str, list[Any], Any]

_evaluators: dict[str, Callable[..., Any]] = {}
_Evaluator = TypeVar("_Evaluator", bound=Callable[..., Any])
_local = threading.local()  # the language server analyses on worker threads; one recording each


def evaluator(kind: str) -> Callable[[_Evaluator], _Evaluator]:
    """Declare the function that answers facts of `kind` (arguments and answer JSON-compatible)."""

    def register(function: _Evaluator) -> _Evaluator:
        _evaluators[kind] = function
        return function

    return register


def consulted(kind: str, *arguments: Any) -> Any:
    """Ask a cross-file question, and record the answer if a recording is active."""
    answer = _evaluators[kind](*arguments)
    recording: list[Fact] | None = getattr(_local, "recording", None)
    if recording is not None:
        recording.append((kind, list(arguments), answer))
    return answer


@contextlib.contextmanager
def recording() -> Iterator[list[Fact]]:
    """Every fact consulted inside the block, in order (each once)."""
    outer = getattr(_local, "recording", None)
    facts: list[Fact] = []
    _local.recording = facts
    try:
        yield facts
    finally:
        _local.recording = outer
        unique: list[Fact] = []
        for fact in facts:
            if fact not in unique:
                unique.append(fact)
        facts[:] = unique


def still_true(facts: list[Fact]) -> bool:
    """Whether every recorded fact has the same answer now. An unknown kind (a fact from another
    version) is never true."""
    for kind, arguments, answer in facts:
        function = _evaluators.get(kind)
        if function is None or function(*arguments) != answer:
            return False
    return True
