"""The Ruby grammar's node types the other modules read: comments, string literals, functions."""

from __future__ import annotations

_COMMENT = "comment"
_STRINGS = frozenset({"string", "chained_string", "heredoc_beginning"})
_FUNCTIONS = frozenset({"method", "singleton_method", "lambda"})
